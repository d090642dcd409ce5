// What the dashboard's forms share, whichever function takes them: the
// signed-in member behind a post that comes from our own pages, and the way
// back to the page with what happened (Post/Redirect/Get).
import { header, type HttpEvent, type HttpResult } from './api.ts';
import { sessionMember } from './auth.ts';
import { HttpError } from './errors.ts';

/**
 * The member behind the session, for a post that comes from our own pages;
 * without a session, the way to the sign-in page. Browsers say where a
 * request comes from in Sec-Fetch-Site; older ones in Origin (which is "null"
 * under our no-referrer policy, and then proves nothing). Either way, only
 * our own pages may post (on top of the cookie's SameSite=Strict).
 */
export async function dashboardMember(event: HttpEvent): Promise<string | HttpResult> {
  const site = header(event, 'sec-fetch-site');
  const origin = header(event, 'origin');
  const sameOrigin = site ? site === 'same-origin' : origin !== undefined && origin !== 'null' && URL.canParse(origin) && new URL(origin).host === header(event, 'host');
  if (!sameOrigin) throw new HttpError(403, 'CROSS_SITE', 'Dashboard forms are taken from the dashboard only.');
  return (await sessionMember(event)) ?? { statusCode: 303, headers: { location: '/signin', 'cache-control': 'no-store' }, body: '' };
}

/** A problem as one line for the page: the message, then each field and its rule. */
export const problemText = (error: HttpError): string =>
  `${error.message}${error.details?.length ? ` (${error.details.map((d) => `${d.path} ${d.message}`).join('; ')})` : ''}`;

/** Back to a dashboard page with a notice (`done`) or a problem, which the page shows. */
export const backTo =
  (path: string) =>
  (key: 'done' | 'problem', message: string | HttpError): HttpResult => ({
    statusCode: 303,
    headers: { location: `${path}?${key}=${encodeURIComponent(typeof message === 'string' ? message : problemText(message))}`, 'cache-control': 'no-store' },
    body: '',
  });

/**
 * A dashboard form's action: for the signed-in member (else the sign-in
 * page), then back to `page` with what it did, or with the problem when it
 * refuses (an HttpError: its message and each field with its rule).
 */
export async function formAction(event: HttpEvent, page: string, action: (actor: string) => Promise<string>): Promise<HttpResult> {
  const actor = await dashboardMember(event);
  if (typeof actor !== 'string') return actor;
  const back = backTo(page);
  try {
    return back('done', await action(actor));
  } catch (error) {
    if (error instanceof HttpError) return back('problem', error);
    throw error;
  }
}

/** A refusal of a form that is not a rule of the domain (nothing to change, nothing to act on). */
export const nothingDone = (message: string, details?: { path: string; message: string }[]) => new HttpError(409, 'NOTHING_DONE', message, details);
