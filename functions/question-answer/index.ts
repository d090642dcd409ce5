// The page behind the link of a secretariat's question (issue 11). GET shows
// the question and a form (never acts: mail scanners follow links); POST
// takes the answer, text and optionally one document; POST …/documents
// presigns that document's upload. Like the report form
// (functions/report-answer), the document goes straight from the browser to
// the bucket and is checked here (there, within the size limit, of its type
// by its first bytes) before the answer is accepted.
//
// Decisions:
// - Works without JavaScript for a text answer: a plain form post
//   (application/x-www-form-urlencoded) answered with a page. The page's
//   small script (GET /question/assets/question.js, served from here so the
//   page needs nothing of another function) uploads a chosen document first,
//   puts its key in the form and lets the same form post go.
// - One answer per question: the answer is one conditional write on the
//   question (no answer yet); then the link is marked used. Sending the same
//   answer again (a double click, a retry after a lost connection) answers
//   200 with the answer recorded, nothing written twice; a different one is
//   409 ALREADY_ANSWERED. GET of an answered question's link shows the
//   answer received (even after the link's expiry); unanswered and expired:
//   410; unknown or tampered: 404.
// - The reference in the path is the credential (no cookie), so posts from
//   another site are refused (403 CROSS_SITE, shared/http/cross-site.ts), and
//   the pages use the same-origin referrer policy so that browsers without
//   Sec-Fetch-Site still name our origin on their own posts.
// - Pages speak the application's language; the JSON answers are the API's,
//   in English. The question and answer texts are never logged.
import { inspectUpload, presignUpload, UPLOAD_EXPIRY_SECONDS, uploadedContentType } from '#shared/adapters/documents.ts';
import { QuestionAnswerInput, ReportDocumentRequest } from '#shared/api/schemas.ts';
import { now } from '#shared/clock.ts';
import { DOCUMENT_CONTENT_TYPES, DOCUMENT_KEY_PREFIX, LANGUAGES, MAX_DOCUMENT_BYTES, type Language } from '#shared/domain/vocabulary.ts';
import { errorResponse, header, httpApi, json, parseJson, pathParam, type HttpEvent, type HttpResult } from '#shared/http/api.ts';
import { refuseCrossSite } from '#shared/http/cross-site.ts';
import { HttpError, notFound, validationFailed, type ErrorDetail } from '#shared/http/errors.ts';
import { escapeHtml, page } from '#shared/http/html.ts';
import { answerBody, linkError, wantsHtml } from '#shared/http/link-pages.ts';
import { issuesToDetails } from '#shared/http/zod-issues.ts';
import { newId } from '#shared/ids.ts';
import { logger } from '#shared/logger.ts';
import { QUESTION_TEXT } from '#shared/question-i18n.ts';
import { audit } from '#shared/repository/audit.ts';
import { getApplication, type Application } from '#shared/repository/applications.ts';
import { resolveLink, useLink } from '#shared/repository/links.ts';
import { getQuestion, recordAnswer, type Question, type QuestionAnswer } from '#shared/repository/questions.ts';
import { DATE_LOCALES, pageLanguage } from '#shared/web-i18n.ts';
import { QUESTION_JS } from './script.ts';

type Opened = { reference: string; state: 'open' | 'used' | 'expired'; question: Question; app: Application; lang: Language };

const languageOf = (app: Application): Language => (LANGUAGES as readonly string[]).includes(app.input.language) ? app.input.language : 'en';

const dateIn = (lang: Language, iso: string) => new Date(iso).toLocaleDateString(DATE_LOCALES[lang], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** Where a question's document goes: under the application's documents (the prefix IAM grants are scoped to). */
const documentPrefix = (q: Pick<Question, 'applicationId' | 'questionId'>) => `${DOCUMENT_KEY_PREFIX}${q.applicationId}/questions/${q.questionId}/`;

async function openQuestion(event: HttpEvent): Promise<Opened> {
  const reference = pathParam(event, 'ref');
  const resolved = await resolveLink(reference, 'question', now());
  if (resolved.state === 'unknown') throw linkError('unknown');
  const { applicationId, questionId, askedAt } = resolved.link.subject;
  const [question, app] = await Promise.all([getQuestion(applicationId!, askedAt!, questionId!), getApplication(applicationId!)]);
  if (!question || !app) throw linkError('unknown');
  return { reference, state: resolved.state, question, app, lang: languageOf(app) };
}

/** Our pages: same-origin referrer policy (see the decisions above). */
const ownPage = (result: HttpResult): HttpResult => ({ ...result, headers: { ...result.headers, 'referrer-policy': 'same-origin' } });

/** A link that opens no form: the API's error as JSON, or a page in the application's language (else the browser's). */
function failure(event: HttpEvent, error: HttpError, lang?: Language): HttpResult {
  if (!wantsHtml(event)) return errorResponse(error);
  const language = lang ?? pageLanguage(undefined, header(event, 'accept-language'));
  const t = QUESTION_TEXT[language];
  const sentence = error.code === 'LINK_EXPIRED' ? t.expired : error.code === 'NOT_FOUND' ? t.notFound : error.code === 'ALREADY_ANSWERED' ? t.otherAnswer : error.message;
  return ownPage(page(error.status, t.title, `<h1>${escapeHtml(t.title)}</h1><p>${escapeHtml(sentence)}</p>`, [], language));
}

const answerView = (answer: QuestionAnswer) => ({ text: answer.text, answeredAt: answer.answeredAt, ...(answer.documentKey ? { document: { fileName: answer.fileName, contentType: answer.contentType } } : {}) });

function answeredPage(opened: Opened, status = 200, thanks = false): HttpResult {
  const { question, lang } = opened;
  const t = QUESTION_TEXT[lang];
  const answer = question.answer!;
  const heading = thanks ? t.thanksTitle : t.answeredTitle;
  const body = `<h1>${escapeHtml(heading)}</h1>${thanks ? `<p>${escapeHtml(t.thanks)}</p>` : ''}
<h2>${escapeHtml(t.asked(dateIn(lang, question.askedAt)))}</h2><blockquote class="question">${paragraphs(question.text)}</blockquote>
<h2>${escapeHtml(t.answered(dateIn(lang, answer.answeredAt)))}</h2><blockquote class="answer">${paragraphs(answer.text)}</blockquote>
${answer.fileName ? `<p>${escapeHtml(t.withDocument(answer.fileName))}</p>` : ''}`;
  return ownPage(page(status, heading, body, [], lang));
}

const paragraphs = (text: string) =>
  text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => `<p>${escapeHtml(p).replace(/\r?\n/g, '<br>')}</p>`)
    .join('');

/** The form; after a refused post, the problems named at the top and at their field, with what was typed kept. */
function formPage(opened: Opened, status = 200, problems: ErrorDetail[] = [], typed = ''): HttpResult {
  const { question, app, lang } = opened;
  const t = QUESTION_TEXT[lang];
  const answerProblem = problems.find((p) => p.path === 'answer');
  const otherProblems = problems.filter((p) => p.path !== 'answer');
  const sentence = (p: ErrorDetail) =>
    p.path === 'answer' ? (/at most/.test(p.message) ? t.answerTooLong : t.answerRequired) : p.path === 'documentKey' ? t.documentProblem(p.message) : `${p.path}: ${p.message}`;
  const summary = problems.length
    ? `<div id="error-summary" class="summary" role="alert" tabindex="-1"><h2>${escapeHtml(t.problem)}</h2><ul>${problems.map((p) => `<li><a href="#${p.path === 'answer' ? 'answer' : 'document'}">${escapeHtml(sentence(p))}</a></li>`).join('')}</ul></div>`
    : '<div id="error-summary" class="summary" role="alert" tabindex="-1" hidden></div>';
  const scriptTexts = { uploadFailed: t.uploadFailed, connection: t.connection, problem: t.problem, sending: t.sending, documentProblem: t.documentProblem('{detail}') };
  const body = `<h1>${escapeHtml(t.title)}</h1>
<p>${escapeHtml(t.about(app.input.project.title, app.input.organisation.name))}</p>
${summary}
<h2>${escapeHtml(t.asked(dateIn(lang, question.askedAt)))}</h2><blockquote class="question">${paragraphs(question.text)}</blockquote>
<form method="post" data-question data-texts="${escapeHtml(JSON.stringify(scriptTexts))}" data-types="${escapeHtml(DOCUMENT_CONTENT_TYPES.join(' '))}" data-max="${MAX_DOCUMENT_BYTES}">
<div class="field"><label for="answer">${escapeHtml(t.answer)}</label><p class="help" id="answer-help">${escapeHtml(t.answerHelp)}</p>${answerProblem ? `<p class="error" id="answer-error">${escapeHtml(sentence(answerProblem))}</p>` : ''}<textarea id="answer" name="answer" rows="8" maxlength="5000" required aria-describedby="answer-help${answerProblem ? ' answer-error' : ''}"${answerProblem ? ' aria-invalid="true"' : ''}>${escapeHtml(typed)}</textarea></div>
<p class="help" data-no-js>${escapeHtml(t.noJsDocument)}</p>
<div class="field" data-document hidden><label for="document">${escapeHtml(t.document)}</label><p class="help" id="document-help">${escapeHtml(t.documentHelp)}</p>${otherProblems.length ? `<p class="error" id="document-error">${escapeHtml(otherProblems.map(sentence).join(' '))}</p>` : ''}<input type="file" id="document" aria-describedby="document-help${otherProblems.length ? ' document-error' : ''}" accept=".pdf,.docx,.xlsx,.odt,.ods,.jpg,.jpeg,.png"></div>
<input type="hidden" name="documentKey" value="">
<input type="hidden" name="fileName" value="">
<p class="help">${escapeHtml(t.once(dateIn(lang, question.expiresAt)))}</p>
<button type="submit">${escapeHtml(t.send)}</button>
</form>`;
  return ownPage(page(status, t.title, body, ['/question/assets/question.js'], lang));
}

async function show(event: HttpEvent): Promise<HttpResult> {
  let opened: Opened | undefined;
  try {
    opened = await openQuestion(event);
    const { question, app, state } = opened;
    if (!question.answer && state !== 'open') throw linkError(state);
    if (!wantsHtml(event)) {
      return json(200, {
        status: question.answer ? 'answered' : 'waiting',
        application: { title: app.input.project.title, organisation: app.input.organisation.name },
        question: { text: question.text, askedAt: question.askedAt, expiresAt: question.expiresAt },
        ...(question.answer ? { answer: answerView(question.answer) } : { document: { optional: true, contentTypes: DOCUMENT_CONTENT_TYPES, maxBytes: MAX_DOCUMENT_BYTES } }),
      });
    }
    return question.answer ? answeredPage(opened) : formPage(opened);
  } catch (error) {
    if (error instanceof HttpError) return failure(event, error, opened?.lang);
    throw error;
  }
}

/** The question open to an answer: not answered yet and the link neither expired nor used. */
async function openToAnswer(event: HttpEvent): Promise<Opened> {
  const opened = await openQuestion(event);
  if (opened.question.answer) throw linkError('used');
  if (opened.state !== 'open') throw linkError(opened.state);
  return opened;
}

async function presign(event: HttpEvent): Promise<HttpResult> {
  refuseCrossSite(event);
  const { question } = await openToAnswer(event);
  const request = parseJson(event, ReportDocumentRequest);
  const key = `${documentPrefix(question)}${newId()}`;
  const { url, fields } = await presignUpload(key, request.contentType);
  return json(201, { key, contentType: request.contentType, upload: { method: 'POST', url, fields }, expiresAt: new Date(now().getTime() + UPLOAD_EXPIRY_SECONDS * 1000).toISOString() });
}

/** The same answer as the one recorded (what a double submit sends). */
const sameAnswer = (recorded: QuestionAnswer, input: { answer: string; documentKey?: string }) =>
  recorded.text === input.answer && (recorded.documentKey ?? '') === (input.documentKey ?? '');

async function submit(event: HttpEvent): Promise<HttpResult> {
  let opened: Opened | undefined;
  const body = answerBody(event);
  const data =
    body.kind === 'json'
      ? body.data
      : Object.fromEntries(['answer', 'documentKey', 'fileName'].filter((name) => (body.form.get(name) ?? '') !== '').map((name) => [name, body.form.get(name)]));
  const html = body.kind === 'form' || wantsHtml(event);
  const typed = typeof (data as { answer?: unknown })?.answer === 'string' ? (data as { answer: string }).answer : '';
  try {
    refuseCrossSite(event);
    opened = await openQuestion(event);
    const parsed = QuestionAnswerInput.safeParse(data);
    const { question } = opened;
    if (question.answer) {
      // Answered already: the same answer again is that answer (nothing written twice); another one is refused.
      if (parsed.success && sameAnswer(question.answer, parsed.data)) return html ? answeredPage(opened, 200, true) : json(200, { status: 'answered', answer: answerView(question.answer) });
      throw new HttpError(409, 'ALREADY_ANSWERED', 'This question has already been answered: it takes one answer.');
    }
    if (opened.state !== 'open') throw linkError(opened.state);
    if (!parsed.success) throw validationFailed(issuesToDetails(parsed.error.issues, data), 'The answer is not valid; nothing was recorded.');
    const input = parsed.data;
    let document: Pick<QuestionAnswer, 'documentKey' | 'fileName' | 'contentType'> = {};
    if (input.documentKey) {
      if (!input.documentKey.startsWith(documentPrefix(question))) {
        throw validationFailed([{ path: 'documentKey', message: 'is not an upload for this question: use the key from POST /question/{ref}/documents' }], 'The answer is not valid; nothing was recorded.');
      }
      const contentType = await uploadedContentType(input.documentKey);
      // The kind only labels the check's result, which is not kept: any document type of the fund's list is accepted here.
      const check = contentType ? await inspectUpload('narrative-proposal', input.documentKey, contentType) : { status: 'missing' as const };
      if (check.status === 'missing') throw validationFailed([{ path: 'documentKey', message: 'the document is not uploaded' }], 'The answer is not valid; nothing was recorded.');
      if (check.status === 'invalid') throw validationFailed([{ path: 'documentKey', message: check.problem ?? 'the file is not valid' }], 'The answer is not valid; nothing was recorded.');
      document = { documentKey: input.documentKey, fileName: input.fileName ?? `answer-${question.questionId.slice(0, 8)}`, contentType };
    }
    const answer: QuestionAnswer = { text: input.answer, ...document, answeredAt: now().toISOString() };
    if (!(await recordAnswer(question, answer))) {
      // Lost a race with another submit: the same answer is fine, another is refused.
      const recorded = await getQuestion(question.applicationId, question.askedAt, question.questionId);
      if (recorded?.answer && sameAnswer(recorded.answer, input)) {
        opened = { ...opened, question: recorded };
        return html ? answeredPage(opened, 200, true) : json(200, { status: 'answered', answer: answerView(recorded.answer) });
      }
      throw new HttpError(409, 'ALREADY_ANSWERED', 'This question has already been answered: it takes one answer.');
    }
    await useLink(opened.reference, 'question', new Date(answer.answeredAt));
    await audit({
      at: answer.answeredAt,
      actor: 'applicant',
      action: 'application.answer',
      subject: { applicationId: question.applicationId, callId: question.callId, questionId: question.questionId },
      after: { document: answer.documentKey !== undefined },
    });
    logger.info('question answered', { applicationId: question.applicationId, questionId: question.questionId, document: answer.documentKey !== undefined });
    opened = { ...opened, question: { ...question, answer } };
    return html ? answeredPage(opened, 200, true) : json(200, { status: 'answered', answer: answerView(answer) });
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    if (html && opened && error.status === 400 && !opened.question.answer) return formPage(opened, 400, error.details ?? [], typed);
    return html ? failure(event, error, opened?.lang) : errorResponse(error);
  }
}

async function script(event: HttpEvent): Promise<HttpResult> {
  if (pathParam(event, 'file') !== 'question.js') throw notFound();
  return {
    statusCode: 200,
    headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=300', 'x-content-type-options': 'nosniff' },
    body: QUESTION_JS,
  };
}

export const handler = httpApi({
  'GET /question/{ref}': show,
  'POST /question/{ref}': submit,
  'POST /question/{ref}/documents': presign,
  'GET /question/assets/{file}': script,
});
