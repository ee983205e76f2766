/**
 * Enhanced two-step floating catchment area (E2SFCA; Luo & Qi 2009, Health & Place 15(4):1100–1107):
 *   step 1, per site j: Rⱼ = Sⱼ / Σ_{i: dᵢⱼ ≤ d₀} Pᵢ · W(dᵢⱼ)    (supply per weighted resident in its catchment)
 *   step 2, per cell i:  Aᵢ = Σ_{j: dᵢⱼ ≤ d₀} Rⱼ · W(dᵢⱼ)
 * with catchment d₀ = 30 minutes in three zones 0–10, 10–20, 20–30 min weighted 1.00, 0.68, 0.22 — the
 * Gaussian weights Luo & Qi used for their 30-minute catchment. Sⱼ is the site's capacity
 * (appointments per week), so Aᵢ is appointments per week per resident; reported per 1,000 residents.
 *
 * Only meaningful when every counted site's capacity is known: with one unknown, the supply of its
 * catchment would be understated silently, so the result is "not available" and names the sites whose
 * capacity is missing (the planner fills them in; saavu never guesses a capacity).
 * Complexity: O(cells × sites) twice.
 */
import type { Site } from '../core/model.js';
import { NO_PATH } from './nearest.js';

export const E2SFCA_ZONES = [
  { fromMinutes: 0, toMinutes: 10, weight: 1.0 },
  { fromMinutes: 10, toMinutes: 20, weight: 0.68 },
  { fromMinutes: 20, toMinutes: 30, weight: 0.22 },
] as const;

export type E2sfcaResult =
  | { available: false; reason: 'no-sites' | 'capacity-unknown'; sitesWithoutCapacity: string[]; method: string }
  | { available: true; method: string; catchmentMinutes: number; zones: typeof E2SFCA_ZONES; perThousand: Float64Array; siteRatio: Record<string, number> };

const METHOD = 'E2SFCA (Luo & Qi 2009): 30-minute catchment, zones 0–10/10–20/20–30 min weighted 1.00/0.68/0.22; supply = capacity (appointments/week)';

/** Zone weight for a travel time in deciseconds (0 outside the catchment or unreachable). */
export function e2sfcaWeight(ds: number): number {
  if (ds === NO_PATH) return 0;
  for (const z of E2SFCA_ZONES) if (ds <= z.toMinutes * 600) return z.weight;
  return 0;
}

/** E2SFCA over the active sites; `population` per cell (the age group's residents). */
export function e2sfca(sites: readonly Site[], active: Uint8Array, deciseconds: Uint32Array, population: Float64Array): E2sfcaResult {
  const cols = sites.length;
  const rows = population.length;
  const counted = sites.map((s, j) => ({ s, j })).filter(({ j }) => active[j]);
  if (counted.length === 0) return { available: false, reason: 'no-sites', sitesWithoutCapacity: [], method: METHOD };
  const missing = counted.filter(({ s }) => s.capacity === null || !(s.capacity >= 0)).map(({ s }) => s.id);
  if (missing.length) return { available: false, reason: 'capacity-unknown', sitesWithoutCapacity: missing, method: METHOD };
  const ratio = new Float64Array(cols);
  for (const { s, j } of counted) {
    let demand = 0;
    for (let i = 0; i < rows; i++) demand += population[i]! * e2sfcaWeight(deciseconds[i * cols + j]!);
    ratio[j] = demand > 0 ? s.capacity! / demand : 0;
  }
  const perThousand = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let a = 0;
    for (const { j } of counted) a += ratio[j]! * e2sfcaWeight(deciseconds[i * cols + j]!);
    perThousand[i] = a * 1000;
  }
  return {
    available: true, method: METHOD, catchmentMinutes: 30, zones: E2SFCA_ZONES, perThousand,
    siteRatio: Object.fromEntries(counted.map(({ s, j }) => [s.id, ratio[j]!])),
  };
}
