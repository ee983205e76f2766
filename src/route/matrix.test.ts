/**
 * computeMatrix on worker threads vs computeMatrixSync vs per-source heap Dijkstra, on SYNTHETIC graphs:
 * plain Graph and ContractedGraph inputs, offsets, cut-off, bad input. Under Vitest the workers load
 * matrix-worker.ts through tsx; the compiled dist/ path is checked by running dist/route/matrix.js.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { contract } from './contract.js';
import { DijkstraSearch, NO_PATH } from './dijkstra.js';
import { closeMatrixWorkers, computeMatrix, computeMatrixSync } from './matrix.js';
import { randomGraph, seededRandom } from './synthetic.js';
import { repoRoot } from '../../test/paths.js';

afterAll(() => closeMatrixWorkers());

const g = randomGraph(800, 2400, 42);
const ch = contract(g);
const rnd = seededRandom(3);
const origins = Uint32Array.from({ length: 57 }, () => Math.floor(rnd() * g.nodeCount));
const destinations = Uint32Array.from({ length: 43 }, () => Math.floor(rnd() * g.nodeCount));
destinations[0] = origins[0]!; // an origin that is also a destination

function expected(originOffsets?: Uint32Array, destinationOffsets?: Uint32Array, maxDeciseconds = Infinity) {
  const dij = new DijkstraSearch(g);
  const ds: number[] = [];
  const m: number[] = [];
  origins.forEach((o, i) => {
    const tree = dij.run([{ node: o, offsetDeciseconds: originOffsets?.[i] ?? 0 }]);
    destinations.forEach((d, j) => {
      const t = tree.deciseconds[d]! === NO_PATH ? Infinity : tree.deciseconds[d]! + (destinationOffsets?.[j] ?? 0);
      const ok = t !== Infinity && t <= maxDeciseconds;
      ds.push(ok ? t : NO_PATH);
      m.push(ok ? Math.fround(tree.metres[d]!) : NaN);
    });
  });
  return { ds, m };
}

describe('computeMatrix (SYNTHETIC graph)', () => {
  it('threads, sync, Graph and ContractedGraph all give the per-source Dijkstra answer', async () => {
    const want = expected();
    for (const network of [g, ch]) {
      for (const m of [computeMatrixSync(network, origins, destinations), await computeMatrix(network, origins, destinations, { threads: 2 })]) {
        expect([...m.deciseconds]).toEqual(want.ds);
        expect([...m.metres]).toEqual(want.m);
      }
    }
    expect(want.ds[0]).toBe(0);
  });

  it('origin and destination offsets and the cut-off (on the total) agree', async () => {
    const oo = Uint32Array.from(origins, (_, i) => (i * 37) % 200);
    const dd = Uint32Array.from(destinations, (_, j) => (j * 53) % 150);
    const want = expected(oo, dd, 900);
    for (const network of [g, ch]) {
      const opts = { originOffsets: oo, destinationOffsets: dd, maxDeciseconds: 900, threads: 2 };
      const a = await computeMatrix(network, origins, destinations, opts);
      const b = computeMatrixSync(network, origins, destinations, opts);
      expect([...a.deciseconds]).toEqual(want.ds);
      expect([...b.deciseconds]).toEqual(want.ds);
      expect([...a.metres]).toEqual(want.m);
    }
    expect(want.ds.some((d) => d === NO_PATH)).toBe(true);
  });

  it('reuses the worker pool across calls and networks', async () => {
    const g2 = randomGraph(300, 900, 8);
    const o = Uint32Array.from({ length: 20 }, (_, i) => i * 7);
    for (let k = 0; k < 3; k++) {
      const a = await computeMatrix(contract(g2), o, o, { threads: 2 });
      expect([...a.deciseconds]).toEqual([...computeMatrixSync(g2, o, o).deciseconds]);
    }
  });

  it('empty inputs and bad node ids', async () => {
    expect((await computeMatrix(ch, new Uint32Array(0), destinations)).deciseconds.length).toBe(0);
    await expect(computeMatrix(ch, Uint32Array.of(g.nodeCount), destinations)).rejects.toThrow(/not a node/);
    expect(() => computeMatrixSync(g, origins, destinations, { originOffsets: new Uint32Array(1) })).toThrow(/one entry per origin/);
  });

  it.skipIf(!existsSync(`${repoRoot}dist/route/matrix.js`))('works from the compiled dist/ (matrix-worker.js, no tsx)', () => {
    const script = `
      import { computeMatrix, computeMatrixSync, closeMatrixWorkers } from './dist/route/matrix.js';
      import { contract } from './dist/route/contract.js';
      import { randomGraph } from './dist/route/synthetic.js';
      const g = randomGraph(500, 1500, 1);
      const o = Uint32Array.from({ length: 40 }, (_, i) => i * 11);
      const a = await computeMatrix(contract(g), o, o, { threads: 2 });
      const b = computeMatrixSync(g, o, o);
      console.log(JSON.stringify({ same: a.deciseconds.every((v, i) => v === b.deciseconds[i]), n: a.deciseconds.length }));
      await closeMatrixWorkers();`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    expect(JSON.parse(out)).toEqual({ same: true, n: 1600 });
  });
});
