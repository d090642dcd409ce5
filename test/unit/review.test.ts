import { describe, expect, it } from 'vitest';
import { DEFAULT_REVIEW_CRITERIA } from '../../shared/api/schemas.ts';
import { rank, reviewTotal, scoreProblems } from '../../shared/domain/review.ts';

const all = (n: number) => Object.fromEntries(DEFAULT_REVIEW_CRITERIA.map((c) => [c.id, n]));

describe('review total', () => {
  it('runs from 0 (all 1s) to 100 (all 5s), weighted by the call', () => {
    expect(reviewTotal(DEFAULT_REVIEW_CRITERIA, all(1))).toBe(0);
    expect(reviewTotal(DEFAULT_REVIEW_CRITERIA, all(5))).toBe(100);
    expect(reviewTotal(DEFAULT_REVIEW_CRITERIA, all(3))).toBe(50);
    // relevance (25) at 5, everything else at 1
    expect(reviewTotal(DEFAULT_REVIEW_CRITERIA, { ...all(1), relevance: 5 })).toBe(25);
  });

  it('names missing and unknown criteria', () => {
    const { relevance: _dropped, ...rest } = all(4);
    expect(scoreProblems(DEFAULT_REVIEW_CRITERIA, { ...rest, charm: 5 })).toEqual([
      { path: 'scores.relevance', message: 'is required (1 to 5)' },
      { path: 'scores.charm', message: 'is not a criterion of this call' },
    ]);
  });
});

describe('ranking', () => {
  it('adds priority points to the mean review and breaks ties by priority, then by submission time', () => {
    const ranked = rank([
      { applicationId: 'late', submittedAt: '2027-01-03T00:00:00Z', priorityPoints: 10, reviewTotals: [70, 80] },
      { applicationId: 'early', submittedAt: '2027-01-01T00:00:00Z', priorityPoints: 10, reviewTotals: [75, 75] },
      { applicationId: 'no-priority', submittedAt: '2027-01-01T00:00:00Z', priorityPoints: 0, reviewTotals: [85] },
      { applicationId: 'best', submittedAt: '2027-01-05T00:00:00Z', priorityPoints: 20, reviewTotals: [90, 60] },
    ]);
    expect(ranked.map((r) => [r.rank, r.applicationId, r.finalScore])).toEqual([
      [1, 'best', 95],
      [2, 'early', 85],
      [3, 'late', 85],
      [4, 'no-priority', 85],
    ]);
  });
});
