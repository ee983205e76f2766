/**
 * Closing or reopening a site on Keusote (REAL data) and recomputing every indicator and rule verdict:
 * target (issue 5) under 50 ms.
 *  - ours: apply the scenario, reuse the cached cells × sites matrix (only flags change), compute all
 *    indicators (6 municipalities, 63 postal areas, 1,405 cells × 5 age groups × free/home choice, equity,
 *    E2SFCA check) and both default rules;
 *  - baseline: what a planner's script without the cache does: route the matrix again for the edited
 *    network, then the same indicators.
 * Also: opening a new site (one new column routed) and the same with a full re-route.
 */
import { importRegion } from '../src/data/import-region.js';
import { buildEmmeGraph } from '../src/network/emme.js';
import { cellPostalAreas } from '../src/access/indicators.js';
import { DEFAULT_RULES } from '../src/access/rules.js';
import { evaluateNetwork, scenarioMatrix } from '../src/plan/evaluate.js';
import { applyScenario, parseScenario } from '../src/plan/scenario.js';
import { travelMatrix } from '../src/route/travel-matrix.js';
import { closeMatrixWorkers } from '../src/route/matrix.js';
import { dataDir } from '../test/paths.js';
import { report, timeAsync } from './harness.js';

const region = importRegion(dataDir('keusote'));
const graph = buildEmmeGraph(dataDir('uusimaa_roads')).graph;
const pl = (xs: ReadonlyArray<{ id: string; x: number; y: number }>) => ({ ids: xs.map((p) => p.id), x: Float64Array.from(xs, (p) => p.x), y: Float64Array.from(xs, (p) => p.y) });
const base = (await travelMatrix(graph, pl(region.demandCells), pl(region.sites), { threads: 1 })).deciseconds;
const postal = cellPostalAreas(region);


const close = parseScenario({ name: 'close', edits: [{ op: 'close', site: 'rajamaki-terveysasema' }] });
const open = parseScenario({ name: 'open', edits: [{ op: 'open', id: 'uusi', kind: 'sote-yksikko', x: 376500, y: 6695000 }] });

async function ours(s: typeof close) {
  const a = applyScenario(region, s);
  const m = await scenarioMatrix(region, a, { deciseconds: base, graph }, 'car');
  return evaluateNetwork(region, s.name, a.sites, { car: m }, DEFAULT_RULES, {}, postal);
}
async function baseline(s: typeof close) {
  const a = applyScenario(region, s);
  const m = (await travelMatrix(graph, pl(region.demandCells), pl(a.sites), { threads: 1 })).deciseconds;
  return evaluateNetwork(region, s.name, a.sites, { car: m }, DEFAULT_RULES, {}, postal);
}

// Same answers either way.
for (const s of [close, open]) {
  const x = await ours(s), y = await baseline(s);
  if (JSON.stringify(x.verdicts) !== JSON.stringify(y.verdicts) || JSON.stringify(x.modes.car!.access.cells) !== JSON.stringify(y.modes.car!.access.cells)) throw new Error(`scenario-recompute: ${s.name} differs from the baseline`);
}
const a = await timeAsync('close a site: cached matrix + all indicators and rules', () => ours(close), 15, 2);
const b = await timeAsync('close a site: re-route the matrix + the same', () => baseline(close), 15, 2);
report('Keusote scenario recompute, close one site (REAL, identical results)', a, b, `target < 50 ms: ${a.medianMs.toFixed(1)} ms`);
const c = await timeAsync('open a site: one new column + all indicators and rules', () => ours(open), 15, 2);
const d = await timeAsync('open a site: re-route the matrix + the same', () => baseline(open), 15, 2);
report('Keusote scenario recompute, open a new site (REAL, identical results)', c, d);
await closeMatrixWorkers();
