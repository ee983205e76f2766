/**
 * GeoJSON-like 2D geometry types shared by the WKB codec, the GeoPackage store and the readers.
 *
 * Layout: plain nested arrays as in GeoJSON (RFC 7946 §3.1) but without a CRS assumption — coordinates
 * are whatever the source CRS is (EPSG:3067 metres inside saavu). A position is `[x, y]`; Z and M are
 * dropped on read. An empty geometry is an empty coordinate array, except an empty Point, which is
 * `[NaN, NaN]` (the ISO WKB convention for POINT EMPTY), so `Point.coordinates` is always a pair.
 * The six types are exactly those GeoPackage's core geometry type names cover (no curves, no collections).
 *
 * Complexity: bboxOf and isEmptyGeometry are O(vertices), no allocation besides the result.
 */

/** One [x, y] pair in the geometry's CRS units. */
export type Position = [number, number];

export interface Point {
  type: 'Point';
  coordinates: Position;
}
export interface LineString {
  type: 'LineString';
  coordinates: Position[];
}
/** Rings: [0] exterior, the rest holes; each ring closed (first = last position). */
export interface Polygon {
  type: 'Polygon';
  coordinates: Position[][];
}
export interface MultiPoint {
  type: 'MultiPoint';
  coordinates: Position[];
}
export interface MultiLineString {
  type: 'MultiLineString';
  coordinates: Position[][];
}
export interface MultiPolygon {
  type: 'MultiPolygon';
  coordinates: Position[][][];
}

export type Geometry = Point | LineString | Polygon | MultiPoint | MultiLineString | MultiPolygon;
export type GeometryType = Geometry['type'];

export const GEOMETRY_TYPES: readonly GeometryType[] = [
  'Point',
  'LineString',
  'Polygon',
  'MultiPoint',
  'MultiLineString',
  'MultiPolygon',
];

/** Bounding box [minX, minY, maxX, maxY] in CRS units; an empty box is [Inf, Inf, -Inf, -Inf]. */
export type Bbox = [number, number, number, number];

/** A box that contains nothing; extend it with extendBbox. */
export function emptyBbox(): Bbox {
  return [Infinity, Infinity, -Infinity, -Infinity];
}

/** True when the box contains no point (built from an empty geometry). */
export function isEmptyBbox(b: Bbox): boolean {
  return !(b[0] <= b[2] && b[1] <= b[3]);
}

/** Grow `target` in place to include `other`; returns target. */
export function unionBbox(target: Bbox, other: Bbox): Bbox {
  if (other[0] < target[0]) target[0] = other[0];
  if (other[1] < target[1]) target[1] = other[1];
  if (other[2] > target[2]) target[2] = other[2];
  if (other[3] > target[3]) target[3] = other[3];
  return target;
}

function extendWithPositions(b: Bbox, ps: readonly Position[]): void {
  for (const p of ps) {
    const x = p[0];
    const y = p[1];
    // NaN (empty point) fails every comparison, so it never widens the box.
    if (x < b[0]) b[0] = x;
    if (y < b[1]) b[1] = y;
    if (x > b[2]) b[2] = x;
    if (y > b[3]) b[3] = y;
  }
}

/** Bounding box [minX, minY, maxX, maxY] of a geometry in its CRS units; [Inf, Inf, -Inf, -Inf] when empty. */
export function bboxOf(geometry: Geometry): Bbox {
  const b = emptyBbox();
  switch (geometry.type) {
    case 'Point':
      extendWithPositions(b, [geometry.coordinates]);
      break;
    case 'LineString':
    case 'MultiPoint':
      extendWithPositions(b, geometry.coordinates);
      break;
    case 'Polygon':
    case 'MultiLineString':
      for (const part of geometry.coordinates) extendWithPositions(b, part);
      break;
    case 'MultiPolygon':
      for (const poly of geometry.coordinates) for (const ring of poly) extendWithPositions(b, ring);
      break;
  }
  return b;
}

/** True when the geometry has no position (an empty Point is [NaN, NaN]). */
export function isEmptyGeometry(geometry: Geometry): boolean {
  switch (geometry.type) {
    case 'Point':
      return Number.isNaN(geometry.coordinates[0]) && Number.isNaN(geometry.coordinates[1]);
    case 'LineString':
    case 'MultiPoint':
      return geometry.coordinates.length === 0;
    case 'Polygon':
    case 'MultiLineString':
      return geometry.coordinates.every((part) => part.length === 0);
    case 'MultiPolygon':
      return geometry.coordinates.every((poly) => poly.every((ring) => ring.length === 0));
  }
}
