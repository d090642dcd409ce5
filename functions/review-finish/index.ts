import middy from '@middy/core';
import { logger } from '#shared/logger.ts';
import { setStatus } from '#shared/repository/applications.ts';

export const handler = middy<{ callId: string; applicationId: string }, { applicationId: string }>().handler(async ({ callId, applicationId }) => {
  await setStatus(applicationId, 'reviewed', ['in-review', 'reviewed']);
  logger.info('application reviewed', { callId, applicationId });
  return { applicationId };
});
