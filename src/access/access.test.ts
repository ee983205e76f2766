/**
 * Indicators and rules on the REAL Keusote project data (demand cells, sites and the EMME car matrix),
 * checked against brute force written here independently: nearest site by scanning the matrix row,
 * shares by summing residents, quantiles by their defining property, the Gini coefficient by its O(n²)
 * definition, E2SFCA by its two-step formula. Rule verdicts are tested on cases whose answer is known by
 * construction (closing every service point in Pornainen). E2SFCA capacities are SYNTHETIC (labelled):
 * no open source gives Keusote's capacities.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Region, Site } from '../core/model.js';
import { importRegion } from '../data/import-region.js';
import { buildEmmeGraph } from '../network/emme.js';
import { travelMatrix } from '../route/travel-matrix.js';
import { dataDir } from '../../test/paths.js';
import { AGE_GROUPS, computeAccess, type AgeGroup } from './indicators.js';
import { e2sfcaWeight } from './e2sfca.js';
import { evaluateRules, DEFAULT_RULES } from './rules.js';
import { NO_PATH } from './nearest.js';
import { weightedGini } from './stats.js';

let region: Region;
let ds: Uint32Array;
const PRIMARY = ['sote-keskus', 'sote-yksikko'];
const operating = (s: Site) => PRIMARY.includes(s.kind) && (s.status === 'open' || s.status === 'closing');

beforeAll(async () => {
  region = importRegion(dataDir('keusote'));
  const graph = buildEmmeGraph(dataDir('uusimaa_roads')).graph;
  const pl = (xs: ReadonlyArray<{ id: string; x: number; y: number }>) => ({ ids: xs.map((p) => p.id), x: Float64Array.from(xs, (p) => p.x), y: Float64Array.from(xs, (p) => p.y) });
  ds = (await travelMatrix(graph, pl(region.demandCells), pl(region.sites), { threads: 1 })).deciseconds;
});

/** Brute force: minutes to the nearest counted site per cell (Infinity if none), optionally in the home municipality. */
function bruteNearest(sites: readonly Site[], home: boolean): number[] {
  const cols = sites.length;
  return region.demandCells.map((c, i) => {
    let best = Infinity;
    for (let j = 0; j < cols; j++) {
      const s = sites[j]!;
      if (!operating(s) || (home && s.municipalityCode !== c.municipalityCode)) continue;
      const d = ds[i * cols + j]!;
      if (d !== NO_PATH) best = Math.min(best, d / 600);
    }
    return best;
  });
}
const weightOf = (g: AgeGroup) => region.demandCells.map((c) => (g === 'all' ? c.population : c.ages[g]));

describe('REAL Keusote indicators = brute force', () => {
  it('population sums, within-limit shares, means and quantiles per municipality, age group and choice', () => {
    const acc = computeAccess(region, region.sites, ds);
    const total = region.demandCells.reduce((s, c) => s + c.population, 0);
    expect(acc.region.byAge.all.free.population).toBeCloseTo(total, 6);
    expect(acc.municipalities.reduce((s, m) => s + m.byAge.all.free.population, 0)).toBeCloseTo(total, 6);
    for (const g of AGE_GROUPS) {
      const w = weightOf(g);
      for (const home of [false, true]) {
        const t = bruteNearest(region.sites, home);
        for (const m of acc.municipalities) {
          const st = home ? m.byAge[g].home : m.byAge[g].free;
          const members = region.demandCells.map((c, i) => i).filter((i) => region.demandCells[i]!.municipalityCode === m.code);
          const pop = members.reduce((s, i) => s + w[i]!, 0);
          expect(st.population).toBeCloseTo(pop, 6);
          for (const lim of acc.limits) expect(st.within[String(lim)]).toBeCloseTo(members.filter((i) => t[i]! <= lim).reduce((s, i) => s + w[i]!, 0), 6);
          const reached = members.filter((i) => Number.isFinite(t[i]!));
          const reachedPop = reached.reduce((s, i) => s + w[i]!, 0);
          if (reachedPop > 0) expect(st.meanMinutes!).toBeCloseTo(reached.reduce((s, i) => s + w[i]! * t[i]!, 0) / reachedPop, 6);
          // Quantile Q of q: residents with t ≤ Q are ≥ q of all, residents with t < Q are < q of all.
          for (const [q, v] of [[0.5, st.medianMinutes], [0.9, st.p90Minutes]] as const) {
            if (v === null) continue;
            const le = members.filter((i) => t[i]! <= v + 1e-9).reduce((s, i) => s + w[i]!, 0);
            const lt = members.filter((i) => t[i]! < v - 1e-9).reduce((s, i) => s + w[i]!, 0);
            expect(le).toBeGreaterThanOrEqual(q * pop - 1e-6);
            expect(lt).toBeLessThan(q * pop + 1e-6);
          }
        }
      }
    }
    // Per cell: the nearest site is the brute-force nearest.
    const t = bruteNearest(region.sites, false);
    acc.cells.forEach((c, i) => expect(c.minutes === null ? Infinity : c.minutes).toBeCloseTo(Number.isFinite(t[i]!) ? t[i]! : Infinity, 1));
    // Home-municipality choice can never be better than free choice.
    for (const m of acc.municipalities) expect(m.byAge.all.home.within['30']!).toBeLessThanOrEqual(m.byAge.all.free.within['30']! + 1e-9);
  });

  it('postal areas partition the cells they contain; counts of sites within 30 min match a scan', () => {
    const acc = computeAccess(region, region.sites, ds);
    const inPostal = acc.cells.filter((c) => c.postalArea !== null).reduce((s, c) => s + c.population, 0);
    expect(acc.postalAreas.reduce((s, p) => s + p.byAge.all.free.population, 0)).toBeCloseTo(inPostal, 6);
    expect(inPostal).toBeGreaterThan(0.9 * acc.region.byAge.all.free.population);
    const cols = region.sites.length;
    acc.cells.forEach((c, i) => {
      let n = 0;
      region.sites.forEach((s, j) => { if (operating(s) && ds[i * cols + j]! <= 18_000) n++; });
      expect(c.sitesWithin).toBe(n);
    });
  });

  it('Gini coefficient = its O(n²) definition; worst 10 % are the longest trips', () => {
    const acc = computeAccess(region, region.sites, ds);
    const t = bruteNearest(region.sites, false);
    for (const g of ['all', '75+'] as const) {
      const w = weightOf(g);
      const idx = t.map((_, i) => i).filter((i) => Number.isFinite(t[i]!) && w[i]! > 0);
      let num = 0, W = 0, WX = 0;
      for (const i of idx) {
        W += w[i]!;
        WX += w[i]! * t[i]!;
        for (const j of idx) num += w[i]! * w[j]! * Math.abs(t[i]! - t[j]!);
      }
      expect(acc.equity.gini[g]!).toBeCloseTo(num / (2 * W * WX), 9);
      expect(weightedGini({ minutes: Float64Array.from(t), weight: Float64Array.from(w) }, idx)).toBeCloseTo(num / (2 * W * WX), 9);
    }
    const worst = acc.equity.worst10.all;
    const ids = new Set(worst.cells);
    const cut = worst.thresholdMinutes!;
    acc.cells.forEach((c) => {
      if (c.minutes !== null && c.minutes > cut + 1e-9 && c.population > 0) expect(ids.has(c.id)).toBe(true);
    });
    expect(worst.population).toBeGreaterThanOrEqual(0.1 * acc.region.byAge.all.free.population - 1e-6);
  });

  it('E2SFCA is refused with unknown capacities and equals the two-step formula with SYNTHETIC ones', () => {
    const acc = computeAccess(region, region.sites, ds);
    expect(acc.e2sfca.available).toBe(false);
    if (!acc.e2sfca.available) expect(acc.e2sfca.sitesWithoutCapacity.length).toBe(region.sites.filter(operating).length);
    // SYNTHETIC capacities (appointments/week), for the formula check only.
    const sites = region.sites.map((s, j) => ({ ...s, capacity: 100 + 37 * j }));
    const r = computeAccess(region, sites, ds);
    expect(r.e2sfca.available).toBe(true);
    if (!r.e2sfca.available) return;
    const cols = sites.length;
    const Wz = (d: number) => (d === NO_PATH ? 0 : d <= 6000 ? 1 : d <= 12000 ? 0.68 : d <= 18000 ? 0.22 : 0);
    const R = sites.map((s, j) => {
      if (!operating(s)) return 0;
      let dem = 0;
      region.demandCells.forEach((c, i) => (dem += c.population * Wz(ds[i * cols + j]!)));
      return dem > 0 ? s.capacity / dem : 0;
    });
    region.demandCells.forEach((_, i) => {
      let a = 0;
      sites.forEach((s, j) => { if (operating(s)) a += R[j]! * Wz(ds[i * cols + j]!); });
      expect(r.e2sfca.available && r.e2sfca.perThousand[i]).toBeCloseTo(a * 1000, 9);
    });
    expect(e2sfcaWeight(6000)).toBe(1);
    expect(e2sfcaWeight(6001)).toBe(0.68);
    expect(e2sfcaWeight(18_001)).toBe(0);
  });
});

describe('REAL Keusote rules, answers known by construction', () => {
  it('every municipality passes today; verdict shares = brute force', () => {
    const verdicts = evaluateRules(region, region.sites, { car: ds }, DEFAULT_RULES);
    expect(verdicts).toHaveLength(12);
    const t = bruteNearest(region.sites, false);
    for (const v of verdicts) {
      const w = weightOf(v.ageGroup as AgeGroup);
      const members = region.demandCells.map((_, i) => i).filter((i) => region.demandCells[i]!.municipalityCode === v.municipality);
      const pop = members.reduce((s, i) => s + w[i]!, 0);
      const ok = members.filter((i) => t[i]! <= 30).reduce((s, i) => s + w[i]!, 0);
      expect(v.share).toBeCloseTo(ok / pop, 9);
      expect(v.pass).toBe(ok / pop >= v.threshold);
      expect(v.failingPopulation).toBeCloseTo(pop - ok, 6);
    }
  });

  it('closing every service point in Pornainen fails Pornainen unless one outside is within 30 min, and names it', () => {
    const closed = region.sites.map((s) => (s.municipalityCode === '611' ? { ...s, status: 'closed' as const } : s));
    expect(closed.some((s, j) => s.status !== region.sites[j]!.status)).toBe(true);
    const [v] = evaluateRules(region, closed, { car: ds }, [DEFAULT_RULES[0]!]).filter((x) => x.municipality === '611');
    const t = bruteNearest(closed, false);
    const members = region.demandCells.map((_, i) => i).filter((i) => region.demandCells[i]!.municipalityCode === '611');
    const pop = members.reduce((s, i) => s + region.demandCells[i]!.population, 0);
    const ok = members.filter((i) => t[i]! <= 30).reduce((s, i) => s + region.demandCells[i]!.population, 0);
    expect(v!.share).toBeCloseTo(ok / pop, 9);
    expect(v!.pass).toBe(ok / pop >= 0.9);
    // Everyone still within 30 min is served from outside Pornainen, and the explanation says by whom.
    expect(v!.servedBy.every((s) => s.outside)).toBe(true);
    expect(v!.servedBy.reduce((s, x) => s + x.population, 0)).toBeCloseTo(ok, 6);
    // A rule that asks less than the outside coverage passes on outside sites alone.
    const lenient = evaluateRules(region, closed, { car: ds }, [{ ...DEFAULT_RULES[0]!, id: 'lenient', minShare: Math.max(0, ok / pop - 0.01) }]).find((x) => x.municipality === '611')!;
    expect(lenient.pass).toBe(true);
    // With home-municipality choice only, Pornainen has nothing left: 0 %.
    const home = evaluateRules(region, closed, { car: ds }, [{ ...DEFAULT_RULES[0]!, id: 'home', choice: 'home' }]).find((x) => x.municipality === '611')!;
    expect(home.share).toBe(0);
    expect(home.pass).toBe(false);
    expect(home.failingCells.reduce((s, c) => s + c.population, 0)).toBeCloseTo(pop, 6);
  });
});
