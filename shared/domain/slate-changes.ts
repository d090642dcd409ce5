// The secretariat's changes to a slate (the board-decision issue), pure: each
// is checked against the call's bounds and kept with its reason.
import type { SlateChanges } from '../api/schemas.ts';
import { toCents } from './money.ts';

export interface SlateLine {
  applicationId: string;
  rank: number;
  requestedUsd: number;
  amountUsd: number;
  region: string | null;
  /** Which rule put it in: the rank rule, regional balance, or the secretariat. */
  rule: 'rank' | 'regional-balance' | 'secretariat';
}

export interface SlateChangeRecord {
  at: string;
  actor: string;
  applicationId: string;
  action: 'set-amount' | 'include' | 'exclude';
  amountUsd?: number;
  reason: string;
}

export interface StoredSlate {
  entries: SlateLine[];
  reserve: SlateLine[];
  changes: SlateChangeRecord[];
}

export interface Bounds {
  maxGrantUsd: number;
  minGrantUsd: number;
}

type Problem = { path: string; message: string };

function amountProblems(path: string, amountUsd: number, line: SlateLine, bounds: Bounds): Problem[] {
  const cents = toCents(amountUsd);
  return [
    ...(cents > toCents(line.requestedUsd) ? [{ path, message: 'must not exceed the amount requested' }] : []),
    ...(cents > toCents(bounds.maxGrantUsd) ? [{ path, message: 'must not exceed the grant cap' }] : []),
    ...(cents < toCents(bounds.minGrantUsd) ? [{ path, message: "must not be below the call's minimum grant" }] : []),
  ];
}

/** Applies the changes in order, or returns every problem (and changes nothing). */
export function applySlateChanges(
  slate: StoredSlate,
  changes: SlateChanges['changes'],
  bounds: Bounds,
  meta: { at: string; actor: string },
): { slate: StoredSlate; problems: [] } | { slate?: undefined; problems: Problem[] } {
  let entries = [...slate.entries];
  let reserve = [...slate.reserve];
  const problems: Problem[] = [];
  changes.forEach((change, i) => {
    const inSlate = entries.find((e) => e.applicationId === change.applicationId);
    const inReserve = reserve.find((e) => e.applicationId === change.applicationId);
    const where = `changes[${i}]`;
    if (!inSlate && !inReserve) return void problems.push({ path: `${where}.applicationId`, message: 'is not in the ranking of this call' });
    if (change.action === 'set-amount') {
      if (!inSlate) return void problems.push({ path: `${where}.applicationId`, message: 'is not in the slate (include it first)' });
      const found = amountProblems(`${where}.amountUsd`, change.amountUsd, inSlate, bounds);
      if (found.length) return void problems.push(...found);
      entries = entries.map((e) => (e === inSlate ? { ...e, amountUsd: change.amountUsd } : e));
    } else if (change.action === 'include') {
      if (!inReserve) return void problems.push({ path: `${where}.applicationId`, message: 'is already in the slate' });
      const amountUsd = change.amountUsd ?? inReserve.requestedUsd;
      const found = amountProblems(`${where}.amountUsd`, amountUsd, inReserve, bounds);
      if (found.length) return void problems.push(...found);
      reserve = reserve.filter((e) => e !== inReserve);
      entries = [...entries, { ...inReserve, amountUsd, rule: 'secretariat' as const }].sort((a, b) => a.rank - b.rank);
    } else {
      if (!inSlate) return void problems.push({ path: `${where}.applicationId`, message: 'is not in the slate' });
      entries = entries.filter((e) => e !== inSlate);
      reserve = [...reserve, { ...inSlate, amountUsd: inSlate.requestedUsd }].sort((a, b) => a.rank - b.rank);
    }
  });
  if (problems.length) return { problems };
  const records: SlateChangeRecord[] = changes.map((c) => ({ ...meta, applicationId: c.applicationId, action: c.action, ...('amountUsd' in c && c.amountUsd !== undefined ? { amountUsd: c.amountUsd } : {}), reason: c.reason }));
  return { slate: { entries, reserve, changes: [...slate.changes, ...records] }, problems: [] };
}

export function slateTotals(slate: StoredSlate, budgetUsd: number) {
  const total = slate.entries.reduce((sum, e) => sum + toCents(e.amountUsd), 0);
  const budget = toCents(budgetUsd);
  return { totalUsd: total / 100, remainingUsd: Math.max(0, budget - total) / 100, overBudgetUsd: Math.max(0, total - budget) / 100 };
}
