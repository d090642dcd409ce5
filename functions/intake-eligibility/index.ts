import middy from '@middy/core';
import { checkEligibility, type EligibilityResult } from '#shared/domain/eligibility.ts';
import type { IntakeFacts } from '#shared/domain/intake.ts';

export const handler = middy<{ facts: IntakeFacts }, EligibilityResult>().handler(async ({ facts }) =>
  checkEligibility(facts),
);
