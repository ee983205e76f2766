/**
 * End-to-end tests of `saavu optimize` on the bundled REAL Keusote project and on an OR-Library file
 * (pmed1, published optimum 5819: OR-Library pmedopt, J.E. Beasley). The Keusote answers are checked
 * against brute-force enumeration of every set of p candidates over the project's own matrix.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProject } from '../src/store/project.js';
import { projectModeData } from '../src/store/travel.js';
import { closeMatrixWorkers } from '../src/route/matrix.js';
import { dataDir, repoRoot } from './paths.js';

const bin = join(repoRoot, 'bin', 'saavu');
function saavu(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: repoRoot, maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const dir = mkdtempSync(join(tmpdir(), 'saavu-opt-'));
const project = join(dir, 'keusote.gpkg');
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await closeMatrixWorkers();
});
beforeAll(() => {
  const r = saavu('init', project, '--region', dataDir('keusote'));
  if (r.code !== 0) throw new Error(r.stderr);
});

function* combinations(m: number, p: number, start = 0, acc: number[] = []): Generator<number[]> {
  if (acc.length === p) yield [...acc];
  else for (let k = start; k < m; k++) yield* combinations(m, p, k + 1, [...acc, k]);
}

describe('saavu optimize on Keusote', () => {
  it('p-median p=3 and MCLP p=3 within 15 min equal brute force over all C(10,3) sets; the answer compares as a scenario', async () => {
    const { region, metadata } = openProject(project);
    const data = (await projectModeData(project, region, metadata)).car!;
    const cand = region.sites.map((s, j) => ({ s, j })).filter(({ s }) => s.kind === 'sote-keskus' || s.kind === 'sote-yksikko');
    const cols = region.sites.length;
    let bestMedian = Infinity, bestCover = -Infinity;
    for (const set of combinations(cand.length, 3)) {
      let sum = 0, cov = 0;
      region.demandCells.forEach((c, i) => {
        const d = Math.min(...set.map((k) => data.deciseconds[i * cols + cand[k]!.j]!));
        sum += c.population * d;
        if (d <= 9000) cov += c.population;
      });
      bestMedian = Math.min(bestMedian, sum);
      bestCover = Math.max(bestCover, cov);
    }
    const out = join(dir, 'p3.json');
    const r = saavu('optimize', project, '--model', 'p-median', '--p', '3', '--json', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    for (const k of ['objective', 'bound', 'gap', 'selected', 'seconds']) expect(j).toHaveProperty(k);
    expect(j.selected).toHaveLength(3);
    expect(j.objective).toBeCloseTo(bestMedian, 3);
    expect(j.bound).toBeLessThanOrEqual(j.objective + 1e-6);
    const m = JSON.parse(saavu('optimize', project, '--model', 'mclp', '--p', '3', '--cover', '15', '--json').stdout);
    expect(m.objective).toBeCloseTo(bestCover, 3);
    // The scenario closes the 7 candidates not chosen, and compare reads it.
    const sc = JSON.parse(readFileSync(out, 'utf8'));
    expect(sc.edits.filter((e: { op: string }) => e.op === 'close')).toHaveLength(7);
    const c = saavu('compare', project, 'base', out, '--json');
    expect(c.code, c.stderr).toBe(0);
    expect(JSON.parse(c.stdout).cost.closed).toHaveLength(7);
  }, 120_000);

  it('--keep and --forbid are honoured; bad requests and an infeasible LSCP are clear errors', () => {
    const j = JSON.parse(saavu('optimize', project, '--p', '4', '--keep', 'pornainen-sote-yksikko', '--forbid', 'hyvinkaa-sote-keskus', '--json').stdout);
    expect(j.selected).toContain('pornainen-sote-yksikko');
    expect(j.selected).not.toContain('hyvinkaa-sote-keskus');
    expect(saavu('optimize', project, '--p', '20').code).toBe(2);
    expect(saavu('optimize', project, '--p', '3', '--keep', 'no-such-site').code).toBe(2);
    expect(saavu('optimize', project, '--p', '3', '--keep', 'hyvinkaa-sote-keskus', '--forbid', 'hyvinkaa-sote-keskus').code).toBe(2);
    expect(saavu('optimize', project, '--p', '3', '--budget', '1000000').code).toBe(2); // costs unknown
    const lscp = saavu('optimize', project, '--model', 'lscp', '--cover', '5');
    expect(lscp.code).toBe(65);
    expect(lscp.stderr).toMatch(/demand point\(s\) with weight \d+ \(1kmN/);
  });
});

describe('saavu optimize --format orlib', () => {
  it('solves pmed1 to its published optimum 5819 with p from the header', () => {
    const r = saavu('optimize', '--format', 'orlib', dataDir('orlib', 'pmed1.txt'), '--json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.p).toBe(5);
    expect(j.objective).toBe(5819);
    expect(j.gap).toBeLessThanOrEqual(1e-6);
    expect(j.selected).toHaveLength(5);
  });
});
