// Reviewer assignment (DOMAIN.md step 5), solved exactly as a minimum-cost
// flow: source → application (capacity k) → reviewer (capacity 1, only
// without conflict) → sink, where a reviewer's j-th review costs B·j. The
// convex load cost makes loads as even as possible (it minimises the sum of
// squared loads); B is larger than any possible difference in total
// affinity, so evenness always comes first and, among the most even
// assignments, the total affinity is the highest possible.
import type { UnRegionalGroup } from './countries.ts';
import { MinCostFlow, solveLadderTransport } from './min-cost-flow.ts';
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
  /** Solve with the generic min-cost flow on the full graph, one edge per rung of every load ladder (slow; the tests compare the fast solver with it). */
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

/**
 * Every pair's cost (MAX_AFFINITY − affinity, or −1 when the pair is in
 * conflict or excluded), application by application, and how many reviewers
 * each application may have.
 */
function pairCosts(applications: readonly ApplicationProfile[], reviewers: readonly ReviewerProfile[], options: AssignmentOptions) {
  const R = reviewers.length;
  const excluded = new Map<string, Set<string>>();
  for (const { applicationId, reviewerId } of options.excluded ?? []) {
    const set = excluded.get(applicationId) ?? new Set<string>();
    excluded.set(applicationId, set.add(reviewerId));
  }
  const cost = new Int8Array(applications.length * R).fill(-1);
  const eligible = new Int32Array(applications.length);
  for (let a = 0; a < applications.length; a++) {
    const app = applications[a]!;
    const out = excluded.get(app.applicationId);
    for (let r = 0; r < R; r++) {
      const reviewer = reviewers[r]!;
      if (conflictOf(reviewer, app, options.allowSameCountry) || (out !== undefined && out.has(reviewer.reviewerId))) continue;
      cost[a * R + r] = MAX_AFFINITY - affinityOf(reviewer, app).total;
      eligible[a] = eligible[a]! + 1;
    }
  }
  return { cost, eligible };
}

/**
 * Exact: a minimum-cost maximum flow source → application (k) → reviewer
 * (1 per pair without conflict) → sink (the load ladder), solved by
 * successive shortest paths on the graph with the applications contracted
 * away (see solveLadderTransport): its nodes are the reviewers, so each
 * phase costs O(reviewers²) however many applications there are.
 */
export function assignReviewers(
  applications: readonly ApplicationProfile[],
  reviewers: readonly ReviewerProfile[],
  options: AssignmentOptions,
): AssignmentResult {
  const k = options.perApplication;
  const A = applications.length;
  const R = reviewers.length;
  // Any change of load pattern costs at least B, more than all affinity together.
  const B = MAX_AFFINITY * Math.max(1, A * k) + 1;
  const { cost, eligible } = pairCosts(applications, reviewers, options);
  if (options.plain) return collect(applications, reviewers, k, eligible, solvePlain(A, reviewers, k, B, cost));
  const held = Int32Array.from(reviewers, (r) => r.currentLoad ?? 0);
  const { chosen, filled } = solveLadderTransport({
    left: A,
    right: R,
    supply: k,
    cost,
    maxCost: MAX_AFFINITY,
    capacity: Int32Array.from(reviewers, (r, i) => Math.max(0, r.maxLoad - held[i]!)),
    offset: held,
    step: B,
  });
  const used: [number, number][] = [];
  for (let a = 0; a < A; a++) for (let i = 0; i < filled[a]!; i++) used.push([a, chosen[a * k + i]!]);
  return collect(applications, reviewers, k, eligible, used);
}

/** The reference the tests compare with: the generic solver on the full graph, one edge per rung of every load ladder. */
function solvePlain(A: number, reviewers: readonly ReviewerProfile[], k: number, B: number, cost: Int8Array): [number, number][] {
  const R = reviewers.length;
  const source = A + R;
  const sink = source + 1;
  const graph = new MinCostFlow(A + R + 2, A + cost.length + R * 8);
  for (let a = 0; a < A; a++) graph.addEdge(source, a, k, 0);
  const edges: { a: number; r: number; edge: number }[] = [];
  for (let a = 0; a < A; a++) {
    for (let r = 0; r < R; r++) {
      const c = cost[a * R + r]!;
      if (c >= 0) edges.push({ a, r, edge: graph.addEdge(a, A + r, 1, c) });
    }
  }
  reviewers.forEach((reviewer, r) => {
    for (let j = (reviewer.currentLoad ?? 0) + 1; j <= reviewer.maxLoad; j++) graph.addEdge(A + r, sink, 1, B * j);
  });
  graph.run(source, sink);
  return edges.filter(({ edge }) => graph.flowOn(edge) > 0).map(({ a, r }) => [a, r]);
}

function collect(
  applications: readonly ApplicationProfile[],
  reviewers: readonly ReviewerProfile[],
  k: number,
  eligible: Int32Array,
  used: [number, number][],
): AssignmentResult {
  const perApp = new Int32Array(applications.length);
  const loads: Record<string, number> = Object.fromEntries(reviewers.map((r) => [r.reviewerId, r.currentLoad ?? 0]));
  let totalAffinity = 0;
  const assignments = used
    .sort((x, y) => x[0] - y[0] || x[1] - y[1])
    .map(([a, r]): Assignment => {
      perApp[a] = perApp[a]! + 1;
      const reviewer = reviewers[r]!;
      const affinity = affinityOf(reviewer, applications[a]!);
      loads[reviewer.reviewerId]! += 1;
      totalAffinity += affinity.total;
      return { applicationId: applications[a]!.applicationId, reviewerId: reviewer.reviewerId, affinity };
    });
  const shortfalls: Shortfall[] = applications.flatMap((app, a): Shortfall[] =>
    perApp[a]! >= k
      ? []
      : [
          {
            applicationId: app.applicationId,
            needed: k,
            assigned: perApp[a]!,
            eligibleReviewers: eligible[a]!,
            reason: eligible[a]! < k ? 'TOO_FEW_REVIEWERS_WITHOUT_CONFLICT' : 'REVIEWERS_AT_MAXIMUM_LOAD',
          },
        ],
  );
  return { feasible: shortfalls.length === 0, assignments, loads, totalAffinity, shortfalls };
}

/**
 * The baseline the benchmark compares with: each application in turn takes
 * its best available reviewers (highest affinity, then lowest load, then
 * first in the list), none above the ceiling of the average load.
 */
export function assignGreedily(
  applications: readonly ApplicationProfile[],
  reviewers: readonly ReviewerProfile[],
  options: AssignmentOptions,
): AssignmentResult {
  const k = options.perApplication;
  const R = reviewers.length;
  const load = Int32Array.from(reviewers, (r) => r.currentLoad ?? 0);
  // The same evenness the exact solver reaches: nobody above the ceiling of the average load.
  const ceiling = Math.ceil((applications.length * k) / Math.max(1, R));
  const limit = Int32Array.from(reviewers, (r) => Math.min(r.maxLoad, ceiling));
  const assignments: Assignment[] = [];
  const shortfalls: Shortfall[] = [];
  let totalAffinity = 0;
  // The k best so far, best first: reviewer index and affinity.
  const best = new Int32Array(k);
  const bestAffinity: Affinity[] = [];
  for (const app of applications) {
    let n = 0;
    for (let r = 0; r < R; r++) {
      if (load[r]! >= limit[r]!) continue;
      const reviewer = reviewers[r]!;
      if (conflictOf(reviewer, app, options.allowSameCountry)) continue;
      const affinity = affinityOf(reviewer, app);
      // Insert unless the k chosen so far are all at least as good (ties keep the earlier reviewer).
      let i = n;
      while (i > 0 && (bestAffinity[i - 1]!.total < affinity.total || (bestAffinity[i - 1]!.total === affinity.total && load[best[i - 1]!]! > load[r]!))) i--;
      if (i >= k) continue;
      for (let j = Math.min(n, k - 1); j > i; j--) {
        best[j] = best[j - 1]!;
        bestAffinity[j] = bestAffinity[j - 1]!;
      }
      best[i] = r;
      bestAffinity[i] = affinity;
      if (n < k) n++;
    }
    for (let i = 0; i < n; i++) {
      const reviewer = reviewers[best[i]!]!;
      assignments.push({ applicationId: app.applicationId, reviewerId: reviewer.reviewerId, affinity: bestAffinity[i]! });
      load[best[i]!] = load[best[i]!]! + 1;
      totalAffinity += bestAffinity[i]!.total;
    }
    if (n < k) {
      shortfalls.push({
        applicationId: app.applicationId,
        needed: k,
        assigned: n,
        eligibleReviewers: reviewers.filter((r) => !conflictOf(r, app, options.allowSameCountry)).length,
        reason: 'REVIEWERS_AT_MAXIMUM_LOAD',
      });
    }
  }
  const loads: Record<string, number> = Object.fromEntries(reviewers.map((r, i) => [r.reviewerId, load[i]!]));
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
