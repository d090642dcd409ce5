// Minimum-cost maximum flow, primal-dual: Dijkstra on reduced costs finds the
// shortest distances, then a blocking flow (Dinic) pushes as much as possible
// along the edges whose reduced cost is zero, until the sink is unreachable.
// Costs must be non-negative integers. Pure, typed arrays, no I/O.

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
 * lowest bit. The contracted graph has only right + 2 nodes, so each phase
 * (a dense Dijkstra on reduced costs, then blocking flows along zero
 * reduced-cost arcs) is cheap whatever the number of left nodes; moving a
 * unit updates the counts of the one left node it moves, O(right).
 *
 * Exact: every arc keeps a non-negative reduced cost under the potentials
 * (each left node's potential, never stored, lies between the ends of its
 * arcs), which is the invariant of successive shortest paths; so every flow
 * reached is a cheapest one of its value, and the last one is a maximum flow.
 */
export function solveLadderTransport(p: LadderTransport): LadderTransportSolution {
  const { left: A, right: R, supply: K, cost, maxCost: C, capacity, offset, step } = p;
  const W = 2 * C + 1;
  if (W > 31) throw new RangeError('maxCost must be at most 15');
  const S = R;
  const T = R + 1;
  const V = R + 2;

  // Residual arcs between right nodes: counts per cost value, and masks of the values present.
  const maxCount = Math.min(A, Math.max(0, ...capacity));
  const cnt = maxCount < 0xffff ? new Uint16Array(R * R * W) : new Int32Array(R * R * W);
  const mask = new Int32Array(R * R);
  // Arcs from the source: left nodes short of their supply, by right node and cost.
  const cntS = new Int32Array(R * (C + 1));
  const maskS = new Int32Array(R);

  const inX = new Uint8Array(A * R);
  const chosen = new Int32Array(A * K).fill(-1);
  const filled = new Int32Array(A);
  const load = new Int32Array(R);
  const listStart = new Int32Array(R + 1);
  // One spare slot: along a path, a right node holds the unit it receives before it passes one on.
  for (let r = 0; r < R; r++) listStart[r + 1] = listStart[r]! + Math.max(0, Math.min(capacity[r]!, A)) + 1;
  const lists = new Int32Array(listStart[R]!);
  // Left nodes short of their supply (swap-remove list).
  const short = new Int32Array(A);
  const shortPos = new Int32Array(A);
  let shortCount = 0;

  const inc = (i: number, d: number) => {
    if (cnt[i * W + d]!++ === 0) mask[i] = mask[i]! | (1 << d);
  };
  const dec = (i: number, d: number) => {
    if (--cnt[i * W + d]! === 0) mask[i] = mask[i]! & ~(1 << d);
  };
  /** Adds (sign 1) or removes (sign −1) the arcs x → y through left node l, for every y it does not use. */
  const row = (l: number, x: number, sign: number) => {
    const base = l * R;
    const shift = C - cost[base + x]!;
    const from = x * R;
    for (let y = 0; y < R; y++) {
      const c = cost[base + y]!;
      if (c < 0 || inX[base + y] === 1) continue;
      if (sign > 0) inc(from + y, c + shift);
      else dec(from + y, c + shift);
    }
  };
  const sourceArcs = (l: number, sign: number) => {
    const base = l * R;
    for (let y = 0; y < R; y++) {
      const c = cost[base + y]!;
      if (c < 0 || inX[base + y] === 1) continue;
      const i = y * (C + 1) + c;
      if (sign > 0) {
        if (cntS[i]!++ === 0) maskS[y] = maskS[y]! | (1 << c);
      } else if (--cntS[i]! === 0) maskS[y] = maskS[y]! & ~(1 << c);
    }
  };
  const sourceArc = (y: number, c: number, sign: number) => {
    const i = y * (C + 1) + c;
    if (sign > 0) {
      if (cntS[i]!++ === 0) maskS[y] = maskS[y]! | (1 << c);
    } else if (--cntS[i]! === 0) maskS[y] = maskS[y]! & ~(1 << c);
  };

  for (let l = 0; l < A; l++) {
    if (K === 0) break;
    short[shortCount] = l;
    shortPos[l] = shortCount++;
    sourceArcs(l, 1);
  }

  /** Left node l takes one more unit to r (a path's first step, from the source). */
  const take = (l: number, r: number) => {
    const base = l * R;
    const cr = cost[base + r]!;
    sourceArc(r, cr, -1);
    for (let i = 0; i < filled[l]!; i++) {
      const x = chosen[l * K + i]!;
      dec(x * R + r, cr - cost[base + x]! + C);
    }
    inX[base + r] = 1;
    chosen[l * K + filled[l]!] = r;
    filled[l] = filled[l]! + 1;
    row(l, r, 1);
    if (filled[l] === K) {
      sourceArcs(l, -1);
      const at = shortPos[l]!;
      const last = short[--shortCount]!;
      short[at] = last;
      shortPos[last] = at;
    }
    lists[listStart[r]! + load[r]!] = l;
    load[r] = load[r]! + 1;
  };

  /** Left node l moves a unit from r1 to r2 (a step between right nodes). */
  const move = (l: number, r1: number, r2: number) => {
    const base = l * R;
    const c1 = cost[base + r1]!;
    const c2 = cost[base + r2]!;
    row(l, r1, -1);
    let slot = -1;
    for (let i = 0; i < filled[l]!; i++) {
      const x = chosen[l * K + i]!;
      if (x === r1) {
        slot = i;
        continue;
      }
      const cx = cost[base + x]!;
      dec(x * R + r2, c2 - cx + C);
      inc(x * R + r1, c1 - cx + C);
    }
    if (filled[l]! < K) {
      sourceArc(r2, c2, -1);
      sourceArc(r1, c1, 1);
    }
    inX[base + r1] = 0;
    inX[base + r2] = 1;
    chosen[l * K + slot] = r2;
    row(l, r2, 1);
    const s1 = listStart[r1]!;
    for (let i = 0; i < load[r1]!; i++) {
      if (lists[s1 + i] === l) {
        lists[s1 + i] = lists[s1 + load[r1]! - 1]!;
        break;
      }
    }
    load[r1] = load[r1]! - 1;
    lists[listStart[r2]! + load[r2]!] = l;
    load[r2] = load[r2]! + 1;
  };

  const ctz = (m: number) => 31 - Math.clz32(m & -m);
  const sinkCost = (r: number) => step * (offset[r]! + load[r]! + 1);

  const pot = new Float64Array(V);
  const dist = new Float64Array(V);
  const done = new Uint8Array(V);
  const level = new Int32Array(V);
  const arc = new Int32Array(V);
  const queue = new Int32Array(V);
  const path = new Int32Array(V);
  let flow = 0;

  /** Whether u → v has a zero reduced cost (and room). v = R stands for the sink when u is a right node. */
  const admissible = (u: number, v: number): boolean => {
    if (u === S) {
      const d = pot[v]! - pot[S]!;
      return d >= 0 && d <= C && ((maskS[v]! >> d) & 1) === 1;
    }
    if (v === R) return load[u]! < capacity[u]! && sinkCost(u) + pot[u]! - pot[T]! === 0;
    const d = pot[v]! - pot[u]! + C;
    return d >= 0 && d < W && ((mask[u * R + v]! >> d) & 1) === 1;
  };

  for (;;) {
    // Dijkstra on reduced costs over the contracted graph (dense: V is small).
    dist.fill(Infinity);
    done.fill(0);
    dist[S] = 0;
    for (;;) {
      let u = -1;
      let best = Infinity;
      for (let v = 0; v < V; v++) if (done[v] === 0 && dist[v]! < best) (best = dist[v]!), (u = v);
      if (u === -1 || u === T) break;
      done[u] = 1;
      const pu = pot[u]!;
      if (u === S) {
        for (let v = 0; v < R; v++) {
          const m = maskS[v]!;
          if (m === 0) continue;
          const nd = best + ctz(m) + pu - pot[v]!;
          if (nd < dist[v]!) dist[v] = nd;
        }
        continue;
      }
      const from = u * R;
      for (let v = 0; v < R; v++) {
        const m = mask[from + v]!;
        if (m === 0 || done[v] === 1) continue;
        const nd = best + ctz(m) - C + pu - pot[v]!;
        if (nd < dist[v]!) dist[v] = nd;
      }
      if (load[u]! < capacity[u]!) {
        const nd = best + sinkCost(u) + pu - pot[T]!;
        if (nd < dist[T]!) dist[T] = nd;
      }
    }
    const dt = dist[T]!;
    if (dt === Infinity) break;
    for (let v = 0; v < V; v++) pot[v] = pot[v]! + Math.min(dist[v]!, dt);

    // Blocking flows along zero reduced-cost arcs (Dinic), until the sink is out of reach.
    for (;;) {
      level.fill(-1);
      level[S] = 0;
      queue[0] = S;
      let tail = 1;
      for (let q = 0; q < tail && level[T] === -1; q++) {
        const u = queue[q]!;
        for (let v = 0; v < R; v++) {
          if (level[v] !== -1 || v === u || !admissible(u, v)) continue;
          level[v] = level[u]! + 1;
          queue[tail++] = v;
        }
        if (u !== S && admissible(u, R)) level[T] = level[u]! + 1;
      }
      if (level[T] === -1) break;
      arc.fill(0);
      let depth = 0;
      path[0] = S;
      while (depth >= 0) {
        const u = path[depth]!;
        if (u === T) {
          augment(depth);
          flow++;
          depth = 0;
          continue;
        }
        let next = -1;
        const last = u === S ? R - 1 : R;
        for (let v = arc[u]!; v <= last; v++) {
          const node = v === R ? T : v;
          if (level[node] === level[u]! + 1 && admissible(u, v)) {
            next = node;
            break;
          }
          arc[u] = v + 1;
        }
        if (next === -1) {
          level[u] = -1;
          depth--;
          if (depth >= 0) arc[path[depth]!] = arc[path[depth]!]! + 1;
        } else path[++depth] = next;
      }
    }
  }

  /** Sends one unit along path[0..depth] (source, right nodes, sink), choosing a left node for every step. */
  function augment(depth: number) {
    const r0 = path[1]!;
    const d0 = pot[r0]! - pot[S]!;
    let found = -1;
    for (let i = 0; i < shortCount; i++) {
      const l = short[i]!;
      if (cost[l * R + r0] === d0 && inX[l * R + r0] === 0) {
        found = l;
        break;
      }
    }
    if (found === -1) throw new Error('no left node for an admissible source arc');
    take(found, r0);
    for (let i = 1; i + 1 < depth; i++) {
      const r1 = path[i]!;
      const r2 = path[i + 1]!;
      const d = pot[r2]! - pot[r1]!;
      const s1 = listStart[r1]!;
      let l = -1;
      for (let j = 0; j < load[r1]!; j++) {
        const candidate = lists[s1 + j]!;
        const c2 = cost[candidate * R + r2]!;
        if (c2 >= 0 && inX[candidate * R + r2] === 0 && c2 - cost[candidate * R + r1]! === d) {
          l = candidate;
          break;
        }
      }
      if (l === -1) throw new Error('no left node for an admissible arc');
      move(l, r1, r2);
    }
  }

  return { chosen, filled, flow };
}
