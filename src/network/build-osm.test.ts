import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.js';
import { dataDir } from '../../test/paths.js';
import { buildOsmGraph, haversineMetres } from './build-osm.js';
import type { Graph, TravelMode } from './graph.js';
import { writeFixturePbf } from './pbf-writer.js';

const TAMPERE = dataDir('tampere', 'tampere.osm.pbf');
const tmp = mkdtempSync(join(tmpdir(), 'saavu-build-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Nodes reached from node 0 by BFS over the graph's edges. */
function reached(g: Graph): number {
  const seen = new Uint8Array(g.nodeCount);
  const queue = new Uint32Array(g.nodeCount);
  let head = 0;
  let tail = 0;
  seen[0] = 1;
  queue[tail++] = 0;
  while (head < tail) {
    const u = queue[head++]!;
    for (let e = g.firstEdge[u]!; e < g.firstEdge[u + 1]!; e++) {
      const v = g.target[e]!;
      if (!seen[v]) {
        seen[v] = 1;
        queue[tail++] = v;
      }
    }
  }
  return tail;
}

describe('buildOsmGraph on Tampere', () => {
  for (const mode of ['car', 'walk', 'bike'] as TravelMode[]) {
    it(`builds a strongly connected ${mode} graph`, () => {
      const { graph, report } = buildOsmGraph(TAMPERE, mode);
      expect(graph.meta).toMatchObject({ mode, profile: `osm-${mode}-v1`, source: 'tampere.osm.pbf' });
      expect(graph.meta.inputHash).toMatch(/^[0-9a-f]{64}$/);
      expect(report.nodesInFile).toBe(164_264);
      expect(report.nodes).toBe(graph.nodeCount);
      expect(report.nodes + report.droppedNodes).toBe(report.nodesBeforeComponent);
      // The largest component keeps most nodes.
      expect(report.nodes / report.nodesBeforeComponent).toBeGreaterThan(0.9);
      expect(graph.nodeCount).toBeGreaterThan(mode === 'car' ? 40_000 : 100_000);
      for (let e = 0; e < graph.edgeCount; e++) if (!(graph.weight[e]! > 0)) throw new Error(`edge ${e} has weight ${graph.weight[e]}`);
      // Strongly connected: BFS from node 0 reaches everything forwards and backwards.
      expect(reached(graph)).toBe(graph.nodeCount);
      expect(reached(graph.reversed())).toBe(graph.nodeCount);
      // Coordinates are EPSG:3067 around Tampere (≈ 327 000, 6 822 000).
      expect(graph.x[0]).toBeGreaterThan(300_000);
      expect(graph.x[0]).toBeLessThan(360_000);
      expect(graph.y[0]).toBeGreaterThan(6_800_000);
      expect(graph.y[0]).toBeLessThan(6_840_000);
      expect(graph.meta.report?.droppedNodes).toBe(report.droppedNodes);
    });
  }

  it('gives car edges the time of their length at the profile speed', () => {
    const { graph } = buildOsmGraph(TAMPERE, 'car');
    let slowest = 0;
    let fastest = Infinity;
    for (let e = 0; e < graph.edgeCount; e++) {
      if (graph.length[e]! < 50) continue; // rounding dominates very short edges
      const kmh = (graph.length[e]! / (graph.weight[e]! / 10)) * 3.6;
      slowest = Math.max(slowest, kmh);
      fastest = Math.min(fastest, kmh);
    }
    expect(slowest).toBeLessThan(122);
    expect(fastest).toBeGreaterThan(5);
  });

  it('rejects a file with no routable ways', () => {
    const nodes = [
      { id: 1, lon: 23.7, lat: 61.5 },
      { id: 2, lon: 23.701, lat: 61.5 },
    ];
    const file = join(tmp, 'footway-only.osm.pbf');
    writeFileSync(file, writeFixturePbf(nodes, [{ id: 1, refs: [1, 2], tags: { highway: 'footway' } }]));
    expect(() => buildOsmGraph(file, 'car')).toThrow(InputError);
    expect(() => buildOsmGraph(file, 'car')).toThrow(/footway-only\.osm\.pbf.*no routable ways/);
    expect(buildOsmGraph(file, 'walk').graph.nodeCount).toBe(2);
  });
});

describe('ways referencing nodes missing from the file', () => {
  it('are split at the missing nodes', () => {
    // A residential street 1-2-3-(4 missing)-5-6, and a crossing street 3-7 that returns via 7-3.
    const at = (id: number, i: number) => ({ id, lon: 23.7 + i * 0.001, lat: 61.5 });
    const nodes = [at(1, 0), at(2, 1), at(3, 2), at(5, 4), at(6, 5), { id: 7, lon: 23.702, lat: 61.501 }];
    const ways = [
      { id: 10, refs: [1, 2, 3, 4, 5, 6], tags: { highway: 'residential' } },
      { id: 11, refs: [3, 7], tags: { highway: 'residential' } },
    ];
    const file = join(tmp, 'missing-node.osm.pbf');
    writeFileSync(file, writeFixturePbf(nodes, ways));
    const all = buildOsmGraph(file, 'car', { largestComponentOnly: false });
    expect(all.report.waysSplitAtMissingNodes).toBe(1);
    expect(all.report.missingNodeRefs).toBe(1);
    expect(all.graph.nodeCount).toBe(6);
    expect(all.graph.edgeCount).toBe(2 * 4); // 1-2, 2-3, 5-6, 3-7, both ways; nothing across node 4
    const biggest = buildOsmGraph(file, 'car');
    expect([...biggest.graph.nodeId]).toEqual([1, 2, 3, 7]);
    expect(biggest.report).toMatchObject({ components: 2, droppedNodes: 2, droppedEdges: 2 });
    const e = biggest.graph.firstEdge[0]!;
    expect(biggest.graph.length[e]).toBeCloseTo(haversineMetres(23.7, 61.5, 23.701, 61.5), 2);
    expect(biggest.graph.weight[e]).toBe(Math.round((biggest.graph.length[e]! / (40 / 3.6)) * 10));
  });
});

describe('node order', () => {
  it('finds nodes in a file whose nodes are not sorted by id', () => {
    const nodes = [
      { id: 30, lon: 23.702, lat: 61.5 },
      { id: 10, lon: 23.7, lat: 61.5 },
      { id: 20, lon: 23.701, lat: 61.5 },
    ];
    const file = join(tmp, 'unsorted.osm.pbf');
    writeFileSync(file, writeFixturePbf(nodes, [{ id: 1, refs: [10, 20, 30], tags: { highway: 'residential' } }]));
    const { graph, report } = buildOsmGraph(file, 'car');
    expect(report.missingNodeRefs).toBe(0);
    expect(graph.edgeCount).toBe(4);
    expect([...graph.nodeId].sort()).toEqual([10, 20, 30]);
  });
});

describe('haversine', () => {
  it('matches a known distance (1° of latitude ≈ 111.2 km)', () => {
    expect(haversineMetres(25, 60, 25, 61)).toBeCloseTo(111_195, -1);
  });
});
