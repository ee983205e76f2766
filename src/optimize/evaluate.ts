/**
 * The objective of each model for a GIVEN set of open candidates, with the allocation that achieves it.
 * Every solver's answer is re-evaluated here before it is reported, so the objective a user sees is
 * computed one way whatever found the set; the brute-force reference enumerates sets through it too.
 *
 *   p-median   Σ_i w_i · min_{j open} d_ij                          (minimise)
 *   MCLP       Σ_i w_i · [min_{j open} d_ij ≤ S]                    (maximise)
 *   LSCP       number of open points, feasible if the covered share ≥ the required share   (minimise)
 *   p-center   max_{i: w_i > 0} min_{j open} d_ij                   (minimise)
 * With capacities, p-median and MCLP allocate by the transportation problem (src/optimize/transport.ts):
 * demand may split between points, each point serves at most its capacity.
 *
 * Data layout: `assignment` is an Int32Array(n) holding each demand point's (main) facility, −1 if none
 * (unreachable, uncovered or weightless). Complexity: O(n·k) for k open points; capacitated O(min-cost flow).
 */
import { transport } from './transport.js';
import type { PreparedProblem } from './problem.js';

export type ModelName = 'p-median' | 'mclp' | 'lscp' | 'p-center';
export const MODELS: readonly ModelName[] = ['p-median', 'mclp', 'lscp', 'p-center'];

export interface Evaluation {
  /** The model's objective (see the module comment); Infinity if the set cannot serve the demand. */
  objective: number;
  /** Main facility (candidate index) per demand point, −1 if none. */
  assignment: Int32Array;
  /** Σ w_i d_i over served demand, in cost units × weight. */
  weightedCost: number;
  /** Weight within the cover radius (Infinity radius: all reachable weight). */
  coveredWeight: number;
  /** Largest travel cost of a weighted demand point to its facility. */
  maxCost: number;
  /** Weight that no open point serves (unreachable, or beyond capacity). */
  unservedWeight: number;
}

/** Evaluate the open set `open` (candidate indices) under `model`; `radius` is the cover radius (MCLP, LSCP). */
export function evaluate(pp: PreparedProblem, model: ModelName, open: ArrayLike<number>, radius = Infinity): Evaluation {
  const { n, m, d, w } = pp;
  const k = open.length;
  const assignment = new Int32Array(n).fill(-1);
  if (pp.capacity && (model === 'p-median' || model === 'mclp')) return evaluateCapacitated(pp, model, open, radius);
  let weightedCost = 0;
  let covered = 0;
  let maxCost = 0;
  let unserved = 0;
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    let bj = -1;
    for (let q = 0; q < k; q++) {
      const j = open[q]!;
      const v = d[i * m + j]!;
      if (v < best) {
        best = v;
        bj = j;
      }
    }
    assignment[i] = bj;
    if (w[i] === 0) continue;
    if (best === Infinity) {
      unserved += w[i]!;
      maxCost = Infinity;
      continue;
    }
    weightedCost += w[i]! * best;
    if (best <= radius) covered += w[i]!;
    if (best > maxCost) maxCost = best;
  }
  let objective: number;
  if (model === 'p-median') objective = unserved > 0 ? Infinity : weightedCost;
  else if (model === 'mclp') objective = covered;
  else if (model === 'lscp') objective = k;
  else objective = maxCost;
  return { objective, assignment, weightedCost, coveredWeight: covered, maxCost, unservedWeight: unserved };
}

function evaluateCapacitated(pp: PreparedProblem, model: ModelName, open: ArrayLike<number>, radius: number): Evaluation {
  const { n, m, d, w } = pp;
  const k = open.length;
  const cap = pp.capacity!;
  const assignment = new Int32Array(n).fill(-1);
  const r =
    model === 'p-median'
      ? transport(w, open, cap, (i, j) => d[i * m + j]!)
      : transport(w, open, cap, (i, j) => (d[i * m + j]! <= radius ? 0 : Infinity), 1);
  if (!r) return { objective: Infinity, assignment, weightedCost: Infinity, coveredWeight: 0, maxCost: Infinity, unservedWeight: pp.totalWeight };
  let weightedCost = 0;
  let covered = 0;
  let maxCost = 0;
  for (let i = 0; i < n; i++) {
    let bq = -1;
    let bf = 0;
    for (let q = 0; q < k; q++) {
      const f = r.flow[i * k + q]!;
      if (f <= 0) continue;
      const c = d[i * m + open[q]!]!;
      weightedCost += f * c;
      if (c <= radius) covered += f;
      if (c > maxCost) maxCost = c;
      if (f > bf) {
        bf = f;
        bq = q;
      }
    }
    if (bq >= 0) assignment[i] = open[bq]!;
  }
  const unserved = model === 'p-median' ? 0 : r.unserved;
  return { objective: model === 'p-median' ? r.cost : covered, assignment, weightedCost, coveredWeight: covered, maxCost, unservedWeight: unserved };
}
