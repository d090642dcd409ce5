// The secretariat's sign-in in both modes, without AWS: token mode (the
// local runtime) must ignore JWT claims; Cognito mode trusts the claims the
// API Gateway JWT authorizer writes, and verifies the dashboard's ID tokens
// itself. The ID tokens here are RS256 JWTs signed with a key pair made for
// the test, whose public half reaches aws-jwt-verify through cacheJwks (no
// network); the managed login's token endpoint is a tiny server on 127.0.0.1.
import { createHash, generateKeyPairSync, sign, type JsonWebKey } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cognitoCallback, cognitoSignin, codeChallenge, SIGNIN_COOKIE } from '../../functions/dashboard/signin.ts';
import { handler as dashboard } from '../../functions/dashboard/index.ts';
import { ConfigurationError } from '../../shared/config.ts';
import type { HttpEvent, HttpResult } from '../../shared/http/api.ts';
import { cognitoConfig, COGNITO_ENV, idTokenVerifier, requireAdmin, SESSION_COOKIE, sessionMember } from '../../shared/http/auth.ts';
import { HttpError } from '../../shared/http/errors.ts';
import { ENV } from '../../infra/manifest.ts';

const REGION = 'eu-west-1';
const POOL_ID = `${REGION}_Secretariat1`;
const CLIENT_ID = 'dashboardclient0123456789';
const ISSUER = `https://cognito-idp.${REGION}.amazonaws.com/${POOL_ID}`;
const BASE_URL = 'https://abc123.execute-api.eu-west-1.amazonaws.com';
const MEMBER = 'ana@fund.example.org';

// Token mode: one deployment token and one named member, as the local runtime sets them.
const TOKEN = 'local-secretariat-token';
const NAMED_TOKEN = 'local-named-member-token';
process.env.ADMIN_TOKEN_SHA256 = createHash('sha256').update(TOKEN).digest('hex');
process.env.ADMIN_TOKENS = JSON.stringify({ [createHash('sha256').update(NAMED_TOKEN).digest('hex')]: 'bea@fund.example.org' });

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const KID = 'test-key-1';
const { kty, n, e } = publicKey.export({ format: 'jwk' }) as JsonWebKey;
const JWKS: Jwks = { keys: [{ kty: kty!, n: n!, e: e!, kid: KID, alg: 'RS256', use: 'sig' }] };

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
function jwt(claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const signed = `${b64({ alg: 'RS256', kid: KID, typ: 'JWT', ...header })}.${b64(claims)}`;
  return `${signed}.${sign('sha256', Buffer.from(signed), privateKey).toString('base64url')}`;
}
const nowSeconds = () => Math.floor(Date.now() / 1000);
/** The claims of a Cognito ID token of the pool for the dashboard's client. */
const idClaims = (overrides: Record<string, unknown> = {}) => ({
  sub: '7d3f0c2e-0000-4000-8000-000000000001',
  aud: CLIENT_ID,
  iss: ISSUER,
  token_use: 'id',
  auth_time: nowSeconds() - 60,
  iat: nowSeconds() - 60,
  exp: nowSeconds() + 3600,
  email: MEMBER,
  email_verified: true,
  'cognito:username': '7d3f0c2e-0000-4000-8000-000000000001',
  ...overrides,
});

function event(routeKey: string, init: Partial<HttpEvent> = {}): HttpEvent {
  const [method, path] = routeKey.split(' ') as [string, string];
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'abc123.execute-api.eu-west-1.amazonaws.com' },
    isBase64Encoded: false,
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
    ...init,
  };
}

/** An /admin request as API Gateway hands it over once the JWT authorizer has accepted the token. */
function authorized(claims: Record<string, string | number | boolean | string[]>): APIGatewayProxyEventV2WithJWTAuthorizer {
  const base = event('GET /admin/calls');
  return { ...base, requestContext: { ...base.requestContext, authorizer: { principalId: '', integrationLatency: 0, jwt: { claims, scopes: null } } } };
}

const cookieOf = (result: HttpResult, name: string) => result.cookies?.find((c) => c.startsWith(`${name}=`));
const valueOf = (cookie: string | undefined) => decodeURIComponent(cookie!.split(';')[0]!.split('=').slice(1).join('='));
const run = async (e: HttpEvent) => (await dashboard(e, {} as Context)) as HttpResult;

let domain = 'https://fund-grants.auth.eu-west-1.amazoncognito.com';
function cognitoMode() {
  process.env[COGNITO_ENV.userPoolId] = POOL_ID;
  process.env[COGNITO_ENV.clientId] = CLIENT_ID;
  process.env[COGNITO_ENV.domain] = domain;
  process.env[COGNITO_ENV.region] = REGION;
  process.env.PUBLIC_BASE_URL = BASE_URL;
  idTokenVerifier().cacheJwks(JWKS);
}
function tokenMode() {
  for (const name of Object.values(COGNITO_ENV)) delete process.env[name];
}
afterEach(tokenMode);

describe('the mode', () => {
  it('reads the variables the stack sets (names of ENV in the manifest)', () => {
    expect(COGNITO_ENV).toEqual({ userPoolId: ENV.cognitoUserPoolId, clientId: ENV.cognitoClientId, domain: ENV.cognitoDomain, region: ENV.cognitoRegion });
  });

  it('is token mode without the Cognito variables (locally), Cognito mode with all four, and a configuration error with some', () => {
    tokenMode();
    expect(cognitoConfig()).toBeUndefined();
    cognitoMode();
    expect(cognitoConfig()).toMatchObject({ userPoolId: POOL_ID, clientId: CLIENT_ID, issuer: ISSUER });
    delete process.env[COGNITO_ENV.domain];
    expect(() => cognitoConfig()).toThrow(ConfigurationError);
  });
});

describe('requireAdmin', () => {
  it('in Cognito mode names the member by the email claim of the JWT authorizer', () => {
    cognitoMode();
    expect(requireAdmin(authorized({ email: MEMBER, 'cognito:username': 'abc', token_use: 'id' }))).toBe(MEMBER);
  });

  it('in Cognito mode refuses a request without claims, and a token without an email (an access token): 401', () => {
    cognitoMode();
    for (const e of [event('GET /admin/calls', { headers: { authorization: `Bearer ${TOKEN}` } }), authorized({ username: '7d3f0c2e', token_use: 'access' })]) {
      expect(() => requireAdmin(e)).toThrow(expect.objectContaining({ status: 401, code: 'UNAUTHORIZED' }));
    }
  });

  it('in token mode ignores claims: only the bearer token counts', () => {
    tokenMode();
    const forged = authorized({ email: 'mallory@example.org' });
    expect(() => requireAdmin(forged)).toThrow(HttpError);
    expect(requireAdmin({ ...forged, headers: { authorization: `Bearer ${NAMED_TOKEN}` } })).toBe('bea@fund.example.org');
    expect(requireAdmin({ ...forged, headers: { authorization: `Bearer ${TOKEN}` } })).toBe('secretariat');
  });
});

describe('sessionMember', () => {
  const withSession = (token: string) => event('GET /dashboard', { cookies: [`${SESSION_COOKIE}=${encodeURIComponent(token)}`] });

  it('in token mode is the member behind the token in the cookie', async () => {
    tokenMode();
    expect(await sessionMember(withSession(NAMED_TOKEN))).toBe('bea@fund.example.org');
    expect(await sessionMember(withSession('not-a-token'))).toBeUndefined();
    expect(await sessionMember(event('GET /dashboard'))).toBeUndefined();
    // An ID token is no token here.
    expect(await sessionMember(withSession(jwt(idClaims())))).toBeUndefined();
  });

  describe('in Cognito mode verifies the ID token in the cookie', () => {
    beforeEach(cognitoMode);

    it('valid: the email', async () => {
      expect(await sessionMember(withSession(jwt(idClaims())))).toBe(MEMBER);
    });

    it('expired: nobody', async () => {
      expect(await sessionMember(withSession(jwt(idClaims({ iat: nowSeconds() - 9 * 3600, exp: nowSeconds() - 3600 }))))).toBeUndefined();
    });

    it('for another client (audience) or from another pool (issuer): nobody', async () => {
      expect(await sessionMember(withSession(jwt(idClaims({ aud: 'someotherclient' }))))).toBeUndefined();
      expect(await sessionMember(withSession(jwt(idClaims({ iss: `https://cognito-idp.${REGION}.amazonaws.com/${REGION}_OtherPool9` }))))).toBeUndefined();
    });

    it('an access token: nobody', async () => {
      const { aud, email, ...rest } = idClaims();
      expect(await sessionMember(withSession(jwt({ ...rest, token_use: 'access', client_id: aud, username: 'x', scope: 'openid email' })))).toBeUndefined();
      expect(await sessionMember(withSession(jwt(idClaims({ token_use: 'access' }))))).toBeUndefined();
    });

    it('tampered (claims changed after signing), unsigned, or a secretariat token: nobody', async () => {
      const [header, , signature] = jwt(idClaims()).split('.');
      expect(await sessionMember(withSession(`${header}.${b64(idClaims({ email: 'mallory@example.org' }))}.${signature}`))).toBeUndefined();
      expect(await sessionMember(withSession(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(idClaims())}.`))).toBeUndefined();
      expect(await sessionMember(withSession(TOKEN))).toBeUndefined();
    });

    it('without an email claim: nobody', async () => {
      expect(await sessionMember(withSession(jwt(idClaims({ email: undefined }))))).toBeUndefined();
    });
  });
});

describe('the dashboard sign-in in Cognito mode', () => {
  /** The managed login's token endpoint: answers the one code it issued, for the verifier of its challenge. */
  let server: Server;
  const requests: URLSearchParams[] = [];
  let expectedChallenge = '';
  let idToken = '';

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        requests.push(form);
        const ok =
          req.method === 'POST' &&
          req.url === '/oauth2/token' &&
          req.headers['content-type'] === 'application/x-www-form-urlencoded' &&
          form.get('grant_type') === 'authorization_code' &&
          form.get('client_id') === CLIENT_ID &&
          form.get('code') === 'good-code' &&
          form.get('redirect_uri') === `${BASE_URL}/signin/callback` &&
          codeChallenge(form.get('code_verifier') ?? '') === expectedChallenge;
        res.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' });
        res.end(JSON.stringify(ok ? { id_token: idToken, access_token: 'a', refresh_token: 'r', token_type: 'Bearer', expires_in: 28800 } : { error: 'invalid_grant' }));
      });
    });
    server.requestTimeout = 5_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    domain = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    cognitoMode();
    requests.length = 0;
    idToken = jwt(idClaims());
  });

  /** GET /signin through the dashboard's handler: the managed login's address and the state cookie. */
  async function startSignin() {
    const result = await run(event('GET /signin'));
    expect(result.statusCode).toBe(303);
    const location = new URL(String(result.headers!.location));
    const cookie = cookieOf(result, SIGNIN_COOKIE)!;
    const [state, verifier] = valueOf(cookie).split('.') as [string, string];
    expectedChallenge = location.searchParams.get('code_challenge')!;
    return { location, cookie, state, verifier };
  }

  it('GET /signin sends the browser to the managed login with state and a PKCE S256 challenge, the verifier in a short HttpOnly Lax cookie', async () => {
    const { location, cookie, state, verifier } = await startSignin();
    expect(`${location.origin}${location.pathname}`).toBe(`${domain}/oauth2/authorize`);
    expect(Object.fromEntries(location.searchParams)).toEqual({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: `${BASE_URL}/signin/callback`,
      scope: 'openid email profile',
      state,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    });
    expect(state.length).toBeGreaterThanOrEqual(43);
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(cookie).toMatch(/; Path=\/signin; HttpOnly; SameSite=Lax; Secure; Max-Age=600$/);
    // Each sign-in its own state and verifier.
    const again = await startSignin();
    expect(again.state).not.toBe(state);
    expect(again.verifier).not.toBe(verifier);
  });

  it('the callback with a good code and state exchanges it with the verifier, keeps the verified ID token in the session cookie and goes on to /dashboard', async () => {
    const { cookie, state } = await startSignin();
    const result = await run(event('GET /signin/callback', { queryStringParameters: { code: 'good-code', state }, cookies: [cookie.split(';')[0]!] }));
    expect(result.statusCode, String(result.body)).toBe(200);
    expect(result.headers!.refresh).toBe('0; url=/dashboard');
    expect(result.body).toContain('href="/dashboard"');
    const session = cookieOf(result, SESSION_COOKIE)!;
    expect(session).toMatch(/; Path=\/; HttpOnly; SameSite=Strict; Secure; Max-Age=28800$/);
    expect(valueOf(session)).toBe(idToken);
    expect(Buffer.byteLength(session)).toBeLessThan(4096);
    expect(cookieOf(result, SIGNIN_COOKIE)).toMatch(/Max-Age=0$/);
    expect(requests).toHaveLength(1);
    // The new session opens the dashboard's pages' guard (the member is read back from it).
    expect(await sessionMember(event('GET /dashboard', { cookies: [session.split(';')[0]!] }))).toBe(MEMBER);
  });

  it('the callback refuses a state that is not the one of this browser: 400 with a clear page, nothing exchanged', async () => {
    const { cookie } = await startSignin();
    for (const e of [
      event('GET /signin/callback', { queryStringParameters: { code: 'good-code', state: 'forged-state' }, cookies: [cookie.split(';')[0]!] }),
      event('GET /signin/callback', { queryStringParameters: { code: 'good-code', state: 'forged-state' } }),
      event('GET /signin/callback', { queryStringParameters: { code: 'good-code' }, cookies: [cookie.split(';')[0]!] }),
    ]) {
      const result = await cognitoCallback(e);
      expect(result.statusCode).toBe(400);
      expect(result.body).toContain('Sign-in not completed');
      expect(result.body).toContain('was not started in this browser');
      expect(result.body).toContain('href="/signin"');
      expect(cookieOf(result, SESSION_COOKIE)).toBeUndefined();
    }
    expect(requests).toHaveLength(0);
  });

  it('the callback refuses a code the token endpoint refuses, and a token that does not verify', async () => {
    const { cookie, state } = await startSignin();
    const refused = await cognitoCallback(event('GET /signin/callback', { queryStringParameters: { code: 'used-code', state }, cookies: [cookie.split(';')[0]!] }));
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('refused');
    idToken = jwt(idClaims({ aud: 'someotherclient' }));
    const foreign = await cognitoCallback(event('GET /signin/callback', { queryStringParameters: { code: 'good-code', state }, cookies: [cookie.split(';')[0]!] }));
    expect(foreign.statusCode).toBe(401);
    expect(cookieOf(foreign, SESSION_COOKIE)).toBeUndefined();
  });

  it('sign-out clears the session and ends the managed login session, back to /signin', async () => {
    const result = await run(event('POST /signout'));
    expect(result.statusCode).toBe(303);
    const location = new URL(String(result.headers!.location));
    expect(`${location.origin}${location.pathname}`).toBe(`${domain}/logout`);
    expect(Object.fromEntries(location.searchParams)).toEqual({ client_id: CLIENT_ID, logout_uri: `${BASE_URL}/signin` });
    expect(cookieOf(result, SESSION_COOKIE)).toMatch(/^grants_session=; .*Max-Age=0$/);
  });

  it('takes no token on POST /signin, and the dashboard sends a visitor without a session to /signin', async () => {
    const post = await run(event('POST /signin', { body: `token=${TOKEN}` }));
    expect([post.statusCode, post.headers!.location, post.cookies ?? []]).toEqual([303, '/signin', []]);
    const page = await run(event('GET /dashboard', { cookies: [`${SESSION_COOKIE}=${encodeURIComponent(TOKEN)}`] }));
    expect([page.statusCode, page.headers!.location]).toEqual([303, '/signin']);
  });

  it('cognitoSignin builds the same redirect without the handler', () => {
    const result = cognitoSignin(event('GET /signin'), cognitoConfig()!);
    expect(String(result.headers!.location)).toContain('/oauth2/authorize?');
  });
});

describe('the dashboard sign-in in token mode', () => {
  it('keeps the token page, and has no callback', async () => {
    tokenMode();
    expect((await run(event('GET /signin'))).statusCode).toBe(200);
    expect((await run(event('GET /signin/callback', { queryStringParameters: { code: 'c', state: 's' } }))).statusCode).toBe(404);
  });
});
