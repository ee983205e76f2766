/**
 * Capacitated allocation for a FIXED set of open facilities: the transportation problem "send every
 * demand point's weight to open facilities within their capacities at least total cost", solved exactly by
 * successive shortest paths with Dijkstra on reduced costs (Johnson potentials). Demand may be split
 * between facilities (a cell's residents need not all use one point). It evaluates a capacitated solution
 * found by a heuristic or enumerated by the brute-force reference, independently of HiGHS.
 *
 * Data layout: a residual graph in flat arrays (head/next edge lists; `to`, `cap`, `cost` per edge, the
 * reverse edge at index e ^ 1). Nodes: 0 = source, 1..n' = weighted demand points, then the open
 * facilities, then the sink. An optional "unserved" edge per demand point (cost `unservedCost`) makes the
 * flow feasible when capacity is short; with coverage costs 0 and unserved cost 1 the minimum cost is the
 * uncovered weight of a capacitated MCLP.
 *
 * Complexity: O(A · E log V) for A augmentations (at most a few per demand point in practice), E ≈ n·k.
 */

export interface TransportResult {
  /** Total cost Σ flow × cost (unserved flow counted at `unservedCost`). */
  cost: number;
  /** Weight that could not be served (only with `unservedCost`). */
  unserved: number;
  /** Flow per (demand i, open facility position q), row-major n × k. */
  flow: Float64Array;
}

/**
 * Min-cost allocation of weights `w` (length n) to the k facilities `open` with capacities `cap` (per
 * candidate), allowed pairs where `pairCost(i, j)` is finite. Without `unservedCost`, all weight must be
 * served: returns null when that is impossible.
 */
export function transport(
  w: Float64Array,
  open: ArrayLike<number>,
  cap: Float64Array,
  pairCost: (i: number, j: number) => number,
  unservedCost?: number,
): TransportResult | null {
  const n = w.length;
  const k = open.length;
  const V = n + k + 2;
  const S = 0;
  const T = V - 1;
  const maxE = 2 * (n + n * k + k + (unservedCost !== undefined ? n : 0));
  const head = new Int32Array(V).fill(-1);
  const next = new Int32Array(maxE);
  const to = new Int32Array(maxE);
  const capE = new Float64Array(maxE);
  const costE = new Float64Array(maxE);
  let E = 0;
  const add = (u: number, v: number, c: number, cost: number) => {
    to[E] = v; capE[E] = c; costE[E] = cost; next[E] = head[u]!; head[u] = E++;
    to[E] = u; capE[E] = 0; costE[E] = -cost; next[E] = head[v]!; head[v] = E++;
  };
  let total = 0;
  const pairEdge = new Int32Array(n * k).fill(-1);
  for (let i = 0; i < n; i++) {
    if (w[i]! <= 0) continue;
    total += w[i]!;
    add(S, 1 + i, w[i]!, 0);
    for (let q = 0; q < k; q++) {
      const c = pairCost(i, open[q]!);
      if (c === Infinity) continue;
      pairEdge[i * k + q] = E;
      add(1 + i, 1 + n + q, Infinity, c);
    }
    if (unservedCost !== undefined) add(1 + i, T, Infinity, unservedCost);
  }
  for (let q = 0; q < k; q++) add(1 + n + q, T, cap[open[q]!]!, 0);

  const eps = 1e-9 * Math.max(1, total);
  const pot = new Float64Array(V);
  const dist = new Float64Array(V);
  const prevE = new Int32Array(V);
  // Binary heap of (dist, node), lazy deletion.
  const heapD = new Float64Array(maxE + V);
  const heapV = new Int32Array(maxE + V);
  let flowSum = 0;
  let costSum = 0;
  for (;;) {
    dist.fill(Infinity);
    prevE.fill(-1);
    dist[S] = 0;
    let hs = 0;
    const push = (dd: number, v: number) => {
      let c = hs++;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (heapD[p]! <= dd) break;
        heapD[c] = heapD[p]!; heapV[c] = heapV[p]!; c = p;
      }
      heapD[c] = dd; heapV[c] = v;
    };
    push(0, S);
    while (hs > 0) {
      const du = heapD[0]!;
      const u = heapV[0]!;
      const lastD = heapD[--hs]!;
      const lastV = heapV[hs]!;
      let c = 0;
      for (;;) {
        let ch = 2 * c + 1;
        if (ch >= hs) break;
        if (ch + 1 < hs && heapD[ch + 1]! < heapD[ch]!) ch++;
        if (heapD[ch]! >= lastD) break;
        heapD[c] = heapD[ch]!; heapV[c] = heapV[ch]!; c = ch;
      }
      heapD[c] = lastD; heapV[c] = lastV;
      if (du > dist[u]!) continue;
      for (let e = head[u]!; e !== -1; e = next[e]!) {
        if (capE[e]! <= eps) continue;
        const v = to[e]!;
        const nd = du + costE[e]! + pot[u]! - pot[v]!;
        if (nd < dist[v]! - 1e-12) {
          dist[v] = nd;
          prevE[v] = e;
          push(nd, v);
        }
      }
    }
    if (dist[T] === Infinity) break;
    for (let v = 0; v < V; v++) if (dist[v] !== Infinity) pot[v] = pot[v]! + dist[v]!;
    let f = Infinity;
    for (let v = T; v !== S; v = to[prevE[v]! ^ 1]!) f = Math.min(f, capE[prevE[v]!]!);
    for (let v = T; v !== S; v = to[prevE[v]! ^ 1]!) {
      const e = prevE[v]!;
      capE[e] = capE[e]! - f;
      capE[e ^ 1] = capE[e ^ 1]! + f;
      costSum += f * costE[e]!;
    }
    flowSum += f;
  }
  const unserved = total - flowSum;
  if (unservedCost === undefined && unserved > eps) return null;
  const flow = new Float64Array(n * k);
  let served = 0;
  for (let x = 0; x < n * k; x++) {
    const e = pairEdge[x]!;
    if (e >= 0) {
      flow[x] = capE[e ^ 1]!;
      served += flow[x]!;
    }
  }
  return { cost: costSum, unserved: unservedCost === undefined ? 0 : total - served, flow };
}
