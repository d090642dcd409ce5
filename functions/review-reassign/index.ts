import middy from '@middy/core';
import { nowIso } from '#shared/clock.ts';
import { assignReviewers } from '#shared/domain/assignment.ts';
import { applicationProfile, reviewerProfile } from '#shared/domain/profiles.ts';
import { logger } from '#shared/logger.ts';
import { getApplication } from '#shared/repository/applications.ts';
import { getCall } from '#shared/repository/calls.ts';
import { listReviewsOfApplication, putReview, updateReview } from '#shared/repository/reviews.ts';
import { addToLoad, listReviewers } from '#shared/repository/reviewers.ts';

interface Input {
  callId: string;
  applicationId: string;
  reviewerId: string;
  /** `States.Timeout` (deadline missed) or `ReviewDeclined`. */
  error: string;
}

type Output =
  | { found: true; next: { callId: string; applicationId: string; reviewerId: string; timeoutSeconds: number } }
  | { found: false };

/**
 * Gives the review to the best remaining reviewer under the same rules as the
 * first assignment (no conflict, within maximum load, most even loads, then
 * affinity), never to anyone who already had this application.
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
  const result = assignReviewers(
    [applicationProfile(app.applicationId, app.input)],
    reviewers.map((r) => reviewerProfile(r.reviewerId, r, r.load)),
    {
      perApplication: 1,
      allowSameCountry: call.allowSameCountryReviewers,
      excluded: reviews.map((r) => ({ applicationId: app.applicationId, reviewerId: r.reviewerId })),
    },
  );
  const chosen = result.assignments[0];
  if (!chosen) {
    logger.warn('no reviewer left', { applicationId: input.applicationId });
    return { found: false };
  }
  await putReview({ callId: input.callId, applicationId: app.applicationId, reviewerId: chosen.reviewerId, status: 'assigned', affinity: chosen.affinity, assignedAt: nowIso() });
  await addToLoad(input.callId, chosen.reviewerId, 1);
  logger.info('review reassigned', { applicationId: app.applicationId, from: input.reviewerId, to: chosen.reviewerId, because: input.error });
  return { found: true, next: { callId: input.callId, applicationId: app.applicationId, reviewerId: chosen.reviewerId, timeoutSeconds: call.reviewPeriodDays * 86_400 } };
});
