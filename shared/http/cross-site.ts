// The guard on the reviewer's page actions (and any page whose POSTs are
// authorised by a secret in the URL rather than by a cookie): a POST is
// refused when a browser says it comes from another site. Browsers say
// where a request comes from in Sec-Fetch-Site (all current ones); older
// ones in Origin, which every browser sends on a cross-origin POST. A request
// with neither is not a browser's cross-site form post (curl, the demo, an
// API client), and a JSON body cannot be sent cross-site without a CORS
// preflight that these routes do not grant. Unlike the dashboard's guard
// (shared/http/dashboard-forms.ts) an "Origin: null" is refused too: the
// reviewer's pages use the same-origin referrer policy, under which a
// same-origin post from them always names its origin.
import { header, type HttpEvent } from './api.ts';
import { HttpError } from './errors.ts';

export function refuseCrossSite(event: HttpEvent): void {
  const site = header(event, 'sec-fetch-site');
  const origin = header(event, 'origin');
  const foreign = site
    ? site !== 'same-origin'
    : origin !== undefined && (origin === 'null' || !URL.canParse(origin) || new URL(origin).host !== header(event, 'host'));
  if (foreign) throw new HttpError(403, 'CROSS_SITE', 'This page takes its forms from itself only.');
}
