// The secretariat's API and pages against ID tokens issued by cognito-local,
// an emulator of the Cognito user pools API, on 127.0.0.1 on a free port,
// started and stopped here in a temporary folder (its database and config;
// deleted after). Members are created with AdminCreateUser and sign in with
// InitiateAuth (USER_PASSWORD_AUTH, then the new-password challenge as at a
// first sign-in). The handlers run in Cognito mode, as the stack configures
// them, with the code and library they run on AWS (shared/http/auth.ts,
// aws-jwt-verify), the keys being the emulator's JWKS. The JWT authorizer
// that API Gateway puts in front of /admin is played here, with the same
// library and the rules AWS documents for it (signature by a key of the
// issuer's JWKS, issuer, `aud` or `client_id` in the audience, expiry);
// the handler then trusts its claims as on AWS. The data is the test
// system's DynamoDB Local.
//
// What cognito-local cannot show: it signs every pool's tokens with one key
// (a foreign pool's token is refused for its issuer here, on AWS for its key
// too), and its pool ids are `local_…`, which aws-jwt-verify refuses: the
// pools are made with AWS-style ids from their database files.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { freePort } from '../../infra/local/emulators/ports.ts';
import { LOCAL_CREDENTIALS } from '../../infra/local/emulators/s3.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const REGION = 'eu-west-1';
const POOL = `${REGION}_Secretar1`;
const FOREIGN_POOL = `${REGION}_Elsewhere1`;
const ISSUER_DOMAIN = `https://cognito-idp.${REGION}.amazonaws.com`;
const MEMBERS = ['ana.officer@trustfund.example.org', 'ben.finance@trustfund.example.org'] as const;
const PASSWORD = 'Temporary-Pass-123!';
const CHOSEN = 'A-much-longer-passphrase-456!';

let dir: string;
let child: ChildProcess;
let endpoint: string;
let clientId: string;
let jwks: Jwks;
const tokens: Record<string, { IdToken: string; AccessToken: string }> = {};

async function cognito<T = Record<string, any>>(operation: string, body: object): Promise<T> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}` },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as T;
  if (!response.ok) throw new Error(`${operation}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/** AdminCreateUser, then InitiateAuth and the new-password challenge of a first sign-in. */
async function member(poolId: string, appClientId: string, email: string) {
  await cognito('AdminCreateUser', {
    UserPoolId: poolId,
    Username: email,
    TemporaryPassword: PASSWORD,
    UserAttributes: [
      { Name: 'email', Value: email },
      { Name: 'email_verified', Value: 'true' },
    ],
    MessageAction: 'SUPPRESS',
  });
  const first = await cognito('InitiateAuth', { ClientId: appClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD } });
  expect(first.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
  const answered = await cognito('RespondToAuthChallenge', {
    ClientId: appClientId,
    ChallengeName: 'NEW_PASSWORD_REQUIRED',
    Session: first.Session,
    ChallengeResponses: { USERNAME: email, NEW_PASSWORD: CHOSEN },
  });
  if (answered.AuthenticationResult) return answered.AuthenticationResult as { IdToken: string; AccessToken: string };
  const again = await cognito('InitiateAuth', { ClientId: appClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD: CHOSEN } });
  return again.AuthenticationResult as { IdToken: string; AccessToken: string };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'grants-cognito-'));
  const port = await freePort();
  // Its config and database live in ./.cognito of its working directory: here, the temporary folder.
  mkdirSync(join(dir, '.cognito', 'db'), { recursive: true });
  writeFileSync(join(dir, '.cognito', 'config.json'), JSON.stringify({ TokenConfig: { IssuerDomain: ISSUER_DOMAIN } }));
  for (const pool of [POOL, FOREIGN_POOL]) writeFileSync(join(dir, '.cognito', 'db', `${pool}.json`), JSON.stringify({ Options: { Id: pool, Name: pool, UsernameAttributes: ['email'] }, Users: {} }));
  child = spawn(process.execPath, [join(ROOT, 'node_modules/cognito-local/lib/bin/start.js')], {
    cwd: dir,
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  endpoint = `http://127.0.0.1:${port}`;
  const until = Date.now() + 30_000;
  for (;;) {
    const up = await fetch(`${endpoint}/${POOL}/.well-known/jwks.json`).then((r) => r.ok, () => false);
    if (up) break;
    if (child.exitCode !== null || Date.now() > until) throw new Error('cognito-local did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  jwks = (await (await fetch(`${endpoint}/${POOL}/.well-known/jwks.json`)).json()) as Jwks;

  // The dashboard's client, as the stack makes it: public, USER_PASSWORD_AUTH allowed, 8-hour tokens.
  const made = await cognito('CreateUserPoolClient', {
    UserPoolId: POOL,
    ClientName: 'dashboard',
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    IdTokenValidity: 8,
    AccessTokenValidity: 8,
    TokenValidityUnits: { IdToken: 'hours', AccessToken: 'hours' },
  });
  clientId = made.UserPoolClient.ClientId;
  for (const email of MEMBERS) tokens[email] = await member(POOL, clientId, email);
  const foreignClient = (await cognito('CreateUserPoolClient', { UserPoolId: FOREIGN_POOL, ClientName: 'other', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] })).UserPoolClient.ClientId;
  tokens.foreign = await member(FOREIGN_POOL, foreignClient, 'ana.officer@trustfund.example.org');

  // Cognito mode, as the stack sets it for a function with admin-auth; the table is the test system's.
  Object.assign(process.env, {
    COGNITO_USER_POOL_ID: POOL,
    COGNITO_CLIENT_ID: clientId,
    COGNITO_DOMAIN_URL: `https://fund-grants.auth.${REGION}.amazoncognito.com`,
    COGNITO_REGION: REGION,
    PUBLIC_BASE_URL: 'https://abc123.execute-api.eu-west-1.amazonaws.com',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamodbUrl'),
    TABLE_NAME: 'grants',
    MAIL_TRANSPORT: 'smtp',
    MAIL_FROM: 'grants@trustfund.example.org',
    SMTP_URL: 'smtp://127.0.0.1:9',
  });
  delete process.env.ADMIN_TOKEN_SHA256;
  delete process.env.ADMIN_TOKENS;
  // The pool's keys: the emulator's JWKS, handed to the verifier the handlers use (on AWS it fetches them from the issuer).
  const { idTokenVerifier } = await import('../../shared/http/auth.ts');
  idTokenVerifier().cacheJwks(jwks);
}, 120_000);

afterAll(async () => {
  vi.useRealTimers();
  if (child && child.exitCode === null) {
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// --- API Gateway's JWT authorizer, played ----------------------------------------------------

/** aud (ID tokens) or client_id (access tokens) in the audience, issuer, signature by the issuer's JWKS, expiry: then the claims go to the handler. */
async function authorize(token: string | undefined): Promise<Record<string, unknown> | undefined> {
  if (!token) return undefined;
  const verifier = CognitoJwtVerifier.create({ userPoolId: POOL, clientId, tokenUse: null });
  verifier.cacheJwks(jwks);
  try {
    return (await verifier.verify(token)) as unknown as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function event(routeKey: string, pathParameters: Record<string, string>, init: { token?: string; cookie?: string } = {}): APIGatewayProxyEventV2 {
  const [method, template] = routeKey.split(' ') as [string, string];
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => pathParameters[name]!);
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'abc123.execute-api.eu-west-1.amazonaws.com', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    ...(init.cookie ? { cookies: [init.cookie] } : {}),
    ...(Object.keys(pathParameters).length ? { pathParameters } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' },
      requestId: 'r1',
      routeKey,
      stage: '$default',
      time: '',
      timeEpoch: 0,
    },
    isBase64Encoded: false,
  };
}

/** A request to an /admin route as on AWS: refused with 401 by the authorizer, or passed to the handler with the token's claims. */
async function admin(routeKey: string, pathParameters: Record<string, string>, token: string | undefined): Promise<{ statusCode: number; body: any }> {
  const claims = await authorize(token);
  if (!claims) return { statusCode: 401, body: { message: 'Unauthorized' } };
  const request = event(routeKey, pathParameters, { token });
  (request.requestContext as unknown as Record<string, unknown>).authorizer = { jwt: { claims, scopes: null } };
  const { handler } = (await import('../../functions/api-admin/index.ts')) as { handler: (e: unknown, c: unknown) => Promise<APIGatewayProxyResultV2> };
  const result = (await handler(request, { awsRequestId: 'r1', getRemainingTimeInMillis: () => 10_000 })) as { statusCode: number; body?: string };
  return { statusCode: result.statusCode, body: result.body ? JSON.parse(result.body) : undefined };
}

// --- A tranche waiting for the second member's approval ----------------------------------------

async function trancheAwaitingApproval(acceptedBy: string) {
  const { newId } = await import('../../shared/ids.ts');
  const { putGrant } = await import('../../shared/repository/grants.ts');
  const { createMilestones } = await import('../../shared/repository/milestones.ts');
  const grantId = `G-${newId()}`;
  const grant = {
    grantId,
    callId: newId(),
    applicationId: newId(),
    organisation: { name: 'Association Espoir', registrationCountry: 'CI', registrationNumber: `CI-${newId().slice(0, 8)}` },
    title: 'Maison d’accueil « Étoile »',
    countries: ['CI'],
    region: null,
    amountUsd: 40_000,
    durationMonths: 12,
    status: 'active' as const,
    awardedAt: '2027-06-01T00:00:00.000Z',
    schedule: { startDate: '2027-07-01', endDate: '2028-06-30', tranches: [], reports: [] } as never,
  };
  await putGrant(grant);
  await createMilestones(grant, [], [
    { grantId, number: 2, dueDate: '2028-01-15', amountUsd: 20_000, afterReport: 1, status: 'awaiting-approval', approvalRequestedAt: '2028-01-15T00:00:00.000Z', acceptedBy },
  ]);
  return grantId;
}

const APPROVE = 'POST /admin/grants/{grantId}/tranches/{number}/approve';

describe('the secretariat with cognito-local ID tokens', () => {
  it('issues ID tokens that name the member by email, for the dashboard client, by the pool', async () => {
    const claims = await authorize(tokens[MEMBERS[0]]!.IdToken);
    expect(claims).toMatchObject({ email: MEMBERS[0], token_use: 'id', aud: clientId, iss: `${ISSUER_DOMAIN}/${POOL}` });
  });

  it('four eyes with two members: the one who accepted the report cannot release the money, the other can', async () => {
    const grantId = await trancheAwaitingApproval(MEMBERS[0]);
    const refused = await admin(APPROVE, { grantId, number: '2' }, tokens[MEMBERS[0]]!.IdToken);
    expect(refused.statusCode).toBe(403);
    expect(refused.body.error.code).toBe('FOUR_EYES');
    const approved = await admin(APPROVE, { grantId, number: '2' }, tokens[MEMBERS[1]]!.IdToken);
    expect(approved.statusCode).toBe(200);
    expect(approved.body).toMatchObject({ grantId, tranche: 2, status: 'released', approvedBy: MEMBERS[1] });
  });

  it('answers the API for a member and names them in the audit log', async () => {
    const audit = await admin('GET /admin/audit', {}, tokens[MEMBERS[1]]!.IdToken);
    expect(audit.statusCode).toBe(200);
    expect(JSON.stringify(audit.body)).toContain(MEMBERS[1]);
  });

  it("refuses an access token (it names no member by email), a foreign pool's ID token, and an expired one", async () => {
    // An access token passes API Gateway (its client_id is the dashboard's) and is refused by the handler.
    const access = await admin('GET /admin/audit', {}, tokens[MEMBERS[0]]!.AccessToken);
    expect(access.statusCode).toBe(401);
    expect(access.body.error.code).toBe('UNAUTHORIZED');
    expect((await admin('GET /admin/audit', {}, tokens.foreign!.IdToken)).statusCode).toBe(401);
    expect((await admin('GET /admin/audit', {}, undefined)).statusCode).toBe(401);

    const { sessionMember, SESSION_COOKIE } = await import('../../shared/http/auth.ts');
    const page = (token: string) => event('GET /dashboard', {}, { cookie: `${SESSION_COOKIE}=${encodeURIComponent(token)}` });
    expect(await sessionMember(page(tokens[MEMBERS[0]]!.IdToken) as never)).toBe(MEMBERS[0]);
    expect(await sessionMember(page(tokens[MEMBERS[0]]!.AccessToken) as never)).toBeUndefined();
    expect(await sessionMember(page(tokens.foreign!.IdToken) as never)).toBeUndefined();

    // Nine hours later the 8-hour ID token has expired: the dashboard and the API refuse it.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 9 * 60 * 60 * 1000);
    expect(await sessionMember(page(tokens[MEMBERS[0]]!.IdToken) as never)).toBeUndefined();
    expect((await admin('GET /admin/audit', {}, tokens[MEMBERS[0]]!.IdToken)).statusCode).toBe(401);
    vi.useRealTimers();
  });
});
