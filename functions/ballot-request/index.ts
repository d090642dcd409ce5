import middy from '@middy/core';
import { emailSender } from '#shared/adapters/email.ts';
import { now } from '#shared/clock.ts';
import { requireEnv } from '#shared/config.ts';
import { ballotEmail } from '#shared/email/templates.ts';
import { logger } from '#shared/logger.ts';
import { getBallot, updateBallot } from '#shared/repository/board.ts';
import { getCall, roundOf } from '#shared/repository/calls.ts';
import { createLink } from '#shared/repository/links.ts';
import { getTrustee } from '#shared/repository/trustees.ts';

const publicBaseUrl = requireEnv('PUBLIC_BASE_URL');

export class BallotAlreadyCastError extends Error {
  override name = 'BallotAlreadyCast';
}

interface Input {
  taskToken: string;
  callId: string;
  round: number;
  trusteeId: string;
  timeoutSeconds: number;
}

/**
 * The `.waitForTaskToken` step of one trustee's ballot: keeps the token on
 * the ballot, and emails the trustee a personal link (opaque, stored hashed,
 * expiring at the vote deadline). Re-driven, a ballot only gets the new token
 * (no second email); a ballot cast meanwhile ends the step at once.
 */
export const handler = middy<Input, { requested: boolean }>().handler(async ({ taskToken, callId, round, trusteeId }) => {
  const ballot = await getBallot(callId, round, trusteeId);
  if (!ballot) throw new Error(`No ballot of ${trusteeId} on call ${callId}`);
  if (ballot.status === 'cast') throw new BallotAlreadyCastError(`Ballot of ${trusteeId} on call ${callId} was cast`);
  if (ballot.status === 'requested') {
    if (!(await updateBallot(ballot, { taskToken }, ['requested']))) throw new BallotAlreadyCastError(`Ballot of ${trusteeId} on call ${callId} was cast`);
    return { requested: false };
  }
  const [call, trustee] = await Promise.all([getCall(callId), getTrustee(trusteeId)]);
  const votes = call && roundOf(call, round);
  if (!call || !votes || !trustee) throw new Error(`Ballot ${callId}/${round}/${trusteeId}: missing call, round or trustee`);
  const at = now();
  const deadline = new Date(ballot.deadline);
  const reference = await createLink('ballot', { callId, round: String(round), trusteeId }, at, deadline);
  if (!(await updateBallot(ballot, { status: 'requested', taskToken, requestedAt: at.toISOString() }, ['pending']))) {
    throw new Error(`Ballot ${callId}/${trusteeId} changed while being requested`);
  }
  await emailSender().send(ballotEmail('request', trustee, call, votes, `${publicBaseUrl}/ballot/${reference}`, deadline));
  logger.info('ballot requested', { callId, round, trusteeId });
  return { requested: true };
});
