// A call's applications as the secretariat downloads them: the dashboard's
// filters (one parser, lenient for the page, strict for the API), the table
// with every review's scores, and the two files, read back as a spreadsheet
// would read them: the CSV by its quoting rules, the workbook with exceljs.
// Nothing an applicant types may become a formula.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { filtersQuery, listApplications, parseApplicationFilters } from '../../shared/api/application-list.ts';
import { applicationsCsv, applicationsTable } from '../../shared/exports/applications.ts';
import { applicationsWorkbook } from '../../shared/exports/applications-xlsx.ts';
import { guardFormula } from '../../shared/exports/cells.ts';
import type { Application } from '../../shared/repository/applications.ts';
import type { Decision } from '../../shared/repository/board.ts';
import type { RankingEntry } from '../../shared/repository/calls.ts';
import type { ReviewRecord } from '../../shared/repository/reviews.ts';

const CRITERIA = [
  { id: 'relevance', label: 'Relevance', weight: 60 },
  { id: 'capacity', label: 'Capacity', weight: 40 },
];

const app = (id: string, name: string, country: string, status: Application['status'], points: number, requestedUsd: number): Application =>
  ({
    applicationId: id,
    callId: 'C1',
    status,
    input: {
      language: 'en',
      organisation: { name, registrationCountry: country },
      project: { title: `Project of ${name}`, countries: [country], actionLines: country === 'EC' ? ['legal-assistance'] : ['protection'] },
      budget: { requestedUsd, lines: [] },
    },
    eligibility: status === 'ineligible' ? { eligible: false, reasons: [{ code: 'AMOUNT_OVER_CAP', message: 'over the cap' }] } : { eligible: true, reasons: [] },
    priority: { points, rules: points ? [{ context: 'armed-conflict', points, declared: true, countries: [], explanation: 'declared' }] : [] },
  }) as unknown as Application;

const apps = [
  app('A', 'Fundación Esperanza', 'EC', 'reviewed', 10, 60_000),
  app('B', '=HYPERLINK("http://evil.example","Samu Social Sénégal")', 'SN', 'reviewed', 0, 45_000),
  app('C', 'Dhaka Ahsania Mission', 'BD', 'ineligible', 0, 70_000),
  app('D', '@SUM(1+1)', 'AL', 'reviewed', 0, 15_000),
];
const ranking = [
  { applicationId: 'A', rank: 1, finalScore: 95, meanReview: 85, priorityPoints: 10 },
  { applicationId: 'B', rank: 2, finalScore: 70, meanReview: 70, priorityPoints: 0 },
  { applicationId: 'D', rank: 3, finalScore: 40, meanReview: 40, priorityPoints: 0 },
] as unknown as RankingEntry[];
const decisions = new Map<string, Decision>([['A', { callId: 'C1', applicationId: 'A', outcome: 'approved', rule: 'MAJORITY_APPROVED', amountUsd: 55_000, decidedAt: '2026-12-03T00:00:00Z' }]]);
const review = (applicationId: string, reviewerId: string, scores: Record<string, number>, total: number, answeredAt: string, comments = '', status: ReviewRecord['status'] = 'submitted') =>
  ({ callId: 'C1', applicationId, reviewerId, status, scores, total, comments, answeredAt }) as unknown as ReviewRecord;
const reviews = [
  review('A', 'r2', { relevance: 4, capacity: 5 }, 85, '2026-11-02', '+ strong team'),
  review('A', 'r1', { relevance: 5, capacity: 4 }, 85, '2026-11-01', 'clear'),
  review('B', 'r1', { relevance: 3, capacity: 4 }, 70, '2026-11-03', '-1 for the budget'),
  review('B', 'r3', {}, 0, '2026-11-04', '', 'declined'),
];
const names = new Map([
  ['r1', 'Ana Pérez'],
  ['r2', 'Kwame Mensah'],
]);

describe("the dashboard's filters", () => {
  it('reads what the dashboard sends, and names for the API every parameter it cannot apply', () => {
    expect(parseApplicationFilters({ status: 'reviewed', minScore: '50', sort: 'requested', dir: 'asc' })).toEqual({
      filters: { status: 'reviewed', country: '', region: '', actionLine: '', priority: '', minScore: '50', sort: 'requested', dir: 'asc' },
      problems: [],
    });
    const bad = parseApplicationFilters({ status: 'lost', country: 'Ecuador', region: 'mars', actionLine: 'x', priority: 'no', minScore: 'ten', sort: 'name', dir: 'up', colour: 'red', page: '' });
    expect(bad.problems.map((p) => p.path)).toEqual(['status', 'country', 'region', 'actionLine', 'priority', 'minScore', 'sort', 'dir', 'colour']);
    // The page ignores them, as it always did: the defaults stand.
    expect(bad.filters).toMatchObject({ status: '', priority: '', minScore: '', sort: 'score', dir: 'desc' });
    expect(filtersQuery(parseApplicationFilters({ status: 'reviewed', sort: 'score', dir: 'desc', priority: 'yes' }).filters)).toBe('?status=reviewed&priority=yes');
    expect(filtersQuery(parseApplicationFilters({}).filters)).toBe('');
  });

  it('filters and sorts', () => {
    const ids = (q: Record<string, string>) => listApplications(apps, ranking, decisions, parseApplicationFilters(q).filters).map((a) => a.app.applicationId);
    expect(ids({})).toEqual(['A', 'B', 'D', 'C']);
    expect(ids({ status: 'reviewed', minScore: '50' })).toEqual(['A', 'B']);
    expect(ids({ priority: 'yes' })).toEqual(['A']);
    expect(ids({ region: 'african' })).toEqual(['B']);
    expect(ids({ country: 'bd' })).toEqual(['C']);
    expect(ids({ actionLine: 'legal-assistance' })).toEqual(['A']);
    expect(ids({ sort: 'requested', dir: 'asc' })).toEqual(['D', 'B', 'A', 'C']);
  });
});

describe('the applications export', () => {
  const listed = listApplications(apps, ranking, decisions, parseApplicationFilters({}).filters);
  const table = applicationsTable({ reviewCriteria: CRITERIA, ranking }, listed, reviews, names);

  it('has a row per listed application, in order, with each submitted review, the score and the decision', () => {
    expect(table.columns).toEqual([
      'rank', 'application_id', 'organisation', 'registration_country', 'region', 'project_title', 'countries_of_implementation', 'action_lines',
      'requested_usd', 'status', 'eligible', 'eligibility_reasons', 'priority_points', 'priority_contexts',
      'review_1_reviewer', 'review_1_relevance', 'review_1_capacity', 'review_1_total', 'review_1_comments',
      'review_2_reviewer', 'review_2_relevance', 'review_2_capacity', 'review_2_total', 'review_2_comments',
      'mean_review', 'final_score', 'decision', 'decision_rule', 'awarded_usd',
    ]);
    const row = (id: string) => Object.fromEntries(table.columns.map((c, i) => [c, table.rows.find((r) => r[1] === id)![i]]));
    expect(table.rows.map((r) => r[1])).toEqual(['A', 'B', 'D', 'C']);
    expect(row('A')).toMatchObject({ rank: 1, organisation: 'Fundación Esperanza', region: 'latin-american-caribbean', eligible: 'yes', priority_points: 10, priority_contexts: 'armed-conflict (10)' });
    // Reviews in the order they came in; the declined one has no scores and no column.
    expect(row('A')).toMatchObject({ review_1_reviewer: 'Ana Pérez', review_1_relevance: 5, review_1_capacity: 4, review_2_reviewer: 'Kwame Mensah', review_2_comments: '+ strong team' });
    expect(row('A')).toMatchObject({ mean_review: 85, final_score: 95, decision: 'approved', decision_rule: 'MAJORITY_APPROVED', awarded_usd: 55_000 });
    expect(row('B')).toMatchObject({ review_1_total: 70, review_2_reviewer: '', review_2_total: '', decision: '' });
    expect(row('C')).toMatchObject({ rank: '', eligible: 'no', eligibility_reasons: 'AMOUNT_OVER_CAP', final_score: '' });
  });

  it('writes CSV whose text cells cannot start a formula', () => {
    const csv = applicationsCsv(table);
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(1 + 4 + 1);
    expect(lines.at(-1)).toBe('');
    expect(lines[2]).toContain(`"'=HYPERLINK(""http://evil.example"",""Samu Social Sénégal"")"`);
    expect(lines[2]).toContain(`"'-1 for the budget"`);
    expect(lines[1]).toContain(`"'+ strong team"`);
    expect(lines[3]).toContain(`"'@SUM(1+1)"`);
    expect(lines[1]).toContain('"Fundación Esperanza"');
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(guardFormula(`${start}x`)).toBe(`'${start}x`);
    expect(guardFormula('Fundación')).toBe('Fundación');
  });

  it('writes a workbook that exceljs reads back: every row, numbers as numbers, no formula anywhere', async () => {
    const bytes = await applicationsWorkbook(table, { call: '=Third cycle', filters: 'none', generatedAt: '2026-12-03T09:00:00.000Z' });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Applications')!;
    expect(sheet.rowCount).toBe(1 + table.rows.length);
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual(table.columns);
    expect(values(2).slice(0, 3)).toEqual([1, 'A', 'Fundación Esperanza']);
    expect(sheet.getRow(2).getCell(9).value).toBe(60_000);
    expect(sheet.getRow(3).getCell(3).value).toBe(`'=HYPERLINK("http://evil.example","Samu Social Sénégal")`);
    expect(sheet.getRow(4).getCell(3).value).toBe(`'@SUM(1+1)`);
    sheet.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
    expect(workbook.getWorksheet('About')!.getRow(1).getCell(2).value).toBe(`'=Third cycle`);
  });
});
