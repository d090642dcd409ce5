// Actions of the secretariat that both the API and the dashboard's forms
// take, so that the rules live in one place: reviewing a report (which
// resumes the `milestone` workflow) and approving a release (four eyes).
import { completeTask, isTaskGone } from './adapters/workflows.ts';
import type { CallInput, ReportReview, SlateChanges } from './api/schemas.ts';
import { currentSlate, rankedCall } from './api/slate.ts';
import { applySlateChanges, slateTotals, type StoredSlate } from './domain/slate-changes.ts';
import { newId } from './ids.ts';
import { getCall, putCall, updateCall, type Call } from './repository/calls.ts';
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
