/**
 * SYNTHETIC scaling benchmark: square grids (synthetic.ts gridGraph: 100 m blocks, two-way streets, random
 * 30–80 km/h) of 10,000, 99,856 (316²) and 1,000,000 nodes. Not real data: a grid has no road hierarchy,
 * which is the hard case for contraction hierarchies (every level looks alike, and the part contracted last
 * gets dense), so these numbers are an upper bound on what a real road network of the same size costs.
 *
 * Each size runs in its own child process (grid-scaling-child.ts) so that its RSS high-water mark
 * (process.resourceUsage().maxRSS = VmHWM, worker threads included) is that size's peak memory alone.
 * Per size: grid construction, a 100 × 1,000 matrix (seeded random nodes) with heap-Dijkstra rows on the
 * plain graph, contract(), and the same matrix with RPHAST on the contracted graph; both matrices are
 * computeMatrix on 2 worker threads and must be identical (deciseconds and metres).
 *
 * A contraction that runs past the budget (BENCH_CONTRACT_BUDGET_S, default 300 s, so `npm run bench` stays within half an hour) is stopped: the child's
 * VmHWM is read from /proc/<pid>/status, the child is killed, and the row says "> budget" (the 1,000,000-node
 * grid needs more than that; see docs/benchmarks-route.md).
 *
 * Run: npx tsx bench/grid-scaling.bench.ts
 * Env: BENCH_GRID_SIDES=100,316,1000   BENCH_CONTRACT_BUDGET_S=300
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GridResult } from './grid-scaling-child.js';
import { report } from './harness.js';

const sides = (process.env.BENCH_GRID_SIDES ?? '100,316,1000').split(',').map(Number);
const budgetS = Number(process.env.BENCH_CONTRACT_BUDGET_S ?? 300);
const child = fileURLToPath(new URL('./grid-scaling-child.ts', import.meta.url));
// The same TypeScript loader as this process (tsx's flags under `npx tsx`, `--import tsx` under bench/run.ts).
const loader = process.execArgv.length > 0 ? process.execArgv : ['--import', 'tsx'];

interface Outcome {
  r: GridResult;
  /** Set when the contraction was stopped at the budget: seconds it had run, VmHWM (MiB) at that moment. */
  stoppedAfterS?: number;
  stoppedPeakMiB?: number;
}

function vmHwmMiB(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

function runSize(side: number): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...loader, child, String(side), '100', '1000'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    let last: GridResult | null = null;
    let contractStart = 0;
    let timer: NodeJS.Timeout | null = null;
    let stopped: { s: number; peak: number } | null = null;
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (chunk: string) => {
      out += chunk;
      let nl: number;
      while ((nl = out.indexOf('\n')) >= 0) {
        const lineText = out.slice(0, nl);
        out = out.slice(nl + 1);
        if (!lineText.startsWith('{')) continue;
        last = JSON.parse(lineText) as GridResult;
        if (last.step === 'dijkstra') {
          // The contraction starts now: watch it.
          contractStart = Date.now();
          timer = setTimeout(() => {
            stopped = { s: (Date.now() - contractStart) / 1000, peak: vmHwmMiB(p.pid!) };
            p.kill('SIGKILL');
          }, budgetS * 1000);
        } else if (timer) {
          clearTimeout(timer);
          timer = null;
        }
      }
    });
    p.on('error', reject);
    p.on('close', (code) => {
      if (timer) clearTimeout(timer);
      const r = last as GridResult | null;
      const s = stopped as { s: number; peak: number } | null;
      if (s && r) resolve({ r, stoppedAfterS: s.s, stoppedPeakMiB: s.peak });
      else if (code === 0 && r && r.step === 'done') resolve({ r });
      else reject(new Error(`grid ${side}×${side}: child failed (exit ${code}, last step ${r?.step ?? 'none'})`));
    });
  });
}

console.log(`grid scaling benchmark — SYNTHETIC square grids, 100 × 1,000 matrices, 2 threads, contraction budget ${budgetS} s, node ${process.version}`);
const results: Outcome[] = [];
for (const side of sides) {
  console.log(`\n# SYNTHETIC grid ${side}×${side} (${side * side} nodes), child process`);
  const o = await runSize(side);
  results.push(o);
  const r = o.r;
  if (o.stoppedAfterS !== undefined) {
    console.log(`  contraction STOPPED after ${o.stoppedAfterS.toFixed(0)} s (budget), VmHWM then ${o.stoppedPeakMiB!.toFixed(0)} MiB; no RPHAST numbers for this size`);
    continue;
  }
  if (!r.identical) throw new Error(`grid ${side}×${side}: RPHAST and Dijkstra matrices differ`);
  report(
    `SYNTHETIC grid ${r.nodes} nodes: ${r.origins}×${r.destinations} matrix, RPHAST warm vs Dijkstra rows (2 threads)`,
    { name: 'RPHAST (computeMatrix on CH)', medianMs: r.rphastWarmMs!, runs: r.rphastRuns! },
    { name: 'Dijkstra rows (computeMatrix on Graph)', medianMs: r.dijkstraWarmMs!, runs: r.dijkstraRuns! },
    'identical matrices',
  );
}

const f = (v: number | undefined, d = 0) => (v === undefined ? '–' : v.toFixed(d));
console.log('\n## SYNTHETIC grids: time and peak memory (RSS high-water of each child process, MiB)');
console.log('| nodes | edges | build ms | Dijkstra rows cold / warm ms | contract s | shortcuts/node | RPHAST cold / warm ms | Dijkstra/RPHAST (warm) | RSS start / +graph / +Dijkstra / +CH / peak |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---|');
for (const { r, stoppedAfterS, stoppedPeakMiB } of results) {
  const contractS = stoppedAfterS !== undefined ? `> ${f(stoppedAfterS)} (stopped)` : f(r.contractMs! / 1000, 1);
  const sc = r.shortcuts !== undefined ? f(r.shortcuts / r.nodes, 2) : '–';
  const ratio = r.rphastWarmMs !== undefined ? `${f(r.dijkstraWarmMs! / r.rphastWarmMs, 1)}×` : '–';
  const peak = stoppedPeakMiB !== undefined ? `≥ ${f(stoppedPeakMiB)} (at stop)` : f(r.peakMiB);
  console.log(
    `| ${r.nodes} | ${r.edges} | ${f(r.buildMs)} | ${f(r.dijkstraColdMs)} / ${f(r.dijkstraWarmMs)} | ${contractS} | ${sc} | ${f(r.rphastColdMs)} / ${f(r.rphastWarmMs, 1)} | ${ratio} | ${f(r.peakAtStartMiB)} / ${f(r.peakAfterBuildMiB)} / ${f(r.peakAfterDijkstraMiB)} / ${f(r.peakAfterContractMiB)} / ${peak} |`,
  );
}
if (results.length > 1) {
  console.log('\n## growth from one size to the next (×)');
  console.log('| nodes | nodes × | build × | Dijkstra rows × | contract × | RPHAST warm × | peak RSS × |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  for (let i = 1; i < results.length; i++) {
    const a = results[i - 1]!;
    const b = results[i]!;
    const x = (p: number | undefined, q: number | undefined) => (p === undefined || q === undefined ? '–' : (q / p).toFixed(1));
    const contractB = b.stoppedAfterS !== undefined ? `> ${x(a.r.contractMs, b.stoppedAfterS * 1000)}` : x(a.r.contractMs, b.r.contractMs);
    const peakB = b.stoppedPeakMiB ?? b.r.peakMiB;
    console.log(`| ${b.r.nodes} | ${x(a.r.nodes, b.r.nodes)} | ${x(a.r.buildMs, b.r.buildMs)} | ${x(a.r.dijkstraWarmMs, b.r.dijkstraWarmMs)} | ${contractB} | ${x(a.r.rphastWarmMs, b.r.rphastWarmMs)} | ${x(a.stoppedPeakMiB ?? a.r.peakMiB, peakB)}${b.stoppedPeakMiB !== undefined ? ' (at stop)' : ''} |`);
  }
}
