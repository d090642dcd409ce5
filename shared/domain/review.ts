// Review scores and the ranking (DOMAIN.md steps 5 and 6), pure.

export interface Criterion {
  id: string;
  label: string;
  weight: number;
}

/**
 * A reviewer's total, 0 to 100: each criterion's score (1 to 5) is placed on
 * 0..1 and weighted; the call's weights add up to 100. Rounded to 2 decimals.
 */
export function reviewTotal(criteria: readonly Criterion[], scores: Record<string, number>): number {
  const total = criteria.reduce((sum, c) => sum + (c.weight * ((scores[c.id] ?? 1) - 1)) / 4, 0);
  return Math.round(total * 100) / 100;
}

/** Which criteria are missing from, or unknown to, a set of scores (for a 400 that names them). */
export function scoreProblems(criteria: readonly Criterion[], scores: Record<string, number>): { path: string; message: string }[] {
  const known = new Set(criteria.map((c) => c.id));
  return [
    ...criteria.filter((c) => scores[c.id] === undefined).map((c) => ({ path: `scores.${c.id}`, message: 'is required (1 to 5)' })),
    ...Object.keys(scores).filter((id) => !known.has(id)).map((id) => ({ path: `scores.${id}`, message: 'is not a criterion of this call' })),
  ];
}

export interface RankingInput {
  applicationId: string;
  submittedAt: string;
  priorityPoints: number;
  reviewTotals: number[];
}

export interface RankedApplication extends RankingInput {
  rank: number;
  meanReview: number;
  finalScore: number;
}

/**
 * Final score = mean of the reviewers' totals + priority points. Ties break
 * by priority points (higher first), then by the earliest submission, then by
 * application id (so the order is total and stable).
 */
export function rank(applications: readonly RankingInput[]): RankedApplication[] {
  return applications
    .map((app) => {
      const meanReview = app.reviewTotals.length
        ? Math.round((app.reviewTotals.reduce((s, t) => s + t, 0) / app.reviewTotals.length) * 100) / 100
        : 0;
      return { ...app, meanReview, finalScore: Math.round((meanReview + app.priorityPoints) * 100) / 100 };
    })
    .sort(
      (a, b) =>
        b.finalScore - a.finalScore ||
        b.priorityPoints - a.priorityPoints ||
        Date.parse(a.submittedAt) - Date.parse(b.submittedAt) ||
        a.applicationId.localeCompare(b.applicationId),
    )
    .map((app, i) => ({ ...app, rank: i + 1 }));
}
