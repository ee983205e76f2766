/**
 * Isochrones: the areas reachable from a point within 10/20/30/45 minutes, as GeoJSON polygons in
 * WGS84.
 *
 * Method: a one-to-all search gives each network node its travel time t(node). A raster of square
 * cells (default 100 m, EPSG:3067) then gets, for each cell centre, the least time to reach it from any
 * node within `maxOffNetworkMetres` by the off-network leg at `offNetworkKmh` (straight-line distance ×
 * `detourFactor`): cell time = min over nearby nodes of t(node) + leg. Contours of that raster at the
 * thresholds (marching squares, d3-contour) are the reach areas; their grid coordinates are mapped
 * back to EPSG:3067 and reprojected to WGS84 with proj4. The off-network leg uses the same parameters
 * as the snap leg of the matrix, so an isochrone and a matrix agree on what "reachable" means.
 * Cost: O(reached nodes × (r / cell)²) for the raster plus O(cells) per threshold for contouring.
 */
import { contours } from 'd3-contour';
import { toLonLat } from '../geo/crs.js';
import type { Graph } from '../network/graph.js';
import { defaultAccessLeg, snapPoints } from '../network/snap.js';
import { DijkstraSearch } from './dijkstra.js';

export interface IsochroneOptions {
  /** Raster cell size in metres (default 100). */
  cellMetres?: number;
  /** Largest off-network leg from a node, metres (default 300). */
  maxOffNetworkMetres?: number;
  /** Speed of the off-network leg, km/h (default 5: walking). */
  offNetworkKmh?: number;
  /** Straight-line → travelled distance factor for the off-network leg (default 1). */
  detourFactor?: number;
}

export interface ReachedNodes {
  x: Float64Array;
  y: Float64Array;
  /** Seconds to reach each node; nodes with !(t <= limit) are ignored (Infinity = unreached). */
  seconds: Float64Array;
}

export type IsochroneFeature = {
  type: 'Feature';
  properties: { minutes: number; areaKm2: number };
  geometry: { type: 'MultiPolygon'; coordinates: number[][][][] };
};

export interface IsochroneRaster {
  /** EPSG:3067 coordinates of the centre of cell (0, 0); cell (gx, gy) is at x0 + gx·cell, y0 + gy·cell. */
  x0: number;
  y0: number;
  cell: number;
  width: number;
  height: number;
  /** Seconds per cell, row-major; values above the largest threshold mean "not reached". */
  seconds: Float64Array;
}

/** Travel-time raster around the reached nodes (see the module comment). */
export function isochroneRaster(reached: ReachedNodes, limitSeconds: number, options: IsochroneOptions = {}): IsochroneRaster | null {
  const cell = options.cellMetres ?? 100;
  const maxLeg = options.maxOffNetworkMetres ?? 300;
  const legSpeed = (options.offNetworkKmh ?? 5) / 3.6;
  const detour = options.detourFactor ?? 1;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const n = reached.seconds.length;
  for (let i = 0; i < n; i++) {
    if (!(reached.seconds[i]! <= limitSeconds)) continue;
    const x = reached.x[i]!, y = reached.y[i]!;
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  }
  if (minX === Infinity) return null;
  // A border of at least one empty cell on every side, so every contour closes.
  const pad = maxLeg + 2 * cell;
  const x0 = Math.floor((minX - pad) / cell) * cell;
  const y0 = Math.floor((minY - pad) / cell) * cell;
  const width = Math.ceil((maxX + pad - x0) / cell) + 1;
  const height = Math.ceil((maxY + pad - y0) / cell) + 1;
  const seconds = new Float64Array(width * height).fill(Number.MAX_VALUE);
  const r = Math.ceil(maxLeg / cell);
  for (let i = 0; i < n; i++) {
    const t = reached.seconds[i]!;
    if (!(t <= limitSeconds)) continue;
    const nx = reached.x[i]!, ny = reached.y[i]!;
    const cx = Math.round((nx - x0) / cell);
    const cy = Math.round((ny - y0) / cell);
    for (let gy = Math.max(0, cy - r); gy <= Math.min(height - 1, cy + r); gy++) {
      for (let gx = Math.max(0, cx - r); gx <= Math.min(width - 1, cx + r); gx++) {
        const d = Math.hypot(x0 + gx * cell - nx, y0 + gy * cell - ny);
        if (d > maxLeg) continue;
        const v = t + (d * detour) / legSpeed;
        const k = gy * width + gx;
        if (v < seconds[k]!) seconds[k] = v;
      }
    }
  }
  return { x0, y0, cell, width, height, seconds };
}

/** Reach areas for each threshold in minutes, largest first, as a GeoJSON FeatureCollection (WGS84). */
export function isochronePolygons(reached: ReachedNodes, minutes: readonly number[], options: IsochroneOptions = {}): { type: 'FeatureCollection'; features: IsochroneFeature[] } {
  if (minutes.length === 0 || minutes.some((m) => !(m > 0))) throw new Error('isochrone thresholds must be positive minutes');
  const sorted = [...minutes].sort((a, b) => b - a);
  const raster = isochroneRaster(reached, sorted[0]! * 60, options);
  const features: IsochroneFeature[] = [];
  if (!raster) return { type: 'FeatureCollection', features };
  const { x0, y0, cell, width, height } = raster;
  // d3-contour keeps values >= threshold: contour −seconds at −T to get seconds <= T.
  const negated = Array.from(raster.seconds, (v) => -v);
  const gen = contours().size([width, height]).thresholds(sorted.map((m) => -m * 60));
  for (const c of gen(negated)) {
    let area = 0;
    // d3-contour puts cell (i, j)'s value at (i + 0.5, j + 0.5) in its output coordinates.
    const coordinates = c.coordinates.map((poly) => poly.map((ring, ri) => {
      const pts = ring.map(([gx, gy]) => [x0 + (gx! - 0.5) * cell, y0 + (gy! - 0.5) * cell] as [number, number]);
      const signed = shoelace(pts);
      area += (ri === 0 ? 1 : -1) * Math.abs(signed);
      // RFC 7946 §3.1.6: exterior rings counter-clockwise, holes clockwise (d3-contour gives the opposite).
      if ((ri === 0) !== (signed > 0)) pts.reverse();
      return pts.map(([x, y]) => roundLonLat(toLonLat(x, y)));
    }));
    features.push({ type: 'Feature', properties: { minutes: -c.value / 60, areaKm2: Math.round(area / 1e4) / 100 }, geometry: { type: 'MultiPolygon', coordinates } });
  }
  return { type: 'FeatureCollection', features };
}

function shoelace(pts: Array<[number, number]>): number {
  let s = 0;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) s += pts[j]![0] * pts[i]![1] - pts[i]![0] * pts[j]![1];
  return s / 2;
}

/** 6 decimals ≈ 0.1 m, as RFC 7946 suggests for precision. */
function roundLonLat([lon, lat]: [number, number]): number[] {
  return [Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6];
}

/**
 * Off-network leg of isochrones on `graph`, matching the matrices' access leg: OSM graphs walk 5 km/h up
 * to 300 m from a node on a 100 m raster; the coarse EMME skeleton drives 30 km/h × 1.3 up to 5 km from a
 * node on a 250 m raster (its nodes are kilometres apart).
 */
export function isochroneOptionsFor(graph: Graph): IsochroneOptions {
  const a = defaultAccessLeg(graph);
  return graph.meta.profile.startsWith('emme-')
    ? { cellMetres: 250, maxOffNetworkMetres: 5000, offNetworkKmh: a.accessKmh, detourFactor: a.detourFactor }
    : { cellMetres: 100, maxOffNetworkMetres: 300, offNetworkKmh: a.accessKmh, detourFactor: a.detourFactor };
}

export interface IsochroneResult {
  type: 'FeatureCollection';
  features: IsochroneFeature[];
  /** Where the search started: the snapped node, the straight-line snap distance and the access time. */
  origin: { x: number; y: number; node: number; snapMetres: number; accessMinutes: number };
}

/**
 * Isochrones around the point (x, y) (EPSG:3067): snap it to the network (access leg as in the matrices),
 * one Dijkstra with the cut-off at the largest threshold, then `isochronePolygons`.
 */
export function isochroneAt(graph: Graph, x: number, y: number, minutes: readonly number[], options: IsochroneOptions = isochroneOptionsFor(graph)): IsochroneResult {
  if (minutes.length === 0 || minutes.some((m) => !(m > 0))) throw new Error('isochrone thresholds must be positive minutes');
  const access = defaultAccessLeg(graph);
  const snap = snapPoints(graph, { x: Float64Array.of(x), y: Float64Array.of(y) }, access);
  const node = snap.node[0]!;
  const offset = snap.accessDeciseconds[0]!;
  const limit = Math.max(...minutes) * 600;
  const seconds = new Float64Array(graph.nodeCount).fill(Infinity);
  if (offset <= limit) {
    const tree = new DijkstraSearch(graph).run([{ node, offsetDeciseconds: offset }], { maxDeciseconds: limit });
    for (const v of tree.reached) seconds[v] = tree.deciseconds[v]! / 10;
  }
  const fc = isochronePolygons({ x: graph.x, y: graph.y, seconds }, minutes, options);
  return { ...fc, origin: { x, y, node, snapMetres: Math.round(snap.snapMetres[0]!), accessMinutes: offset / 600 } };
}
