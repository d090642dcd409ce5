// An NGO withdraws its application (POST /applications/{id}/withdraw, with
// its access token), at any time before the Board's decision. A handler of
// its own because it may end the application's waiting review tasks
// (SendTaskFailure on the `review` workflow), which the rest of the
// applicant API may not do.
//
// What withdrawal does, by the stage the application is in:
// - draft, submitted, eligible, ineligible: it is marked withdrawn; nothing
//   else runs for it (an intake still running records nothing: its decision
//   is stored only on a `submitted` application).
// - in review: every review still waiting is cancelled (its task fails with
//   `ApplicationWithdrawn`, which the review workflow ends on without
//   reassigning; the reviewer is told and their link stops working, since the
//   review is no longer `requested`).
// - reviewed: it leaves the call's ranking and the slate being prepared.
// - on the slate sent to the Board: the vote goes on, but the tally records
//   it as withdrawn and makes no grant (call-decide).
// The organisation's guard stays: withdrawal is final, and the organisation
// does not apply to the same call twice.
import * as z from 'zod/mini';
import { emailSender } from '#shared/adapters/email.ts';
import { failTask, isTaskGone } from '#shared/adapters/workflows.ts';
import { text } from '#shared/api/schemas.ts';
import { applicantView } from '#shared/api/views.ts';
import { now, nowIso } from '#shared/clock.ts';
import { reviewCancelledEmail } from '#shared/email/templates.ts';
import { bearerToken, httpApi, json, parseEmptyOrJson, pathParam, type HttpEvent } from '#shared/http/api.ts';
import { HttpError, notFound } from '#shared/http/errors.ts';
import { applicationForApplicant, requireContact } from '#shared/applicant-auth.ts';
import { logger } from '#shared/logger.ts';
import {
  getApplicationRecord,
  isPastDraft,
  listDocuments,
  markWithdrawn,
  WITHDRAWABLE_STATUSES,
  type Application,
} from '#shared/repository/applications.ts';
import { audit } from '#shared/repository/audit.ts';
import { getCall, removeFromRanking, type Call } from '#shared/repository/calls.ts';
import { getReviewer } from '#shared/repository/reviewers.ts';
import { listReviewsOfApplication, updateReview } from '#shared/repository/reviews.ts';

const Withdrawal = z.strictObject({ reason: z.optional(text(0, 1000)) });

/** Ends each review still waiting for its reviewer; each reviewer is told once (the cancellation is one conditional write). */
async function cancelReviews(app: Application, call: Call): Promise<number> {
  let cancelled = 0;
  for (const review of await listReviewsOfApplication(app.applicationId)) {
    if (review.status !== 'assigned' && review.status !== 'requested') continue;
    if (!(await updateReview(app.applicationId, review.reviewerId, { status: 'cancelled', answeredAt: nowIso() }, ['assigned', 'requested']))) continue;
    cancelled += 1;
    if (review.taskToken) {
      try {
        await failTask(review.taskToken, 'ApplicationWithdrawn', 'The applicant withdrew the application');
      } catch (error) {
        if (!isTaskGone(error)) throw error;
      }
    }
    const reviewer = await getReviewer(call.callId, review.reviewerId);
    if (reviewer) await emailSender().send(reviewCancelledEmail(reviewer, app, call));
  }
  return cancelled;
}

async function withdraw(event: HttpEvent) {
  const { app, role } = await applicationForApplicant(pathParam(event, 'applicationId'), bearerToken(event));
  requireContact(role, 'withdraw the application');
  const { reason } = parseEmptyOrJson(event, Withdrawal);
  const call = await getCall(app.callId);
  if (!call) throw notFound();
  if (app.status !== 'withdrawn') {
    if (!(WITHDRAWABLE_STATUSES as readonly string[]).includes(app.status)) {
      throw new HttpError(409, 'DECISION_MADE', 'The Board has decided on this application: it can no longer be withdrawn (write to the secretariat to decline a grant).');
    }
    const at = nowIso();
    if (!(await markWithdrawn(app, at, reason || undefined))) {
      throw new HttpError(409, 'APPLICATION_CHANGED', 'The application changed meanwhile; read it again and withdraw it again.');
    }
    // The reason is the NGO's own words: kept with the application, never in the audit log or a log line.
    await audit({ at, actor: 'applicant', action: 'application.withdraw', subject: { applicationId: app.applicationId, callId: app.callId }, before: { status: app.status }, after: { status: 'withdrawn' } });
    const cancelled = isPastDraft(app) ? await cancelReviews(app, call) : 0;
    if (!call.slateSubmission) await removeFromRanking(call.callId, app.applicationId);
    logger.info('application withdrawn', { applicationId: app.applicationId, fromStatus: app.status, reviewsCancelled: cancelled });
  }
  const [current, documents] = await Promise.all([getApplicationRecord(app.applicationId), listDocuments(app.applicationId)]);
  return json(200, applicantView(current!, documents, await getCall(app.callId), now()));
}

export const handler = httpApi({
  'POST /applications/{applicationId}/withdraw': withdraw,
});
