import { describe, expect, it } from 'vitest';
import { Graph, travelDeciseconds } from './graph.js';

// Synthetic 4-node graph drawn by hand: 0→1 (10), 1→2 (20), 0→2 (50), 2→3 (5), 3→0 (7)
function tiny(): Graph {
  return Graph.fromEdges(
    { x: Float64Array.from([0, 100, 200, 300]), y: Float64Array.from([0, 0, 0, 0]), nodeId: Float64Array.from([11, 12, 13, 14]) },
    { from: Uint32Array.from([2, 0, 1, 0, 3]), to: Uint32Array.from([3, 1, 2, 2, 0]), weight: Uint32Array.from([5, 10, 20, 50, 7]), length: Float32Array.from([50, 100, 200, 500, 70]) },
    { mode: 'car', profile: 'test', inputHash: 'x', source: 'hand-drawn' },
  );
}

describe('Graph (CSR)', () => {
  it('groups edges by source node', () => {
    const g = tiny();
    expect([...g.firstEdge]).toEqual([0, 2, 3, 4, 5]);
    const out0 = [...g.target.subarray(g.firstEdge[0], g.firstEdge[1])].sort();
    expect(out0).toEqual([1, 2]);
    expect(g.target[g.firstEdge[3]!]).toBe(0);
  });

  it('round-trips through one buffer, for every header length alignment', () => {
    for (const source of ['a', 'ab', 'abc', 'abcd', 'abcde', 'abcdef', 'abcdefg', 'abcdefgh']) {
      const g = tiny();
      const h = Graph.from(new Graph(g.firstEdge, g.target, g.weight, g.length, g.x, g.y, g.nodeId, { ...g.meta, source }).toBuffer());
      expect(h.meta.source).toBe(source);
      expect([...h.firstEdge]).toEqual([...g.firstEdge]);
      expect([...h.target]).toEqual([...g.target]);
      expect([...h.weight]).toEqual([...g.weight]);
      expect([...h.length]).toEqual([...g.length]);
      expect([...h.nodeId]).toEqual([11, 12, 13, 14]);
    }
  });

  it('reverses every edge', () => {
    const r = tiny().reversed();
    expect([...r.target.subarray(r.firstEdge[0], r.firstEdge[1])]).toEqual([3]);
    expect(r.edgeCount).toBe(5);
  });

  it('rejects foreign and truncated buffers', () => {
    expect(() => Graph.from(new ArrayBuffer(64))).toThrow(/bad magic/);
    const buf = tiny().toBuffer();
    expect(() => Graph.from(buf.slice(0, buf.byteLength - 16))).toThrow(/truncated/);
  });

  it('converts metres at a speed to deciseconds', () => {
    expect(travelDeciseconds(1000, 36)).toBe(1000); // 10 m/s → 100 s
    expect(travelDeciseconds(0.01, 50)).toBe(1);
    expect(travelDeciseconds(0, 50)).toBe(0);
  });
});
