/**
 * SYNTHETIC random graphs (seeded; parallel edges, self loops, zero weights and many equal-time ties):
 * heap Dijkstra, CH + PHAST and the RPHAST matrix rows against the O(n²) reference Dijkstra and the
 * label-correcting reference, on EVERY pair (all sources × all nodes), deciseconds and metres identical.
 */
import { describe, expect, it } from 'vitest';
import { ContractedGraph, contract } from './contract.js';
import { DijkstraSearch, NO_PATH } from './dijkstra.js';
import { computeMatrixSync } from './matrix.js';
import { PhastSearch } from './phast.js';
import { referenceDijkstra, referenceLabelCorrecting } from './reference-dijkstra.js';
import { gridGraph, randomGraph } from './synthetic.js';

describe('CH/PHAST vs heap Dijkstra vs reference on SYNTHETIC random graphs', () => {
  for (const metric of ['time', 'distance'] as const) {
    it(`every pair identical (${metric})`, () => {
      for (let seed = 1; seed <= 12; seed++) {
        const n = 60 + seed * 10;
        const g = randomGraph(n, n * 3, seed, { maxWeight: seed % 3 === 0 ? 3 : 60 });
        const ch = contract(g, { metric });
        const dij = new DijkstraSearch(g, { metric });
        const phast = new PhastSearch(ch);
        const all = Uint32Array.from({ length: n }, (_, i) => i);
        const matrix = computeMatrixSync(ch, all, all);
        for (let s = 0; s < n; s++) {
          const ref = referenceDijkstra(g, s, Infinity, metric);
          const a = dij.run(s);
          const b = phast.run(s);
          expect([...a.deciseconds], `seed ${seed} source ${s}`).toEqual(ref.deciseconds);
          expect([...a.metres]).toEqual(ref.metres);
          expect([...b.deciseconds], `seed ${seed} source ${s}`).toEqual(ref.deciseconds);
          expect([...b.metres]).toEqual(ref.metres);
          expect([...matrix.deciseconds.subarray(s * n, (s + 1) * n)]).toEqual(ref.deciseconds);
          expect([...matrix.metres.subarray(s * n, (s + 1) * n)]).toEqual(ref.metres.map(Math.fround));
          if (s % 10 === 0) expect(referenceLabelCorrecting(g, s, Infinity, metric)).toEqual(ref);
        }
      }
    });
  }

  it('cut-offs and multi-source offsets agree (time)', () => {
    const g = randomGraph(300, 900, 99);
    const dij = new DijkstraSearch(g);
    const phast = new PhastSearch(contract(g));
    for (let k = 0; k < 30; k++) {
      const sources = [{ node: k, offsetDeciseconds: k * 3 }, { node: 299 - k, offsetDeciseconds: 7 }];
      const opts = { maxDeciseconds: 40 + k * 5 };
      const ref = referenceDijkstra(g, sources, opts.maxDeciseconds);
      expect([...dij.run(sources, opts).deciseconds]).toEqual(ref.deciseconds);
      expect([...phast.run(sources, opts).deciseconds]).toEqual(ref.deciseconds);
    }
  });

  it('SYNTHETIC grid 40×40: PHAST = Dijkstra on every pair', () => {
    const g = gridGraph(40, 3);
    const phast = new PhastSearch(contract(g));
    const dij = new DijkstraSearch(g);
    for (let s = 0; s < g.nodeCount; s++) expect([...phast.run(s).deciseconds]).toEqual([...dij.run(s).deciseconds]);
  });

  it('round-trips through one buffer (and a SharedArrayBuffer) and answers the same', () => {
    const g = randomGraph(200, 600, 5);
    const ch = contract(g);
    const buf = ch.toBuffer();
    const sab = new SharedArrayBuffer(buf.byteLength);
    new Uint8Array(sab).set(new Uint8Array(buf));
    for (const copy of [ContractedGraph.from(buf), ContractedGraph.from(sab)]) {
      expect(copy.meta).toEqual(ch.meta);
      expect([...copy.upCost]).toEqual([...ch.upCost]);
      expect([...copy.downMiddle]).toEqual([...ch.downMiddle]);
      expect([...new PhastSearch(copy).run(17).deciseconds]).toEqual([...new PhastSearch(ch).run(17).deciseconds]);
    }
    expect(() => ContractedGraph.from(new ArrayBuffer(64))).toThrow(/bad magic/);
    expect(() => ContractedGraph.from(buf.slice(0, 200))).toThrow(/truncated/);
  });

  it('keeps the middle node of each shortcut, and every shortcut cost is its two halves', () => {
    const g = randomGraph(150, 500, 11);
    const ch = contract(g);
    expect(ch.meta.shortcuts).toBeGreaterThan(0);
    // Find the cost of edge a→b (node ids) in the hierarchy.
    const costOf = (a: number, b: number): number => {
      const pa = ch.nodeToPos[a]!;
      const pb = ch.nodeToPos[b]!;
      let best = Infinity;
      for (let e = ch.upFirst[pa]!; e < ch.upFirst[pa + 1]!; e++) if (ch.upTarget[e] === pb) best = Math.min(best, ch.upCost[e]!);
      for (let e = ch.downFirst[pb]!; e < ch.downFirst[pb + 1]!; e++) if (ch.downSource[e] === pa) best = Math.min(best, ch.downCost[e]!);
      return best;
    };
    for (let p = 0; p < ch.nodeCount; p++) {
      for (let e = ch.upFirst[p]!; e < ch.upFirst[p + 1]!; e++) {
        const mid = ch.upMiddle[e]!;
        if (mid === NO_PATH) continue;
        const a = ch.posToNode[p]!;
        const b = ch.posToNode[ch.upTarget[e]!]!;
        expect(costOf(a, mid) + costOf(mid, b)).toBe(ch.upCost[e]);
      }
    }
  });
});
