/**
 * Lagrangian relaxation bounds by subgradient optimisation (Beasley, "Lagrangean heuristics for location
 * problems", EJOR 65, 1993), so that every heuristic answer states how far from optimal it can be.
 *
 * p-median (a LOWER bound). Relaxing "each demand point is assigned once" with multipliers λ_i:
 *   L(λ) = Σ_i λ_i + min_{y: Σy = p, fixed open, forbidden shut} Σ_j y_j ρ_j,  ρ_j = Σ_i min(0, w_i d_ij − λ_i),
 * i.e. open the fixed candidates and the p − |fixed| free ones with the most negative ρ_j. Every L(λ) is a
 * valid lower bound (budget and capacities are relaxed too). Subgradient g_i = 1 − #{open j : w_i d_ij < λ_i}.
 *
 * MCLP (an UPPER bound). Relaxing z_i ≤ Σ_{j covers i} y_j with μ_i ≥ 0:
 *   L(μ) = Σ_i max(0, w_i − μ_i) + max_{y: Σy = p} Σ_j y_j σ_j,  σ_j = Σ_{i covered by j} μ_i.
 *
 * Step t = θ·|L − incumbent| / ‖g‖²; θ starts at 2 and halves after 30 steps without a better bound; the
 * search stops when θ < 0.005, the bound meets the incumbent, or at the deadline. Each relaxed solution y is
 * also a feasible set, evaluated as a primal heuristic (Beasley's Lagrangian heuristic).
 * With integral data the bound is rounded (ceil for p-median, floor for MCLP): optimal objectives are integers.
 *
 * Data layout: λ, ρ, g are Float64Arrays reused across iterations; the candidate order is an Int32Array
 * sorted in place. Complexity: O(n·m + m log m) per iteration (one pass over the transposed matrix).
 */
import { FIXED, FREE, type PreparedProblem } from './problem.js';

export interface BoundResult {
  /** The best bound (rounded when the data are integral). */
  bound: number;
  /** The multipliers of the best bound (to warm-start a later round). */
  multipliers: Float64Array;
  iterations: number;
  /** Best primal set met during the subgradient search and its objective (uncapacitated, may break the budget: then null). */
  primalSet: Int32Array | null;
  primalObjective: number;
}

export interface BoundOptions {
  p: number;
  /** Best known objective (p-median: an upper bound; MCLP: a lower bound). */
  incumbent: number;
  deadlineMs: number;
  maxIterations?: number;
  /** Starting multipliers (length n), e.g. w_i × the heuristic's distance to the closest open point. */
  start?: Float64Array;
}

/** Lagrangian lower bound for the p-median (uncapacitated; valid for the capacitated and budgeted forms). */
export function pmedianBound(pp: PreparedProblem, options: BoundOptions): BoundResult {
  const { n, m, w, dT, state } = pp;
  const p = options.p;
  const lam = options.start ? Float64Array.from(options.start) : initialLambda(pp);
  const bestLam = Float64Array.from(lam);
  const rho = new Float64Array(m);
  const g = new Float64Array(n);
  const order = freeOrder(pp);
  const open = new Int32Array(p);
  const ac = pp.budget !== Infinity ? pp.annualCost : null;
  let best = -Infinity;
  let ub = options.incumbent;
  let primalSet: Int32Array | null = null;
  let primalObjective = Infinity;
  let theta = 2;
  let sinceBetter = 0;
  const maxIt = options.maxIterations ?? 5000;
  let it = 0;
  const proved = () => (pp.integral ? Math.ceil(best - 1e-7 * Math.max(1, Math.abs(best))) : best) >= ub - 1e-9 * Math.max(1, Math.abs(ub));
  for (; it < maxIt; it++) {
    if ((it & 7) === 0 && performance.now() > options.deadlineMs) break;
    let sumLam = 0;
    for (let i = 0; i < n; i++) if (w[i]! > 0) sumLam += lam[i]!;
    for (let j = 0; j < m; j++) {
      if (state[j] !== FREE && state[j] !== FIXED) {
        rho[j] = 0;
        continue;
      }
      let r = 0;
      const col = j * n;
      for (let i = 0; i < n; i++) {
        const v = w[i]! * dT[col + i]! - lam[i]!;
        if (v < 0) r += v;
      }
      rho[j] = r;
    }
    order.sort((a, b) => rho[a]! - rho[b]!);
    let L = sumLam;
    let k = 0;
    for (const j of pp.fixed) {
      open[k++] = j;
      L += rho[j]!;
    }
    for (let t = 0; k < p; t++) {
      const j = order[t]!;
      open[k++] = j;
      L += rho[j]!;
    }
    if (best === -Infinity || L > best + 1e-12 * Math.max(1, Math.abs(best))) {
      best = L;
      bestLam.set(lam);
      sinceBetter = 0;
    } else if (++sinceBetter >= 30) {
      theta /= 2;
      sinceBetter = 0;
    }
    // Primal: the relaxed y as a p-median solution; and the subgradient.
    let primal = 0;
    let spent = 0;
    if (ac) for (let q = 0; q < p; q++) spent += ac[open[q]!]!;
    let norm = 0;
    for (let i = 0; i < n; i++) {
      if (w[i]! === 0) {
        g[i] = 0;
        continue;
      }
      let cnt = 0;
      let near = Infinity;
      for (let q = 0; q < p; q++) {
        const dij = dT[open[q]! * n + i]!;
        if (dij < near) near = dij;
        if (w[i]! * dij < lam[i]!) cnt++;
      }
      primal += w[i]! * near;
      const gi = 1 - cnt;
      g[i] = gi;
      norm += gi * gi;
    }
    if (primal < primalObjective && spent <= pp.budget) {
      primalObjective = primal;
      primalSet = Int32Array.from(open);
      if (primal < ub) ub = primal;
    }
    if (norm === 0) break; // the relaxed solution assigns everyone once: it is optimal
    if (proved() || theta < 0.005) break;
    const step = (theta * Math.max(ub - L, 1e-9 * Math.max(1, Math.abs(ub)))) / norm;
    for (let i = 0; i < n; i++) {
      const v = lam[i]! + step * g[i]!;
      lam[i] = v > 0 ? v : 0;
    }
  }
  const bound = pp.integral ? Math.ceil(best - 1e-7 * Math.max(1, Math.abs(best))) : best;
  return { bound, multipliers: bestLam, iterations: it, primalSet, primalObjective };
}

/** λ_i = w_i × the distance to the second-closest allowed candidate: a cheap, reasonable start. */
function initialLambda(pp: PreparedProblem): Float64Array {
  const { n, m, w, d, state } = pp;
  const lam = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let a = Infinity;
    let b = Infinity;
    for (let j = 0; j < m; j++) {
      if (state[j] === 1) continue;
      const v = d[i * m + j]!;
      if (v < a) {
        b = a;
        a = v;
      } else if (v < b) b = v;
    }
    const v = b === Infinity ? a : b;
    lam[i] = v === Infinity ? 0 : w[i]! * v;
  }
  return lam;
}

function freeOrder(pp: PreparedProblem): Int32Array {
  const free: number[] = [];
  for (let j = 0; j < pp.m; j++) if (pp.state[j] === FREE) free.push(j);
  return Int32Array.from(free);
}

/** Coverage lists within a radius, CSR both ways, over demand points with positive weight. */
export interface Coverage {
  /** candidate j covers users `byCand[candStart[j] .. candStart[j+1])` */
  candStart: Int32Array;
  byCand: Int32Array;
  /** demand point i is covered by candidates `byUser[userStart[i] .. userStart[i+1])` (allowed ones only) */
  userStart: Int32Array;
  byUser: Int32Array;
}

/** Build the coverage lists (d_ij ≤ radius, allowed candidates, weighted demand points); O(n·m). */
export function coverage(pp: PreparedProblem, radius: number): Coverage {
  const { n, m, d, w, state } = pp;
  const candCount = new Int32Array(m + 1);
  const userCount = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    if (w[i]! <= 0) continue;
    for (let j = 0; j < m; j++) {
      if (state[j] === 1) continue;
      if (d[i * m + j]! <= radius) {
        candCount[j + 1]!++;
        userCount[i + 1]!++;
      }
    }
  }
  for (let j = 0; j < m; j++) candCount[j + 1] = candCount[j + 1]! + candCount[j]!;
  for (let i = 0; i < n; i++) userCount[i + 1] = userCount[i + 1]! + userCount[i]!;
  const byCand = new Int32Array(candCount[m]!);
  const byUser = new Int32Array(userCount[n]!);
  const cf = candCount.slice(0, m);
  const uf = userCount.slice(0, n);
  for (let i = 0; i < n; i++) {
    if (w[i]! <= 0) continue;
    for (let j = 0; j < m; j++) {
      if (state[j] === 1) continue;
      if (d[i * m + j]! <= radius) {
        byCand[cf[j]!++] = i;
        byUser[uf[i]!++] = j;
      }
    }
  }
  return { candStart: candCount, byCand, userStart: userCount, byUser };
}

/** Lagrangian upper bound on the weight an MCLP with p points can cover (budget and capacity relaxed). */
export function mclpBound(pp: PreparedProblem, cov: Coverage, options: BoundOptions): BoundResult {
  const { n, m, w, state } = pp;
  const p = options.p;
  const { candStart, byCand } = cov;
  const mu = new Float64Array(n);
  const bestMu = new Float64Array(n);
  // μ = w: L starts at the sum of the p largest single coverages; uncoverable points stay at μ_i = w_i (g_i = 0).
  mu.set(options.start ?? w);
  const sigma = new Float64Array(m);
  const g = new Float64Array(n);
  const order = freeOrder(pp);
  const open = new Int32Array(p);
  const cnt = new Int32Array(n);
  const ac = pp.budget !== Infinity ? pp.annualCost : null;
  let best = Infinity;
  let lb = options.incumbent;
  let primalSet: Int32Array | null = null;
  let primalObjective = -Infinity;
  let theta = 2;
  let sinceBetter = 0;
  const maxIt = options.maxIterations ?? 5000;
  let it = 0;
  // Weight nobody can cover contributes nothing: μ_i = w_i makes max(0, w_i − μ_i) = 0 for them from the start.
  for (; it < maxIt; it++) {
    if ((it & 7) === 0 && performance.now() > options.deadlineMs) break;
    for (let j = 0; j < m; j++) {
      let s = 0;
      if (state[j] !== 1) for (let k = candStart[j]!; k < candStart[j + 1]!; k++) s += mu[byCand[k]!]!;
      sigma[j] = s;
    }
    order.sort((a, b) => sigma[b]! - sigma[a]!);
    let L = 0;
    for (let i = 0; i < n; i++) if (w[i]! > mu[i]!) L += w[i]! - mu[i]!;
    let k = 0;
    for (const j of pp.fixed) {
      open[k++] = j;
      L += sigma[j]!;
    }
    for (let t = 0; k < p; t++) {
      const j = order[t]!;
      open[k++] = j;
      L += sigma[j]!;
    }
    if (best === Infinity || L < best - 1e-12 * Math.max(1, Math.abs(best))) {
      best = L;
      bestMu.set(mu);
      sinceBetter = 0;
    } else if (++sinceBetter >= 30) {
      theta /= 2;
      sinceBetter = 0;
    }
    cnt.fill(0);
    let spent = 0;
    for (let q = 0; q < p; q++) {
      const j = open[q]!;
      if (ac) spent += ac[j]!;
      for (let t = candStart[j]!; t < candStart[j + 1]!; t++) cnt[byCand[t]!]!++;
    }
    let primal = 0;
    let norm = 0;
    for (let i = 0; i < n; i++) {
      if (cnt[i]! > 0) primal += w[i]!;
      const z = w[i]! > mu[i]! ? 1 : 0;
      const gi = cnt[i]! - z;
      g[i] = gi;
      norm += gi * gi;
    }
    if (primal > primalObjective && spent <= pp.budget) {
      primalObjective = primal;
      primalSet = Int32Array.from(open);
      if (primal > lb) lb = primal;
    }
    const rounded = pp.integral ? Math.floor(best + 1e-7 * Math.max(1, Math.abs(best))) : best;
    if (rounded <= lb + 1e-9 * Math.max(1, Math.abs(lb)) || theta < 0.005 || norm === 0) break;
    const step = (theta * Math.max(L - lb, 1e-9 * Math.max(1, Math.abs(lb)))) / norm;
    for (let i = 0; i < n; i++) {
      const v = mu[i]! - step * g[i]!;
      mu[i] = v > 0 ? v : 0;
    }
  }
  const bound = pp.integral ? Math.floor(best + 1e-7 * Math.max(1, Math.abs(best))) : best;
  return { bound, multipliers: bestMu, iterations: it, primalSet, primalObjective };
}
