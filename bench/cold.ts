// Cold starts: for each Lambda its bundle (as deployed, infra/bundling.ts,
// source map trimmed and the functions' NODE_OPTIONS set) run in a fresh
// `node` process for one invocation, against a bare `node -e 0`.
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { esbuildOptions, LAMBDA_NODE_OPTIONS, trimSourceMap } from '../infra/bundling.ts';
import { handlers, type HandlerName } from '../infra/manifest.ts';
import { LOCAL_CREDENTIALS } from '../infra/local/emulators/s3.ts';
import type { SpawnedSystem } from '../infra/local/spawn.ts';
import { api, apply, KINDS, median, timeProcess, waitForDecision } from './common.ts';

const root = resolve(import.meta.dirname, '..');
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 11);

/** What every bench of the handlers needs: one real application to read, the environment of a Lambda, and one event per handler. */
export async function benchFixtures(system: SpawnedSystem) {
  // One real application gives the handlers something to read.
  const now = (await api(system, '/local/clock')).now as string;
  const call = await api(system, '/admin/calls', {
    token: system.adminToken,
    body: { title: 'Bench call', budgetUsd: 10_000_000, opensAt: new Date(Date.parse(now) - 86_400_000).toISOString(), closesAt: new Date(Date.parse(now) + 90 * 86_400_000).toISOString() },
  });
  const app = await apply(system, call.callId, 0);
  const decided = await waitForDecision(system, app);

  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    // As deployed (infra/constructs/handler-function.ts).
    NODE_OPTIONS: LAMBDA_NODE_OPTIONS,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: system.dynamodbUrl,
    AWS_ENDPOINT_URL_S3: system.s3Url,
    AWS_ENDPOINT_URL_SFN: 'http://127.0.0.1:9',
    TABLE_NAME: 'grants',
    BUCKET_NAME: 'grants-documents',
    INTAKE_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:intake',
    CALL_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:call',
    MAIL_FROM: 'bench@example.org',
    MAIL_TRANSPORT: 'ses',
    SECRETARIAT_EMAIL: 'bench@example.org',
    MILESTONE_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:milestone',
    SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/bench',
    SCHEDULE_GROUP: 'bench',
    PUBLIC_BASE_URL: system.apiUrl,
    ADMIN_TOKEN_SHA256: '0'.repeat(64),
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  };
  const http = (routeKey: string, rawPath: string, extra: Record<string, unknown> = {}) => ({
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: '',
    headers: { host: '127.0.0.1' },
    requestContext: { domainName: '127.0.0.1', http: { method: routeKey.split(' ')[0], path: rawPath } },
    isBase64Encoded: false,
    ...extra,
  });
  const sampleFacts = {
    submittedAt: new Date().toISOString(),
    call: { opensAt: '2026-01-01T00:00:00Z', closesAt: '2030-01-01T00:00:00Z', maxGrantUsd: 60000, minGrantUsd: 0, maxDurationMonths: 36, minYearsExperience: 1, maxOperationalShare: 0.1, actionLines: ['protection'], priorityContexts: [{ context: 'armed-conflict', points: 10 }] },
    organisation: { type: 'ngo', legallyRegistered: true, yearsAssistingVictims: 5 },
    project: { directAssistance: true, durationMonths: 24, actionLines: ['protection'], countries: ['NG'], contexts: [] },
    budget: { requestedUsd: 50000, lines: [{ category: 'direct-assistance', amountUsd: 50000 }] },
    documents: KINDS.map((kind) => ({ kind, status: 'verified' })),
    overdueReports: 0,
  };
  const events: Record<HandlerName, unknown> = {
    'api-admin': http('GET /admin/calls', '/admin/calls'),
    'api-public': http('GET /calls/{callId}', `/calls/${call.callId}`, { pathParameters: { callId: call.callId } }),
    'api-applications': http('GET /applications/{applicationId}', `/applications/${app.applicationId}`, {
      pathParameters: { applicationId: app.applicationId },
      headers: { host: '127.0.0.1', authorization: `Bearer ${app.accessToken}` },
    }),
    // A wrong token: the handler loads, reads the table and answers 404, withdrawing nothing.
    'application-withdraw': http('POST /applications/{applicationId}/withdraw', `/applications/${app.applicationId}/withdraw`, {
      pathParameters: { applicationId: app.applicationId },
      headers: { host: '127.0.0.1', authorization: `Bearer ${'x'.repeat(43)}` },
    }),
    // An unknown link: the handler loads, looks the link up and answers its 404 page.
    org: http('GET /org/{ref}', '/org/x', { pathParameters: { ref: 'A'.repeat(43) } }),
    web: http('GET /', '/'),
    'intake-load': { applicationId: app.applicationId },
    'intake-eligibility': { facts: sampleFacts },
    'intake-priority': { facts: sampleFacts },
    'intake-store': { applicationId: app.applicationId, eligibility: decided.eligibility, priority: decided.priority },
    'intake-notify': { applicationId: app.applicationId },
    // Review steps on a call that is not closed: each loads, reads the table, and answers or throws as it would.
    'call-assign': { callId: call.callId },
    'call-rank': { callId: call.callId },
    'review-load': { callId: call.callId, applicationId: app.applicationId },
    'review-request': { taskToken: 'bench', callId: call.callId, applicationId: app.applicationId, reviewerId: 'nobody', timeoutSeconds: 60, deadline: new Date(Date.now() + 60_000).toISOString() },
    'review-reassign': { callId: call.callId, applicationId: app.applicationId, reviewerId: 'nobody', error: 'ReviewDeclined' },
    'review-finish': { callId: call.callId, applicationId: app.applicationId },
    'review-invite': { callId: call.callId },
    'reviewer-page': http('GET /reviewer/{ref}', '/reviewer/x', { pathParameters: { ref: 'A'.repeat(43) } }),
    // Without a token the handler answers 401, after loading as it would.
    'review-handover': http('POST /admin/calls/{callId}/reassign', `/admin/calls/${call.callId}/reassign`, { pathParameters: { callId: call.callId } }),
    tick: {},
    // Board steps on a call without a slate: each loads, reads the table, and answers or throws as it would.
    'call-await-slate': { taskToken: 'bench', callId: 'no-such-call' },
    'slate-submit': http('POST /admin/calls/{callId}/slate/submit', `/admin/calls/${call.callId}/slate/submit`, { pathParameters: { callId: call.callId } }),
    'vote-open': { callId: call.callId },
    'ballot-request': { taskToken: 'bench', callId: call.callId, trusteeId: 'nobody', timeoutSeconds: 60 },
    'ballot-answer': http('GET /ballot/{ref}', '/ballot/x', { pathParameters: { ref: 'A'.repeat(43) } }),
    // An unknown ballot link: the handler loads (pdfkit and exceljs are imported on first use), reads the table and answers 404.
    documents: http('GET /ballot/{ref}/pack.pdf', '/ballot/x/pack.pdf', { pathParameters: { ref: 'A'.repeat(43) } }),
    'call-decide': { callId: call.callId },
    'call-notify': { callId: call.callId },
    // Grant steps on a grant that does not exist: each loads, reads the table, and answers or throws as it would.
    'milestone-load': { grantId: 'G-none', milestone: 'report-1' },
    'report-request': { taskToken: 'bench', grantId: 'G-none', report: 1, timeoutSeconds: 60 },
    'report-overdue': { grantId: 'G-none', report: 1 },
    'report-await-review': { taskToken: 'bench', grantId: 'G-none', report: 1 },
    'tranche-release': { grantId: 'G-none', tranche: 1 },
    'report-answer': http('GET /report/{ref}', '/report/x', { pathParameters: { ref: 'A'.repeat(43) } }),
    'question-answer': http('GET /question/{ref}', '/question/x', { pathParameters: { ref: 'A'.repeat(43) } }),
    dashboard: http('GET /signin', '/signin'),
    'dashboard-actions': http('POST /dashboard/reports/{reportId}/review', '/dashboard/reports/x/review', { pathParameters: { reportId: 'x' } }),
    'report-review': http('POST /admin/reports/{reportId}/review', '/admin/reports/x/review', { pathParameters: { reportId: 'x' } }),
  };

  return { env, events };
}

export interface Bundle {
  name: HandlerName;
  dir: string;
  kib: number;
}

/** Bundles every handler as deployed (infra/bundling.ts) into `work/<name>/index.mjs`, with its event and a one-invocation runner. */
export async function bundleHandlers(work: string, events: Record<HandlerName, unknown>): Promise<Bundle[]> {
  const names = Object.keys(handlers) as HandlerName[];
  const bundles: Bundle[] = [];
  for (const name of names) {
    const dir = join(work, name);
    mkdirSync(dir, { recursive: true });
    await build({
      ...esbuildOptions(),
      entryPoints: [resolve(root, handlers[name].entry)],
      outfile: join(dir, 'index.mjs'),
      logLevel: 'error',
    });
    trimSourceMap(join(dir, 'index.mjs.map'));
    // The event is written into the runner: an ESM import of node:fs (to read it) would load fs streams too, a cost of the runner, not of the handler.
    const head = `const { handler } = await import('./index.mjs');
const event = ${JSON.stringify(events[name])};
const context = { functionName: ${JSON.stringify(name)}, awsRequestId: 'bench', getRemainingTimeInMillis: () => 30000 };
`;
    writeFileSync(
      join(dir, 'invoke.mjs'),
      `${head}// A step that throws on this data (a call not closed) has still loaded and run: that is the cold start measured.
const result = await handler(event, context).catch((error) => ({ thrown: error.name }));
if (result && result.statusCode >= 500) { console.error(result.body); process.exit(1); }
`,
    );
    // The warm latency (bench/warm.ts): the cold invocation, then WARM_RUNS more in the same process, each timed.
    writeFileSync(
      join(dir, 'warm.mjs'),
      `${head}const invoke = () => handler(event, context).catch((error) => ({ thrown: error.name }));
const first = await invoke();
if (first && first.statusCode >= 500) { console.error(first.body); process.exit(1); }
const times = [];
for (let i = 0; i < Number(process.env.WARM_RUNS ?? 50); i++) {
  const started = performance.now();
  await invoke();
  times.push(performance.now() - started);
}
console.log(JSON.stringify(times));
`,
    );
    bundles.push({ name, dir, kib: statSync(join(dir, 'index.mjs')).size / 1024 });
  }

  return bundles;
}

/** Prints the cold-start table; returns the bundles and their environment for the warm bench (bench/warm.ts). */
export async function coldStarts(system: SpawnedSystem, work: string): Promise<{ env: NodeJS.ProcessEnv; bundles: Bundle[] }> {
  const { env, events } = await benchFixtures(system);
  const bundles = await bundleHandlers(work, events);
  const names = bundles.map((b) => b.name);
  const bare: number[] = [];
  const runs = new Map<HandlerName, number[]>(names.map((n) => [n, []]));
  // Interleave bare and handler runs so that machine noise hits both alike.
  timeProcess(['-e', '0'], env);
  for (let i = 0; i < COLD_RUNS; i++) {
    bare.push(timeProcess(['-e', '0'], env));
    for (const { name, dir } of bundles) runs.get(name)!.push(timeProcess([join(dir, 'invoke.mjs')], env));
  }
  const bareMedian = median(bare);
  console.log(`\nCold start (median of ${COLD_RUNS} fresh processes; bare \`node -e 0\`: ${bareMedian.toFixed(1)} ms; Node ${process.version})\n`);
  console.log('handler              bundle KiB   cold ms   ratio   target <= 2.0');
  for (const { name, kib } of bundles) {
    const ms = median(runs.get(name)!);
    const ratio = ms / bareMedian;
    console.log(`${name.padEnd(20)} ${kib.toFixed(1).padStart(10)} ${ms.toFixed(1).padStart(9)} ${ratio.toFixed(2).padStart(7)}   ${ratio <= 2 ? 'ok' : 'OVER'}`);
  }
  return { env, bundles };
}

