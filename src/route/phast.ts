/**
 * Queries on a contraction hierarchy (contract.ts):
 *  - PhastSearch: one-to-all (PHAST): a Dijkstra search in the upward graph from the source(s), then ONE
 *    linear sweep over all nodes in position order (most important first), each node taking the minimum
 *    over its incoming downward edges. The sweep reads the arrays front to back (cache friendly).
 *  - RphastTable: one-to-many for a fixed set of destinations (restricted PHAST, "RPHAST"): the sweep is
 *    limited to the nodes from which a destination is reachable by downward edges only, selected once per
 *    destination set; each origin then costs an upward search plus a sweep over that subset.
 * The upward searches use stall-on-demand: a node whose label is beaten via an incoming downward edge from a
 * more important node is not expanded (its label is an upper bound the sweep corrects).
 *
 * Layout: labels are Float64 combined costs (cost.ts) indexed by position; results are decoded into
 * deciseconds (Uint32, NO_PATH) and metres. Everything is allocated in the constructor and reused.
 *
 * Complexity per query: upward search O(s log s) with s ≈ a few hundred nodes on road networks, plus the
 * sweep: O(n + m_down) for PHAST, O(r + m_r) for RPHAST with r the restricted node count.
 */
import { MinHeap } from './heap.js';
import { combinedCost, costLimit, metricScale, NO_PATH } from './cost.js';
import type { ContractedGraph } from './contract.js';
import type { DijkstraOptions, SearchSource, ShortestPathTree } from './dijkstra.js';

/** Upward search in the CH from one or several positions, into `dist` (indexed by position). */
class UpwardSearch {
  readonly heap: MinHeap;
  readonly touched: Uint32Array;
  touchedCount = 0;
  constructor(readonly ch: ContractedGraph, readonly dist: Float64Array) {
    this.heap = new MinHeap(ch.nodeCount);
    this.touched = new Uint32Array(ch.nodeCount);
  }
  /** Reset the labels touched by the last run to Infinity. */
  reset(): void {
    const { dist, touched } = this;
    for (let i = 0; i < this.touchedCount; i++) dist[touched[i]!] = Infinity;
    this.touchedCount = 0;
  }
  seed(pos: number, cost: number): void {
    const dist = this.dist;
    if (cost < dist[pos]!) {
      if (dist[pos] === Infinity) this.touched[this.touchedCount++] = pos;
      dist[pos] = cost;
      this.heap.pushOrDecrease(pos, cost);
    }
  }
  /** Run to exhaustion (every upward-reachable node within `limit` gets a label). */
  run(limit: number): void {
    const { heap, dist, touched } = this;
    const { upFirst, upTarget, upCost, downFirst, downSource, downCost } = this.ch;
    let touchedCount = this.touchedCount;
    while (heap.size > 0) {
      const u = heap.pop();
      const du = dist[u]!;
      // Stall on demand: reached cheaper through a more important node? Then don't expand u.
      let stalled = false;
      for (let e = downFirst[u]!, end = downFirst[u + 1]!; e < end; e++) {
        if (dist[downSource[e]!]! + downCost[e]! < du) {
          stalled = true;
          break;
        }
      }
      if (stalled) continue;
      for (let e = upFirst[u]!, end = upFirst[u + 1]!; e < end; e++) {
        const v = upTarget[e]!;
        const dv = du + upCost[e]!;
        const old = dist[v]!;
        if (dv < old && dv <= limit) {
          if (old === Infinity) touched[touchedCount++] = v;
          dist[v] = dv;
          heap.pushOrDecrease(v, dv);
        }
      }
    }
    this.touchedCount = touchedCount;
  }
}

/** One-to-all shortest paths on a contraction hierarchy (PHAST). Same results as DijkstraSearch. */
export class PhastSearch {
  private readonly dist: Float64Array;
  private readonly up: UpwardSearch;
  private readonly ds: Uint32Array;
  private readonly metres: Float64Array;
  private readonly reachedList: Uint32Array;

  constructor(readonly ch: ContractedGraph) {
    const n = ch.nodeCount;
    this.dist = new Float64Array(n).fill(Infinity);
    this.up = new UpwardSearch(ch, this.dist);
    this.ds = new Uint32Array(n);
    this.metres = new Float64Array(n);
    this.reachedList = new Uint32Array(n);
  }

  /** Shortest paths from a node or several sources (with offsets) to every node; `targets` is ignored. */
  run(sources: number | readonly SearchSource[], options: DijkstraOptions = {}): ShortestPathTree {
    const { ch, dist, up, ds, metres } = this;
    const n = ch.nodeCount;
    const metric = ch.metric;
    const scale = metricScale(metric);
    const limit = costLimit(metric, options.maxDeciseconds, options.maxMetres);
    dist.fill(Infinity);
    up.touchedCount = 0;
    up.heap.clear();
    const list = typeof sources === 'number' ? [{ node: sources }] : sources;
    for (const s of list) {
      if (!(s.node >= 0 && s.node < n)) throw new RangeError(`source node ${s.node} outside 0..${n - 1}`);
      const c = combinedCost(metric, Math.round(s.offsetDeciseconds ?? 0), Math.round((s.offsetMetres ?? 0) * 100));
      if (c <= limit) up.seed(ch.nodeToPos[s.node]!, c);
    }
    up.run(limit);
    sweep(ch, dist);
    const maxDs = metric === 'distance' && options.maxDeciseconds !== undefined ? options.maxDeciseconds : Infinity;
    const maxM = metric === 'time' && options.maxMetres !== undefined ? options.maxMetres : Infinity;
    const posToNode = ch.posToNode;
    let reached = 0;
    for (let p = 0; p < n; p++) {
      const v = posToNode[p]!;
      const c = dist[p]!;
      if (c <= limit) {
        const hi = Math.floor(c / scale);
        const lo = c - hi * scale;
        const d = metric === 'time' ? hi : lo;
        const m = (metric === 'time' ? lo : hi) / 100;
        if (d <= maxDs && m <= maxM) {
          ds[v] = d;
          metres[v] = m;
          this.reachedList[reached++] = v;
          continue;
        }
      }
      ds[v] = NO_PATH;
      metres[v] = NaN;
    }
    return { deciseconds: ds, metres, reached: this.reachedList.subarray(0, reached) };
  }
}

/** PHAST's downward sweep over all positions, in place. */
function sweep(ch: ContractedGraph, dist: Float64Array): void {
  const { downFirst, downSource, downCost } = ch;
  const n = ch.nodeCount;
  let e = 0;
  for (let p = 0; p < n; p++) {
    let best = dist[p]!;
    const end = downFirst[p + 1]!;
    for (; e < end; e++) {
      const c = dist[downSource[e]!]! + downCost[e]!;
      if (c < best) best = c;
    }
    dist[p] = best;
  }
}

export interface RowOptions {
  /** Access time added at the origin, deciseconds. */
  originOffsetDeciseconds?: number;
  /** Access time added at each destination (same order as the destinations), deciseconds. */
  destinationOffsets?: Uint32Array;
  /** Cut-off on the total deciseconds (offsets included); farther pairs are NO_PATH. */
  maxDeciseconds?: number;
}

/**
 * One-to-many rows towards a fixed destination set (RPHAST). Build once per destination set, then call
 * `row()` per origin; not thread-safe (one per worker).
 */
export class RphastTable {
  /** Selected positions in sweep order. */
  readonly selected: Uint32Array;
  private readonly selFirst: Uint32Array;
  private readonly selSource: Uint32Array;
  private readonly selCost: Float64Array;
  private readonly selDist: Float64Array;
  /** Index into `selected` of each destination. */
  private readonly destIndex: Uint32Array;
  private readonly upDist: Float64Array;
  private readonly up: UpwardSearch;

  constructor(readonly ch: ContractedGraph, readonly destinations: Uint32Array) {
    const n = ch.nodeCount;
    const { downFirst, downSource, downCost, nodeToPos } = ch;
    // Select every position from which a destination is reachable by downward edges (reverse DFS).
    const local = new Uint32Array(n).fill(NO_PATH);
    const stack: number[] = [];
    let count = 0;
    for (let j = 0; j < destinations.length; j++) {
      const d = destinations[j]!;
      if (!(d >= 0 && d < n)) throw new RangeError(`destination node ${d} outside 0..${n - 1}`);
      const p = nodeToPos[d]!;
      if (local[p] === NO_PATH) {
        local[p] = 0;
        count++;
        stack.push(p);
      }
    }
    let edges = 0;
    while (stack.length > 0) {
      const p = stack.pop()!;
      for (let e = downFirst[p]!; e < downFirst[p + 1]!; e++) {
        edges++;
        const x = downSource[e]!;
        if (local[x] === NO_PATH) {
          local[x] = 0;
          count++;
          stack.push(x);
        }
      }
    }
    const selected = new Uint32Array(count);
    for (let p = 0, i = 0; p < n; p++) if (local[p] !== NO_PATH) {
      local[p] = i;
      selected[i++] = p;
    }
    const selFirst = new Uint32Array(count + 1);
    const selSource = new Uint32Array(edges);
    const selCost = new Float64Array(edges);
    let k = 0;
    for (let i = 0; i < count; i++) {
      const p = selected[i]!;
      for (let e = downFirst[p]!; e < downFirst[p + 1]!; e++) {
        selSource[k] = local[downSource[e]!]!;
        selCost[k++] = downCost[e]!;
      }
      selFirst[i + 1] = k;
    }
    this.selected = selected;
    this.selFirst = selFirst;
    this.selSource = selSource;
    this.selCost = selCost;
    this.selDist = new Float64Array(count);
    this.destIndex = new Uint32Array(destinations.length);
    for (let j = 0; j < destinations.length; j++) this.destIndex[j] = local[nodeToPos[destinations[j]!]!]!;
    this.upDist = new Float64Array(n).fill(Infinity);
    this.up = new UpwardSearch(ch, this.upDist);
  }

  /**
   * Times and metres from `origin` to every destination, written to outDeciseconds/outMetres starting at
   * index `at` (NO_PATH / NaN where unreachable or beyond the cut-off).
   */
  row(origin: number, outDeciseconds: Uint32Array, outMetres: Float32Array, at: number, options: RowOptions = {}): void {
    const { ch, up, upDist, selected, selFirst, selSource, selCost, selDist, destIndex } = this;
    const n = ch.nodeCount;
    if (!(origin >= 0 && origin < n)) throw new RangeError(`origin node ${origin} outside 0..${n - 1}`);
    const metric = ch.metric;
    const scale = metricScale(metric);
    const maxDs = options.maxDeciseconds ?? Infinity;
    const limit = metric === 'time' ? costLimit(metric, maxDs) : Infinity;
    up.reset();
    up.heap.clear();
    const offset = options.originOffsetDeciseconds ?? 0;
    const c0 = combinedCost(metric, Math.round(offset), 0);
    if (c0 <= limit) up.seed(ch.nodeToPos[origin]!, c0);
    up.run(limit);
    // Restricted sweep.
    const r = selected.length;
    let e = 0;
    for (let i = 0; i < r; i++) {
      let best = upDist[selected[i]!]!;
      const end = selFirst[i + 1]!;
      for (; e < end; e++) {
        const c = selDist[selSource[e]!]! + selCost[e]!;
        if (c < best) best = c;
      }
      selDist[i] = best;
    }
    const destOffsets = options.destinationOffsets;
    for (let j = 0; j < destIndex.length; j++) {
      const c = selDist[destIndex[j]!]!;
      if (c === Infinity) {
        outDeciseconds[at + j] = NO_PATH;
        outMetres[at + j] = NaN;
        continue;
      }
      const hi = Math.floor(c / scale);
      const lo = c - hi * scale;
      const d = (metric === 'time' ? hi : lo) + (destOffsets ? destOffsets[j]! : 0);
      if (d > maxDs) {
        outDeciseconds[at + j] = NO_PATH;
        outMetres[at + j] = NaN;
      } else {
        outDeciseconds[at + j] = d;
        outMetres[at + j] = (metric === 'time' ? lo : hi) / 100;
      }
    }
  }
}
