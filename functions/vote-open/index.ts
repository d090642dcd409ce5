import middy from '@middy/core';
import { now } from '#shared/clock.ts';
import { audit } from '#shared/repository/audit.ts';
import { createBallot, listBallots } from '#shared/repository/board.ts';
import { getCall, openVote, roundOf } from '#shared/repository/calls.ts';
import { logger } from '#shared/logger.ts';

interface Item {
  callId: string;
  round: number;
  trusteeId: string;
  timeoutSeconds: number;
}

/**
 * Opens a vote round of the Board: round 1 on the submitted slate, a later
 * round on a reserve offer. The deadline is the round's start plus the call's
 * vote period; one ballot per trustee who votes. Returns the ballots still to
 * cast, each with its time to the deadline (a re-driven execution skips the
 * ballots already cast and keeps the deadline).
 */
export const handler = middy<{ callId: string; round: number }, { trustees: Item[] }>().handler(async ({ callId, round }) => {
  const call = await getCall(callId);
  const votes = call && roundOf(call, round);
  if (!call || !votes) throw new Error(`Call ${callId}: no round ${round} to vote on`);
  const vote = await openVote(call, round, {
    status: 'open',
    openedAt: now().toISOString(),
    deadline: new Date(Date.parse(votes.startedAt) + call.votePeriodDays * 86_400_000).toISOString(),
    trusteeIds: votes.trusteeIds,
  });
  let created = 0;
  for (const trusteeId of vote.trusteeIds) {
    if (await createBallot({ callId, round, trusteeId, status: 'pending', deadline: vote.deadline })) created += 1;
  }
  if (created > 0) {
    await audit({ at: vote.openedAt, actor: 'system', action: 'vote.open', subject: { callId, round: String(round) }, after: { deadline: vote.deadline, trusteeIds: vote.trusteeIds, projects: votes.entries.map((e) => e.applicationId) } });
    logger.info('vote opened', { callId, round, trustees: vote.trusteeIds.length });
  }
  const cast = new Set((await listBallots(callId, round)).filter((b) => b.status === 'cast').map((b) => b.trusteeId));
  const timeoutSeconds = Math.max(1, Math.ceil((Date.parse(vote.deadline) - now().getTime()) / 1000));
  return { trustees: vote.trusteeIds.filter((id) => !cast.has(id)).map((trusteeId) => ({ callId, round, trusteeId, timeoutSeconds })) };
});
