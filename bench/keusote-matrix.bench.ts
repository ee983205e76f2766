/**
 * The full Keusote demand × sites car matrix (REAL: 1,405 demand cells × 16 sites on the Traficom EMME
 * network), door to door with access legs — what `saavu init` computes. Target (issue 4): under 1 s.
 *  - ours: `travelMatrix` (points deduplicated by snapped node, kdbush snapping, heap Dijkstra rows that
 *    stop at the last site), plus the same including building the network from the EMME file;
 *  - baseline: the simplest correct method — for every cell, the nearest node by a linear scan and a plain
 *    O(n²) reference Dijkstra (reference-dijkstra.ts) from it, no deduplication, one thread.
 * Both must give identical deciseconds on every pair before the ratio is printed.
 */
import { importRegion } from '../src/data/import-region.js';
import { buildEmmeGraph } from '../src/network/emme.js';
import type { Graph } from '../src/network/graph.js';
import { EMME_CAR_ACCESS } from '../src/network/snap.js';
import { NO_PATH } from '../src/route/cost.js';
import { closeMatrixWorkers } from '../src/route/matrix.js';
import { referenceDijkstra } from '../src/route/reference-dijkstra.js';
import { travelMatrix, type Places } from '../src/route/travel-matrix.js';
import { dataDir } from '../test/paths.js';
import { report, time, timeAsync } from './harness.js';

const region = importRegion(dataDir('keusote'));
const cells: Places = { ids: region.demandCells.map((c) => c.id), x: Float64Array.from(region.demandCells, (c) => c.x), y: Float64Array.from(region.demandCells, (c) => c.y) };
const sites: Places = { ids: region.sites.map((s) => s.id), x: Float64Array.from(region.sites, (s) => s.x), y: Float64Array.from(region.sites, (s) => s.y) };
const graph = buildEmmeGraph(dataDir('uusimaa_roads')).graph;

function nearest(g: Graph, x: number, y: number): [number, number] {
  let best = 0, bestD = Infinity;
  for (let v = 0; v < g.nodeCount; v++) {
    const d = Math.hypot(g.x[v]! - x, g.y[v]! - y);
    if (d < bestD) [best, bestD] = [v, d];
  }
  return [best, bestD];
}
const access = (m: number) => (m <= 0 ? 0 : Math.max(1, Math.round(((m * EMME_CAR_ACCESS.detourFactor) / (EMME_CAR_ACCESS.accessKmh / 3.6)) * 10)));

function baseline(): Uint32Array {
  const out = new Uint32Array(cells.ids.length * sites.ids.length).fill(NO_PATH);
  const dest = Array.from(sites.ids, (_, j) => nearest(graph, sites.x[j]!, sites.y[j]!));
  for (let i = 0; i < cells.ids.length; i++) {
    const [node, metres] = nearest(graph, cells.x[i]!, cells.y[i]!);
    const ref = referenceDijkstra(graph, node);
    dest.forEach(([dn, dm], j) => {
      const direct = access(Math.hypot(cells.x[i]! - sites.x[j]!, cells.y[i]! - sites.y[j]!));
      const via = dn === node || ref.deciseconds[dn] === NO_PATH ? Infinity : ref.deciseconds[dn]! + access(metres) + access(dm);
      out[i * sites.ids.length + j] = Math.min(direct, via);
    });
  }
  return out;
}

const ours = await travelMatrix(graph, cells, sites);
const base = baseline();
let diff = 0;
for (let k = 0; k < base.length; k++) if (base[k] !== ours.deciseconds[k]) diff++;
if (diff) throw new Error(`keusote-matrix: ${diff} pairs differ from the baseline`);

const oursT = await timeAsync('travelMatrix, 1 405 × 16, EMME', () => travelMatrix(graph, cells, sites));
const withBuild = await timeAsync('build EMME network + travelMatrix', async () => travelMatrix(buildEmmeGraph(dataDir('uusimaa_roads')).graph, cells, sites));
const baseT = time('linear-scan snap + O(n²) Dijkstra per cell', baseline, 3, 0);
report('Keusote demand × sites car matrix (REAL, 22 480 pairs, identical results)', oursT, baseT, `target < 1 s: ${oursT.medianMs.toFixed(1)} ms; with network build ${withBuild.medianMs.toFixed(1)} ms`);
await closeMatrixWorkers();
