/**
 * Exact solution by mixed-integer programming with HiGHS (the `highs` npm package: HiGHS compiled to
 * WebAssembly, shipped inside the package, no download at install or run time). Builds each model's
 * formulation as sparse rows, passes it with a time limit, and reads back the incumbent, HiGHS's proven
 * dual bound, the gap and the status. y_j ∈ {0,1} opens candidate j (forbidden candidates get no column;
 * fixed ones have lower bound 1).
 *
 *   p-median      min Σ w_i d_ij x_ij   s.t. Σ_j x_ij = 1 ∀i,  x_ij ≤ y_j,  Σ y_j = p          (x ∈ [0,1])
 *   capacitated   + Σ_i w_i x_ij ≤ cap_j y_j  (demand may split between points)
 *   MCLP          max Σ w_i z_i          s.t. z_i ≤ Σ_{j: d_ij ≤ S} y_j,  Σ y_j = p            (z ∈ [0,1])
 *   capacitated   max Σ w_i x_ij over d_ij ≤ S, Σ_j x_ij ≤ 1, x_ij ≤ y_j, Σ_i w_i x_ij ≤ cap_j y_j
 *   LSCP          min Σ y_j              s.t. Σ_{j: d_ij ≤ S} y_j ≥ 1 ∀i (or z_i ≤ …, Σ w_i z_i ≥ share·W)
 *   p-center      binary search over the distinct costs r: is there a cover of radius r with ≤ p points?
 *                 (each step the LSCP feasibility problem above; the answer is the smallest such r)
 *   budget        + Σ annualCost_j y_j ≤ budget, in every model
 * Only weighted demand points and reachable pairs get variables; in the uncapacitated p-median a pair whose
 * cost exceeds the cost to some fixed (always open) candidate is dropped, since it is never used.
 *
 * Data layout: the model is assembled row-wise (CSR: row starts, column indices, values) in plain arrays and
 * handed to HiGHS's `passModel` once. Complexity: the p-median formulation has ≈ n·m columns and rows, so
 * it is meant for the small and medium cases (Keusote's 1,405 cells × tens of candidates; OR-Library up to
 * n ≈ 200); `solve` only uses it in 'auto' mode below `maxExactVariables`.
 */
import * as highsModule from 'highs';
import type { Highs, HighsCallbackMap, InitOptions, Model } from 'highs';
import { FIXED, FORBIDDEN, type PreparedProblem } from './problem.js';
import type { ModelName } from './evaluate.js';

type Loader = (options?: InitOptions) => Promise<Highs>;
// The package's types describe a CommonJS default export; under ESM the namespace's default is the loader.
const ns = highsModule as unknown as { default: Loader | { default: Loader } };
const highsLoader: Loader = typeof ns.default === 'function' ? ns.default : ns.default.default;

let loader: Promise<Highs> | null = null;

/** The HiGHS runtime, compiled once per process. */
export function loadHighs(): Promise<Highs> {
  if (!loader) loader = highsLoader();
  return loader;
}

export interface MilpOptions {
  model: ModelName;
  p?: number;
  /** Cover radius in cost units (MCLP, LSCP). */
  radius?: number;
  /** LSCP: required covered share of the weight (default 1). */
  share?: number;
  timeLimitSeconds: number;
  /** Relative gap at which HiGHS stops (default 1e-6). */
  relativeGap?: number;
  /** A feasible open set to start from (p-median and MCLP, uncapacitated). */
  start?: ArrayLike<number>;
  onProgress?: (objective: number, bound: number) => void;
}

export type MilpStatus = 'optimal' | 'time-limit' | 'infeasible' | 'error';

export interface MilpResult {
  status: MilpStatus;
  /** Open candidates of the incumbent (empty if none was found). */
  open: number[];
  objective: number;
  bound: number;
  seconds: number;
  /** Columns of the formulation (for size reporting). */
  columns: number;
  rows: number;
}

/** A sparse MILP under construction. */
class Builder {
  cost: number[] = [];
  lower: number[] = [];
  upper: number[] = [];
  integer: number[] = [];
  rowStart: number[] = [0];
  rowIndex: number[] = [];
  rowValue: number[] = [];
  rowLower: number[] = [];
  rowUpper: number[] = [];

  col(cost: number, lower: number, upper: number, integer: boolean): number {
    this.cost.push(cost);
    this.lower.push(lower);
    this.upper.push(upper);
    this.integer.push(integer ? 1 : 0);
    return this.cost.length - 1;
  }

  row(indices: number[], values: number[], lower: number, upper: number): void {
    for (let k = 0; k < indices.length; k++) {
      this.rowIndex.push(indices[k]!);
      this.rowValue.push(values[k]!);
    }
    this.rowStart.push(this.rowIndex.length);
    this.rowLower.push(lower);
    this.rowUpper.push(upper);
  }
}

/** Solve one model exactly (up to the time limit) with HiGHS. */
export async function solveMilp(pp: PreparedProblem, options: MilpOptions): Promise<MilpResult> {
  const highs = await loadHighs();
  if (options.model === 'p-center') return pCenterMilp(highs, pp, options);
  const t0 = performance.now();
  const b = new Builder();
  const maximise = options.model === 'mclp';
  const yCol = addOpenColumns(b, pp, options.model === 'lscp' ? 1 : 0);
  const start: number[] | null = options.start ? [] : null;
  const isStart = new Uint8Array(pp.m);
  if (options.start) for (const j of Array.from(options.start)) isStart[j] = 1;
  if (options.model === 'p-median') buildPMedian(b, pp, yCol, isStart, start);
  else if (options.model === 'mclp') buildMclp(b, pp, yCol, options.radius!, isStart, start);
  else buildLscp(b, pp, yCol, options.radius!, options.share ?? 1);
  if (options.model !== 'lscp') addCountRow(b, yCol, options.p!, 'equal');
  addBudgetRow(b, pp, yCol);
  if (start) for (let j = 0; j < pp.m; j++) if (yCol[j]! >= 0) start[yCol[j]!] = isStart[j]!;
  const r = runModel(highs, b, maximise, options, start);
  const open: number[] = [];
  if (r.x) for (let j = 0; j < pp.m; j++) if (yCol[j]! >= 0 && r.x[yCol[j]!]! > 0.5) open.push(j);
  return { status: r.status, open, objective: r.objective, bound: r.bound, seconds: (performance.now() - t0) / 1000, columns: b.cost.length, rows: b.rowLower.length };
}

/** One binary y column per allowed candidate; yCol[j] = column or −1 (forbidden). */
function addOpenColumns(b: Builder, pp: PreparedProblem, cost: number): Int32Array {
  const yCol = new Int32Array(pp.m).fill(-1);
  for (let j = 0; j < pp.m; j++) {
    if (pp.state[j] === FORBIDDEN) continue;
    yCol[j] = b.col(cost, pp.state[j] === FIXED ? 1 : 0, 1, true);
  }
  return yCol;
}

function addCountRow(b: Builder, yCol: Int32Array, p: number, kind: 'equal' | 'atMost'): void {
  const idx: number[] = [];
  for (const c of yCol) if (c >= 0) idx.push(c);
  b.row(idx, idx.map(() => 1), kind === 'equal' ? p : -Infinity, p);
}

function addBudgetRow(b: Builder, pp: PreparedProblem, yCol: Int32Array): void {
  if (pp.budget === Infinity) return;
  const idx: number[] = [];
  const val: number[] = [];
  for (let j = 0; j < pp.m; j++) {
    if (yCol[j]! < 0) continue;
    idx.push(yCol[j]!);
    val.push(pp.annualCost![j]!);
  }
  b.row(idx, val, -Infinity, pp.budget);
}

function buildPMedian(b: Builder, pp: PreparedProblem, yCol: Int32Array, isStart: Uint8Array, start: number[] | null): void {
  const { n, m, d, w } = pp;
  const cap = pp.capacity;
  const capRows: Array<{ idx: number[]; val: number[] }> | null = cap ? Array.from({ length: m }, () => ({ idx: [], val: [] })) : null;
  for (let i = 0; i < n; i++) {
    if (w[i]! <= 0) continue;
    // Without capacities nobody travels past the nearest always-open candidate.
    let limit = Infinity;
    if (!cap) for (const f of pp.fixed) limit = Math.min(limit, d[i * m + f]!);
    let startJ = -1;
    if (start) {
      let bd = Infinity;
      for (let j = 0; j < m; j++) if (isStart[j] && d[i * m + j]! < bd) (bd = d[i * m + j]!), (startJ = j);
    }
    const xs: number[] = [];
    for (let j = 0; j < m; j++) {
      if (yCol[j]! < 0) continue;
      const dij = d[i * m + j]!;
      if (dij === Infinity || dij > limit) continue;
      const x = b.col(w[i]! * dij, 0, 1, false);
      if (start) start[x] = j === startJ ? 1 : 0;
      xs.push(x);
      b.row([x, yCol[j]!], [1, -1], -Infinity, 0);
      if (capRows) {
        capRows[j]!.idx.push(x);
        capRows[j]!.val.push(w[i]!);
      }
    }
    b.row(xs, xs.map(() => 1), 1, 1);
  }
  if (capRows) {
    for (let j = 0; j < m; j++) {
      if (yCol[j]! < 0 || cap![j] === Infinity) continue;
      b.row([...capRows[j]!.idx, yCol[j]!], [...capRows[j]!.val, -cap![j]!], -Infinity, 0);
    }
  }
}

function buildMclp(b: Builder, pp: PreparedProblem, yCol: Int32Array, radius: number, isStart: Uint8Array, start: number[] | null): void {
  const { n, m, d, w } = pp;
  const cap = pp.capacity;
  if (!cap) {
    for (let i = 0; i < n; i++) {
      if (w[i]! <= 0) continue;
      const cover: number[] = [];
      let covered = 0;
      for (let j = 0; j < m; j++) {
        if (yCol[j]! >= 0 && d[i * m + j]! <= radius) {
          cover.push(yCol[j]!);
          if (isStart[j]) covered = 1;
        }
      }
      if (!cover.length) continue;
      const z = b.col(w[i]!, 0, 1, false);
      if (start) start[z] = covered;
      b.row([z, ...cover], [1, ...cover.map(() => -1)], -Infinity, 0);
    }
    return;
  }
  const capRows: Array<{ idx: number[]; val: number[] }> = Array.from({ length: m }, () => ({ idx: [], val: [] }));
  for (let i = 0; i < n; i++) {
    if (w[i]! <= 0) continue;
    const xs: number[] = [];
    for (let j = 0; j < m; j++) {
      if (yCol[j]! < 0 || d[i * m + j]! > radius) continue;
      const x = b.col(w[i]!, 0, 1, false);
      if (start) start[x] = 0;
      xs.push(x);
      b.row([x, yCol[j]!], [1, -1], -Infinity, 0);
      capRows[j]!.idx.push(x);
      capRows[j]!.val.push(w[i]!);
    }
    if (xs.length) b.row(xs, xs.map(() => 1), -Infinity, 1);
  }
  for (let j = 0; j < m; j++) {
    if (yCol[j]! < 0 || cap[j] === Infinity) continue;
    b.row([...capRows[j]!.idx, yCol[j]!], [...capRows[j]!.val, -cap[j]!], -Infinity, 0);
  }
}

function buildLscp(b: Builder, pp: PreparedProblem, yCol: Int32Array, radius: number, share: number): void {
  const { n, m, d, w } = pp;
  const zIdx: number[] = [];
  const zVal: number[] = [];
  for (let i = 0; i < n; i++) {
    if (w[i]! <= 0) continue;
    const cover: number[] = [];
    for (let j = 0; j < m; j++) if (yCol[j]! >= 0 && d[i * m + j]! <= radius) cover.push(yCol[j]!);
    if (share >= 1) {
      b.row(cover, cover.map(() => 1), 1, Infinity);
    } else if (cover.length) {
      const z = b.col(0, 0, 1, false);
      b.row([z, ...cover], [1, ...cover.map(() => -1)], -Infinity, 0);
      zIdx.push(z);
      zVal.push(w[i]!);
    }
  }
  if (share < 1) b.row(zIdx, zVal, share * pp.totalWeight, Infinity);
}

interface RunResult {
  status: MilpStatus;
  x: Float64Array | null;
  objective: number;
  bound: number;
}

function runModel(highs: Highs, b: Builder, maximise: boolean, options: MilpOptions, start: number[] | null): RunResult {
  const model: Model = highs.createModel();
  try {
    model.options.set({ output_flag: false, time_limit: Math.max(0.01, options.timeLimitSeconds), mip_rel_gap: options.relativeGap ?? 1e-6 });
    const nc = b.cost.length;
    model.passModel({
      numCols: nc,
      numRows: b.rowLower.length,
      sense: maximise ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize,
      colCost: Float64Array.from(b.cost),
      colLower: Float64Array.from(b.lower),
      colUpper: Float64Array.from(b.upper),
      rowLower: Float64Array.from(b.rowLower),
      rowUpper: Float64Array.from(b.rowUpper),
      matrix: { format: 'csr', numRows: b.rowLower.length, numCols: nc, starts: Int32Array.from(b.rowStart), indices: Int32Array.from(b.rowIndex), values: Float64Array.from(b.rowValue) },
      integrality: Int32Array.from(b.integer) as unknown as Int32Array,
    });
    if (start) model.setSolution({ colValue: Float64Array.from(start) });
    const report = options.onProgress;
    const callbacks: HighsCallbackMap = report
      ? {
          [highs.constants.callbackType.mipImprovingSolution]: (e) => {
            report(e.data.mip_primal_bound ?? e.data.objective_function_value ?? NaN, e.data.mip_dual_bound ?? NaN);
            return undefined;
          },
          [highs.constants.callbackType.mipLogging]: (e) => {
            report(e.data.mip_primal_bound ?? NaN, e.data.mip_dual_bound ?? NaN);
            return undefined;
          },
        }
      : {};
    const run = model.run(callbacks);
    const ms = highs.constants.modelStatus;
    const st = run.modelStatus;
    let status: MilpStatus;
    if (st === ms.optimal) status = 'optimal';
    else if (st === ms.infeasible) status = 'infeasible';
    else if (st === ms.timeLimit || st === ms.interrupted || st === ms.solutionLimit || st === ms.iterationLimit) status = 'time-limit';
    else status = 'error';
    const hasPrimal = Number(model.info.get('primal_solution_status')) === highs.constants.solutionStatus.feasible;
    const x = hasPrimal ? model.getSolution().colValue : null;
    const objective = hasPrimal ? model.getObjectiveValue() : maximise ? -Infinity : Infinity;
    let bound = Number(model.info.get('mip_dual_bound'));
    if (!Number.isFinite(bound) && status === 'optimal') bound = objective;
    return { status, x, objective, bound };
  } finally {
    model.dispose();
  }
}

/** p-center: binary search over the sorted distinct costs; each step asks HiGHS for a cover with ≤ p points. */
async function pCenterMilp(highs: Highs, pp: PreparedProblem, options: MilpOptions): Promise<MilpResult> {
  const t0 = performance.now();
  const deadline = t0 + options.timeLimitSeconds * 1000;
  const { n, m, d, w, state } = pp;
  const p = options.p!;
  // Lower limit: every weighted point needs some allowed candidate; upper: the best open set found so far.
  let lowValue = 0;
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    if (w[i]! <= 0) continue;
    let near = Infinity;
    for (let j = 0; j < m; j++) {
      if (state[j] === FORBIDDEN) continue;
      const v = d[i * m + j]!;
      if (v !== Infinity) values.push(v);
      if (v < near) near = v;
    }
    if (near > lowValue) lowValue = near;
  }
  const radii = Float64Array.from(new Set(values)).sort();
  let lo = lowerIndex(radii, lowValue); // radii[lo] ≤ optimum (not yet proved feasible)
  let hi = radii.length - 1; // radii[hi] feasible with any p ≥ 1 once budget allows
  let bestOpen: number[] = options.start ? Array.from(options.start) : [];
  if (bestOpen.length) {
    const r = coverRadius(pp, bestOpen);
    hi = Math.min(hi, lowerIndex(radii, r));
  }
  let proved = true;
  let columns = 0;
  let rows = 0;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const left = (deadline - performance.now()) / 1000;
    if (left <= 0) {
      proved = false;
      break;
    }
    const b = new Builder();
    const yCol = addOpenColumns(b, pp, 0);
    buildLscp(b, pp, yCol, radii[mid]!, 1);
    addCountRow(b, yCol, p, 'atMost');
    addBudgetRow(b, pp, yCol);
    columns = b.cost.length;
    rows = b.rowLower.length;
    // Feasibility only: zero objective, HiGHS stops at the first cover it finds.
    const r = runModel(highs, b, false, { ...options, timeLimitSeconds: left }, null);
    if (r.status === 'optimal' && r.x) {
      const open: number[] = [];
      for (let j = 0; j < m; j++) if (yCol[j]! >= 0 && r.x[yCol[j]!]! > 0.5) open.push(j);
      bestOpen = fillTo(pp, open, p);
      hi = lowerIndex(radii, coverRadius(pp, bestOpen));
    } else if (r.status === 'infeasible') {
      lo = mid + 1;
    } else {
      proved = false;
      break;
    }
  }
  if (!bestOpen.length) {
    // No cover found yet: the whole range is feasible only if some p-set reaches everyone; try the top radius.
    const b = new Builder();
    const yCol = addOpenColumns(b, pp, 0);
    buildLscp(b, pp, yCol, radii[radii.length - 1] ?? 0, 1);
    addCountRow(b, yCol, p, 'atMost');
    addBudgetRow(b, pp, yCol);
    const r = runModel(highs, b, false, { ...options, timeLimitSeconds: Math.max(0.01, (deadline - performance.now()) / 1000) }, null);
    if (r.x) for (let j = 0; j < m; j++) if (yCol[j]! >= 0 && r.x[yCol[j]!]! > 0.5) bestOpen.push(j);
    if (!bestOpen.length) return { status: r.status === 'infeasible' ? 'infeasible' : 'time-limit', open: [], objective: Infinity, bound: radii[lo] ?? 0, seconds: (performance.now() - t0) / 1000, columns, rows };
    bestOpen = fillTo(pp, bestOpen, p);
  }
  const objective = coverRadius(pp, bestOpen);
  const bound = proved ? objective : radii[lo]!;
  return { status: proved ? 'optimal' : 'time-limit', open: bestOpen, objective, bound, seconds: (performance.now() - t0) / 1000, columns, rows };
}

/** Index of the largest radius ≤ v. */
function lowerIndex(radii: Float64Array, v: number): number {
  let lo = 0;
  let hi = radii.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (radii[mid]! <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Largest cost from a weighted demand point to its nearest open candidate. */
function coverRadius(pp: PreparedProblem, open: number[]): number {
  const { n, m, d, w } = pp;
  let r = 0;
  for (let i = 0; i < n; i++) {
    if (w[i]! <= 0) continue;
    let near = Infinity;
    for (const j of open) near = Math.min(near, d[i * m + j]!);
    if (near > r) r = near;
  }
  return r;
}

/** A cover may use fewer than p points; open the cheapest further allowed ones (budget permitting) up to p. */
function fillTo(pp: PreparedProblem, open: number[], p: number): number[] {
  const out = [...open];
  const isOpen = new Uint8Array(pp.m);
  for (const j of out) isOpen[j] = 1;
  let spent = 0;
  if (pp.budget !== Infinity) for (const j of out) spent += pp.annualCost![j]!;
  const order = Array.from({ length: pp.m }, (_, j) => j).filter((j) => !isOpen[j] && pp.state[j] !== FORBIDDEN);
  if (pp.budget !== Infinity) order.sort((a, b) => pp.annualCost![a]! - pp.annualCost![b]!);
  for (const j of order) {
    if (out.length >= p) break;
    const c = pp.budget !== Infinity ? pp.annualCost![j]! : 0;
    if (spent + c > pp.budget) continue;
    out.push(j);
    spent += c;
  }
  return out;
}
