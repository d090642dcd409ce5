import { timingSafeEqual } from 'node:crypto';
import type { APIGatewayEventRequestContextJWTAuthorizer, APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { FetchError, JwtBaseError, JwtExpiredError } from 'aws-jwt-verify/error';
import { ConfigurationError, envGetter } from '../config.ts';
import { secretMatches } from '../ids.ts';
import { logger } from '../logger.ts';
import { bearerToken, type HttpEvent } from './api.ts';
import { HttpError } from './errors.ts';

const adminTokenSha256 = envGetter('ADMIN_TOKEN_SHA256');

/** Tokens of named secretariat members (SHA-256 → identity), when the deployment has them (locally: two). */
let members: [string, string][] | undefined;
const namedMembers = () => (members ??= Object.entries(JSON.parse(process.env.ADMIN_TOKENS ?? '{}') as Record<string, string>));

// --- Two modes ------------------------------------------------------------------
// Token mode (locally, `npm start`): secretariat tokens, compared by hash.
// Cognito mode (on AWS): the stack sets the four variables below, the /admin
// routes sit behind API Gateway's JWT authorizer on the secretariat's user
// pool, and the dashboard holds a verified ID token in its session cookie.
// The variables are read at each call (not cached), so that a test can
// switch modes; in a Lambda they never change.

/** The variable names, as in ENV of infra/manifest.ts (shared/ does not import infra/). */
export const COGNITO_ENV = {
  userPoolId: 'COGNITO_USER_POOL_ID',
  clientId: 'COGNITO_CLIENT_ID',
  domain: 'COGNITO_DOMAIN_URL',
  region: 'COGNITO_REGION',
} as const;

export interface CognitoConfig {
  userPoolId: string;
  clientId: string;
  /** The managed login's base URL, `https://<prefix>.auth.<region>.amazoncognito.com`. */
  domain: string;
  region: string;
  /** `https://cognito-idp.<region>.amazonaws.com/<poolId>`: the issuer of the pool's tokens. */
  issuer: string;
}

/** The Cognito configuration when the deployment is in Cognito mode (all four variables set), else undefined. Half set: a configuration error. */
export function cognitoConfig(): CognitoConfig | undefined {
  const values = Object.fromEntries(Object.entries(COGNITO_ENV).map(([key, name]) => [key, process.env[name] || undefined])) as Record<keyof typeof COGNITO_ENV, string | undefined>;
  const set = Object.values(values).filter((v) => v !== undefined).length;
  if (set === 0) return undefined;
  if (set < Object.keys(COGNITO_ENV).length) {
    throw new ConfigurationError(`Cognito mode needs all of ${Object.values(COGNITO_ENV).join(', ')}`);
  }
  const { userPoolId, clientId, domain, region } = values as Record<keyof typeof COGNITO_ENV, string>;
  return { userPoolId, clientId, domain: domain.replace(/\/+$/, ''), region, issuer: `https://cognito-idp.${region}.amazonaws.com/${userPoolId}` };
}

export const isCognitoMode = (): boolean => cognitoConfig() !== undefined;

/** An event from the HTTP API: with the JWT authorizer's context on the /admin routes on AWS, without it elsewhere. */
export type AdminEvent = HttpEvent | APIGatewayProxyEventV2WithJWTAuthorizer;

/** The claims the JWT authorizer put in the request context, if any (API Gateway writes them; a client cannot). */
function authorizerClaims(event: AdminEvent): APIGatewayEventRequestContextJWTAuthorizer['jwt']['claims'] | undefined {
  const context = event.requestContext as Partial<APIGatewayProxyEventV2WithJWTAuthorizer['requestContext']> | undefined;
  return context?.authorizer?.jwt?.claims;
}

/**
 * Who a secretariat token belongs to (compared by hash in constant time): a
 * named member, or "secretariat" for the deployment's single token. Token
 * mode only.
 */
export function adminIdentity(token: string | undefined): string | undefined {
  if (!token) return undefined;
  for (const [hash, identity] of namedMembers()) if (secretMatches(token, hash)) return identity;
  return secretMatches(token, adminTokenSha256()) ? 'secretariat' : undefined;
}

/**
 * The signed-in secretariat member behind a request (401 otherwise): what the
 * audit log records as the actor.
 *
 * Cognito mode: the JWT authorizer has verified the token (signature, issuer,
 * audience or client id, expiry) before the handler runs; the member is its
 * `email` claim. A token without one (a Cognito access token, whose
 * `username` is an opaque id) is refused: the dashboard names the same
 * member by email, and two names for one person would let them pass four
 * eyes alone. Token mode: the bearer token as before, and claims, should an
 * event carry any, are ignored.
 */
export function requireAdmin(event: AdminEvent): string {
  if (isCognitoMode()) {
    const email = authorizerClaims(event)?.email;
    if (typeof email === 'string' && email !== '') return email;
    throw new HttpError(401, 'UNAUTHORIZED', 'A secretariat ID token is required (Authorization: Bearer <ID token>): it names the member by email.');
  }
  const identity = adminIdentity(bearerToken(event));
  if (!identity) throw new HttpError(401, 'UNAUTHORIZED', 'A valid secretariat token is required.');
  return identity;
}

/**
 * The secretariat's web pages authenticate by a session cookie (HttpOnly,
 * SameSite=Strict, Secure over HTTPS, 8 hours): a browser cannot send a
 * bearer header on a page load, and a cookie that scripts cannot read is the
 * safer holder. It holds the secretariat token in token mode, the ID token
 * from the managed login in Cognito mode.
 */
export const SESSION_COOKIE = 'grants_session';
/** The session's length, in seconds: the cookie's Max-Age, and on AWS the ID token's validity (infra/stack.ts SESSION_HOURS). */
export const SESSION_SECONDS = 8 * 60 * 60;

/** The value of a cookie of the request, if it has one. */
export function cookieValue(event: HttpEvent, wanted: string): string | undefined {
  for (const cookie of event.cookies ?? []) {
    const [name, ...rest] = cookie.split('=');
    if (name?.trim() === wanted) {
      try {
        return decodeURIComponent(rest.join('='));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export const sessionToken = (event: HttpEvent): string | undefined => cookieValue(event, SESSION_COOKIE);

export const isAdminToken = (token: string | undefined): boolean => adminIdentity(token) !== undefined;

/** Whether the browser reached us over HTTPS (always on API Gateway; the local runtime says so in X-Forwarded-Proto). */
export const isHttps = (event: HttpEvent): boolean =>
  (event.headers?.['x-forwarded-proto'] ?? (event.requestContext?.domainName?.includes('amazonaws.com') ? 'https' : 'http')) === 'https';

export function sessionCookie(event: HttpEvent, token: string | null): string {
  const value = token === null ? '' : encodeURIComponent(token);
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict${isHttps(event) ? '; Secure' : ''}${token === null ? '; Max-Age=0' : `; Max-Age=${SESSION_SECONDS}`}`;
}

// --- ID tokens (Cognito mode) ------------------------------------------------------

type IdVerifier = ReturnType<typeof createIdVerifier>;
const createIdVerifier = (config: CognitoConfig) => CognitoJwtVerifier.create({ userPoolId: config.userPoolId, clientId: config.clientId, tokenUse: 'id' });
let verifier: { key: string; verifier: IdVerifier } | undefined;

/**
 * The verifier of the pool's ID tokens (aws-jwt-verify: RS256 signature by a
 * key of the pool's JWKS, fetched once and cached, issuer, audience = the
 * dashboard's client, token_use "id", expiry). One per configuration.
 */
export function idTokenVerifier(config: CognitoConfig = requireCognito()): IdVerifier {
  const key = `${config.userPoolId} ${config.clientId}`;
  if (verifier?.key !== key) verifier = { key, verifier: createIdVerifier(config) };
  return verifier.verifier;
}

function requireCognito(): CognitoConfig {
  const config = cognitoConfig();
  if (!config) throw new ConfigurationError('Not in Cognito mode');
  return config;
}

/** The member an ID token names (its email claim), once verified; undefined for any invalid, expired or foreign token. */
export async function idTokenMember(idToken: string | undefined): Promise<string | undefined> {
  if (!idToken) return undefined;
  try {
    const payload = await idTokenVerifier().verify(idToken);
    return typeof payload.email === 'string' && payload.email !== '' ? payload.email : undefined;
  } catch (error) {
    // The kind of failure only: messages can quote the token's claims (and bundling renames the error classes).
    const reason = error instanceof JwtExpiredError ? 'expired' : error instanceof FetchError ? 'jwks-unavailable' : error instanceof JwtBaseError ? 'invalid' : 'error';
    logger.info('session token refused', { reason });
    return undefined;
  }
}

/** The signed-in member behind the session cookie, in either mode (undefined when nobody is signed in). */
export async function sessionMember(event: HttpEvent): Promise<string | undefined> {
  const token = sessionToken(event);
  return isCognitoMode() ? idTokenMember(token) : adminIdentity(token);
}

/** Compares two strings in constant time (for the sign-in state). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
