/**
 * Routing edge cases on tiny HAND-DRAWN graphs. Every case is checked on every engine — heap Dijkstra,
 * CH + PHAST, the RPHAST and Dijkstra matrix rows — and against the O(n²) reference, plus a stated expectation.
 */
import { describe, expect, it } from 'vitest';
import { Graph } from '../network/graph.js';
import { contract } from './contract.js';
import { DijkstraSearch, NO_PATH, type DijkstraOptions, type SearchSource } from './dijkstra.js';
import { computeMatrixSync } from './matrix.js';
import { PhastSearch } from './phast.js';
import { referenceDijkstra } from './reference-dijkstra.js';

type E = [from: number, to: number, deciseconds: number, metres: number];

function graph(n: number, edges: E[]): Graph {
  return Graph.fromEdges(
    { x: new Float64Array(n), y: new Float64Array(n), nodeId: Float64Array.from({ length: n }, (_, i) => 100 + i) },
    {
      from: Uint32Array.from(edges.map((e) => e[0])),
      to: Uint32Array.from(edges.map((e) => e[1])),
      weight: Uint32Array.from(edges.map((e) => e[2])),
      length: Float32Array.from(edges.map((e) => e[3])),
    },
    { mode: 'car', profile: 'hand-drawn', inputHash: 'x', source: 'hand-drawn' },
  );
}

/** Times and metres from every engine; asserts they all agree with the reference, returns them. */
function solve(g: Graph, sources: number | SearchSource[], options: DijkstraOptions = {}) {
  const ref = referenceDijkstra(g, sources, options.maxDeciseconds ?? Infinity);
  const dij = new DijkstraSearch(g).run(sources, options);
  const phast = new PhastSearch(contract(g)).run(sources, options);
  expect([...dij.deciseconds]).toEqual(ref.deciseconds);
  expect([...dij.metres]).toEqual(ref.metres);
  expect([...phast.deciseconds]).toEqual(ref.deciseconds);
  expect([...phast.metres]).toEqual(ref.metres);
  if (typeof sources === 'number') {
    const all = Uint32Array.from({ length: g.nodeCount }, (_, i) => i);
    for (const network of [g, contract(g)]) {
      const m = computeMatrixSync(network, Uint32Array.of(sources), all, { maxDeciseconds: options.maxDeciseconds });
      expect([...m.deciseconds]).toEqual(ref.deciseconds);
      expect([...m.metres]).toEqual(ref.metres.map((x) => Math.fround(x)));
    }
  }
  return { ds: [...dij.deciseconds], m: [...dij.metres] };
}

describe('shortest paths on hand-drawn graphs (all engines vs reference)', () => {
  it('unreachable node is NO_PATH with NaN metres', () => {
    const r = solve(graph(3, [[0, 1, 10, 100], [2, 0, 5, 50]]), 0);
    expect(r.ds).toEqual([0, 10, NO_PATH]);
    expect(r.m[2]).toBeNaN();
  });

  it('zero-weight edge', () => {
    const r = solve(graph(3, [[0, 1, 0, 10], [1, 2, 5, 20]]), 0);
    expect(r.ds).toEqual([0, 0, 5]);
    expect(r.m).toEqual([0, 10, 30]);
  });

  it('parallel edges: the faster wins; equal time: the shorter', () => {
    expect(solve(graph(2, [[0, 1, 10, 100], [0, 1, 7, 300]]), 0).ds).toEqual([0, 7]);
    const tie = solve(graph(2, [[0, 1, 10, 100], [0, 1, 10, 80]]), 0);
    expect(tie.m).toEqual([0, 80]);
  });

  it('equal-time paths: metres of the shortest of them', () => {
    // 0→1→3 takes 20 ds over 300 m, 0→2→3 takes 20 ds over 150 m.
    const r = solve(graph(4, [[0, 1, 10, 100], [1, 3, 10, 200], [0, 2, 5, 100], [2, 3, 15, 50]]), 0);
    expect(r.ds[3]).toBe(20);
    expect(r.m[3]).toBe(150);
  });

  it('zero-weight tie reached after the node was first labelled', () => {
    // 1 is reached at 10 ds over 500 m directly and at 10 ds over 30 m via 2 (zero-time edge 2→1).
    const r = solve(graph(3, [[0, 1, 10, 500], [0, 2, 10, 20], [2, 1, 0, 10]]), 0);
    expect(r.ds).toEqual([0, 10, 10]);
    expect(r.m[1]).toBe(30);
  });

  it('self loop is ignored', () => {
    expect(solve(graph(2, [[0, 0, 1, 5], [0, 1, 5, 50], [1, 1, 0, 0]]), 0).ds).toEqual([0, 5]);
  });

  it('cut-off exactly at a distance keeps the node; one less drops it', () => {
    const g = graph(3, [[0, 1, 10, 100], [1, 2, 10, 100]]);
    expect(solve(g, 0, { maxDeciseconds: 20 }).ds).toEqual([0, 10, 20]);
    expect(solve(g, 0, { maxDeciseconds: 19 }).ds).toEqual([0, 10, NO_PATH]);
    expect(solve(g, 0, { maxDeciseconds: 0 }).ds).toEqual([0, NO_PATH, NO_PATH]);
  });

  it('source = target is 0 ds, 0 m', () => {
    const g = graph(2, [[0, 1, 10, 100], [1, 0, 10, 100]]);
    const r = new DijkstraSearch(g).run(1, { targets: [1] });
    expect(r.deciseconds[1]).toBe(0);
    expect(r.metres[1]).toBe(0);
    expect(r.deciseconds[0]).toBe(NO_PATH); // stopped before reaching it: never a non-final value
    const m = computeMatrixSync(contract(g), Uint32Array.of(1), Uint32Array.of(1));
    expect([...m.deciseconds, ...m.metres]).toEqual([0, 0]);
  });

  it('multiple sources with offsets', () => {
    const g = graph(4, [[0, 1, 10, 100], [3, 1, 50, 500], [1, 2, 5, 50]]);
    const r = solve(g, [{ node: 0, offsetDeciseconds: 100 }, { node: 3, offsetDeciseconds: 0 }]);
    expect(r.ds).toEqual([100, 50, 55, 0]);
    expect(r.m).toEqual([0, 500, 550, 0]);
    // A source beyond the cut-off contributes nothing.
    expect(solve(g, [{ node: 0, offsetDeciseconds: 100 }], { maxDeciseconds: 99 }).ds).toEqual([NO_PATH, NO_PATH, NO_PATH, NO_PATH]);
  });

  it('targets: stops early, reported values are final', () => {
    const g = graph(4, [[0, 1, 1, 1], [1, 2, 1, 1], [2, 3, 1, 1]]);
    const s = new DijkstraSearch(g);
    const r = s.run(0, { targets: [1] });
    expect([...r.deciseconds].slice(0, 2)).toEqual([0, 1]);
    expect(r.deciseconds[3]).toBe(NO_PATH);
    // The next run resets what this one touched.
    expect([...s.run(3).deciseconds]).toEqual([NO_PATH, NO_PATH, NO_PATH, 0]);
  });

  it('metric "distance": the shortest path, time along it', () => {
    const g = graph(3, [[0, 2, 10, 1000], [0, 1, 30, 100], [1, 2, 30, 100]]);
    const ref = referenceDijkstra(g, 0, Infinity, 'distance');
    const r = new DijkstraSearch(g, { metric: 'distance' }).run(0);
    expect([...r.deciseconds]).toEqual([0, 30, 60]);
    expect([...r.metres]).toEqual([0, 100, 200]);
    expect([...r.deciseconds]).toEqual(ref.deciseconds);
    const p = new PhastSearch(contract(g, { metric: 'distance' })).run(0);
    expect([...p.deciseconds]).toEqual([0, 30, 60]);
    expect([...new DijkstraSearch(g, { metric: 'distance' }).run(0, { maxMetres: 150 }).deciseconds]).toEqual([0, 30, NO_PATH]);
  });
});
