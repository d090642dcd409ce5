// Assignment benchmark: 3,000 applications, 300 reviewers, 3 reviewers each,
// with realistic conflicts and affinities (seeded, so every run is the same
// instance). Prints the exact solver's and a greedy baseline's figures, then
// how both grow from 300 to 10,000 applications.
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

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (t: number) => t.toFixed(0);

/** Exact and greedy on one instance, run in turn `runs` times (so that neither always runs on a warmer or cooler machine). */
function compare(applications: number, reviewers: number, runs: number) {
  const instance = makeInstance(applications, reviewers);
  const options = { perApplication: 3 };
  const times = { exact: [] as number[], greedy: [] as number[] };
  let exact: AssignmentResult | undefined;
  let greedy: AssignmentResult | undefined;
  for (let run = 0; run < runs; run++) {
    let t0 = performance.now();
    exact = assignReviewers(instance.apps, instance.reviewers, options);
    times.exact.push(performance.now() - t0);
    t0 = performance.now();
    greedy = assignGreedily(instance.apps, instance.reviewers, options);
    times.greedy.push(performance.now() - t0);
  }
  return { exact: describe(exact!), greedy: describe(greedy!), times };
}

export function benchAssignment() {
  // Both solvers once on a small call first, so that neither pays for compiling the shared rules (conflictOf, affinityOf).
  compare(300, 30, 1);

  const runs = 5;
  const { exact: e, greedy: g, times } = compare(3000, 300, runs);
  console.log(`\nReviewer assignment: 3000 applications, 300 reviewers, 3 each (median of ${runs} runs, each solver in turn)\n`);
  console.log('            time ms   runs ms                    feasible   total affinity   max load   min load   spread');
  for (const [name, d] of [['exact', e], ['greedy', g]] as const) {
    const ts = times[name];
    console.log(
      `${name.padEnd(10)} ${ms(median(ts)).padStart(8)}   ${ts.map(ms).join(' ').padEnd(24)}   ${String(d.feasible).padEnd(8)}   ${String(d.totalAffinity).padStart(14)}   ${String(d.maxLoad).padStart(8)}   ${String(d.minLoad).padStart(8)}   ${d.maxLoad - d.minLoad}`,
    );
  }
  const ratio = median(times.exact) / median(times.greedy);
  console.log(
    `  targets: exact within 2x greedy (${ratio.toFixed(2)}x, ${ratio <= 2 ? 'ok' : 'OVER'}), affinity >= greedy (${e.totalAffinity >= g.totalAffinity ? 'ok' : 'NO'}), spread <= 1 (${e.maxLoad - e.minLoad <= 1 ? 'ok' : 'NO'})`,
  );

  console.log('\nGrowth: 1 reviewer per 10 applications, 3 each (median of 15, 9, 5 and 3 runs, each solver in turn; x = times the row above)\n');
  const header = [['applications', 12], ['reviewers', 9], ['pairs', 15], ['exact ms', 13], ['greedy ms', 13], ['ratio', 5], ['exact affinity', 14], ['greedy affinity', 15], ['gain', 5]] as const;
  console.log(header.map(([name, width]) => name.padStart(width)).join('   '));
  let previous: { pairs: number; exact: number; greedy: number } | undefined;
  for (const [applications, runs] of [[300, 15], [1000, 9], [3000, 5], [10000, 3]] as const) {
    const pairs = (applications * applications) / 10;
    const row = compare(applications, applications / 10, runs);
    const [te, tg] = [median(row.times.exact), median(row.times.greedy)];
    const grown = (now: number, before: number | undefined) => (before === undefined ? '' : `x${(now / before).toFixed(1)}`).padStart(6);
    const gain = (100 * (row.exact.totalAffinity - row.greedy.totalAffinity)) / Math.max(1, row.greedy.totalAffinity);
    const cells = [
      String(applications),
      String(applications / 10),
      `${pairs} ${grown(pairs, previous?.pairs)}`,
      `${ms(te)} ${grown(te, previous?.exact)}`,
      `${ms(tg)} ${grown(tg, previous?.greedy)}`,
      (te / tg).toFixed(2),
      String(row.exact.totalAffinity),
      String(row.greedy.totalAffinity),
      `${gain.toFixed(1)}%`,
    ];
    console.log(cells.map((cell, i) => cell.padStart(header[i]![1])).join('   '));
    previous = { pairs, exact: te, greedy: tg };
  }
}

if (import.meta.url === `file://${process.argv[1]}`) benchAssignment();
