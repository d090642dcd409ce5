import middy from '@middy/core';
import { nowIso } from '#shared/clock.ts';
import type { StoreInput } from '#shared/domain/intake.ts';
import { logger } from '#shared/logger.ts';
import { recordDecision } from '#shared/repository/applications.ts';

export const handler = middy<StoreInput, { outcome: string }>().handler(async (input) => {
  const outcome = await recordDecision(input.applicationId, {
    eligibility: input.eligibility,
    priority: input.priority,
    decidedAt: nowIso(),
  });
  logger.info('intake decision', {
    applicationId: input.applicationId,
    outcome,
    eligible: input.eligibility.eligible,
    reasonCodes: input.eligibility.reasons.map((r) => r.code),
    priorityPoints: input.priority.points,
  });
  return { outcome };
});
