// The secretariat's sign-in on AWS (Cognito mode, see shared/http/auth.ts):
// the managed login of the user pool, by the authorization-code flow with
// PKCE for a public client (no secret anywhere).
//
// GET /signin sends the browser to <domain>/oauth2/authorize with a random
// state and the S256 challenge of a random verifier; both wait in a
// short-lived cookie (HttpOnly, SameSite=Lax so that it comes back on the
// managed login's redirect, Path=/signin). GET /signin/callback checks the
// state, exchanges the code for the tokens at <domain>/oauth2/token with the
// verifier, verifies the ID token (aws-jwt-verify) and keeps it in the
// session cookie. POST /signout clears it and ends the managed login's own
// session too.
import { createHash, randomBytes } from 'node:crypto';
import { requireEnv } from '#shared/config.ts';
import type { HttpEvent, HttpResult } from '#shared/http/api.ts';
import { cognitoConfig, cookieValue, idTokenMember, isHttps, sameSecret, sessionCookie, SESSION_SECONDS, type CognitoConfig } from '#shared/http/auth.ts';
import { escapeHtml, notFoundPage, page } from '#shared/http/html.ts';
import { logger } from '#shared/logger.ts';

/** Holds `<state>.<PKCE verifier>` between /signin and /signin/callback. */
export const SIGNIN_COOKIE = 'grants_signin';
/** How long a sign-in may take, from /signin to the callback (the managed login's password and TOTP steps). */
const SIGNIN_SECONDS = 10 * 60;
/** Browsers keep cookies up to 4096 bytes (name, value and attributes); a bigger session cookie would silently not be set. */
export const MAX_COOKIE_BYTES = 4096;
const TOKEN_TIMEOUT_MS = 5_000;

const SCOPES = 'openid email profile';

/** Where the managed login sends the browser back: the API's endpoint on AWS (the client's only callback URL). */
const callbackUrl = () => `${requireEnv('PUBLIC_BASE_URL').replace(/\/+$/, '')}/signin/callback`;
const signinUrl = () => `${requireEnv('PUBLIC_BASE_URL').replace(/\/+$/, '')}/signin`;

/** The S256 code challenge of a PKCE verifier: base64url(sha256(verifier)). */
export const codeChallenge = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url');

function signinCookie(event: HttpEvent, value: string | null): string {
  return `${SIGNIN_COOKIE}=${value ?? ''}; Path=/signin; HttpOnly; SameSite=Lax${isHttps(event) ? '; Secure' : ''}; Max-Age=${value === null ? 0 : SIGNIN_SECONDS}`;
}

const redirect = (location: string, cookies: string[] = []): HttpResult => ({ statusCode: 303, headers: { location, 'cache-control': 'no-store' }, cookies, body: '' });

/** A page that says why the sign-in did not complete, with the way to start again (and the half-done sign-in forgotten). */
function problem(event: HttpEvent, status: number, message: string): HttpResult {
  const result = page(status, 'Sign-in not completed', `<h1>Sign-in not completed</h1>
<p class="summary" role="alert">${escapeHtml(message)}</p>
<p><a href="/signin">Sign in again</a></p>`);
  return { ...result, cookies: [signinCookie(event, null)] };
}

/** GET /signin in Cognito mode: to the managed login, with a fresh state and PKCE verifier. */
export function cognitoSignin(event: HttpEvent, config: CognitoConfig): HttpResult {
  const state = randomBytes(32).toString('base64url');
  const verifier = randomBytes(48).toString('base64url'); // 64 characters, within RFC 7636's 43 to 128
  const authorize = new URL(`${config.domain}/oauth2/authorize`);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: callbackUrl(),
    scope: SCOPES,
    state,
    code_challenge: codeChallenge(verifier),
    code_challenge_method: 'S256',
  }).toString();
  return redirect(authorize.toString(), [signinCookie(event, `${state}.${verifier}`)]);
}

/** GET /signin/callback: the managed login's answer. */
export async function cognitoCallback(event: HttpEvent): Promise<HttpResult> {
  const config = cognitoConfig();
  if (!config) return notFoundPage();
  const q = event.queryStringParameters ?? {};
  if (q.error) return problem(event, 400, `The sign-in was cancelled or refused (${q.error}).`);
  const [savedState, verifier] = (cookieValue(event, SIGNIN_COOKIE) ?? '').split('.');
  if (!q.code || !q.state || !savedState || !verifier || !sameSecret(q.state, savedState)) {
    return problem(event, 400, 'This sign-in cannot be completed: it was not started in this browser, or it took longer than 10 minutes. Please start again.');
  }

  let response: Response;
  try {
    response = await fetch(`${config.domain}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: config.clientId, code: q.code, redirect_uri: callbackUrl(), code_verifier: verifier }),
      signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
    });
  } catch (error) {
    logger.warn('token endpoint unreachable', { errorName: (error as Error)?.name });
    return problem(event, 502, 'The sign-in service did not answer. Please try again in a moment.');
  }
  if (!response.ok) {
    logger.info('sign-in code refused', { status: response.status });
    return problem(event, 400, 'The sign-in code was refused (already used, or expired). Please start again.');
  }
  const tokens = (await response.json().catch(() => undefined)) as { id_token?: unknown } | undefined;
  const idToken = typeof tokens?.id_token === 'string' ? tokens.id_token : undefined;
  const member = await idTokenMember(idToken);
  if (!idToken || !member) return problem(event, 401, 'The sign-in service answered with a token that does not open the dashboard.');

  const session = sessionCookie(event, idToken);
  if (Buffer.byteLength(session) > MAX_COOKIE_BYTES) {
    logger.error('ID token too large for the session cookie', { bytes: Buffer.byteLength(session) });
    return problem(event, 500, 'Your sign-in is too large to keep in the browser. Please tell the administrator of the user pool (fewer groups or attributes).');
  }
  logger.info('secretariat signed in', { sessionSeconds: SESSION_SECONDS });
  // Not a 303: the browser came here from the managed login (another site),
  // and browsers do not send a SameSite=Strict cookie on a redirect that
  // began cross-site, so /dashboard would not see the new session and would
  // start the sign-in again. A navigation from this page is same-site.
  const result = page(200, 'Signed in', `<h1>Signed in</h1><p>You are signed in as ${escapeHtml(member)}. <a href="/dashboard">Continue to the dashboard</a>.</p>`);
  return { ...result, headers: { ...result.headers, refresh: '0; url=/dashboard' }, cookies: [signinCookie(event, null), session] };
}

/** POST /signout in Cognito mode: forget the session here and at the managed login (which sends the browser back to /signin). */
export function cognitoSignout(event: HttpEvent, config: CognitoConfig): HttpResult {
  const logout = new URL(`${config.domain}/logout`);
  logout.search = new URLSearchParams({ client_id: config.clientId, logout_uri: signinUrl() }).toString();
  return redirect(logout.toString(), [sessionCookie(event, null)]);
}
