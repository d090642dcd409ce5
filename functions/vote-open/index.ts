import middy from '@middy/core';
import { now } from '#shared/clock.ts';
import { audit } from '#shared/repository/audit.ts';
import { createBallot, listBallots } from '#shared/repository/board.ts';
import { getCall, openVote } from '#shared/repository/calls.ts';
import { logger } from '#shared/logger.ts';

interface Item {
  callId: string;
  trusteeId: string;
  timeoutSeconds: number;
}

/**
 * Opens the Board's vote on the submitted slate: the deadline is the
 * submission plus the call's vote period; one ballot per trustee who votes.
 * Returns the ballots still to cast, each with its time to the deadline (a
 * re-driven execution skips the ballots already cast and keeps the deadline).
 */
export const handler = middy<{ callId: string }, { trustees: Item[] }>().handler(async ({ callId }) => {
  const call = await getCall(callId);
  if (!call?.slateSubmission) throw new Error(`Call ${callId}: no slate submitted`);
  const submittedAt = Date.parse(call.slateSubmission.at);
  const vote = await openVote(callId, {
    status: 'open',
    openedAt: now().toISOString(),
    deadline: new Date(submittedAt + call.votePeriodDays * 86_400_000).toISOString(),
    trusteeIds: call.slateSubmission.trusteeIds,
  });
  let created = 0;
  for (const trusteeId of vote.trusteeIds) {
    if (await createBallot({ callId, trusteeId, status: 'pending', deadline: vote.deadline })) created += 1;
  }
  if (created > 0) {
    await audit({ at: vote.openedAt, actor: 'system', action: 'vote.open', subject: { callId }, after: { deadline: vote.deadline, trusteeIds: vote.trusteeIds } });
    logger.info('vote opened', { callId, trustees: vote.trusteeIds.length });
  }
  const cast = new Set((await listBallots(callId)).filter((b) => b.status === 'cast').map((b) => b.trusteeId));
  const timeoutSeconds = Math.max(1, Math.ceil((Date.parse(vote.deadline) - now().getTime()) / 1000));
  return { trustees: vote.trusteeIds.filter((id) => !cast.has(id)).map((trusteeId) => ({ callId, trusteeId, timeoutSeconds })) };
});
