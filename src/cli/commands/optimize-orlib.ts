/**
 * `saavu optimize --format orlib FILE [--model p-median] [--p N] [--time-limit S] [--json]`: solve an
 * OR-Library p-median benchmark file (Beasley's pmed1–pmed40 format; p from its header unless given) and
 * print the chosen nodes with objective, proven bound, gap and time. Progress goes to stderr (TTY only).
 */
import { UsageError } from '../../core/errors.js';
import { orlibProblem, readOrlib } from '../../optimize/orlib.js';
import { solve, type OptimizeProgress } from '../../optimize/solve.js';
import type { ModelName } from '../../optimize/evaluate.js';

export interface OptimizeOrlibOptions {
  model?: string;
  p?: number;
  /** Seconds. */
  timeLimit?: number;
  json?: boolean;
  /** 'auto' (default), 'heuristic' or 'exact'. */
  solver?: string;
}

export async function runOptimizeOrlib(file: string, opts: OptimizeOrlibOptions): Promise<void> {
  const model = (opts.model ?? 'p-median') as ModelName;
  // An OR-Library pmed file has no cover radius and unit weights: only the p-median and p-center apply.
  if (model !== 'p-median' && model !== 'p-center') throw new UsageError(`--format orlib supports --model p-median or p-center, got ${opts.model}`);
  const solver = opts.solver ?? 'auto';
  if (solver !== 'auto' && solver !== 'heuristic' && solver !== 'exact') throw new UsageError(`--solver must be auto, heuristic or exact, got ${solver}`);
  if (opts.p !== undefined && !(Number.isInteger(opts.p) && opts.p >= 1)) throw new UsageError(`--p must be a positive integer, got ${opts.p}`);
  if (opts.timeLimit !== undefined && !(opts.timeLimit > 0)) throw new UsageError(`--time-limit must be > 0 seconds, got ${opts.timeLimit}`);
  const inst = readOrlib(file);
  const p = opts.p ?? inst.p;
  let lastPrint = 0;
  const showProgress = !opts.json && process.stderr.isTTY;
  const onProgress = (e: OptimizeProgress) => {
    if (!showProgress || (e.phase !== 'done' && e.elapsedSeconds - lastPrint < 0.5)) return;
    lastPrint = e.elapsedSeconds;
    process.stderr.write(`  ${e.phase.padEnd(9)} ${e.elapsedSeconds.toFixed(1).padStart(6)} s  objective ${fmt(e.objective)}  bound ${fmt(e.bound)}  gap ${pct(e.gap)}\n`);
  };
  const r = await solve(orlibProblem(inst), { model, p, solver: solver as 'auto' | 'heuristic' | 'exact', timeLimitSeconds: opts.timeLimit ?? 30, onProgress });
  const out = {
    file,
    model,
    n: inst.n,
    edges: inst.edgeCount,
    p,
    objective: r.objective,
    bound: r.bound,
    gap: r.gap,
    status: r.status,
    solver: r.solver,
    seconds: Number(r.seconds.toFixed(3)),
    // OR-Library numbers its nodes from 1.
    selected: r.selected.map((j) => j + 1),
  };
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return;
  }
  process.stdout.write(
    [
      `${file}: ${model}, n = ${inst.n}, ${inst.edgeCount} edges, p = ${p}`,
      `objective ${fmt(r.objective)}  bound ${fmt(r.bound)}  gap ${pct(r.gap)}  (${r.status}, ${r.solver}, ${r.seconds.toFixed(2)} s)`,
      `selected nodes: ${out.selected.join(' ')}`,
    ].join('\n') + '\n',
  );
}

function fmt(x: number): string {
  return Number.isFinite(x) ? (Number.isInteger(x) ? String(x) : x.toFixed(2)) : '–';
}

function pct(g: number): string {
  return Number.isFinite(g) ? `${(100 * g).toFixed(3)} %` : '–';
}
