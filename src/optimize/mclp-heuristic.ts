/**
 * MCLP heuristic (maximal covering location, Church & ReVelle 1974): greedy construction, then the
 * covering analogue of fast interchange inside the same variable neighbourhood search as the p-median
 * heuristic. A swap (insert j, remove r) changes the covered weight by
 *   gain(j) − loss(r) + both(j, r),
 * gain(j) = weight covered by j and by no open point, loss(r) = weight covered by r alone, both(j, r) =
 * weight covered by r alone that j would also cover. One pass over j's coverage list yields gain(j) and
 * both(j, ·) for every r at once, because a point covered by exactly one open candidate knows which one.
 *
 * Data layout: coverage lists in CSR (src/optimize/lagrangian.ts `coverage`); per demand point the number
 * of open candidates covering it (`count`) and the SUM of their indices (`sum`): when count = 1, sum is
 * the one candidate, so no per-point lists are kept. Solution arrays as in the p-median heuristic.
 *
 * Complexity: one scan is O(Σ_j |cover(j)| + (m − p)·p); a swap is O(|cover(in)| + |cover(out)|).
 */
import { FIXED, FREE, type PreparedProblem } from './problem.js';
import type { Coverage } from './lagrangian.js';
import { seededRandom } from '../route/synthetic.js';

export interface MclpHeuristicOptions {
  p: number;
  deadlineMs: number;
  /** Stop when the covered weight is ≥ target (a proven upper bound). */
  target?: number;
  maxStepsWithoutImprovement?: number;
  seed?: number;
  onImprove?: (objective: number, steps: number) => void;
}

export interface MclpHeuristicResult {
  open: Int32Array;
  objective: number;
  steps: number;
}

/** Maximise the weight within the cover radius with p open points; see the module comment. */
export function mclpHeuristic(pp: PreparedProblem, cov: Coverage, options: MclpHeuristicOptions): MclpHeuristicResult {
  const s = new CoverInterchange(pp, cov, options.p);
  s.greedy();
  s.localSearch();
  let best = s.covered;
  const bestOpen = Int32Array.from(s.open);
  options.onImprove?.(best, 0);
  const target = options.target ?? Infinity;
  const freeOpen = options.p - pp.fixed.length;
  let freeClosed = 0;
  for (let j = 0; j < pp.m; j++) if (pp.state[j] === FREE) freeClosed++;
  freeClosed -= freeOpen;
  const kmax = Math.max(1, Math.min(freeOpen, freeClosed, 20));
  const maxIdle = options.maxStepsWithoutImprovement ?? 30 * kmax + 100;
  const rnd = seededRandom(options.seed ?? 1);
  const eps = 1e-9 * Math.max(1, best);
  let steps = 0;
  let idle = 0;
  let k = 1;
  if (freeOpen === 0 || freeClosed === 0) return { open: bestOpen, objective: best, steps };
  while (best < target - eps && idle < maxIdle && performance.now() < options.deadlineMs) {
    s.load(bestOpen);
    s.shake(k, rnd);
    s.localSearch(options.deadlineMs);
    steps++;
    if (s.covered > best + eps) {
      best = s.covered;
      bestOpen.set(s.open);
      k = 1;
      idle = 0;
      options.onImprove?.(best, steps);
    } else {
      k = k >= kmax ? 1 : k + 1;
      idle++;
    }
  }
  return { open: bestOpen, objective: best, steps };
}

class CoverInterchange {
  readonly pp: PreparedProblem;
  readonly cov: Coverage;
  readonly p: number;
  readonly open: Int32Array;
  readonly pos: Int32Array;
  readonly count: Int32Array;
  readonly sum: Float64Array;
  private readonly loss: Float64Array;
  private readonly both: Float64Array;
  private readonly ac: Float64Array | null;
  spent = 0;
  covered = 0;

  constructor(pp: PreparedProblem, cov: Coverage, p: number) {
    this.pp = pp;
    this.cov = cov;
    this.p = p;
    this.open = new Int32Array(p);
    this.pos = new Int32Array(pp.m).fill(-1);
    this.count = new Int32Array(pp.n);
    this.sum = new Float64Array(pp.n);
    this.loss = new Float64Array(p);
    this.both = new Float64Array(p);
    this.ac = pp.budget !== Infinity ? pp.annualCost : null;
  }

  load(set: ArrayLike<number>): void {
    this.pos.fill(-1);
    this.count.fill(0);
    this.sum.fill(0);
    this.covered = 0;
    this.spent = 0;
    for (let q = 0; q < this.p; q++) {
      const j = set[q]!;
      this.open[q] = j;
      this.pos[j] = q;
      if (this.ac) this.spent += this.ac[j]!;
      this.add(j);
    }
  }

  private add(j: number): void {
    const { candStart, byCand } = this.cov;
    const w = this.pp.w;
    for (let t = candStart[j]!; t < candStart[j + 1]!; t++) {
      const i = byCand[t]!;
      if (this.count[i]!++ === 0) this.covered += w[i]!;
      this.sum[i] = this.sum[i]! + j;
    }
  }

  private remove(j: number): void {
    const { candStart, byCand } = this.cov;
    const w = this.pp.w;
    for (let t = candStart[j]!; t < candStart[j + 1]!; t++) {
      const i = byCand[t]!;
      if (--this.count[i]! === 0) this.covered -= w[i]!;
      this.sum[i] = this.sum[i]! - j;
    }
  }

  /** Fixed candidates, then greedily the one adding the most uncovered weight (budget permitting). */
  greedy(): void {
    const { pp, cov } = this;
    const { candStart, byCand } = cov;
    const w = pp.w;
    const chosen: number[] = Array.from(pp.fixed);
    const isChosen = new Uint8Array(pp.m);
    const covered = new Uint8Array(pp.n);
    let spent = 0;
    const mark = (j: number) => {
      isChosen[j] = 1;
      if (this.ac) spent += this.ac[j]!;
      for (let t = candStart[j]!; t < candStart[j + 1]!; t++) covered[byCand[t]!] = 1;
    };
    for (const j of chosen) mark(j);
    while (chosen.length < this.p) {
      const left = this.p - chosen.length - 1;
      let bestJ = -1;
      let bestGain = -1;
      for (let j = 0; j < pp.m; j++) {
        if (isChosen[j] || pp.state[j] !== FREE) continue;
        if (this.ac && spent + this.ac[j]! + cheapest(pp, left, isChosen, j) > pp.budget) continue;
        let gain = 0;
        for (let t = candStart[j]!; t < candStart[j + 1]!; t++) {
          const i = byCand[t]!;
          if (!covered[i]) gain += w[i]!;
        }
        if (gain > bestGain) {
          bestGain = gain;
          bestJ = j;
        }
      }
      chosen.push(bestJ);
      mark(bestJ);
    }
    this.load(chosen);
  }

  localSearch(deadlineMs = Infinity): number {
    let swaps = 0;
    while (this.bestSwap()) {
      swaps++;
      if ((swaps & 15) === 0 && performance.now() > deadlineMs) break;
    }
    return swaps;
  }

  private bestSwap(): boolean {
    const { pp, p, open, pos, count, sum, loss, both } = this;
    const { candStart, byCand } = this.cov;
    const w = pp.w;
    loss.fill(0);
    for (let q = 0; q < p; q++) {
      const j = open[q]!;
      let l = 0;
      for (let t = candStart[j]!; t < candStart[j + 1]!; t++) {
        const i = byCand[t]!;
        if (count[i] === 1) l += w[i]!;
      }
      loss[q] = l;
    }
    const eps = 1e-9 * Math.max(1, this.covered);
    let bestDelta = eps;
    let bestIn = -1;
    let bestQ = -1;
    for (let j = 0; j < pp.m; j++) {
      if (pos[j] !== -1 || pp.state[j] !== FREE) continue;
      both.fill(0);
      let gain = 0;
      for (let t = candStart[j]!; t < candStart[j + 1]!; t++) {
        const i = byCand[t]!;
        const c = count[i]!;
        if (c === 0) gain += w[i]!;
        else if (c === 1) {
          const q = pos[sum[i]!]!;
          both[q] = both[q]! + w[i]!;
        }
      }
      if (gain <= eps) continue; // removing anything loses ≥ 0, so no gain means no improvement
      for (let q = 0; q < p; q++) {
        const out = open[q]!;
        if (pp.state[out] === FIXED) continue;
        if (this.ac && this.spent - this.ac[out]! + this.ac[j]! > pp.budget) continue;
        const delta = gain - loss[q]! + both[q]!;
        if (delta > bestDelta) {
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

  private swap(q: number, j: number): void {
    const out = this.open[q]!;
    if (this.ac) this.spent += this.ac[j]! - this.ac[out]!;
    this.remove(out);
    this.pos[out] = -1;
    this.open[q] = j;
    this.pos[j] = q;
    this.add(j);
  }

  shake(k: number, rnd: () => number): void {
    const { pp, p, open, pos } = this;
    for (let t = 0; t < k; t++) {
      for (let attempt = 0; attempt < 50; attempt++) {
        const q = Math.floor(rnd() * p);
        const out = open[q]!;
        if (pp.state[out] === FIXED) continue;
        const j = Math.floor(rnd() * pp.m);
        if (pos[j] !== -1 || pp.state[j] !== FREE) continue;
        if (this.ac && this.spent - this.ac[out]! + this.ac[j]! > pp.budget) continue;
        this.swap(q, j);
        break;
      }
    }
  }
}

function cheapest(pp: PreparedProblem, count: number, isChosen: Uint8Array, except: number): number {
  if (count <= 0) return 0;
  const costs: number[] = [];
  for (let j = 0; j < pp.m; j++) if (j !== except && !isChosen[j] && pp.state[j] === FREE) costs.push(pp.annualCost![j]!);
  costs.sort((a, b) => a - b);
  let s = 0;
  for (let k = 0; k < count; k++) s += costs[k]!;
  return s;
}
