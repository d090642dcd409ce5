// What flows between the intake workflow's steps: ids and rule inputs, never
// documents or free text (payloads stay small and out of the logs).
import type { EligibilityFacts, EligibilityResult } from './eligibility.ts';
import type { PriorityFacts, PriorityResult } from './priority.ts';

export type IntakeFacts = EligibilityFacts & PriorityFacts;

export interface IntakeInput {
  applicationId: string;
}

export interface StoreInput {
  applicationId: string;
  eligibility: EligibilityResult;
  priority: PriorityResult;
}
