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
// - Pages in English, French or Spanish (texts in #shared/web-i18n.ts): the
//   language is `?lang=` (the switcher's plain links), else the browser's
//   Accept-Language, else English. The status page carries its texts in all
//   three: its script shows the application in the application's own language
//   once the API has answered (the page's language until then).
import { createHash } from 'node:crypto';
import { applicationFormSchema } from '#shared/api/schemas.ts';
import { requiredDocuments } from '#shared/api/views.ts';
import { now } from '#shared/clock.ts';
import { formatUsd } from '#shared/domain/money.ts';
import { header, httpApi, pathParam, type HttpEvent, type HttpResult } from '#shared/http/api.ts';
import { escapeHtml, notFoundPage, page } from '#shared/http/html.ts';
import {
  APPLY_SCRIPT_TEXT,
  CALLS_TEXT,
  CHROME,
  DATE_LOCALES,
  DOCUMENT_LABELS,
  FORM_TEXT,
  LANGUAGE_NAMES,
  MESSAGE_PATTERNS,
  pageLanguage,
  STATUS_TEXT,
  statusScriptTexts,
  type Language,
} from '#shared/web-i18n.ts';
import { LANGUAGES } from '#shared/domain/vocabulary.ts';
import { ORG_TEXT } from '#shared/org-i18n.ts';
import { getCall, isOpen, listCalls, type Call } from '#shared/repository/calls.ts';
import { APPLY_JS, REPORT_JS, STATUS_JS, STYLE_CSS, TEXTS_JS } from './assets.ts';
import { docsPage } from './docs.ts';
import { renderApplicationForm, type JsonSchema } from './form.ts';

/** Dates in UTC, written out (no ambiguity between 03/04 and 04/03), with a machine-readable `<time>`. */
const dateOf = (iso: string, lang: Language) =>
  `<time datetime="${escapeHtml(iso)}">${escapeHtml(
    new Date(iso).toLocaleString(DATE_LOCALES[lang], { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }),
  )} UTC</time>`;

const languageOf = (event: HttpEvent): Language => pageLanguage(event.queryStringParameters?.lang, header(event, 'accept-language'));

/** Plain links to the same page in each language (no JavaScript needed); the current one is marked. */
function switcher(event: HttpEvent, lang: Language): string {
  const path = event.rawPath || '/';
  const links = LANGUAGES.map((l) =>
    l === lang
      ? `<li><a href="${escapeHtml(path)}?lang=${l}" lang="${l}" hreflang="${l}" aria-current="true">${escapeHtml(LANGUAGE_NAMES[l])}</a></li>`
      : `<li><a href="${escapeHtml(path)}?lang=${l}" lang="${l}" hreflang="${l}">${escapeHtml(LANGUAGE_NAMES[l])}</a></li>`,
  ).join('');
  return `<nav class="languages" aria-label="${escapeHtml(CHROME[lang].languages)}"><ul>${links}</ul></nav>`;
}

/** The public pages: in the chosen language, with the switcher; the page varies with Accept-Language. */
const localisedPage = (event: HttpEvent, lang: Language, status: number, title: string, body: string, scripts: string[] = []) => {
  const result = page(status, title, body, scripts, lang, switcher(event, lang));
  return { ...result, headers: { ...result.headers, vary: 'accept-language', 'content-language': lang } };
};

/** Texts for a page's script, in a data attribute (the CSP allows no inline script). */
const dataTexts = (texts: unknown) => escapeHtml(JSON.stringify(texts));

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
const listOf = (names: string[], or: string) => (names.length > 1 ? `${names.slice(0, -1).join(', ')} ${or} ${names.at(-1)}` : names.join(''));
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

function callFacts(call: Call, lang: Language): string {
  const t = CALLS_TEXT[lang];
  const range = call.minGrantUsd > 0 ? t.range(formatUsd(call.minGrantUsd), formatUsd(call.maxGrantUsd)) : t.upTo(formatUsd(call.maxGrantUsd));
  return `<dl class="facts">
<dt>${escapeHtml(t.budget)}</dt><dd>${escapeHtml(formatUsd(call.budgetUsd))}</dd>
<dt>${escapeHtml(t.grantSize)}</dt><dd>${escapeHtml(range)}</dd>
<dt>${escapeHtml(t.duration)}</dt><dd>${escapeHtml(t.atMostMonths(call.maxDurationMonths))}</dd>
<dt>${escapeHtml(t.closes)}</dt><dd>${dateOf(call.closesAt, lang)}</dd>
</dl>`;
}

/** A link that keeps the page's language when it was chosen with `?lang=`. */
const withLang = (event: HttpEvent, href: string) => {
  const chosen = event.queryStringParameters?.lang;
  return chosen && (LANGUAGES as readonly string[]).includes(chosen) ? `${href}?lang=${chosen}` : href;
};

async function openCalls(event: HttpEvent) {
  const lang = languageOf(event);
  const t = CALLS_TEXT[lang];
  const at = now();
  const calls = (await listCalls()).filter((call) => isOpen(call, at)).sort((a, b) => a.closesAt.localeCompare(b.closesAt));
  const items = calls
    .map(
      (call) => `<li>
<h2>${escapeHtml(call.title)}</h2>
${call.description ? `<p>${escapeHtml(call.description)}</p>` : ''}
${callFacts(call, lang)}
<p><a class="button" href="${escapeHtml(withLang(event, `/apply/${encodeURIComponent(call.callId)}`))}">${escapeHtml(t.apply(call.title))}</a></p>
</li>`,
    )
    .join('');
  return localisedPage(
    event,
    lang,
    200,
    t.title,
    `<h1>${escapeHtml(t.title)}</h1>
<p>${escapeHtml(t.intro)}</p>
<p><a href="${escapeHtml(withLang(event, '/org'))}">${escapeHtml(ORG_TEXT[lang].orgLink)}</a></p>
${calls.length ? `<ul class="calls">${items}</ul>` : `<p>${escapeHtml(t.none)}</p>`}`,
  );
}

function documentFields(lang: Language): string {
  const t = FORM_TEXT[lang];
  return requiredDocuments()
    .map((doc) => {
      const id = `doc-${doc.kind}`;
      const types = listOf([...new Set(doc.contentTypes.map((type) => FILE_TYPE_NAMES[type] ?? type))], t.or);
      const accept = doc.contentTypes.flatMap((type) => [type, ...(FILE_EXTENSIONS[type] ?? [])]).join(',');
      return `<div class="field" data-field="documents.${doc.kind}">
<label for="${id}">${escapeHtml(DOCUMENT_LABELS[lang][doc.kind])}</label>
<p class="help" id="${id}-help">${escapeHtml(t.fileHelp(types, doc.maxBytes / 1024 / 1024))}</p>
<input type="file" id="${id}" name="documents.${doc.kind}" data-kind="${doc.kind}" data-max-bytes="${doc.maxBytes}" data-content-types="${escapeHtml(doc.contentTypes.join(' '))}" accept="${escapeHtml(accept)}" aria-describedby="${id}-help ${id}-error" required>
<p class="error" id="${id}-error" data-error-for="documents.${doc.kind}" hidden></p>
</div>`;
    })
    .join('\n');
}

async function applyForm(event: HttpEvent) {
  const lang = languageOf(event);
  const call = await getCall(pathParam(event, 'callId'));
  if (!call) return notFoundPage(lang);
  const t = FORM_TEXT[lang];
  if (!isOpen(call, now())) {
    return localisedPage(
      event,
      lang,
      200,
      call.title,
      `<h1>${escapeHtml(call.title)}</h1><p>${escapeHtml(t.notOpen)}</p><p><a href="${escapeHtml(withLang(event, '/'))}">${escapeHtml(t.seeCalls)}</a></p>`,
    );
  }
  const s = APPLY_SCRIPT_TEXT[lang]!;
  const scriptTexts = { ...s, optional: t.optional, atLeastOne: t.atLeastOne, patterns: MESSAGE_PATTERNS[lang] };
  return localisedPage(
    event,
    lang,
    200,
    t.applyTitle(call.title),
    `<h1>${escapeHtml(t.applyTitle(call.title))}</h1>
${callFacts(call, lang)}
<p>${escapeHtml(t.rules(Math.round(call.maxOperationalShare * 100)))}</p>
<noscript><p class="error">${escapeHtml(t.noscript)}</p></noscript>
<nav class="steps" aria-label="${escapeHtml(s.steps)}" data-js-only hidden><ol id="steps"></ol></nav>
<h2 id="step-title" tabindex="-1" data-js-only hidden></h2>
<div id="error-summary" class="summary" role="alert" tabindex="-1" hidden></div>
<form data-apply data-call-id="${escapeHtml(call.callId)}" data-texts="${dataTexts(scriptTexts)}" novalidate>
${renderApplicationForm(applicationFormSchema() as JsonSchema, lang)}
<fieldset class="section" data-field="documents"><legend>${escapeHtml(t.documents)}</legend>
<p class="help">${escapeHtml(t.documentsHelp)}</p>
${documentFields(lang)}
</fieldset>
<section data-check-step data-js-only hidden>
<div data-missing></div>
<div class="field" data-field="confirmationCode" data-confirm hidden>
<label for="f-confirmationCode">${escapeHtml(t.confirmationCode)}</label>
<p class="help" id="f-confirmationCode-help">${escapeHtml(t.confirmationCodeHelp)}</p>
<p class="error" data-error-for="confirmationCode" hidden></p>
<input id="f-confirmationCode" type="text" autocomplete="one-time-code" autocapitalize="characters" spellcheck="false" maxlength="20" aria-describedby="f-confirmationCode-help">
</div>
<p id="progress" class="progress" role="status" aria-live="polite"></p>
<button type="submit">${escapeHtml(t.submit)}</button>
</section>
<div class="step-buttons" data-js-only hidden><button type="button" class="secondary" data-step-back>${escapeHtml(s.back)}</button><button type="button" data-step-next>${escapeHtml(s.next)}</button></div>
<p id="save-status" class="save-status" role="status" aria-live="polite" data-js-only hidden></p>
</form>`,
    ['apply.js'],
  );
}

async function statusPage(event: HttpEvent) {
  const applicationId = pathParam(event, 'applicationId');
  // The page is the same for every id: it shows nothing until the API answers with the token. Its script then
  // shows the application in the application's language (all three are here), and in the page's language until then.
  const lang = languageOf(event);
  const t = STATUS_TEXT[lang];
  const result = page(
    200,
    t.title,
    `<div id="status" data-application-id="${escapeHtml(applicationId)}" data-lang="${lang}" data-texts="${dataTexts(statusScriptTexts())}"><h1>${escapeHtml(t.title)}</h1>
<noscript><p>${escapeHtml(t.noscript)}</p></noscript>
</div>
<p id="announce" class="vh" role="status" aria-live="polite"></p>`,
    ['status.js'],
    lang,
  );
  return { ...result, headers: { ...result.headers, vary: 'accept-language' } };
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
    ['texts.js', 'text/javascript; charset=utf-8', TEXTS_JS],
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
