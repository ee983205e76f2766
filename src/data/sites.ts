/**
 * Service points (sites): the `sites.csv` format of a region folder, its validating reader and its
 * atomic writer, plus a reader for OpenStreetMap-derived health-amenity GeoJSON used by the compiler
 * (src/data/compile-sites.ts).
 *
 * sites.csv layout: one row per site, header SITES_CSV_COLUMNS (extra columns are ignored).
 *   id             stable kebab-case slug, unique in the file
 *   name           name as written in the source
 *   kind           one of SITE_KINDS
 *   municipality   3-digit NATCODE, e.g. "106"
 *   x, y           EPSG:3067 (ETRS-TM35FIN) metres
 *   address        free text or empty
 *   services       `;`-separated list or empty
 *   opening_hours  free text (OSM opening_hours syntax where it comes from OSM) or empty
 *   capacity       appointments per week, ≥ 0, or empty (= unknown)
 *   annual_cost    euros per year, ≥ 0, or empty (= unknown)
 *   digital_share  share 0..1 of services also offered digitally, or empty (= unknown)
 *   status         one of SITE_STATUSES
 *   source         `;`-separated source references `<folder>/<file>#<row or osm type/id>`; the first
 *                  reference is the record whose coordinates give x/y
 *   notes          free text or empty
 * Empty optional fields become null (services: an empty list). Errors are InputError with the file,
 * the 1-based data row (header = row 0), the field, what was expected and what was seen.
 *
 * GeoJSON layout (osmium export): a FeatureCollection in EPSG:4326; each feature has properties
 * `@type` (node/way/relation), `@id` and the OSM tags; geometry Point, Polygon or MultiPolygon.
 *
 * Complexity: O(rows) reading and writing; the GeoJSON reader is O(vertices).
 */
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../core/atomic.js';
import { InputError } from '../core/errors.js';
import { SITE_KINDS, SITE_STATUSES, type Site, type SiteKind, type SiteStatus } from '../core/model.js';
import { isPlausible3067, lonLatTo3067 } from '../geo/crs.js';
import { multiPolygonCentroid, ringSignedArea } from '../geo/polygon.js';
import { readCsv, csvNumber, csvOptionalNumber, csvString } from './csv.js';

/** Columns of sites.csv, in the order they are written. */
export const SITES_CSV_COLUMNS = [
  'id',
  'name',
  'kind',
  'municipality',
  'x',
  'y',
  'address',
  'services',
  'opening_hours',
  'capacity',
  'annual_cost',
  'digital_share',
  'status',
  'source',
  'notes',
] as const;

/** Decimals written for x/y: millimetres, so a written point is within 0.0005 m of the computed one. */
const XY_DECIMALS = 3;

/** Read and validate a sites.csv file (see the module comment for the layout). */
export function readSitesCsv(file: string): Site[] {
  const t = readCsv(file);
  for (const col of SITES_CSV_COLUMNS) {
    if (!t.header.includes(col)) {
      throw new InputError('missing column', { file, row: 0, field: col, expected: `the header ${SITES_CSV_COLUMNS.join(',')}`, seen: t.header.join(',') });
    }
  }
  const rowOfId = new Map<string, number>();
  const sites: Site[] = [];
  for (let row = 1; row <= t.rows.length; row++) {
    const r = t.rows[row - 1]!;
    const id = csvString(t, row, 'id');
    const first = rowOfId.get(id);
    if (first !== undefined) {
      throw new InputError(`duplicate id "${id}" (rows ${first} and ${row})`, { file, row, field: 'id', expected: 'an id used by one row only', seen: id });
    }
    rowOfId.set(id, row);
    const name = csvString(t, row, 'name');
    const kind = (r.kind ?? '').trim();
    if (!(SITE_KINDS as readonly string[]).includes(kind)) {
      throw new InputError('unknown kind', { file, row, field: 'kind', expected: `one of ${SITE_KINDS.join(', ')}`, seen: kind });
    }
    const status = (r.status ?? '').trim();
    if (!(SITE_STATUSES as readonly string[]).includes(status)) {
      throw new InputError('unknown status', { file, row, field: 'status', expected: `one of ${SITE_STATUSES.join(', ')}`, seen: status });
    }
    const municipalityCode = (r.municipality ?? '').trim();
    if (!/^\d{3}$/.test(municipalityCode)) {
      throw new InputError('bad municipality code', { file, row, field: 'municipality', expected: 'a 3-digit NATCODE such as "106"', seen: municipalityCode });
    }
    const x = csvNumber(t, row, 'x');
    const y = csvNumber(t, row, 'y');
    if (!isPlausible3067(x, y)) {
      // Degrees are the commonest wrong-CRS input: say so rather than "out of range".
      const degrees = Math.abs(x) <= 180 && Math.abs(y) <= 90;
      const message = degrees
        ? 'the point looks like WGS84 degrees; expected EPSG:3067 metres'
        : 'coordinates outside the plausible EPSG:3067 extent of Finland';
      throw new InputError(message, { file, row, field: 'x/y', expected: 'x 40000–780000 and y 6590000–7800000 (the EPSG:3067 extent of Finland)', seen: `${r.x}, ${r.y}` });
    }
    const capacity = csvOptionalNumber(t, row, 'capacity', { min: 0 });
    const annualCost = csvOptionalNumber(t, row, 'annual_cost', { min: 0 });
    const digitalShare = csvOptionalNumber(t, row, 'digital_share', { min: 0 });
    if (digitalShare !== null && digitalShare > 1) {
      throw new InputError('bad value', { file, row, field: 'digital_share', expected: 'a share between 0 and 1', seen: r.digital_share });
    }
    const source = csvString(t, row, 'source');
    sites.push({
      id,
      name,
      kind: kind as SiteKind,
      municipalityCode,
      x,
      y,
      address: optional(r.address),
      services: splitServices(r.services),
      openingHours: optional(r.opening_hours),
      capacity,
      annualCost,
      digitalShare,
      status: status as SiteStatus,
      source,
      notes: optional(r.notes),
    });
  }
  return sites;
}

function optional(raw: string | undefined): string | null {
  const v = (raw ?? '').trim();
  return v === '' ? null : v;
}

function splitServices(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Serialise sites to sites.csv text (header + one line per site, `\n` line ends, x/y in millimetres). */
export function sitesToCsv(sites: readonly Site[]): string {
  const lines = [SITES_CSV_COLUMNS.join(',')];
  for (const s of sites) {
    const cells = [
      s.id,
      s.name,
      s.kind,
      s.municipalityCode,
      s.x.toFixed(XY_DECIMALS),
      s.y.toFixed(XY_DECIMALS),
      s.address ?? '',
      s.services.join(';'),
      s.openingHours ?? '',
      numberCell(s.capacity),
      numberCell(s.annualCost),
      numberCell(s.digitalShare),
      s.status,
      s.source,
      s.notes ?? '',
    ];
    lines.push(cells.map(csvCell).join(','));
  }
  return lines.join('\n') + '\n';
}

function numberCell(v: number | null): string {
  return v === null ? '' : String(v);
}

function csvCell(v: string): string {
  return /[",\n\r]|^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Write sites.csv atomically: a temporary file in the same folder, then a rename over the target. */
export function writeSitesCsv(file: string, sites: readonly Site[]): void {
  writeFileAtomic(file, sitesToCsv(sites));
}

// ---------------------------------------------------------------------------------------------------
// OSM-derived GeoJSON

/** One OSM health amenity with a representative point. */
export interface OsmAmenityRecord {
  /** 0-based feature index in the file. */
  index: number;
  osmType: 'node' | 'way' | 'relation';
  osmId: number;
  /** `type/id`, e.g. "way/640611323", as used in the `source` column. */
  osmRef: string;
  name: string | null;
  amenity: string | null;
  /** All OSM tags (every property except `@type` and `@id`), as strings. */
  tags: Record<string, string>;
  geometryType: 'Point' | 'Polygon' | 'MultiPolygon';
  /** Representative point in WGS84 degrees (see representativeLonLat). */
  lon: number;
  lat: number;
  /** The same point in EPSG:3067 metres. */
  x: number;
  y: number;
}

export interface ReadSitesGeoJsonOptions {
  /** Keep only features whose own `amenity` tag is one of these; default hospital, clinic, doctors. */
  amenities?: readonly string[];
}

type LonLat = [number, number];

/**
 * Read an OSM-derived GeoJSON of health amenities (EPSG:4326) into records with a representative
 * point in both WGS84 and EPSG:3067. A Point is its own representative point; for a Polygon or
 * MultiPolygon it is the area centroid of the largest outer ring (holes ignored — for a building with
 * courtyards the point may fall in a courtyard, metres from the walls). The centroid is computed in
 * degrees: over a building-sized ring the lon/lat → metres map is affine to well below a millimetre,
 * and affine maps preserve centroids, so this equals the centroid in metres.
 */
export function readSitesGeoJson(file: string, options: ReadSitesGeoJsonOptions = {}): OsmAmenityRecord[] {
  const amenities = options.amenities ?? ['hospital', 'clinic', 'doctors'];
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new InputError(err.code ? `cannot read file (${err.code})` : `not valid JSON: ${err.message}`, { file });
  }
  const fc = doc as { type?: unknown; features?: unknown };
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw new InputError('not a GeoJSON FeatureCollection', { file, field: 'type', expected: '"FeatureCollection" with a features array', seen: String(fc?.type) });
  }
  const out: OsmAmenityRecord[] = [];
  fc.features.forEach((f: unknown, index: number) => {
    const feature = f as { properties?: Record<string, unknown> | null; geometry?: { type?: string; coordinates?: unknown } | null };
    const props = feature.properties ?? {};
    const osmType = props['@type'];
    const osmId = props['@id'];
    if (osmType !== 'node' && osmType !== 'way' && osmType !== 'relation') {
      throw new InputError('missing OSM element type', { file, row: `#${index}`, field: 'properties.@type', expected: 'node, way or relation', seen: String(osmType) });
    }
    if (typeof osmId !== 'number' || !Number.isInteger(osmId)) {
      throw new InputError('missing OSM id', { file, row: `#${index}`, field: 'properties.@id', expected: 'an integer', seen: String(osmId) });
    }
    const osmRef = `${osmType}/${osmId}`;
    const tags: Record<string, string> = {};
    for (const [k, v] of Object.entries(props)) if (k !== '@type' && k !== '@id' && v !== null && v !== undefined) tags[k] = String(v);
    const amenity = tags.amenity ?? null;
    if (amenity === null || !amenities.includes(amenity)) return;
    const g = feature.geometry;
    if (!g || (g.type !== 'Point' && g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
      throw new InputError('unsupported geometry', { file, row: osmRef, field: 'geometry.type', expected: 'Point, Polygon or MultiPolygon', seen: g ? String(g.type) : 'null' });
    }
    let lonLat: LonLat;
    try {
      lonLat = representativeLonLat(g as { type: 'Point' | 'Polygon' | 'MultiPolygon'; coordinates: unknown });
    } catch (e) {
      throw new InputError(`bad geometry: ${(e as Error).message}`, { file, row: osmRef, field: 'geometry.coordinates', expected: 'WGS84 lon/lat positions' });
    }
    const [lon, lat] = lonLat;
    if (!(Math.abs(lon) <= 180 && Math.abs(lat) <= 90)) {
      throw new InputError('coordinates are not WGS84 degrees', { file, row: osmRef, field: 'geometry.coordinates', expected: 'lon −180..180, lat −90..90 (EPSG:4326)', seen: `${lon}, ${lat}` });
    }
    const [x, y] = lonLatTo3067(lon, lat);
    out.push({ index, osmType, osmId, osmRef, name: tags.name ?? null, amenity, tags, geometryType: g.type, lon, lat, x, y });
  });
  return out;
}

/** Representative [lon, lat] of a Point, Polygon or MultiPolygon (area centroid of the largest outer ring). */
export function representativeLonLat(g: { type: 'Point' | 'Polygon' | 'MultiPolygon'; coordinates: unknown }): LonLat {
  if (g.type === 'Point') return position(g.coordinates);
  const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown[];
  if (!Array.isArray(polygons)) throw new Error('coordinates are not an array');
  let best: { area: number; c: LonLat } | null = null;
  for (const poly of polygons) {
    if (!Array.isArray(poly) || poly.length === 0) continue;
    const ring = (poly[0] as unknown[]).map(position);
    const rc = ringCentroid(ring);
    if (rc && (!best || rc.area > best.area)) best = rc;
  }
  if (!best) throw new Error('no non-degenerate outer ring');
  return best.c;
}

function position(p: unknown): LonLat {
  if (!Array.isArray(p) || typeof p[0] !== 'number' || typeof p[1] !== 'number') throw new Error(`not a position: ${JSON.stringify(p)}`);
  return [p[0], p[1]];
}

/** Area (absolute, in square degrees) and centroid of a ring; null when degenerate. */
function ringCentroid(ring: LonLat[]): { area: number; c: LonLat } | null {
  const area = ring.length < 3 ? 0 : Math.abs(ringSignedArea(ring));
  return area > 0 ? { area, c: multiPolygonCentroid([[ring]]) } : null;
}
