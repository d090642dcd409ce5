import { envGetter } from '../config.ts';
import { secretMatches } from '../ids.ts';
import { bearerToken, type HttpEvent } from './api.ts';
import { HttpError } from './errors.ts';

const adminTokenSha256 = envGetter('ADMIN_TOKEN_SHA256');

/**
 * The secretariat's bearer token, compared by hash in constant time. (On AWS a
 * later issue puts a Cognito JWT authorizer in front of the /admin routes.)
 */
export function requireAdmin(event: HttpEvent): void {
  const token = bearerToken(event);
  if (!token || !secretMatches(token, adminTokenSha256())) {
    throw new HttpError(401, 'UNAUTHORIZED', 'A valid secretariat token is required.');
  }
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

export const isAdminToken = (token: string | undefined): boolean => token !== undefined && secretMatches(token, adminTokenSha256());

export function sessionCookie(event: HttpEvent, token: string | null): string {
  const secure = (event.headers?.['x-forwarded-proto'] ?? (event.requestContext?.domainName?.includes('amazonaws.com') ? 'https' : 'http')) === 'https';
  const value = token === null ? '' : encodeURIComponent(token);
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}${token === null ? '; Max-Age=0' : '; Max-Age=28800'}`;
}
