// The secretariat asks an applicant a question (issue 11): the one rule that
// both the API (`POST /admin/applications/{applicationId}/questions`) and the
// dashboard's form take. The answer comes through the NGO's link
// (functions/question-answer).
//
// Decisions:
// - Only an application past its draft (a draft is the NGO's work in
//   progress: 409 NOT_SUBMITTED) and not withdrawn (409 APPLICATION_WITHDRAWN);
//   an unknown one is 404. Asking after the decision is allowed (a grantee
//   may be asked too).
// - The link is single-use and works for QUESTION_LINK_DAYS; asking again
//   makes a new question with its own link. A question is never edited.
// - The audit entry names the application and the question, never the text
//   (the text stays with the question, shown to the secretariat only).
// - The question is stored before the email is sent; if sending fails the
//   request fails (500) and the question stays, waiting, on the dashboard,
//   where the secretariat sees it was not answered and may ask again.
import { emailSender } from './adapters/email.ts';
import type { QuestionInput } from './api/schemas.ts';
import { now } from './clock.ts';
import { envGetter } from './config.ts';
import { questionEmail } from './email/templates.ts';
import { HttpError, notFound } from './http/errors.ts';
import { newId } from './ids.ts';
import { logger } from './logger.ts';
import { getApplicationRecord, isPastDraft } from './repository/applications.ts';
import { audit } from './repository/audit.ts';
import { getCall } from './repository/calls.ts';
import { createLink, linkHash } from './repository/links.ts';
import { listQuestions, putQuestion, type Question } from './repository/questions.ts';

/** How long a question's link works: a month, for an NGO that reads its email once a week and needs a document from a colleague. */
export const QUESTION_LINK_DAYS = 30;

const publicBaseUrl = envGetter('PUBLIC_BASE_URL');

export async function askQuestionAs(actor: string, applicationId: string, input: QuestionInput): Promise<Question> {
  const app = await getApplicationRecord(applicationId);
  if (!app) throw notFound();
  if (!isPastDraft(app)) {
    throw new HttpError(409, 'NOT_SUBMITTED', 'Questions go to submitted applications; this one is a draft.', [{ path: 'status', message: `is ${app.status}` }]);
  }
  if (app.status === 'withdrawn') {
    throw new HttpError(409, 'APPLICATION_WITHDRAWN', 'The applicant has withdrawn this application.', [{ path: 'status', message: 'is withdrawn' }]);
  }
  const call = await getCall(app.callId);
  if (!call) throw notFound();
  const at = now();
  const expires = new Date(at.getTime() + QUESTION_LINK_DAYS * 86_400_000);
  const questionId = newId();
  const askedAt = at.toISOString();
  const reference = await createLink('question', { applicationId, questionId, askedAt }, at, expires);
  const question: Question = {
    questionId,
    applicationId,
    callId: app.callId,
    text: input.text,
    askedBy: actor,
    askedAt,
    expiresAt: expires.toISOString(),
    linkHash: linkHash(reference),
  };
  await putQuestion(question);
  await audit({ at: askedAt, actor, action: 'application.question', subject: { applicationId, callId: app.callId, questionId } });
  await emailSender().send(questionEmail(app, call, input.text, `${publicBaseUrl()}/question/${reference}`, question.expiresAt));
  logger.info('question asked', { applicationId, questionId });
  return question;
}

/** What the secretariat sees of a question (the link's hash stays inside). */
export const questionView = ({ linkHash: _hash, ...question }: Question, at: Date = now()) => ({
  ...question,
  status: question.answer ? ('answered' as const) : at.getTime() < Date.parse(question.expiresAt) ? ('waiting' as const) : ('expired' as const),
});

export async function questionsOf(applicationId: string) {
  const app = await getApplicationRecord(applicationId);
  if (!app || !isPastDraft(app)) throw notFound();
  return (await listQuestions(applicationId)).map((q) => questionView(q));
}
