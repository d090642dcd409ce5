// The call workflow's step between the assignment and the reviews: each
// reviewer with tasks gets ONE email for the call (how many applications,
// the deadline, the link to their own page), instead of one per task.
// Idempotent: the invitation is recorded on the reviewer before it is sent
// (and taken back if sending fails, so the step's retry sends it), so a
// re-driven execution or a resumed call invites nobody twice.
import middy from '@middy/core';
import { emailSender } from '#shared/adapters/email.ts';
import { now } from '#shared/clock.ts';
import { requireEnv } from '#shared/config.ts';
import { reviewerInvitationEmail } from '#shared/email/templates.ts';
import { logger } from '#shared/logger.ts';
import { getCall } from '#shared/repository/calls.ts';
import { listReviewsOfCall } from '#shared/repository/reviews.ts';
import { listReviewers, markInvited, uninvite } from '#shared/repository/reviewers.ts';
import { latestOf, newPageLink } from '#shared/reviewer-links.ts';

const publicBaseUrl = requireEnv('PUBLIC_BASE_URL');

export const handler = middy<{ callId: string }, { invited: number }>().handler(async ({ callId }) => {
  const call = await getCall(callId);
  if (!call?.review?.deadline) throw new Error(`Call ${callId} has no review deadline yet`);
  const at = now();
  const deadline = new Date(call.review.deadline);
  const open = (await listReviewsOfCall(callId)).filter((r) => r.status === 'assigned' || r.status === 'requested');
  let invited = 0;
  for (const reviewer of await listReviewers(callId)) {
    const tasks = open.filter((r) => r.reviewerId === reviewer.reviewerId);
    if (tasks.length === 0 || reviewer.invitedAt) continue;
    const marked = at.toISOString();
    if (!(await markInvited(callId, reviewer.reviewerId, marked))) continue;
    try {
      const link = await newPageLink(publicBaseUrl, reviewer, at, latestOf(tasks.map((t) => t.deadline), deadline));
      await emailSender().send(reviewerInvitationEmail(reviewer, call, tasks.length, deadline, link));
    } catch (error) {
      await uninvite(callId, reviewer.reviewerId, marked);
      throw error;
    }
    invited += 1;
  }
  logger.info('reviewers invited', { callId, invited });
  return { invited };
});
