// Reviewer assignment (DOMAIN.md step 5), solved exactly as a minimum-cost
// flow: source → application (capacity k) → reviewer (capacity 1, only
// without conflict) → sink, where a reviewer's j-th review costs B·j. The
// convex load cost makes loads as even as possible (it minimises the sum of
// squared loads); B is larger than any possible difference in total
// affinity, so evenness always comes first and, among the most even
// assignments, the total affinity is the highest possible.
import type { UnRegionalGroup } from './countries.ts';
import { MinCostFlow } from './min-cost-flow.ts';
import type { ActionLine } from './vocabulary.ts';

export interface ReviewerProfile {
  reviewerId: string;
  /** ISO 639-1 codes of the languages the reviewer reads. */
  languages: string[];
  regions: UnRegionalGroup[];
  expertise: ActionLine[];
  /** The reviewer's own country: applications registered there are a conflict unless the call allows it. */
  country: string;
  /** Organisation keys (registration country + number) the reviewer belongs to or declared a conflict with. */
  conflictOrganisations: string[];
  /** Countries the reviewer declared a conflict with (registration or implementation). */
  conflictCountries: string[];
  maxLoad: number;
  /** Reviews already held (when reassigning). */
  currentLoad?: number;
}

export interface ApplicationProfile {
  applicationId: string;
  organisationKey: string;
  registrationCountry: string;
  countries: string[];
  language: string;
  regions: UnRegionalGroup[];
  actionLines: ActionLine[];
}

export interface Affinity {
  language: number;
  region: number;
  expertise: number;
  total: number;
}

export interface Assignment {
  applicationId: string;
  reviewerId: string;
  affinity: Affinity;
}

export type Conflict = 'ORGANISATION' | 'COUNTRY' | 'SAME_COUNTRY';

export interface AssignmentOptions {
  perApplication: number;
  allowSameCountry?: boolean;
  /** Pairs that must not be made again (e.g. a reviewer who declined). */
  excluded?: { applicationId: string; reviewerId: string }[];
  /** Solve on the full graph with the whole load ladder (slow; tests compare the fast path with it). */
  plain?: boolean;
}

export interface Shortfall {
  applicationId: string;
  needed: number;
  assigned: number;
  /** Reviewers without conflict for this application. */
  eligibleReviewers: number;
  reason: 'TOO_FEW_REVIEWERS_WITHOUT_CONFLICT' | 'REVIEWERS_AT_MAXIMUM_LOAD';
}

export interface AssignmentResult {
  feasible: boolean;
  assignments: Assignment[];
  loads: Record<string, number>;
  totalAffinity: number;
  shortfalls: Shortfall[];
}

export const AFFINITY_WEIGHTS = { language: 3, region: 2, expertisePerActionLine: 1 } as const;
const MAX_AFFINITY = AFFINITY_WEIGHTS.language + AFFINITY_WEIGHTS.region + 3 * AFFINITY_WEIGHTS.expertisePerActionLine;

export function conflictOf(reviewer: ReviewerProfile, app: ApplicationProfile, allowSameCountry = false): Conflict | undefined {
  if (reviewer.conflictOrganisations.includes(app.organisationKey)) return 'ORGANISATION';
  if ([app.registrationCountry, ...app.countries].some((c) => reviewer.conflictCountries.includes(c))) return 'COUNTRY';
  if (!allowSameCountry && reviewer.country === app.registrationCountry) return 'SAME_COUNTRY';
  return undefined;
}

export function affinityOf(reviewer: ReviewerProfile, app: ApplicationProfile): Affinity {
  const language = reviewer.languages.includes(app.language) ? AFFINITY_WEIGHTS.language : 0;
  const region = app.regions.some((r) => reviewer.regions.includes(r)) ? AFFINITY_WEIGHTS.region : 0;
  const expertise = app.actionLines.filter((l) => reviewer.expertise.includes(l)).length * AFFINITY_WEIGHTS.expertisePerActionLine;
  return { language, region, expertise, total: language + region + expertise };
}

interface Pair {
  a: number;
  r: number;
  affinity: Affinity;
}

/**
 * Exact, and fast on large calls: the flow is first solved on a sparse graph
 * (each application's best candidates, ties spread across reviewers), then
 * every left-out pair is checked against the optimal potentials. A left-out
 * pair with a negative reduced cost would improve the solution: such pairs
 * are added and the flow solved again, until none is left. An optimal flow
 * with no negative reduced cost on any pair of the full graph is optimal for
 * the full graph (the standard optimality condition of min-cost flow).
 */
export function assignReviewers(
  applications: readonly ApplicationProfile[],
  reviewers: readonly ReviewerProfile[],
  options: AssignmentOptions,
): AssignmentResult {
  const k = options.perApplication;
  const excluded = new Set((options.excluded ?? []).map((p) => `${p.applicationId}\u0000${p.reviewerId}`));
  const A = applications.length;
  const R = reviewers.length;
  // Any change of load pattern costs at least B, more than all affinity together.
  const B = MAX_AFFINITY * Math.max(1, A * k) + 1;

  // Every pair without conflict, by application, best first (ties rotated so candidates spread over reviewers).
  const eligible: Pair[][] = applications.map((app, a) => {
    const pairs: Pair[] = [];
    for (let i = 0; i < R; i++) {
      const r = (i + a) % R;
      const reviewer = reviewers[r]!;
      if (conflictOf(reviewer, app, options.allowSameCountry) || excluded.has(`${app.applicationId}\u0000${reviewer.reviewerId}`)) continue;
      pairs.push({ a, r, affinity: affinityOf(reviewer, app) });
    }
    return pairs.sort((x, y) => y.affinity.total - x.affinity.total);
  });

  // The first units of every reviewer's load ladder, merged into one edge of cost 0 (see solveFlow).
  const perReviewer = new Int32Array(R);
  for (const pairs of eligible) for (const pair of pairs) perReviewer[pair.r] = perReviewer[pair.r]! + 1;
  let floor = options.plain ? 0 : Math.max(0, Math.floor((A * k) / Math.max(1, R)) - 1);
  const bases = () =>
    reviewers.map((reviewer, r) => Math.max(0, Math.min(floor, reviewer.maxLoad - (reviewer.currentLoad ?? 0), perReviewer[r]!)));

  const candidates = options.plain ? R : Math.max(4 * k, Math.ceil(R / 8));
  const chosen = new Set<Pair>(eligible.flatMap((pairs) => pairs.slice(0, candidates)));
  for (let round = 0; ; round++) {
    const solved = solveFlow(A, reviewers, k, B, [...chosen], bases());
    if (solved.underBase.length > 0) {
      // A reviewer ended below its merged base. If the sparse graph is what held it back, give it all
      // its pairs; otherwise the shortcut does not hold for this call: use the whole ladder.
      const missing = eligible.flat().filter((pair) => solved.underBase.includes(pair.r) && !chosen.has(pair));
      if (missing.length > 0) for (const pair of missing) chosen.add(pair);
      else floor = 0;
      continue;
    }
    const full = chosen.size === eligible.reduce((n, pairs) => n + pairs.length, 0);
    if (!solved.saturated && !full) {
      // The sparse graph could not place everything: decide on the full graph.
      for (const pairs of eligible) for (const pair of pairs) chosen.add(pair);
      continue;
    }
    const potential = solved.potential;
    let improved = false;
    if (!full) {
      for (const pairs of eligible) {
        for (const pair of pairs) {
          if (chosen.has(pair)) continue;
          if (MAX_AFFINITY - pair.affinity.total + potential[pair.a]! - potential[A + pair.r]! < 0) {
            chosen.add(pair);
            improved = true;
          }
        }
      }
    }
    if (!improved || round > 20) return collect(applications, reviewers, k, eligible, solved.used);
  }
}

/**
 * One min-cost flow. A reviewer's j-th review costs B·j, except the first
 * `bases[r]` ones, merged into one edge of cost 0: that makes the solver skip
 * the many phases that only fill the bottom of every ladder. The merged
 * problem differs from the ladder only for loads below the base, where it is
 * cheaper; so when its optimum gives every reviewer at least its base (the
 * caller checks `basesFull`), that optimum is also the ladder's optimum.
 */
function solveFlow(A: number, reviewers: readonly ReviewerProfile[], k: number, B: number, pairs: Pair[], bases: number[]) {
  const R = reviewers.length;
  const source = A + R;
  const sink = source + 1;
  const graph = new MinCostFlow(A + R + 2, A + pairs.length + R * 8);
  for (let a = 0; a < A; a++) graph.addEdge(source, a, k, 0);
  const edges = pairs.map((pair) => graph.addEdge(pair.a, A + pair.r, 1, MAX_AFFINITY - pair.affinity.total));
  const baseEdges: { r: number; edge: number }[] = [];
  for (let r = 0; r < R; r++) {
    const reviewer = reviewers[r]!;
    const held = reviewer.currentLoad ?? 0;
    if (bases[r]! > 0) baseEdges.push({ r, edge: graph.addEdge(A + r, sink, bases[r]!, 0) });
    for (let j = held + bases[r]! + 1; j <= reviewer.maxLoad; j++) graph.addEdge(A + r, sink, 1, B * j);
  }
  const { flow } = graph.run(source, sink);
  return {
    underBase: baseEdges.filter(({ r, edge }) => graph.flowOn(edge) < bases[r]!).map(({ r }) => r),
    saturated: flow === A * k,
    potential: graph.potential,
    used: pairs.filter((_, i) => graph.flowOn(edges[i]!) > 0),
  };
}

function collect(
  applications: readonly ApplicationProfile[],
  reviewers: readonly ReviewerProfile[],
  k: number,
  eligible: Pair[][],
  used: Pair[],
): AssignmentResult {
  const perApp = new Int32Array(applications.length);
  const loads: Record<string, number> = Object.fromEntries(reviewers.map((r) => [r.reviewerId, r.currentLoad ?? 0]));
  let totalAffinity = 0;
  const assignments = used
    .sort((x, y) => x.a - y.a || x.r - y.r)
    .map(({ a, r, affinity }): Assignment => {
      perApp[a] = perApp[a]! + 1;
      const reviewerId = reviewers[r]!.reviewerId;
      loads[reviewerId]! += 1;
      totalAffinity += affinity.total;
      return { applicationId: applications[a]!.applicationId, reviewerId, affinity };
    });
  const shortfalls: Shortfall[] = applications.flatMap((app, a): Shortfall[] =>
    perApp[a]! >= k
      ? []
      : [
          {
            applicationId: app.applicationId,
            needed: k,
            assigned: perApp[a]!,
            eligibleReviewers: eligible[a]!.length,
            reason: eligible[a]!.length < k ? 'TOO_FEW_REVIEWERS_WITHOUT_CONFLICT' : 'REVIEWERS_AT_MAXIMUM_LOAD',
          },
        ],
  );
  return { feasible: shortfalls.length === 0, assignments, loads, totalAffinity, shortfalls };
}

/** The baseline the benchmark compares with: each application in turn takes its best available reviewers. */
export function assignGreedily(
  applications: readonly ApplicationProfile[],
  reviewers: readonly ReviewerProfile[],
  options: AssignmentOptions,
): AssignmentResult {
  const loads: Record<string, number> = Object.fromEntries(reviewers.map((r) => [r.reviewerId, r.currentLoad ?? 0]));
  const assignments: Assignment[] = [];
  const shortfalls: Shortfall[] = [];
  let totalAffinity = 0;
  // The same evenness the exact solver reaches: nobody above the ceiling of the average load.
  const ceiling = Math.ceil((applications.length * options.perApplication) / Math.max(1, reviewers.length));
  for (const app of applications) {
    const candidates = reviewers
      .filter((r) => !conflictOf(r, app, options.allowSameCountry) && loads[r.reviewerId]! < Math.min(r.maxLoad, ceiling))
      .map((r) => ({ r, affinity: affinityOf(r, app) }))
      .sort((x, y) => y.affinity.total - x.affinity.total || loads[x.r.reviewerId]! - loads[y.r.reviewerId]!)
      .slice(0, options.perApplication);
    for (const { r, affinity } of candidates) {
      assignments.push({ applicationId: app.applicationId, reviewerId: r.reviewerId, affinity });
      loads[r.reviewerId]! += 1;
      totalAffinity += affinity.total;
    }
    if (candidates.length < options.perApplication) {
      shortfalls.push({
        applicationId: app.applicationId,
        needed: options.perApplication,
        assigned: candidates.length,
        eligibleReviewers: reviewers.filter((r) => !conflictOf(r, app, options.allowSameCountry)).length,
        reason: 'REVIEWERS_AT_MAXIMUM_LOAD',
      });
    }
  }
  return { feasible: shortfalls.length === 0, assignments, loads, totalAffinity, shortfalls };
}

const CONFLICT_WORDS: Record<Conflict, string> = {
  ORGANISATION: 'has declared a conflict with the organisation',
  COUNTRY: "has declared a conflict with one of the application's countries",
  SAME_COUNTRY: 'is from the country where the organisation is registered (the call does not allow it)',
};

/**
 * Why the secretariat may not give this review to this reviewer by hand
 * (the same rules as the assignment: no conflict, within the maximum load,
 * never someone who already had the application), or undefined if it may.
 */
export function handAssignmentProblem(
  reviewer: ReviewerProfile,
  app: ApplicationProfile,
  options: { allowSameCountry: boolean; alreadyHadIt: boolean },
): { code: 'ALREADY_ASSIGNED' | 'CONFLICT_OF_INTEREST' | 'REVIEWER_AT_MAX_LOAD'; message: string } | undefined {
  if (options.alreadyHadIt) return { code: 'ALREADY_ASSIGNED', message: 'already has, or had, this application' };
  const conflict = conflictOf(reviewer, app, options.allowSameCountry);
  if (conflict) return { code: 'CONFLICT_OF_INTEREST', message: CONFLICT_WORDS[conflict] };
  if ((reviewer.currentLoad ?? 0) >= reviewer.maxLoad) return { code: 'REVIEWER_AT_MAX_LOAD', message: `has reached the maximum load of ${reviewer.maxLoad}` };
  return undefined;
}
