import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.js';
import { dataDir } from '../../test/paths.js';
import { buildEmmeGraph } from './emme.js';
import { Graph } from './graph.js';
import { defaultAccessLeg, EMME_CAR_ACCESS, NodeIndex, OSM_ACCESS, snapPoints } from './snap.js';

function grid(): Graph {
  // 3 × 3 nodes, 100 m apart, no edges needed for snapping.
  const x: number[] = [];
  const y: number[] = [];
  for (let j = 0; j < 3; j++) for (let i = 0; i < 3; i++) (x.push(400_000 + 100 * i), y.push(6_700_000 + 100 * j));
  return Graph.fromEdges(
    { x: Float64Array.from(x), y: Float64Array.from(y), nodeId: Float64Array.from(x.map((_, i) => i + 100)) },
    { from: new Uint32Array(0), to: new Uint32Array(0), weight: new Uint32Array(0), length: new Float32Array(0) },
    { mode: 'car', profile: 'emme-car-v1', inputHash: 'x', source: 'grid' },
  );
}

describe('snapPoints', () => {
  it('snaps a point on a node with 0 m and no access time', () => {
    const g = grid();
    const r = snapPoints(g, { x: Float64Array.from([400_100]), y: Float64Array.from([6_700_200]) }, EMME_CAR_ACCESS);
    expect(r.node[0]).toBe(7);
    expect(r.snapMetres[0]).toBe(0);
    expect(r.accessDeciseconds[0]).toBe(0);
    expect(r.farCount).toBe(0);
  });

  it('prices the access leg as distance × detour at the access speed, and counts far points', () => {
    const g = grid();
    const r = snapPoints(g, { x: Float64Array.from([400_000, 450_000]), y: Float64Array.from([6_699_700, 6_700_000]) }, { ...EMME_CAR_ACCESS, maxReportMetres: 1000 });
    expect([...r.node]).toEqual([0, 2]);
    expect(r.snapMetres[0]).toBeCloseTo(300, 9);
    // 300 m × 1.3 at 30 km/h = 46.8 s.
    expect(r.accessDeciseconds[0]).toBe(468);
    expect(r.snapMetres[1]).toBeCloseTo(49_800, 9);
    expect(r.farCount).toBe(1);
    const walk = snapPoints(g, { x: Float64Array.from([400_000]), y: Float64Array.from([6_699_700]) }, OSM_ACCESS);
    expect(walk.accessDeciseconds[0]).toBe(2160); // 300 m at 5 km/h = 216 s
  });

  it('rejects non-finite coordinates with the point number', () => {
    expect(() => snapPoints(grid(), { x: Float64Array.from([1, NaN]), y: Float64Array.from([1, 1]) }, OSM_ACCESS)).toThrow(InputError);
    expect(() => snapPoints(grid(), { x: Float64Array.from([1, NaN]), y: Float64Array.from([1, 1]) }, OSM_ACCESS)).toThrow(/row 2/);
  });

  it('finds the same nearest distance as a linear scan on the EMME network', () => {
    const { graph } = buildEmmeGraph(dataDir('uusimaa_roads'));
    expect(defaultAccessLeg(graph)).toBe(EMME_CAR_ACCESS);
    const index = new NodeIndex(graph.x, graph.y);
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const d2 = new Float64Array(1);
    for (let k = 0; k < 500; k++) {
      const qx = 240_000 + rnd() * 260_000;
      const qy = 6_560_000 + rnd() * 360_000;
      const i = index.nearest(qx, qy, d2);
      let best = Infinity;
      for (let j = 0; j < graph.nodeCount; j++) best = Math.min(best, (graph.x[j]! - qx) ** 2 + (graph.y[j]! - qy) ** 2);
      expect(d2[0]).toBe(best);
      expect((graph.x[i]! - qx) ** 2 + (graph.y[i]! - qy) ** 2).toBe(best);
    }
  });
});
