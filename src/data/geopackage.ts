/**
 * OGC GeoPackage 1.3 (OGC 12-128r18) reader and writer on better-sqlite3 — vector features and
 * attribute tables only (no tiles), 2D geometries, no GDAL.
 *
 * Data layout of a GeoPackage we write (an SQLite file):
 *   header     PRAGMA application_id = 0x47504B47 ("GPKG"), PRAGMA user_version = 10300 (1.3.0)
 *   gpkg_spatial_ref_sys   srs_id -1 / 0 (undefined Cartesian / geographic), 4326, 3067 with OGC WKT1
 *   gpkg_contents          one row per table: data_type 'features' or 'attributes', extent, last_change
 *   gpkg_geometry_columns  one row per feature table: column "geom", type name, srs_id, z = m = 0
 *   gpkg_extensions        gpkg_rtree_index per feature table (scope write-only)
 *   <layer>                fid INTEGER PRIMARY KEY AUTOINCREMENT, geom <TYPE NAME>, declared fields
 *   rtree_<layer>_geom     R*Tree virtual table (id, minx, maxx, miny, maxy) filled from the blobs, plus
 *                          the spec's six maintenance triggers (Annex F.3) so that later edits in
 *                          QGIS/GDAL — or saavu after registerGpkgFunctions(db) — keep it in sync
 *   <attributes table>     fid INTEGER PRIMARY KEY AUTOINCREMENT + declared fields
 * Geometry blobs are GeoPackageBinary (see gpkg-geometry.ts).
 *
 * Writing is all-or-nothing: one transaction into a temporary file beside the target
 * (".<name>.tmp-<pid>-<random>"), journal_mode=DELETE before closing, then an atomic rename over the
 * target; any error deletes the temporary file, so no half-written GeoPackage is ever left behind.
 * Reading opens read-only and turns every SQLite or decoding failure into an InputError that names
 * the file, layer, feature (fid) and field.
 *
 * Complexity: reading a layer is O(rows + geometry bytes); writing is O(rows + vertices) plus the
 * R-tree inserts, O(rows log rows).
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { InputError, UsageError } from '../core/errors.js';
import { isPlausible3067 } from '../geo/crs.js';
import { bboxOf, emptyBbox, isEmptyBbox, isEmptyGeometry, unionBbox, type Bbox, type Geometry } from '../geo/geometry.js';
import { decodeGpkgGeometry, decodeGpkgGeometryHeader, encodeGpkgGeometry } from './gpkg-geometry.js';

type Db = Database.Database;

/** "GPKG" as a big-endian int32, the SQLite header application_id of GeoPackage 1.2+. */
export const GPKG_APPLICATION_ID = 0x47504b47;
/** SQLite user_version for GeoPackage 1.3.0. */
export const GPKG_USER_VERSION = 10300;

/** A property value as stored in SQLite (INTEGER/REAL → number, TEXT → string). */
export type PropertyValue = string | number | null;

export interface LayerInfo {
  name: string;
  dataType: 'features' | 'attributes';
  /** srs_id from gpkg_contents; null for attribute tables. */
  srsId: number | null;
}

export interface ReadLayerOptions {
  /** Columns that must exist (exact, case-sensitive names). */
  requiredColumns?: readonly string[];
  /** Required CRS: matches the layer's srs_id, or an EPSG srs whose organization_coordsys_id equals it. */
  expectedSrsId?: number;
}

export interface FeatureRecord {
  fid: number;
  properties: Record<string, PropertyValue>;
  geometry: Geometry | null;
}

export interface LayerData {
  name: string;
  srsId: number;
  geometryColumn: string;
  /** geometry_type_name from gpkg_geometry_columns, e.g. "MULTIPOLYGON". */
  geometryType: string;
  /** Attribute columns in table order (without the fid and geometry columns). */
  columns: string[];
  features: FeatureRecord[];
}

export type FieldType = 'TEXT' | 'INTEGER' | 'REAL';
export interface FieldSpec {
  name: string;
  type: FieldType;
}

export const GPKG_GEOMETRY_TYPE_NAMES = [
  'GEOMETRY',
  'POINT',
  'LINESTRING',
  'POLYGON',
  'MULTIPOINT',
  'MULTILINESTRING',
  'MULTIPOLYGON',
] as const;
export type GpkgGeometryTypeName = (typeof GPKG_GEOMETRY_TYPE_NAMES)[number];

export interface FeatureSpec {
  /** Values of declared fields only; a missing field is written as NULL. */
  properties: Record<string, PropertyValue>;
  geometry: Geometry | null;
}

export interface LayerSpec {
  name: string;
  description?: string;
  /** Declared geometry type; every non-null geometry must be of it (GEOMETRY accepts any). */
  geometryType: GpkgGeometryTypeName;
  /** One of the srs_ids in SRS_DEFINITIONS (3067 or 4326). */
  srsId: number;
  fields: readonly FieldSpec[];
  features: readonly FeatureSpec[];
}

export interface AttributeTableSpec {
  name: string;
  description?: string;
  fields: readonly FieldSpec[];
  rows: ReadonlyArray<Record<string, PropertyValue>>;
}

export interface GeoPackageContent {
  layers: readonly LayerSpec[];
  attributes?: readonly AttributeTableSpec[];
}

export interface WriteGeoPackageOptions {
  /** Replace an existing target file (default false: refuse). */
  overwrite?: boolean;
  /** Extra writes (e.g. non-spatial tables with BLOBs) inside the same transaction, before the file is placed. */
  finish?: (db: Db) => void;
}

export interface SrsDefinition {
  srsName: string;
  srsId: number;
  organization: string;
  organizationCoordsysId: number;
  definition: string;
  description: string | null;
}

/**
 * Rows written to gpkg_spatial_ref_sys. -1, 0 and 4326 are mandatory (GeoPackage 1.3 Req. 11); the WKT1
 * strings are the EPSG definitions as exported by PROJ (`gdalsrsinfo -o wkt1 EPSG:3067`), which is also
 * what the shipped NLS/Paavo GeoPackages carry.
 */
export const SRS_DEFINITIONS: readonly SrsDefinition[] = [
  {
    srsName: 'Undefined Cartesian SRS',
    srsId: -1,
    organization: 'NONE',
    organizationCoordsysId: -1,
    definition: 'undefined',
    description: 'undefined Cartesian coordinate reference system',
  },
  {
    srsName: 'Undefined geographic SRS',
    srsId: 0,
    organization: 'NONE',
    organizationCoordsysId: 0,
    definition: 'undefined',
    description: 'undefined geographic coordinate reference system',
  },
  {
    srsName: 'WGS 84 geodetic',
    srsId: 4326,
    organization: 'EPSG',
    organizationCoordsysId: 4326,
    definition:
      'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],' +
      'AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],' +
      'UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],' +
      'AUTHORITY["EPSG","4326"]]',
    description: 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid',
  },
  {
    srsName: 'ETRS89 / TM35FIN(E,N)',
    srsId: 3067,
    organization: 'EPSG',
    organizationCoordsysId: 3067,
    definition:
      'PROJCS["ETRS89 / TM35FIN(E,N)",GEOGCS["ETRS89",DATUM["European_Terrestrial_Reference_System_1989",' +
      'SPHEROID["GRS 1980",6378137,298.257222101,AUTHORITY["EPSG","7019"]],AUTHORITY["EPSG","6258"]],' +
      'PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],' +
      'AUTHORITY["EPSG","4258"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],' +
      'PARAMETER["central_meridian",27],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],' +
      'PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],' +
      'AXIS["Northing",NORTH],AUTHORITY["EPSG","3067"]]',
    description: 'ETRS-TM35FIN, the Finnish national projected coordinate system (metres)',
  },
];

/** Quote an SQL identifier. */
function q(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

// ---------------------------------------------------------------------------------------------------
// Reading

const NOT_GPKG = 'not a valid GeoPackage';

/** Open read-only and check it is an SQLite database with gpkg_contents; the caller closes it. */
function openForRead(file: string): Db {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? 'error'})`, { file });
  }
  if (!st.isFile()) throw new InputError('not a file', { file, expected: 'a GeoPackage (.gpkg) file' });
  let db: Db;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new InputError(`cannot open as SQLite: ${(e as Error).message}`, { file, expected: 'a GeoPackage (.gpkg) file' });
  }
  try {
    // SQLite reads the header lazily: a text file or a truncated database fails here.
    const row = db.prepare("SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = 'gpkg_contents'").get();
    if (!row) {
      const why = st.size === 0 ? 'the file is empty' : 'it has no gpkg_contents table';
      throw new InputError(`${NOT_GPKG}: ${why}`, { file, expected: 'an OGC GeoPackage (.gpkg) file' });
    }
  } catch (e) {
    db.close();
    throw toInputError(e, file);
  }
  return db;
}

/** Turn a SQLite error into an InputError saying the file is not a valid GeoPackage; pass InputErrors through. */
function toInputError(e: unknown, file: string, layer?: string): unknown {
  if (e instanceof InputError) return e;
  if (e instanceof Database.SqliteError) {
    const hint = e.code === 'SQLITE_NOTADB' ? 'the file is not an SQLite database' : 'the SQLite file is damaged or truncated';
    return new InputError(`${NOT_GPKG}: ${hint} (SQLite: ${e.message})`, { file, layer, expected: 'an OGC GeoPackage (.gpkg) file' });
  }
  return e;
}

function withReadDb<T>(file: string, layer: string | undefined, fn: (db: Db) => T): T {
  const db = openForRead(file);
  try {
    return fn(db);
  } catch (e) {
    throw toInputError(e, file, layer);
  } finally {
    db.close();
  }
}

interface ContentsRow {
  table_name: string;
  data_type: string;
  srs_id: number | null;
}

function contentsRows(db: Db): ContentsRow[] {
  return db.prepare('SELECT table_name, data_type, srs_id FROM gpkg_contents ORDER BY rowid').all() as ContentsRow[];
}

function isVectorType(t: string): t is 'features' | 'attributes' {
  return t === 'features' || t === 'attributes';
}

/** Feature and attribute tables registered in gpkg_contents, in registration order (tiles are skipped). */
export function listLayers(file: string): LayerInfo[] {
  return withReadDb(file, undefined, (db) =>
    contentsRows(db)
      .filter((r) => isVectorType(r.data_type))
      .map((r) => ({ name: r.table_name, dataType: r.data_type as 'features' | 'attributes', srsId: r.srs_id })),
  );
}

function findContents(db: Db, file: string, layer: string, want: 'features' | 'attributes'): ContentsRow {
  const rows = contentsRows(db);
  const row = rows.find((r) => r.table_name === layer);
  if (!row) {
    const present = rows.filter((r) => isVectorType(r.data_type)).map((r) => `${r.table_name} (${r.data_type})`);
    throw new InputError('no such layer', {
      file,
      layer,
      expected: present.length ? `one of the layers present: ${present.join(', ')}` : 'a layer, but the GeoPackage has none',
    });
  }
  if (row.data_type !== want) {
    const use = row.data_type === 'features' ? 'readLayer' : row.data_type === 'attributes' ? 'readAttributes' : 'another reader';
    throw new InputError(`layer has data_type "${row.data_type}" (use ${use})`, { file, layer, expected: `a ${want} table` });
  }
  return row;
}

interface TableColumn {
  name: string;
  type: string;
  pk: number;
}

function tableColumns(db: Db, file: string, layer: string): TableColumn[] {
  const cols = db.prepare(`PRAGMA table_info(${q(layer)})`).all() as TableColumn[];
  if (cols.length === 0) throw new InputError('layer is registered in gpkg_contents but its table is missing', { file, layer });
  return cols;
}

/** The INTEGER PRIMARY KEY column (GeoPackage requires one), or null to fall back to rowid. */
function fidColumnOf(cols: TableColumn[]): string | null {
  const pks = cols.filter((c) => c.pk > 0);
  return pks.length === 1 && pks[0]!.type.toUpperCase() === 'INTEGER' ? pks[0]!.name : null;
}

function checkRequired(file: string, layer: string, columns: string[], required: readonly string[] | undefined): void {
  for (const col of required ?? []) {
    if (!columns.includes(col)) {
      throw new InputError(`missing column (columns present: ${columns.join(', ')})`, { file, layer, field: col, expected: `columns ${required!.join(', ')}` });
    }
  }
}

/** SQLite value → PropertyValue. Integers come as bigint (safeIntegers) so precision loss is visible. */
function toProperty(v: unknown): PropertyValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  if (typeof v === 'number' || typeof v === 'string') return v;
  // A BLOB attribute (not a geometry) has no place in our plain-data model: keep it as hex text.
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex');
  return String(v);
}

function toFid(v: unknown, file: string, layer: string): number {
  const n = typeof v === 'bigint' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new InputError('feature id is not an integer', { file, layer, seen: String(v) });
  return n;
}

interface SrsRow {
  srs_id: number;
  srs_name: string;
  organization: string;
  organization_coordsys_id: number;
}

function describeSrs(srs: SrsRow | undefined, srsId: number): string {
  if (!srs) return `srs_id ${srsId} (not in gpkg_spatial_ref_sys)`;
  return `srs_id ${srsId} (${srs.organization}:${srs.organization_coordsys_id}, ${srs.srs_name})`;
}

/** Read a feature layer: attribute columns, fids and decoded 2D geometries (null where the blob is NULL). */
export function readLayer(file: string, layer: string, options: ReadLayerOptions = {}): LayerData {
  return withReadDb(file, layer, (db) => {
    findContents(db, file, layer, 'features');
    const gc = db
      .prepare('SELECT column_name, geometry_type_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?')
      .get(layer) as { column_name: string; geometry_type_name: string; srs_id: number } | undefined;
    if (!gc) throw new InputError('feature layer is not registered in gpkg_geometry_columns', { file, layer });
    const srsId = Number(gc.srs_id);

    if (options.expectedSrsId !== undefined) {
      const srs = db
        .prepare('SELECT srs_id, srs_name, organization, organization_coordsys_id FROM gpkg_spatial_ref_sys WHERE srs_id = ?')
        .get(srsId) as SrsRow | undefined;
      const ok =
        srsId === options.expectedSrsId ||
        (srs !== undefined && srs.organization.toUpperCase() === 'EPSG' && Number(srs.organization_coordsys_id) === options.expectedSrsId);
      if (!ok) {
        throw new InputError(`layer is in the wrong coordinate reference system; reproject it (e.g. ogr2ogr -t_srs EPSG:${options.expectedSrsId})`, {
          file,
          layer,
          expected: `EPSG:${options.expectedSrsId}`,
          seen: describeSrs(srs, srsId),
        });
      }
    }

    const cols = tableColumns(db, file, layer);
    const fidCol = fidColumnOf(cols);
    const geomCol = gc.column_name;
    if (!cols.some((c) => c.name === geomCol)) {
      throw new InputError('geometry column named in gpkg_geometry_columns is missing from the table', { file, layer, field: geomCol });
    }
    const columns = cols.map((c) => c.name).filter((n) => n !== fidCol && n !== geomCol);
    checkRequired(file, layer, columns, options.requiredColumns);

    const fidExpr = fidCol === null ? 'rowid' : q(fidCol);
    const sql = `SELECT ${[fidExpr, q(geomCol), ...columns.map(q)].join(', ')} FROM ${q(layer)} ORDER BY ${fidExpr}`;
    const stmt = db.prepare(sql).raw(true).safeIntegers(true);
    const features: FeatureRecord[] = [];
    for (const row of stmt.iterate() as IterableIterator<unknown[]>) {
      const fid = toFid(row[0], file, layer);
      const blob = row[1];
      let geometry: Geometry | null = null;
      if (blob !== null && blob !== undefined) {
        if (!(blob instanceof Uint8Array)) {
          throw new InputError('geometry is not a BLOB', { file, layer, row: String(fid), field: geomCol, expected: 'a GeoPackage geometry blob', seen: toProperty(blob) });
        }
        try {
          geometry = decodeGpkgGeometry(blob).geometry;
        } catch (e) {
          throw new InputError(`undecodable geometry: ${(e as Error).message}`, { file, layer, row: String(fid), field: geomCol });
        }
      }
      const properties: Record<string, PropertyValue> = {};
      for (let i = 0; i < columns.length; i++) properties[columns[i]!] = toProperty(row[i + 2]);
      features.push({ fid, properties, geometry });
    }
    if (options.expectedSrsId === 3067) checkPlausible3067(file, layer, features);
    return { name: layer, srsId, geometryColumn: geomCol, geometryType: gc.geometry_type_name, columns, features };
  });
}

/**
 * A layer labelled EPSG:3067 must hold metres inside Finland's extent: catches data in degrees (or
 * another CRS) that was given the wrong label, and names the first feature that is off.
 */
function checkPlausible3067(file: string, layer: string, features: FeatureRecord[]): void {
  for (const f of features) {
    if (!f.geometry || isEmptyGeometry(f.geometry)) continue;
    const [minX, minY, maxX, maxY] = bboxOf(f.geometry);
    if (isPlausible3067(minX, minY) && isPlausible3067(maxX, maxY)) continue;
    const degrees = Math.abs(minX) <= 180 && Math.abs(maxY) <= 90;
    throw new InputError(`coordinates are outside the EPSG:3067 extent of Finland${degrees ? ' (they look like WGS84 degrees under an EPSG:3067 label)' : ''}`, {
      file, layer, row: String(f.fid), field: 'geometry', expected: 'EPSG:3067 metres', seen: `bbox ${[minX, minY, maxX, maxY].map((v) => +v.toFixed(3)).join(', ')}`,
    });
  }
}

/** Read a non-spatial (data_type 'attributes') table: one record per row in fid order, without the fid column. */
export function readAttributes(
  file: string,
  table: string,
  options: { requiredColumns?: readonly string[] } = {},
): Array<Record<string, PropertyValue>> {
  return withReadDb(file, table, (db) => {
    findContents(db, file, table, 'attributes');
    const cols = tableColumns(db, file, table);
    const fidCol = fidColumnOf(cols);
    const columns = cols.map((c) => c.name).filter((n) => n !== fidCol);
    checkRequired(file, table, columns, options.requiredColumns);
    const fidExpr = fidCol === null ? 'rowid' : q(fidCol);
    const stmt = db
      .prepare(`SELECT ${columns.length ? columns.map(q).join(', ') : 'NULL'} FROM ${q(table)} ORDER BY ${fidExpr}`)
      .raw(true)
      .safeIntegers(true);
    const rows: Array<Record<string, PropertyValue>> = [];
    for (const row of stmt.iterate() as IterableIterator<unknown[]>) {
      const properties: Record<string, PropertyValue> = {};
      for (let i = 0; i < columns.length; i++) properties[columns[i]!] = toProperty(row[i]);
      rows.push(properties);
    }
    return rows;
  });
}

// ---------------------------------------------------------------------------------------------------
// SQL functions for editing

/** Decode just enough of a blob for the R-tree triggers: its XY box, or null when NULL/empty. */
function blobBox(blob: unknown): Bbox | null {
  if (blob === null || blob === undefined) return null;
  if (!(blob instanceof Uint8Array)) throw new Error('ST_* function: argument is not a GeoPackage geometry BLOB');
  const header = decodeGpkgGeometryHeader(blob);
  if (header.empty) return null;
  if (header.envelope) return header.envelope;
  const g = decodeGpkgGeometry(blob).geometry; // points are often written without an envelope
  return isEmptyGeometry(g) ? null : bboxOf(g);
}

/**
 * Register ST_IsEmpty, ST_MinX, ST_MaxX, ST_MinY and ST_MaxY (GeoPackage 1.3 Annex F.3 / GDAL semantics)
 * on a connection, so the R-tree triggers of a GeoPackage work when saavu edits feature tables itself.
 */
export function registerGpkgFunctions(db: Db): void {
  const opts = { deterministic: true, directOnly: false } as const;
  db.function('ST_IsEmpty', opts, (blob: unknown) => {
    if (blob === null || blob === undefined) return null;
    if (!(blob instanceof Uint8Array)) throw new Error('ST_IsEmpty: argument is not a GeoPackage geometry BLOB');
    return decodeGpkgGeometryHeader(blob).empty ? 1 : 0;
  });
  const coord = (i: 0 | 1 | 2 | 3) => (blob: unknown) => blobBox(blob)?.[i] ?? null;
  db.function('ST_MinX', opts, coord(0));
  db.function('ST_MinY', opts, coord(1));
  db.function('ST_MaxX', opts, coord(2));
  db.function('ST_MaxY', opts, coord(3));
}

// ---------------------------------------------------------------------------------------------------
// Writing

const GEOMETRY_TYPE_OF_NAME: Record<Exclude<GpkgGeometryTypeName, 'GEOMETRY'>, Geometry['type']> = {
  POINT: 'Point',
  LINESTRING: 'LineString',
  POLYGON: 'Polygon',
  MULTIPOINT: 'MultiPoint',
  MULTILINESTRING: 'MultiLineString',
  MULTIPOLYGON: 'MultiPolygon',
};

const CORE_SCHEMA = `
CREATE TABLE gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL PRIMARY KEY,
  organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL,
  definition TEXT NOT NULL,
  description TEXT
);
CREATE TABLE gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY,
  data_type TEXT NOT NULL,
  identifier TEXT UNIQUE,
  description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE,
  min_y DOUBLE,
  max_x DOUBLE,
  max_y DOUBLE,
  srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
);
CREATE TABLE gpkg_geometry_columns (
  table_name TEXT NOT NULL,
  column_name TEXT NOT NULL,
  geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL,
  z TINYINT NOT NULL,
  m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id)
);
CREATE TABLE gpkg_extensions (
  table_name TEXT,
  column_name TEXT,
  extension_name TEXT NOT NULL,
  definition TEXT NOT NULL,
  scope TEXT NOT NULL,
  CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name)
);
`;

const GEOM_COLUMN = 'geom';
const FID_COLUMN = 'fid';
const RESERVED_TABLE_PREFIXES = ['gpkg_', 'rtree_', 'sqlite_'];

/** Validate names and types of the whole request up front, before any file is created. */
function validateContent(file: string, content: GeoPackageContent): void {
  const seen = new Set<string>();
  const tables: Array<{ name: string; fields: readonly FieldSpec[] }> = [...content.layers, ...(content.attributes ?? [])];
  for (const t of tables) {
    const layer = t.name;
    if (typeof layer !== 'string' || layer.trim() === '') throw new InputError('empty table name', { file, expected: 'a non-empty name' });
    const lower = layer.toLowerCase();
    if (RESERVED_TABLE_PREFIXES.some((p) => lower.startsWith(p))) {
      throw new InputError('reserved table name', { file, layer, expected: `a name not starting with ${RESERVED_TABLE_PREFIXES.join(', ')}` });
    }
    // SQLite table names are case-insensitive.
    if (seen.has(lower)) throw new InputError('duplicate table name', { file, layer });
    seen.add(lower);
    const fieldNames = new Set<string>();
    for (const f of t.fields) {
      const fl = typeof f.name === 'string' ? f.name.toLowerCase() : '';
      if (fl === '' || fl === FID_COLUMN || fl === GEOM_COLUMN) {
        throw new InputError('invalid field name', { file, layer, field: String(f.name), expected: `a non-empty name other than "${FID_COLUMN}" and "${GEOM_COLUMN}"` });
      }
      if (fieldNames.has(fl)) throw new InputError('duplicate field name', { file, layer, field: f.name });
      fieldNames.add(fl);
      if (f.type !== 'TEXT' && f.type !== 'INTEGER' && f.type !== 'REAL') {
        throw new InputError('unsupported field type', { file, layer, field: f.name, expected: 'TEXT, INTEGER or REAL', seen: f.type });
      }
    }
  }
  for (const l of content.layers) {
    if (!(GPKG_GEOMETRY_TYPE_NAMES as readonly string[]).includes(l.geometryType)) {
      throw new InputError('unsupported geometry type', { file, layer: l.name, expected: GPKG_GEOMETRY_TYPE_NAMES.join(', '), seen: l.geometryType });
    }
    if (!SRS_DEFINITIONS.some((s) => s.srsId === l.srsId && s.organization === 'EPSG')) {
      const known = SRS_DEFINITIONS.filter((s) => s.organization === 'EPSG').map((s) => s.srsId);
      throw new InputError('unsupported srs_id', { file, layer: l.name, expected: `one of ${known.join(', ')}`, seen: l.srsId });
    }
  }
}

/** Check a row's properties against the declared fields and return the values in field order. */
function rowValues(
  file: string,
  layer: string,
  featureNo: number,
  fields: readonly FieldSpec[],
  byName: ReadonlyMap<string, FieldSpec>,
  properties: Record<string, PropertyValue> | undefined,
): PropertyValue[] {
  const row = String(featureNo);
  const props = properties ?? {};
  for (const key of Object.keys(props)) {
    if (!byName.has(key)) {
      throw new InputError('property of an undeclared field', { file, layer, row, field: key, expected: `one of the declared fields ${fields.map((f) => f.name).join(', ')}` });
    }
  }
  return fields.map((f) => {
    const v = props[f.name];
    if (v === null || v === undefined) return null;
    const ok =
      f.type === 'TEXT' ? typeof v === 'string' : f.type === 'INTEGER' ? Number.isSafeInteger(v) : typeof v === 'number' && Number.isFinite(v);
    if (!ok) {
      const expected = f.type === 'TEXT' ? 'a string' : f.type === 'INTEGER' ? 'a safe integer' : 'a finite number';
      throw new InputError('bad value', { file, layer, row, field: f.name, expected: `${expected} (${f.type}) or null`, seen: v });
    }
    return v;
  });
}

function createUserTable(db: Db, name: string, fields: readonly FieldSpec[], geometryType: string | null): void {
  const defs = [`${q(FID_COLUMN)} INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL`];
  // Req. 31: the geometry column's declared type is the geometry type name (it still holds BLOBs).
  if (geometryType !== null) defs.push(`${q(GEOM_COLUMN)} ${geometryType}`);
  for (const f of fields) defs.push(`${q(f.name)} ${f.type}`);
  db.exec(`CREATE TABLE ${q(name)} (${defs.join(', ')})`);
}

/**
 * GeoPackage 1.3 Annex F.3 R-tree maintenance triggers. They call ST_* SQL functions that GDAL/QGIS
 * provide; saavu's own connections get them from registerGpkgFunctions.
 */
function rtreeTriggers(t: string, c: string, i: string): string {
  const r = `rtree_${t}_${c}`;
  const T = q(t);
  const C = q(c);
  const I = q(i);
  const R = q(r);
  const ins = `INSERT OR REPLACE INTO ${R} VALUES (NEW.${I}, ST_MinX(NEW.${C}), ST_MaxX(NEW.${C}), ST_MinY(NEW.${C}), ST_MaxY(NEW.${C}));`;
  return [
    `CREATE TRIGGER ${q(`${r}_insert`)} AFTER INSERT ON ${T} WHEN (NEW.${C} NOT NULL AND NOT ST_IsEmpty(NEW.${C})) BEGIN ${ins} END;`,
    `CREATE TRIGGER ${q(`${r}_update1`)} AFTER UPDATE OF ${C} ON ${T} WHEN OLD.${I} = NEW.${I} AND (NEW.${C} NOTNULL AND NOT ST_IsEmpty(NEW.${C})) BEGIN ${ins} END;`,
    `CREATE TRIGGER ${q(`${r}_update2`)} AFTER UPDATE OF ${C} ON ${T} WHEN OLD.${I} = NEW.${I} AND (NEW.${C} ISNULL OR ST_IsEmpty(NEW.${C})) BEGIN DELETE FROM ${R} WHERE id = OLD.${I}; END;`,
    `CREATE TRIGGER ${q(`${r}_update3`)} AFTER UPDATE ON ${T} WHEN OLD.${I} != NEW.${I} AND (NEW.${C} NOTNULL AND NOT ST_IsEmpty(NEW.${C})) BEGIN DELETE FROM ${R} WHERE id = OLD.${I}; ${ins} END;`,
    `CREATE TRIGGER ${q(`${r}_update4`)} AFTER UPDATE ON ${T} WHEN OLD.${I} != NEW.${I} AND (NEW.${C} ISNULL OR ST_IsEmpty(NEW.${C})) BEGIN DELETE FROM ${R} WHERE id IN (OLD.${I}, NEW.${I}); END;`,
    `CREATE TRIGGER ${q(`${r}_delete`)} AFTER DELETE ON ${T} WHEN OLD.${C} NOT NULL BEGIN DELETE FROM ${R} WHERE id = OLD.${I}; END;`,
  ].join('\n');
}

function writeLayer(db: Db, file: string, spec: LayerSpec, lastChange: string): void {
  const { name, fields, srsId, geometryType } = spec;
  createUserTable(db, name, fields, geometryType);
  const rtree = `rtree_${name}_${GEOM_COLUMN}`;
  db.exec(`CREATE VIRTUAL TABLE ${q(rtree)} USING rtree(id, minx, maxx, miny, maxy)`);

  const insert = db.prepare(
    `INSERT INTO ${q(name)} (${[GEOM_COLUMN, ...fields.map((f) => f.name)].map(q).join(', ')}) VALUES (${['?', ...fields.map(() => '?')].join(', ')})`,
  );
  const insertRtree = db.prepare(`INSERT INTO ${q(rtree)} (id, minx, maxx, miny, maxy) VALUES (?, ?, ?, ?, ?)`);
  const byName = new Map(fields.map((f) => [f.name, f]));
  const wantType = geometryType === 'GEOMETRY' ? null : GEOMETRY_TYPE_OF_NAME[geometryType];
  const extent = emptyBbox();

  spec.features.forEach((feature, i) => {
    const featureNo = i + 1; // = the fid AUTOINCREMENT assigns in a fresh table
    const values = rowValues(file, name, featureNo, fields, byName, feature.properties);
    const g = feature.geometry;
    let blob: Buffer | null = null;
    let box: Bbox | null = null;
    if (g !== null && g !== undefined) {
      if (wantType !== null && g.type !== wantType) {
        throw new InputError('geometry of the wrong type', { file, layer: name, row: String(featureNo), field: GEOM_COLUMN, expected: wantType, seen: g.type });
      }
      let bytes: Uint8Array;
      try {
        bytes = encodeGpkgGeometry(g, srsId);
      } catch (e) {
        throw new InputError((e as Error).message, { file, layer: name, row: String(featureNo), field: GEOM_COLUMN });
      }
      blob = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      if (!isEmptyGeometry(g)) box = bboxOf(g);
    }
    const fid = insert.run(blob, ...values).lastInsertRowid;
    if (box) {
      insertRtree.run(fid, box[0], box[2], box[1], box[3]);
      unionBbox(extent, box);
    }
  });
  // Triggers go in after the bulk load: our inserts fill the index directly above (cheaper than
  // decoding every blob again in ST_* functions).
  db.exec(rtreeTriggers(name, GEOM_COLUMN, FID_COLUMN));

  const hasExtent = !isEmptyBbox(extent);
  db.prepare(
    `INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, min_x, min_y, max_x, max_y, srs_id)
     VALUES (?, 'features', ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    name,
    name,
    spec.description ?? '',
    lastChange,
    hasExtent ? extent[0] : null,
    hasExtent ? extent[1] : null,
    hasExtent ? extent[2] : null,
    hasExtent ? extent[3] : null,
    srsId,
  );
  db.prepare('INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m) VALUES (?, ?, ?, ?, 0, 0)').run(
    name,
    GEOM_COLUMN,
    geometryType,
    srsId,
  );
  db.prepare(
    "INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) VALUES (?, ?, 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')",
  ).run(name, GEOM_COLUMN);
}

function writeAttributeTable(db: Db, file: string, spec: AttributeTableSpec, lastChange: string): void {
  const { name, fields } = spec;
  createUserTable(db, name, fields, null);
  const byName = new Map(fields.map((f) => [f.name, f]));
  const insert =
    fields.length > 0
      ? db.prepare(`INSERT INTO ${q(name)} (${fields.map((f) => q(f.name)).join(', ')}) VALUES (${fields.map(() => '?').join(', ')})`)
      : db.prepare(`INSERT INTO ${q(name)} DEFAULT VALUES`);
  spec.rows.forEach((props, i) => insert.run(...rowValues(file, name, i + 1, fields, byName, props)));
  db.prepare(
    "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, srs_id) VALUES (?, 'attributes', ?, ?, ?, NULL)",
  ).run(name, name, spec.description ?? '', lastChange);
}

function removeQuietly(p: string): void {
  try {
    fs.rmSync(p, { force: true });
  } catch {
    // best effort: the original error matters more
  }
}

/** Move the finished temporary file to the target; without overwrite, refuse atomically if it exists. */
function placeFile(tmp: string, target: string, file: string, overwrite: boolean): void {
  if (overwrite) {
    fs.renameSync(tmp, target);
    return;
  }
  try {
    fs.linkSync(tmp, target); // fails with EEXIST instead of replacing: no race with a concurrent writer
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError(`${file} already exists; pass overwrite (--force) to replace it`);
    // Filesystems without hard links: check, then rename.
    if (fs.existsSync(target)) throw new UsageError(`${file} already exists; pass overwrite (--force) to replace it`);
    fs.renameSync(tmp, target);
    return;
  }
  fs.unlinkSync(tmp);
}

/**
 * Write feature layers and attribute tables to a new GeoPackage 1.3 file, atomically (temporary file +
 * rename); throws InputError on bad content and UsageError if the target exists without `overwrite`.
 */
export function writeGeoPackage(file: string, content: GeoPackageContent, options: WriteGeoPackageOptions = {}): void {
  const overwrite = options.overwrite ?? false;
  const target = path.resolve(file);
  if (fs.existsSync(target)) {
    if (!fs.statSync(target).isFile()) throw new UsageError(`${file} exists and is not a file`);
    if (!overwrite) throw new UsageError(`${file} already exists; pass overwrite (--force) to replace it`);
  }
  validateContent(file, content);

  const dir = path.dirname(target);
  const tmp = path.join(dir, `.${path.basename(target)}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  let db: Db | undefined;
  try {
    db = new Database(tmp);
    // The rollback journal stays in memory while we build the file: nothing beside it to clean up on a crash.
    db.pragma('journal_mode = MEMORY');
    db.pragma('foreign_keys = ON');
    db.pragma(`application_id = ${GPKG_APPLICATION_ID}`);
    db.pragma(`user_version = ${GPKG_USER_VERSION}`);
    const lastChange = new Date().toISOString(); // %Y-%m-%dT%H:%M:%fZ as the spec asks
    const conn = db;
    conn.transaction(() => {
      conn.exec(CORE_SCHEMA);
      const insSrs = conn.prepare(
        'INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, organization_coordsys_id, definition, description) VALUES (?, ?, ?, ?, ?, ?)',
      );
      for (const s of SRS_DEFINITIONS) insSrs.run(s.srsName, s.srsId, s.organization, s.organizationCoordsysId, s.definition, s.description);
      for (const layer of content.layers) writeLayer(conn, file, layer, lastChange);
      for (const table of content.attributes ?? []) writeAttributeTable(conn, file, table, lastChange);
      options.finish?.(conn);
    })();
    db.pragma('journal_mode = DELETE');
    db.close();
    db = undefined;
    // Flush the finished file to disk before the rename makes it visible under the target name.
    const fd = fs.openSync(tmp, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    placeFile(tmp, target, file, overwrite);
  } catch (e) {
    try {
      db?.close();
    } catch {
      // already failing
    }
    removeQuietly(tmp);
    removeQuietly(`${tmp}-journal`);
    throw e;
  }
}

/**
 * Add feature layers to an existing GeoPackage, replacing layers of the same names, in ONE SQLite
 * transaction on the file: a failure (bad content, a crash) leaves the file as it was. Used to store
 * result layers (e.g. `saavu access --gpkg`) beside the project's own layers.
 */
export function replaceLayers(file: string, layers: readonly LayerSpec[]): void {
  validateContent(file, { layers });
  let db: Db;
  try {
    db = new Database(file, { fileMustExist: true });
  } catch (e) {
    throw new InputError(`cannot open the GeoPackage (${(e as Error).message})`, { file });
  }
  try {
    registerGpkgFunctions(db);
    const lastChange = new Date().toISOString();
    db.transaction(() => {
      for (const layer of layers) {
        const exists = db.prepare("SELECT data_type FROM gpkg_contents WHERE table_name = ?").get(layer.name) as { data_type: string } | undefined;
        if (exists) {
          if (exists.data_type !== 'features') throw new InputError('a table of that name exists and is not a feature layer', { file, layer: layer.name });
          db.prepare('DELETE FROM gpkg_extensions WHERE table_name = ?').run(layer.name);
          db.prepare('DELETE FROM gpkg_geometry_columns WHERE table_name = ?').run(layer.name);
          db.prepare('DELETE FROM gpkg_contents WHERE table_name = ?').run(layer.name);
          db.exec(`DROP TABLE IF EXISTS ${q(`rtree_${layer.name}_${GEOM_COLUMN}`)}`);
          db.exec(`DROP TABLE ${q(layer.name)}`);
        }
        writeLayer(db, file, layer, lastChange);
      }
    })();
  } finally {
    db.close();
  }
}
