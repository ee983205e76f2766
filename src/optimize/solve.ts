/**
 * Location-allocation, the stage's one entry: `solve(problem, options)` chooses and runs the solvers for a
 * model and returns the chosen points, the allocation, the objective, a proven bound and the gap.
 *
 *   solver 'heuristic'  p-median / MCLP: greedy + fast interchange + VNS, bounded by Lagrangian relaxation
 *   solver 'exact'      HiGHS MILP (src/optimize/milp.ts), to optimality or the time limit
 *   solver 'auto'       (default) p-median / MCLP: the heuristic and its bound; if that does not prove
 *                       optimality and the MILP is small enough (`maxExactVariables`), HiGHS continues from
 *                       the heuristic's answer with the remaining time. LSCP, p-center and the capacitated
 *                       models always use HiGHS (their heuristics here would carry no useful bound).
 *
 * The time limit is honoured by every phase: the answer is the best found so far, and `status` says whether
 * it is proved optimal. Objectives are in the matrix's cost unit (× weight for p-median); `unit` says which.
 * Complexity: see the solver modules; the heuristic phase is bounded by the time limit.
 */
import { UsageError } from '../core/errors.js';
import { evaluate, type Evaluation, type ModelName } from './evaluate.js';
import { coverage, mclpBound, pmedianBound } from './lagrangian.js';
import { mclpHeuristic } from './mclp-heuristic.js';
import { solveMilp } from './milp.js';
import { pmedianHeuristic } from './pmedian-heuristic.js';
import {
  candidateName, checkP, DECISECONDS_PER_MINUTE, demandName, InfeasibleError, prepareProblem, requireReachable,
  unreachableDemand, type CostUnit, type LocationProblem, type PreparedProblem,
} from './problem.js';

export type SolverChoice = 'auto' | 'heuristic' | 'exact';

export interface SolveOptions {
  model: ModelName;
  /** Points to open (p-median, MCLP, p-center), counting the fixed ones. */
  p?: number;
  /** Cover radius in the matrix's cost unit (MCLP, LSCP). */
  coverRadius?: number;
  /** Cover radius in minutes (needs a 'deciseconds' or 'minutes' matrix). */
  coverMinutes?: number;
  /** LSCP: share of the total weight that must be within the radius, (0, 1]; default 1 (everyone). */
  coverShare?: number;
  /** Default 'auto'. */
  solver?: SolverChoice;
  /** Wall-clock limit for the whole solve, seconds; default 30. */
  timeLimitSeconds?: number;
  /** Seed of the heuristic's random shakes; default 1. */
  seed?: number;
  /** In 'auto', use HiGHS only if the formulation has at most this many columns; default 300,000. */
  maxExactVariables?: number;
  /** HiGHS's relative gap tolerance; default 1e-6. */
  relativeGap?: number;
  /** Called as the solve progresses (new incumbent, new bound, phase change). */
  onProgress?: (progress: OptimizeProgress) => void;
}

export interface OptimizeProgress {
  phase: 'heuristic' | 'bound' | 'exact' | 'done';
  elapsedSeconds: number;
  objective: number;
  bound: number;
  gap: number;
}

export type SolveStatus = 'optimal' | 'feasible';

export interface LocationSolution {
  model: ModelName;
  /** 'optimal' when the bound proves it within the relative gap tolerance, else 'feasible' (time limit or heuristic only). */
  status: SolveStatus;
  /** Which solvers produced the answer, e.g. 'heuristic+lagrangian', 'highs', 'heuristic+lagrangian+highs'. */
  solver: string;
  /** Open candidates (indices), ascending. */
  selected: number[];
  selectedIds: string[];
  /** The model's objective: Σ w·cost (p-median), covered weight (MCLP), points (LSCP), worst cost (p-center). */
  objective: number;
  /** Proven bound on the optimum (lower for minimising models, upper for MCLP). */
  bound: number;
  /** |objective − bound| / |objective|: 0 when the bound meets the objective, ≤ relativeGap when 'optimal'. */
  gap: number;
  seconds: number;
  /** Main facility per demand point (candidate index), −1 if none. */
  assignment: Int32Array;
  totalWeight: number;
  coveredWeight: number;
  unservedWeight: number;
  /** Σ w·cost over the served weight. */
  weightedCost: number;
  /** Weighted mean cost of the served weight. */
  meanCost: number;
  /** Worst cost of a weighted demand point. */
  maxCost: number;
  unit: CostUnit;
  p: number;
  /** Cover radius in cost units (Infinity when the model has none). */
  radius: number;
}

/** Solve a location model on a problem; see the module comment. Throws UsageError / InfeasibleError on bad requests. */
export async function solve(problem: LocationProblem, options: SolveOptions): Promise<LocationSolution> {
  const t0 = performance.now();
  const limit = options.timeLimitSeconds ?? 30;
  if (!(limit > 0)) throw new UsageError(`time limit must be > 0 seconds, got ${limit}`);
  const deadline = t0 + limit * 1000;
  const pp = prepareProblem(problem);
  const model = options.model;
  const solver = options.solver ?? 'auto';
  const radius = resolveRadius(pp, options);
  const share = options.coverShare ?? 1;
  if (!(share > 0 && share <= 1)) throw new UsageError(`cover share must be in (0, 1], got ${share}`);
  const capacitated = pp.capacity !== null && (model === 'p-median' || model === 'mclp');
  const relGap = options.relativeGap ?? 1e-6;
  const progress = (phase: OptimizeProgress['phase'], objective: number, bound: number) =>
    options.onProgress?.({ phase, elapsedSeconds: (performance.now() - t0) / 1000, objective, bound, gap: gapOf(objective, bound) });

  let p = options.p ?? 0;
  if (model === 'lscp') {
    if (radius === Infinity) throw new UsageError('LSCP needs a cover radius (coverMinutes or coverRadius)');
    p = 0;
  } else {
    if (options.p === undefined) throw new UsageError(`${model} needs p, the number of points to open`);
    checkP(pp, p);
  }
  if (model === 'mclp' && radius === Infinity) throw new UsageError('MCLP needs a cover radius (coverMinutes or coverRadius)');
  if (solver === 'heuristic' && (capacitated || model === 'lscp' || model === 'p-center')) {
    throw new UsageError(`the ${capacitated ? `capacitated ${model}` : model} is solved exactly here: use solver 'exact' or 'auto'`);
  }
  if (model === 'p-median' || model === 'p-center') requireReachable(pp, Infinity, 'cost', 'no allowed candidate reaches some residents at all');
  if (model === 'lscp') checkCoverable(pp, radius, share);

  let open: ArrayLike<number> = [];
  let bound = model === 'mclp' ? pp.totalWeight : 0;
  let proved = false;
  const used: string[] = [];

  if ((model === 'p-median' || model === 'mclp') && !capacitated && solver !== 'exact') {
    const h = heuristicPhase(pp, model, p, radius, deadline, solver === 'heuristic' ? deadline : t0 + limit * 500, options, progress);
    open = h.open;
    bound = h.bound;
    // Proved when the Lagrangian bound meets the objective within the same tolerance HiGHS uses.
    proved = h.proved || gapOf(evaluate(pp, model, open, radius).objective, bound) <= relGap;
    used.push('heuristic+lagrangian');
  }
  if (!proved && solver !== 'heuristic') {
    const size = estimateColumns(pp, model, radius, capacitated);
    const left = (deadline - performance.now()) / 1000;
    if (solver === 'exact' || (size <= (options.maxExactVariables ?? 300_000) && left > 0.05) || used.length === 0) {
      progress('exact', open.length ? evaluate(pp, model, open, radius).objective : NaN, bound);
      const r = await solveMilp(pp, {
        model, p, radius, share, timeLimitSeconds: Math.max(0.05, left), relativeGap: options.relativeGap,
        start: open.length && !capacitated ? open : undefined,
        onProgress: (obj, bnd) => progress('exact', obj, bnd),
      });
      used.push('highs');
      if (r.status === 'infeasible') throw infeasible(pp, model, p, radius);
      if (r.open.length) {
        const better = !open.length || compare(model, evaluate(pp, model, r.open, radius).objective, evaluate(pp, model, open, radius).objective) <= 0;
        if (better) open = r.open;
      }
      if (Number.isFinite(r.bound)) bound = model === 'mclp' ? Math.min(bound, r.bound) : Math.max(bound, r.bound);
      proved = r.status === 'optimal';
    }
  }
  if (!open.length) throw new UsageError(`no feasible ${model} solution was found within ${limit} s`);
  const ev = evaluate(pp, model, open, radius);
  if (model === 'lscp' && ev.coveredWeight < share * pp.totalWeight * (1 - 1e-12)) throw infeasible(pp, model, p, radius);
  let objective = ev.objective;
  if (!Number.isFinite(bound) && proved) bound = objective;
  else if (pp.integral && model !== 'p-center') bound = model === 'mclp' ? Math.floor(bound + 1e-9) : Math.ceil(bound - 1e-9);
  if (compare(model, bound, objective) > 0) bound = objective; // a bound never passes the incumbent
  const gap = gapOf(objective, bound);
  if (gap <= relGap) proved = true;
  if (model === 'lscp') objective = open.length;
  progress('done', objective, bound);
  return result(pp, model, open, ev, objective, bound, gap, proved, used.join('+'), (performance.now() - t0) / 1000, p, radius);
}

function resolveRadius(pp: PreparedProblem, options: SolveOptions): number {
  if (options.coverRadius !== undefined) {
    if (!(options.coverRadius >= 0)) throw new UsageError(`cover radius must be ≥ 0, got ${options.coverRadius}`);
    return options.coverRadius;
  }
  if (options.coverMinutes !== undefined) {
    if (!(options.coverMinutes >= 0)) throw new UsageError(`cover minutes must be ≥ 0, got ${options.coverMinutes}`);
    if (pp.unit === 'deciseconds') return options.coverMinutes * DECISECONDS_PER_MINUTE;
    if (pp.unit === 'minutes') return options.coverMinutes;
    throw new UsageError('coverMinutes needs a travel-time matrix (deciseconds or minutes); give coverRadius in the matrix unit');
  }
  return Infinity;
}

/** LSCP: everyone (or the share) must be reachable within the radius; name who is not. */
function checkCoverable(pp: PreparedProblem, radius: number, share: number): void {
  const u = unreachableDemand(pp, radius);
  if (!u.indices.length) return;
  if (share >= 1 || pp.totalWeight - u.weight < share * pp.totalWeight * (1 - 1e-12)) {
    throw new InfeasibleError(`no allowed candidate is within the cover radius of some residents${share < 1 ? ` (the reachable weight is below the required share ${share})` : ''}`, u.indices, u.indices.map((i) => demandName(pp, i)), u.weight, 'coverRadius');
  }
}

function infeasible(pp: PreparedProblem, model: ModelName, p: number, radius: number): Error {
  if (model === 'lscp') return new UsageError(`no set of candidates within the budget covers the demand within radius ${radius}`);
  return new UsageError(`no feasible set of ${p} points exists for ${model} (check capacities and budget)`);
}

interface HeuristicPhase {
  open: Int32Array;
  bound: number;
  proved: boolean;
}

/** Heuristic + Lagrangian bound for the uncapacitated p-median and MCLP. */
function heuristicPhase(
  pp: PreparedProblem, model: 'p-median' | 'mclp', p: number, radius: number, deadline: number, heuristicDeadline: number,
  options: SolveOptions, progress: (phase: OptimizeProgress['phase'], objective: number, bound: number) => void,
): HeuristicPhase {
  const eps = (x: number) => 1e-9 * Math.max(1, Math.abs(x));
  if (model === 'p-median') {
    // A quick local optimum gives the bound's step size; the bound then gives the search its stopping target.
    const first = pmedianHeuristic(pp, { p, deadlineMs: heuristicDeadline, maxStepsWithoutImprovement: 0, seed: options.seed });
    progress('heuristic', first.objective, NaN);
    const lr = pmedianBound(pp, { p, incumbent: first.objective, deadlineMs: Math.min(deadline, performance.now() + 0.25 * (heuristicDeadline - performance.now())) });
    progress('bound', first.objective, lr.bound);
    let open = first.open;
    let obj = first.objective;
    if (lr.primalSet && lr.primalObjective < obj) {
      open = lr.primalSet;
      obj = lr.primalObjective;
    }
    if (obj > lr.bound + eps(obj)) {
      const v = pmedianHeuristic(pp, { p, deadlineMs: heuristicDeadline, target: lr.bound, seed: options.seed, start: open, onImprove: (o) => progress('heuristic', o, lr.bound) });
      if (v.objective < obj) {
        open = v.open;
        obj = v.objective;
      }
    }
    return { open, bound: lr.bound, proved: obj <= lr.bound + eps(obj) };
  }
  const cov = coverage(pp, radius);
  const first = mclpHeuristic(pp, cov, { p, deadlineMs: heuristicDeadline, maxStepsWithoutImprovement: 0, seed: options.seed });
  progress('heuristic', first.objective, NaN);
  const lr = mclpBound(pp, cov, { p, incumbent: first.objective, deadlineMs: Math.min(deadline, performance.now() + 0.25 * (heuristicDeadline - performance.now())) });
  progress('bound', first.objective, lr.bound);
  let open = first.open;
  let obj = first.objective;
  if (lr.primalSet && lr.primalObjective > obj) {
    open = lr.primalSet;
    obj = lr.primalObjective;
  }
  if (obj < lr.bound - eps(obj)) {
    const v = mclpHeuristic(pp, cov, { p, deadlineMs: heuristicDeadline, target: lr.bound, seed: options.seed, onImprove: (o) => progress('heuristic', o, lr.bound) });
    if (v.objective > obj) {
      open = v.open;
      obj = v.objective;
    }
  }
  return { open, bound: lr.bound, proved: obj >= lr.bound - eps(obj) };
}

/** Columns of the MILP formulation (to decide whether 'auto' tries HiGHS). */
function estimateColumns(pp: PreparedProblem, model: ModelName, radius: number, capacitated: boolean): number {
  const { n, m, d, w } = pp;
  let k = m;
  for (let i = 0; i < n; i++) {
    if (w[i]! <= 0) continue;
    if (model === 'p-median' || (model === 'mclp' && capacitated)) {
      for (let j = 0; j < m; j++) if (d[i * m + j]! <= radius) k++;
    } else k++;
  }
  return k;
}

/** Negative when a is better than b for the model. */
function compare(model: ModelName, a: number, b: number): number {
  return model === 'mclp' ? b - a : a - b;
}

/** Relative gap |objective − bound| / |objective| (0 when both are 0). */
export function gapOf(objective: number, bound: number): number {
  if (!Number.isFinite(objective) || !Number.isFinite(bound)) return Infinity;
  const diff = Math.abs(objective - bound);
  if (diff === 0) return 0;
  return diff / Math.max(Math.abs(objective), 1e-12);
}

function result(
  pp: PreparedProblem, model: ModelName, open: ArrayLike<number>, ev: Evaluation, objective: number, bound: number, gap: number,
  proved: boolean, solver: string, seconds: number, p: number, radius: number,
): LocationSolution {
  const selected = Array.from(open).sort((a, b) => a - b);
  const served = pp.totalWeight - ev.unservedWeight;
  return {
    model, status: proved ? 'optimal' : 'feasible', solver, selected, selectedIds: selected.map((j) => candidateName(pp, j)),
    objective, bound, gap, seconds, assignment: ev.assignment, totalWeight: pp.totalWeight,
    coveredWeight: ev.coveredWeight, unservedWeight: ev.unservedWeight, weightedCost: ev.weightedCost,
    meanCost: served > 0 ? ev.weightedCost / served : 0, maxCost: ev.maxCost, unit: pp.unit, p: model === 'lscp' ? selected.length : p, radius,
  };
}
