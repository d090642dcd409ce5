// Report figures (DOMAIN.md step 10) and the impact they add up to, pure.
import type { ReportInput } from '../api/schemas.ts';
import { BENEFICIARY_GROUPS, FORMS_OF_EXPLOITATION, SERVICES } from './vocabulary.ts';

export type ReportFigures = ReportInput['figures'];
type Problem = { path: string; message: string };

/** The figures must add up: the four groups and the forms of exploitation to the total; no service above it. */
export function figureProblems(figures: ReportFigures): Problem[] {
  const { beneficiaries, byExploitation, services } = figures;
  const problems: Problem[] = [];
  const groups = BENEFICIARY_GROUPS.reduce((sum, g) => sum + beneficiaries[g], 0);
  if (groups !== beneficiaries.total) {
    problems.push({ path: 'figures.beneficiaries.total', message: `must equal women + men + girls + boys (${groups})` });
  }
  const forms = Object.values(byExploitation).reduce((sum: number, n) => sum + (n ?? 0), 0);
  if (forms !== beneficiaries.total) {
    problems.push({ path: 'figures.byExploitation', message: `must add up to figures.beneficiaries.total (${beneficiaries.total}), not ${forms}: count each person once, by their main form of exploitation` });
  }
  for (const [service, n] of Object.entries(services)) {
    if ((n ?? 0) > beneficiaries.total) problems.push({ path: `figures.services.${service}`, message: `must not exceed figures.beneficiaries.total (${beneficiaries.total})` });
  }
  return problems;
}

/** Below this, a count is shown as "<5": no small group of victims can be singled out. */
export const SMALL_CELL = 5;
export type Cell = number | '<5';
/** Every count below 5 (0 included: the rule is literal, and a shown 0 next to a "<5" would narrow it down) is shown as "<5". */
export const suppress = (n: number): Cell => (n < SMALL_CELL ? '<5' : n);

export interface AcceptedReport {
  callId: string;
  region: string | null;
  figures: ReportFigures;
}

const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/**
 * Adds up the accepted reports: beneficiaries by group, by form of
 * exploitation and by service, and totals by region and by call. Each report
 * counts the people assisted in its period; the figures add the periods up.
 * Every cell goes through `suppress`.
 */
export function impact(reports: readonly AcceptedReport[]) {
  const groups = zeros(BENEFICIARY_GROUPS);
  const forms = zeros(FORMS_OF_EXPLOITATION);
  const services = zeros(SERVICES);
  const byRegion: Record<string, number> = {};
  const byCall: Record<string, number> = {};
  let total = 0;
  for (const { callId, region, figures } of reports) {
    for (const g of BENEFICIARY_GROUPS) groups[g] += figures.beneficiaries[g];
    for (const [form, n] of Object.entries(figures.byExploitation)) forms[form as keyof typeof forms] += n ?? 0;
    for (const [service, n] of Object.entries(figures.services)) services[service as keyof typeof services] += n ?? 0;
    const regionKey = region ?? 'unknown';
    byRegion[regionKey] = (byRegion[regionKey] ?? 0) + figures.beneficiaries.total;
    byCall[callId] = (byCall[callId] ?? 0) + figures.beneficiaries.total;
    total += figures.beneficiaries.total;
  }
  const shown = <K extends string>(cells: Record<K, number>) => Object.fromEntries(Object.entries<number>(cells).map(([k, n]) => [k, suppress(n)])) as Record<K, Cell>;
  return {
    reports: reports.length,
    beneficiaries: suppress(total),
    byGroup: shown(groups),
    byExploitation: shown(forms),
    byService: shown(services),
    byRegion: shown(byRegion),
    byCall: shown(byCall),
  };
}
