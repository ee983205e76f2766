/**
 * Accessibility indicators of a service network, from the demand × sites travel-time matrix:
 * per region, municipality, postal area and demand cell; for every age group (all, 0–14, 15–64, 65–74,
 * 75+); with free choice across municipal borders and with the choice limited to the home municipality.
 *
 *   residents within 10/20/30/45 minutes of the nearest operating service point of the chosen kinds;
 *   population-weighted mean, median and 90th-percentile minutes to it (stats.ts);
 *   mean number of service points within 30 minutes;
 *   the worst-served 10 % of residents and a Gini coefficient of travel time (equity);
 *   E2SFCA accessibility where every chosen site's capacity is known (e2sfca.ts).
 *
 * Demand cells are assigned to postal areas by their centre (point in polygon); cells outside every
 * postal area are counted in their municipality but in no postal area. Weights are the residents of the
 * age group in each cell (fractional where an age structure was applied, see docs/DEMAND.md).
 * Complexity: O(cells × sites) for the nearest sites, O(cells log cells) per group and age band.
 */
import { AGE_BANDS, type AgeBand, type DemandCell, type Region, type Site, type SiteKind } from '../core/model.js';
import { AreaIndex } from '../geo/polygon.js';
import { e2sfca, type E2sfcaResult } from './e2sfca.js';
import { activeSites, NO_PATH, nearestService, PRIMARY_CARE_KINDS, type NearestService } from './nearest.js';
import { groupStats, weightedGini, worstServed, type GroupStats, type WeightedTimes } from './stats.js';

export const AGE_GROUPS = ['all', ...AGE_BANDS] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];
export const DEFAULT_LIMITS = [10, 20, 30, 45] as const;

export interface AccessOptions {
  /** Site kinds that count as a service point (default sote-keskus and sote-yksikko). */
  kinds?: readonly SiteKind[];
  /** Limits in minutes for the "residents within" counts (default 10, 20, 30, 45). */
  limits?: readonly number[];
  /** Limit for counting reachable service points, minutes (default 30). */
  countWithinMinutes?: number;
}

export interface UnitIndicators {
  level: 'region' | 'municipality' | 'postal-area';
  code: string;
  name: string;
  /** Municipality of a postal area (its own code for a municipality, '' for the region). */
  municipality: string;
  /** Per age group: free choice and home-municipality choice. */
  byAge: Record<AgeGroup, { free: GroupStats; home: GroupStats; meanSitesWithin: number | null }>;
}

export interface CellIndicators {
  id: string;
  municipality: string;
  postalArea: string | null;
  population: number;
  ages: Record<AgeBand, number>;
  /** Minutes to the nearest operating site, free choice (null: none reachable) and its id. */
  minutes: number | null;
  site: string | null;
  homeMinutes: number | null;
  homeSite: string | null;
  sitesWithin: number;
}

export interface EquityIndicators {
  /** Worst-served 10 % of residents, for all and for 75+. */
  worst10: Record<'all' | '75+', { population: number; thresholdMinutes: number | null; meanMinutes: number | null; unreached: number; cells: string[] }>;
  gini: Record<'all' | '75+', number | null>;
}

export interface AccessResult {
  kinds: SiteKind[];
  limits: number[];
  countWithinMinutes: number;
  /** Sites counted (operating, of the chosen kinds). */
  activeSites: string[];
  region: UnitIndicators;
  municipalities: UnitIndicators[];
  postalAreas: UnitIndicators[];
  cells: CellIndicators[];
  equity: EquityIndicators;
  e2sfca: E2sfcaResult;
  /** The raw per-cell nearest-site arrays (for scenarios, rules and maps). */
  nearest: NearestService;
}

/** Postal area of each cell by its centre (-1: none). Computed once per region. */
export function cellPostalAreas(region: Region): Int32Array {
  const index = new AreaIndex(region.postalAreas);
  return Int32Array.from(region.demandCells, (c) => {
    const a = index.find(c.x, c.y);
    return a ? region.postalAreas.indexOf(a) : -1;
  });
}

function weights(cells: readonly DemandCell[], group: AgeGroup): Float64Array {
  return Float64Array.from(cells, (c) => (group === 'all' ? c.population : c.ages[group]));
}

const toMinutes = (ds: Uint32Array) => Float64Array.from(ds, (d) => (d === NO_PATH ? Infinity : d / 600));

/**
 * All indicators for `sites` (already with a scenario applied) given the cells × sites matrix
 * `deciseconds` (columns in the order of `sites`). `postal` from `cellPostalAreas` (pass it to reuse).
 */
export function computeAccess(region: Region, sites: readonly Site[], deciseconds: Uint32Array, options: AccessOptions = {}, postal: Int32Array = cellPostalAreas(region)): AccessResult {
  const kinds = [...(options.kinds ?? PRIMARY_CARE_KINDS)];
  const limits = [...(options.limits ?? DEFAULT_LIMITS)];
  const countWithin = options.countWithinMinutes ?? 30;
  const cells = region.demandCells;
  const active = activeSites(sites, kinds);
  const nearest = nearestService(deciseconds, cells.map((c) => c.municipalityCode), sites.map((s) => s.municipalityCode), active, Math.round(countWithin * 600));
  const free = toMinutes(nearest.freeDs);
  const home = toMinutes(nearest.homeDs);
  const w = Object.fromEntries(AGE_GROUPS.map((g) => [g, weights(cells, g)])) as Record<AgeGroup, Float64Array>;

  // Rank of each cell in ascending time (free and home): a group's members sorted by rank are sorted by
  // time, so every group is aggregated without a sort of its own.
  const rank = (m: Float64Array) => {
    const idx = Int32Array.from(cells, (_, i) => i).sort((a, b) => m[a]! - m[b]! || a - b);
    const r = new Int32Array(cells.length);
    idx.forEach((c, k) => (r[c] = k));
    return r;
  };
  const freeRank = rank(free), homeRank = rank(home);
  const unit = (level: UnitIndicators['level'], code: string, name: string, municipality: string, members: number[]): UnitIndicators => {
    const byFree = Int32Array.from(members).sort((a, b) => freeRank[a]! - freeRank[b]!);
    const byHome = Int32Array.from(members).sort((a, b) => homeRank[a]! - homeRank[b]!);
    const byAge = {} as UnitIndicators['byAge'];
    for (const g of AGE_GROUPS) {
      let pop = 0, count = 0;
      for (const i of members) {
        pop += w[g][i]!;
        count += w[g][i]! * nearest.countWithin[i]!;
      }
      byAge[g] = {
        free: groupStats({ minutes: free, weight: w[g] }, byFree, limits, true),
        home: groupStats({ minutes: home, weight: w[g] }, byHome, limits, true),
        meanSitesWithin: pop > 0 ? count / pop : null,
      };
    }
    return { level, code, name, municipality, byAge };
  };

  const all = cells.map((_, i) => i);
  const members = region.municipalities.filter((m) => m.inRegion);
  const municipalities = members.map((m) => unit('municipality', m.code, m.nameFi, m.code, all.filter((i) => cells[i]!.municipalityCode === m.code)));
  const byPostal = new Map<number, number[]>();
  postal.forEach((p, i) => {
    if (p >= 0) (byPostal.get(p) ?? byPostal.set(p, []).get(p)!).push(i);
  });
  const postalAreas = region.postalAreas
    .map((a, k) => ({ a, k }))
    .filter(({ k }) => byPostal.has(k))
    .map(({ a, k }) => unit('postal-area', a.code, a.code, a.municipalityCode, byPostal.get(k)!));

  const ids = (xs: number[]) => xs.map((i) => cells[i]!.id);
  const worst = (g: 'all' | '75+') => {
    const r = worstServed({ minutes: free, weight: w[g] }, all, 0.1);
    return { ...r, cells: ids(r.cells) };
  };
  const minutesOrNull = (v: number) => (Number.isFinite(v) ? Math.round(v * 100) / 100 : null);
  return {
    kinds, limits, countWithinMinutes: countWithin,
    activeSites: sites.filter((_, j) => active[j]).map((s) => s.id),
    region: unit('region', region.id, region.name, '', all),
    municipalities,
    postalAreas,
    cells: cells.map((c, i) => ({
      id: c.id, municipality: c.municipalityCode, postalArea: postal[i]! >= 0 ? region.postalAreas[postal[i]!]!.code : null,
      population: c.population, ages: c.ages,
      minutes: minutesOrNull(free[i]!), site: nearest.freeSite[i]! >= 0 ? sites[nearest.freeSite[i]!]!.id : null,
      homeMinutes: minutesOrNull(home[i]!), homeSite: nearest.homeSite[i]! >= 0 ? sites[nearest.homeSite[i]!]!.id : null,
      sitesWithin: nearest.countWithin[i]!,
    })),
    equity: {
      worst10: { all: worst('all'), '75+': worst('75+') },
      gini: { all: weightedGini({ minutes: free, weight: w.all } satisfies WeightedTimes, all), '75+': weightedGini({ minutes: free, weight: w['75+'] }, all) },
    },
    e2sfca: e2sfca(sites, active, deciseconds, w.all),
    nearest,
  };
}
