// The report form behind a grantee's link. GET shows what is asked (never
// acts); POST …/documents presigns the upload of the financial statement;
// POST takes the report: checked (figures that add up, the statement really
// uploaded and of its type), recorded with one conditional write, then the
// waiting step of the `milestone` workflow is resumed with the token kept on
// the server, and only then is the link marked used.
//
// The page is in the language of the grant's application (English, French or
// Spanish; texts in #shared/web-i18n.ts); the JSON answers are the API's, in
// English.
import { inspectUpload, presignUpload, UPLOAD_EXPIRY_SECONDS, uploadedContentType } from '#shared/adapters/documents.ts';
import { completeTask, isTaskGone } from '#shared/adapters/workflows.ts';
import { ReportDocumentRequest, ReportInput } from '#shared/api/schemas.ts';
import { now } from '#shared/clock.ts';
import { figureProblems } from '#shared/domain/reports.ts';
import { BENEFICIARY_GROUPS, DOCUMENT_KEY_PREFIX, FORMS_OF_EXPLOITATION, LANGUAGES, SERVICES } from '#shared/domain/vocabulary.ts';
import { header, httpApi, json, parseJson, pathParam, type HttpEvent, type HttpResult } from '#shared/http/api.ts';
import { HttpError, validationFailed } from '#shared/http/errors.ts';
import { escapeHtml, page } from '#shared/http/html.ts';
import { failure as linkFailure, linkError, wantsHtml } from '#shared/http/link-pages.ts';
import { newId } from '#shared/ids.ts';
import { logger } from '#shared/logger.ts';
import { getApplication } from '#shared/repository/applications.ts';
import { getGrant, type Grant } from '#shared/repository/grants.ts';
import { MESSAGE_PATTERNS, pageLanguage, REPORT_LINK_TEXT, REPORT_TEXT, VOCABULARY, type Language } from '#shared/web-i18n.ts';
import { resolveLink, useLink } from '#shared/repository/links.ts';
import { getReport, updateReport } from '#shared/repository/milestones.ts';

/**
 * A link that does not open the form: JSON as the API's error; for people, a
 * page in the grantee's language (from the link's grant, even an expired or
 * used one; else the browser's), or the API's message where the page has no
 * sentence of its own.
 */
async function failure(event: HttpEvent, error: HttpError): Promise<HttpResult> {
  const sentence = REPORT_LINK_TEXT.en[error.code as keyof (typeof REPORT_LINK_TEXT)['en']];
  if (!wantsHtml(event) || !sentence) return linkFailure(event, error, 'Report');
  const resolved = await resolveLink(event.pathParameters?.ref ?? '', 'report', now());
  const grantId = resolved.state === 'unknown' ? undefined : (resolved.link.subject as Record<string, string>).grantId;
  const grant = grantId ? await getGrant(grantId) : undefined;
  const lang = grant ? await languageOf(grant) : pageLanguage(undefined, header(event, 'accept-language'));
  const t = REPORT_LINK_TEXT[lang];
  return page(error.status, t.title, `<h1>${escapeHtml(t[error.code as keyof typeof t])}</h1>`, [], lang);
}

async function openReport(event: HttpEvent) {
  const reference = pathParam(event, 'ref');
  const resolved = await resolveLink(reference, 'report', now());
  if (resolved.state !== 'open') throw linkError(resolved.state);
  const { grantId, report: number } = resolved.link.subject as Record<string, string>;
  const [grant, report] = await Promise.all([getGrant(grantId!), getReport(grantId!, Number(number))]);
  if (!grant || !report) throw linkError('unknown');
  if (grant.status !== 'active') {
    throw new HttpError(409, 'GRANT_CLOSED', `This grant is ${grant.status}: it takes no more reports.`, [{ path: 'grant.status', message: `is ${grant.status}` }]);
  }
  // Submitted through another link of the same report (a reminder's, or the first one).
  if (report.status !== 'requested') throw linkError(report.status === 'submitted' || report.status === 'accepted' ? 'used' : 'unknown');
  return { reference, grant, report };
}

/** The language the grantee chose on its application (English if it is not known). */
async function languageOf(grant: Grant): Promise<Language> {
  const language = (await getApplication(grant.applicationId))?.input.language;
  return language && (LANGUAGES as readonly string[]).includes(language) ? language : 'en';
}

/** Where a report's financial statement goes: under the application's documents (the prefix IAM grants are scoped to). */
const statementPrefix = (applicationId: string, number: number) => `${DOCUMENT_KEY_PREFIX}${applicationId}/reports/${number}/`;

async function show(event: HttpEvent) {
  try {
    const { grant, report } = await openReport(event);
    const returned = report.submissions.at(-1)?.review;
    const view = {
      grant: { grantId: grant.grantId, title: grant.title, organisation: grant.organisation.name },
      report: { number: report.number, kind: report.kind, periodEnd: report.periodEnd, dueDate: report.dueDate, overdue: report.overdue },
      returnedWith: returned?.decision === 'return' ? returned.comments : null,
      asks: { groups: BENEFICIARY_GROUPS, formsOfExploitation: FORMS_OF_EXPLOITATION, services: SERVICES },
    };
    if (!wantsHtml(event)) return json(200, view);
    const lang = await languageOf(grant);
    return page(200, REPORT_TEXT[lang].title, reportPage(view, lang), ['report.js'], lang);
  } catch (error) {
    if (error instanceof HttpError) return failure(event, error);
    throw error;
  }
}

async function presign(event: HttpEvent) {
  try {
    const { grant, report } = await openReport(event);
    const request = parseJson(event, ReportDocumentRequest);
    const key = `${statementPrefix(grant.applicationId, report.number)}${newId()}`;
    const { url, fields } = await presignUpload(key, request.contentType);
    return json(201, { key, contentType: request.contentType, upload: { method: 'POST', url, fields }, expiresAt: new Date(now().getTime() + UPLOAD_EXPIRY_SECONDS * 1000).toISOString() });
  } catch (error) {
    if (error instanceof HttpError) return failure(event, error);
    throw error;
  }
}

async function submit(event: HttpEvent) {
  try {
    const { reference, grant, report } = await openReport(event);
    const input = parseJson(event, ReportInput);
    const problems = figureProblems(input.figures);
    if (!input.financialStatementKey.startsWith(statementPrefix(grant.applicationId, report.number))) {
      problems.push({ path: 'financialStatementKey', message: 'is not an upload of this report: use the key from POST /report/{ref}/documents' });
    } else {
      const contentType = (await uploadedContentType(input.financialStatementKey)) ?? 'application/pdf';
      const check = await inspectUpload('financial-statement', input.financialStatementKey, contentType);
      if (check.status === 'missing') problems.push({ path: 'financialStatementKey', message: 'the financial statement is not uploaded' });
      else if (check.status === 'invalid') problems.push({ path: 'financialStatementKey', message: `the financial statement: ${check.problem}` });
    }
    if (problems.length) throw validationFailed(problems, 'The report is not complete or does not add up; nothing was recorded.');
    const at = now().toISOString();
    const token = report.taskToken;
    if (!token) throw new HttpError(503, 'TRY_AGAIN', 'The report is not ready to be taken; nothing was recorded. Please send it again in a minute.');
    const submission = { at, narrative: input.narrative, financialStatementKey: input.financialStatementKey, figures: input.figures };
    if (!(await updateReport(grant.grantId, report.number, { status: 'submitted', overdue: false, submittedAt: at }, ['requested'], { submission }))) throw linkError('used');
    try {
      await completeTask(token, { submittedAt: at });
    } catch (error) {
      if (!isTaskGone(error)) throw error;
      await updateReport(grant.grantId, report.number, { status: 'requested', overdue: report.overdue }, ['submitted']);
      throw new HttpError(503, 'TRY_AGAIN', 'The report is not ready to be taken; nothing was recorded. Please send it again in a minute.');
    }
    await useLink(reference, 'report', new Date(at));
    logger.info('report submitted', { grantId: grant.grantId, report: report.number });
    if (!wantsHtml(event)) return json(200, { status: 'submitted', submittedAt: at });
    const lang = await languageOf(grant);
    const t = REPORT_TEXT[lang];
    return page(200, t.thanksTitle, `<h1>${escapeHtml(t.thanksTitle)}</h1><p>${escapeHtml(t.thanks)}</p>`, [], lang);
  } catch (error) {
    if (error instanceof HttpError) return failure(event, error);
    throw error;
  }
}

const numberField = (name: string, text: string) =>
  `<div class="field"><label for="${name}">${escapeHtml(text)}</label><input type="number" id="${name}" name="${name}" min="0" step="1" inputmode="numeric"></div>`;

function reportPage(
  view: {
    grant: { title: string; organisation: string };
    report: { number: number; kind: string; periodEnd: string; dueDate: string; overdue: boolean };
    returnedWith: string | null;
  },
  lang: Language,
) {
  const t = REPORT_TEXT[lang];
  const words = VOCABULARY[lang];
  const kind = view.report.kind === 'final' ? 'final' : 'interim';
  const scriptTexts = { lang, ...t.script, thanksTitle: t.thanksTitle, thanks: t.thanks, send: t.send, patterns: MESSAGE_PATTERNS[lang] };
  return `<h1>${escapeHtml(t.heading(view.report.number, view.grant.title))}</h1>
<p>${escapeHtml(t.intro(view.grant.organisation, kind, view.report.periodEnd, view.report.dueDate, view.report.overdue))}</p>
${view.returnedWith ? `<h2>${escapeHtml(t.comments)}</h2><p>${escapeHtml(view.returnedWith)}</p>` : ''}
<div id="error-summary" class="error-summary" role="alert" tabindex="-1" hidden></div>
<form data-report data-texts="${escapeHtml(JSON.stringify(scriptTexts))}" novalidate>
<p data-needs-js class="help">${escapeHtml(t.needsJs)}</p>
<div class="field"><label for="narrative">${escapeHtml(t.narrative)}</label><p class="help" id="narrative-help">${escapeHtml(t.narrativeHelp)}</p><textarea id="narrative" name="narrative" rows="8" required aria-describedby="narrative-help"></textarea></div>
<div class="field"><label for="financialStatement">${escapeHtml(t.statement)}</label><input type="file" id="financialStatement" name="financialStatement" required accept=".pdf,.docx,.xlsx,.odt,.ods,.jpg,.jpeg,.png"></div>
<fieldset class="field group"><legend>${escapeHtml(t.beneficiaries)}</legend>
${BENEFICIARY_GROUPS.map((g) => numberField(`beneficiaries.${g}`, words.beneficiaryGroups[g])).join('')}
${numberField('beneficiaries.total', t.total)}
</fieldset>
<fieldset class="field group"><legend>${escapeHtml(t.byExploitation)}</legend>
${FORMS_OF_EXPLOITATION.map((f) => numberField(`byExploitation.${f}`, words.formsOfExploitation[f])).join('')}
</fieldset>
<fieldset class="field group"><legend>${escapeHtml(t.services)}</legend>
${SERVICES.map((s) => numberField(`services.${s}`, words.services[s])).join('')}
</fieldset>
<button type="submit" disabled>${escapeHtml(t.send)}</button>
</form>`;
}

export const handler = httpApi({
  'GET /report/{ref}': show,
  'POST /report/{ref}': submit,
  'POST /report/{ref}/documents': presign,
});
