/**
 * Contraction hierarchies (CH): preprocess a `Graph` once so that one-to-all and many-to-many queries
 * (PHAST, phast.ts) need only a small upward search plus one linear sweep.
 *
 * Contraction: nodes are removed one by one in order of a priority
 *   priority = 4 × edge difference (shortcuts added − edges removed) + 2 × contracted neighbours + level,
 * evaluated by simulating the contraction, re-evaluated lazily when a node comes to the top of the queue and
 * eagerly for the neighbours of each contracted node. Removing v adds a shortcut u→w (cost of u→v→w, middle
 * node v) unless a witness search from u, in the remaining graph without v, finds a path u⇝w no costlier;
 * witness searches stop after `witnessSettleLimit` settled nodes (`simulationSettleLimit` when only
 * estimating a priority; a missed witness only adds a superfluous shortcut, never a wrong distance). Costs are the exact combined costs of cost.ts, so shortcuts carry time
 * and centimetres together and metres need no unpacking; the middle node is kept for path unpacking.
 *
 * Result layout (one ArrayBuffer, like Graph): nodes are renumbered by POSITION = n − 1 − rank, so position 0
 * is the most important node and PHAST's downward sweep reads the arrays front to back:
 *   posToNode, nodeToPos:       Uint32Array(n)
 *   upFirst(n+1) / upTarget / upCost(Float64) / upMiddle     edges to more important nodes (lower position)
 *   downFirst(n+1) / downSource / downCost(Float64) / downMiddle   for each position p, the edges x→p that
 *                                                             arrive from more important nodes x (x < p)
 * Buffer: 32-byte header (magic "SAVC", version, n, up count, down count, JSON length), JSON meta, then the
 * arrays above, 8-byte aligned. `ContractedGraph.from(buffer)` views them in place.
 *
 * Complexity: contraction is roughly O(n × witness-search size × degree²) — seconds for 10⁵-node road graphs.
 * Memory during contraction ≈ 40 bytes per edge (pool + two adjacency lists) + 60 bytes per node.
 */
import type { Graph, GraphMeta } from '../network/graph.js';
import { MinHeap } from './heap.js';
import { edgeCosts, type Metric } from './cost.js';

export const CH_MAGIC = 0x43564153; // "SAVC" little-endian
export const CH_VERSION = 1;
const HEADER_BYTES = 32;
// Priority weights (see the module comment); tuned on the Tampere car graph.
const PRIORITY_EDGE_DIFFERENCE = Number(globalThis.process?.env.SAAVU_CH_ED ?? 4);
const PRIORITY_CONTRACTED_NEIGHBOURS = Number(globalThis.process?.env.SAAVU_CH_CN ?? 2);
const PRIORITY_LEVEL = Number(globalThis.process?.env.SAAVU_CH_LEVEL ?? 1);

/** No middle node: an original edge. */
export const NO_MIDDLE = 0xffffffff;

export interface ContractedMeta {
  metric: Metric;
  /** Metadata of the graph it was built from (the cache key travels with it). */
  graph: GraphMeta;
  originalEdges: number;
  shortcuts: number;
  contractMs: number;
}

export interface ContractOptions {
  /** What the hierarchy minimises; default 'time' (ties broken by distance). */
  metric?: Metric;
  /** Settled-node limit of each witness search when contracting; default 300. Smaller = faster build, more shortcuts. */
  witnessSettleLimit?: number;
  /** Settled-node limit of the witness searches that only estimate a node's priority; default 10. */
  simulationSettleLimit?: number;
}

export class ContractedGraph {
  readonly nodeCount: number;
  constructor(
    readonly posToNode: Uint32Array,
    readonly nodeToPos: Uint32Array,
    readonly upFirst: Uint32Array,
    readonly upTarget: Uint32Array,
    readonly upCost: Float64Array,
    readonly upMiddle: Uint32Array,
    readonly downFirst: Uint32Array,
    readonly downSource: Uint32Array,
    readonly downCost: Float64Array,
    readonly downMiddle: Uint32Array,
    readonly meta: ContractedMeta,
  ) {
    this.nodeCount = posToNode.length;
    const n = this.nodeCount;
    if (nodeToPos.length !== n || upFirst.length !== n + 1 || downFirst.length !== n + 1) throw new Error('contracted graph: node arrays differ in length');
    if (upFirst[n] !== upTarget.length || downFirst[n] !== downSource.length) throw new Error('contracted graph: edge counts do not match');
  }

  get metric(): Metric {
    return this.meta.metric;
  }

  /** Serialise into one ArrayBuffer (layout in the module comment). */
  toBuffer(): ArrayBuffer {
    const json = new TextEncoder().encode(JSON.stringify(this.meta));
    const arrays: ArrayBufferView[] = [this.posToNode, this.nodeToPos, this.upFirst, this.upTarget, this.upCost, this.upMiddle, this.downFirst, this.downSource, this.downCost, this.downMiddle];
    const align8 = (v: number) => (v + 7) & ~7;
    let offset = align8(HEADER_BYTES + json.length);
    const at: number[] = [];
    for (const a of arrays) {
      at.push(offset);
      offset = align8(offset + a.byteLength);
    }
    const buf = new ArrayBuffer(offset);
    const dv = new DataView(buf);
    dv.setUint32(0, CH_MAGIC, true);
    dv.setUint32(4, CH_VERSION, true);
    dv.setUint32(8, this.nodeCount, true);
    dv.setUint32(12, this.upTarget.length, true);
    dv.setUint32(16, this.downSource.length, true);
    dv.setUint32(20, json.length, true);
    new Uint8Array(buf, HEADER_BYTES, json.length).set(json);
    arrays.forEach((a, i) => new Uint8Array(buf, at[i]!, a.byteLength).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)));
    return buf;
  }

  /** View a serialised hierarchy (ArrayBuffer or SharedArrayBuffer) without copying. */
  static from(buffer: ArrayBufferLike | Uint8Array): ContractedGraph {
    const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
    if (bytes.byteOffset % 8 !== 0) return ContractedGraph.from(bytes.slice());
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.byteLength < HEADER_BYTES || dv.getUint32(0, true) !== CH_MAGIC) throw new Error('not a saavu contracted graph (bad magic)');
    const version = dv.getUint32(4, true);
    if (version !== CH_VERSION) throw new Error(`unsupported contracted graph version ${version}`);
    const n = dv.getUint32(8, true);
    const mUp = dv.getUint32(12, true);
    const mDown = dv.getUint32(16, true);
    const end = HEADER_BYTES + dv.getUint32(20, true);
    if (end > bytes.byteLength) throw new Error('truncated contracted graph buffer');
    const meta = JSON.parse(new TextDecoder().decode(bytes.subarray(HEADER_BYTES, end))) as ContractedMeta;
    const align8 = (v: number) => (v + 7) & ~7;
    let offset = align8(end);
    const take = <T>(Ctor: { new (b: ArrayBufferLike, o: number, l: number): T; BYTES_PER_ELEMENT: number }, count: number): T => {
      const len = count * Ctor.BYTES_PER_ELEMENT;
      if (offset + len > bytes.byteLength) throw new Error('truncated contracted graph buffer');
      const a = new Ctor(bytes.buffer, bytes.byteOffset + offset, count);
      offset = align8(offset + len);
      return a;
    };
    return new ContractedGraph(
      take(Uint32Array, n), take(Uint32Array, n),
      take(Uint32Array, n + 1), take(Uint32Array, mUp), take(Float64Array, mUp), take(Uint32Array, mUp),
      take(Uint32Array, n + 1), take(Uint32Array, mDown), take(Float64Array, mDown), take(Uint32Array, mDown),
      meta,
    );
  }
}

/**
 * Per-node growable lists of edge ids in one pool: a node's list lives in pool[start .. start+len) with room
 * for `cap`; a full list moves to the end of the pool with double room (the old block is abandoned).
 */
class EdgeLists {
  start: Uint32Array;
  len: Uint32Array;
  cap: Uint32Array;
  pool: Uint32Array;
  used = 0;
  constructor(n: number, initialDegree: Uint32Array) {
    this.start = new Uint32Array(n);
    this.len = new Uint32Array(n);
    this.cap = new Uint32Array(n);
    let total = 0;
    for (let v = 0; v < n; v++) {
      const c = initialDegree[v]! + 2;
      this.start[v] = total;
      this.cap[v] = c;
      total += c;
    }
    this.pool = new Uint32Array(Math.max(16, Math.ceil(total * 1.5)));
    this.used = total;
  }
  add(v: number, edge: number): void {
    let l = this.len[v]!;
    if (l === this.cap[v]!) {
      const newCap = l * 2 + 2;
      if (this.used + newCap > this.pool.length) {
        const grown = new Uint32Array(Math.max(this.pool.length * 2, this.used + newCap));
        grown.set(this.pool.subarray(0, this.used));
        this.pool = grown;
      }
      this.pool.copyWithin(this.used, this.start[v]!, this.start[v]! + l);
      this.start[v] = this.used;
      this.cap[v] = newCap;
      this.used += newCap;
    }
    this.pool[this.start[v]! + l] = edge;
    this.len[v] = l + 1;
  }
  remove(v: number, edge: number): void {
    const s = this.start[v]!;
    const l = this.len[v]!;
    const pool = this.pool;
    for (let i = s; i < s + l; i++) {
      if (pool[i] === edge) {
        pool[i] = pool[s + l - 1]!;
        this.len[v] = l - 1;
        return;
      }
    }
  }
}

/** Build a contraction hierarchy of `graph` (self loops dropped, parallel edges reduced to the cheapest). */
export function contract(graph: Graph, options: ContractOptions = {}): ContractedGraph {
  const t0 = performance.now();
  const metric = options.metric ?? 'time';
  const contractLimit = options.witnessSettleLimit ?? 300;
  const simulationLimit = options.simulationSettleLimit ?? 10;
  let settleLimit = contractLimit;
  const n = graph.nodeCount;
  const costs = edgeCosts(graph, metric);

  // ---- Edge pool: every original edge and shortcut ever created (endpoints, cost, middle).
  let poolCap = Math.max(16, graph.edgeCount * 2);
  let eFrom = new Uint32Array(poolCap);
  let eTo = new Uint32Array(poolCap);
  let eCost = new Float64Array(poolCap);
  let eMid = new Uint32Array(poolCap);
  let eCount = 0;
  const newEdge = (u: number, w: number, c: number, mid: number): number => {
    if (eCount === poolCap) {
      poolCap *= 2;
      const f = new Uint32Array(poolCap); f.set(eFrom); eFrom = f;
      const t = new Uint32Array(poolCap); t.set(eTo); eTo = t;
      const k = new Float64Array(poolCap); k.set(eCost); eCost = k;
      const md = new Uint32Array(poolCap); md.set(eMid); eMid = md;
    }
    eFrom[eCount] = u;
    eTo[eCount] = w;
    eCost[eCount] = c;
    eMid[eCount] = mid;
    return eCount++;
  };

  // ---- Original edges, deduplicated (cheapest of parallel edges), no self loops.
  const seenFrom = new Int32Array(n).fill(-1);
  const seenEdge = new Uint32Array(n);
  const outDeg = new Uint32Array(n);
  const inDeg = new Uint32Array(n);
  const { firstEdge, target } = graph;
  for (let u = 0; u < n; u++) {
    for (let e = firstEdge[u]!; e < firstEdge[u + 1]!; e++) {
      const w = target[e]!;
      if (w === u) continue;
      if (seenFrom[w] === u) {
        const id = seenEdge[w]!;
        if (costs[e]! < eCost[id]!) eCost[id] = costs[e]!;
        continue;
      }
      seenFrom[w] = u;
      seenEdge[w] = newEdge(u, w, costs[e]!, NO_MIDDLE);
      outDeg[u]!++;
      inDeg[w]!++;
    }
  }
  const originalEdges = eCount;
  const out = new EdgeLists(n, outDeg);
  const inn = new EdgeLists(n, inDeg);
  for (let e = 0; e < eCount; e++) {
    out.add(eFrom[e]!, e);
    inn.add(eTo[e]!, e);
  }

  // ---- Witness search state (reused, reset in O(touched)).
  const dist = new Float64Array(n).fill(Infinity);
  const touched = new Uint32Array(n);
  let touchedCount = 0;
  const wheap = new MinHeap(n);

  /** Dijkstra from u in the remaining graph avoiding `avoid`, up to maxCost / settleLimit. */
  const witnessSearch = (u: number, avoid: number, maxCost: number): void => {
    for (let i = 0; i < touchedCount; i++) dist[touched[i]!] = Infinity;
    touchedCount = 0;
    wheap.clear();
    dist[u] = 0;
    touched[touchedCount++] = u;
    wheap.push(u, 0);
    let settled = 0;
    while (wheap.size > 0) {
      if (wheap.peekKey() > maxCost) break;
      if (++settled > settleLimit) break;
      const x = wheap.pop();
      const dx = dist[x]!;
      const s = out.start[x]!;
      const l = out.len[x]!;
      const pool = out.pool;
      for (let i = s; i < s + l; i++) {
        const e = pool[i]!;
        const y = eTo[e]!;
        if (y === avoid) continue;
        const nd = dx + eCost[e]!;
        const old = dist[y]!;
        if (nd < old) {
          if (old === Infinity) touched[touchedCount++] = y;
          dist[y] = nd;
          wheap.pushOrDecrease(y, nd);
        }
      }
    }
  };

  /**
   * Contract v (apply = true: add shortcuts) or simulate it (apply = false). Returns the number of
   * shortcuts needed.
   */
  const process = (v: number, apply: boolean): number => {
    settleLimit = apply ? contractLimit : simulationLimit;
    let shortcuts = 0;
    const is = inn.start[v]!;
    const il = inn.len[v]!;
    const os = out.start[v]!;
    const ol = out.len[v]!;
    if (il === 0 || ol === 0) return 0;
    for (let i = 0; i < il; i++) {
      const ein = inn.pool[is + i]!;
      const u = eFrom[ein]!;
      const cu = eCost[ein]!;
      let maxCost = -1;
      for (let j = 0; j < ol; j++) {
        const eo = out.pool[os + j]!;
        if (eTo[eo] === u) continue;
        const c = cu + eCost[eo]!;
        if (c > maxCost) maxCost = c;
      }
      if (maxCost < 0) continue; // v's only way on leads back to u
      witnessSearch(u, v, maxCost);
      for (let j = 0; j < ol; j++) {
        const eo = out.pool[os + j]!;
        const w = eTo[eo]!;
        if (w === u) continue;
        const c = cu + eCost[eo]!;
        if (dist[w]! <= c) continue;
        shortcuts++;
        if (!apply) continue;
        // Existing u→w edge (costlier, else it would be a witness)? Improve it; else add a shortcut.
        const s = out.start[u]!;
        const l = out.len[u]!;
        let found = -1;
        for (let k = s; k < s + l; k++) {
          const e = out.pool[k]!;
          if (eTo[e] === w) {
            found = e;
            break;
          }
        }
        if (found >= 0) {
          if (c < eCost[found]!) {
            eCost[found] = c;
            eMid[found] = v;
          }
        } else {
          const e = newEdge(u, w, c, v);
          out.add(u, e);
          inn.add(w, e);
        }
      }
    }
    return shortcuts;
  };

  const contractedNeighbours = new Uint32Array(n);
  const level = new Uint32Array(n);
  const priority = (v: number): number => {
    const added = process(v, false);
    const removed = inn.len[v]! + out.len[v]!;
    return PRIORITY_EDGE_DIFFERENCE * (added - removed) + PRIORITY_CONTRACTED_NEIGHBOURS * contractedNeighbours[v]! + PRIORITY_LEVEL * level[v]!;
  };

  const queue = new MinHeap(n);
  for (let v = 0; v < n; v++) queue.push(v, priority(v));

  const rank = new Uint32Array(n);
  const contracted = new Uint8Array(n);
  const neighbourMark = new Int32Array(n).fill(-1);
  const neighbours: number[] = [];
  let nextRank = 0;
  while (queue.size > 0) {
    const v = queue.pop();
    const p = priority(v);
    if (queue.size > 0 && p > queue.peekKey()) {
      queue.push(v, p);
      continue;
    }
    process(v, true);
    contracted[v] = 1;
    rank[v] = nextRank++;
    // Detach v from its neighbours' lists and collect the neighbours.
    neighbours.length = 0;
    for (let i = inn.start[v]!, end = i + inn.len[v]!; i < end; i++) {
      const e = inn.pool[i]!;
      const u = eFrom[e]!;
      out.remove(u, e);
      if (neighbourMark[u] !== v) {
        neighbourMark[u] = v;
        neighbours.push(u);
      }
    }
    for (let i = out.start[v]!, end = i + out.len[v]!; i < end; i++) {
      const e = out.pool[i]!;
      const w = eTo[e]!;
      inn.remove(w, e);
      if (neighbourMark[w] !== v) {
        neighbourMark[w] = v;
        neighbours.push(w);
      }
    }
    for (const x of neighbours) {
      contractedNeighbours[x]!++;
      if (level[x]! < level[v]! + 1) level[x] = level[v]! + 1;
      queue.update(x, priority(x));
    }
  }

  // ---- Split the edges into upward (to a higher rank) and downward, in position order.
  const nodeToPos = new Uint32Array(n);
  const posToNode = new Uint32Array(n);
  for (let v = 0; v < n; v++) {
    const p = n - 1 - rank[v]!;
    nodeToPos[v] = p;
    posToNode[p] = v;
  }
  const upFirst = new Uint32Array(n + 1);
  const downFirst = new Uint32Array(n + 1);
  for (let e = 0; e < eCount; e++) {
    const a = eFrom[e]!;
    const b = eTo[e]!;
    if (rank[b]! > rank[a]!) upFirst[nodeToPos[a]! + 1]!++;
    else downFirst[nodeToPos[b]! + 1]!++;
  }
  for (let p = 0; p < n; p++) {
    upFirst[p + 1]! += upFirst[p]!;
    downFirst[p + 1]! += downFirst[p]!;
  }
  const mUp = upFirst[n]!;
  const mDown = downFirst[n]!;
  const upTarget = new Uint32Array(mUp);
  const upCost = new Float64Array(mUp);
  const upMiddle = new Uint32Array(mUp);
  const downSource = new Uint32Array(mDown);
  const downCost = new Float64Array(mDown);
  const downMiddle = new Uint32Array(mDown);
  const upFill = upFirst.slice(0, n);
  const downFill = downFirst.slice(0, n);
  for (let e = 0; e < eCount; e++) {
    const a = eFrom[e]!;
    const b = eTo[e]!;
    if (rank[b]! > rank[a]!) {
      const i = upFill[nodeToPos[a]!]!++;
      upTarget[i] = nodeToPos[b]!;
      upCost[i] = eCost[e]!;
      upMiddle[i] = eMid[e]!;
    } else {
      const i = downFill[nodeToPos[b]!]!++;
      downSource[i] = nodeToPos[a]!;
      downCost[i] = eCost[e]!;
      downMiddle[i] = eMid[e]!;
    }
  }
  return new ContractedGraph(posToNode, nodeToPos, upFirst, upTarget, upCost, upMiddle, downFirst, downSource, downCost, downMiddle, {
    metric,
    graph: graph.meta,
    originalEdges,
    shortcuts: eCount - originalEdges,
    contractMs: Math.round(performance.now() - t0),
  });
}
