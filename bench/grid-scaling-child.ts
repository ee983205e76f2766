/**
 * Child process of grid-scaling.bench.ts: ONE SYNTHETIC grid size per process, so that the RSS high-water
 * mark (process.resourceUsage().maxRSS = VmHWM; it includes the matrix worker threads, which live in this
 * process) belongs to that size alone.
 *
 * Usage: npx tsx bench/grid-scaling-child.ts <side> [origins=100] [destinations=1000] [seed=1]
 * After EACH step it prints one JSON line on stdout with everything measured so far (GridResult, `step`
 * says how far it got), so a parent that stops a too-long contraction still has the earlier numbers.
 * Progress goes to stderr.
 *
 * Steps, each timed: gridGraph(side) (SYNTHETIC side × side grid, synthetic.ts) → the origins × destinations
 * matrix with heap-Dijkstra rows on the plain graph → contract() → the same matrix with RPHAST on the
 * contracted graph; both matrices on 2 worker threads (first call = cold: worker start-up and/or copying the
 * network into shared memory; then warm medians). The two matrices must be identical (deciseconds and
 * metres), else the child exits 1.
 */
import { performance } from 'node:perf_hooks';
import { contract } from '../src/route/contract.js';
import { closeMatrixWorkers, computeMatrix, type Matrix } from '../src/route/matrix.js';
import { gridGraph, seededRandom } from '../src/route/synthetic.js';

export interface GridResult {
  step: 'build' | 'dijkstra' | 'contract' | 'done';
  side: number;
  nodes: number;
  edges: number;
  origins: number;
  destinations: number;
  buildMs: number;
  /** Dijkstra rows, 2 threads: first call (worker start-up + graph copy + rows), then median of warm runs. */
  dijkstraColdMs?: number;
  dijkstraWarmMs?: number;
  dijkstraRuns?: number;
  contractMs?: number;
  shortcuts?: number;
  /** RPHAST, 2 threads: first call on the CH (CH copy + RPHAST selection + rows; pool already up), then warm. */
  rphastColdMs?: number;
  rphastWarmMs?: number;
  rphastRuns?: number;
  identical?: boolean;
  /** RSS high-water marks (MiB): at start (node + tsx, before any graph) and after each step. */
  peakAtStartMiB: number;
  peakAfterBuildMiB: number;
  peakAfterDijkstraMiB?: number;
  peakAfterContractMiB?: number;
  peakMiB: number;
}

const side = Number(process.argv[2]);
const originCount = Number(process.argv[3] ?? 100);
const destinationCount = Number(process.argv[4] ?? 1000);
const seed = Number(process.argv[5] ?? 1);
if (!Number.isInteger(side) || side < 2) throw new Error('usage: grid-scaling-child.ts <side> [origins] [destinations] [seed]');

const peakMiB = () => process.resourceUsage().maxRSS / 1024; // maxRSS is in KiB on Linux
const log = (s: string) => process.stderr.write(`  [grid ${side}×${side}] ${s}\n`);
const median = (t: number[]) => [...t].sort((a, b) => a - b)[Math.floor(t.length / 2)]!;
const emit = (r: GridResult) => process.stdout.write(`${JSON.stringify({ ...r, peakMiB: peakMiB() })}\n`);

async function timed<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const s = performance.now();
  const r = await fn();
  return [r, performance.now() - s];
}

const peakAtStartMiB = peakMiB();
const [g, buildMs] = await timed(() => gridGraph(side, seed));
const r: GridResult = {
  step: 'build', side, nodes: g.nodeCount, edges: g.edgeCount, origins: originCount, destinations: destinationCount,
  buildMs, peakAtStartMiB, peakAfterBuildMiB: peakMiB(), peakMiB: 0,
};
emit(r);
log(`built ${g.nodeCount} nodes, ${g.edgeCount} edges in ${buildMs.toFixed(0)} ms`);

const rnd = seededRandom(seed + 1000);
const origins = Uint32Array.from({ length: originCount }, () => Math.floor(rnd() * g.nodeCount));
const destinations = Uint32Array.from({ length: destinationCount }, () => Math.floor(rnd() * g.nodeCount));

// Dijkstra rows on the plain graph: the first call starts the workers and copies the graph into shared memory.
const [dijkstra, dijkstraColdMs] = await timed(() => computeMatrix(g, origins, destinations, { threads: 2 }));
const dijkstraTimes: number[] = [];
for (let i = 0; i < 3; i++) dijkstraTimes.push((await timed(() => computeMatrix(g, origins, destinations, { threads: 2 })))[1]);
Object.assign(r, { step: 'dijkstra', dijkstraColdMs, dijkstraWarmMs: median(dijkstraTimes), dijkstraRuns: dijkstraTimes.length, peakAfterDijkstraMiB: peakMiB() });
emit(r);
log(`Dijkstra rows ${originCount}×${destinationCount}: cold ${dijkstraColdMs.toFixed(0)} ms, warm ${r.dijkstraWarmMs!.toFixed(0)} ms`);

log('contracting …');
const [ch, contractMs] = await timed(() => contract(g));
Object.assign(r, { step: 'contract', contractMs, shortcuts: ch.meta.shortcuts, peakAfterContractMiB: peakMiB() });
emit(r);
log(`contracted in ${(contractMs / 1000).toFixed(1)} s, ${ch.meta.shortcuts} shortcuts`);

const [rphast, rphastColdMs] = await timed(() => computeMatrix(ch, origins, destinations, { threads: 2 }));
const rphastTimes: number[] = [];
for (let i = 0; i < 5; i++) rphastTimes.push((await timed(() => computeMatrix(ch, origins, destinations, { threads: 2 })))[1]);
log(`RPHAST ${originCount}×${destinationCount}: cold ${rphastColdMs.toFixed(0)} ms, warm ${median(rphastTimes).toFixed(0)} ms`);

function same(a: Matrix, b: Matrix): boolean {
  if (a.deciseconds.length !== b.deciseconds.length) return false;
  for (let i = 0; i < a.deciseconds.length; i++) {
    if (a.deciseconds[i] !== b.deciseconds[i]) return false;
    const x = a.metres[i]!;
    const y = b.metres[i]!;
    if (x !== y && !(Number.isNaN(x) && Number.isNaN(y))) return false;
  }
  return true;
}
const identical = same(rphast, dijkstra);
await closeMatrixWorkers();
Object.assign(r, { step: 'done', rphastColdMs, rphastWarmMs: median(rphastTimes), rphastRuns: rphastTimes.length, identical });
emit(r);
if (!identical) {
  process.stderr.write(`RPHAST and Dijkstra matrices DIFFER on the ${side}×${side} grid\n`);
  process.exitCode = 1;
}
