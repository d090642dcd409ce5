// A call's applications as the secretariat lists them: the dashboard's
// filters and sort, read from the query string, applied in one place so that
// the dashboard's table and the exports (CSV, Excel) hold the same rows in
// the same order. Pure.
import { regionalGroup, UN_REGIONAL_GROUPS } from '../domain/countries.ts';
import { ACTION_LINES, APPLICATION_STATUSES } from '../domain/vocabulary.ts';
import type { ErrorDetail } from '../http/errors.ts';
import type { Application } from '../repository/applications.ts';
import type { Decision } from '../repository/board.ts';
import type { RankingEntry } from '../repository/calls.ts';

export const SORTS = { score: 'final score', priority: 'priority', country: 'country', status: 'status', requested: 'amount' } as const;
export type SortKey = keyof typeof SORTS;

/** Each filter as text ('' = any), as the dashboard's form sends it back. */
export interface ApplicationFilters {
  status: string;
  country: string;
  region: string;
  actionLine: string;
  priority: '' | 'yes';
  minScore: string;
  sort: SortKey;
  dir: 'asc' | 'desc';
}

const PARAMETERS = ['status', 'country', 'region', 'actionLine', 'priority', 'minScore', 'sort', 'dir'] as const;

/**
 * The filters of a query string. The dashboard ignores what it cannot use
 * (as its form never sends it); the API refuses it: `problems` names each
 * parameter that is not one of the allowed values, or not a parameter at all.
 */
export function parseApplicationFilters(query: Record<string, string | undefined> = {}): { filters: ApplicationFilters; problems: ErrorDetail[] } {
  const q = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>;
  const problems: ErrorDetail[] = [];
  const check = (name: string, ok: boolean, message: string) => {
    if (q[name] !== undefined && !ok) problems.push({ path: name, message });
  };
  check('status', APPLICATION_STATUSES.includes(q.status as never), `must be one of ${APPLICATION_STATUSES.join(', ')}`);
  check('country', /^[A-Za-z]{2}$/.test(q.country ?? ''), 'must be a two-letter ISO country code');
  check('region', UN_REGIONAL_GROUPS.includes(q.region as never), `must be one of ${UN_REGIONAL_GROUPS.join(', ')}`);
  check('actionLine', ACTION_LINES.includes(q.actionLine as never), `must be one of ${ACTION_LINES.join(', ')}`);
  check('priority', q.priority === 'yes', 'must be "yes" (only applications with priority points)');
  check('minScore', Number.isFinite(Number(q.minScore)), 'must be a number');
  check('sort', (q.sort ?? '') in SORTS, `must be one of ${Object.keys(SORTS).join(', ')}`);
  check('dir', q.dir === 'asc' || q.dir === 'desc', 'must be asc or desc');
  for (const name of Object.keys(q)) if (!PARAMETERS.includes(name as never)) problems.push({ path: name, message: `is not a filter (filters: ${PARAMETERS.join(', ')})` });
  return {
    filters: {
      status: q.status && APPLICATION_STATUSES.includes(q.status as never) ? q.status : '',
      country: q.country ?? '',
      region: q.region ?? '',
      actionLine: q.actionLine ?? '',
      priority: q.priority === 'yes' ? 'yes' : '',
      minScore: q.minScore && Number.isFinite(Number(q.minScore)) ? q.minScore : '',
      sort: (q.sort && q.sort in SORTS ? q.sort : 'score') as SortKey,
      dir: q.dir === 'asc' ? 'asc' : 'desc',
    },
    problems,
  };
}

/** The filters as a query string (`?…`, or '' when none differs from the defaults), for links that keep them. */
export function filtersQuery(filters: ApplicationFilters): string {
  const params = new URLSearchParams();
  for (const name of PARAMETERS) {
    const value = filters[name];
    if (value && !(name === 'sort' && value === 'score') && !(name === 'dir' && value === 'desc')) params.set(name, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export interface ListedApplication {
  app: Application;
  /** UN regional group of the registration country ('' when none). */
  region: string;
  score?: number;
  rank?: number;
  priority: number;
  decision?: Decision;
}

/** The applications that pass the filters, sorted as asked (by final score, highest first, by default). */
export function listApplications(
  apps: readonly Application[],
  ranking: readonly RankingEntry[],
  decisions: ReadonlyMap<string, Decision>,
  filters: ApplicationFilters,
): ListedApplication[] {
  const ranked = new Map(ranking.map((r) => [r.applicationId, r]));
  const listed = apps
    .map((app) => ({
      app,
      region: regionalGroup(app.input.organisation.registrationCountry) ?? '',
      score: ranked.get(app.applicationId)?.finalScore,
      rank: ranked.get(app.applicationId)?.rank,
      priority: app.priority?.points ?? 0,
      decision: decisions.get(app.applicationId),
    }))
    .filter(
      (a) =>
        (!filters.status || a.app.status === filters.status) &&
        (!filters.country || a.app.input.organisation.registrationCountry === filters.country.toUpperCase()) &&
        (!filters.region || a.region === filters.region) &&
        (!filters.actionLine || a.app.input.project.actionLines.includes(filters.actionLine as never)) &&
        (!filters.priority || a.priority > 0) &&
        (!filters.minScore || (a.score !== undefined && a.score >= Number(filters.minScore))),
    );
  const dir = filters.dir === 'asc' ? 1 : -1;
  const key = (a: ListedApplication): string | number =>
    ({ score: a.score ?? -1, priority: a.priority, country: a.app.input.organisation.registrationCountry, status: a.app.status, requested: a.app.input.budget.requestedUsd })[filters.sort];
  return listed.sort((a, b) => (key(a) < key(b) ? -dir : key(a) > key(b) ? dir : 0));
}
