/**
 * p-median heuristic: greedy construction, then local search by Whitaker's fast interchange (as
 * implemented by Hansen & Mladenović, "Variable neighborhood search for the p-median", Location Science
 * 5(4), 1997), inside a basic variable neighbourhood search (shake k random swaps, local search, accept if
 * better, else k + 1). Respects fixed and forbidden candidates and a budget on annual cost. Stops at a
 * time limit, after a number of VNS steps without improvement, or when the objective reaches `target`
 * (the Lagrangian lower bound: the answer is then proved optimal).
 *
 * Data layout (no allocation inside the search): the solution is `open` (Int32Array(p), candidate per
 * position) with `pos` (Int32Array(m), position or −1); per demand point the positions of its closest and
 * second-closest open candidates (`c1`, `c2`) and their costs (`d1`, `d2`); costs are read from the
 * transposed matrix `dt` (m × n) so one candidate's column is contiguous. Unreachable pairs cost `big`
 * (far beyond every finite cost) so sets that leave someone unserved lose to any set that serves them.
 *
 * Complexity: one fast-interchange scan is O((m − p)·(n + p)): for each candidate to insert, one pass over
 * the demand points accumulates the gain of inserting it and, per open position, the part of the removal
 * loss it cancels; the best removal is then a pass over the p positions. Applying a swap is O(n) plus O(p)
 * per demand point that lost its closest or second-closest point.
 */
import { FIXED, FREE, type PreparedProblem } from './problem.js';
import { seededRandom } from '../route/synthetic.js';

export interface PMedianHeuristicOptions {
  p: number;
  /** Wall-clock deadline, performance.now() milliseconds. */
  deadlineMs: number;
  /** Stop when the objective is ≤ target (a proven lower bound). */
  target?: number;
  /** Stop after this many VNS steps without improvement (default 30·kmax + 100). */
  maxStepsWithoutImprovement?: number;
  seed?: number;
  /** Start from this set instead of the greedy one (e.g. fixed + a previous answer). */
  start?: ArrayLike<number>;
  onImprove?: (objective: number, steps: number) => void;
}

export interface PMedianHeuristicResult {
  open: Int32Array;
  /** Σ w·d with unreachable pairs at the internal penalty (the caller re-evaluates). */
  objective: number;
  steps: number;
  localSearches: number;
}

/** Solve the (uncapacitated) p-median heuristically; see the module comment. */
export function pmedianHeuristic(pp: PreparedProblem, options: PMedianHeuristicOptions): PMedianHeuristicResult {
  const s = new FastInterchange(pp, options.p);
  if (options.start) s.load(options.start);
  else s.greedy();
  s.localSearch();
  let best = s.cost;
  const bestOpen = Int32Array.from(s.open);
  options.onImprove?.(best, 0);
  const target = options.target ?? -Infinity;
  const freeOpen = options.p - pp.fixed.length;
  let freeClosed = 0;
  for (let j = 0; j < pp.m; j++) if (pp.state[j] === FREE) freeClosed++;
  freeClosed -= freeOpen;
  const kmax = Math.max(1, Math.min(freeOpen, freeClosed, 20));
  const maxIdle = options.maxStepsWithoutImprovement ?? 30 * kmax + 100;
  const rnd = seededRandom(options.seed ?? 1);
  const eps = 1e-9 * Math.max(1, Math.abs(best));
  let steps = 0;
  let idle = 0;
  let k = 1;
  let localSearches = 1;
  if (freeOpen === 0 || freeClosed === 0) return { open: bestOpen, objective: best, steps, localSearches };
  while (best > target + eps && idle < maxIdle && performance.now() < options.deadlineMs) {
    s.load(bestOpen);
    s.shake(k, rnd);
    s.localSearch(options.deadlineMs);
    localSearches++;
    steps++;
    if (s.cost < best - eps) {
      best = s.cost;
      bestOpen.set(s.open);
      k = 1;
      idle = 0;
      options.onImprove?.(best, steps);
    } else {
      k = k >= kmax ? 1 : k + 1;
      idle++;
    }
  }
  return { open: bestOpen, objective: best, steps, localSearches };
}

/** Fast-interchange state for one p-median solution. */
export class FastInterchange {
  readonly pp: PreparedProblem;
  readonly p: number;
  readonly n: number;
  readonly m: number;
  /** m × n costs with unreachable = big. */
  readonly dt: Float64Array;
  readonly big: number;
  /** Cost standing for "no second open point". */
  readonly none: number;
  /** Demand points with positive weight. */
  readonly users: Int32Array;
  readonly open: Int32Array;
  readonly pos: Int32Array;
  readonly c1: Int32Array;
  readonly c2: Int32Array;
  readonly d1: Float64Array;
  readonly d2: Float64Array;
  private readonly loss: Float64Array;
  private readonly extra: Float64Array;
  private readonly ac: Float64Array | null;
  private readonly budget: number;
  spent = 0;
  cost = 0;

  constructor(pp: PreparedProblem, p: number) {
    this.pp = pp;
    this.p = p;
    this.n = pp.n;
    this.m = pp.m;
    let maxFinite = 0;
    for (const v of pp.dT) if (v !== Infinity && v > maxFinite) maxFinite = v;
    // Far beyond any finite cost, yet small enough that sums of a few thousand stay exact to ~1e-3.
    this.big = (maxFinite + 1) * 1000;
    this.none = this.big * 2;
    this.dt = Float64Array.from(pp.dT, (v) => (v === Infinity ? this.big : v));
    const users: number[] = [];
    for (let i = 0; i < pp.n; i++) if (pp.w[i]! > 0) users.push(i);
    this.users = Int32Array.from(users);
    this.open = new Int32Array(p);
    this.pos = new Int32Array(pp.m).fill(-1);
    this.c1 = new Int32Array(pp.n);
    this.c2 = new Int32Array(pp.n);
    this.d1 = new Float64Array(pp.n);
    this.d2 = new Float64Array(pp.n);
    this.loss = new Float64Array(p);
    this.extra = new Float64Array(p);
    this.ac = pp.budget !== Infinity ? pp.annualCost : null;
    this.budget = pp.budget;
  }

  /** Open exactly the candidates in `set` (length p) and rebuild the closest/second-closest arrays. */
  load(set: ArrayLike<number>): void {
    this.pos.fill(-1);
    this.spent = 0;
    for (let q = 0; q < this.p; q++) {
      const j = set[q]!;
      this.open[q] = j;
      this.pos[j] = q;
      if (this.ac) this.spent += this.ac[j]!;
    }
    this.rebuild();
  }

  private rebuild(): void {
    const { users } = this;
    let cost = 0;
    for (let u = 0; u < users.length; u++) {
      const i = users[u]!;
      this.nearestTwo(i);
      cost += this.pp.w[i]! * this.d1[i]!;
    }
    this.cost = cost;
  }

  /** Recompute c1/c2 of demand point i by scanning the open positions; O(p). */
  private nearestTwo(i: number): void {
    const { open, dt, n, p } = this;
    let b1 = this.none;
    let b2 = this.none;
    let q1 = -1;
    let q2 = -1;
    for (let q = 0; q < p; q++) {
      const v = dt[open[q]! * n + i]!;
      if (v < b1) {
        b2 = b1;
        q2 = q1;
        b1 = v;
        q1 = q;
      } else if (v < b2) {
        b2 = v;
        q2 = q;
      }
    }
    this.c1[i] = q1;
    this.c2[i] = q2;
    this.d1[i] = b1;
    this.d2[i] = b2;
  }

  /**
   * Greedy construction: the fixed candidates, then repeatedly the candidate that lowers Σ w·d most,
   * among those that leave a budget-feasible completion; O(p·m·n).
   */
  greedy(): void {
    const { pp, n, m, dt, users } = this;
    const w = pp.w;
    const chosen: number[] = Array.from(pp.fixed);
    const isChosen = new Uint8Array(m);
    for (const j of chosen) isChosen[j] = 1;
    const near = new Float64Array(n).fill(this.none);
    let spent = 0;
    for (const j of chosen) {
      if (this.ac) spent += this.ac[j]!;
      for (let u = 0; u < users.length; u++) {
        const i = users[u]!;
        const v = dt[j * n + i]!;
        if (v < near[i]!) near[i] = v;
      }
    }
    const freeCosts: number[] = [];
    if (this.ac) for (let j = 0; j < m; j++) if (pp.state[j] === FREE) freeCosts.push(this.ac[j]!);
    freeCosts.sort((a, b) => a - b);
    while (chosen.length < this.p) {
      const left = this.p - chosen.length - 1;
      let bestJ = -1;
      let bestGain = -1;
      for (let j = 0; j < m; j++) {
        if (isChosen[j] || pp.state[j] !== FREE) continue;
        if (this.ac && spent + this.ac[j]! + this.cheapest(left, isChosen, j) > this.budget) continue;
        let gain = 0;
        const col = j * n;
        for (let u = 0; u < users.length; u++) {
          const i = users[u]!;
          const v = dt[col + i]!;
          const cur = near[i]!;
          if (v < cur) gain += w[i]! * (cur - v);
        }
        if (gain > bestGain) {
          bestGain = gain;
          bestJ = j;
        }
      }
      chosen.push(bestJ);
      isChosen[bestJ] = 1;
      if (this.ac) spent += this.ac[bestJ]!;
      for (let u = 0; u < users.length; u++) {
        const i = users[u]!;
        const v = dt[bestJ * n + i]!;
        if (v < near[i]!) near[i] = v;
      }
    }
    this.load(chosen);
  }

  /** Sum of the `count` cheapest free candidates that are neither chosen nor `except`. */
  private cheapest(count: number, isChosen: Uint8Array, except: number): number {
    if (count <= 0) return 0;
    const costs: number[] = [];
    for (let j = 0; j < this.m; j++) if (j !== except && !isChosen[j] && this.pp.state[j] === FREE) costs.push(this.ac![j]!);
    costs.sort((a, b) => a - b);
    let s = 0;
    for (let k = 0; k < count; k++) s += costs[k]!;
    return s;
  }

  /** Best-improvement fast interchange until no improving swap remains (or the deadline); returns swaps made. */
  localSearch(deadlineMs = Infinity): number {
    let swaps = 0;
    while (this.bestSwap()) {
      swaps++;
      if ((swaps & 15) === 0 && performance.now() > deadlineMs) break;
    }
    return swaps;
  }

  /** One scan of the swap neighbourhood; applies the best improving swap and returns whether there was one. */
  bestSwap(): boolean {
    const { pp, n, m, p, dt, users, c1, d1, d2, loss, extra, pos, open } = this;
    const w = pp.w;
    const state = pp.state;
    loss.fill(0);
    for (let u = 0; u < users.length; u++) {
      const i = users[u]!;
      const q = c1[i]!;
      loss[q] = loss[q]! + w[i]! * (d2[i]! - d1[i]!);
    }
    const eps = 1e-9 * Math.max(1, this.cost);
    let bestDelta = -eps;
    let bestIn = -1;
    let bestQ = -1;
    for (let j = 0; j < m; j++) {
      if (pos[j] !== -1 || state[j] !== FREE) continue;
      extra.fill(0);
      let gain = 0;
      const col = j * n;
      for (let u = 0; u < users.length; u++) {
        const i = users[u]!;
        const v = dt[col + i]!;
        const a = d1[i]!;
        if (v < a) {
          const wi = w[i]!;
          gain += wi * (a - v);
          const q = c1[i]!;
          extra[q] = extra[q]! + wi * (d2[i]! - a);
        } else {
          const b = d2[i]!;
          if (v < b) {
            const q = c1[i]!;
            extra[q] = extra[q]! + w[i]! * (b - v);
          }
        }
      }
      for (let q = 0; q < p; q++) {
        const out = open[q]!;
        if (state[out] === FIXED) continue;
        if (this.ac && this.spent - this.ac[out]! + this.ac[j]! > this.budget) continue;
        const delta = loss[q]! - extra[q]! - gain;
        if (delta < bestDelta) {
          bestDelta = delta;
          bestIn = j;
          bestQ = q;
        }
      }
    }
    if (bestIn < 0) return false;
    this.swap(bestQ, bestIn);
    return true;
  }

  /** Replace the candidate at position q by `j`, updating c1/c2/d1/d2 and the cost. */
  swap(q: number, j: number): void {
    const { n, dt, users, c1, c2, d1, d2, pos, open } = this;
    const w = this.pp.w;
    const out = open[q]!;
    if (this.ac) this.spent += this.ac[j]! - this.ac[out]!;
    pos[out] = -1;
    pos[j] = q;
    open[q] = j;
    const col = j * n;
    let cost = 0;
    for (let u = 0; u < users.length; u++) {
      const i = users[u]!;
      if (c1[i] === q || c2[i] === q) this.nearestTwo(i);
      else {
        const v = dt[col + i]!;
        if (v < d1[i]!) {
          c2[i] = c1[i]!;
          d2[i] = d1[i]!;
          c1[i] = q;
          d1[i] = v;
        } else if (v < d2[i]!) {
          c2[i] = q;
          d2[i] = v;
        }
      }
      cost += w[i]! * d1[i]!;
    }
    this.cost = cost;
  }

  /** k random swaps of free open points for free closed candidates (budget permitting). */
  shake(k: number, rnd: () => number): void {
    const { pp, m, p, open, pos } = this;
    for (let t = 0; t < k; t++) {
      for (let attempt = 0; attempt < 50; attempt++) {
        const q = Math.floor(rnd() * p);
        const out = open[q]!;
        if (pp.state[out] === FIXED) continue;
        const j = Math.floor(rnd() * m);
        if (pos[j] !== -1 || pp.state[j] !== FREE) continue;
        if (this.ac && this.spent - this.ac[out]! + this.ac[j]! > this.budget) continue;
        this.swap(q, j);
        break;
      }
    }
  }
}
