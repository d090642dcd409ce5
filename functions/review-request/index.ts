import middy from '@middy/core';
import { emailSender } from '#shared/adapters/email.ts';
import { now } from '#shared/clock.ts';
import { requireEnv } from '#shared/config.ts';
import { reviewTaskAddedEmail } from '#shared/email/templates.ts';
import { logger } from '#shared/logger.ts';
import { getApplication } from '#shared/repository/applications.ts';
import { getCall } from '#shared/repository/calls.ts';
import { getReview, listReviewsOfReviewer, updateReview } from '#shared/repository/reviews.ts';
import { getReviewer, markInvited } from '#shared/repository/reviewers.ts';
import { latestOf, newPageLink } from '#shared/reviewer-links.ts';

const publicBaseUrl = requireEnv('PUBLIC_BASE_URL');

interface Input {
  taskToken: string;
  callId: string;
  applicationId: string;
  reviewerId: string;
  timeoutSeconds: number;
  /** The task's deadline (ISO), the same instant as its timeout. */
  deadline: string;
}

/**
 * The `.waitForTaskToken` step of a review: keeps the task token on the
 * server with the review, and sets its deadline. The reviewer is not emailed
 * per task: the first assignment's tasks are on their page, announced by
 * the one invitation (functions/review-invite). A task that comes later by
 * reassignment is announced by a "review added" email with a link to the
 * same page. When the execution is re-driven, the review keeps its deadline
 * and only the new token is stored: no second email.
 */
export const handler = middy<Input, { requested: boolean }>().handler(async (input) => {
  const review = await getReview(input.applicationId, input.reviewerId);
  if (!review) throw new Error(`No review of ${input.applicationId} by ${input.reviewerId}`);
  if (review.status !== 'assigned') {
    // Re-driven (a restart of the local runtime): only the token is new.
    await updateReview(input.applicationId, input.reviewerId, { taskToken: input.taskToken });
    return { requested: false };
  }
  const at = now();
  const deadline = new Date(input.deadline);
  const requested = await updateReview(
    input.applicationId,
    input.reviewerId,
    { status: 'requested', taskToken: input.taskToken, requestedAt: at.toISOString(), deadline: deadline.toISOString() },
    ['assigned'],
  );
  if (!requested) throw new Error(`Review ${input.applicationId}/${input.reviewerId} changed while being requested`);
  if (review.addedBy === 'reassignment') {
    const [call, app, reviewer, tasks] = await Promise.all([
      getCall(input.callId),
      getApplication(input.applicationId),
      getReviewer(input.callId, input.reviewerId),
      listReviewsOfReviewer(input.callId, input.reviewerId),
    ]);
    if (!call || !app || !reviewer) throw new Error(`Review ${input.applicationId}/${input.reviewerId}: missing call, application or reviewer`);
    // A reviewer who had no task before has no invitation either: this email is their first.
    if (!reviewer.invitedAt) await markInvited(input.callId, input.reviewerId, at.toISOString());
    const link = await newPageLink(publicBaseUrl, reviewer, at, latestOf(tasks.map((t) => t.deadline), deadline));
    await emailSender().send(reviewTaskAddedEmail(reviewer, app, call, deadline, link));
  }
  logger.info('review requested', { applicationId: input.applicationId, reviewerId: input.reviewerId, addedBy: review.addedBy ?? 'assignment' });
  return { requested: true };
});
