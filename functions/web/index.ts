// The `web` handler: server-rendered pages for applicants (open calls, the
// application form, the status page) and their static assets.
//
// Decisions:
// - Plain HTML from the server, enhanced by two small scripts served from this
//   origin (`/assets/…`): no framework, no external resource, so the CSP set by
//   `page()` (#shared/http/html.ts) can be strict: `default-src 'self'`, no
//   inline script or style, and `connect-src` opened only to the storage origin
//   the presigned POSTs point at (the S3 emulator's origin from
//   AWS_ENDPOINT_URL_S3 locally, `https://*.amazonaws.com` on AWS, where the
//   bucket URL is `https://<bucket>.s3.<region>.amazonaws.com`).
// - The form is generated from the same JSON Schema the API validates with
//   (`applicationFormSchema()`), so labels, help texts and limits cannot drift.
// - Every dynamic text goes through `escapeHtml`.
// - The status page holds no data: the access token lives in the URL fragment
//   of the emailed link (never sent to a server) and the page's script reads
//   the application from the JSON API with it.
import { createHash } from 'node:crypto';
import { applicationFormSchema } from '#shared/api/schemas.ts';
import { requiredDocuments } from '#shared/api/views.ts';
import { now } from '#shared/clock.ts';
import { formatUsd } from '#shared/domain/money.ts';
import { header, httpApi, pathParam, type HttpEvent, type HttpResult } from '#shared/http/api.ts';
import { escapeHtml, notFoundPage, page } from '#shared/http/html.ts';
import { getCall, isOpen, listCalls, type Call } from '#shared/repository/calls.ts';
import { APPLY_JS, REPORT_JS, STATUS_JS, STYLE_CSS } from './assets.ts';
import { docsPage } from './docs.ts';
import { renderApplicationForm, type JsonSchema } from './form.ts';

/** Dates in UTC, written out (no ambiguity between 03/04 and 04/03), with a machine-readable `<time>`. */
const dateOf = (iso: string) =>
  `<time datetime="${escapeHtml(iso)}">${escapeHtml(
    new Date(iso).toLocaleString('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }),
  )} UTC</time>`;

/** Short names of the accepted file types, for the help text (the same name for a format's variants). */
const FILE_TYPE_NAMES: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel',
  'application/vnd.oasis.opendocument.text': 'OpenDocument',
  'application/vnd.oasis.opendocument.spreadsheet': 'OpenDocument',
};
const listOf = (names: string[]) => (names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names.join(''));
/** File extensions next to the MIME types in `accept`: some pickers (Android, older Safari) only honour extensions. */
const FILE_EXTENSIONS: Record<string, string[]> = {
  'application/pdf': ['.pdf'],
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/png': ['.png'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['.docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['.xlsx'],
  'application/vnd.oasis.opendocument.text': ['.odt'],
  'application/vnd.oasis.opendocument.spreadsheet': ['.ods'],
};

function callFacts(call: Call): string {
  const range =
    call.minGrantUsd > 0 ? `${formatUsd(call.minGrantUsd)} to ${formatUsd(call.maxGrantUsd)}` : `up to ${formatUsd(call.maxGrantUsd)}`;
  return `<dl class="facts">
<dt>Call budget</dt><dd>${escapeHtml(formatUsd(call.budgetUsd))}</dd>
<dt>Grant size</dt><dd>${escapeHtml(range)}</dd>
<dt>Duration</dt><dd>at most ${call.maxDurationMonths} months</dd>
<dt>Closes</dt><dd>${dateOf(call.closesAt)}</dd>
</dl>`;
}

async function openCalls() {
  const at = now();
  const calls = (await listCalls()).filter((call) => isOpen(call, at)).sort((a, b) => a.closesAt.localeCompare(b.closesAt));
  const items = calls
    .map(
      (call) => `<li>
<h2>${escapeHtml(call.title)}</h2>
${call.description ? `<p>${escapeHtml(call.description)}</p>` : ''}
${callFacts(call)}
<p><a class="button" href="/apply/${encodeURIComponent(call.callId)}">Apply to “${escapeHtml(call.title)}”</a></p>
</li>`,
    )
    .join('');
  return page(
    200,
    'Open calls for proposals',
    `<h1>Open calls for proposals</h1>
<p>The Trust Fund gives grants to non-governmental organisations that assist victims of trafficking in persons. Projects reaching victims of armed conflict and of refugee and migration flows come first.</p>
${calls.length ? `<ul class="calls">${items}</ul>` : '<p>No call is open at the moment. Please come back later.</p>'}`,
  );
}

function documentFields(): string {
  return requiredDocuments()
    .map((doc) => {
      const id = `doc-${doc.kind}`;
      const types = listOf([...new Set(doc.contentTypes.map((t) => FILE_TYPE_NAMES[t] ?? t))]);
      const accept = doc.contentTypes.flatMap((t) => [t, ...(FILE_EXTENSIONS[t] ?? [])]).join(',');
      return `<div class="field" data-field="documents.${doc.kind}">
<label for="${id}">${escapeHtml(doc.label)}</label>
<p class="help" id="${id}-help">${escapeHtml(types)} file, at most ${doc.maxBytes / 1024 / 1024} MB.</p>
<input type="file" id="${id}" name="documents.${doc.kind}" data-kind="${doc.kind}" data-max-bytes="${doc.maxBytes}" data-content-types="${escapeHtml(doc.contentTypes.join(' '))}" accept="${escapeHtml(accept)}" aria-describedby="${id}-help ${id}-error" required>
<p class="error" id="${id}-error" data-error-for="documents.${doc.kind}" hidden></p>
</div>`;
    })
    .join('\n');
}

async function applyForm(event: HttpEvent) {
  const call = await getCall(pathParam(event, 'callId'));
  if (!call) return notFoundPage();
  if (!isOpen(call, now())) {
    return page(
      200,
      call.title,
      `<h1>${escapeHtml(call.title)}</h1><p>This call is not open for applications.</p><p><a href="/">See the open calls</a></p>`,
    );
  }
  return page(
    200,
    `Apply: ${call.title}`,
    `<h1>Apply: ${escapeHtml(call.title)}</h1>
${callFacts(call)}
<p>Operational (indirect) costs may be at most ${Math.round(call.maxOperationalShare * 100)}% of the amount requested. Every field is required unless it says “optional”.</p>
<noscript><p class="error">This form needs JavaScript: it sends your documents straight to secure storage. Please turn JavaScript on, or write to the secretariat.</p></noscript>
<div id="error-summary" class="summary" role="alert" tabindex="-1" hidden></div>
<form data-apply data-call-id="${escapeHtml(call.callId)}" novalidate>
${renderApplicationForm(applicationFormSchema() as JsonSchema)}
<fieldset class="section" data-field="documents"><legend>Documents</legend>
<p class="help">One file for each document. They are checked when you submit.</p>
${documentFields()}
</fieldset>
<div data-js-only hidden>
<p id="progress" class="progress" role="status" aria-live="polite"></p>
<button type="submit">Submit the application</button>
</div>
</form>`,
    ['apply.js'],
  );
}

async function statusPage(event: HttpEvent) {
  const applicationId = pathParam(event, 'applicationId');
  // The page is the same for every id: it shows nothing until the API answers with the token.
  return page(
    200,
    'Your application',
    `<div id="status" data-application-id="${escapeHtml(applicationId)}"><h1>Your application</h1>
<noscript><p>This page needs JavaScript: it opens your application with the access code from your email, which never leaves your browser except to ask for your application.</p></noscript>
</div>
<p id="announce" class="vh" role="status" aria-live="polite"></p>`,
    ['status.js'],
  );
}

const etag = (body: string) => `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;

/**
 * Assets are not fingerprinted (their names are fixed), so browsers keep them
 * five minutes and revalidate with the ETag after that: a deploy reaches
 * everyone within minutes, and a revalidation costs a 304.
 */
const ASSETS: Record<string, { type: string; body: string; etag: string }> = Object.fromEntries(
  [
    ['style.css', 'text/css; charset=utf-8', STYLE_CSS],
    ['apply.js', 'text/javascript; charset=utf-8', APPLY_JS],
    ['status.js', 'text/javascript; charset=utf-8', STATUS_JS],
    ['report.js', 'text/javascript; charset=utf-8', REPORT_JS],
  ].map(([name, type, body]) => [name!, { type: type!, body: body!, etag: etag(body!) }]),
);

async function asset(event: HttpEvent): Promise<HttpResult> {
  const name = pathParam(event, 'file');
  const file = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
  if (!file) return notFoundPage();
  const headers = {
    'content-type': file.type,
    'cache-control': 'public, max-age=300, must-revalidate',
    etag: file.etag,
    'x-content-type-options': 'nosniff',
  };
  if (header(event, 'if-none-match') === file.etag) return { statusCode: 304, headers, body: '' };
  return { statusCode: 200, headers, body: file.body };
}

export const handler = httpApi({
  'GET /docs': async () => page(200, 'API', docsPage()),
  'GET /': openCalls,
  'GET /apply/{callId}': applyForm,
  'GET /status/{applicationId}': statusPage,
  'GET /assets/{file}': asset,
});
