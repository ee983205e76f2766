/**
 * Population-weighted statistics of travel times over a set of demand cells.
 *
 * Conventions (documented in docs/ACCESS.md):
 *  - times are minutes; a cell that reaches no service point has time Infinity: its residents count in
 *    the population and in "unreached", never within any limit; percentiles that fall on them are
 *    Infinity (reported as "not reached"); the mean is over reached residents only and says so.
 *  - weighted quantile q: the smallest time t such that the residents with time ≤ t are at least q of
 *    all residents (the lower weighted quantile; no interpolation, so a value is always a real cell's).
 *  - Gini coefficient of travel time over reached residents: Σᵢ Σⱼ wᵢ wⱼ |xᵢ − xⱼ| / (2 W² x̄), computed in
 *    O(n log n) from the sorted times as Σᵢ wᵢ xᵢ (2 Sᵢ₋₁ + wᵢ − W) / (W Σ wᵢ xᵢ), S = cumulative weight.
 * Complexity: O(n log n) per call (one sort of the cells in the group).
 */

export interface WeightedTimes {
  /** Minutes per cell (Infinity: unreached). */
  minutes: Float64Array;
  /** Residents per cell in the age group. */
  weight: Float64Array;
}

export interface GroupStats {
  population: number;
  /** Residents who reach no service point. */
  unreached: number;
  /** Residents within each limit, keyed by minutes. */
  within: Record<string, number>;
  /** Share of all residents within each limit (0..1; null when the group has no residents). */
  withinShare: Record<string, number | null>;
  /** Mean minutes over reached residents (null if none reached). */
  meanMinutes: number | null;
  medianMinutes: number | null;
  p90Minutes: number | null;
}

/** Sorted order of the cells by time (ties by index). */
function order(minutes: Float64Array, cells: ArrayLike<number>): Int32Array {
  const idx = Int32Array.from(cells as ArrayLike<number>);
  idx.sort((a, b) => minutes[a]! - minutes[b]! || a - b);
  return idx;
}

/** Lower weighted quantile over the given (sorted) cells; Infinity if it falls on unreached residents. */
function quantile(sorted: Int32Array, t: WeightedTimes, total: number, q: number): number {
  const target = q * total;
  let cum = 0;
  for (const i of sorted) {
    cum += t.weight[i]!;
    if (cum >= target - 1e-9 * total && t.weight[i]! > 0) return t.minutes[i]!;
  }
  return Infinity;
}

const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);

/**
 * Statistics of the cells `cells` (indices into t). With `sorted` the cells are already in ascending
 * order of time (callers that aggregate many groups sort once, see indicators.ts).
 */
export function groupStats(t: WeightedTimes, cells: ArrayLike<number>, limits: readonly number[], sorted = false): GroupStats {
  let population = 0, unreached = 0, sum = 0;
  const within: Record<string, number> = Object.fromEntries(limits.map((l) => [String(l), 0]));
  for (let k = 0; k < cells.length; k++) {
    const i = cells[k]!;
    const w = t.weight[i]!;
    const m = t.minutes[i]!;
    population += w;
    if (!Number.isFinite(m)) {
      unreached += w;
      continue;
    }
    sum += w * m;
    for (const l of limits) if (m <= l) within[String(l)]! += w;
  }
  const inOrder = sorted ? Int32Array.from(cells as ArrayLike<number>) : order(t.minutes, cells);
  const reached = population - unreached;
  return {
    population, unreached, within,
    withinShare: Object.fromEntries(limits.map((l) => [String(l), population > 0 ? within[String(l)]! / population : null])),
    meanMinutes: reached > 0 ? sum / reached : null,
    medianMinutes: population > 0 ? finiteOrNull(quantile(inOrder, t, population, 0.5)) : null,
    p90Minutes: population > 0 ? finiteOrNull(quantile(inOrder, t, population, 0.9)) : null,
  };
}

/** Weighted Gini coefficient of the reached cells' times (0 = all equal); null if fewer than 2 cells or all zero. */
export function weightedGini(t: WeightedTimes, cells: ArrayLike<number>): number | null {
  const reached = Array.from(cells as ArrayLike<number>).filter((i) => Number.isFinite(t.minutes[i]!) && t.weight[i]! > 0);
  if (reached.length < 2) return null;
  const sorted = order(t.minutes, reached);
  let W = 0, WX = 0;
  for (const i of sorted) {
    W += t.weight[i]!;
    WX += t.weight[i]! * t.minutes[i]!;
  }
  if (WX === 0) return null;
  let s = 0, acc = 0;
  for (const i of sorted) {
    const w = t.weight[i]!;
    acc += w * t.minutes[i]! * (2 * s + w - W);
    s += w;
  }
  return acc / (W * WX);
}

/**
 * The worst-served `share` of residents: the cells with the longest times whose residents make up at
 * least `share` of the group (whole cells, so slightly more), with their mean minutes.
 */
export function worstServed(t: WeightedTimes, cells: ArrayLike<number>, share = 0.1): { population: number; thresholdMinutes: number | null; meanMinutes: number | null; unreached: number; cells: number[] } {
  const sorted = order(t.minutes, cells).reverse();
  let total = 0;
  for (const i of sorted) total += t.weight[i]!;
  const picked: number[] = [];
  let pop = 0, sum = 0, unreached = 0;
  for (const i of sorted) {
    if (pop >= share * total) break;
    const w = t.weight[i]!;
    if (w <= 0) continue;
    picked.push(i);
    pop += w;
    if (Number.isFinite(t.minutes[i]!)) sum += w * t.minutes[i]!;
    else unreached += w;
  }
  const last = picked.length ? t.minutes[picked[picked.length - 1]!]! : NaN;
  return { population: pop, thresholdMinutes: Number.isFinite(last) ? last : null, meanMinutes: pop - unreached > 0 ? sum / (pop - unreached) : null, unreached, cells: picked };
}
