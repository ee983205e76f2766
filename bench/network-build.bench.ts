/**
 * Building the Tampere car graph from PBF: saavu's buildOsmGraph (typed arrays, binary-searched node
 * table, CSR, iterative Tarjan) against a straightforward baseline written the usual way — tiny-osmpbf
 * element objects, a Map from node id to node, an array of edge objects — that applies the same
 * profile, splits at missing nodes, and keeps the largest component with the same routine. Both must
 * produce the same node and edge counts. Target (issue 4): under 5 s.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { buildOsmGraph, haversineMetres } from '../src/network/build-osm.js';
import { Graph, travelDeciseconds } from '../src/network/graph.js';
import { carProfile } from '../src/network/profiles.js';
import { keepLargestComponent } from '../src/network/scc.js';
import { lonLatTo3067 } from '../src/geo/crs.js';
import { dataDir } from '../test/paths.js';
import { report, time } from './harness.js';

interface TinyNode { type: 'node'; id: number; lat: number; lon: number } // prettier-ignore
interface TinyWay { type: 'way'; id: number; nodes: number[]; tags: Record<string, string> } // prettier-ignore
const require = createRequire(import.meta.url);
const tinyOsmPbf = require('tiny-osmpbf') as (input: Uint8Array) => { elements: Array<TinyNode | TinyWay | { type: 'relation' }> };

const file = dataDir('tampere', 'tampere.osm.pbf');

function baselineBuild(): Graph {
  const { elements } = tinyOsmPbf(new Uint8Array(readFileSync(file)));
  const nodes = new Map<number, { lon: number; lat: number; index: number }>();
  for (const e of elements) if (e.type === 'node') nodes.set(e.id, { lon: e.lon, lat: e.lat, index: -1 });
  const edges: Array<{ a: number; b: number; metres: number; kmh: number }> = [];
  const used: Array<{ id: number; lon: number; lat: number }> = [];
  const indexOf = (id: number) => {
    const n = nodes.get(id)!;
    if (n.index < 0) n.index = used.push({ id, lon: n.lon, lat: n.lat }) - 1;
    return n.index;
  };
  for (const e of elements) {
    if (e.type !== 'way') continue;
    const r = carProfile.route(e.tags);
    if (!r) continue;
    for (let i = 0; i + 1 < e.nodes.length; i++) {
      const p = nodes.get(e.nodes[i]!);
      const q = nodes.get(e.nodes[i + 1]!);
      if (!p || !q || e.nodes[i] === e.nodes[i + 1]) continue;
      const a = indexOf(e.nodes[i]!);
      const b = indexOf(e.nodes[i + 1]!);
      const metres = haversineMetres(p.lon, p.lat, q.lon, q.lat);
      if (r.forward) edges.push({ a, b, metres, kmh: r.kmh });
      if (r.backward) edges.push({ a: b, b: a, metres, kmh: r.kmh });
    }
  }
  const xy = used.map((n) => lonLatTo3067(n.lon, n.lat));
  const g = Graph.fromEdges(
    { x: Float64Array.from(xy, (p) => p[0]), y: Float64Array.from(xy, (p) => p[1]), nodeId: Float64Array.from(used, (n) => n.id) },
    {
      from: Uint32Array.from(edges, (e) => e.a),
      to: Uint32Array.from(edges, (e) => e.b),
      weight: Uint32Array.from(edges, (e) => Math.max(1, travelDeciseconds(e.metres, e.kmh))),
      length: Float32Array.from(edges, (e) => e.metres),
    },
    { mode: 'car', profile: carProfile.name, inputHash: '', source: 'tampere.osm.pbf' },
  );
  return keepLargestComponent(g).graph;
}

let ours: Graph | null = null;
let base: Graph | null = null;
const t1 = time('buildOsmGraph(tampere.osm.pbf, car)', () => (ours = buildOsmGraph(file, 'car').graph), 5);
const t2 = time('tiny-osmpbf + Map<id,node> + edge objects (same profile/SCC)', () => (base = baselineBuild()), 5);
const a = ours as Graph | null;
const b = base as Graph | null;
if (!a || !b || a.nodeCount !== b.nodeCount || a.edgeCount !== b.edgeCount) {
  throw new Error(`builds disagree: ours ${a?.nodeCount}/${a?.edgeCount}, baseline ${b?.nodeCount}/${b?.edgeCount}`);
}
report(`Tampere car network from PBF (${a.nodeCount} nodes, ${a.edgeCount} edges; target < 5000 ms)`, t1, t2, 'same node and edge counts');
