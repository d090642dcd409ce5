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
