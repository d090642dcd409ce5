import middy from '@middy/core';
import { now } from '#shared/clock.ts';
import { affinityOf, assignReviewers, handAssignmentProblem } from '#shared/domain/assignment.ts';
import { applicationProfile, reviewerProfile } from '#shared/domain/profiles.ts';
import { logger } from '#shared/logger.ts';
import { getApplication } from '#shared/repository/applications.ts';
import { getCall } from '#shared/repository/calls.ts';
import { listReviewsOfApplication, putReview, updateReview, type ReviewRecord } from '#shared/repository/reviews.ts';
import { addToLoad, listReviewers, type Reviewer } from '#shared/repository/reviewers.ts';
import type { ApplicationProfile } from '#shared/domain/assignment.ts';

interface Input {
  callId: string;
  applicationId: string;
  reviewerId: string;
  /** `States.Timeout` (deadline missed), `ReviewDeclined`, or `ReviewReassigned` (by the secretariat, to the reviewer it chose). */
  error: string;
}

type Output =
  | { found: true; next: { callId: string; applicationId: string; reviewerId: string; timeoutSeconds: number; deadline: string } }
  | { found: false };

/**
 * Gives the review to the best remaining reviewer under the same rules as the
 * first assignment (no conflict, within maximum load, most even loads, then
 * affinity), never to anyone who already had this application. After the
 * secretariat's reassignment by hand, to the reviewer it chose, if that
 * reviewer still may take it (else, as always, to the best remaining one).
 */
export const handler = middy<Input, Output>().handler(async (input) => {
  if (input.error === 'States.Timeout') {
    await updateReview(input.applicationId, input.reviewerId, { status: 'expired' }, ['requested', 'assigned']);
  }
  // The reviewer who did not review does not keep the load.
  await addToLoad(input.callId, input.reviewerId, -1);
  const [call, app, reviews, reviewers] = await Promise.all([
    getCall(input.callId),
    getApplication(input.applicationId),
    listReviewsOfApplication(input.applicationId),
    listReviewers(input.callId),
  ]);
  if (!call || !app) throw new Error(`Reassign ${input.applicationId}: missing call or application`);
  const appProfile = applicationProfile(app.applicationId, app.input);
  const chosen = handChosen(input, reviews, reviewers, appProfile, call.allowSameCountryReviewers) ?? bestRemaining(reviews, reviewers, appProfile, call.allowSameCountryReviewers);
  if (!chosen) {
    logger.warn('no reviewer left', { applicationId: input.applicationId });
    return { found: false };
  }
  const at = now();
  const deadline = new Date(at.getTime() + call.reviewPeriodDays * 86_400_000).toISOString();
  await putReview({ callId: input.callId, applicationId: app.applicationId, reviewerId: chosen.reviewerId, status: 'assigned', affinity: chosen.affinity, assignedAt: at.toISOString(), addedBy: 'reassignment' });
  await addToLoad(input.callId, chosen.reviewerId, 1);
  logger.info('review reassigned', { applicationId: app.applicationId, from: input.reviewerId, to: chosen.reviewerId, because: input.error });
  return { found: true, next: { callId: input.callId, applicationId: app.applicationId, reviewerId: chosen.reviewerId, timeoutSeconds: call.reviewPeriodDays * 86_400, deadline } };
});

/** The reviewer the secretariat chose, if it still may take the review (checked again: loads move). */
function handChosen(input: Input, reviews: ReviewRecord[], reviewers: Reviewer[], app: ApplicationProfile, allowSameCountry: boolean) {
  if (input.error !== 'ReviewReassigned') return undefined;
  const target = reviewers.find((r) => r.reviewerId === reviews.find((r) => r.reviewerId === input.reviewerId)?.reassignedTo);
  if (!target) return undefined;
  const profile = reviewerProfile(target.reviewerId, target, target.load);
  if (handAssignmentProblem(profile, app, { allowSameCountry, alreadyHadIt: reviews.some((r) => r.reviewerId === target.reviewerId) })) return undefined;
  return { reviewerId: target.reviewerId, affinity: affinityOf(profile, app) };
}

function bestRemaining(reviews: ReviewRecord[], reviewers: Reviewer[], app: ApplicationProfile, allowSameCountry: boolean) {
  const result = assignReviewers(
    [app],
    reviewers.map((r) => reviewerProfile(r.reviewerId, r, r.load)),
    { perApplication: 1, allowSameCountry, excluded: reviews.map((r) => ({ applicationId: app.applicationId, reviewerId: r.reviewerId })) },
  );
  const chosen = result.assignments[0];
  return chosen && { reviewerId: chosen.reviewerId, affinity: chosen.affinity };
}
