/**
 * REAL data: routing on the Tampere car and walk networks (data/tampere/tampere.osm.pbf), per mode:
 *   1. buildOsmGraph(pbf, mode)                     (target for car: < 5 s)
 *   2. contract(graph)                              (contraction hierarchy, CH)
 *   3. a 1,000 × 1,000 matrix between 1,000 seeded random nodes (origins = destinations):
 *      ours       computeMatrix on the ContractedGraph (RPHAST rows), 2 worker threads (target: < 1 s);
 *                 "cold" = the first call of a fresh process state: worker start-up (from source, each
 *                 worker registers tsx and compiles the worker modules), copying the network into shared
 *                 memory, building the RPHAST selection, then the rows; "warm" = later calls (pool and
 *                 shared copy cached). If dist/ is built (npm run build), the cold call is also timed with
 *                 the compiled worker (dist/route/matrix.js), as the CLI runs it.
 *      baseline   computeMatrix on the plain Graph (heap Dijkstra per row, stopping at the last
 *                 destination), 2 worker threads;
 *      reference  referenceDijkstra (reference-dijkstra.ts: textbook O(n²) Dijkstra, linear scan for the
 *                 next node), ONE thread. One row costs n² scans regardless of the source (~10 s car, ~65 s
 *                 walk), so it is timed on REF_ROWS rows and EXTRAPOLATED linearly to 1,000 rows (labelled);
 *      reference  referenceLabelCorrecting (FIFO Bellman–Ford), ONE thread: all 1,000 rows for car
 *                 (measured), LC_ROWS rows for walk (extrapolated, labelled).
 *   All results are checked before any ratio is printed: the RPHAST and Dijkstra matrices must be identical
 *   in every cell (deciseconds and metres), and every reference row must equal the matrix row.
 *
 * Run: npx tsx bench/route-matrix.bench.ts            (≈ 5 min on 2 cores)
 * Env: BENCH_MODES=car,walk   BENCH_REF_ROWS_CAR=2 BENCH_REF_ROWS_WALK=1   BENCH_LC_ROWS_CAR=1000 BENCH_LC_ROWS_WALK=25
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { buildOsmGraph } from '../src/network/build-osm.js';
import type { Graph, TravelMode } from '../src/network/graph.js';
import { contract, ContractedGraph } from '../src/route/contract.js';
import { closeMatrixWorkers, computeMatrix, type Matrix, type RoutingNetwork } from '../src/route/matrix.js';
import { referenceDijkstra, referenceLabelCorrecting, type ReferenceResult } from '../src/route/reference-dijkstra.js';
import { seededRandom } from '../src/route/synthetic.js';
import { dataDir } from '../test/paths.js';
import { report, time, type Timing } from './harness.js';

const file = dataDir('tampere', 'tampere.osm.pbf');
const N = 1000;
const THREADS = 2;
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const modes = (process.env.BENCH_MODES ?? 'car,walk').split(',') as TravelMode[];
const refRows: Record<string, number> = { car: env('BENCH_REF_ROWS_CAR', 2), walk: env('BENCH_REF_ROWS_WALK', 1), bike: 1 };
const lcRows: Record<string, number> = { car: env('BENCH_LC_ROWS_CAR', N), walk: env('BENCH_LC_ROWS_WALK', 25), bike: 25 };

/** Like harness.time, for async functions: median of `runs` after `warmup` untimed runs. */
async function timeAsync(name: string, fn: () => Promise<unknown>, runs: number, warmup = 1): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await fn();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return { name, medianMs: t[Math.floor(t.length / 2)]!, runs };
}

function sameMatrix(a: Matrix, b: Matrix, what: string): void {
  if (a.deciseconds.length !== b.deciseconds.length) throw new Error(`${what}: sizes differ`);
  for (let i = 0; i < a.deciseconds.length; i++) {
    const x = a.metres[i]!;
    const y = b.metres[i]!;
    if (a.deciseconds[i] !== b.deciseconds[i] || (x !== y && !(Number.isNaN(x) && Number.isNaN(y)))) {
      throw new Error(`${what}: cell ${i} (row ${Math.floor(i / N)}) differs: ${a.deciseconds[i]} ds / ${x} m vs ${b.deciseconds[i]} ds / ${y} m`);
    }
  }
}

/** A reference row (all nodes, metres as float64) against row `i` of a matrix over `destinations`. */
function sameRow(ref: ReferenceResult, m: Matrix, i: number, destinations: Uint32Array, what: string): void {
  for (let j = 0; j < destinations.length; j++) {
    const d = destinations[j]!;
    const ds = m.deciseconds[i * destinations.length + j]!;
    const mm = m.metres[i * destinations.length + j]!;
    const rm = Math.fround(ref.metres[d]!);
    if (ref.deciseconds[d] !== ds || (rm !== mm && !(Number.isNaN(rm) && Number.isNaN(mm)))) {
      throw new Error(`${what}: row ${i} column ${j} differs: reference ${ref.deciseconds[d]} ds / ${rm} m, matrix ${ds} ds / ${mm} m`);
    }
  }
}

/** Time `rows` single-thread reference rows, check each against the matrix, extrapolate to N rows if fewer. */
function referenceTiming(label: string, run: (g: Graph, s: number) => ReferenceResult, g: Graph, nodes: Uint32Array, rows: number, m: Matrix): Timing {
  const k = Math.max(1, Math.min(N, rows));
  let total = 0;
  for (let i = 0; i < k; i++) {
    const s = performance.now();
    const ref = run(g, nodes[i]!);
    total += performance.now() - s;
    sameRow(ref, m, i, nodes, label);
  }
  const extrapolated = k < N;
  const ms = extrapolated ? (total / k) * N : total;
  const name = extrapolated ? `${label}, 1 thread, EXTRAPOLATED ×${N}/${k} rows` : `${label}, 1 thread, all ${N} rows`;
  return { name, medianMs: ms, runs: 1 };
}

/** computeMatrix of the compiled dist/ build (its worker is dist/route/matrix-worker.js), if built. */
async function compiledMatrix(): Promise<typeof import('../src/route/matrix.js') | null> {
  const js = fileURLToPath(new URL('../dist/route/matrix.js', import.meta.url));
  if (!existsSync(js) || !existsSync(js.replace(/matrix\.js$/, 'matrix-worker.js'))) return null;
  return (await import(new URL('../dist/route/matrix.js', import.meta.url).href)) as typeof import('../src/route/matrix.js');
}

const line = (label: string, t: Timing, extra = '') => console.log(`  ${label.padEnd(60)} ${t.medianMs.toFixed(1).padStart(10)} ms (median of ${t.runs})${extra ? `  ${extra}` : ''}`);

console.log(`route matrix benchmark — REAL Tampere networks, ${N}×${N}, ${THREADS} threads, node ${process.version}`);
const dist = await compiledMatrix();
for (const mode of modes) {
  let g: Graph | null = null;
  const tBuild = time(`buildOsmGraph(tampere.osm.pbf, ${mode})`, () => (g = buildOsmGraph(file, mode).graph), mode === 'car' ? 5 : 3);
  const graph = g as unknown as Graph;
  let c: ContractedGraph | null = null;
  const tContract = time(`contract(${mode} graph)`, () => (c = contract(graph)), 3, 0);
  const ch = c as unknown as ContractedGraph;
  console.log(`\n# ${mode}: ${graph.nodeCount} nodes, ${graph.edgeCount} edges; CH ${ch.meta.shortcuts} shortcuts (${(ch.meta.shortcuts / graph.nodeCount).toFixed(2)} per node)`);
  line(tBuild.name, tBuild, mode === 'car' ? `target < 5000 ms: ${tBuild.medianMs < 5000 ? 'met' : 'MISSED'}` : '');
  line(tContract.name, tContract);

  const rnd = seededRandom(mode === 'car' ? 4242 : 4243);
  const nodes = Uint32Array.from({ length: N }, () => Math.floor(rnd() * graph.nodeCount));
  let rphast: Matrix | null = null;
  let dijkstra: Matrix | null = null;

  // Cold: no worker pool, and a network object never sent before (fresh view, fresh shared copy).
  const coldOnce = async (m: typeof import('../src/route/matrix.js')): Promise<number> => {
    await m.closeMatrixWorkers();
    const fresh = ContractedGraph.from(ch.toBuffer());
    const s = performance.now();
    rphast = await m.computeMatrix(fresh, nodes, nodes, { threads: THREADS });
    return performance.now() - s;
  };
  const coldRuns = async (m: typeof import('../src/route/matrix.js'), name: string): Promise<Timing> => {
    const t: number[] = [];
    for (let i = 0; i < 3; i++) t.push(await coldOnce(m));
    await m.closeMatrixWorkers();
    return { name, medianMs: t.sort((a, b) => a - b)[1]!, runs: 3 };
  };
  const tCold = await coldRuns(await import('../src/route/matrix.js'), `RPHAST ${THREADS} threads, COLD (worker start-up from source)`);
  const coldResult = rphast as unknown as Matrix;
  const tColdDist = dist ? await coldRuns(dist, `RPHAST ${THREADS} threads, COLD (compiled dist/ worker)`) : null;
  if (dist) sameMatrix(rphast as unknown as Matrix, coldResult, `${mode}: RPHAST dist/ vs source`);
  const tWarm = await timeAsync(`RPHAST ${THREADS} threads, warm (computeMatrix on CH)`, async () => (rphast = await computeMatrix(ch, nodes, nodes, { threads: THREADS })), 7);
  const tDij = await timeAsync(`Dijkstra rows ${THREADS} threads (computeMatrix on Graph)`, async () => (dijkstra = await computeMatrix(graph, nodes, nodes, { threads: THREADS })), 3);
  const ours = rphast as unknown as Matrix;
  sameMatrix(ours, coldResult, `${mode}: RPHAST warm vs cold`);
  sameMatrix(ours, dijkstra as unknown as Matrix, `${mode}: RPHAST vs Dijkstra rows`);
  const tRef = referenceTiming('referenceDijkstra O(n²)', referenceDijkstra, graph, nodes, refRows[mode]!, ours);
  const tLc = referenceTiming('referenceLabelCorrecting (FIFO)', referenceLabelCorrecting, graph, nodes, lcRows[mode]!, ours);
  await closeMatrixWorkers();
  console.log(`  results identical: RPHAST (cold, warm${dist ? ', dist/' : ''}) = Dijkstra rows in all ${N * N} cells; reference rows checked: ${Math.min(N, refRows[mode]!)} (O(n²)), ${Math.min(N, lcRows[mode]!)} (label-correcting)`);
  line(tCold.name, tCold, `target < 1000 ms: ${tCold.medianMs < 1000 ? 'met' : 'MISSED'}`);
  if (tColdDist) line(tColdDist.name, tColdDist, `target < 1000 ms: ${tColdDist.medianMs < 1000 ? 'met' : 'MISSED'}`);
  line(tWarm.name, tWarm, `target < 1000 ms: ${tWarm.medianMs < 1000 ? 'met' : 'MISSED'}`);
  line(tDij.name, tDij);
  line(tRef.name, tRef);
  line(tLc.name, tLc);

  const title = `Tampere ${mode} ${N}×${N} matrix (${graph.nodeCount} nodes)`;
  report(`${title}: RPHAST warm vs Dijkstra rows, both ${THREADS} threads`, tWarm, tDij, 'identical matrices');
  report(`${title}: RPHAST cold (incl. CH transfer + worker start-up) vs Dijkstra rows warm`, tCold, tDij, 'identical matrices');
  report(`${title}: RPHAST warm (${THREADS} threads) vs reference O(n²) Dijkstra (1 thread)`, tWarm, tRef, tRef.name.includes('EXTRAPOLATED') ? 'baseline EXTRAPOLATED' : 'measured');
  report(`${title}: RPHAST warm (${THREADS} threads) vs reference label-correcting (1 thread)`, tWarm, tLc, tLc.name.includes('EXTRAPOLATED') ? 'baseline EXTRAPOLATED' : 'measured');
}
console.log(`\npeak RSS of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
