import { applicationFormSchema } from '#shared/api/schemas.ts';
import { requiredDocuments } from '#shared/api/views.ts';
import { now } from '#shared/clock.ts';
import { formatUsd } from '#shared/domain/money.ts';
import { httpApi, pathParam, type HttpEvent, type HttpResult } from '#shared/http/api.ts';
import { getCall, isOpen, listCalls } from '#shared/repository/calls.ts';
import { APPLY_JS, STATUS_JS, STYLE_CSS } from './assets.ts';
import { renderApplicationForm, type JsonSchema } from './form.ts';
import { escapeHtml, notFoundPage, page } from '#shared/http/html.ts';

const dateOf = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';

async function openCalls() {
  const at = now();
  const calls = (await listCalls()).filter((call) => isOpen(call, at));
  const items = calls
    .map(
      (call) => `<li>
<h2>${escapeHtml(call.title)}</h2>
${call.description ? `<p>${escapeHtml(call.description)}</p>` : ''}
<dl class="facts">
<dt>Budget</dt><dd>${formatUsd(call.budgetUsd)}</dd>
<dt>Grants up to</dt><dd>${formatUsd(call.maxGrantUsd)}, for at most ${call.maxDurationMonths} months</dd>
<dt>Closes</dt><dd>${escapeHtml(dateOf(call.closesAt))}</dd>
</dl>
<p><a href="/apply/${encodeURIComponent(call.callId)}">Apply to “${escapeHtml(call.title)}”</a></p>
</li>`,
    )
    .join('');
  return page(
    200,
    'Open calls for proposals',
    `<h1>Open calls for proposals</h1>
<p>The Trust Fund gives grants to non-governmental organisations that assist victims of trafficking in persons. Projects reaching victims of armed conflict and of refugee and migration flows come first.</p>
${calls.length ? `<ul class="calls">${items}</ul>` : '<p>No call is open at the moment.</p>'}`,
  );
}

async function applyForm(event: HttpEvent) {
  const call = await getCall(pathParam(event, 'callId'));
  if (!call) return notFoundPage();
  if (!isOpen(call, now())) {
    return page(200, call.title, `<h1>${escapeHtml(call.title)}</h1><p>This call is not open for applications.</p><p><a href="/">See the open calls</a></p>`);
  }
  const documents = requiredDocuments()
    .map(
      (doc) => `<div class="field" data-field="documents.${doc.kind}">
<label for="doc-${doc.kind}">${escapeHtml(doc.label)}</label>
<p class="help" id="doc-${doc.kind}-help">PDF, Word, Excel, OpenDocument, JPEG or PNG, at most ${doc.maxBytes / 1024 / 1024} MiB.</p>
<input type="file" id="doc-${doc.kind}" data-kind="${doc.kind}" accept="${doc.contentTypes.join(',')}" aria-describedby="doc-${doc.kind}-help doc-${doc.kind}-error" required>
<p class="error" id="doc-${doc.kind}-error" data-error-for="documents.${doc.kind}" hidden></p>
</div>`,
    )
    .join('\n');
  return page(
    200,
    `Apply: ${call.title}`,
    `<h1>Apply: ${escapeHtml(call.title)}</h1>
<p>Grants up to ${formatUsd(call.maxGrantUsd)} for at most ${call.maxDurationMonths} months; operational costs at most ${Math.round(call.maxOperationalShare * 100)}% of the amount requested. The call closes on ${escapeHtml(dateOf(call.closesAt))}.</p>
<noscript><p class="error">This form needs JavaScript: it uploads your documents directly to secure storage.</p></noscript>
<div id="error-summary" class="summary" role="alert" tabindex="-1" hidden></div>
<form data-apply data-call-id="${escapeHtml(call.callId)}" novalidate>
${renderApplicationForm(applicationFormSchema() as JsonSchema)}
<fieldset class="section"><legend>Documents</legend>
${documents}
</fieldset>
<div data-js-only hidden>
<p id="progress" class="progress" aria-live="polite"></p>
<button type="submit">Submit the application</button>
</div>
</form>`,
    ['apply.js'],
  );
}

async function statusPage(event: HttpEvent) {
  const applicationId = pathParam(event, 'applicationId');
  return page(
    200,
    'Your application',
    `<div id="status" data-application-id="${escapeHtml(applicationId)}" aria-live="polite"><h1>Your application</h1><p>Loading…</p></div>
<noscript><p>This page needs JavaScript to show your application with your access code.</p></noscript>`,
    ['status.js'],
  );
}

const ASSETS: Record<string, { type: string; body: string }> = {
  'style.css': { type: 'text/css; charset=utf-8', body: STYLE_CSS },
  'apply.js': { type: 'text/javascript; charset=utf-8', body: APPLY_JS },
  'status.js': { type: 'text/javascript; charset=utf-8', body: STATUS_JS },
};

async function asset(event: HttpEvent): Promise<HttpResult> {
  const file = ASSETS[pathParam(event, 'file')];
  if (!file) return notFoundPage();
  return {
    statusCode: 200,
    headers: { 'content-type': file.type, 'cache-control': 'public, max-age=300', 'x-content-type-options': 'nosniff' },
    body: file.body,
  };
}

export const handler = httpApi({
  'GET /': openCalls,
  'GET /apply/{callId}': applyForm,
  'GET /status/{applicationId}': statusPage,
  'GET /assets/{file}': asset,
});
