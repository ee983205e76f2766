/**
 * Snapping points (demand cells, sites) to the nearest node of a routable graph, with an explicit
 * access leg: the trip from the point to the network is straight-line distance × a detour factor at an
 * access speed, added to every travel time that starts or ends at the point, and reported.
 *
 * Data layout: a kdbush index over the graph's node coordinates (EPSG:3067 metres; built once per graph
 * and cached in a WeakMap), nearest-neighbour search by branch and bound over kdbush's implicit kd-tree
 * (its `ids`/`coords` arrays, leaves of `nodeSize` points) with a reusable typed-array stack; results in
 * flat arrays aligned with the input points.
 * Complexity: index O(n log n) once; each query O(log n) expected.
 */
import KDBush from 'kdbush';
import { InputError } from '../core/errors.js';
import { travelDeciseconds, type Graph } from './graph.js';

export interface AccessLeg {
  /** Speed of the access leg in km/h. */
  accessKmh: number;
  /** Network distance / straight-line distance assumed for the access leg (≥ 1). */
  detourFactor: number;
  /** Places farther than this from every node are not routed (outside the network, or a wrong CRS). */
  maxSnapMetres?: number;
}

/**
 * Access leg for the coarse EMME car network (≈55 nodes in the six Keusote municipalities, nodes often
 * kilometres from a grid cell): the unmodelled local streets are driven at 30 km/h (a Finnish
 * residential-area limit and LEM's speed for its local road classes 35–37) along a path 1.3 × the
 * straight line (a typical circuity of local road networks; studies of Nordic networks find 1.2–1.4).
 * The skeleton is so sparse that real homes in Keusote lie up to ~21 km from its nearest node, so only
 * places more than 25 km away are treated as outside the network.
 */
export const EMME_CAR_ACCESS: Readonly<AccessLeg> = { accessKmh: 30, detourFactor: 1.3, maxSnapMetres: 25_000 };

/**
 * Access leg for OSM networks (every street is a graph node or edge, so snapping moves a point tens of
 * metres): walked at 5 km/h in a straight line (detour 1.0), from the door to the street, for every mode.
 * Places more than 10 km from any node are outside the extract and not routed.
 */
export const OSM_ACCESS: Readonly<AccessLeg> = { accessKmh: 5, detourFactor: 1.0, maxSnapMetres: 10_000 };

/** Distance above which a snapped point is counted as far (and should be reported), metres. */
export const DEFAULT_MAX_REPORT_METRES = 1000;

/** The documented default access leg for a graph: EMME_CAR_ACCESS for EMME graphs, OSM_ACCESS otherwise. */
export function defaultAccessLeg(graph: Graph): AccessLeg {
  return graph.meta.profile.startsWith('emme-') ? EMME_CAR_ACCESS : OSM_ACCESS;
}

export interface SnapOptions extends AccessLeg {
  /** Points farther than this from their node are counted in `farCount` (default 1000 m). */
  maxReportMetres?: number;
}

export interface SnapResult {
  /** Nearest graph node of each point. */
  node: Uint32Array;
  /** Straight-line distance point → node, metres. */
  snapMetres: Float64Array;
  /** Access-leg time, deciseconds: snapMetres × detourFactor at accessKmh. */
  accessDeciseconds: Uint32Array;
  /** Points with snapMetres > maxReportMetres. */
  farCount: number;
}

/** Nearest-node index over a graph's node coordinates (kdbush). */
export class NodeIndex {
  private readonly kd: KDBush;
  private readonly coords: Float64Array;
  private readonly ids: Uint16Array | Uint32Array;
  private readonly nodeSize: number;
  private stack = new Float64Array(4 * 128);

  constructor(x: Float64Array, y: Float64Array, nodeSize = 16) {
    if (x.length === 0) throw new Error('cannot index a graph without nodes');
    this.kd = new KDBush(x.length, nodeSize, Float64Array);
    for (let i = 0; i < x.length; i++) this.kd.add(x[i]!, y[i]!);
    this.kd.finish();
    this.coords = this.kd.coords as Float64Array;
    this.ids = this.kd.ids;
    this.nodeSize = this.kd.nodeSize;
  }

  /** Index of the node nearest to (qx, qy); writes the squared distance to `out[0]` when given. */
  nearest(qx: number, qy: number, out?: Float64Array): number {
    const coords = this.coords;
    const ids = this.ids;
    let stack = this.stack;
    let sp = 0;
    let best = -1;
    let bestD = Infinity;
    // Stack entries: left, right, axis, lower bound of the squared distance to the range.
    stack[sp++] = 0;
    stack[sp++] = ids.length - 1;
    stack[sp++] = 0;
    stack[sp++] = 0;
    while (sp > 0) {
      const bound = stack[--sp]!;
      const axis = stack[--sp]!;
      const right = stack[--sp]!;
      const left = stack[--sp]!;
      if (bound >= bestD) continue;
      if (right - left <= this.nodeSize) {
        for (let i = left; i <= right; i++) {
          const dx = coords[2 * i]! - qx;
          const dy = coords[2 * i + 1]! - qy;
          const d = dx * dx + dy * dy;
          if (d < bestD) {
            bestD = d;
            best = i;
          }
        }
        continue;
      }
      const m = (left + right) >> 1;
      const dx = coords[2 * m]! - qx;
      const dy = coords[2 * m + 1]! - qy;
      const d = dx * dx + dy * dy;
      if (d < bestD) {
        bestD = d;
        best = m;
      }
      const diff = axis === 0 ? qx - coords[2 * m]! : qy - coords[2 * m + 1]!;
      const farBound = Math.max(bound, diff * diff);
      if (sp + 8 > stack.length) {
        const s = new Float64Array(stack.length * 2);
        s.set(stack);
        this.stack = stack = s;
      }
      // Far side first, so the near side is popped (searched) first.
      const nextAxis = 1 - axis;
      if (diff <= 0) {
        stack[sp++] = m + 1, stack[sp++] = right, stack[sp++] = nextAxis, stack[sp++] = farBound; // prettier-ignore
        stack[sp++] = left, stack[sp++] = m - 1, stack[sp++] = nextAxis, stack[sp++] = bound; // prettier-ignore
      } else {
        stack[sp++] = left, stack[sp++] = m - 1, stack[sp++] = nextAxis, stack[sp++] = farBound; // prettier-ignore
        stack[sp++] = m + 1, stack[sp++] = right, stack[sp++] = nextAxis, stack[sp++] = bound; // prettier-ignore
      }
    }
    if (out) out[0] = bestD;
    return ids[best]!;
  }
}

const indexCache = new WeakMap<Graph, NodeIndex>();

/** The graph's node index, built on first use. */
export function nodeIndexOf(graph: Graph): NodeIndex {
  let idx = indexCache.get(graph);
  if (!idx) {
    idx = new NodeIndex(graph.x, graph.y);
    indexCache.set(graph, idx);
  }
  return idx;
}

/**
 * Snap each point (EPSG:3067 metres) to its nearest graph node and price the access leg
 * (see `EMME_CAR_ACCESS`, `OSM_ACCESS`, `defaultAccessLeg`). Non-finite coordinates → InputError.
 */
export function snapPoints(graph: Graph, points: { x: Float64Array; y: Float64Array }, options: SnapOptions): SnapResult {
  const count = points.x.length;
  if (points.y.length !== count) throw new Error(`points have ${count} x but ${points.y.length} y`);
  if (!(options.accessKmh > 0)) throw new Error(`accessKmh must be > 0, got ${options.accessKmh}`);
  if (!(options.detourFactor >= 1)) throw new Error(`detourFactor must be ≥ 1, got ${options.detourFactor}`);
  const maxReport = options.maxReportMetres ?? DEFAULT_MAX_REPORT_METRES;
  const index = nodeIndexOf(graph);
  const node = new Uint32Array(count);
  const snapMetres = new Float64Array(count);
  const accessDeciseconds = new Uint32Array(count);
  const d2 = new Float64Array(1);
  let farCount = 0;
  for (let i = 0; i < count; i++) {
    const qx = points.x[i]!;
    const qy = points.y[i]!;
    if (!Number.isFinite(qx) || !Number.isFinite(qy)) throw new InputError('point has no valid coordinates', { row: i + 1, field: 'x/y', expected: 'EPSG:3067 metres', seen: `${qx}, ${qy}` });
    node[i] = index.nearest(qx, qy, d2);
    const metres = Math.sqrt(d2[0]!);
    snapMetres[i] = metres;
    accessDeciseconds[i] = travelDeciseconds(metres * options.detourFactor, options.accessKmh);
    if (metres > maxReport) farCount++;
  }
  return { node, snapMetres, accessDeciseconds, farCount };
}
