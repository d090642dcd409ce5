// Assignment benchmark: 3,000 applications, 300 reviewers, 3 reviewers each,
// with realistic conflicts and affinities (seeded, so every run is the same
// instance). Prints the exact solver's and a greedy baseline's figures.
import { COUNTRIES, regionalGroup } from '../shared/domain/countries.ts';
import {
  assignGreedily,
  assignReviewers,
  type ApplicationProfile,
  type AssignmentResult,
  type ReviewerProfile,
} from '../shared/domain/assignment.ts';
import { ACTION_LINES } from '../shared/domain/vocabulary.ts';

/** A small deterministic PRNG (mulberry32). */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function makeInstance(applications = 3000, reviewers = 300, seed = 2018) {
  const rnd = random(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rnd() * items.length)]!;
  const some = <T>(items: readonly T[], min: number, max: number) => {
    const n = min + Math.floor(rnd() * (max - min + 1));
    return [...items].sort(() => rnd() - 0.5).slice(0, n);
  };
  const countries = COUNTRIES.filter((c) => c.group !== null).map((c) => c.code);
  const languageOf = (country: string) => {
    const group = regionalGroup(country);
    if (group === 'latin-american-caribbean') return 'es';
    if (group === 'african') return rnd() < 0.5 ? 'fr' : 'en';
    if (group === 'eastern-european') return rnd() < 0.3 ? 'ru' : 'en';
    return 'en';
  };
  const apps: ApplicationProfile[] = Array.from({ length: applications }, (_, i) => {
    const country = pick(countries);
    const extra = rnd() < 0.3 ? [pick(countries)] : [];
    return {
      applicationId: `app-${i}`,
      organisationKey: `${country}#ORG${i}`,
      registrationCountry: country,
      countries: [country, ...extra],
      language: languageOf(country),
      regions: [...new Set([country, ...extra].map((c) => regionalGroup(c)!))],
      actionLines: some(ACTION_LINES, 1, 3),
    };
  });
  const groups = ['african', 'asia-pacific', 'eastern-european', 'latin-american-caribbean', 'western-european-other'] as const;
  const revs: ReviewerProfile[] = Array.from({ length: reviewers }, (_, i) => ({
    reviewerId: `rev-${i}`,
    languages: ['en', ...some(['fr', 'es', 'ru', 'ar'], 0, 2)],
    regions: some(groups, 1, 2),
    expertise: some(ACTION_LINES, 1, 3),
    country: pick(countries),
    // Declared conflicts: a few organisations they worked with, sometimes a country.
    conflictOrganisations: Array.from({ length: Math.floor(rnd() * 4) }, () => pick(apps).organisationKey),
    conflictCountries: rnd() < 0.2 ? [pick(countries)] : [],
    maxLoad: 35 + Math.floor(rnd() * 10),
  }));
  return { apps, reviewers: revs };
}

function describe(result: AssignmentResult) {
  const loads = Object.values(result.loads);
  return {
    feasible: result.feasible,
    totalAffinity: result.totalAffinity,
    maxLoad: Math.max(...loads),
    minLoad: Math.min(...loads),
  };
}

export function benchAssignment() {
  const { apps, reviewers } = makeInstance();
  const options = { perApplication: 3 };
  let t0 = performance.now();
  const exact = assignReviewers(apps, reviewers, options);
  const exactMs = performance.now() - t0;
  t0 = performance.now();
  const greedy = assignGreedily(apps, reviewers, options);
  const greedyMs = performance.now() - t0;
  const e = describe(exact);
  const g = describe(greedy);
  console.log(`\nReviewer assignment: ${apps.length} applications, ${reviewers.length} reviewers, ${options.perApplication} each\n`);
  console.log('              time s   feasible   total affinity   max load   min load   spread');
  for (const [name, ms, d] of [['exact', exactMs, e], ['greedy', greedyMs, g]] as const) {
    console.log(
      `${name.padEnd(12)} ${(ms / 1000).toFixed(2).padStart(7)}   ${String(d.feasible).padEnd(8)}   ${String(d.totalAffinity).padStart(14)}   ${String(d.maxLoad).padStart(8)}   ${String(d.minLoad).padStart(8)}   ${d.maxLoad - d.minLoad}`,
    );
  }
  console.log(`  targets: exact under 5 s (${exactMs < 5000 ? 'ok' : 'OVER'}), affinity >= greedy (${e.totalAffinity >= g.totalAffinity ? 'ok' : 'NO'}), spread <= 1 (${e.maxLoad - e.minLoad <= 1 ? 'ok' : 'NO'})`);
}

if (import.meta.url === `file://${process.argv[1]}`) benchAssignment();
