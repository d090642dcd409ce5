import middy from '@middy/core';
import { now } from '#shared/clock.ts';
import { getCall } from '#shared/repository/calls.ts';
import { listReviewsOfApplication } from '#shared/repository/reviews.ts';

interface Item {
  callId: string;
  applicationId: string;
  reviewerId: string;
  timeoutSeconds: number;
  /** When the task times out (ISO): the first assignment's common deadline, or the review's own once requested. */
  deadline: string;
}

/** The reviews still to request for an application, each with its time to the deadline. */
export const handler = middy<{ callId: string; applicationId: string }, { reviewers: Item[] }>().handler(async ({ callId, applicationId }) => {
  const call = await getCall(callId);
  if (!call) throw new Error(`Call ${callId} not found`);
  const reviews = await listReviewsOfApplication(applicationId);
  const at = now().getTime();
  const common = call.review?.deadline ?? new Date(at + call.reviewPeriodDays * 86_400_000).toISOString();
  return {
    reviewers: reviews
      .filter((r) => r.status === 'assigned' || r.status === 'requested')
      // A review already requested (the execution was re-driven) keeps its deadline; the others share the assignment's.
      .map((r) => {
        const deadline = r.deadline ?? (r.addedBy === 'reassignment' ? new Date(at + call.reviewPeriodDays * 86_400_000).toISOString() : common);
        return { callId, applicationId, reviewerId: r.reviewerId, timeoutSeconds: Math.max(1, Math.ceil((Date.parse(deadline) - at) / 1000)), deadline };
      }),
  };
});
