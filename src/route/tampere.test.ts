/**
 * REAL data: the Tampere car and walk graphs built from data/tampere/tampere.osm.pbf (src/network).
 * For random sources × ALL nodes (20 sources on car, 6 on walk: one FIFO label-correcting reference run on
 * the 147k-node walk graph takes ~0.8 s, so 20 would cost ~16 s for little extra assurance; 6 × 147k
 * = 880k checked pairs), per mode:
 *   reference = referenceLabelCorrecting (FIFO Bellman–Ford: no heap, no cost encoding), compared with
 *   heap DijkstraSearch, CH + PHAST, computeMatrixSync on the CH (RPHAST), computeMatrix on 2 worker threads
 *   (CH) and computeMatrix on 2 threads on the plain graph (Dijkstra rows): deciseconds AND metres identical.
 * The O(n²) referenceDijkstra is too slow for 10⁵ nodes, so it is checked on a REAL subgraph (the ~2,500
 * nodes of a 2.5 km square in central Tampere, induced) for 20 sources × all its nodes, against the
 * label-correcting reference, heap Dijkstra and PHAST on that subgraph.
 * Arrays are compared with `expectSame` (first differing index, then `toBe` on that element), not
 * `toEqual` on 10⁵-element arrays, which took most of the runtime; it is the same exact check (NaN = NaN).
 */
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { Graph, type TravelMode } from '../network/graph.js';
import { buildOsmGraph } from '../network/build-osm.js';
import { contract } from './contract.js';
import { DijkstraSearch } from './dijkstra.js';
import { closeMatrixWorkers, computeMatrix, computeMatrixSync } from './matrix.js';
import { PhastSearch } from './phast.js';
import { referenceDijkstra, referenceLabelCorrecting } from './reference-dijkstra.js';
import { seededRandom } from './synthetic.js';
import { dataDir } from '../../test/paths.js';

const pbf = dataDir('tampere', 'tampere.osm.pbf');
afterAll(() => closeMatrixWorkers());

/** The subgraph induced by the nodes inside a square of `side` metres centred on the graph's median node. */
function centralSubgraph(g: Graph, side: number): Graph {
  const xs = [...g.x].sort((a, b) => a - b);
  const ys = [...g.y].sort((a, b) => a - b);
  const cx = xs[xs.length >> 1]!;
  const cy = ys[ys.length >> 1]!;
  const keep = new Int32Array(g.nodeCount).fill(-1);
  const kept: number[] = [];
  for (let v = 0; v < g.nodeCount; v++) if (Math.abs(g.x[v]! - cx) <= side / 2 && Math.abs(g.y[v]! - cy) <= side / 2) keep[v] = kept.push(v) - 1;
  const from: number[] = [], to: number[] = [], w: number[] = [], l: number[] = [];
  for (const v of kept) for (let e = g.firstEdge[v]!; e < g.firstEdge[v + 1]!; e++) {
    const t = keep[g.target[e]!]!;
    if (t < 0) continue;
    from.push(keep[v]!); to.push(t); w.push(g.weight[e]!); l.push(g.length[e]!);
  }
  const pick = (a: Float64Array) => Float64Array.from(kept, (v) => a[v]!);
  return Graph.fromEdges({ x: pick(g.x), y: pick(g.y), nodeId: pick(g.nodeId) }, { from: Uint32Array.from(from), to: Uint32Array.from(to), weight: Uint32Array.from(w), length: Float32Array.from(l) }, g.meta);
}

/**
 * Exact element-wise equality (Object.is, so NaN = NaN) of two number arrays, like toEqual on the spread
 * arrays but linear and allocation-free; on a mismatch fails with the label, index and both values.
 */
function expectSame(actual: ArrayLike<number>, expected: ArrayLike<number>, label: string): void {
  expect(actual.length, `${label}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) expect(actual[i], `${label}: node/column ${i}`).toBe(expected[i]);
  }
}

const SOURCES: Partial<Record<TravelMode, number>> = { car: 20, walk: 6 };

describe.skipIf(!existsSync(pbf))('REAL Tampere graphs: every engine = reference, 20 (car) / 6 (walk) sources × all nodes', () => {
  for (const mode of ['car', 'walk'] as TravelMode[]) {
    it(`${mode}`, async () => {
      const { graph: g } = buildOsmGraph(pbf, mode);
      const n = g.nodeCount;
      expect(n).toBeGreaterThan(10_000);
      const ch = contract(g);
      const rnd = seededRandom(mode === 'car' ? 2024 : 2025);
      const count = SOURCES[mode]!;
      const sources = Uint32Array.from({ length: count }, () => Math.floor(rnd() * n));
      const all = Uint32Array.from({ length: n }, (_, i) => i);
      const dij = new DijkstraSearch(g);
      const phast = new PhastSearch(ch);
      const matrices = {
        'RPHAST sync': computeMatrixSync(ch, sources, all),
        'RPHAST 2 threads': await computeMatrix(ch, sources, all, { threads: 2 }),
        'Dijkstra 2 threads': await computeMatrix(g, sources, all, { threads: 2 }),
      };
      let reachable = 0;
      sources.forEach((s, i) => {
        const ref = referenceLabelCorrecting(g, s);
        const refM32 = ref.metres.map(Math.fround);
        reachable += ref.deciseconds.filter((d) => d !== 0xffffffff).length;
        const a = dij.run(s);
        expectSame(a.deciseconds, ref.deciseconds, `Dijkstra, source ${s}`);
        expectSame(a.metres, ref.metres, `Dijkstra metres, source ${s}`);
        const b = phast.run(s);
        expectSame(b.deciseconds, ref.deciseconds, `PHAST, source ${s}`);
        expectSame(b.metres, ref.metres, `PHAST metres, source ${s}`);
        for (const [name, m] of Object.entries(matrices)) {
          expectSame(m.deciseconds.subarray(i * n, (i + 1) * n), ref.deciseconds, `${name}, source ${s}`);
          expectSame(m.metres.subarray(i * n, (i + 1) * n), refM32, `${name} metres, source ${s}`);
        }
      });
      // The largest strongly connected component is kept, so (almost) everything is reachable.
      expect(reachable / (count * n)).toBeGreaterThan(0.99);
    }, 180_000);
  }

  it('O(n²) reference on a real central subgraph (car)', () => {
    const { graph } = buildOsmGraph(pbf, 'car');
    const g = centralSubgraph(graph, 2500);
    expect(g.nodeCount).toBeGreaterThan(500);
    const dij = new DijkstraSearch(g);
    const phast = new PhastSearch(contract(g));
    const rnd = seededRandom(7);
    for (let k = 0; k < 20; k++) {
      const s = Math.floor(rnd() * g.nodeCount);
      const ref = referenceDijkstra(g, s);
      expect(referenceLabelCorrecting(g, s)).toEqual(ref);
      expect([...dij.run(s).deciseconds]).toEqual(ref.deciseconds);
      expect([...phast.run(s).deciseconds]).toEqual(ref.deciseconds);
      expect([...phast.run(s).metres]).toEqual(ref.metres);
    }
  }, 180_000);
});
