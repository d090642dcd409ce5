// Minimum-cost maximum flow, primal-dual: Dijkstra on reduced costs finds the
// shortest distances, then a blocking flow (Dinic) pushes as much as possible
// along the edges whose reduced cost is zero, until the sink is unreachable.
// Costs must be non-negative integers. Pure, typed arrays, no I/O.
// solveLadderTransport, below, solves the reviewer assignment's special case
// (bipartite, small pair costs, convex load costs) on a much smaller graph.

export class MinCostFlow {
  private readonly n: number;
  private to: Int32Array;
  private cap: Int32Array;
  private cost: Float64Array;
  private next: Int32Array;
  private readonly head: Int32Array;
  private m = 0;
  /** Node potentials after `run`: every residual edge has a non-negative reduced cost under them. */
  potential: Float64Array = new Float64Array(0);

  constructor(nodes: number, edgeHint = 16) {
    this.n = nodes;
    this.head = new Int32Array(nodes).fill(-1);
    this.to = new Int32Array(edgeHint * 2);
    this.cap = new Int32Array(edgeHint * 2);
    this.cost = new Float64Array(edgeHint * 2);
    this.next = new Int32Array(edgeHint * 2);
  }

  /** Adds an edge and returns its index (the reverse edge is index ^ 1). */
  addEdge(from: number, to: number, capacity: number, cost: number): number {
    if (cost < 0) throw new RangeError('costs must be non-negative');
    if (this.m + 2 > this.to.length) this.grow();
    const e = this.m;
    this.link(e, from, to, capacity, cost);
    this.link(e + 1, to, from, 0, -cost);
    this.m += 2;
    return e;
  }

  /** Flow currently on an edge returned by addEdge. */
  flowOn(edge: number): number {
    return this.cap[edge ^ 1]!;
  }

  /** Pushes as much flow as possible from s to t at minimum cost. */
  run(s: number, t: number): { flow: number; cost: number } {
    const { n, head, to, cap, cost, next } = this;
    const potential = new Float64Array(n);
    this.potential = potential;
    const dist = new Float64Array(n);
    const level = new Int32Array(n);
    const arc = new Int32Array(n);
    const heap = new BinaryHeap(n);
    let flow = 0;
    let total = 0;
    for (;;) {
      // Dijkstra on reduced costs.
      dist.fill(Infinity);
      dist[s] = 0;
      heap.push(s, 0);
      while (heap.size > 0) {
        const key = heap.peekKey();
        const u = heap.pop();
        if (key > dist[u]!) continue; // stale entry
        const du = dist[u]!;
        const pu = potential[u]!;
        for (let e = head[u]!; e !== -1; e = next[e]!) {
          if (cap[e]! <= 0) continue;
          const v = to[e]!;
          const nd = du + cost[e]! + pu - potential[v]!;
          if (nd < dist[v]!) {
            dist[v] = nd;
            heap.push(v, nd);
          }
        }
      }
      if (dist[t] === Infinity) break;
      const dt = dist[t]!;
      for (let v = 0; v < n; v++) potential[v] = potential[v]! + Math.min(dist[v]!, dt);

      // Blocking flows along zero reduced-cost edges (Dinic on the admissible graph).
      for (;;) {
        level.fill(-1);
        level[s] = 0;
        const queue = [s];
        for (let q = 0; q < queue.length; q++) {
          const u = queue[q]!;
          for (let e = head[u]!; e !== -1; e = next[e]!) {
            const v = to[e]!;
            if (cap[e]! > 0 && level[v] === -1 && cost[e]! + potential[u]! - potential[v]! === 0) {
              level[v] = level[u]! + 1;
              queue.push(v);
            }
          }
        }
        if (level[t] === -1) break;
        arc.set(head);
        let pushed: number;
        while ((pushed = this.augment(s, t, Number.MAX_SAFE_INTEGER, level, arc, potential)) > 0) {
          flow += pushed;
        }
      }
    }
    for (let e = 0; e < this.m; e += 2) total += this.cap[e ^ 1]! * this.cost[e]!;
    return { flow, cost: total };
  }

  /** One augmenting path by iterative DFS over the level graph. */
  private augment(s: number, t: number, limit: number, level: Int32Array, arc: Int32Array, potential: Float64Array): number {
    const { to, cap, cost, next } = this;
    const path: number[] = [];
    let u = s;
    for (;;) {
      if (u === t) {
        let bottleneck = limit;
        for (const e of path) bottleneck = Math.min(bottleneck, cap[e]!);
        for (const e of path) {
          cap[e] = cap[e]! - bottleneck;
          cap[e ^ 1] = cap[e ^ 1]! + bottleneck;
        }
        return bottleneck;
      }
      let advanced = false;
      for (let e = arc[u]!; e !== -1; e = next[e]!) {
        const v = to[e]!;
        if (cap[e]! > 0 && level[v] === level[u]! + 1 && cost[e]! + potential[u]! - potential[v]! === 0) {
          arc[u] = e;
          path.push(e);
          u = v;
          advanced = true;
          break;
        }
      }
      if (!advanced) {
        arc[u] = -1;
        level[u] = -1; // dead end for this phase
        if (path.length === 0) return 0;
        const e = path.pop()!;
        u = to[e ^ 1]!;
        arc[u] = next[arc[u]!]!;
      }
    }
  }

  private link(e: number, from: number, to: number, capacity: number, cost: number) {
    this.to[e] = to;
    this.cap[e] = capacity;
    this.cost[e] = cost;
    this.next[e] = this.head[from]!;
    this.head[from] = e;
  }

  private grow() {
    const size = this.to.length * 2;
    const copy = <T extends Int32Array | Float64Array>(a: T, b: T) => (b.set(a), b);
    this.to = copy(this.to, new Int32Array(size));
    this.cap = copy(this.cap, new Int32Array(size));
    this.cost = copy(this.cost, new Float64Array(size));
    this.next = copy(this.next, new Int32Array(size));
  }
}

/** A binary min-heap of (node, key) with lazy deletion. */
class BinaryHeap {
  private nodes: Int32Array;
  private keys: Float64Array;
  size = 0;
  constructor(capacity: number) {
    this.nodes = new Int32Array(Math.max(16, capacity));
    this.keys = new Float64Array(Math.max(16, capacity));
  }
  push(node: number, key: number) {
    if (this.size === this.nodes.length) {
      const nodes = new Int32Array(this.size * 2);
      nodes.set(this.nodes);
      const keys = new Float64Array(this.size * 2);
      keys.set(this.keys);
      this.nodes = nodes;
      this.keys = keys;
    }
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.keys[parent]! <= key) break;
      this.nodes[i] = this.nodes[parent]!;
      this.keys[i] = this.keys[parent]!;
      i = parent;
    }
    this.nodes[i] = node;
    this.keys[i] = key;
  }
  peekKey(): number {
    return this.keys[0]!;
  }
  /** Pops the node with the smallest key; stale entries are skipped by the caller's distance check. */
  pop(): number {
    const top = this.nodes[0]!;
    const lastNode = this.nodes[--this.size]!;
    const lastKey = this.keys[this.size]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && this.keys[child + 1]! < this.keys[child]!) child++;
      if (this.keys[child]! >= lastKey) break;
      this.nodes[i] = this.nodes[child]!;
      this.keys[i] = this.keys[child]!;
      i = child;
    }
    this.nodes[i] = lastNode;
    this.keys[i] = lastKey;
    return top;
  }
}

/**
 * A transportation problem with a convex load cost, as the reviewer
 * assignment has it: every left node (application) sends `supply` units, at
 * most one to each right node (reviewer) it may use; a pair costs 0..maxCost;
 * a right node takes at most `capacity[r]` units, its j-th unit costing
 * step · (offset[r] + j).
 */
export interface LadderTransport {
  left: number;
  right: number;
  supply: number;
  /** cost[l * right + r]: 0..maxCost for a pair that may be used, -1 for one that may not. */
  cost: Int8Array;
  maxCost: number;
  capacity: Int32Array;
  offset: Int32Array;
  step: number;
}

export interface LadderTransportSolution {
  /** The right nodes of left node l: chosen[l * supply + i] for i < filled[l]. */
  chosen: Int32Array;
  filled: Int32Array;
  flow: number;
}

/**
 * Minimum-cost maximum flow for a LadderTransport, by successive shortest
 * paths on the graph with the left nodes contracted away. A path enters a
 * left node from one right node (taking back a unit it sent there) and
 * leaves it to another, so between right nodes r1 → r2 the residual graph
 * has an arc of cost c(l, r2) − c(l, r1) for every left node l that uses r1
 * and not r2. Those costs lie in −maxCost..maxCost, so the arc is kept as a
 * count per cost value and a bit mask of the values present: its cost is the
 * lowest bit (arcs from the source are found in lists of the pairs by right
 * node and cost). The contracted graph has only right + 2 nodes, so each phase
 * (a dense Dijkstra on reduced costs, then blocking flows along zero
 * reduced-cost arcs) is cheap whatever the number of left nodes; moving a
 * unit updates the counts of the one left node it moves, O(right).
 *
 * Exact: every arc keeps a non-negative reduced cost under the potentials
 * (each left node's potential, never stored, lies between the ends of its
 * arcs), which is the invariant of successive shortest paths; so every flow
 * reached is a cheapest one of its value, and the last one is a maximum flow.
 *
 * The bottom of every ladder is first made flat: the units up to a little
 * under the average load all cost as much as the last of them, so that they
 * go in a few phases instead of one phase per rung. That problem has the
 * same optimality conditions as the real one at every load from the flat
 * part's top up; so if its optimum gives every right node at least that
 * much, it is the real optimum, and otherwise the real ladder is solved.
 */
export function solveLadderTransport(p: LadderTransport): LadderTransportSolution {
  const { left: A, right: R, supply: K, cost, maxCost: C, capacity, offset } = p;
  if (2 * C + 1 > 31) throw new RangeError('maxCost must be at most 15');
  // Pairs by right node and cost, for the arcs out of the source.
  const buckets = new Int32Array(R * (C + 1) + 1);
  for (let l = 0; l < A; l++) {
    const base = l * R;
    for (let r = 0; r < R; r++) {
      const c = cost[base + r]!;
      if (c >= 0) buckets[r * (C + 1) + c + 1]! += 1;
    }
  }
  const eligible = new Int32Array(R);
  for (let r = 0; r < R; r++) for (let c = 0; c <= C; c++) eligible[r]! += buckets[r * (C + 1) + c + 1]!;
  for (let b = 1; b < buckets.length; b++) buckets[b]! += buckets[b - 1]!;
  const members = new Int32Array(buckets[buckets.length - 1]!);
  const fill = buckets.slice(0, -1);
  for (let l = 0; l < A; l++) {
    const base = l * R;
    for (let r = 0; r < R; r++) {
      const c = cost[base + r]!;
      if (c >= 0) members[fill[r * (C + 1) + c]!++] = l;
    }
  }
  let total = A * K;
  for (let r = 0; r < R; r++) total += offset[r]!;
  const top = Math.floor(total / Math.max(1, R)) - 1;
  const flat = Int32Array.from({ length: R }, (_, r) => Math.max(0, Math.min(top - offset[r]!, capacity[r]!, eligible[r]!)));
  const first = new LadderFlow(p, buckets, members, flat);
  first.run();
  if (!first.belowFlat()) return first.solution();
  const real = new LadderFlow(p, buckets, members, new Int32Array(R));
  real.run();
  return real.solution();
}

/** One run of successive shortest paths for solveLadderTransport (a class, so that its compiled methods serve every call). */
class LadderFlow {
  private readonly A: number;
  private readonly R: number;
  private readonly K: number;
  private readonly C: number;
  private readonly W: number;
  private readonly step: number;
  private readonly cost: Int8Array;
  private readonly capacity: Int32Array;
  private readonly offset: Int32Array;
  private readonly flat: Int32Array;
  private readonly buckets: Int32Array;
  private readonly members: Int32Array;
  /** Members of a bucket before its cursor have their whole supply placed (for good). */
  private readonly cursor: Int32Array;
  /** The costs, with the pairs in use marked (moved above maxCost). */
  private readonly work: Int8Array;
  /** Residual arcs between right nodes: counts per cost value, and masks of the values present. */
  private readonly cnt: Uint8Array | Uint16Array | Int32Array;
  private readonly mask: Int32Array;
  private readonly chosen: Int32Array;
  private readonly filled: Int32Array;
  private readonly load: Int32Array;
  /** The left nodes of each right node: lists[listStart[r] + i] for i < load[r]. */
  private readonly listStart: Int32Array;
  private readonly lists: Int32Array;
  private readonly pot: Float64Array;
  private readonly dist: Float64Array;
  private readonly open: Int32Array;
  private readonly level: Int32Array;
  private readonly arc: Int32Array;
  private readonly queue: Int32Array;
  private readonly path: Int32Array;
  private flow = 0;

  constructor(p: LadderTransport, buckets: Int32Array, members: Int32Array, flat: Int32Array) {
    const { left: A, right: R } = p;
    this.A = A;
    this.R = R;
    this.K = p.supply;
    this.C = p.maxCost;
    this.W = 2 * p.maxCost + 1;
    this.step = p.step;
    this.cost = p.cost;
    this.capacity = p.capacity;
    this.offset = p.offset;
    this.flat = flat;
    this.buckets = buckets;
    this.members = members;
    this.cursor = buckets.slice(0, -1);
    this.work = Int8Array.from(p.cost);
    let most = 0;
    for (let r = 0; r < R; r++) most = Math.max(most, Math.min(p.capacity[r]!, A) + 1);
    // A count never exceeds the right node's list (its load plus the spare slot).
    const n = R * R * this.W;
    this.cnt = most <= 0xff ? new Uint8Array(n) : most <= 0xffff ? new Uint16Array(n) : new Int32Array(n);
    this.mask = new Int32Array(R * R);
    this.chosen = new Int32Array(A * this.K).fill(-1);
    this.filled = new Int32Array(A);
    this.load = new Int32Array(R);
    this.listStart = new Int32Array(R + 1);
    // One spare slot: along a path, a right node holds the unit it receives before it passes one on.
    for (let r = 0; r < R; r++) this.listStart[r + 1] = this.listStart[r]! + Math.max(0, Math.min(p.capacity[r]!, A)) + 1;
    this.lists = new Int32Array(this.listStart[R]!);
    const V = R + 2;
    this.pot = new Float64Array(V);
    this.dist = new Float64Array(V);
    this.open = new Int32Array(R);
    this.level = new Int32Array(V);
    this.arc = new Int32Array(V);
    this.queue = new Int32Array(V);
    this.path = new Int32Array(V);
  }

  solution(): LadderTransportSolution {
    return { chosen: this.chosen, filled: this.filled, flow: this.flow };
  }

  belowFlat(): boolean {
    for (let r = 0; r < this.R; r++) if (this.load[r]! < this.flat[r]!) return true;
    return false;
  }

  run() {
    while (this.shortestPaths()) while (this.levels()) this.blockingFlow();
  }

  /** The cost of r's next unit (the flat bottom of its ladder, then the ladder). */
  private sinkCost(r: number): number {
    return this.step * (this.offset[r]! + Math.max(this.load[r]! + 1, this.flat[r]!));
  }

  /** Adds (sign 1) or removes (sign −1) the arcs x → y through left node l, for every y it may use and does not. */
  private row(l: number, x: number, sign: number) {
    const { R, C, W, work, cnt, mask } = this;
    const base = l * R;
    const shift = C - this.cost[base + x]!;
    const from = x * R;
    if (sign > 0) {
      for (let y = 0; y < R; y++) {
        const c = work[base + y]!;
        if (c < 0 || c > C) continue;
        const d = c + shift;
        if (cnt[(from + y) * W + d]!++ === 0) mask[from + y] = mask[from + y]! | (1 << d);
      }
    } else {
      for (let y = 0; y < R; y++) {
        const c = work[base + y]!;
        if (c < 0 || c > C) continue;
        const d = c + shift;
        if (--cnt[(from + y) * W + d]! === 0) mask[from + y] = mask[from + y]! & ~(1 << d);
      }
    }
  }

  private arcCount(i: number, d: number, sign: number) {
    const at = i * this.W + d;
    if (sign > 0) {
      if (this.cnt[at]!++ === 0) this.mask[i] = this.mask[i]! | (1 << d);
    } else if (--this.cnt[at]! === 0) this.mask[i] = this.mask[i]! & ~(1 << d);
  }

  /** A left node short of its supply that may use r at cost c and does not yet, or −1. */
  private sourceMember(r: number, c: number): number {
    const { K, C, R, filled, members, work } = this;
    const b = r * (C + 1) + c;
    const end = this.buckets[b + 1]!;
    let i = this.cursor[b]!;
    while (i < end && filled[members[i]!] === K) i++;
    this.cursor[b] = i;
    while (i < end && (filled[members[i]!] === K || work[members[i]! * R + r]! > C)) i++;
    return i < end ? members[i]! : -1;
  }

  /** Left node l takes one more unit to r (a path's first step, from the source). */
  private take(l: number, r: number) {
    const { R, K, C, cost, chosen, filled } = this;
    const base = l * R;
    const cr = cost[base + r]!;
    for (let i = 0; i < filled[l]!; i++) {
      const x = chosen[l * K + i]!;
      this.arcCount(x * R + r, cr - cost[base + x]! + C, -1);
    }
    this.work[base + r] = cr + USED;
    chosen[l * K + filled[l]!] = r;
    filled[l] = filled[l]! + 1;
    this.row(l, r, 1);
    this.lists[this.listStart[r]! + this.load[r]!] = l;
    this.load[r] = this.load[r]! + 1;
  }

  /** Left node l moves a unit from r1 to r2 (a step between right nodes). */
  private move(l: number, r1: number, r2: number) {
    const { R, K, C, cost, chosen, filled, lists, listStart, load } = this;
    const base = l * R;
    const c1 = cost[base + r1]!;
    const c2 = cost[base + r2]!;
    this.row(l, r1, -1);
    let slot = -1;
    for (let i = 0; i < filled[l]!; i++) {
      const x = chosen[l * K + i]!;
      if (x === r1) {
        slot = i;
        continue;
      }
      const cx = cost[base + x]!;
      this.arcCount(x * R + r2, c2 - cx + C, -1);
      this.arcCount(x * R + r1, c1 - cx + C, 1);
    }
    this.work[base + r1] = c1;
    this.work[base + r2] = c2 + USED;
    chosen[l * K + slot] = r2;
    this.row(l, r2, 1);
    const s1 = listStart[r1]!;
    const n1 = load[r1]! - 1;
    for (let i = 0; i <= n1; i++) {
      if (lists[s1 + i] === l) {
        lists[s1 + i] = lists[s1 + n1]!;
        break;
      }
    }
    load[r1] = n1;
    lists[listStart[r2]! + load[r2]!] = l;
    load[r2] = load[r2]! + 1;
  }

  /**
   * Dijkstra on reduced costs over the contracted graph (dense, so a scan of
   * the open nodes finds the next one), then the potentials; false when the
   * sink is out of reach.
   */
  private shortestPaths(): boolean {
    const { R, C, pot, dist, open, mask, load, capacity } = this;
    const S = R;
    const T = R + 1;
    dist.fill(Infinity);
    dist[S] = 0;
    let n = 0;
    let best = Infinity;
    let at = -1;
    for (let v = 0; v < R; v++) {
      open[n] = v;
      for (let c = 0; c <= C; c++) {
        if (this.sourceMember(v, c) === -1) continue;
        const nd = c + pot[S]! - pot[v]!;
        dist[v] = nd;
        if (nd < best) (best = nd), (at = n);
        break;
      }
      n++;
    }
    while (at !== -1 && best < dist[T]!) {
      const u = open[at]!;
      open[at] = open[--n]!;
      const from = u * R;
      const shift = best + pot[u]! - C;
      if (load[u]! < capacity[u]!) {
        const nd = best + this.sinkCost(u) + pot[u]! - pot[T]!;
        if (nd < dist[T]!) dist[T] = nd;
      }
      best = Infinity;
      at = -1;
      for (let i = 0; i < n; i++) {
        const v = open[i]!;
        const m = mask[from + v]!;
        let d = dist[v]!;
        if (m !== 0) {
          const nd = shift + 31 - Math.clz32(m & -m) - pot[v]!;
          if (nd < d) dist[v] = d = nd;
        }
        if (d < best) (best = d), (at = i);
      }
    }
    const dt = dist[T]!;
    if (dt === Infinity) return false;
    for (let v = 0; v < R + 2; v++) pot[v] = pot[v]! + Math.min(dist[v]!, dt);
    return true;
  }

  /** Levels of the arcs with zero reduced cost, breadth first from the source (Dinic); false when the sink is out of reach. */
  private levels(): boolean {
    const { R, C, W, pot, level, open, queue, mask, load, capacity } = this;
    const S = R;
    const T = R + 1;
    level.fill(-1);
    level[S] = 0;
    let n = 0;
    let tail = 0;
    for (let v = 0; v < R; v++) {
      const d = pot[v]! - pot[S]!;
      if (d >= 0 && d <= C && this.sourceMember(v, d) !== -1) {
        level[v] = 1;
        queue[tail++] = v;
      } else open[n++] = v;
    }
    for (let q = 0; q < tail && level[T] === -1; q++) {
      const u = queue[q]!;
      const pu = pot[u]!;
      const from = u * R;
      const next = level[u]! + 1;
      if (load[u]! < capacity[u]! && this.sinkCost(u) + pu - pot[T]! === 0) level[T] = next;
      for (let i = 0; i < n; ) {
        const v = open[i]!;
        const d = pot[v]! - pu + C;
        if (d >= 0 && d < W && ((mask[from + v]! >> d) & 1) === 1) {
          level[v] = next;
          queue[tail++] = v;
          open[i] = open[--n]!;
        } else i++;
      }
    }
    return level[T] !== -1;
  }

  /** Augmenting paths along the levels, with a current arc per node, until none is left. */
  private blockingFlow() {
    const { R, C, W, pot, level, arc, path, mask, load, capacity } = this;
    const S = R;
    const T = R + 1;
    arc.fill(0);
    let depth = 0;
    path[0] = S;
    while (depth >= 0) {
      const u = path[depth]!;
      if (u === T) {
        this.augment(depth);
        this.flow++;
        depth = 0;
        continue;
      }
      const want = level[u]! + 1;
      const pu = pot[u]!;
      let next = -1;
      if (u === S) {
        for (let v = arc[u]!; v < R; v++) {
          if (level[v] === want) {
            const d = pot[v]! - pu;
            if (d >= 0 && d <= C && this.sourceMember(v, d) !== -1) {
              next = v;
              break;
            }
          }
          arc[u] = v + 1;
        }
      } else {
        const from = u * R;
        for (let v = arc[u]!; v <= R; v++) {
          if (v === R) {
            if (level[T] === want && load[u]! < capacity[u]! && this.sinkCost(u) + pu - pot[T]! === 0) {
              next = T;
              break;
            }
          } else if (level[v] === want) {
            const d = pot[v]! - pu + C;
            if (d >= 0 && d < W && ((mask[from + v]! >> d) & 1) === 1) {
              next = v;
              break;
            }
          }
          arc[u] = v + 1;
        }
      }
      if (next === -1) {
        level[u] = -1;
        depth--;
        if (depth >= 0) arc[path[depth]!]! += 1;
      } else path[++depth] = next;
    }
  }

  /** Sends one unit along path[0..depth] (source, right nodes, sink), choosing a left node for every step. */
  private augment(depth: number) {
    const { R, C, pot, path, cost, work, lists, listStart, load } = this;
    const r0 = path[1]!;
    const l0 = this.sourceMember(r0, pot[r0]! - pot[R]!);
    if (l0 === -1) throw new Error('no left node for an admissible source arc');
    this.take(l0, r0);
    for (let j = 1; j + 1 < depth; j++) {
      const r1 = path[j]!;
      const r2 = path[j + 1]!;
      const d = pot[r2]! - pot[r1]!;
      const s1 = listStart[r1]!;
      let l = -1;
      for (let q = 0; q < load[r1]!; q++) {
        const candidate = lists[s1 + q]!;
        const c2 = work[candidate * R + r2]!;
        if (c2 >= 0 && c2 <= C && c2 - cost[candidate * R + r1]! === d) {
          l = candidate;
          break;
        }
      }
      if (l === -1) throw new Error('no left node for an admissible arc');
      this.move(l, r1, r2);
    }
  }
}

/** Added to a pair's working cost while the pair is in use (above any real cost). */
const USED = 64;
