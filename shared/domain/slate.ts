// The proposed slate (DOMAIN.md step 6, the board-decision issue), pure.
//
// Rule: applications are taken in rank order, each at its requested amount,
// while the call budget lasts. One that no longer fits is skipped and the
// next ones are still tried (a smaller project further down may still fit).
// With regional balance on, each UN regional group that has a fundable
// application first gets its best-ranked one, when the budget allows, taking
// groups in the order of their best rank; then the rank rule fills the rest.
// Every entry says which rule put it in. The ranked applications left out
// form the reserve list, in rank order.
import { toCents } from './money.ts';

export interface SlateCandidate {
  applicationId: string;
  rank: number;
  amountUsd: number;
  /** UN regional group of the project (null when none). */
  region: string | null;
}

export type SlateRule = 'rank' | 'regional-balance';

export interface SlateEntry extends SlateCandidate {
  rule: SlateRule;
}

export interface Slate {
  entries: SlateEntry[];
  reserve: SlateCandidate[];
  totalUsd: number;
  remainingUsd: number;
}

export function proposeSlate(
  ranked: readonly SlateCandidate[],
  budgetUsd: number,
  { regionalBalance = false }: { regionalBalance?: boolean } = {},
): Slate {
  const byRank = [...ranked].sort((a, b) => a.rank - b.rank);
  const budget = toCents(budgetUsd);
  let remaining = budget;
  const chosen = new Map<string, SlateRule>();

  // What the rank rule alone would fund: an entry is "regional-balance" only if it would not be in otherwise.
  const plain = new Set<string>();
  let plainRemaining = budget;
  for (const c of byRank) {
    if (toCents(c.amountUsd) <= plainRemaining) {
      plain.add(c.applicationId);
      plainRemaining -= toCents(c.amountUsd);
    }
  }

  if (regionalBalance) {
    const bestOfRegion = new Map<string, SlateCandidate>();
    for (const c of byRank) if (c.region && !bestOfRegion.has(c.region) && toCents(c.amountUsd) <= budget) bestOfRegion.set(c.region, c);
    for (const c of bestOfRegion.values()) {
      if (toCents(c.amountUsd) > remaining) continue;
      chosen.set(c.applicationId, plain.has(c.applicationId) ? 'rank' : 'regional-balance');
      remaining -= toCents(c.amountUsd);
    }
  }
  for (const c of byRank) {
    if (chosen.has(c.applicationId) || toCents(c.amountUsd) > remaining) continue;
    chosen.set(c.applicationId, 'rank');
    remaining -= toCents(c.amountUsd);
  }

  const entries = byRank.filter((c) => chosen.has(c.applicationId)).map((c) => ({ ...c, rule: chosen.get(c.applicationId)! }));
  return {
    entries,
    reserve: byRank.filter((c) => !chosen.has(c.applicationId)),
    totalUsd: (budget - remaining) / 100,
    remainingUsd: remaining / 100,
  };
}
