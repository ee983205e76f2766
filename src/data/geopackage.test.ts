/**
 * GeoPackage reader/writer tests.
 *  - Real files from /work/shared/data (beside the repo): expected counts and sums come from the
 *    PROVENANCE.md files of those folders; geometries are cross-checked vertex by vertex against GDAL
 *    (ogr2ogr → CSV with WKT), extents against `ogrinfo -so`.
 *  - Written files: synthetic layers (made-up points and squares) written to os.tmpdir(), read back by
 *    our reader, by GDAL (ogrinfo / ogr2ogr) and, where installed, by GDAL's validate_gpkg.py.
 *  - Bad input: truncated/renamed files, missing layer/column, wrong CRS, corrupt blob, failed writes.
 * GDAL-dependent tests are skipped (with the reason in the test name) only when ogrinfo is absent.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../core/errors.js';
import { bboxOf, emptyBbox, unionBbox, type Bbox, type Geometry } from '../geo/geometry.js';
import { encodeWkb } from '../geo/wkb.js';
import {
  GPKG_APPLICATION_ID,
  GPKG_USER_VERSION,
  listLayers,
  readAttributes,
  readLayer,
  registerGpkgFunctions,
  writeGeoPackage,
  type LayerSpec,
  type PropertyValue,
} from './geopackage.js';
import { decodeGpkgGeometry, decodeGpkgGeometryHeader, encodeGpkgGeometry } from './gpkg-geometry.js';

const dataFile = (rel: string) => fileURLToPath(new URL(`../../data/${rel}`, import.meta.url));
const MUNICIPALITIES = dataFile('keusote/municipalities.gpkg');
const POSTAL_AREAS = dataFile('keusote/postal_areas.gpkg');
const POP_GRID = dataFile('capital_region/population_grid_250m.gpkg');

const hasGdal = spawnSync('ogrinfo', ['--version'], { encoding: 'utf8' }).status === 0;
const GDAL_SKIP = hasGdal ? '' : ' [SKIPPED: ogrinfo/ogr2ogr (gdal-bin) not found on PATH]';
// GDAL's own GeoPackage validator ships with python3-gdal; it needs the system python that has osgeo_utils.
const VALIDATOR = ['/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py', '/usr/share/doc/python3-gdal/examples/validate_gpkg.py'].find(
  (p) => fs.existsSync(p),
);
const SYSTEM_PYTHON = ['/usr/bin/python3'].find((p) => fs.existsSync(p));
const hasValidator = VALIDATOR !== undefined && SYSTEM_PYTHON !== undefined;
const VALIDATOR_SKIP = hasValidator ? '' : ' [SKIPPED: GDAL validate_gpkg.py or /usr/bin/python3 not found]';

function ogrinfo(...args: string[]): string {
  const r = spawnSync('ogrinfo', args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`ogrinfo ${args.join(' ')} failed: ${r.stderr}`);
  return `${r.stdout}\n${r.stderr}`;
}

/** GDAL's view of a layer: one CSV record per feature in fid order, with WKT and the source fid. */
function gdalFeatures(file: string, layer: string): Array<Record<string, string>> {
  const csv = execFileSync(
    'ogr2ogr',
    ['-f', 'CSV', '/vsistdout/', file, '-sql', `SELECT fid AS src_fid, * FROM "${layer}" ORDER BY fid`, '-lco', 'GEOMETRY=AS_WKT'],
    { encoding: 'utf8', maxBuffer: 256 << 20 },
  );
  return parse(csv, { columns: true }) as Array<Record<string, string>>;
}

/** `Extent: (minx, miny) - (maxx, maxy)` from `ogrinfo -so`. */
function gdalExtent(file: string, layer: string): Bbox {
  const m = /Extent: \(([-\d.]+), ([-\d.]+)\) - \(([-\d.]+), ([-\d.]+)\)/.exec(ogrinfo('-ro', '-so', file, layer));
  if (!m) throw new Error('no Extent line in ogrinfo output');
  return [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
}

/** Minimal OGC WKT → coordinate arrays for the six 2D types GDAL prints (enough for the comparison). */
function parseWkt(wkt: string): { type: string; coordinates: unknown } {
  const m = /^\s*([A-Z]+)\s*(.*)$/s.exec(wkt);
  if (!m) throw new Error(`bad WKT ${wkt.slice(0, 40)}`);
  const type = m[1]!;
  const body = m[2]!.trim();
  if (body === 'EMPTY') return { type, coordinates: null };
  const num = '-?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?';
  const json = body
    .replace(new RegExp(`(${num})\\s+(${num})(?:\\s+${num})*`, 'g'), '[$1,$2]')
    .replace(/\(/g, '[')
    .replace(/\)/g, ']');
  let coordinates = JSON.parse(json) as unknown;
  if (type === 'POINT') coordinates = (coordinates as unknown[])[0];
  // GDAL ≥ 3 prints MULTIPOINT ((x y),(x y)); strip the per-point brackets.
  if (type === 'MULTIPOINT') coordinates = (coordinates as unknown[]).map((p) => (Array.isArray((p as unknown[])[0]) ? (p as unknown[])[0] : p));
  return { type, coordinates };
}

function flatNumbers(x: unknown, out: number[] = []): number[] {
  if (Array.isArray(x)) for (const v of x) flatNumbers(v, out);
  else out.push(x as number);
  return out;
}
/** Nesting shape with every number replaced by 0, to compare structure exactly. */
function shape(x: unknown): unknown {
  return Array.isArray(x) ? x.map(shape) : 0;
}

/** Assert our decoded geometry equals GDAL's WKT (same type, same nesting, vertices within 1e-6 units). */
function expectSameAsGdal(ours: Geometry | null, wkt: string, what: string): void {
  const gdal = parseWkt(wkt);
  expect(ours, what).not.toBeNull();
  expect(ours!.type.toUpperCase(), what).toBe(gdal.type);
  expect(shape(ours!.coordinates), what).toEqual(shape(gdal.coordinates));
  const a = flatNumbers(ours!.coordinates);
  const b = flatNumbers(gdal.coordinates);
  let maxDiff = 0;
  for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i]! - b[i]!));
  expect(maxDiff, what).toBeLessThan(1e-6);
}

function layerExtent(features: Array<{ geometry: Geometry | null }>): Bbox {
  const b = emptyBbox();
  for (const f of features) if (f.geometry) unionBbox(b, bboxOf(f.geometry));
  return b;
}

let tmpDir: string;
beforeAll(() => {
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'saavu-gpkg-test-'));
});
afterAll(() => {
  fs.rmSync(tmpDir, { recursive: true, force: true });
});
/** A fresh empty directory inside tmpDir, so "no file left behind" checks can list it. */
function freshDir(name: string): string {
  const d = path.join(tmpDir, name);
  fs.mkdirSync(d);
  return d;
}

function expectInputError(fn: () => unknown, ...parts: Array<string | RegExp>): InputError {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(InputError);
  for (const p of parts) expect((err as Error).message).toMatch(p);
  return err as InputError;
}

// ---------------------------------------------------------------------------------------------------

describe('reading the shipped GeoPackages', () => {
  it('lists the layers', () => {
    expect(listLayers(MUNICIPALITIES)).toEqual([{ name: 'municipalities', dataType: 'features', srsId: 3067 }]);
    expect(listLayers(POSTAL_AREAS)).toEqual([{ name: 'postal_areas', dataType: 'features', srsId: 3067 }]);
    expect(listLayers(POP_GRID)).toEqual([{ name: 'population_grid_250m', dataType: 'features', srsId: 3067 }]);
  });

  it('reads municipalities.gpkg (PROVENANCE.md: 19 rows = 6 Keusote + 13 neighbours, EPSG:3067, MultiPolygon)', () => {
    const layer = readLayer(MUNICIPALITIES, 'municipalities', { requiredColumns: ['NATCODE', 'NAMEFIN', 'NAMESWE', 'keusote'], expectedSrsId: 3067 });
    expect(layer.features).toHaveLength(19);
    expect(layer.srsId).toBe(3067);
    expect(layer.geometryColumn).toBe('geom');
    expect(layer.geometryType).toBe('MULTIPOLYGON');
    expect(layer.columns).toEqual(expect.arrayContaining(['NATCODE', 'NAMEFIN', 'NAMESWE', 'keusote']));
    expect(layer.features.every((f) => f.geometry?.type === 'MultiPolygon')).toBe(true);
    const hyvinkaa = layer.features.find((f) => f.properties.NAMEFIN === 'Hyvinkää');
    expect(hyvinkaa?.properties.NATCODE).toBe('106');
    const keusote = layer.features.filter((f) => f.properties.keusote === 1).map((f) => f.properties.NATCODE).sort();
    expect(keusote).toEqual(['106', '186', '505', '543', '611', '858']);
  });

  it('reads postal_areas.gpkg (PROVENANCE.md: 63 rows, he_vakiy 194,023, per-municipality sums)', () => {
    const layer = readLayer(POSTAL_AREAS, 'postal_areas', { requiredColumns: ['posti_alue', 'he_vakiy', 'kunta_natcode'], expectedSrsId: 3067 });
    expect(layer.features).toHaveLength(63);
    const sum = (fs: typeof layer.features) => fs.reduce((s, f) => s + (f.properties.he_vakiy as number), 0);
    expect(sum(layer.features)).toBe(194_023);
    const byMunicipality: Record<string, [number, number]> = { '106': [16, 47_088], '186': [6, 40_714], '505': [13, 20_558], '543': [12, 41_196], '611': [3, 4_944], '858': [13, 39_523] };
    for (const [code, [areas, pop]] of Object.entries(byMunicipality)) {
      const fs = layer.features.filter((f) => f.properties.kunta_natcode === code);
      expect([fs.length, sum(fs)], code).toEqual([areas, pop]);
    }
  });

  it('reads population_grid_250m.gpkg (POPULATION_PROVENANCE.md: 5,853 cells, 1,207,168 residents)', () => {
    const layer = readLayer(POP_GRID, 'population_grid_250m', { requiredColumns: ['asukkaita'], expectedSrsId: 3067 });
    expect(layer.features).toHaveLength(5853);
    expect(layer.geometryType).toBe('POLYGON');
    expect(layer.features.reduce((s, f) => s + (f.properties.asukkaita as number), 0)).toBe(1_207_168);
  });

  it('keeps the envelope stored in each blob consistent with the decoded vertices', () => {
    const db = new Database(MUNICIPALITIES, { readonly: true });
    try {
      for (const { geom } of db.prepare('SELECT geom FROM municipalities').all() as Array<{ geom: Buffer }>) {
        const g = decodeGpkgGeometry(geom);
        expect(g.srsId).toBe(3067);
        if (g.envelope) expect(g.envelope).toEqual(bboxOf(g.geometry));
      }
    } finally {
      db.close();
    }
  });
});

describe(`decoding agrees with GDAL${GDAL_SKIP}`, () => {
  const cases = [
    ['municipalities', MUNICIPALITIES, 'NATCODE'],
    ['postal_areas', POSTAL_AREAS, 'posti_alue'],
    ['population_grid_250m', POP_GRID, 'id'],
  ] as const;
  it.skipIf(!hasGdal).each(cases)('%s: every vertex, fid and key field equal ogr2ogr WKT; extent equals ogrinfo', (layerName, file, key) => {
    const ours = readLayer(file, layerName);
    const gdal = gdalFeatures(file, layerName);
    expect(ours.features.length).toBe(gdal.length);
    ours.features.forEach((f, i) => {
      const g = gdal[i]!;
      expect(f.fid).toBe(Number(g.src_fid));
      expect(String(f.properties[key])).toBe(g[key]);
      expectSameAsGdal(f.geometry, g.WKT!, `${layerName} fid ${f.fid}`);
    });
    const gdalBox = gdalExtent(file, layerName);
    const ourBox = layerExtent(ours.features);
    for (let k = 0; k < 4; k++) expect(Math.abs(ourBox[k]! - gdalBox[k]!)).toBeLessThan(1e-5); // ogrinfo prints 6 decimals
  });
});

// ---------------------------------------------------------------------------------------------------

describe('GeoPackage geometry blobs', () => {
  it('round-trips with an XY envelope (indicator 1), little-endian, srs_id in the header', () => {
    const g: Geometry = { type: 'MultiPolygon', coordinates: [[[[0, 0], [4, 0], [4, 3], [0, 0]]], [[[10, 10], [11, 10], [11, 12], [10, 10]]]] };
    const blob = encodeGpkgGeometry(g, 3067);
    expect([blob[0], blob[1], blob[2], blob[3]]).toEqual([0x47, 0x50, 0, 0b0000_0011]);
    const back = decodeGpkgGeometry(blob);
    expect(back).toMatchObject({ version: 0, srsId: 3067, empty: false, envelopeIndicator: 1, envelope: [0, 0, 11, 12], headerBytes: 40, geometry: g });
  });

  it('marks empty geometries with the empty flag and no envelope (Req. 152)', () => {
    for (const g of [{ type: 'Point', coordinates: [NaN, NaN] }, { type: 'MultiPolygon', coordinates: [] }] as Geometry[]) {
      const blob = encodeGpkgGeometry(g, 3067);
      expect(blob[3]).toBe(0b0001_0001);
      expect(decodeGpkgGeometry(blob)).toMatchObject({ empty: true, envelope: null, envelopeIndicator: 0, geometry: g });
    }
  });

  it('reads a big-endian header with an XYZ envelope (indicator 2) — hand-built', () => {
    const wkb = encodeWkb({ type: 'Point', coordinates: [5, 6] });
    const blob = new Uint8Array(8 + 48 + wkb.length);
    const v = new DataView(blob.buffer);
    blob.set([0x47, 0x50, 0, 0b0000_0100]); // E=2, B=0 (big-endian header)
    v.setInt32(4, 4326, false);
    [5, 5, 6, 6, 0, 0].forEach((x, i) => v.setFloat64(8 + 8 * i, x, false));
    blob.set(wkb, 56);
    expect(decodeGpkgGeometry(blob)).toMatchObject({ srsId: 4326, envelopeIndicator: 2, envelope: [5, 6, 5, 6], geometry: { type: 'Point', coordinates: [5, 6] } });
  });

  it('rejects bad magic, version, extended flag, envelope code and truncation', () => {
    const good = encodeGpkgGeometry({ type: 'Point', coordinates: [1, 2] }, 3067);
    const mutate = (i: number, b: number) => {
      const c = good.slice();
      c[i] = b;
      return c;
    };
    expect(() => decodeGpkgGeometry(mutate(0, 0x58))).toThrow(/magic/);
    expect(() => decodeGpkgGeometry(mutate(2, 1))).toThrow(/version byte 1/);
    expect(() => decodeGpkgGeometry(mutate(3, 0b0010_0011))).toThrow(/Extended/);
    expect(() => decodeGpkgGeometry(mutate(3, 0b0000_1011))).toThrow(/envelope indicator 5/);
    expect(() => decodeGpkgGeometryHeader(good.subarray(0, 20))).toThrow(/truncated/);
    expect(() => decodeGpkgGeometry(good.subarray(0, 40))).toThrow(/no WKB/);
    expect(() => decodeGpkgGeometry(good.subarray(0, good.length - 1))).toThrow(/WKB truncated/);
  });
});

// ---------------------------------------------------------------------------------------------------

// Synthetic content: made-up sites and squares in EPSG:3067 metres around Keusote, not real data.
const square = (x: number, y: number, s: number): Array<[number, number]> => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
  [x, y],
];
const syntheticLayers = (): LayerSpec[] => [
  {
    name: 'sites',
    description: 'synthetic test sites',
    geometryType: 'POINT',
    srsId: 3067,
    fields: [
      { name: 'name', type: 'TEXT' },
      { name: 'beds', type: 'INTEGER' },
      { name: 'share', type: 'REAL' },
    ],
    features: [
      { properties: { name: 'Synthetic A', beds: 12, share: 0.25 }, geometry: { type: 'Point', coordinates: [385000.5, 6710000.25] } },
      { properties: { name: 'Synthetic B — ääkköset', beds: null }, geometry: { type: 'Point', coordinates: [395000, 6725000] } },
      { properties: { name: 'Synthetic C (no location)' }, geometry: null },
    ],
  },
  {
    name: 'areas',
    geometryType: 'MULTIPOLYGON',
    srsId: 3067,
    fields: [{ name: 'code', type: 'TEXT' }],
    features: [
      { properties: { code: 'S1' }, geometry: { type: 'MultiPolygon', coordinates: [[square(380000, 6700000, 5000), square(381000, 6701000, 1000)]] } },
      { properties: { code: 'S2' }, geometry: { type: 'MultiPolygon', coordinates: [[square(390000, 6705000, 2000)], [square(400000, 6730000, 3000)]] } },
    ],
  },
];
const syntheticAttributes = [
  {
    name: 'notes',
    description: 'synthetic key/value rows',
    fields: [
      { name: 'key', type: 'TEXT' as const },
      { name: 'value', type: 'TEXT' as const },
      { name: 'n', type: 'INTEGER' as const },
    ],
    rows: [
      { key: 'a', value: 'first', n: 1 },
      { key: 'b', value: null, n: 2 },
    ],
  },
];

describe('writeGeoPackage', () => {
  let file: string;
  beforeAll(() => {
    file = path.join(freshDir('write'), 'synthetic.gpkg');
    writeGeoPackage(file, { layers: syntheticLayers(), attributes: syntheticAttributes });
  });

  it('leaves only the target file in the directory', () => {
    expect(fs.readdirSync(path.dirname(file))).toEqual(['synthetic.gpkg']);
  });

  it('reads back with our reader', () => {
    expect(listLayers(file)).toEqual([
      { name: 'sites', dataType: 'features', srsId: 3067 },
      { name: 'areas', dataType: 'features', srsId: 3067 },
      { name: 'notes', dataType: 'attributes', srsId: null },
    ]);
    for (const spec of syntheticLayers()) {
      const layer = readLayer(file, spec.name, { expectedSrsId: 3067, requiredColumns: spec.fields.map((f) => f.name) });
      expect(layer.geometryType).toBe(spec.geometryType);
      expect(layer.columns).toEqual(spec.fields.map((f) => f.name));
      expect(layer.features.map((f) => f.fid)).toEqual(spec.features.map((_, i) => i + 1));
      layer.features.forEach((f, i) => {
        const want: Record<string, PropertyValue> = Object.fromEntries(spec.fields.map((fd) => [fd.name, spec.features[i]!.properties[fd.name] ?? null]));
        expect(f.properties).toEqual(want);
        expect(f.geometry).toEqual(spec.features[i]!.geometry);
      });
    }
    expect(readAttributes(file, 'notes', { requiredColumns: ['key', 'value'] })).toEqual(syntheticAttributes[0]!.rows);
  });

  it('writes the GeoPackage 1.3 header, contents extent, SRS rows and a filled R-tree', () => {
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('application_id', { simple: true })).toBe(GPKG_APPLICATION_ID);
      expect(db.pragma('user_version', { simple: true })).toBe(GPKG_USER_VERSION);
      expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
      expect(db.prepare('SELECT srs_id FROM gpkg_spatial_ref_sys ORDER BY srs_id').pluck().all()).toEqual([-1, 0, 3067, 4326]);
      const areas = db.prepare("SELECT min_x, min_y, max_x, max_y, last_change FROM gpkg_contents WHERE table_name = 'areas'").get() as Record<string, unknown>;
      expect([areas.min_x, areas.min_y, areas.max_x, areas.max_y]).toEqual([380000, 6700000, 403000, 6733000]);
      expect(areas.last_change).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(db.prepare('SELECT id FROM rtree_sites_geom ORDER BY id').pluck().all()).toEqual([1, 2]); // the NULL geometry is not indexed
      expect(db.prepare("SELECT id FROM rtree_areas_geom WHERE minx <= 391000 AND maxx >= 391000 AND miny <= 6706000 AND maxy >= 6706000").pluck().all()).toEqual([2]);
      expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rtree_areas_geom_%'").pluck().get()).toBe(6);
      expect(db.prepare("SELECT extension_name, scope FROM gpkg_extensions WHERE table_name = 'areas'").get()).toEqual({ extension_name: 'gpkg_rtree_index', scope: 'write-only' });
    } finally {
      db.close();
    }
  });

  it.skipIf(!hasGdal)(`is read by GDAL without warnings: layers, EPSG:3067, feature counts, geometries${GDAL_SKIP}`, () => {
    const summary = ogrinfo(file);
    expect(summary).toMatch(/1: sites \(Point\)/);
    expect(summary).toMatch(/2: areas \(Multi Polygon\)/);
    expect(summary).toMatch(/3: notes \(None\)/);
    const full = ogrinfo('-ro', '-al', file);
    for (const text of [summary, full]) expect(text).not.toMatch(/warning|error/i);

    const sites = ogrinfo('-so', file, 'sites');
    expect(sites).toContain('PROJCRS["ETRS89 / TM35FIN(E,N)"');
    expect(sites).toContain('ID["EPSG",3067]');
    expect(sites).toMatch(/Feature Count: 3/);
    expect(ogrinfo('-so', file, 'areas')).toMatch(/Feature Count: 2/);
    // A spatial filter goes through the R-tree: one square contains (391000, 6706000).
    expect(ogrinfo('-ro', '-so', '-spat', '390500', '6705500', '391500', '6706500', file, 'areas')).toMatch(/Feature Count: 1/);

    for (const spec of syntheticLayers()) {
      const gdal = gdalFeatures(file, spec.name);
      expect(gdal).toHaveLength(spec.features.length);
      spec.features.forEach((f, i) => {
        if (f.geometry) expectSameAsGdal(f.geometry, gdal[i]!.WKT!, `${spec.name} #${i + 1}`);
        else expect(gdal[i]!.WKT).toBe('');
      });
    }
  });

  it.skipIf(!hasValidator)(`passes GDAL's validate_gpkg.py --extra${VALIDATOR_SKIP}`, () => {
    const r = spawnSync(SYSTEM_PYTHON!, [VALIDATOR!, '--extra', file], { encoding: 'utf8' });
    expect(`${r.stdout}${r.stderr}`).toBe('');
    expect(r.status).toBe(0);
  });

  it('writes EPSG:4326 layers and empty geometries', () => {
    const f = path.join(freshDir('wgs'), 'wgs.gpkg');
    // Synthetic: a lon/lat point near Hyvinkää and two empty geometries.
    writeGeoPackage(f, {
      layers: [
        {
          name: 'lonlat',
          geometryType: 'GEOMETRY',
          srsId: 4326,
          fields: [],
          features: [
            { properties: {}, geometry: { type: 'Point', coordinates: [24.86, 60.63] } },
            { properties: {}, geometry: { type: 'Point', coordinates: [NaN, NaN] } },
            { properties: {}, geometry: { type: 'MultiPolygon', coordinates: [] } },
          ],
        },
      ],
    });
    const layer = readLayer(f, 'lonlat', { expectedSrsId: 4326 });
    expect(layer.features.map((x) => x.geometry)).toEqual([
      { type: 'Point', coordinates: [24.86, 60.63] },
      { type: 'Point', coordinates: [NaN, NaN] },
      { type: 'MultiPolygon', coordinates: [] },
    ]);
    if (hasGdal) {
      expect(ogrinfo('-so', f, 'lonlat')).toContain('ID["EPSG",4326]');
      expect(gdalFeatures(f, 'lonlat').map((r) => r.WKT)).toEqual(['POINT (24.86 60.63)', 'POINT EMPTY', 'MULTIPOLYGON EMPTY']);
    }
  });

  it('keeps the R-tree in sync through the spec triggers when edited with registerGpkgFunctions', () => {
    const f = path.join(freshDir('edit'), 'edit.gpkg');
    writeGeoPackage(f, { layers: syntheticLayers() });
    const db = new Database(f);
    try {
      registerGpkgFunctions(db);
      const rtree = () => db.prepare('SELECT id, minx, maxx, miny, maxy FROM rtree_sites_geom ORDER BY id').raw().all();
      // Synthetic edits: move site 1, give site 3 a location, delete site 2, add a site and an empty one.
      db.prepare('UPDATE sites SET geom = ? WHERE fid = 1').run(Buffer.from(encodeGpkgGeometry({ type: 'Point', coordinates: [386000, 6711000] }, 3067)));
      db.prepare('UPDATE sites SET geom = ? WHERE fid = 3').run(Buffer.from(encodeGpkgGeometry({ type: 'Point', coordinates: [387000, 6712000] }, 3067)));
      db.prepare('DELETE FROM sites WHERE fid = 2').run();
      db.prepare('INSERT INTO sites (geom, name) VALUES (?, ?)').run(Buffer.from(encodeGpkgGeometry({ type: 'Point', coordinates: [388000, 6713000] }, 3067)), 'D');
      db.prepare('INSERT INTO sites (geom, name) VALUES (?, ?)').run(Buffer.from(encodeGpkgGeometry({ type: 'Point', coordinates: [NaN, NaN] }, 3067)), 'empty');
      expect(rtree()).toEqual([
        [1, 386000, 386000, 6711000, 6711000],
        [3, 387000, 387000, 6712000, 6712000],
        [4, 388000, 388000, 6713000, 6713000],
      ]);
    } finally {
      db.close();
    }
  });

  it('refuses to replace an existing file unless overwrite is set, then replaces it atomically', () => {
    const dir = freshDir('overwrite');
    const f = path.join(dir, 'x.gpkg');
    writeGeoPackage(f, { layers: syntheticLayers().slice(0, 1) });
    const before = fs.readFileSync(f);
    expect(() => writeGeoPackage(f, { layers: syntheticLayers() })).toThrow(UsageError);
    expect(() => writeGeoPackage(f, { layers: syntheticLayers() })).toThrow(/already exists/);
    expect(fs.readFileSync(f).equals(before)).toBe(true);
    writeGeoPackage(f, { layers: syntheticLayers() }, { overwrite: true });
    expect(listLayers(f).map((l) => l.name)).toEqual(['sites', 'areas']);
    expect(fs.readdirSync(dir)).toEqual(['x.gpkg']);
  });
});

// ---------------------------------------------------------------------------------------------------

describe('bad input', () => {
  it('a truncated copy of a real GeoPackage (first 1000 bytes) is not a valid GeoPackage', () => {
    const f = path.join(tmpDir, 'truncated.gpkg');
    fs.writeFileSync(f, fs.readFileSync(MUNICIPALITIES).subarray(0, 1000));
    expectInputError(() => readLayer(f, 'municipalities'), f, /not a valid GeoPackage/);
    expectInputError(() => listLayers(f), f, /not a valid GeoPackage/);
  });

  it('a text file renamed .gpkg is not a valid GeoPackage', () => {
    const f = path.join(tmpDir, 'notes.gpkg');
    fs.writeFileSync(f, 'NATCODE,NAMEFIN\n106,Hyvinkää\n'); // synthetic text
    expectInputError(() => readLayer(f, 'municipalities'), f, /not a valid GeoPackage/, /not an SQLite database/);
  });

  it('a missing file, a directory, an SQLite file without gpkg_contents', () => {
    expectInputError(() => listLayers(path.join(tmpDir, 'nope.gpkg')), 'nope.gpkg', /file not found/);
    expectInputError(() => listLayers(tmpDir), /not a file/);
    const f = path.join(tmpDir, 'plain.sqlite');
    const db = new Database(f);
    db.exec('CREATE TABLE t (a INTEGER)');
    db.close();
    expectInputError(() => readLayer(f, 't'), f, /no gpkg_contents table/);
  });

  it('an unknown layer lists the layers present', () => {
    expectInputError(() => readLayer(MUNICIPALITIES, 'kunnat'), MUNICIPALITIES, 'layer kunnat', /no such layer/, /municipalities/);
  });

  it('a missing required column names the field and lists the columns present', () => {
    const err = expectInputError(
      () => readLayer(MUNICIPALITIES, 'municipalities', { requiredColumns: ['NATCODE', 'KUNTANRO'] }),
      MUNICIPALITIES,
      'layer municipalities',
      'field "KUNTANRO"',
      /columns present: .*NATCODE.*keusote/,
    );
    expect(err.details.field).toBe('KUNTANRO');
  });

  it('a layer in EPSG:4326 where EPSG:3067 is expected', () => {
    const f = path.join(freshDir('crs'), 'lonlat.gpkg');
    // Synthetic lon/lat point.
    writeGeoPackage(f, { layers: [{ name: 'pts', geometryType: 'POINT', srsId: 4326, fields: [], features: [{ properties: {}, geometry: { type: 'Point', coordinates: [25, 60.5] } }] }] });
    expectInputError(() => readLayer(f, 'pts', { expectedSrsId: 3067 }), f, 'layer pts', /wrong coordinate reference system/, 'EPSG:3067', 'EPSG:4326');
    expectInputError(() => readLayer(MUNICIPALITIES, 'municipalities', { expectedSrsId: 4326 }), /wrong coordinate reference system/);
  });

  it('an undecodable geometry names the feature', () => {
    const f = path.join(freshDir('corrupt'), 'corrupt.gpkg');
    writeGeoPackage(f, { layers: syntheticLayers() });
    const db = new Database(f);
    registerGpkgFunctions(db); // the R-tree triggers call ST_IsEmpty / ST_MinX …
    // Cut the blob of fid 2 in the middle of its WKB.
    const blob = db.prepare('SELECT geom FROM areas WHERE fid = 2').pluck().get() as Buffer;
    db.prepare('UPDATE areas SET geom = ? WHERE fid = 2').run(blob.subarray(0, blob.length - 10));
    db.close();
    expectInputError(() => readLayer(f, 'areas'), f, 'layer areas', 'feature 2', /undecodable geometry: WKB truncated/);
  });

  it('reading an attributes table as a layer (and vice versa) says which reader to use', () => {
    const f = path.join(freshDir('kinds'), 'kinds.gpkg');
    writeGeoPackage(f, { layers: syntheticLayers(), attributes: syntheticAttributes });
    expectInputError(() => readLayer(f, 'notes'), /data_type "attributes" \(use readAttributes\)/);
    expectInputError(() => readAttributes(f, 'sites'), /data_type "features" \(use readLayer\)/);
  });
});

describe('failed writes leave nothing behind', () => {
  const cases: Array<[string, () => LayerSpec[], RegExp]> = [
    [
      'an invalid geometry (NaN coordinate)',
      () => {
        const layers = syntheticLayers();
        layers[1]!.features = [...layers[1]!.features, { properties: { code: 'bad' }, geometry: { type: 'MultiPolygon', coordinates: [[[[1, 2], [NaN, 3], [1, 2]]]] } }];
        return layers;
      },
      /layer areas, feature 3, field "geom": invalid geometry/,
    ],
    [
      'a property of an undeclared field',
      () => {
        const layers = syntheticLayers();
        layers[0]!.features = [{ properties: { name: 'x', colour: 'red' }, geometry: { type: 'Point', coordinates: [1, 2] } }];
        return layers;
      },
      /layer sites, feature 1, field "colour": property of an undeclared field/,
    ],
    [
      'a geometry of the wrong type',
      () => {
        const layers = syntheticLayers();
        layers[0]!.features = [{ properties: {}, geometry: { type: 'LineString', coordinates: [[1, 2], [3, 4]] } }];
        return layers;
      },
      /geometry of the wrong type; expected Point, got "LineString"/,
    ],
    [
      'a non-integer in an INTEGER field',
      () => {
        const layers = syntheticLayers();
        layers[0]!.features = [{ properties: { beds: 2.5 }, geometry: null }];
        return layers;
      },
      /field "beds": bad value; expected a safe integer/,
    ],
  ];

  it.each(cases)('%s → InputError, no target, no temporary file', (_name, layers, message) => {
    const dir = freshDir(`fail-${_name.replace(/\W+/g, '-')}`);
    const f = path.join(dir, 'out.gpkg');
    expectInputError(() => writeGeoPackage(f, { layers: layers() }), f, message);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('a failed overwrite keeps the old file intact', () => {
    const dir = freshDir('fail-overwrite');
    const f = path.join(dir, 'keep.gpkg');
    writeGeoPackage(f, { layers: syntheticLayers() });
    const before = fs.readFileSync(f);
    const bad = syntheticLayers();
    bad[0]!.features = [{ properties: { nope: 1 }, geometry: null }];
    expect(() => writeGeoPackage(f, { layers: bad }, { overwrite: true })).toThrow(InputError);
    expect(fs.readFileSync(f).equals(before)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['keep.gpkg']);
  });

  it('bad table specs are rejected before any file is created', () => {
    const dir = freshDir('fail-spec');
    const f = path.join(dir, 'out.gpkg');
    const base = syntheticLayers()[0]!;
    expectInputError(() => writeGeoPackage(f, { layers: [{ ...base, srsId: 3879 }] }), /unsupported srs_id; expected one of 4326, 3067, got 3879/);
    expectInputError(() => writeGeoPackage(f, { layers: [base, { ...base, name: 'SITES' }] }), /duplicate table name/);
    expectInputError(() => writeGeoPackage(f, { layers: [{ ...base, name: 'gpkg_x' }] }), /reserved table name/);
    expectInputError(() => writeGeoPackage(f, { layers: [{ ...base, fields: [{ name: 'geom', type: 'TEXT' }] }] }), /invalid field name/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
