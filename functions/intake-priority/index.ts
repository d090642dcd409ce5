import middy from '@middy/core';
import type { IntakeFacts } from '#shared/domain/intake.ts';
import { scorePriority, type PriorityResult } from '#shared/domain/priority.ts';

export const handler = middy<{ facts: IntakeFacts }, PriorityResult>().handler(async ({ facts }) =>
  scorePriority(facts),
);
