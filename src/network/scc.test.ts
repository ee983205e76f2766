import { describe, expect, it } from 'vitest';
import { Graph } from './graph.js';
import { keepLargestComponent, stronglyConnectedComponents } from './scc.js';

/**
 * Hand-drawn: a 4-cycle 0→1→2→3→0 with a chord 1→3, a 2-cycle 4⇄5 reached from 3 (3→4) but not
 * returning, and 6 with only an edge into the cycle (6→0). Components: {0,1,2,3}, {4,5}, {6}.
 */
function drawn(): Graph {
  const edges: Array<[number, number]> = [[0, 1], [1, 2], [2, 3], [3, 0], [1, 3], [3, 4], [4, 5], [5, 4], [6, 0]]; // prettier-ignore
  return Graph.fromEdges(
    { x: Float64Array.from([0, 1, 2, 3, 4, 5, 6]), y: new Float64Array(7), nodeId: Float64Array.from([10, 11, 12, 13, 14, 15, 16]) },
    {
      from: Uint32Array.from(edges.map((e) => e[0])),
      to: Uint32Array.from(edges.map((e) => e[1])),
      weight: Uint32Array.from(edges.map((_, i) => i + 1)),
      length: Float32Array.from(edges.map((_, i) => 10 * (i + 1))),
    },
    { mode: 'car', profile: 'test', inputHash: 'x', source: 'hand-drawn' },
  );
}

describe('strongly connected components', () => {
  it('finds the three components of the hand-drawn graph', () => {
    const g = drawn();
    const { component, count, size } = stronglyConnectedComponents(g.firstEdge, g.target);
    expect(count).toBe(3);
    const c = [...component];
    expect(new Set(c.slice(0, 4)).size).toBe(1);
    expect(c[4]).toBe(c[5]);
    expect(new Set([c[0], c[4], c[6]]).size).toBe(3);
    expect([...size].sort()).toEqual([1, 2, 4]);
  });

  it('keeps the largest, renumbered, with its internal edges only', () => {
    const { graph, componentCount, droppedNodes, droppedEdges } = keepLargestComponent(drawn());
    expect(componentCount).toBe(3);
    expect(droppedNodes).toBe(3);
    expect(droppedEdges).toBe(4); // 3→4, 4→5, 5→4, 6→0
    expect([...graph.nodeId]).toEqual([10, 11, 12, 13]);
    expect(graph.edgeCount).toBe(5);
    const edges: string[] = [];
    for (let u = 0; u < graph.nodeCount; u++) for (let e = graph.firstEdge[u]!; e < graph.firstEdge[u + 1]!; e++) edges.push(`${u}>${graph.target[e]}:${graph.weight[e]}:${graph.length[e]}`);
    expect(edges.sort()).toEqual(['0>1:1:10', '1>2:2:20', '1>3:5:50', '2>3:3:30', '3>0:4:40']);
  });

  it('handles a 200,000-node path without recursion (one component per node)', () => {
    const n = 200_000;
    const from = new Uint32Array(n - 1).map((_, i) => i);
    const to = new Uint32Array(n - 1).map((_, i) => i + 1);
    const g = Graph.fromEdges(
      { x: new Float64Array(n), y: new Float64Array(n), nodeId: new Float64Array(n) },
      { from, to, weight: new Uint32Array(n - 1).fill(1), length: new Float32Array(n - 1) },
      { mode: 'walk', profile: 'test', inputHash: 'x', source: 'path' },
    );
    expect(stronglyConnectedComponents(g.firstEdge, g.target).count).toBe(n);
    // Closing the path into a ring makes it one component.
    const ring = Graph.fromEdges(
      { x: new Float64Array(n), y: new Float64Array(n), nodeId: new Float64Array(n) },
      { from: Uint32Array.from([...from, n - 1]), to: Uint32Array.from([...to, 0]), weight: new Uint32Array(n).fill(1), length: new Float32Array(n) },
      { mode: 'walk', profile: 'test', inputHash: 'x', source: 'ring' },
    );
    expect(stronglyConnectedComponents(ring.firstEdge, ring.target).count).toBe(1);
  });
});
