import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MinCostFlow, solveLadderTransport, type LadderTransport } from '../../shared/domain/min-cost-flow.ts';

/** The same problem on the generic solver: one edge per pair, one per rung of every ladder. */
function reference(p: LadderTransport) {
  const { left: A, right: R } = p;
  const source = A + R;
  const sink = source + 1;
  const graph = new MinCostFlow(A + R + 2);
  for (let l = 0; l < A; l++) graph.addEdge(source, l, p.supply, 0);
  for (let l = 0; l < A; l++) for (let r = 0; r < R; r++) if (p.cost[l * R + r]! >= 0) graph.addEdge(l, A + r, 1, p.cost[l * R + r]!);
  for (let r = 0; r < R; r++) for (let j = 1; j <= p.capacity[r]!; j++) graph.addEdge(A + r, sink, 1, p.step * (p.offset[r]! + j));
  return graph.run(source, sink);
}

/** Checks the solution is a flow of the problem and returns its value and cost. */
function costOf(p: LadderTransport, solution: ReturnType<typeof solveLadderTransport>) {
  const { left: A, right: R, supply: K } = p;
  const load = new Int32Array(R);
  let cost = 0;
  let flow = 0;
  for (let l = 0; l < A; l++) {
    const mine = Array.from(solution.chosen.subarray(l * K, l * K + solution.filled[l]!));
    expect(new Set(mine).size, 'a right node twice for one left node').toBe(mine.length);
    for (const r of mine) {
      expect(p.cost[l * R + r], 'a pair that may not be used').toBeGreaterThanOrEqual(0);
      cost += p.cost[l * R + r]!;
      load[r]! += 1;
      flow++;
    }
  }
  for (let r = 0; r < R; r++) {
    expect(load[r]).toBeLessThanOrEqual(p.capacity[r]!);
    for (let j = 1; j <= load[r]!; j++) cost += p.step * (p.offset[r]! + j);
  }
  expect(solution.flow).toBe(flow);
  return { flow, cost };
}

const problem = fc
  .record({ left: fc.integer({ min: 0, max: 14 }), right: fc.integer({ min: 1, max: 7 }), supply: fc.integer({ min: 1, max: 4 }), maxCost: fc.integer({ min: 0, max: 8 }) })
  .chain(({ left, right, supply, maxCost }) =>
    fc.record({
      left: fc.constant(left),
      right: fc.constant(right),
      supply: fc.constant(supply),
      maxCost: fc.constant(maxCost),
      cost: fc.array(fc.integer({ min: -1, max: maxCost }), { minLength: left * right, maxLength: left * right }).map((c) => Int8Array.from(c)),
      capacity: fc.array(fc.integer({ min: 0, max: 8 }), { minLength: right, maxLength: right }).map((c) => Int32Array.from(c)),
      offset: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: right, maxLength: right }).map((c) => Int32Array.from(c)),
      // From no load cost at all, through load and pair costs of the same size, to load first (the assignment's case).
      step: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 }), fc.constant(maxCost * left * supply + 1)),
    }),
  );

describe('solveLadderTransport', () => {
  it('finds a maximum flow of the same cost as the generic solver on the full graph', () => {
    fc.assert(
      fc.property(problem, (p) => {
        // Act
        const solution = solveLadderTransport(p);
        // Assess
        expect(costOf(p, solution)).toEqual(reference(p));
      }),
      { numRuns: 500 },
    );
  });

  it('falls back to the real ladder when the flat bottom would leave a right node under it', () => {
    // Prepare: r0 and r1 may take only the first four left nodes, r2 any of the twenty; the flat bottom is 5 units.
    const A = 20;
    const cost = new Int8Array(A * 3).fill(0);
    for (let l = 4; l < A; l++) cost[l * 3] = cost[l * 3 + 1] = -1;
    const p: LadderTransport = { left: A, right: 3, supply: 1, cost, maxCost: 8, capacity: Int32Array.of(20, 20, 20), offset: new Int32Array(3), step: 8 * A + 1 };
    // Act
    const solution = solveLadderTransport(p);
    // Assess: the four are shared 2 and 2, as evenly as the ladder wants.
    const load = [0, 0, 0];
    for (let l = 0; l < A; l++) load[solution.chosen[l]!]! += 1;
    expect(load).toEqual([2, 2, 16]);
    expect(costOf(p, solution)).toEqual(reference(p));
  });

  it('handles right nodes that take hundreds of units (wider arc counts)', () => {
    // Prepare: 600 left nodes, two units each, over three right nodes of capacity 300 to 600; costs from a fixed pattern.
    const A = 600;
    const cost = Int8Array.from({ length: A * 3 }, (_, i) => (i % 7 === 0 ? -1 : (i * 5) % 9));
    const p: LadderTransport = { left: A, right: 3, supply: 2, cost, maxCost: 8, capacity: Int32Array.of(300, 450, 600), offset: Int32Array.of(0, 20, 0), step: 8 * A * 2 + 1 };
    // Act
    const solution = solveLadderTransport(p);
    // Assess
    expect(costOf(p, solution)).toEqual(reference(p));
  });

  it('places nothing when there is no left node, no allowed pair or no capacity', () => {
    const none = (p: Partial<LadderTransport>) =>
      solveLadderTransport({ left: 2, right: 2, supply: 1, cost: new Int8Array(4), maxCost: 8, capacity: Int32Array.of(1, 1), offset: new Int32Array(2), step: 1, ...p }).flow;
    expect(none({ left: 0, cost: new Int8Array(0) })).toBe(0);
    expect(none({ cost: new Int8Array(4).fill(-1) })).toBe(0);
    expect(none({ capacity: new Int32Array(2) })).toBe(0);
    expect(none({})).toBe(2);
  });
});
