import { envGetter } from '../config.ts';
import { secretMatches } from '../ids.ts';
import { bearerToken, type HttpEvent } from './api.ts';
import { HttpError } from './errors.ts';

const adminTokenSha256 = envGetter('ADMIN_TOKEN_SHA256');

/** Tokens of named secretariat members (SHA-256 → identity), when the deployment has them (locally: two). */
let members: [string, string][] | undefined;
const namedMembers = () => (members ??= Object.entries(JSON.parse(process.env.ADMIN_TOKENS ?? '{}') as Record<string, string>));

/**
 * Who a secretariat token belongs to (compared by hash in constant time): a
 * named member, or "secretariat" for the deployment's single token. (On AWS
 * a later issue puts a Cognito JWT authorizer in front of the /admin routes,
 * whose claims will name each member.)
 */
export function adminIdentity(token: string | undefined): string | undefined {
  if (!token) return undefined;
  for (const [hash, identity] of namedMembers()) if (secretMatches(token, hash)) return identity;
  return secretMatches(token, adminTokenSha256()) ? 'secretariat' : undefined;
}

/** The signed-in secretariat member behind a request (401 otherwise): what the audit log records as the actor. */
export function requireAdmin(event: HttpEvent): string {
  const identity = adminIdentity(bearerToken(event));
  if (!identity) throw new HttpError(401, 'UNAUTHORIZED', 'A valid secretariat token is required.');
  return identity;
}

/**
 * The secretariat's web pages authenticate by a session cookie holding the
 * same token (HttpOnly, SameSite=Strict, Secure over HTTPS, scoped to the
 * dashboard and the sign-in): a browser cannot send a bearer header on a
 * page load, and a cookie that scripts cannot read is the safer holder.
 */
export const SESSION_COOKIE = 'grants_session';

export function sessionToken(event: HttpEvent): string | undefined {
  for (const cookie of event.cookies ?? []) {
    const [name, ...rest] = cookie.split('=');
    if (name?.trim() === SESSION_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

export const isAdminToken = (token: string | undefined): boolean => adminIdentity(token) !== undefined;

export function sessionCookie(event: HttpEvent, token: string | null): string {
  const secure = (event.headers?.['x-forwarded-proto'] ?? (event.requestContext?.domainName?.includes('amazonaws.com') ? 'https' : 'http')) === 'https';
  const value = token === null ? '' : encodeURIComponent(token);
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}${token === null ? '; Max-Age=0' : '; Max-Age=28800'}`;
}
