/**
 * Strongly connected components on a CSR graph (iterative Tarjan, no recursion, so a 1,000,000-node
 * path does not overflow the stack) and "keep the largest one", used by both network builders so that
 * every node of a saavu graph can reach every other.
 *
 * Data layout: the CSR arrays of `Graph` (firstEdge n+1, target m). Work arrays: index, low, component
 * (Int32Array n), an explicit call stack of (node, next edge) pairs and Tarjan's node stack, all n long.
 * Complexity: O(n + m) time, O(n) extra memory.
 */
import { Graph } from './graph.js';

export interface Components {
  /** Component id of each node, 0..count-1. */
  component: Int32Array;
  count: number;
  /** Node count of each component. */
  size: Uint32Array;
}

/** Tarjan's strongly connected components of the CSR graph (firstEdge, target) with n nodes. */
export function stronglyConnectedComponents(firstEdge: Uint32Array, target: Uint32Array): Components {
  const n = firstEdge.length - 1;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const component = new Int32Array(n).fill(-1);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  const callNode = new Int32Array(n);
  const callEdge = new Uint32Array(n);
  const sizes: number[] = [];
  let sp = 0;
  let next = 0;
  for (let s = 0; s < n; s++) {
    if (index[s] !== -1) continue;
    let csp = 0;
    index[s] = low[s] = next++;
    stack[sp++] = s;
    onStack[s] = 1;
    callNode[csp] = s;
    callEdge[csp++] = firstEdge[s]!;
    while (csp > 0) {
      const v = callNode[csp - 1]!;
      const e = callEdge[csp - 1]!;
      if (e < firstEdge[v + 1]!) {
        callEdge[csp - 1] = e + 1;
        const w = target[e]!;
        if (index[w] === -1) {
          index[w] = low[w] = next++;
          stack[sp++] = w;
          onStack[w] = 1;
          callNode[csp] = w;
          callEdge[csp++] = firstEdge[w]!;
        } else if (onStack[w] && index[w]! < low[v]!) low[v] = index[w]!;
        continue;
      }
      // All edges of v done: v roots a component when nothing on its stack reaches further up.
      if (low[v] === index[v]) {
        const id = sizes.length;
        let size = 0;
        let w: number;
        do {
          w = stack[--sp]!;
          onStack[w] = 0;
          component[w] = id;
          size++;
        } while (w !== v);
        sizes.push(size);
      }
      csp--;
      if (csp > 0) {
        const u = callNode[csp - 1]!;
        if (low[v]! < low[u]!) low[u] = low[v]!;
      }
    }
  }
  return { component, count: sizes.length, size: Uint32Array.from(sizes) };
}

export interface LargestComponentResult {
  graph: Graph;
  componentCount: number;
  droppedNodes: number;
  droppedEdges: number;
}

/**
 * The subgraph induced by the largest strongly connected component (ties: the lowest component id),
 * nodes renumbered in their original order. The input graph is returned as is when it is already
 * strongly connected.
 */
export function keepLargestComponent(graph: Graph): LargestComponentResult {
  const n = graph.nodeCount;
  if (n === 0) return { graph, componentCount: 0, droppedNodes: 0, droppedEdges: 0 };
  const { component, count, size } = stronglyConnectedComponents(graph.firstEdge, graph.target);
  if (count === 1) return { graph, componentCount: 1, droppedNodes: 0, droppedEdges: 0 };
  let best = 0;
  for (let c = 1; c < count; c++) if (size[c]! > size[best]!) best = c;
  const newId = new Int32Array(n).fill(-1);
  let kept = 0;
  for (let u = 0; u < n; u++) if (component[u] === best) newId[u] = kept++;
  const x = new Float64Array(kept);
  const y = new Float64Array(kept);
  const nodeId = new Float64Array(kept);
  let m = 0;
  for (let u = 0; u < n; u++) {
    const nu = newId[u]!;
    if (nu < 0) continue;
    x[nu] = graph.x[u]!;
    y[nu] = graph.y[u]!;
    nodeId[nu] = graph.nodeId[u]!;
    for (let e = graph.firstEdge[u]!; e < graph.firstEdge[u + 1]!; e++) if (newId[graph.target[e]!]! >= 0) m++;
  }
  // Nodes keep their order, so the edges come out grouped by source: fill CSR directly.
  const firstEdge = new Uint32Array(kept + 1);
  const target = new Uint32Array(m);
  const weight = new Uint32Array(m);
  const length = new Float32Array(m);
  let k = 0;
  for (let u = 0; u < n; u++) {
    const nu = newId[u]!;
    if (nu < 0) continue;
    firstEdge[nu] = k;
    for (let e = graph.firstEdge[u]!; e < graph.firstEdge[u + 1]!; e++) {
      const t = newId[graph.target[e]!]!;
      if (t < 0) continue;
      target[k] = t;
      weight[k] = graph.weight[e]!;
      length[k] = graph.length[e]!;
      k++;
    }
  }
  firstEdge[kept] = k;
  return {
    graph: new Graph(firstEdge, target, weight, length, x, y, nodeId, graph.meta),
    componentCount: count,
    droppedNodes: n - kept,
    droppedEdges: graph.edgeCount - m,
  };
}
