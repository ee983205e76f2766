/**
 * Planar polygon helpers in projected metres (EPSG:3067): area, centroid, point-in-polygon and a
 * spatial index that finds the area containing a point.
 *
 * Layout: a MultiPolygon is a list of polygons, each a list of rings of [x, y] pairs; ring 0 is the
 * exterior, the others are holes. Point-in-polygon uses exact predicates (robust-point-in-polygon), so
 * a point on a shared border is decided consistently. The index (flatbush, packed R-tree over polygon
 * bounding boxes) answers a lookup in O(log n + k) bbox hits, each then tested exactly in O(vertices).
 */
import Flatbush from 'flatbush';
import classifyPoint from 'robust-point-in-polygon';
import type { MultiPolygonRings, PolygonRings, Ring } from '../core/model.js';
import { bboxOf } from './geometry.js';

/** Signed area of a ring in m² (positive when counter-clockwise), shoelace formula. */
export function ringSignedArea(ring: Ring): number {
  let s = 0;
  for (let i = 0, n = ring.length, j = n - 1; i < n; j = i++) {
    const a = ring[j]!;
    const b = ring[i]!;
    s += a[0] * b[1] - b[0] * a[1];
  }
  return s / 2;
}

/** Area of a polygon with holes in m². */
export function polygonArea(p: PolygonRings): number {
  let a = 0;
  p.forEach((ring, i) => (a += (i === 0 ? 1 : -1) * Math.abs(ringSignedArea(ring))));
  return a;
}

/** Area of a multipolygon in m². */
export function multiPolygonArea(mp: MultiPolygonRings): number {
  return mp.reduce((s, p) => s + polygonArea(p), 0);
}

/**
 * Area-weighted centroid of a multipolygon (holes subtracted), in the units of its coordinates.
 * Products are taken relative to the first vertex, so large projected coordinates keep their precision.
 */
export function multiPolygonCentroid(mp: MultiPolygonRings): [number, number] {
  const origin = mp[0]?.[0]?.[0];
  if (!origin) throw new Error('centroid of an empty polygon');
  const [ox, oy] = origin;
  let cx = 0;
  let cy = 0;
  let total = 0;
  for (const poly of mp) {
    poly.forEach((ring, ri) => {
      const sign = ri === 0 ? 1 : -1;
      const orient = Math.sign(ringSignedArea(ring)) || 1;
      for (let i = 0, n = ring.length, j = n - 1; i < n; j = i++) {
        const ax = ring[j]![0] - ox, ay = ring[j]![1] - oy;
        const bx = ring[i]![0] - ox, by = ring[i]![1] - oy;
        const f = (ax * by - bx * ay) * sign * orient;
        cx += (ax + bx) * f;
        cy += (ay + by) * f;
        total += f;
      }
    });
  }
  if (total === 0) throw new Error('centroid of a degenerate (zero-area) polygon');
  return [ox + cx / (3 * total), oy + cy / (3 * total)];
}

/** True when (x, y) is inside the polygon or on its boundary (holes excluded). */
export function pointInPolygon(p: PolygonRings, x: number, y: number): boolean {
  const pt: [number, number] = [x, y];
  if (p.length === 0 || classifyPoint(p[0]!, pt) === 1) return false;
  for (let i = 1; i < p.length; i++) if (classifyPoint(p[i]!, pt) === -1) return false;
  return true;
}

/** True when (x, y) is inside any polygon of the multipolygon. */
export function pointInMultiPolygon(mp: MultiPolygonRings, x: number, y: number): boolean {
  return mp.some((p) => pointInPolygon(p, x, y));
}

/** Bounding box [minX, minY, maxX, maxY] of a multipolygon. */
export function multiPolygonBbox(mp: MultiPolygonRings): [number, number, number, number] {
  return bboxOf({ type: 'MultiPolygon', coordinates: mp });
}

/** Distance in metres from (x, y) to the nearest edge of a multipolygon (0 if inside). */
export function distanceToMultiPolygon(mp: MultiPolygonRings, x: number, y: number): number {
  if (pointInMultiPolygon(mp, x, y)) return 0;
  let best = Infinity;
  for (const p of mp) for (const ring of p) {
    for (let i = 0, n = ring.length, j = n - 1; i < n; j = i++) {
      best = Math.min(best, segmentDistance(x, y, ring[j]!, ring[i]!));
    }
  }
  return best;
}

function segmentDistance(px: number, py: number, a: [number, number], b: [number, number]): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - a[0]) * dx + (py - a[1]) * dy) / len2));
  return Math.hypot(px - (a[0] + t * dx), py - (a[1] + t * dy));
}

/** Finds which of a fixed list of areas contains a point. */
export class AreaIndex<T extends { geometry: MultiPolygonRings }> {
  private readonly index: Flatbush;
  constructor(readonly areas: readonly T[]) {
    this.index = new Flatbush(Math.max(1, areas.length));
    for (const a of areas) {
      const [minX, minY, maxX, maxY] = multiPolygonBbox(a.geometry);
      this.index.add(minX, minY, maxX, maxY);
    }
    if (areas.length === 0) this.index.add(0, 0, 0, 0);
    this.index.finish();
  }

  /** All areas containing (x, y) (more than one only on a shared border or with overlapping inputs). */
  containing(x: number, y: number): T[] {
    if (this.areas.length === 0) return [];
    return this.index.search(x, y, x, y).map((i) => this.areas[i]!).filter((a) => pointInMultiPolygon(a.geometry, x, y));
  }

  /** The first area containing (x, y), or null. */
  find(x: number, y: number): T | null {
    return this.containing(x, y)[0] ?? null;
  }
}
