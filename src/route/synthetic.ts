/**
 * SYNTHETIC graphs for tests and benchmarks (never real data): seeded random graphs and square grids.
 * Deterministic from a seed (mulberry32), so a failing case can be replayed.
 * Layout: plain CSR `Graph`s; coordinates are fake metres. Complexity O(n + m).
 */
import { Graph } from '../network/graph.js';

/** mulberry32: a tiny seeded PRNG returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const META = { mode: 'car' as const, profile: 'synthetic', inputHash: 'synthetic', source: 'synthetic' };

export interface RandomGraphOptions {
  /** Largest edge weight in deciseconds (weights are 0..maxWeight, so zero-weight edges occur). */
  maxWeight?: number;
  /** Share of edges that get a reverse twin (two-way roads); default 0.7. */
  twoWay?: number;
}

/**
 * SYNTHETIC random graph with n nodes and about m directed edges: nodes scattered in a square, edges to
 * near neighbours (road-like), plus parallel edges, self loops and equal-time ties to exercise edge cases.
 */
export function randomGraph(n: number, m: number, seed: number, options: RandomGraphOptions = {}): Graph {
  const rnd = seededRandom(seed);
  const maxWeight = options.maxWeight ?? 50;
  const twoWay = options.twoWay ?? 0.7;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = rnd() * 1000;
    y[i] = rnd() * 1000;
  }
  const from: number[] = [];
  const to: number[] = [];
  const weight: number[] = [];
  const length: number[] = [];
  const add = (a: number, b: number, w: number, l: number) => {
    from.push(a);
    to.push(b);
    weight.push(w);
    length.push(l);
  };
  while (from.length < m) {
    const a = Math.floor(rnd() * n);
    // Prefer a nearby node: pick a few candidates, keep the closest.
    let b = Math.floor(rnd() * n);
    for (let k = 0; k < 3; k++) {
      const c = Math.floor(rnd() * n);
      if ((x[c]! - x[a]!) ** 2 + (y[c]! - y[a]!) ** 2 < (x[b]! - x[a]!) ** 2 + (y[b]! - y[a]!) ** 2) b = c;
    }
    // Small integer weights so equal-time ties are common; lengths random, sometimes equal.
    const w = Math.floor(rnd() * (maxWeight + 1));
    const l = rnd() < 0.2 ? 100 : Math.round(rnd() * 5000) / 10;
    add(a, b, w, l);
    if (rnd() < twoWay) add(b, a, w, l);
    if (rnd() < 0.02) add(a, b, w + Math.floor(rnd() * 3) - 1 < 0 ? 0 : w + Math.floor(rnd() * 3) - 1, l + 1); // parallel edge
    if (rnd() < 0.01) add(a, a, Math.floor(rnd() * 5), 1); // self loop
  }
  return Graph.fromEdges(
    { x, y, nodeId: Float64Array.from({ length: n }, (_, i) => i) },
    { from: Uint32Array.from(from), to: Uint32Array.from(to), weight: Uint32Array.from(weight), length: Float32Array.from(length) },
    META,
  );
}

/**
 * SYNTHETIC side × side grid, 100 m spacing, every street two-way with a random speed of 30–80 km/h
 * (deciseconds 45–120 per block), so shortest paths are unique-ish like on roads.
 */
export function gridGraph(side: number, seed: number): Graph {
  const rnd = seededRandom(seed);
  const n = side * side;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let r = 0; r < side; r++) for (let c = 0; c < side; c++) {
    x[r * side + c] = c * 100;
    y[r * side + c] = r * 100;
  }
  const m = 4 * side * (side - 1);
  const from = new Uint32Array(m);
  const to = new Uint32Array(m);
  const weight = new Uint32Array(m);
  const length = new Float32Array(m).fill(100);
  let k = 0;
  const add = (a: number, b: number) => {
    const w = 45 + Math.floor(rnd() * 76);
    from[k] = a; to[k] = b; weight[k++] = w;
    from[k] = b; to[k] = a; weight[k++] = w;
  };
  for (let r = 0; r < side; r++) for (let c = 0; c < side; c++) {
    const v = r * side + c;
    if (c + 1 < side) add(v, v + 1);
    if (r + 1 < side) add(v, v + side);
  }
  return Graph.fromEdges({ x, y, nodeId: Float64Array.from({ length: n }, (_, i) => i) }, { from, to, weight, length }, { ...META, source: `synthetic grid ${side}×${side}` });
}
