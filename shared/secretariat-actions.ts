// Actions of the secretariat that both the API and the dashboard's forms
// take, so that the rules live in one place: reviewing a report (which
// resumes the `milestone` workflow) and approving a release (four eyes).
import { completeTask, failTask, isTaskGone } from './adapters/workflows.ts';
import { CallInput, type ReportReview, type ReviewReassignment, type SlateChanges } from './api/schemas.ts';
import { handAssignmentProblem } from './domain/assignment.ts';
import { applicationProfile, reviewerProfile } from './domain/profiles.ts';
import { getApplication } from './repository/applications.ts';
import { listReviewsOfApplication, updateReview } from './repository/reviews.ts';
import { listReviewers } from './repository/reviewers.ts';
import { callEditProblems, callPhase } from './domain/call-edit.ts';
import { issuesToDetails } from './http/zod-issues.ts';
import { currentSlate, rankedCall } from './api/slate.ts';
import { applySlateChanges, slateTotals, type StoredSlate } from './domain/slate-changes.ts';
import { newId } from './ids.ts';
import { editCall, getCall, putCall, updateCall, type Call } from './repository/calls.ts';
import { now, nowIso } from './clock.ts';
import { paymentReference, release } from './disbursement.ts';
import { HttpError, notFound, validationFailed } from './http/errors.ts';
import { logger } from './logger.ts';
import { audit } from './repository/audit.ts';
import { getGrant } from './repository/grants.ts';
import { getReport, getTranche, parseReportId, reviewReport, updateReport } from './repository/milestones.ts';

/** Accept a submitted report, or return it with comments; resumes the waiting milestone step. */
export async function reviewReportAs(actor: string, reportId: string, input: ReportReview) {
  const id = parseReportId(reportId);
  const report = id && (await getReport(id.grantId, id.number));
  if (!id || !report) throw notFound();
  if (report.status !== 'submitted') {
    throw new HttpError(409, 'REPORT_NOT_SUBMITTED', 'Only a submitted report can be accepted or returned.', [{ path: 'status', message: `is ${report.status}` }]);
  }
  const token = report.reviewTaskToken;
  if (!token) throw new HttpError(503, 'TRY_AGAIN', 'The report is not ready for review yet; nothing was recorded. Please try again in a minute.');
  const at = nowIso();
  const index = report.submissions.length - 1;
  const status = input.decision === 'accept' ? 'accepted' : 'returned';
  const recorded = await reviewReport(id.grantId, id.number, index, { at, actor, decision: input.decision, comments: input.comments }, status, input.decision === 'accept' ? { acceptedAt: at } : {});
  if (!recorded) throw new HttpError(409, 'REPORT_NOT_SUBMITTED', 'The report was reviewed meanwhile.');
  try {
    await completeTask(token, { decision: input.decision });
  } catch (error) {
    if (!isTaskGone(error)) throw error;
    await updateReport(id.grantId, id.number, { status: 'submitted' }, [status]);
    throw new HttpError(503, 'TRY_AGAIN', 'The report is not ready for review right now; nothing was recorded. Please try again in a minute.');
  }
  await audit({ at, actor, action: `report.${input.decision}`, subject: { grantId: id.grantId, report: String(id.number) }, before: { status: 'submitted' }, after: { status, comments: input.comments } });
  logger.info(`report ${status}`, { grantId: id.grantId, report: id.number });
  return { reportId: report.reportId, status };
}

/**
 * Four eyes: a member approves the release of a tranche that is ready (its
 * report accepted, its date come); the member who accepted that report may
 * not (403 FOUR_EYES). Releasing records the payment instruction once and
 * emails the grantee.
 */
export async function approveTrancheAs(actor: string, grantId: string, number: number) {
  const grant = await getGrant(grantId);
  const tranche = grant && Number.isInteger(number) ? await getTranche(grant.grantId, number) : undefined;
  if (!grant || !tranche) throw notFound();
  if (tranche.status !== 'awaiting-approval') {
    throw new HttpError(409, 'NOT_AWAITING_APPROVAL', 'Only a tranche that is ready and awaiting approval can be approved.', [{ path: 'status', message: `is ${tranche.status}` }]);
  }
  if (tranche.acceptedBy && tranche.acceptedBy === actor) {
    throw new HttpError(403, 'FOUR_EYES', 'The member who accepted the report before this tranche cannot also approve the release of its money; another member of the secretariat must.', [
      { path: 'approver', message: `accepted report ${tranche.afterReport}` },
    ]);
  }
  if (!(await release(grant, tranche, now(), actor))) throw new HttpError(409, 'NOT_AWAITING_APPROVAL', 'The tranche was released meanwhile.');
  return { grantId: grant.grantId, tranche: number, status: 'released' as const, approvedBy: actor, reference: paymentReference(grant.grantId, number) };
}

/** A new call for proposals, audited with who made it. */
export async function createCallAs(actor: string, input: CallInput): Promise<Call> {
  const call: Call = { ...input, callId: newId(), createdAt: nowIso() };
  await putCall(call);
  await audit({ at: call.createdAt, actor, action: 'call.create', subject: { callId: call.callId }, after: call });
  logger.info('call created', { callId: call.callId });
  return call;
}

/** Changes to a slate not yet submitted, each with its reason, within the bounds; audited. Nothing changes if one breaks a rule. */
export async function changeSlateAs(actor: string, callId: string, changes: SlateChanges['changes']): Promise<{ call: Call; slate: StoredSlate }> {
  const call = rankedCall(await getCall(callId));
  if (call.slateSubmission) {
    throw new HttpError(409, 'SLATE_SUBMITTED', 'The slate was sent to the Board and can no longer be changed.', [{ path: 'slate', message: `was submitted at ${call.slateSubmission.at}` }]);
  }
  const before = currentSlate(call);
  const at = nowIso();
  const result = applySlateChanges(before, changes, { maxGrantUsd: call.maxGrantUsd, minGrantUsd: call.minGrantUsd }, { at, actor });
  if (!result.slate) throw validationFailed(result.problems, 'Some changes break the slate rules; nothing was changed.');
  await updateCall(callId, { slate: result.slate });
  await audit({ at, actor, action: 'slate.change', subject: { callId }, before: slateTotals(before, call.budgetUsd), after: { changes, ...slateTotals(result.slate, call.budgetUsd) } });
  return { call, slate: result.slate };
}

/** The settings a call is made of (what `CallInput` takes). */
const CALL_FIELDS = new Set(Object.keys(CallInput.shape));

/**
 * Changes settings of a call, within what its phase allows
 * (shared/domain/call-edit.ts); the whole call is checked again after the
 * change (cap within budget, closing after opening, …). Every problem is
 * named and nothing changes if there is one. Audited with before and after.
 */
export async function editCallAs(actor: string, callId: string, changes: Record<string, unknown>): Promise<Call> {
  const call = await getCall(callId);
  if (!call) throw notFound();
  const unknown = Object.keys(changes).filter((field) => !CALL_FIELDS.has(field));
  if (unknown.length) throw validationFailed(unknown.map((path) => ({ path, message: 'is not a setting of a call' })));
  if (Object.keys(changes).length === 0) throw validationFailed([{ path: '(body)', message: 'must change at least one setting' }]);
  const at = now();
  const locked = callEditProblems(call, changes, at);
  if (locked.length) throw new HttpError(409, 'CALL_SETTING_LOCKED', 'Some settings cannot change at this stage of the call; nothing was changed.', locked);
  const current = Object.fromEntries(Object.entries(call).filter(([field]) => CALL_FIELDS.has(field)));
  const merged = { ...current, ...changes };
  const parsed = CallInput.safeParse(merged);
  if (!parsed.success) throw validationFailed(issuesToDetails(parsed.error.issues, merged), 'The call would not be valid; nothing was changed.');
  const changed = Object.fromEntries(Object.keys(changes).map((field) => [field, parsed.data[field as keyof CallInput]])) as Partial<CallInput>;
  const phase = callPhase(call, at);
  if (!(await editCall(callId, changed, phase !== 'closed'))) {
    throw new HttpError(409, 'CALL_SETTING_LOCKED', 'The call was closed meanwhile; nothing was changed.', [{ path: 'review', message: 'has started' }]);
  }
  const before = Object.fromEntries(Object.keys(changed).map((field) => [field, call[field as keyof Call] ?? null]));
  await audit({ at: at.toISOString(), actor, action: 'call.edit', subject: { callId }, before, after: changed });
  logger.info('call edited', { callId, fields: Object.keys(changed).join(',') });
  return (await getCall(callId))!;
}

/**
 * The secretariat gives a review that is waiting (its reviewer was asked and
 * has not answered) to another reviewer of the call, under the assignment's
 * rules (no conflict, within the maximum load, not someone who already had
 * the application). The review is marked `reassigned` with the choice and
 * the reason, then its waiting workflow task fails with `ReviewReassigned`,
 * and the review workflow's own reassignment step asks the chosen reviewer
 * (shared by the decline and the missed deadline). Audited.
 */
export async function reassignReviewAs(actor: string, callId: string, input: ReviewReassignment) {
  const [call, app, reviews, reviewers] = await Promise.all([getCall(callId), getApplication(input.applicationId), listReviewsOfApplication(input.applicationId), listReviewers(callId)]);
  if (!call || !app || app.callId !== callId) throw notFound();
  const from = reviews.find((r) => r.reviewerId === input.fromReviewerId);
  if (!from) throw validationFailed([{ path: 'fromReviewerId', message: 'has no review of this application' }]);
  if (from.status !== 'requested' || !from.taskToken) {
    throw new HttpError(409, 'REVIEW_NOT_WAITING', 'Only a review that its reviewer was asked for and has not answered can be reassigned.', [{ path: 'fromReviewerId', message: `the review is ${from.status}` }]);
  }
  const to = reviewers.find((r) => r.reviewerId === input.toReviewerId);
  if (!to) throw validationFailed([{ path: 'toReviewerId', message: 'is not a reviewer of this call' }]);
  const problem = handAssignmentProblem(reviewerProfile(to.reviewerId, to, to.load), applicationProfile(app.applicationId, app.input), {
    allowSameCountry: call.allowSameCountryReviewers,
    alreadyHadIt: reviews.some((r) => r.reviewerId === to.reviewerId),
  });
  if (problem) throw new HttpError(409, problem.code, 'That reviewer cannot take this review; nothing was changed.', [{ path: 'toReviewerId', message: problem.message }]);
  const at = nowIso();
  const marked = await updateReview(app.applicationId, from.reviewerId, { status: 'reassigned', reassignedTo: to.reviewerId, reassignedBy: actor, reassignReason: input.reason, answeredAt: at }, ['requested']);
  if (!marked) throw new HttpError(409, 'REVIEW_NOT_WAITING', 'The review was answered meanwhile; nothing was changed.', [{ path: 'fromReviewerId', message: 'the review is no longer waiting' }]);
  try {
    await failTask(from.taskToken, 'ReviewReassigned', 'given to another reviewer by the secretariat');
  } catch (error) {
    if (!isTaskGone(error)) throw error;
    await updateReview(app.applicationId, from.reviewerId, { status: 'requested' }, ['reassigned']);
    throw new HttpError(503, 'TRY_AGAIN', 'The review task is not ready right now; nothing was changed. Please try again in a minute.');
  }
  await audit({ at, actor, action: 'review.reassign', subject: { callId, applicationId: app.applicationId }, before: { reviewerId: from.reviewerId }, after: { reviewerId: to.reviewerId, reason: input.reason } });
  logger.info('review reassigned by hand', { applicationId: app.applicationId, from: from.reviewerId, to: to.reviewerId });
  return { applicationId: app.applicationId, from: from.reviewerId, to: to.reviewerId, status: 'reassigned' as const };
}
