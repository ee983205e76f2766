/**
 * Geometry checks shared by the readers: a feature's geometry as a non-degenerate multipolygon or a
 * point, or an InputError naming the file, layer, feature and what was found.
 */
import { InputError } from '../core/errors.js';
import type { MultiPolygonRings } from '../core/model.js';
import type { Geometry } from '../geo/geometry.js';
import { multiPolygonArea } from '../geo/polygon.js';

export interface FeatureRef {
  file: string;
  layer: string;
  fid: number;
}

/** The geometry as MultiPolygon rings; throws unless it is a (Multi)Polygon with a positive area. */
export function featureMultiPolygon(g: Geometry | null, where: FeatureRef): MultiPolygonRings {
  const rings = g?.type === 'MultiPolygon' ? (g.coordinates as MultiPolygonRings) : g?.type === 'Polygon' ? [g.coordinates as MultiPolygonRings[number]] : null;
  const at = { file: where.file, layer: where.layer, row: `fid ${where.fid}`, field: 'geometry' };
  if (!rings) throw new InputError('expected a polygon geometry', { ...at, expected: 'Polygon or MultiPolygon', seen: g ? g.type : 'empty geometry' });
  if (!(multiPolygonArea(rings) > 0)) throw new InputError('empty or zero-area polygon', { ...at, expected: 'a polygon with a positive area' });
  return rings;
}

/** The geometry as an [x, y] point; throws unless it is a non-empty Point. */
export function featurePoint(g: Geometry | null, where: FeatureRef): [number, number] {
  if (g?.type !== 'Point' || !Number.isFinite(g.coordinates[0]) || !Number.isFinite(g.coordinates[1])) {
    throw new InputError('expected a point geometry', { file: where.file, layer: where.layer, row: `fid ${where.fid}`, field: 'geometry', expected: 'a non-empty Point', seen: g ? g.type : 'empty geometry' });
  }
  return [g.coordinates[0], g.coordinates[1]];
}
