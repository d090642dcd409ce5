// Retention (issue 13): when each application's personal data falls due for
// erasure, and the job that erases what is due (run by functions/tick).
//
// Two fund-wide settings, environment variables of the tick and of the
// dashboard (set by the stack, from CDK context; locally from the
// environment of `npm start`), each with its default:
//   RETENTION_NOT_FUNDED_MONTHS    (24) after the call's decisions, for the
//     applications that were not funded: not eligible, not on the slate,
//     rejected, withdrawn, abandoned drafts, and those whose grant was
//     cancelled before any money moved (counted from the cancellation);
//   RETENTION_AFTER_GRANT_MONTHS   (84, seven years, a common audit period)
//     after a grant closes, for the applications that were funded.
// Fund-wide, not per call: they are the fund's policy, the same for every
// applicant, and changing them is a deployment (reviewed, in the
// infrastructure's history) rather than a field anyone can edit. The call's
// decisions are the last decision recorded for the call (its vote, a reserve
// round); a call that never decided anything counts from its closing.
import { eraseApplication, type ErasureOutcome } from './erasure.ts';
import { listApplicationsOfCall } from './repository/applications.ts';
import { listDecisions } from './repository/board.ts';
import { listCalls, type Call } from './repository/calls.ts';
import { listGrants, type Grant } from './repository/grants.ts';
import { logger } from './logger.ts';

function months(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  if (!/^\d{1,3}$/.test(value)) throw new Error(`${name} must be a whole number of months`);
  return Number(value);
}

export interface RetentionSettings {
  notFundedMonths: number;
  afterGrantMonths: number;
}

export const RETENTION_DEFAULTS: RetentionSettings = { notFundedMonths: 24, afterGrantMonths: 84 };

let settings: RetentionSettings | undefined;
/** The fund's retention periods, read once; a malformed value fails the first use (the tick's cold start). */
export function retentionSettings(): RetentionSettings {
  return (settings ??= {
    notFundedMonths: months('RETENTION_NOT_FUNDED_MONTHS', RETENTION_DEFAULTS.notFundedMonths),
    afterGrantMonths: months('RETENTION_AFTER_GRANT_MONTHS', RETENTION_DEFAULTS.afterGrantMonths),
  });
}

export function addMonths(iso: string, n: number): Date {
  const d = new Date(iso);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + n);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

export type RetentionRule = 'not-funded' | 'grant-closed';

export interface DueErasure {
  applicationId: string;
  callId: string;
  status: string;
  rule: RetentionRule;
  /** When its personal data is erased. */
  dueAt: string;
}

/** Statuses whose data waits for the call's decisions and then the not-funded period. */
const NOT_FUNDED = new Set(['draft', 'ineligible', 'not-funded', 'withdrawn']);

/**
 * When one application falls due, or undefined while no period runs (still
 * before the call, or funded by a grant not yet closed). Pure: the caller
 * gives the call's decision date and the grant.
 */
export function dueDateOf(
  app: { status: string },
  call: Pick<Call, 'closesAt'>,
  callDecidedAt: string | undefined,
  grant: Pick<Grant, 'status'> & { closedAt?: string; cancellation?: { at: string } } | undefined,
  periods: RetentionSettings,
): { rule: RetentionRule; dueAt: Date } | undefined {
  if (grant?.status === 'closed' && grant.closedAt) return { rule: 'grant-closed', dueAt: addMonths(grant.closedAt, periods.afterGrantMonths) };
  if (grant?.status === 'cancelled' && grant.cancellation) return { rule: 'not-funded', dueAt: addMonths(grant.cancellation.at, periods.notFundedMonths) };
  if (grant || !NOT_FUNDED.has(app.status)) return undefined;
  // A call that decided nothing (no eligible application) counts from its closing.
  return { rule: 'not-funded', dueAt: addMonths(callDecidedAt ?? call.closesAt, periods.notFundedMonths) };
}

/** Every application not yet erased whose erasure date is at or before `until`, earliest first. */
export async function erasuresDueBy(until: Date, periods = retentionSettings()): Promise<DueErasure[]> {
  // Every date counts from the call's closing or later, so a call closed less than the shorter period ago has nothing due: most ticks read no more than the calls.
  const shorter = Math.min(periods.notFundedMonths, periods.afterGrantMonths);
  const calls = (await listCalls()).filter((call) => addMonths(call.closesAt, shorter).getTime() <= until.getTime());
  if (calls.length === 0) return [];
  const grants = new Map((await listGrants()).map((g) => [g.applicationId, g as Grant & { closedAt?: string }]));
  const due: DueErasure[] = [];
  for (const call of calls) {
    const apps = (await listApplicationsOfCall(call.callId)) as unknown as { applicationId: string; status: string; erasure?: { completedAt?: string } }[];
    const open = apps.filter((a) => !a.erasure?.completedAt);
    if (open.length === 0) continue;
    const decidedAt = (await listDecisions(call.callId)).map((d) => d.decidedAt).sort().at(-1);
    for (const app of open) {
      const when = dueDateOf(app, call, decidedAt, grants.get(app.applicationId), periods);
      if (when && when.dueAt.getTime() <= until.getTime()) {
        due.push({ applicationId: app.applicationId, callId: call.callId, status: app.status, rule: when.rule, dueAt: when.dueAt.toISOString() });
      }
    }
  }
  return due.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}

/** At most this many erasures per run: the rest is the next tick's (each one resumable, so a cut-off run loses nothing). */
export const ERASURES_PER_RUN = 25;

/** The retention job: erases what is due now, each once (a second run finds it done and the audit says it once). */
export async function eraseDue(at: Date): Promise<ErasureOutcome[]> {
  const outcomes: ErasureOutcome[] = [];
  for (const item of (await erasuresDueBy(at)).slice(0, ERASURES_PER_RUN)) {
    const outcome = await eraseApplication(item.applicationId, { kind: 'retention', rule: item.rule }, at);
    outcomes.push(outcome);
    if (outcome.result === 'erased') logger.info('personal data erased at the end of its retention period', { applicationId: item.applicationId, rule: item.rule });
  }
  return outcomes;
}
