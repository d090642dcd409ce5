// What the secretariat may still change in a call, and when (pure).
//
// A call is judged the same for every applicant: once it has opened, the
// rules that decide eligibility and priority are fixed (an NGO that applied
// on the first day must not lose to a rule changed on the last). While it is
// open, the wording, the budget, the closing time (never into the past) and
// the settings of the later stages may change. Once it has closed (its
// review started, or its closing time passed), the review, the slate and the
// vote run by what was set, and only the wording may change.
import type { ErrorDetail } from '../http/errors.ts';

export type CallPhase = 'upcoming' | 'open' | 'closed';

export interface CallTimes {
  opensAt: string;
  closesAt: string;
  /** Present once the call was closed (its review started). */
  review?: unknown;
}

export function callPhase(call: CallTimes, at: Date): CallPhase {
  if (call.review !== undefined || at.getTime() >= Date.parse(call.closesAt)) return 'closed';
  return at.getTime() < Date.parse(call.opensAt) ? 'upcoming' : 'open';
}

/** The fields that judge an application: fixed from the opening of the call. */
export const JUDGING_FIELDS = [
  'opensAt',
  'maxGrantUsd',
  'minGrantUsd',
  'maxDurationMonths',
  'minYearsExperience',
  'actionLines',
  'priorityContexts',
  'maxOperationalShare',
] as const;

/** The fields that may change after the call has closed. */
export const WORDING_FIELDS = ['title', 'description'] as const;

/** Why a field may not change now, or undefined if it may. */
export function lockReason(field: string, phase: CallPhase): string | undefined {
  if (phase === 'closed' && !(WORDING_FIELDS as readonly string[]).includes(field)) {
    return 'cannot change once the call has closed: the review, the slate and the vote run by it';
  }
  if (phase === 'open' && (JUDGING_FIELDS as readonly string[]).includes(field)) {
    return 'cannot change once the call has opened: every application is judged by the same rules';
  }
  return undefined;
}

/**
 * The problems of changing these fields of a call at this moment: each locked
 * field named with its rule, and a closing time moved into the past.
 */
export function callEditProblems(call: CallTimes, changes: Record<string, unknown>, at: Date): ErrorDetail[] {
  const phase = callPhase(call, at);
  const problems: ErrorDetail[] = [];
  for (const field of Object.keys(changes)) {
    const reason = lockReason(field, phase);
    if (reason) problems.push({ path: field, message: reason });
  }
  const closesAt = changes.closesAt;
  if (phase !== 'closed' && typeof closesAt === 'string' && Date.parse(closesAt) <= at.getTime()) {
    problems.push({ path: 'closesAt', message: 'must be in the future (to close the call now, use close)' });
  }
  return problems;
}
