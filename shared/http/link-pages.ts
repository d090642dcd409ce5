// What the pages behind personal links (reviews, ballots) share: HTML for
// people and JSON for API clients by content negotiation, errors in either,
// and the JSON or HTML-form body of an answer.
import { LINK_ERRORS } from '../domain/links.ts';
import { errorResponse, header, MAX_JSON_BODY_BYTES, rawBody, type HttpEvent, type HttpResult } from './api.ts';
import { HttpError, validationFailed } from './errors.ts';
import { escapeHtml, page } from './html.ts';

export const wantsHtml = (event: HttpEvent) =>
  (header(event, 'accept') ?? '').includes('text/html') ||
  (header(event, 'content-type') ?? '').startsWith('application/x-www-form-urlencoded');

export function failure(event: HttpEvent, error: HttpError, title: string): HttpResult {
  if (!wantsHtml(event)) return errorResponse(error);
  const details = error.details?.length ? `<ul>${error.details.map((d) => `<li>${escapeHtml(d.path)}: ${escapeHtml(d.message)}</li>`).join('')}</ul>` : '';
  return page(error.status, title, `<h1>${escapeHtml(error.message)}</h1>${details}`);
}

export const linkError = (state: keyof typeof LINK_ERRORS) => {
  const { status, code, message } = LINK_ERRORS[state];
  return new HttpError(status, code, message);
};

/** The body of an answer: JSON as it is, an HTML form as its fields (413/415/400 otherwise). */
export function answerBody(event: HttpEvent): { kind: 'json'; data: unknown } | { kind: 'form'; form: URLSearchParams } {
  const body = rawBody(event);
  if (Buffer.byteLength(body) > MAX_JSON_BODY_BYTES) throw new HttpError(413, 'PAYLOAD_TOO_LARGE', 'The answer is too large.');
  const type = (header(event, 'content-type') ?? '').split(';')[0]!.trim();
  if (type === 'application/json') {
    try {
      return { kind: 'json', data: JSON.parse(body) };
    } catch {
      throw validationFailed([{ path: '(body)', message: 'is not well-formed JSON' }]);
    }
  }
  if (type === 'application/x-www-form-urlencoded') return { kind: 'form', form: new URLSearchParams(body) };
  throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send JSON or the HTML form.');
}
