/**
 * Reference shortest paths for TESTS ONLY: as simple as possible, obviously right, and independent of the
 * engine's heap and combined-cost encoding (cost.ts).
 *
 * Both functions minimise the pair (deciseconds, centimetres) lexicographically — the fastest path, and among
 * equally fast paths the shortest, with each edge length rounded to whole centimetres — which is the order
 * the engine documents, so times AND metres must match exactly. (For metric 'distance' the pair is swapped.)
 *
 * - `referenceDijkstra`: textbook Dijkstra with an O(n) linear scan for the next node: O(n²). For small graphs.
 * - `referenceLabelCorrecting`: Bellman–Ford with a FIFO queue (no heap, no ordering at all: relax until
 *   nothing improves). Exact on any graph with non-negative weights; fast enough for 100k-node road graphs.
 * Layout: plain number arrays; sources may carry offsets. Unreached: deciseconds NO_PATH, metres NaN.
 */
import type { Graph } from '../network/graph.js';

const NO_PATH = 0xffffffff;

export interface ReferenceSource {
  node: number;
  offsetDeciseconds?: number;
}

export interface ReferenceResult {
  deciseconds: number[];
  metres: number[];
}

type Metric = 'time' | 'distance';

function edgePair(graph: Graph, e: number, metric: Metric): [number, number] {
  const ds = graph.weight[e]!;
  const cm = Math.round(graph.length[e]! * 100);
  return metric === 'time' ? [ds, cm] : [cm, ds];
}

function less(a1: number, a2: number, b1: number, b2: number): boolean {
  return a1 < b1 || (a1 === b1 && a2 < b2);
}

function initial(graph: Graph, sources: number | ReferenceSource[], metric: Metric) {
  const n = graph.nodeCount;
  const p1 = new Array<number>(n).fill(Infinity);
  const p2 = new Array<number>(n).fill(Infinity);
  const list = typeof sources === 'number' ? [{ node: sources }] : sources;
  for (const s of list) {
    const off = s.offsetDeciseconds ?? 0;
    const a = metric === 'time' ? off : 0;
    const b = metric === 'time' ? 0 : off;
    if (less(a, b, p1[s.node]!, p2[s.node]!)) {
      p1[s.node] = a;
      p2[s.node] = b;
    }
  }
  return { p1, p2 };
}

function finish(p1: number[], p2: number[], metric: Metric, maxDeciseconds: number): ReferenceResult {
  const deciseconds: number[] = [];
  const metres: number[] = [];
  for (let v = 0; v < p1.length; v++) {
    const ds = metric === 'time' ? p1[v]! : p2[v]!;
    const cm = metric === 'time' ? p2[v]! : p1[v]!;
    if (ds === Infinity || ds > maxDeciseconds) {
      deciseconds.push(NO_PATH);
      metres.push(NaN);
    } else {
      deciseconds.push(ds);
      metres.push(cm / 100);
    }
  }
  return { deciseconds, metres };
}

/** O(n²) Dijkstra: repeatedly take the unsettled node with the smallest label. */
export function referenceDijkstra(graph: Graph, sources: number | ReferenceSource[], maxDeciseconds = Infinity, metric: Metric = 'time'): ReferenceResult {
  const n = graph.nodeCount;
  const { p1, p2 } = initial(graph, sources, metric);
  const done = new Array<boolean>(n).fill(false);
  for (;;) {
    let u = -1;
    for (let v = 0; v < n; v++) if (!done[v] && p1[v]! < Infinity && (u < 0 || less(p1[v]!, p2[v]!, p1[u]!, p2[u]!))) u = v;
    if (u < 0) break;
    done[u] = true;
    for (let e = graph.firstEdge[u]!; e < graph.firstEdge[u + 1]!; e++) {
      const v = graph.target[e]!;
      const [w1, w2] = edgePair(graph, e, metric);
      if (less(p1[u]! + w1, p2[u]! + w2, p1[v]!, p2[v]!)) {
        p1[v] = p1[u]! + w1;
        p2[v] = p2[u]! + w2;
      }
    }
  }
  return finish(p1, p2, metric, maxDeciseconds);
}

/** Label-correcting (Bellman–Ford with a FIFO queue): relax edges until no label improves. */
export function referenceLabelCorrecting(graph: Graph, sources: number | ReferenceSource[], maxDeciseconds = Infinity, metric: Metric = 'time'): ReferenceResult {
  const n = graph.nodeCount;
  const { p1, p2 } = initial(graph, sources, metric);
  const queued = new Array<boolean>(n).fill(false);
  const queue: number[] = [];
  for (let v = 0; v < n; v++) if (p1[v]! < Infinity) {
    queue.push(v);
    queued[v] = true;
  }
  for (let head = 0; head < queue.length; head++) {
    const u = queue[head]!;
    queued[u] = false;
    for (let e = graph.firstEdge[u]!; e < graph.firstEdge[u + 1]!; e++) {
      const v = graph.target[e]!;
      const [w1, w2] = edgePair(graph, e, metric);
      if (less(p1[u]! + w1, p2[u]! + w2, p1[v]!, p2[v]!)) {
        p1[v] = p1[u]! + w1;
        p2[v] = p2[u]! + w2;
        if (!queued[v]) {
          queued[v] = true;
          queue.push(v);
        }
      }
    }
    if (head > 1 << 20) {
      queue.splice(0, head + 1);
      head = -1;
    }
  }
  return finish(p1, p2, metric, maxDeciseconds);
}
