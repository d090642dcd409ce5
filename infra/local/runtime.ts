// The whole system on one machine, on loopback: DynamoDB Local, s3rver,
// MailDev, the workflow engine and its Step Functions endpoint, the virtual
// clock, and the HTTP server that plays API Gateway for the same handlers the
// CDK stack deploys. `npm start` runs it; the tests start it the same way.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { setClockSource } from '../../shared/clock.ts';
import { newSecret, secretMatches, sha256 } from '../../shared/ids.ts';
import { VirtualClock, parseDuration } from './clock.ts';
import { AWS_CALLS_FILE, recordAwsCalls } from './aws-calls.ts';
import { tokenIssuer } from './callbacks.ts';
import { startDynamoDbLocal } from './emulators/dynamodb.ts';
import { startMailDev } from './emulators/mail.ts';
import { assertPortFree, LocalRuntimeError } from './emulators/ports.ts';
import { LOCAL_CREDENTIALS, startS3Local } from './emulators/s3.ts';
import { startHttpServer, type LocalRoute } from './http-server.ts';
import { inFlight, invoke, preloadAll } from './lambda.ts';
import { meter, report } from './meter.ts';
import { LocalScheduler } from './scheduler.ts';
import { startSfnEndpoint } from './sfn-endpoint.ts';
import { ensureTable } from './table.ts';
import { LocalWorkflows, localStateMachineArn } from './workflows.ts';

export interface Ports {
  api: number;
  dynamodb: number;
  s3: number;
  smtp: number;
  mailWeb: number;
  sfn: number;
}

/** Default ports, each overridable by the environment variable beside it. */
export const PORT_SETTINGS: Record<keyof Ports, { envVar: string; fallback: number; what: string }> = {
  api: { envVar: 'PORT', fallback: 3000, what: 'the API and web pages' },
  dynamodb: { envVar: 'DYNAMODB_PORT', fallback: 8000, what: 'DynamoDB Local' },
  s3: { envVar: 'S3_PORT', fallback: 4569, what: 'the S3 emulator' },
  smtp: { envVar: 'SMTP_PORT', fallback: 1025, what: 'the SMTP server (MailDev)' },
  mailWeb: { envVar: 'MAIL_WEB_PORT', fallback: 1080, what: 'the MailDev inbox' },
  sfn: { envVar: 'SFN_PORT', fallback: 8083, what: 'the Step Functions endpoint' },
};

export function portsFromEnv(env: NodeJS.ProcessEnv = process.env): Ports {
  return Object.fromEntries(
    Object.entries(PORT_SETTINGS).map(([key, { envVar, fallback }]) => {
      const raw = env[envVar];
      const port = raw === undefined || raw === '' ? fallback : Number(raw);
      if (!Number.isInteger(port) || port < 1 || port > 65535) {
        throw new LocalRuntimeError(`${envVar}=${raw} is not a valid port (1-65535).`);
      }
      return [key, port];
    }),
  ) as unknown as Ports;
}

export interface LocalSystem {
  urls: { api: string; web: string; mailWeb: string; dynamodb: string; s3: string };
  adminToken: string;
  /** The second secretariat member's token (four eyes). */
  financeToken: string;
  dataDir: string;
  clock: VirtualClock;
  workflows: LocalWorkflows;
  stop(): Promise<void>;
}

export const TABLE_NAME = 'grants';
export const BUCKET_NAME = 'grants-documents';

/**
 * The local secretariat: two members, so that four-eyes rules can be tried
 * (the one who accepts a report cannot also approve the release of the money).
 * Each has a token kept in the data folder: `admin-token` (the programme
 * officer) and `admin-token-finance` (the finance officer).
 */
export const LOCAL_SECRETARIAT = [
  { file: 'admin-token', identity: 'officer@trustfund.local' },
  { file: 'admin-token-finance', identity: 'finance@trustfund.local' },
] as const;

function adminToken(dataDir: string, name = 'admin-token'): string {
  const file = join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const token = newSecret();
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}

export async function startLocalSystem(options: { dataDir: string; ports: Ports }): Promise<LocalSystem> {
  const dataDir = resolve(options.dataDir);
  const { ports } = options;
  mkdirSync(dataDir, { recursive: true });
  for (const [key, port] of Object.entries(ports) as [keyof Ports, number][]) {
    await assertPortFree(port, PORT_SETTINGS[key].what, PORT_SETTINGS[key].envVar);
  }

  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    const apiUrl = `http://127.0.0.1:${ports.api}`;
    const [dynamo, s3, mail] = await Promise.all([
      startDynamoDbLocal({ port: ports.dynamodb, dataDir: join(dataDir, 'dynamodb'), envVar: PORT_SETTINGS.dynamodb.envVar }),
      startS3Local({
        port: ports.s3,
        dataDir: join(dataDir, 's3'),
        buckets: [BUCKET_NAME],
        corsAllowedOrigins: [apiUrl, `http://localhost:${ports.api}`],
        envVar: PORT_SETTINGS.s3.envVar,
      }),
      startMailDev({
        mailDirectory: join(dataDir, 'mail'),
        smtpPort: ports.smtp,
        webPort: ports.mailWeb,
        envVarSmtp: PORT_SETTINGS.smtp.envVar,
        envVarWeb: PORT_SETTINGS.mailWeb.envVar,
      }),
    ]);
    stops.push(dynamo.stop, s3.stop, mail.stop);

    const token = adminToken(dataDir);
    const members = LOCAL_SECRETARIAT.map((m) => ({ ...m, token: adminToken(dataDir, m.file) }));
    // The handlers read their configuration from the environment, as on Lambda.
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_ENDPOINT_URL_SFN: `http://127.0.0.1:${ports.sfn}`,
      AWS_ENDPOINT_URL_SCHEDULER: `http://127.0.0.1:${ports.sfn}`,
      MILESTONE_STATE_MACHINE_ARN: localStateMachineArn('milestone'),
      SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/local-scheduler',
      SCHEDULE_GROUP: 'grants',
      TABLE_NAME,
      BUCKET_NAME,
      INTAKE_STATE_MACHINE_ARN: localStateMachineArn('intake'),
      CALL_STATE_MACHINE_ARN: localStateMachineArn('call'),
      MAIL_FROM: 'Trust Fund secretariat <grants@trustfund.local>',
      SECRETARIAT_EMAIL: 'secretariat@trustfund.local',
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: `smtp://127.0.0.1:${mail.smtpPort}`,
      PUBLIC_BASE_URL: apiUrl,
      ADMIN_TOKEN_SHA256: sha256(token),
      ADMIN_TOKENS: JSON.stringify(Object.fromEntries(members.map((m) => [sha256(m.token), m.identity]))),
      POWERTOOLS_SERVICE_NAME: 'grants-local',
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    });

    // Every AWS call of the handlers, checked against what the API accepts and recorded as IAM sees it (test/iam compares it with the template).
    recordAwsCalls(join(dataDir, AWS_CALLS_FILE), tokenIssuer);

    await ensureTable(new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS }), TABLE_NAME);

    const clock = new VirtualClock(dataDir);
    setClockSource(clock.now);

    await preloadAll();
    const workflows = new LocalWorkflows(dataDir, { now: clock.now, onAdvance: (listener) => clock.onAdvance(listener) });
    const scheduler = new LocalScheduler(dataDir, clock.now, (arn, name, input) => void workflows.startExecution(arn, name, input));
    const sfn: Server = await startSfnEndpoint(workflows, ports.sfn, scheduler);
    stops.push(() => new Promise((done) => sfn.close(() => done())));
    stops.push(() => workflows.stop());

    const s3Admin = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS, forcePathStyle: true });
    const http = await startHttpServer(ports.api, localOnlyRoutes(clock, token, workflows, scheduler, () => objectSizes(s3Admin, BUCKET_NAME)));
    stops.push(
      () =>
        new Promise((done) => {
          http.closeAllConnections();
          http.close(() => done());
        }),
    );

    // The fund's clock tick (EventBridge Scheduler on AWS): at every move of the virtual clock, and every minute.
    const tick = () =>
      invoke('tick', {}).catch((error: Error) => console.error(`[tick] ${error.name}: ${error.message}`));
    clock.onAdvance(async () => {
      await scheduler.fireDue();
      await tick();
    });
    const ticker = setInterval(() => void scheduler.fireDue().then(tick), 60_000);
    ticker.unref();
    stops.push(async () => clearInterval(ticker));

    const resumed = workflows.resumeInterrupted();
    if (resumed > 0) console.log(`Resumed ${resumed} workflow execution(s) interrupted by the last stop.`);
    // Schedules whose time passed while the runtime was down fire now.
    await scheduler.fireDue();

    return {
      urls: { api: apiUrl, web: `${apiUrl}/`, mailWeb: mail.webUrl, dynamodb: dynamo.endpoint, s3: s3.endpoint },
      adminToken: token,
      financeToken: members[1]!.token,
      dataDir,
      clock,
      workflows,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * Endpoints that exist only on the local runtime (never in the manifest, so
 * never on AWS): health, the virtual clock, the workflow executions, and
 * the meter of what AWS would bill (infra/local/meter.ts; DELETE resets it).
 */
function localOnlyRoutes(
  clock: VirtualClock,
  token: string,
  workflows: LocalWorkflows,
  scheduler: LocalScheduler,
  sizes: () => Promise<Map<string, number>>,
): Record<string, LocalRoute> {
  const requireAdmin = (authorization: string | undefined) => {
    const presented = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    return presented !== undefined && secretMatches(presented, sha256(token));
  };
  const unauthorised = { status: 401, body: { error: { code: 'UNAUTHORIZED', message: 'A valid secretariat token is required.' } } };
  const clockState = () => ({ now: new Date(clock.now()).toISOString(), offsetMs: clock.offset });
  return {
    'GET /local/health': async () => ({ status: 200, body: { ok: true } }),
    'GET /local/clock': async () => ({ status: 200, body: clockState() }),
    'POST /local/clock': async (req, body) => {
      if (!requireAdmin(req.headers.authorization)) return unauthorised;
      let input: { advanceBy?: unknown; to?: unknown };
      try {
        input = JSON.parse(body.toString('utf8') || '{}') as typeof input;
      } catch {
        return invalid('(body)', 'is not well-formed JSON');
      }
      if (typeof input.advanceBy === 'string') {
        const ms = parseDuration(input.advanceBy);
        if (ms === undefined) return invalid('advanceBy', 'must be an ISO 8601 duration such as P7D or PT12H');
        await advanceThroughSchedules(clock, scheduler, new Date(clock.now() + ms));
      } else if (typeof input.to === 'string' && !Number.isNaN(Date.parse(input.to))) {
        if (Date.parse(input.to) < clock.now()) return invalid('to', 'must not be in the past: the clock only moves forward');
        await advanceThroughSchedules(clock, scheduler, new Date(input.to));
      } else {
        return invalid('(body)', 'give either advanceBy (an ISO 8601 duration) or to (a date-time)');
      }
      return { status: 200, body: clockState() };
    },
    'GET /local/schedules': async (req) => {
      if (!requireAdmin(req.headers.authorization)) return unauthorised;
      return { status: 200, body: scheduler.list().map(({ name, at }) => ({ name, at })) };
    },
    'GET /local/meter': async (req) => {
      if (!requireAdmin(req.headers.authorization)) return unauthorised;
      return { status: 200, body: report(meter.read(), await sizes()) };
    },
    'DELETE /local/meter': async (req) => {
      if (!requireAdmin(req.headers.authorization)) return unauthorised;
      meter.reset();
      return { status: 200, body: { since: meter.read().since } };
    },
    'GET /local/executions': async (req) => {
      if (!requireAdmin(req.headers.authorization)) return unauthorised;
      return {
        status: 200,
        body: workflows.list().map(({ name, stateMachine, status, startDate, stopDate, error }) => ({
          name,
          stateMachine,
          status,
          startDate,
          stopDate,
          error,
        })),
      };
    },
  };
}

const invalid = (path: string, message: string) => ({
  status: 400,
  body: { error: { code: 'VALIDATION_FAILED', message: 'The request is not valid.', details: [{ path, message }] } },
});

/**
 * Moves the clock to `target` stopping at each schedule on the way, so that a
 * long jump (months of a grant) runs every milestone in order, as the days
 * would: at each stop the due schedules fire and the tick runs, and the
 * system settles (no handler running) before time moves on.
 */
async function advanceThroughSchedules(clock: VirtualClock, scheduler: LocalScheduler, target: Date): Promise<void> {
  for (let stops = 0; stops < 1000; stops++) {
    const next = scheduler.next();
    if (!next || next.getTime() > target.getTime()) break;
    if (next.getTime() > clock.now()) await clock.advanceTo(next);
    else await scheduler.fireDue();
    await settled();
  }
  if (target.getTime() > clock.now()) await clock.advanceTo(target);
  await settled();
}

/** Waits (bounded: 10 s) until no handler has run for a moment: the steps started by a clock move are done or waiting for people. */
async function settled(): Promise<void> {
  const until = Date.now() + 10_000;
  let quiet = 0;
  while (quiet < 3 && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 30));
    quiet = inFlight() === 0 ? quiet + 1 : 0;
  }
}

/** Every object of the bucket and its size (the meter's view of storage; bounded: 100 pages of 1,000). */
async function objectSizes(client: S3Client, bucket: string): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  let token: string | undefined;
  for (let page = 0; page < 100; page++) {
    const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const object of listed.Contents ?? []) if (object.Key) sizes.set(object.Key, object.Size ?? 0);
    if (!listed.IsTruncated) break;
    token = listed.NextContinuationToken;
  }
  return sizes;
}
