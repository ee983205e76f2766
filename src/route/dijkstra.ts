/**
 * One-to-many Dijkstra on a CSR `Graph` with a typed-array binary heap, reused across runs.
 *
 * Layout (all sized once, n = node count):
 *   cost:       Float64Array(n)  combined cost label (cost.ts), Infinity = unlabelled
 *   deciseconds Uint32Array(n)   result: time of the settled path, NO_PATH where not reached
 *   metres:     Float64Array(n)  result: metres along the same path (NaN where not reached)
 *   touched:    Uint32Array(n)   nodes labelled in the last run, so the next run resets only those
 *   isTarget:   Uint8Array(n)    targets of the current run (reset after the run)
 *   heap:       MinHeap(n)       indexed heap, decrease-key through its position array
 * The search minimises the combined cost (time, ties broken by shorter distance; or distance with time as
 * tie-break for metric 'distance'), so metres come out of the same labels along the same shortest-time tree.
 *
 * A run allocates nothing: results are views of the internal arrays, valid until the next `run`.
 * Every value that is not NO_PATH is final (nodes still open when a run stops early are reported NO_PATH).
 *
 * Complexity: O((n' + m') log n') for the n' nodes and m' edges reached within the cut-off / before all
 * targets are settled, plus O(n') to reset. Memory ≈ 45 bytes per node + 8 bytes per edge (costs).
 */
import type { Graph } from '../network/graph.js';
import { MinHeap } from './heap.js';
import { combinedCost, costLimit, edgeCosts, metricScale, NO_PATH, type Metric } from './cost.js';

export { NO_PATH, type Metric } from './cost.js';

/** A search origin: a node, optionally with an access time already spent to reach it. */
export interface SearchSource {
  node: number;
  /** Time already spent before the node (e.g. the snap leg), deciseconds. Default 0. */
  offsetDeciseconds?: number;
  /** Distance already travelled before the node, metres. Default 0. */
  offsetMetres?: number;
}

export interface DijkstraOptions {
  /** Cut-off: nodes farther than this (inclusive bound, deciseconds, offsets included) are NO_PATH. */
  maxDeciseconds?: number;
  /** Cut-off in metres (inclusive); prunes the search for metric 'distance', filters results for 'time'. */
  maxMetres?: number;
  /** Stop once all of these nodes are settled (their values are final; others may be NO_PATH). */
  targets?: ArrayLike<number>;
}

/** Result of a run: views of the search's arrays, valid until its next run. */
export interface ShortestPathTree {
  /** Deciseconds per node (NO_PATH where not reached). */
  deciseconds: Uint32Array;
  /** Metres per node along the same path (NaN where not reached). */
  metres: Float64Array;
  /** The nodes reported in this run (not NO_PATH), in settle order (a view). */
  reached: Uint32Array;
}

export interface DijkstraSearchOptions {
  /** What to minimise; default 'time'. */
  metric?: Metric;
}

export class DijkstraSearch {
  readonly metric: Metric;
  private readonly costs: Float64Array;
  private readonly cost: Float64Array;
  private readonly ds: Uint32Array;
  private readonly metres: Float64Array;
  private readonly touched: Uint32Array;
  private touchedCount = 0;
  private readonly settled: Uint32Array;
  private settledCount = 0;
  private readonly isTarget: Uint8Array;
  private readonly heap: MinHeap;

  constructor(readonly graph: Graph, options: DijkstraSearchOptions = {}) {
    const n = graph.nodeCount;
    this.metric = options.metric ?? 'time';
    this.costs = edgeCosts(graph, this.metric);
    this.cost = new Float64Array(n).fill(Infinity);
    this.ds = new Uint32Array(n).fill(NO_PATH);
    this.metres = new Float64Array(n).fill(NaN);
    this.touched = new Uint32Array(n);
    this.settled = new Uint32Array(n);
    this.isTarget = new Uint8Array(n);
    this.heap = new MinHeap(n);
  }

  /** Shortest paths from one node or several sources (with offsets) to every node within the options. */
  run(sources: number | readonly SearchSource[], options: DijkstraOptions = {}): ShortestPathTree {
    const { graph, cost, ds, metres, touched, settled, isTarget, heap } = this;
    const n = graph.nodeCount;
    // Reset only what the previous run touched.
    for (let i = 0; i < this.touchedCount; i++) {
      const v = touched[i]!;
      cost[v] = Infinity;
      ds[v] = NO_PATH;
      metres[v] = NaN;
    }
    this.touchedCount = 0;
    this.settledCount = 0;
    heap.clear();

    const metric = this.metric;
    const scale = metricScale(metric);
    const limit = costLimit(metric, options.maxDeciseconds, options.maxMetres);
    // The non-primary cut-off can only filter results (it is not monotone along the search order).
    const maxDs = metric === 'distance' && options.maxDeciseconds !== undefined ? options.maxDeciseconds : Infinity;
    const maxM = metric === 'time' && options.maxMetres !== undefined ? options.maxMetres : Infinity;

    let touchedCount = 0;
    if (typeof sources === 'number') {
      if (!(sources >= 0 && sources < n)) throw new RangeError(`source node ${sources} outside 0..${n - 1}`);
      cost[sources] = 0;
      touched[touchedCount++] = sources;
      heap.push(sources, 0);
    } else {
      for (const s of sources) {
        const v = s.node;
        if (!(v >= 0 && v < n)) throw new RangeError(`source node ${v} outside 0..${n - 1}`);
        const c = combinedCost(metric, Math.round(s.offsetDeciseconds ?? 0), Math.round((s.offsetMetres ?? 0) * 100));
        if (c > limit) continue;
        if (cost[v] === Infinity) touched[touchedCount++] = v;
        if (c < cost[v]!) {
          cost[v] = c;
          heap.pushOrDecrease(v, c);
        }
      }
    }

    let targetsLeft = -1;
    const targets = options.targets;
    if (targets) {
      targetsLeft = 0;
      for (let i = 0; i < targets.length; i++) {
        const t = targets[i]!;
        if (!(t >= 0 && t < n)) throw new RangeError(`target node ${t} outside 0..${n - 1}`);
        if (isTarget[t] === 0) {
          isTarget[t] = 1;
          targetsLeft++;
        }
      }
    }

    const { firstEdge, target } = graph;
    const costs = this.costs;
    let settledCount = 0;
    while (heap.size > 0 && targetsLeft !== 0) {
      const u = heap.pop();
      const cu = cost[u]!;
      const p = Math.floor(cu / scale);
      const s = cu - p * scale;
      const d = metric === 'time' ? p : s;
      const m = (metric === 'time' ? s : p) / 100;
      if (d <= maxDs && m <= maxM) {
        ds[u] = d;
        metres[u] = m;
        settled[settledCount++] = u;
      }
      if (isTarget[u] === 1) {
        isTarget[u] = 0;
        targetsLeft--;
      }
      const end = firstEdge[u + 1]!;
      for (let e = firstEdge[u]!; e < end; e++) {
        const v = target[e]!;
        const cv = cu + costs[e]!;
        const old = cost[v]!;
        if (cv < old && cv <= limit) {
          if (old === Infinity) touched[touchedCount++] = v;
          cost[v] = cv;
          heap.pushOrDecrease(v, cv);
        }
      }
    }
    // Early stop: unsettled labels are not final; report them as NO_PATH (they never got ds/metres).
    if (targets) for (let i = 0; i < targets.length; i++) isTarget[targets[i]!] = 0;
    this.touchedCount = touchedCount;
    this.settledCount = settledCount;
    return { deciseconds: ds, metres, reached: settled.subarray(0, settledCount) };
  }
}
