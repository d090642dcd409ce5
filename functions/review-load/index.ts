import middy from '@middy/core';
import { now } from '#shared/clock.ts';
import { getCall } from '#shared/repository/calls.ts';
import { listReviewsOfApplication } from '#shared/repository/reviews.ts';

interface Item {
  callId: string;
  applicationId: string;
  reviewerId: string;
  timeoutSeconds: number;
}

/** The reviews still to request for an application, each with its time to the deadline. */
export const handler = middy<{ callId: string; applicationId: string }, { reviewers: Item[] }>().handler(async ({ callId, applicationId }) => {
  const call = await getCall(callId);
  if (!call) throw new Error(`Call ${callId} not found`);
  const reviews = await listReviewsOfApplication(applicationId);
  const timeoutSeconds = call.reviewPeriodDays * 86_400;
  return {
    reviewers: reviews
      .filter((r) => r.status === 'assigned' || r.status === 'requested')
      // A review already requested (the execution was re-driven) keeps its deadline.
      .map((r) => ({
        callId,
        applicationId,
        reviewerId: r.reviewerId,
        timeoutSeconds: r.deadline ? Math.max(1, Math.ceil((Date.parse(r.deadline) - now().getTime()) / 1000)) : timeoutSeconds,
      })),
  };
});
