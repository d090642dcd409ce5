import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { proposeSlate, type SlateCandidate } from '../../shared/domain/slate.ts';
import { tally, type TrusteeVote } from '../../shared/domain/tally.ts';

const app = (rank: number, amountUsd: number, region: string | null = 'african'): SlateCandidate => ({
  applicationId: `a${rank}`,
  rank,
  amountUsd,
  region,
});

describe('slate', () => {
  it('funds in rank order while the budget lasts, skipping what no longer fits and trying the next', () => {
    const slate = proposeSlate([app(1, 60_000), app(2, 50_000), app(3, 45_000), app(4, 30_000), app(5, 10_000)], 130_000);
    expect(slate.entries.map((e) => [e.applicationId, e.rule])).toEqual([
      ['a1', 'rank'],
      ['a2', 'rank'],
      ['a5', 'rank'],
    ]);
    expect(slate.reserve.map((r) => r.applicationId)).toEqual(['a3', 'a4']);
    expect([slate.totalUsd, slate.remainingUsd]).toEqual([120_000, 10_000]);
  });

  it('fits exactly to the cent', () => {
    const slate = proposeSlate([app(1, 59_999.99), app(2, 0.01), app(3, 0.01)], 60_000);
    expect(slate.entries.map((e) => e.applicationId)).toEqual(['a1', 'a2']);
    expect(slate.remainingUsd).toBe(0);
  });

  it('gives each regional group with a fundable application its best one first, and says so', () => {
    const ranked = [app(1, 60_000, 'african'), app(2, 60_000, 'african'), app(3, 60_000, 'eastern-european'), app(4, 50_000, 'latin-american-caribbean')];
    const plain = proposeSlate(ranked, 120_000);
    expect(plain.entries.map((e) => e.applicationId)).toEqual(['a1', 'a2']);
    const balanced = proposeSlate(ranked, 170_000, { regionalBalance: true });
    expect(balanced.entries.map((e) => [e.applicationId, e.rule])).toEqual([
      ['a1', 'rank'],
      ['a3', 'regional-balance'],
      ['a4', 'rank'], // the rank rule alone would fund it too
    ]);
    expect(balanced.reserve.map((r) => r.applicationId)).toEqual(['a2']);
  });

  it('never spends more than the budget, and keeps every ranked application in the slate or the reserve', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ amount: fc.integer({ min: 1, max: 6_000_000 }), region: fc.constantFrom('african', 'asia-pacific', null) }), { maxLength: 30 }),
        fc.integer({ min: 0, max: 30_000_000 }),
        fc.boolean(),
        (items, budgetCents, regionalBalance) => {
          const ranked = items.map((x, i) => app(i + 1, x.amount / 100, x.region));
          const slate = proposeSlate(ranked, budgetCents / 100, { regionalBalance });
          const spent = slate.entries.reduce((s, e) => s + Math.round(e.amountUsd * 100), 0);
          expect(spent).toBeLessThanOrEqual(budgetCents);
          expect(slate.entries.length + slate.reserve.length).toBe(ranked.length);
          // Nothing in the reserve would still fit.
          for (const r of slate.reserve) expect(Math.round(r.amountUsd * 100)).toBeGreaterThan(budgetCents - spent);
        },
      ),
      { numRuns: 300 },
    );
  });
});

const board = (...votes: (TrusteeVote['vote'] | ['conflict', TrusteeVote['vote']])[]): TrusteeVote[] =>
  votes.map((v, i) => (Array.isArray(v) ? { trusteeId: `t${i + 1}`, vote: v[1], conflict: true } : { trusteeId: `t${i + 1}`, vote: v }));

describe('tally', () => {
  it('needs a quorum of 3 of 5 eligible trustees', () => {
    expect(tally(board('approve', 'approve', undefined, undefined, undefined))).toMatchObject({ outcome: 'no-quorum', rule: 'NO_QUORUM', quorum: 3, voted: 2 });
    expect(tally(board('approve', 'approve', 'abstain', undefined, undefined))).toMatchObject({ outcome: 'approved', voted: 3 });
  });

  it('does not count recused trustees as eligible (4 eligible: quorum 3)', () => {
    const result = tally(board('recuse', 'approve', 'approve', undefined, undefined));
    expect(result).toMatchObject({ eligible: 4, quorum: 3, outcome: 'no-quorum' });
    expect(tally(board('recuse', 'approve', 'approve', 'reject', undefined))).toMatchObject({ eligible: 4, quorum: 3, outcome: 'approved' });
    // 3 recused: 2 eligible, quorum 2
    expect(tally(board('recuse', 'recuse', 'recuse', 'approve', 'approve'))).toMatchObject({ eligible: 2, quorum: 2, outcome: 'approved' });
  });

  it('approves on more than half of the votes for or against; abstentions do not count; a tie fails', () => {
    expect(tally(board('approve', 'approve', 'reject', 'abstain', 'abstain'))).toMatchObject({ outcome: 'approved', rule: 'MAJORITY_APPROVED' });
    expect(tally(board('approve', 'reject', 'abstain', 'abstain', undefined))).toMatchObject({ outcome: 'rejected', rule: 'TIE_FAILS' });
    expect(tally(board('approve', 'reject', 'reject', undefined, undefined))).toMatchObject({ outcome: 'rejected', rule: 'MAJORITY_REJECTED' });
    expect(tally(board('abstain', 'abstain', 'abstain', undefined, undefined))).toMatchObject({ outcome: 'rejected', rule: 'NO_VOTE_FOR_OR_AGAINST' });
  });

  it('recuses a trustee with a declared conflict whatever the ballot says, and explains it', () => {
    const result = tally(board(['conflict', 'approve'], 'reject', 'reject', 'approve', undefined));
    expect(result).toMatchObject({ eligible: 4, approvals: 1, rejections: 2, outcome: 'rejected', recused: ['t1'], notVoted: ['t5'] });
    expect(result.counted[0]).toEqual({ trusteeId: 't1', counted: 'recuse', because: 'declared-conflict' });
  });

  it('takes a quorum from the call settings', () => {
    expect(tally(board('approve', 'approve', 'approve', undefined, undefined), { quorum: 4 })).toMatchObject({ outcome: 'no-quorum' });
  });
});
