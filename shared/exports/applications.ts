// The applications of a call as the secretariat downloads them: the rows the
// dashboard lists (same filters, same order: shared/api/application-list.ts),
// each with its eligibility, priority, every submitted review's scores, the
// final score and the Board's decision. One table, written as CSV here and as
// an Excel workbook by ./applications-xlsx.ts (which alone loads exceljs).
// Pure.
import type { ApplicationFilters, ListedApplication } from '../api/application-list.ts';
import type { Call } from '../repository/calls.ts';
import type { ReviewRecord } from '../repository/reviews.ts';
import { toCsv } from './cells.ts';

export type ExportCell = string | number;

export interface ExportTable {
  /** Column names (snake case, stable: scripts read them). */
  columns: string[];
  /** Text cells as the applicant typed them: each writer guards them against formulas. */
  rows: ExportCell[][];
}

/**
 * `reviews`: the call's reviews (only the submitted ones count, oldest
 * answer first); `reviewerNames`: by reviewer id. An application with fewer
 * reviews than the most reviewed one leaves the later review columns empty.
 */
export function applicationsTable(call: Pick<Call, 'reviewCriteria' | 'ranking'>, listed: readonly ListedApplication[], reviews: readonly ReviewRecord[], reviewerNames: ReadonlyMap<string, string>): ExportTable {
  const submitted = new Map<string, ReviewRecord[]>();
  for (const review of reviews.filter((r) => r.status === 'submitted').sort((a, b) => (a.answeredAt ?? '').localeCompare(b.answeredAt ?? ''))) {
    submitted.set(review.applicationId, [...(submitted.get(review.applicationId) ?? []), review]);
  }
  const reviewColumns = Math.max(0, ...listed.map((a) => submitted.get(a.app.applicationId)?.length ?? 0));
  const criteria = call.reviewCriteria;
  const ranking = new Map((call.ranking ?? []).map((r) => [r.applicationId, r]));
  const columns = [
    'rank',
    'application_id',
    'organisation',
    'registration_country',
    'region',
    'project_title',
    'countries_of_implementation',
    'action_lines',
    'requested_usd',
    'status',
    'eligible',
    'eligibility_reasons',
    'priority_points',
    'priority_contexts',
    ...Array.from({ length: reviewColumns }, (_, i) => [`review_${i + 1}_reviewer`, ...criteria.map((c) => `review_${i + 1}_${c.id}`), `review_${i + 1}_total`, `review_${i + 1}_comments`]).flat(),
    'mean_review',
    'final_score',
    'decision',
    'decision_rule',
    'awarded_usd',
  ];
  const rows = listed.map(({ app, region, rank, score, priority, decision }) => {
    const ranked = ranking.get(app.applicationId);
    const own = submitted.get(app.applicationId) ?? [];
    const reviewCells = Array.from({ length: reviewColumns }, (_, i) => {
      const review = own[i];
      if (!review) return Array<ExportCell>(criteria.length + 3).fill('');
      return [reviewerNames.get(review.reviewerId) ?? review.reviewerId, ...criteria.map((c) => review.scores?.[c.id] ?? ''), review.total ?? '', review.comments ?? ''];
    }).flat();
    return [
      rank ?? '',
      app.applicationId,
      app.input.organisation.name,
      app.input.organisation.registrationCountry,
      region,
      app.input.project.title,
      app.input.project.countries.join(' '),
      app.input.project.actionLines.join(' '),
      app.input.budget.requestedUsd,
      app.status,
      app.eligibility ? (app.eligibility.eligible ? 'yes' : 'no') : '',
      (app.eligibility?.reasons ?? []).map((r) => r.code).join(' '),
      priority,
      (app.priority?.rules ?? []).map((r) => `${r.context} (${r.points})`).join('; '),
      ...reviewCells,
      ranked?.meanReview ?? '',
      score ?? '',
      decision?.outcome ?? '',
      decision?.rule ?? '',
      decision?.outcome === 'approved' ? decision.amountUsd : '',
    ];
  });
  return { columns, rows };
}

/** What the file was cut from: the call and the filters, for the file's name and its "About" part. */
export function describeFilters(filters: ApplicationFilters): string {
  const parts = Object.entries(filters)
    .filter(([name, value]) => value && !(name === 'sort' && value === 'score') && !(name === 'dir' && value === 'desc'))
    .map(([name, value]) => `${name}=${value}`);
  return parts.length ? parts.join(', ') : 'none (every submitted application)';
}

export const applicationsCsv = (table: ExportTable): string => toCsv([table.columns, ...table.rows]);
