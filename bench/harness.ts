/**
 * A small benchmark harness: runs a function repeatedly after a warm-up and reports the median time.
 * Every benchmark times saavu's code and a baseline in the same run and prints the ratio.
 */
import { performance } from 'node:perf_hooks';

export interface Timing {
  name: string;
  medianMs: number;
  runs: number;
}

/** Median wall time of `fn` over `runs` runs after `warmup` untimed runs, in milliseconds. */
export function time(name: string, fn: () => unknown, runs = 7, warmup = 1): Timing {
  for (let i = 0; i < warmup; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    fn();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return { name, medianMs: t[Math.floor(t.length / 2)]!, runs };
}

/** Print ours vs baseline with the speed ratio (baseline / ours: above 1 means saavu is faster). */
export function report(title: string, ours: Timing, baseline: Timing, note = ''): void {
  const ratio = baseline.medianMs / ours.medianMs;
  console.log(`\n## ${title}`);
  console.log(`  ours      ${ours.name.padEnd(52)} ${ours.medianMs.toFixed(2).padStart(10)} ms (median of ${ours.runs})`);
  console.log(`  baseline  ${baseline.name.padEnd(52)} ${baseline.medianMs.toFixed(2).padStart(10)} ms (median of ${baseline.runs})`);
  console.log(`  ratio     baseline/ours = ${ratio.toFixed(2)}×${note ? `  (${note})` : ''}`);
}

/** `time` for async work (worker-thread matrices): median wall time of `runs` awaited runs after `warmup`. */
export async function timeAsync(name: string, fn: () => Promise<unknown>, runs = 7, warmup = 1): Promise<Timing> {
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
