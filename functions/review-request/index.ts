import middy from '@middy/core';
import { emailSender } from '#shared/adapters/email.ts';
import { now } from '#shared/clock.ts';
import { requireEnv } from '#shared/config.ts';
import { reviewEmail } from '#shared/email/templates.ts';
import { logger } from '#shared/logger.ts';
import { getApplication } from '#shared/repository/applications.ts';
import { getCall } from '#shared/repository/calls.ts';
import { createLink } from '#shared/repository/links.ts';
import { getReview, updateReview } from '#shared/repository/reviews.ts';
import { getReviewer } from '#shared/repository/reviewers.ts';

const publicBaseUrl = requireEnv('PUBLIC_BASE_URL');

interface Input {
  taskToken: string;
  callId: string;
  applicationId: string;
  reviewerId: string;
  timeoutSeconds: number;
}

/**
 * The `.waitForTaskToken` step of a review: keeps the task token on the
 * server with the review, and emails the reviewer a personal link (an opaque
 * reference, stored hashed). When the execution is re-driven, the review keeps
 * its link and deadline and only the new token is stored: no second email.
 */
export const handler = middy<Input, { requested: boolean }>().handler(async (input) => {
  const review = await getReview(input.applicationId, input.reviewerId);
  if (!review) throw new Error(`No review of ${input.applicationId} by ${input.reviewerId}`);
  if (review.status !== 'assigned') {
    // Re-driven (a restart of the local runtime): the reviewer already has the link; only the token is new.
    await updateReview(input.applicationId, input.reviewerId, { taskToken: input.taskToken });
    return { requested: false };
  }
  const [call, app, reviewer] = await Promise.all([
    getCall(input.callId),
    getApplication(input.applicationId),
    getReviewer(input.callId, input.reviewerId),
  ]);
  if (!call || !app || !reviewer) throw new Error(`Review ${input.applicationId}/${input.reviewerId}: missing call, application or reviewer`);
  const at = now();
  const deadline = new Date(at.getTime() + input.timeoutSeconds * 1000);
  const reference = await createLink('review', { callId: input.callId, applicationId: input.applicationId, reviewerId: input.reviewerId }, at, deadline);
  const requested = await updateReview(
    input.applicationId,
    input.reviewerId,
    { status: 'requested', taskToken: input.taskToken, requestedAt: at.toISOString(), deadline: deadline.toISOString() },
    ['assigned'],
  );
  if (!requested) throw new Error(`Review ${input.applicationId}/${input.reviewerId} changed while being requested`);
  await emailSender().send(reviewEmail('request', reviewer, app, call, `${publicBaseUrl}/review/${reference}`, deadline));
  logger.info('review requested', { applicationId: input.applicationId, reviewerId: input.reviewerId });
  return { requested: true };
});
