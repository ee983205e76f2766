/**
 * One exact scalar cost per edge that carries both time and distance, so that every algorithm (heap
 * Dijkstra, contraction hierarchies, PHAST, matrices) finds the SAME path and reports the same metres.
 *
 * For the 'time' metric an edge costs  deciseconds × 2^29 + centimetres,  for 'distance' it costs
 * centimetres × 2^24 + deciseconds (centimetres = round(length metres × 100)). All values are integers below
 * 2^53, so Float64 sums are exact and independent of summation order. Minimising this scalar is minimising
 * the primary quantity and, among the paths that tie on it, the secondary one: "the fastest path, and among
 * equally fast paths the shortest". The primary value is floor(cost / scale), the secondary the remainder.
 *
 * Limits (checked per edge; per path documented): a path must take under 2^24 ds (19.4 days) and be under
 * 2^29 cm (5,368 km); beyond that the secondary would carry into the primary. Finnish road networks are far
 * inside both. Metres are reported as the sum of per-edge centimetres / 100, i.e. each edge length rounded to
 * the centimetre (≤ 5 mm per edge).
 *
 * Complexity: edgeCosts O(m), one Float64Array(m).
 */
import type { Graph } from '../network/graph.js';

/** Sentinel for "no path / beyond the cut-off" in Uint32 deciseconds arrays. */
export const NO_PATH = 0xffffffff;

/** What a search minimises: travel time (ties broken by distance) or distance (ties broken by time). */
export type Metric = 'time' | 'distance';

export const TIME_SCALE = 2 ** 29;
export const DISTANCE_SCALE = 2 ** 24;
const MAX_DECISECONDS = 2 ** 24;
const MAX_CENTIMETRES = 2 ** 29;

/** Multiplier of the primary quantity in the combined cost. */
export function metricScale(metric: Metric): number {
  return metric === 'time' ? TIME_SCALE : DISTANCE_SCALE;
}

/** Combined cost of one edge or offset (deciseconds, centimetres as integers). */
export function combinedCost(metric: Metric, deciseconds: number, centimetres: number): number {
  return metric === 'time' ? deciseconds * TIME_SCALE + centimetres : centimetres * DISTANCE_SCALE + deciseconds;
}

/** Per-edge combined costs of `graph` for `metric`. Throws on an edge beyond the encodable range. */
export function edgeCosts(graph: Graph, metric: Metric): Float64Array {
  const m = graph.edgeCount;
  const out = new Float64Array(m);
  const { weight, length } = graph;
  for (let e = 0; e < m; e++) {
    const ds = weight[e]!;
    const cm = Math.round(length[e]! * 100);
    if (ds >= MAX_DECISECONDS || !(cm >= 0 && cm < MAX_CENTIMETRES)) throw new Error(`edge ${e} out of range: ${ds} ds, ${length[e]} m`);
    out[e] = combinedCost(metric, ds, cm);
  }
  return out;
}

/** Largest cost whose primary quantity is ≤ the cut-off (deciseconds for 'time', metres for 'distance'). */
export function costLimit(metric: Metric, maxDeciseconds?: number, maxMetres?: number): number {
  let limit = Infinity;
  if (metric === 'time' && maxDeciseconds !== undefined) limit = (Math.floor(maxDeciseconds) + 1) * TIME_SCALE - 1;
  if (metric === 'distance' && maxMetres !== undefined) limit = (Math.floor(maxMetres * 100) + 1) * DISTANCE_SCALE - 1;
  return limit;
}

/** Deciseconds of a combined cost. */
export function costDeciseconds(metric: Metric, cost: number): number {
  if (metric === 'time') return Math.floor(cost / TIME_SCALE);
  return cost - Math.floor(cost / DISTANCE_SCALE) * DISTANCE_SCALE;
}

/** Metres of a combined cost. */
export function costMetres(metric: Metric, cost: number): number {
  if (metric === 'time') return (cost - Math.floor(cost / TIME_SCALE) * TIME_SCALE) / 100;
  return Math.floor(cost / DISTANCE_SCALE) / 100;
}
