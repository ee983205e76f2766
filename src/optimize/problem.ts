/**
 * The model-neutral location problem: demand points with weights, candidate facilities, and the travel
 * cost between them, plus the planner's constraints (points that must stay open, points that may not be
 * used, capacities, annual costs with a budget). Every model (p-median, MCLP, LSCP, p-center, their
 * capacitated forms) and every solver (HiGHS MILP, heuristics, Lagrangian bounds, brute force) reads the
 * same `LocationProblem`, prepared once by `prepareProblem` into dense typed arrays.
 *
 * Data layout: `cost` is one row-major n × m matrix (row = demand point, column = candidate), either
 * Float64Array with `Infinity` for unreachable pairs or Uint32Array in deciseconds with `NO_PATH`
 * (0xFFFFFFFF), the layout of `travelMatrix` (src/route). `prepareProblem` turns it into a Float64Array
 * `d` (n × m, Infinity = unreachable) and its transpose `dT` (m × n) so that the heuristics scan one
 * candidate's column contiguously. Candidate states are one Uint8Array (0 free, 1 forbidden, 2 fixed).
 *
 * Complexity: preparing is O(n·m) time and 2·n·m doubles of memory (n = 1,405 Keusote cells × 16 sites is
 * 0.36 MB; OR-Library pmed40, 900 × 900, is 13 MB).
 */
import { InputError, UsageError } from '../core/errors.js';

/** Unreachable pair in a Uint32Array cost matrix (the same sentinel as src/route). */
export const NO_PATH = 0xffffffff;

/** Deciseconds per minute: the unit of Uint32Array travel matrices. */
export const DECISECONDS_PER_MINUTE = 600;

export type CostUnit = 'deciseconds' | 'minutes' | 'units';

export interface LocationProblem {
  /** Demand weight per demand point (residents, age-weighted residents or visits); length n, ≥ 0. */
  weight: Float64Array;
  /** Row-major n × m travel cost; Float64Array (Infinity = unreachable) or Uint32Array deciseconds (NO_PATH). */
  cost: Float64Array | Uint32Array;
  /** Number of candidate facilities m (columns of `cost`). */
  candidateCount: number;
  /** Unit of `cost`; default 'deciseconds' for a Uint32Array and 'units' for a Float64Array. */
  costUnit?: CostUnit;
  /** External ids of the demand points (cell ids), used in results and error messages. */
  demandIds?: readonly string[];
  /** External ids of the candidates (site ids or new locations). */
  candidateIds?: readonly string[];
  /** Candidates that must be open (e.g. sites the planner keeps). */
  fixed?: ArrayLike<number>;
  /** Candidates that may not be opened. */
  forbidden?: ArrayLike<number>;
  /** Capacity per candidate in demand-weight units (Infinity = unlimited); null or absent = uncapacitated. */
  capacity?: Float64Array | null;
  /** Annual cost per candidate, euros per year; needed when `budgetEurosPerYear` is given. */
  annualCost?: Float64Array | null;
  /** Upper bound on the summed annual cost of the open candidates, euros per year. */
  budgetEurosPerYear?: number | null;
}

/** Candidate states in `PreparedProblem.state`. */
export const FREE = 0;
export const FORBIDDEN = 1;
export const FIXED = 2;

/** Dense, validated form of a LocationProblem shared by all solvers. */
export interface PreparedProblem {
  n: number;
  m: number;
  w: Float64Array;
  /** n × m costs, Infinity = unreachable. */
  d: Float64Array;
  /** m × n transpose of `d`. */
  dT: Float64Array;
  /** Candidate state: FREE, FORBIDDEN or FIXED. */
  state: Uint8Array;
  fixed: Int32Array;
  /** Capacity per candidate or null (uncapacitated). */
  capacity: Float64Array | null;
  /** Annual cost per candidate or null. */
  annualCost: Float64Array | null;
  budget: number;
  /** Sum of the weights. */
  totalWeight: number;
  /** Whether every weight and finite cost is an integer (then optimal objectives are integers and bounds may be rounded). */
  integral: boolean;
  unit: CostUnit;
  demandIds: readonly string[] | null;
  candidateIds: readonly string[] | null;
}

/**
 * A request that the data cannot satisfy (e.g. residents no candidate reaches within the cover radius).
 * It is an InputError (exit code 65), and it names the demand points and their weight.
 */
export class InfeasibleError extends InputError {
  readonly demandIndices: number[];
  readonly demandIds: string[];
  readonly weight: number;
  constructor(message: string, demandIndices: number[], demandIds: string[], weight: number, field: string) {
    const shown = demandIds.slice(0, 20).join(', ') + (demandIds.length > 20 ? `, … (${demandIds.length} in all)` : '');
    super(`${message}: ${demandIds.length} demand point(s) with weight ${round(weight)} (${shown})`, { field, expected: 'every weighted demand point reachable', seen: `${demandIds.length} unreachable` });
    this.name = 'InfeasibleError';
    this.demandIndices = demandIndices;
    this.demandIds = demandIds;
    this.weight = weight;
  }
}

function round(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}

/** Validate a problem and build the dense arrays every solver uses; O(n·m). */
export function prepareProblem(problem: LocationProblem): PreparedProblem {
  const { weight, cost, candidateCount: m } = problem;
  const n = weight.length;
  if (!Number.isInteger(m) || m <= 0) throw new UsageError(`candidateCount must be a positive integer, got ${m}`);
  if (cost.length !== n * m) throw new UsageError(`cost matrix has ${cost.length} entries, expected ${n} × ${m} = ${n * m}`);
  if (problem.demandIds && problem.demandIds.length !== n) throw new UsageError(`demandIds has ${problem.demandIds.length} ids for ${n} demand points`);
  if (problem.candidateIds && problem.candidateIds.length !== m) throw new UsageError(`candidateIds has ${problem.candidateIds.length} ids for ${m} candidates`);
  const unit: CostUnit = problem.costUnit ?? (cost instanceof Uint32Array ? 'deciseconds' : 'units');
  let integral = true;
  let totalWeight = 0;
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = weight[i]!;
    if (!(v >= 0) || !Number.isFinite(v)) throw new InputError('demand weight must be a finite number ≥ 0', { row: i + 1, field: 'weight', expected: 'finite ≥ 0', seen: v });
    w[i] = v;
    totalWeight += v;
    if (!Number.isInteger(v)) integral = false;
  }
  const d = new Float64Array(n * m);
  const dT = new Float64Array(n * m);
  const isU32 = cost instanceof Uint32Array;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const raw = cost[i * m + j]!;
      let v: number;
      if (isU32) v = raw === NO_PATH ? Infinity : raw;
      else {
        if (Number.isNaN(raw) || raw < 0) throw new InputError('travel cost must be ≥ 0 or Infinity', { row: i + 1, field: `cost[${j}]`, expected: '≥ 0', seen: raw });
        v = raw;
        if (v !== Infinity && !Number.isInteger(v)) integral = false;
      }
      d[i * m + j] = v;
      dT[j * n + i] = v;
    }
  }
  const state = new Uint8Array(m);
  const name = (j: number) => problem.candidateIds?.[j] ?? `#${j}`;
  for (const j of Array.from(problem.forbidden ?? [])) {
    checkIndex(j, m, 'forbidden');
    state[j] = FORBIDDEN;
  }
  const fixedList: number[] = [];
  for (const j of Array.from(problem.fixed ?? [])) {
    checkIndex(j, m, 'fixed');
    if (state[j] === FORBIDDEN) throw new UsageError(`candidate ${name(j)} is both kept (fixed) and forbidden`);
    if (state[j] !== FIXED) fixedList.push(j);
    state[j] = FIXED;
  }
  let capacity: Float64Array | null = null;
  if (problem.capacity) {
    if (problem.capacity.length !== m) throw new UsageError(`capacity has ${problem.capacity.length} entries for ${m} candidates`);
    capacity = Float64Array.from(problem.capacity);
    for (let j = 0; j < m; j++) if (!(capacity[j]! >= 0)) throw new InputError('capacity must be ≥ 0', { row: j + 1, field: 'capacity', expected: '≥ 0 or Infinity', seen: capacity[j] });
  }
  const budget = problem.budgetEurosPerYear ?? Infinity;
  let annualCost: Float64Array | null = null;
  if (problem.annualCost) {
    if (problem.annualCost.length !== m) throw new UsageError(`annualCost has ${problem.annualCost.length} entries for ${m} candidates`);
    annualCost = Float64Array.from(problem.annualCost);
  }
  if (budget !== Infinity) {
    if (!(budget >= 0)) throw new UsageError(`budget must be ≥ 0 euros per year, got ${budget}`);
    if (!annualCost) throw new UsageError('a budget needs an annual cost for every candidate');
    for (let j = 0; j < m; j++) {
      if (state[j] === FORBIDDEN) continue;
      if (!(annualCost[j]! >= 0) || !Number.isFinite(annualCost[j]!)) throw new InputError('annual cost unknown or invalid for a candidate that may be opened under a budget', { row: j + 1, field: 'annual_cost', expected: 'finite euros per year ≥ 0', seen: `${name(j)}: ${annualCost[j]}` });
    }
    let fixedCost = 0;
    for (const j of fixedList) fixedCost += annualCost[j]!;
    if (fixedCost > budget) throw new UsageError(`budget ${budget} €/year is below the annual cost of the kept sites (${fixedCost} €/year)`);
  }
  return {
    n, m, w, d, dT, state, fixed: Int32Array.from(fixedList), capacity, annualCost, budget, totalWeight, integral, unit,
    demandIds: problem.demandIds ?? null, candidateIds: problem.candidateIds ?? null,
  };
}

function checkIndex(j: number, m: number, what: string): void {
  if (!Number.isInteger(j) || j < 0 || j >= m) throw new UsageError(`${what} candidate index ${j} is outside 0..${m - 1}`);
}

/** External id of demand point i. */
export function demandName(pp: PreparedProblem, i: number): string {
  return pp.demandIds?.[i] ?? `#${i}`;
}

/** External id of candidate j. */
export function candidateName(pp: PreparedProblem, j: number): string {
  return pp.candidateIds?.[j] ?? `#${j}`;
}

/** Number of candidates that may be opened (not forbidden). */
export function allowedCount(pp: PreparedProblem): number {
  let k = 0;
  for (let j = 0; j < pp.m; j++) if (pp.state[j] !== FORBIDDEN) k++;
  return k;
}

/**
 * Check p against the candidates and the budget for the models that open exactly p points: p ≥ fixed,
 * p ≤ allowed candidates, and the cheapest completion of the fixed set fits the budget.
 */
export function checkP(pp: PreparedProblem, p: number): void {
  if (!Number.isInteger(p) || p < 1) throw new UsageError(`p must be a positive integer, got ${p}`);
  const allowed = allowedCount(pp);
  if (p > allowed) throw new UsageError(`p = ${p} is larger than the ${allowed} candidate(s) that may be opened`);
  if (p < pp.fixed.length) throw new UsageError(`p = ${p} is smaller than the ${pp.fixed.length} site(s) that must stay open`);
  if (pp.budget !== Infinity) {
    const min = cheapestCompletion(pp, p);
    if (min > pp.budget) throw new UsageError(`budget ${pp.budget} €/year cannot pay for ${p} points: the kept sites plus the cheapest others cost ${min} €/year`);
  }
}

/** Annual cost of the fixed sites plus the cheapest (p − fixed) free candidates. */
export function cheapestCompletion(pp: PreparedProblem, p: number): number {
  const ac = pp.annualCost!;
  let sum = 0;
  const free: number[] = [];
  for (let j = 0; j < pp.m; j++) {
    if (pp.state[j] === FIXED) sum += ac[j]!;
    else if (pp.state[j] === FREE) free.push(ac[j]!);
  }
  free.sort((a, b) => a - b);
  for (let k = 0; k < p - pp.fixed.length; k++) sum += free[k]!;
  return sum;
}

/**
 * Demand points with positive weight that no allowed candidate reaches within `radius` (Infinity = at all),
 * and their summed weight.
 */
export function unreachableDemand(pp: PreparedProblem, radius: number): { indices: number[]; weight: number } {
  const { n, m, d, w, state } = pp;
  const indices: number[] = [];
  let weight = 0;
  for (let i = 0; i < n; i++) {
    if (w[i] === 0) continue;
    let ok = false;
    for (let j = 0; j < m; j++) {
      if (state[j] === FORBIDDEN) continue;
      const v = d[i * m + j]!;
      if (v <= radius && v !== Infinity) {
        ok = true;
        break;
      }
    }
    if (!ok) {
      indices.push(i);
      weight += w[i]!;
    }
  }
  return { indices, weight };
}

/** Throw InfeasibleError if some weighted demand point has no allowed candidate within `radius`. */
export function requireReachable(pp: PreparedProblem, radius: number, field: string, what: string): void {
  const u = unreachableDemand(pp, radius);
  if (u.indices.length) throw new InfeasibleError(what, u.indices, u.indices.map((i) => demandName(pp, i)), u.weight, field);
}
