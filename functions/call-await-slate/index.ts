import middy from '@middy/core';
import { logger } from '#shared/logger.ts';
import { keepSlateTaskToken } from '#shared/repository/calls.ts';

/**
 * The `.waitForTaskToken` step where the `call` workflow waits for the
 * secretariat to send the slate to the Board: keeps the token on the call
 * (never outside the server). If the slate was submitted already (it can be,
 * between the ranking and this step, or before a re-drive), it throws
 * `SlateAlreadySubmitted`, which the workflow catches to go on to the vote.
 */
export const handler = middy<{ taskToken: string; callId: string }, { waiting: true }>().handler(async ({ taskToken, callId }) => {
  await keepSlateTaskToken(callId, taskToken);
  logger.info('waiting for the slate', { callId });
  return { waiting: true };
});
