import { CallInput, ReviewersInput } from '#shared/api/schemas.ts';
import { applicationSummary } from '#shared/api/views.ts';
import { nowIso } from '#shared/clock.ts';
import { httpApi, json, parseJson, pathParam, type HttpEvent } from '#shared/http/api.ts';
import { requireAdmin } from '#shared/http/auth.ts';
import { notFound } from '#shared/http/errors.ts';
import { HttpError } from '#shared/http/errors.ts';
import { newId } from '#shared/ids.ts';
import { logger } from '#shared/logger.ts';
import { listApplicationsOfCall } from '#shared/repository/applications.ts';
import { getCall, listCalls, putCall } from '#shared/repository/calls.ts';
import { addReviewers, DuplicateReviewerError, listReviewers, type Reviewer } from '#shared/repository/reviewers.ts';

async function createCall(event: HttpEvent) {
  requireAdmin(event);
  const input = parseJson(event, CallInput);
  const call = { ...input, callId: newId(), createdAt: nowIso() };
  await putCall(call);
  logger.info('call created', { callId: call.callId });
  return json(201, call, { location: `/admin/calls/${call.callId}` });
}

async function getCalls(event: HttpEvent) {
  requireAdmin(event);
  return json(200, { calls: await listCalls() });
}

async function getApplicationsOfCall(event: HttpEvent) {
  requireAdmin(event);
  const callId = pathParam(event, 'callId');
  if (!(await getCall(callId))) throw notFound();
  const applications = await listApplicationsOfCall(callId);
  return json(200, { callId, applications: applications.map(applicationSummary) });
}

const sameEmail = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function duplicateReviewer(index: number) {
  return new HttpError(409, 'DUPLICATE_REVIEWER', 'A reviewer with this email is already registered for this call.', [
    { path: `reviewers[${index}].email`, message: 'is already registered for this call' },
  ]);
}

async function registerReviewers(event: HttpEvent) {
  requireAdmin(event);
  const callId = pathParam(event, 'callId');
  const { reviewers: inputs } = parseJson(event, ReviewersInput);
  if (!(await getCall(callId))) throw notFound();
  const repeated = inputs.findIndex((r, i) => inputs.findIndex((other) => sameEmail(other.email, r.email)) !== i);
  if (repeated >= 0) throw duplicateReviewer(repeated);
  const createdAt = nowIso();
  const reviewers: Reviewer[] = inputs.map((input) => ({ ...input, reviewerId: newId(), callId, load: 0, createdAt }));
  try {
    await addReviewers(reviewers);
  } catch (error) {
    if (error instanceof DuplicateReviewerError) throw duplicateReviewer(error.index);
    throw error;
  }
  logger.info('reviewers registered', { callId, count: reviewers.length });
  return json(201, { callId, reviewers });
}

async function getReviewers(event: HttpEvent) {
  requireAdmin(event);
  const callId = pathParam(event, 'callId');
  if (!(await getCall(callId))) throw notFound();
  return json(200, { callId, reviewers: await listReviewers(callId) });
}

export const handler = httpApi({
  'POST /admin/calls/{callId}/reviewers': registerReviewers,
  'GET /admin/calls/{callId}/reviewers': getReviewers,
  'POST /admin/calls': createCall,
  'GET /admin/calls': getCalls,
  'GET /admin/calls/{callId}/applications': getApplicationsOfCall,
});
