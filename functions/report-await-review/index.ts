import middy from '@middy/core';
import { logger } from '#shared/logger.ts';
import { updateReport } from '#shared/repository/milestones.ts';

/** The `.waitForTaskToken` step while the secretariat reviews a submitted report: keeps the token on the report. */
export const handler = middy<{ taskToken: string; grantId: string; report: number }, { waiting: true }>().handler(async ({ taskToken, grantId, report }) => {
  if (!(await updateReport(grantId, report, { reviewTaskToken: taskToken }, ['submitted']))) {
    throw new Error(`Report ${report} of ${grantId} is not waiting for review`);
  }
  logger.info('report waiting for review', { grantId, report });
  return { waiting: true };
});
