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
