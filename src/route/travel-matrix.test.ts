/**
 * Door-to-door matrices on REAL data, against an independent reference built here from scratch:
 * nearest node by a linear scan over all nodes (not kdbush), the access leg from its written definition
 * (straight line × detour at the access speed, rounded to deciseconds), the direct off-network trip as the
 * alternative to every route, and the network part from the
 * O(n²) / label-correcting reference searches of reference-dijkstra.ts (not the engine's heap or CH).
 *  - Keusote: the real EMME car network (data/uusimaa_roads) × the real demand cells and sites.
 *  - Tampere: the real OSM car network, demand cells × sites, with and without contraction hierarchies.
 * Edge cases use SYNTHETIC points (labelled): a point 50 km outside the network, two points on one node.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { importRegion } from '../data/import-region.js';
import type { Region } from '../core/model.js';
import { buildEmmeGraph } from '../network/emme.js';
import { buildOsmGraph } from '../network/build-osm.js';
import type { Graph } from '../network/graph.js';
import { EMME_CAR_ACCESS, OSM_ACCESS, type AccessLeg } from '../network/snap.js';
import { memoryCache } from '../store/cache.js';
import { NO_PATH } from './cost.js';
import { closeMatrixWorkers } from './matrix.js';
import { referenceDijkstra, referenceLabelCorrecting, type ReferenceResult } from './reference-dijkstra.js';
import { seededRandom } from './synthetic.js';
import { cachedTravelMatrix, travelMatrix, type Places } from './travel-matrix.js';
import { dataDir } from '../../test/paths.js';
import { afterAll } from 'vitest';

afterAll(() => closeMatrixWorkers());

function linearNearest(g: Graph, x: number, y: number): { node: number; metres: number } {
  let best = -1;
  let bestD = Infinity;
  for (let v = 0; v < g.nodeCount; v++) {
    const d = Math.hypot(g.x[v]! - x, g.y[v]! - y);
    if (d < bestD) [best, bestD] = [v, d];
  }
  return { node: best, metres: bestD };
}

/** Access time by its written definition: metres × detour / (km/h ÷ 3.6), in whole deciseconds (≥ 1 if moving). */
const accessDs = (metres: number, a: AccessLeg) => (metres <= 0 ? 0 : Math.max(1, Math.round(((metres * a.detourFactor) / (a.accessKmh / 3.6)) * 10)));

/** Reference door-to-door deciseconds for the given origin/destination indices. */
function referenceTotals(g: Graph, o: Places, d: Places, rows: number[], a: AccessLeg, search: (g: Graph, s: number) => ReferenceResult): Map<string, number> {
  const out = new Map<string, number>();
  const dn = Array.from(d.ids, (_, j) => linearNearest(g, d.x[j]!, d.y[j]!));
  for (const i of rows) {
    const on = linearNearest(g, o.x[i]!, o.y[i]!);
    const ref = search(g, on.node);
    dn.forEach((t, j) => {
      // The direct trip off the network (straight line × detour at the access speed) competes with the route.
      const direct = accessDs(Math.hypot(o.x[i]! - d.x[j]!, o.y[i]! - d.y[j]!), a);
      const net = ref.deciseconds[t.node]!;
      const viaNetwork = on.node === t.node || net === NO_PATH ? Infinity : net + accessDs(on.metres, a) + accessDs(t.metres, a);
      out.set(`${i},${j}`, Math.min(direct, viaNetwork));
    });
  }
  return out;
}

const places = (r: Region, what: 'cells' | 'sites'): Places => {
  const list: ReadonlyArray<{ id: string; x: number; y: number }> = what === 'cells' ? r.demandCells : r.sites;
  return { ids: list.map((p) => p.id), x: Float64Array.from(list, (p) => p.x), y: Float64Array.from(list, (p) => p.y) };
};

describe('REAL Keusote: EMME car network × demand cells × sites', () => {
  let region: Region;
  let graph: Graph;
  beforeAll(() => {
    region = importRegion(dataDir('keusote'));
    graph = buildEmmeGraph(dataDir('uusimaa_roads')).graph;
  });

  it('equals the reference on 40 random cells × all 16 sites, and every cell is routed', async () => {
    const cells = places(region, 'cells');
    const sites = places(region, 'sites');
    const m = await travelMatrix(graph, cells, sites);
    expect(m.access).toEqual(EMME_CAR_ACCESS);
    expect(m.excluded).toEqual([]);
    const rnd = seededRandom(11);
    const rows = Array.from({ length: 40 }, () => Math.floor(rnd() * cells.ids.length));
    const ref = referenceTotals(graph, cells, sites, rows, EMME_CAR_ACCESS, (g, s) => referenceDijkstra(g, s));
    for (const i of rows) for (let j = 0; j < sites.ids.length; j++) expect(m.deciseconds[i * sites.ids.length + j], `cell ${cells.ids[i]} → ${sites.ids[j]}`).toBe(ref.get(`${i},${j}`));
    // The legs reported beside the totals are the ones inside them.
    for (const i of rows) expect(m.origins.accessDeciseconds[i]).toBe(accessDs(linearNearest(graph, cells.x[i]!, cells.y[i]!).metres, EMME_CAR_ACCESS));
    // Far cells are reported: the EMME skeleton is coarse, so most cells are more than 1 km from a node.
    const farByScan = cells.ids.filter((_, i) => linearNearest(graph, cells.x[i]!, cells.y[i]!).metres > 1000).length;
    expect(m.far.filter((f) => f.side === 'origin').length).toBe(farByScan);
  });

  it('SYNTHETIC points: 50 km outside the network is left unrouted; two points on one node get the direct leg', async () => {
    const sites = places(region, 'sites');
    const s0x = sites.x[0]!, s0y = sites.y[0]!;
    const o: Places = { ids: ['outside', 'at-site', 'near-site'], x: Float64Array.of(graph.x[0]! + 0, s0x, s0x + 40), y: Float64Array.of(7_600_000, s0y, s0y + 30) };
    const m = await travelMatrix(graph, o, sites);
    expect(m.excluded.map((e) => e.id)).toEqual(['outside']);
    expect(Array.from(m.deciseconds.subarray(0, sites.ids.length)).every((v) => v === NO_PATH)).toBe(true);
    expect(m.deciseconds[1 * sites.ids.length]).toBe(0); // the same point
    expect(m.deciseconds[2 * sites.ids.length]).toBe(accessDs(50, EMME_CAR_ACCESS)); // 30-40-50 triangle
    expect(m.metres[2 * sites.ids.length]).toBeCloseTo(50 * 1.3, 3);
  });

  it('a cut-off in minutes keeps exactly the pairs within it', async () => {
    const cells = places(region, 'cells');
    const sites = places(region, 'sites');
    const all = await travelMatrix(graph, cells, sites);
    const cut = await travelMatrix(graph, cells, sites, { maxMinutes: 20 });
    let kept = 0;
    for (let k = 0; k < all.deciseconds.length; k++) {
      const want = all.deciseconds[k]! <= 12_000 ? all.deciseconds[k] : NO_PATH;
      expect(cut.deciseconds[k]).toBe(want);
      if (want !== NO_PATH) kept++;
    }
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(all.deciseconds.length);
  });

  it('the cache returns the same matrix, and a changed input gives a new key', async () => {
    const cells = places(region, 'cells');
    const sites = places(region, 'sites');
    const cache = memoryCache();
    const a = await cachedTravelMatrix(cache, graph, cells, sites);
    const b = await cachedTravelMatrix(cache, graph, cells, sites);
    expect(a.fromCache).toBe(false);
    expect(b.fromCache).toBe(true);
    expect(b.key).toBe(a.key);
    expect(Array.from(b.deciseconds)).toEqual(Array.from(a.deciseconds));
    expect(Array.from(b.origins.accessDeciseconds)).toEqual(Array.from(a.origins.accessDeciseconds));
    expect(b.far).toEqual(a.far);
    const moved = { ...sites, x: Float64Array.from(sites.x, (v, i) => (i === 0 ? v + 500 : v)) };
    const c = await cachedTravelMatrix(cache, graph, cells, moved);
    expect(c.fromCache).toBe(false);
    expect(c.key).not.toBe(a.key);
    const slower = await cachedTravelMatrix(cache, graph, cells, sites, { access: { accessKmh: 20, detourFactor: 1.3 } });
    expect(slower.fromCache).toBe(false);
  });
});

describe('REAL Tampere: OSM car network × demand cells × sites', () => {
  it('CH + RPHAST on 2 threads = plain Dijkstra rows = the reference, on 25 random cells × all sites', async () => {
    const region = importRegion(dataDir('tampere'));
    const { graph } = buildOsmGraph(dataDir('tampere', 'tampere.osm.pbf'), 'car');
    const cells = places(region, 'cells');
    const sites = places(region, 'sites');
    const ch = await travelMatrix(graph, cells, sites, { contraction: 'always', threads: 2 });
    const plain = await travelMatrix(graph, cells, sites, { contraction: 'never', threads: 1 });
    expect(ch.engine).toBe('ch-rphast');
    expect(plain.engine).toBe('dijkstra');
    expect(Array.from(ch.deciseconds)).toEqual(Array.from(plain.deciseconds));
    expect(Array.from(ch.metres)).toEqual(Array.from(plain.metres));
    const rnd = seededRandom(5);
    const rows = Array.from({ length: 25 }, () => Math.floor(rnd() * cells.ids.length));
    const ref = referenceTotals(graph, cells, sites, rows, OSM_ACCESS, (g, s) => referenceLabelCorrecting(g, s));
    const excludedSites = new Set(ch.excluded.filter((e) => e.side === 'destination').map((e) => e.index));
    const excludedCells = new Set(ch.excluded.filter((e) => e.side === 'origin').map((e) => e.index));
    for (const i of rows) for (let j = 0; j < sites.ids.length; j++) {
      const want = excludedSites.has(j) || excludedCells.has(i) ? NO_PATH : ref.get(`${i},${j}`);
      expect(ch.deciseconds[i * sites.ids.length + j], `cell ${cells.ids[i]} → ${sites.ids[j]}`).toBe(want);
    }
    // The sites outside the OSM extract (e.g. Kuru, 35 km away) are reported, not routed.
    expect(ch.excluded.some((e) => e.side === 'destination')).toBe(true);
    for (const e of ch.excluded) expect(e.snapMetres).toBeGreaterThan(10_000);
  }, 60_000);
});
