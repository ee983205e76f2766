/**
 * OR-Library p-median instances (Beasley 1990) against their published optima.
 *
 * Optima: OR-Library's `pmedopt` file ("Data file / Optimal solution value", pmed1 5819 … pmed40 5128), as
 * stored in the public repository nicholasio/PMedianTabuSearch at commit
 * b2b017cb39620b8b26e5b45e4c46f4fd42f87c94 (file pmedopt.txt), copied to data/orlib/pmedopt.txt; the same
 * 40 values are listed in J.E. Beasley, "A note on solving large p-median problems", EJOR 21 (1985) 270–273
 * and on OR-Library's pmedinfo page. See data/orlib/PROVENANCE.md.
 *
 * Instances present in data/orlib (pmed1–pmed10, see PROVENANCE.md for why not all 40) are all tested:
 * the heuristic must be within 0.1 % of the optimum (it reaches the optimum on every one), and HiGHS must
 * prove the optimum of pmed1–pmed5 within its time limit. Parsing is tested on small hand-written files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.js';
import { dataDir } from '../../test/paths.js';
import { orlibProblem, parseOrlib, readOrlib } from './orlib.js';
import { solve } from './solve.js';

const optima = new Map<string, number>();
for (const line of readFileSync(dataDir('orlib', 'pmedopt.txt'), 'utf8').split('\n').slice(1)) {
  const [name, value] = line.trim().split(/\s+/);
  if (name && value) optima.set(name, Number(value));
}
const present = Array.from({ length: 40 }, (_, k) => `pmed${k + 1}`).filter((name) => existsSync(dataDir('orlib', `${name}.txt`)));

describe('OR-Library reader', () => {
  it('reads the header, builds shortest paths, and lets the LAST duplicate edge win', () => {
    // 1–2 first costs 5, later 9: the later one counts (not the minimum); 1–3–2 costs 4 + 4 = 8 < 9.
    const inst = parseOrlib(' 3 4 2 \n 1 2 5 \n 2 3 4 \n 1 3 4 \n 2 1 9 \n');
    expect([inst.n, inst.edgeCount, inst.p]).toEqual([3, 4, 2]);
    expect(Array.from(inst.distances)).toEqual([0, 8, 4, 8, 0, 4, 4, 4, 0]);
    const direct = parseOrlib('3 3 1\n1 2 5\n2 3 40\n1 2 2\n');
    expect(direct.distances[1]).toBe(2);
    expect(direct.distances[2]).toBe(42);
    const kept = parseOrlib('2 2 1\n1 2 3\n1 2 7\n');
    expect(kept.distances[1]).toBe(7); // min would give 3
    const apart = parseOrlib('3 1 1\n1 2 3\n');
    expect(apart.distances[2]).toBe(Infinity);
  });

  it('pmed2 lists edge 22–77 twice (16, then 17) and the file is read as 200 edges', () => {
    const text = readFileSync(dataDir('orlib', 'pmed2.txt'), 'utf8');
    const lines = text.trim().split('\n').map((l) => l.trim());
    expect(lines.filter((l) => l === '22 77 16' || l === '22 77 17')).toEqual(['22 77 16', '22 77 17']);
    const inst = parseOrlib(text);
    expect(inst.edgeCount).toBe(200);
    expect(inst.distances[21 * 100 + 76]).toBeLessThanOrEqual(17);
  });

  it('bad files are InputErrors naming the row', () => {
    const bad = (text: string, row: number, re: RegExp) => {
      let err: unknown;
      try {
        parseOrlib(text, 'bad.txt');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).details.row).toBe(row);
      expect((err as InputError).details.file).toBe('bad.txt');
      expect((err as Error).message).toMatch(re);
    };
    bad('', 1, /empty file/);
    bad('3 2\n', 1, /expected 3 numbers/);
    bad('3 2 1\n1 2 5\n2 x 4\n', 3, /not an integer.*"x"/);
    bad('3 2 1\n1 2 5\n2 4 4\n', 3, /node out of range/);
    bad('3 2 1\n1 2 5\n2 3 -4\n', 3, /negative edge cost/);
    bad('3 3 1\n1 2 5\n\n2 3 4\n', 5, /announces 3 edges but the file ends after 2/);
    bad('3 1 1\n1 2 5\n2 3 4\n', 3, /more data than the 1 edges/);
    bad('3 1 4\n1 2 5\n', 1, /p must be between 1 and n/);
    expect(() => readOrlib('/nonexistent/pmed0.txt')).toThrow(InputError);
  });
});

describe(`OR-Library p-median instances present: ${present.join(', ')}`, () => {
  it('the published optima file lists pmed1–pmed40', () => {
    expect(optima.size).toBe(40);
    expect(optima.get('pmed1')).toBe(5819);
    expect(optima.get('pmed40')).toBe(5128);
    expect(present.length).toBeGreaterThanOrEqual(10);
  });

  it('heuristic (greedy + fast interchange + VNS, Lagrangian bound) within 0.1 % of the optimum on each — in fact equal', async () => {
    for (const name of present) {
      const inst = readOrlib(dataDir('orlib', `${name}.txt`));
      const r = await solve(orlibProblem(inst), { model: 'p-median', p: inst.p, solver: 'heuristic', timeLimitSeconds: 20 });
      const opt = optima.get(name)!;
      expect(r.objective, name).toBeLessThanOrEqual(opt * 1.001);
      expect(r.objective, `${name} reaches the optimum`).toBe(opt);
      expect(r.bound, `${name} bound is a lower bound`).toBeLessThanOrEqual(opt);
      expect(r.selected).toHaveLength(inst.p);
    }
  }, 120_000);

  it('a tight time limit returns the best answer so far, with progress reports', async () => {
    const inst = readOrlib(dataDir('orlib', 'pmed10.txt'));
    const phases = new Set<string>();
    const t0 = performance.now();
    const r = await solve(orlibProblem(inst), { model: 'p-median', p: inst.p, solver: 'heuristic', timeLimitSeconds: 0.05, onProgress: (e) => phases.add(e.phase) });
    expect(performance.now() - t0).toBeLessThan(1500);
    expect(r.selected).toHaveLength(inst.p);
    expect(r.objective).toBeGreaterThanOrEqual(optima.get('pmed10')!);
    expect(r.bound).toBeLessThanOrEqual(optima.get('pmed10')!);
    expect(r.gap).toBeCloseTo((r.objective - r.bound) / r.objective, 12);
    expect([...phases]).toContain('heuristic');
    expect([...phases]).toContain('done');
  });

  it('HiGHS proves the optimum of pmed1–pmed5 (time limit 60 s each)', async () => {
    for (const name of present.filter((nm) => Number(nm.slice(4)) <= 5)) {
      const inst = readOrlib(dataDir('orlib', `${name}.txt`));
      const r = await solve(orlibProblem(inst), { model: 'p-median', p: inst.p, solver: 'exact', timeLimitSeconds: 60, relativeGap: 0 });
      expect(r.status, name).toBe('optimal');
      expect(r.objective, name).toBe(optima.get(name));
      expect(r.bound, name).toBeCloseTo(optima.get(name)!, 6);
    }
  }, 300_000);
});
