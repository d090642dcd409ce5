import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  affinityOf,
  assignGreedily,
  assignReviewers,
  conflictOf,
  type ApplicationProfile,
  type AssignmentResult,
  type ReviewerProfile,
} from '../../shared/domain/assignment.ts';

const reviewer = (id: string, extra: Partial<ReviewerProfile> = {}): ReviewerProfile => ({
  reviewerId: id,
  languages: ['en'],
  regions: ['eastern-european'],
  expertise: ['protection'],
  country: 'CH',
  conflictOrganisations: [],
  conflictCountries: [],
  maxLoad: 10,
  ...extra,
});

const application = (id: string, extra: Partial<ApplicationProfile> = {}): ApplicationProfile => ({
  applicationId: id,
  organisationKey: `AL#${id}`,
  registrationCountry: 'AL',
  countries: ['AL'],
  language: 'en',
  regions: ['eastern-european'],
  actionLines: ['protection'],
  ...extra,
});

describe('conflicts', () => {
  it('covers the own or declared organisation, declared countries and the same country', () => {
    const app = application('a1', { organisationKey: 'AL#123', registrationCountry: 'AL', countries: ['AL', 'XK'] });
    expect(conflictOf(reviewer('r', { conflictOrganisations: ['AL#123'] }), app)).toBe('ORGANISATION');
    expect(conflictOf(reviewer('r', { conflictCountries: ['XK'] }), app)).toBe('COUNTRY');
    expect(conflictOf(reviewer('r', { country: 'AL' }), app)).toBe('SAME_COUNTRY');
    expect(conflictOf(reviewer('r', { country: 'AL' }), app, true)).toBeUndefined();
    expect(conflictOf(reviewer('r'), app)).toBeUndefined();
  });
});

describe('affinity', () => {
  it('adds language, region and each shared action line', () => {
    const app = application('a', { language: 'fr', regions: ['african'], actionLines: ['protection', 'legal-assistance'] });
    expect(affinityOf(reviewer('r', { languages: ['en', 'fr'], regions: ['african'], expertise: ['protection', 'legal-assistance'] }), app)).toEqual({
      language: 3,
      region: 2,
      expertise: 2,
      total: 7,
    });
    expect(affinityOf(reviewer('r', { languages: ['es'], regions: ['asia-pacific'], expertise: [] }), app).total).toBe(0);
  });
});

describe('assignment', () => {
  it('gives each application k distinct reviewers, balances loads, then maximises affinity', () => {
    const apps = [application('a1', { language: 'fr' }), application('a2', { language: 'fr' }), application('a3'), application('a4')];
    const reviewers = [reviewer('fr1', { languages: ['fr'] }), reviewer('fr2', { languages: ['fr'] }), reviewer('en1'), reviewer('en2')];

    const result = assignReviewers(apps, reviewers, { perApplication: 2 });

    expect(result.feasible).toBe(true);
    expect(Object.values(result.loads)).toEqual([2, 2, 2, 2]);
    const of = (id: string) => result.assignments.filter((a) => a.applicationId === id).map((a) => a.reviewerId).sort();
    expect(of('a1')).toEqual(['fr1', 'fr2']);
    expect(of('a2')).toEqual(['fr1', 'fr2']);
    expect(of('a3')).toEqual(['en1', 'en2']);
    expect(result.assignments.every((a) => a.affinity.language === 3)).toBe(true);
  });

  it('prefers an even load over a better match', () => {
    const apps = [application('a1'), application('a2')];
    const reviewers = [reviewer('expert', { expertise: ['protection'] }), reviewer('novice', { expertise: [], languages: ['es'] })];
    const result = assignReviewers(apps, reviewers, { perApplication: 1 });
    expect(result.loads).toEqual({ expert: 1, novice: 1 });
  });

  it('never makes an excluded pair again (a reviewer who declined)', () => {
    const result = assignReviewers([application('a1')], [reviewer('r1'), reviewer('r2')], {
      perApplication: 1,
      excluded: [{ applicationId: 'a1', reviewerId: 'r1' }],
    });
    expect(result.assignments.map((a) => a.reviewerId)).toEqual(['r2']);
  });

  it('counts reviews already held when reassigning', () => {
    const result = assignReviewers([application('a1')], [reviewer('busy', { currentLoad: 5 }), reviewer('free', { currentLoad: 1, expertise: [] })], {
      perApplication: 1,
    });
    expect(result.assignments.map((a) => a.reviewerId)).toEqual(['free']);
  });

  it('reports which applications lack reviewers, and why', () => {
    const apps = [application('a1', { organisationKey: 'AL#1' }), application('a2'), application('a3')];
    const reviewers = [reviewer('r1', { conflictOrganisations: ['AL#1'], maxLoad: 1 }), reviewer('r2', { maxLoad: 1 })];
    const result = assignReviewers(apps, reviewers, { perApplication: 1 });
    expect(result.feasible).toBe(false);
    expect(result.shortfalls).toHaveLength(1);
    expect(result.shortfalls[0]).toMatchObject({ needed: 1, assigned: 0, reason: 'REVIEWERS_AT_MAXIMUM_LOAD' });
    const lonely = assignReviewers([application('a1', { organisationKey: 'AL#1' })], reviewers, { perApplication: 2 });
    expect(lonely.shortfalls).toEqual([
      { applicationId: 'a1', needed: 2, assigned: 1, eligibleReviewers: 1, reason: 'TOO_FEW_REVIEWERS_WITHOUT_CONFLICT' },
    ]);
  });
});

// --- Properties ---------------------------------------------------------------

const COUNTRIES = ['AL', 'EC', 'NG', 'TH'];
const LANGS = ['en', 'fr', 'es'];
const REGIONS = ['african', 'asia-pacific', 'eastern-european', 'latin-american-caribbean'] as const;
const LINES = ['protection', 'legal-assistance', 'empowerment-prevention'] as const;

const appArb = (i: number) =>
  fc.record({
    org: fc.integer({ min: 0, max: 3 }),
    country: fc.constantFrom(...COUNTRIES),
    language: fc.constantFrom(...LANGS),
    region: fc.constantFrom(...REGIONS),
    lines: fc.subarray([...LINES], { minLength: 1 }),
  }).map(
    (x): ApplicationProfile => ({
      applicationId: `a${i}`,
      organisationKey: `${x.country}#${x.org}`,
      registrationCountry: x.country,
      countries: [x.country],
      language: x.language,
      regions: [x.region],
      actionLines: x.lines,
    }),
  );

const reviewerArb = (i: number, [minLoad, maxLoad]: [number, number], held: number) =>
  fc.record({
    languages: fc.subarray(LANGS, { minLength: 1 }),
    regions: fc.subarray([...REGIONS]),
    expertise: fc.subarray([...LINES]),
    country: fc.constantFrom(...COUNTRIES, 'CH'),
    conflictOrganisations: fc.subarray(COUNTRIES.flatMap((c) => [`${c}#0`, `${c}#1`]), { maxLength: 2 }),
    conflictCountries: fc.subarray(COUNTRIES, { maxLength: 1 }),
    maxLoad: fc.integer({ min: minLoad, max: maxLoad }),
    currentLoad: held > 0 ? fc.integer({ min: 0, max: held }) : fc.constant(undefined),
  }).map(({ currentLoad, ...x }): ReviewerProfile => ({ reviewerId: `r${i}`, ...x, ...(currentLoad === undefined ? {} : { currentLoad }) }));

/** Random calls; `held` gives reviewers up to that many reviews they already hold (a resumed assignment). */
const instance = (maxApps: number, maxReviewers: number, { held = 0, load = [1, 4] as [number, number], maxK = 2 } = {}) =>
  fc
    .record({ apps: fc.integer({ min: 1, max: maxApps }), reviewers: fc.integer({ min: 1, max: maxReviewers }), k: fc.integer({ min: 1, max: maxK }), allowSameCountry: fc.boolean() })
    .chain(({ apps, reviewers, k, allowSameCountry }) =>
      fc.record({
        apps: fc.tuple(...Array.from({ length: apps }, (_, i) => appArb(i))),
        reviewers: fc.tuple(...Array.from({ length: reviewers }, (_, i) => reviewerArb(i, load, held))),
        k: fc.constant(k),
        allowSameCountry: fc.constant(allowSameCountry),
      }),
    );

function checkConstraints(result: AssignmentResult, apps: ApplicationProfile[], reviewers: ReviewerProfile[], k: number, allowSameCountry: boolean) {
  const byId = new Map(reviewers.map((r) => [r.reviewerId, r]));
  const appsById = new Map(apps.map((a) => [a.applicationId, a]));
  const pairs = new Set<string>();
  const loads = new Map<string, number>();
  for (const a of result.assignments) {
    const key = `${a.applicationId}/${a.reviewerId}`;
    expect(pairs.has(key), 'a reviewer twice on one application').toBe(false);
    pairs.add(key);
    expect(conflictOf(byId.get(a.reviewerId)!, appsById.get(a.applicationId)!, allowSameCountry)).toBeUndefined();
    loads.set(a.reviewerId, (loads.get(a.reviewerId) ?? 0) + 1);
  }
  for (const r of reviewers) expect(loads.get(r.reviewerId) ?? 0).toBeLessThanOrEqual(r.maxLoad);
  for (const app of apps) {
    const n = result.assignments.filter((a) => a.applicationId === app.applicationId).length;
    if (result.feasible) expect(n).toBe(k);
    else expect(n).toBeLessThanOrEqual(k);
  }
}

/** Every way to give each application k reviewers, for tiny instances. */
function bruteForce(apps: ApplicationProfile[], reviewers: ReviewerProfile[], k: number, allowSameCountry: boolean) {
  const choices = apps.map((app) => {
    const eligible = reviewers.filter((r) => !conflictOf(r, app, allowSameCountry));
    const subsets: ReviewerProfile[][] = [];
    const pick = (start: number, chosen: ReviewerProfile[]) => {
      if (chosen.length === k) return void subsets.push(chosen);
      for (let i = start; i < eligible.length; i++) pick(i + 1, [...chosen, eligible[i]!]);
    };
    pick(0, []);
    return subsets;
  });
  let best: { squares: number; affinity: number } | undefined;
  const walk = (i: number, loads: Map<string, number>, affinity: number) => {
    if (i === apps.length) {
      const squares = reviewers.reduce((s, r) => s + (loads.get(r.reviewerId) ?? 0) ** 2, 0);
      if (!best || squares < best.squares || (squares === best.squares && affinity > best.affinity)) best = { squares, affinity };
      return;
    }
    for (const subset of choices[i]!) {
      if (subset.some((r) => (loads.get(r.reviewerId) ?? 0) >= r.maxLoad)) continue;
      const next = new Map(loads);
      for (const r of subset) next.set(r.reviewerId, (next.get(r.reviewerId) ?? 0) + 1);
      walk(i + 1, next, affinity + subset.reduce((s, r) => s + affinityOf(r, apps[i]!).total, 0));
    }
  };
  walk(0, new Map(reviewers.map((r) => [r.reviewerId, r.currentLoad ?? 0])), 0);
  return best;
}

describe('assignment properties', () => {
  it('always respects conflicts, maximum loads and k per application', () => {
    fc.assert(
      fc.property(instance(12, 8), ({ apps, reviewers, k, allowSameCountry }) => {
        const result = assignReviewers(apps, reviewers, { perApplication: k, allowSameCountry });
        checkConstraints(result, apps, reviewers, k, allowSameCountry);
      }),
      { numRuns: 200 },
    );
  });

  it('the greedy baseline respects them too, and the exact solver is never behind it on evenness, then affinity', () => {
    fc.assert(
      fc.property(instance(30, 8, { held: 2, load: [2, 10], maxK: 3 }), ({ apps, reviewers, k, allowSameCountry }) => {
        const greedy = assignGreedily(apps, reviewers, { perApplication: k, allowSameCountry });
        checkConstraints(greedy, apps, reviewers, k, allowSameCountry);
        const exact = assignReviewers(apps, reviewers, { perApplication: k, allowSameCountry });
        if (greedy.feasible) {
          const squares = (r: AssignmentResult) => Object.values(r.loads).reduce((s, l) => s + l * l, 0);
          expect(exact.feasible).toBe(true);
          const [e, g] = [squares(exact), squares(greedy)];
          expect(e).toBeLessThanOrEqual(g);
          if (e === g) expect(exact.totalAffinity).toBeGreaterThanOrEqual(greedy.totalAffinity);
        }
      }),
      { numRuns: 150 },
    );
  });

  /** The solver finds an assignment exactly when brute force does, and one as even and then as affine as the best. */
  const expectTheBest = ({ apps, reviewers, k, allowSameCountry }: { apps: ApplicationProfile[]; reviewers: ReviewerProfile[]; k: number; allowSameCountry: boolean }) => {
    const result = assignReviewers(apps, reviewers, { perApplication: k, allowSameCountry });
    const best = bruteForce(apps, reviewers, k, allowSameCountry);
    expect(result.feasible).toBe(best !== undefined);
    if (best) {
      const squares = Object.values(result.loads).reduce((s, l) => s + l * l, 0);
      expect({ squares, affinity: result.totalAffinity }).toEqual(best);
    }
  };

  it('finds an assignment whenever one exists, and the best one: most even loads, then most affinity', () => {
    fc.assert(
      fc.property(instance(4, 4), expectTheBest),
      { numRuns: 300 },
    );
  });

  it('finds the best one too when reviewers already hold reviews (a resumed assignment)', () => {
    fc.assert(
      fc.property(instance(4, 4, { held: 3, load: [1, 6] }), expectTheBest),
      { numRuns: 300 },
    );
  });

  const samePlainOptimum = ({ apps, reviewers, k, allowSameCountry }: { apps: ApplicationProfile[]; reviewers: ReviewerProfile[]; k: number; allowSameCountry: boolean }) => {
    const fast = assignReviewers(apps, reviewers, { perApplication: k, allowSameCountry });
    const plain = assignReviewers(apps, reviewers, { perApplication: k, allowSameCountry, plain: true });
    const squares = (r: AssignmentResult) => Object.values(r.loads).reduce((s, l) => s + l * l, 0);
    expect([fast.feasible, fast.assignments.length, squares(fast), fast.totalAffinity]).toEqual([
      plain.feasible,
      plain.assignments.length,
      squares(plain),
      plain.totalAffinity,
    ]);
    checkConstraints(fast, apps, reviewers, k, allowSameCountry);
  };

  it('gets the same optimum on the contracted graph as the generic solver on the plain graph', () => {
    fc.assert(fc.property(instance(40, 10), samePlainOptimum), { numRuns: 150 });
  });

  it('gets the same optimum as the plain graph with reviews already held, more reviewers and higher loads', () => {
    fc.assert(fc.property(instance(40, 10, { held: 8, load: [8, 20], maxK: 3 }), samePlainOptimum), { numRuns: 100 });
    fc.assert(fc.property(instance(80, 30, { load: [1, 12], maxK: 3 }), samePlainOptimum), { numRuns: 40 });
  });
});
