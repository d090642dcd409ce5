import middy from '@middy/core';
import { now } from '#shared/clock.ts';
import { getGrant } from '#shared/repository/grants.ts';
import { getReport, getTranche } from '#shared/repository/milestones.ts';

type Output =
  | { action: 'nothing'; reason: string }
  | { action: 'tranche'; number: number }
  | { action: 'request'; number: number; timeoutSeconds: number }
  | { action: 'overdue' | 'await-review'; number: number };

/**
 * What a milestone needs now: a tranche to release or hold; a report to ask
 * for (with the time until it is overdue), to wait on past its grace, or to
 * have reviewed; or nothing (a closed or cancelled grant, a milestone already
 * done). Read again after a report is returned, and when an execution is
 * re-driven, so every step starts from the records.
 */
export const handler = middy<{ grantId: string; milestone: string }, Output>().handler(async ({ grantId, milestone }) => {
  const grant = await getGrant(grantId);
  if (!grant || grant.status !== 'active') return { action: 'nothing', reason: `grant ${grant?.status ?? 'missing'}` };
  const match = /^(report|tranche)-(\d+)$/.exec(milestone);
  if (!match) throw new Error(`Unknown milestone ${milestone}`);
  const number = Number(match[2]);
  if (match[1] === 'tranche') {
    const tranche = await getTranche(grantId, number);
    if (!tranche || tranche.status === 'released') return { action: 'nothing', reason: 'released' };
    return { action: 'tranche', number };
  }
  const report = await getReport(grantId, number);
  if (!report || report.status === 'accepted') return { action: 'nothing', reason: 'accepted' };
  if (report.status === 'submitted') return { action: 'await-review', number };
  if (report.overdue && report.status === 'requested') return { action: 'overdue', number };
  const timeoutSeconds = Math.max(1, Math.ceil((Date.parse(`${report.overdueAfter}T00:00:00Z`) - now().getTime()) / 1000));
  return { action: 'request', number, timeoutSeconds };
});
