/**
 * Door-to-door travel-time matrices between places (demand cells, sites, a user's points): each place is
 * snapped to its nearest routable node (src/network/snap.ts) and pays an explicit access leg
 * (straight-line distance × detour factor at the access speed) at the start and at the end, so
 *
 *   total time   = origin access leg + network time + destination access leg
 *   total metres = origin snap × detour + network metres + destination snap × detour
 *
 * and both legs are returned beside the total so every result can show them. The access-leg model also
 * allows the trip to stay off the network altogether: the direct trip (straight line between the two
 * places × detour at the access speed) is taken when it is better by the chosen metric, and always when
 * both places snap to the same node. On the coarse EMME skeleton this is what lets two neighbours in one
 * town reach each other without a detour via distant main-road nodes; on OSM it only matters for a few
 * hundred metres. `direct` marks those pairs. Places farther than
 * `maxSnapMetres` from every node (EMME 25 km, OSM 10 km: a point outside the network, a wrong CRS) are not
 * routed: their rows/columns stay unreachable and they are listed in `excluded` with the distance, never
 * given a made-up time.
 *
 * Speed: places snapped to the same node share one search (origins and destinations are deduplicated by
 * node before routing). Small networks or few origins use heap Dijkstra rows; large jobs contract the
 * graph once (contraction hierarchies, cached by the caller through `Cache`) and use RPHAST rows; both
 * give identical results (tests in contract.test.ts, tampere.test.ts). Rows run in worker threads.
 */
import { createHash } from 'node:crypto';
import type { Cache } from '../core/cache.js';
import { pack, unpack } from '../core/packed.js';
import { travelDeciseconds, type Graph } from '../network/graph.js';
import { defaultAccessLeg, snapPoints, type AccessLeg } from '../network/snap.js';
import { contract, ContractedGraph } from './contract.js';
import { NO_PATH, type Metric } from './cost.js';
import { computeMatrix, computeMatrixSync, type RoutingNetwork } from './matrix.js';

/** Places (EPSG:3067 metres) with ids, aligned arrays. */
export interface Places {
  ids: readonly string[];
  x: Float64Array;
  y: Float64Array;
}

export interface TravelMatrixOptions {
  /** The access leg; default `defaultAccessLeg(graph)` (EMME: 30 km/h × 1.3; OSM: 5 km/h × 1.0). */
  access?: AccessLeg;
  /** What the network part minimises: 'time' (default) or 'distance'. */
  metric?: Metric;
  /** Cut-off on the door-to-door time in minutes; longer trips are unreachable. */
  maxMinutes?: number;
  /** Places farther than this from the nearest node are excluded (default: the access leg's maxSnapMetres, else 10 km). */
  maxSnapMetres?: number;
  /** Places snapped farther than this are counted as far (default 1,000 m). */
  reportSnapMetres?: number;
  /** Worker threads (default: all cores). */
  threads?: number;
  /** 'auto' (default): contract when the job is large; 'always' / 'never' force the choice. */
  contraction?: 'auto' | 'always' | 'never';
  /** Cache for the contraction hierarchy (keyed by the graph's input hash and the metric). */
  cache?: Cache;
}

export interface PlaceSnap {
  /** Node each place snapped to. */
  node: Uint32Array;
  /** Straight-line distance place → node, metres. */
  snapMetres: Float64Array;
  /** Access-leg time, deciseconds. */
  accessDeciseconds: Uint32Array;
  /** 1 where the place was excluded (farther than maxSnapMetres). */
  excluded: Uint8Array;
}

export interface TravelMatrix {
  originIds: readonly string[];
  destinationIds: readonly string[];
  /** Row-major origins × destinations, door-to-door deciseconds; NO_PATH where unreachable. */
  deciseconds: Uint32Array;
  /** Row-major, door-to-door metres along the same route (NaN where unreachable). */
  metres: Float32Array;
  /** Row-major, 1 where the trip is the direct access-leg trip (no network part). */
  direct: Uint8Array;
  origins: PlaceSnap;
  destinations: PlaceSnap;
  access: AccessLeg;
  metric: Metric;
  /** Places snapped farther than reportSnapMetres (but routed). */
  far: Array<{ side: 'origin' | 'destination'; index: number; id: string; snapMetres: number }>;
  /** Places not routed (farther than maxSnapMetres). */
  excluded: Array<{ side: 'origin' | 'destination'; index: number; id: string; snapMetres: number }>;
  /** The network the matrix was computed on. */
  network: { profile: string; source: string; inputHash: string; mode: string };
  engine: 'dijkstra' | 'ch-rphast';
}

/** Nodes and origins above which 'auto' contracts the graph (a CH costs ~0.4 s per 60k car nodes). */
const CH_MIN_NODES = 20_000;
const CH_MIN_ORIGINS = 64;

function snapSide(graph: Graph, places: Places, access: AccessLeg, maxSnap: number, reportSnap: number, side: 'origin' | 'destination', far: TravelMatrix['far'], excluded: TravelMatrix['excluded']): PlaceSnap {
  if (places.ids.length !== places.x.length || places.x.length !== places.y.length) throw new Error(`${side}s: ids, x and y differ in length`);
  const s = snapPoints(graph, places, { ...access, maxReportMetres: reportSnap });
  const ex = new Uint8Array(places.ids.length);
  for (let i = 0; i < ex.length; i++) {
    const d = s.snapMetres[i]!;
    if (d > maxSnap) {
      ex[i] = 1;
      excluded.push({ side, index: i, id: places.ids[i]!, snapMetres: Math.round(d) });
    } else if (d > reportSnap) far.push({ side, index: i, id: places.ids[i]!, snapMetres: Math.round(d) });
  }
  return { node: s.node, snapMetres: s.snapMetres, accessDeciseconds: s.accessDeciseconds, excluded: ex };
}

/** Unique nodes of the non-excluded places, and each place's index into them (-1 if excluded). */
function uniqueNodes(snap: PlaceSnap): { nodes: Uint32Array; slot: Int32Array } {
  const seen = new Map<number, number>();
  const slot = new Int32Array(snap.node.length).fill(-1);
  for (let i = 0; i < snap.node.length; i++) {
    if (snap.excluded[i]) continue;
    const v = snap.node[i]!;
    let k = seen.get(v);
    if (k === undefined) seen.set(v, (k = seen.size));
    slot[i] = k;
  }
  return { nodes: Uint32Array.from(seen.keys()), slot };
}

/** The contraction hierarchy of `graph` for `metric`, from the cache when it holds one. */
export function contractedFor(graph: Graph, metric: Metric, cache?: Cache): ContractedGraph {
  const key = `ch:${metric}:${graph.meta.inputHash}`;
  const hit = cache?.get(key);
  if (hit) return ContractedGraph.from(hit);
  const ch = contract(graph, { metric });
  cache?.put(key, 'ch', new Uint8Array(ch.toBuffer()));
  return ch;
}

/** Door-to-door matrix (see the module comment). */
export async function travelMatrix(graph: Graph, origins: Places, destinations: Places, options: TravelMatrixOptions = {}): Promise<TravelMatrix> {
  const access = options.access ?? defaultAccessLeg(graph);
  const metric = options.metric ?? 'time';
  const maxSnap = options.maxSnapMetres ?? access.maxSnapMetres ?? 10_000;
  const reportSnap = options.reportSnapMetres ?? 1_000;
  const far: TravelMatrix['far'] = [];
  const excluded: TravelMatrix['excluded'] = [];
  const o = snapSide(graph, origins, access, maxSnap, reportSnap, 'origin', far, excluded);
  const d = snapSide(graph, destinations, access, maxSnap, reportSnap, 'destination', far, excluded);
  const uo = uniqueNodes(o);
  const ud = uniqueNodes(d);

  const mode = options.contraction ?? 'auto';
  const useCh = mode === 'always' || (mode === 'auto' && graph.nodeCount >= CH_MIN_NODES && uo.nodes.length >= CH_MIN_ORIGINS);
  const network: RoutingNetwork = useCh ? contractedFor(graph, metric, options.cache) : graph;
  const maxDs = options.maxMinutes === undefined ? undefined : Math.round(options.maxMinutes * 600);
  const small = uo.nodes.length * graph.nodeCount < 2e6;
  const net = small || options.threads === 1
    ? computeMatrixSync(network, uo.nodes, ud.nodes, { maxDeciseconds: maxDs, metric: useCh ? undefined : metric })
    : await computeMatrix(network, uo.nodes, ud.nodes, { maxDeciseconds: maxDs, metric: useCh ? undefined : metric, threads: options.threads });

  const rows = origins.ids.length;
  const cols = destinations.ids.length;
  const deciseconds = new Uint32Array(rows * cols).fill(NO_PATH);
  const metres = new Float32Array(rows * cols).fill(NaN);
  const width = ud.nodes.length;
  const direct = new Uint8Array(rows * cols);
  const byDistance = metric === 'distance';
  for (let i = 0; i < rows; i++) {
    const oi = uo.slot[i]!;
    if (oi < 0) continue;
    const oa = o.accessDeciseconds[i]!;
    const om = o.snapMetres[i]! * access.detourFactor;
    for (let j = 0; j < cols; j++) {
      const dj = ud.slot[j]!;
      if (dj < 0) continue;
      const k = i * cols + j;
      // The direct trip on the unmodelled local network: straight line × detour at the access speed.
      const dm = Math.hypot(origins.x[i]! - destinations.x[j]!, origins.y[i]! - destinations.y[j]!) * access.detourFactor;
      const dds = travelDeciseconds(dm, access.accessKmh);
      let total = NO_PATH;
      let totalM = NaN;
      if (o.node[i] !== d.node[j]) {
        const u = oi * width + dj;
        const t = net.deciseconds[u]!;
        if (t !== NO_PATH) {
          total = t + oa + d.accessDeciseconds[j]!;
          totalM = net.metres[u]! + om + d.snapMetres[j]! * access.detourFactor;
        }
      }
      // Same node (the network part is empty), or the direct trip is better by the chosen metric.
      if (total === NO_PATH || (byDistance ? dm < totalM : dds < total)) {
        total = dds;
        totalM = dm;
        direct[k] = 1;
      }
      if (maxDs !== undefined && total > maxDs) continue;
      deciseconds[k] = total;
      metres[k] = totalM;
    }
  }
  const { profile, source, inputHash, mode: travelMode } = graph.meta;
  return {
    originIds: origins.ids, destinationIds: destinations.ids, deciseconds, metres, direct, origins: o, destinations: d, access, metric,
    far, excluded, network: { profile, source, inputHash, mode: travelMode }, engine: useCh ? 'ch-rphast' : 'dijkstra',
  };
}

// ---- Caching ---------------------------------------------------------------------------------------

const MATRIX_MAGIC = 0x4d564153; // "SAVM"
const MATRIX_VERSION = 2;

/** Cache key of a matrix: every input that changes its numbers. */
export function travelMatrixKey(graph: Graph, origins: Places, destinations: Places, options: TravelMatrixOptions = {}): string {
  const access = options.access ?? defaultAccessLeg(graph);
  const h = createHash('sha256');
  h.update(`${graph.meta.inputHash}|${options.metric ?? 'time'}|${options.maxMinutes ?? ''}|${options.maxSnapMetres ?? access.maxSnapMetres ?? 10_000}|${options.reportSnapMetres ?? 1_000}|${access.accessKmh}|${access.detourFactor}|${MATRIX_VERSION}`);
  for (const p of [origins, destinations]) {
    h.update(JSON.stringify(p.ids));
    h.update(new Uint8Array(p.x.buffer, p.x.byteOffset, p.x.byteLength));
    h.update(new Uint8Array(p.y.buffer, p.y.byteOffset, p.y.byteLength));
  }
  return `matrix:${graph.meta.mode}:${h.digest('hex')}`;
}

export function travelMatrixToBytes(m: TravelMatrix): Uint8Array {
  const { deciseconds, metres, direct, origins: o, destinations: d, ...meta } = m;
  return pack(MATRIX_MAGIC, MATRIX_VERSION, meta, [
    deciseconds, metres, direct, o.node, o.snapMetres, o.accessDeciseconds, o.excluded, d.node, d.snapMetres, d.accessDeciseconds, d.excluded,
  ]);
}

export function travelMatrixFromBytes(bytes: Uint8Array): TravelMatrix {
  const { meta, arrays } = unpack(bytes, MATRIX_MAGIC, MATRIX_VERSION);
  const a = arrays as [Uint32Array, Float32Array, Uint8Array, Uint32Array, Float64Array, Uint32Array, Uint8Array, Uint32Array, Float64Array, Uint32Array, Uint8Array];
  return {
    ...(meta as Omit<TravelMatrix, 'deciseconds' | 'metres' | 'direct' | 'origins' | 'destinations'>),
    deciseconds: a[0], metres: a[1], direct: a[2],
    origins: { node: a[3], snapMetres: a[4], accessDeciseconds: a[5], excluded: a[6] },
    destinations: { node: a[7], snapMetres: a[8], accessDeciseconds: a[9], excluded: a[10] },
  };
}

/** `travelMatrix`, reusing `cache` when it holds the same matrix; `fromCache` says which. */
export async function cachedTravelMatrix(cache: Cache, graph: Graph, origins: Places, destinations: Places, options: TravelMatrixOptions = {}): Promise<TravelMatrix & { fromCache: boolean; key: string }> {
  const key = travelMatrixKey(graph, origins, destinations, options);
  const hit = cache.get(key);
  if (hit) return { ...travelMatrixFromBytes(hit), fromCache: true, key };
  const m = await travelMatrix(graph, origins, destinations, { ...options, cache: options.cache ?? cache });
  cache.put(key, 'matrix', travelMatrixToBytes(m));
  return { ...m, fromCache: false, key };
}
