/**
 * Brute-force reference for the tests: enumerate every admissible set of open candidates and keep the best,
 * with each model's objective written out here directly (independent of evaluate.ts and of every solver);
 * capacitated allocations use the min-cost-flow transport (src/optimize/transport.ts), independent of HiGHS.
 *
 * Data layout: sets are enumerated as bit masks over the allowed candidates (m ≤ 20). Complexity:
 * O(C(m, p) · n · p) for the p-models, O(2^m · n · m) for LSCP; meant for m ≈ 12.
 */
import { FIXED, FORBIDDEN, type PreparedProblem } from './problem.js';
import type { ModelName } from './evaluate.js';
import { transport } from './transport.js';

export interface ReferenceAnswer {
  objective: number;
  open: number[];
}

/** The optimum of `model` by enumeration (Infinity / −Infinity objective and no set if none is feasible). */
export function bruteForce(pp: PreparedProblem, model: ModelName, p: number, radius = Infinity, share = 1): ReferenceAnswer {
  const { m } = pp;
  if (m > 20) throw new Error('brute force is for m ≤ 20');
  const maximise = model === 'mclp';
  let best: ReferenceAnswer = { objective: maximise ? -Infinity : Infinity, open: [] };
  for (let mask = 0; mask < 1 << m; mask++) {
    const open: number[] = [];
    let ok = true;
    let spent = 0;
    for (let j = 0; j < m; j++) {
      const on = (mask >> j) & 1;
      if (on && pp.state[j] === FORBIDDEN) ok = false;
      if (!on && pp.state[j] === FIXED) ok = false;
      if (on) {
        open.push(j);
        if (pp.budget !== Infinity) spent += pp.annualCost![j]!;
      }
    }
    if (!ok || spent > pp.budget) continue;
    if (model !== 'lscp' && open.length !== p) continue;
    const v = objectiveOf(pp, model, open, radius, share);
    if (maximise ? v > best.objective : v < best.objective) best = { objective: v, open };
  }
  return best;
}

function objectiveOf(pp: PreparedProblem, model: ModelName, open: number[], radius: number, share: number): number {
  const { n, m, d, w } = pp;
  if (pp.capacity && (model === 'p-median' || model === 'mclp')) {
    const r = model === 'p-median'
      ? transport(w, open, pp.capacity, (i, j) => d[i * m + j]!)
      : transport(w, open, pp.capacity, (i, j) => (d[i * m + j]! <= radius ? 0 : Infinity), 1);
    if (!r) return Infinity;
    return model === 'p-median' ? r.cost : pp.totalWeight - r.unserved;
  }
  let sum = 0;
  let covered = 0;
  let worst = 0;
  for (let i = 0; i < n; i++) {
    if (w[i]! <= 0) continue;
    let near = Infinity;
    for (const j of open) if (d[i * m + j]! < near) near = d[i * m + j]!;
    sum += w[i]! * near;
    if (near <= radius) covered += w[i]!;
    if (near > worst) worst = near;
  }
  if (model === 'p-median') return sum;
  if (model === 'mclp') return covered;
  if (model === 'p-center') return worst;
  return covered >= share * pp.totalWeight * (1 - 1e-12) ? open.length : Infinity;
}
