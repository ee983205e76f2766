/**
 * Tests of the sites format (src/data/sites.ts) and the site compiler (src/data/compile-sites.ts).
 *
 * 1. Traceability on the real data: the committed data/<region>/sites.csv must equal a fresh compile of
 *    the shared raw sources, and every site's point must be its first source record's lon/lat
 *    reprojected — checked with an independent proj4 definition and, where installed, with GDAL.
 * 2. Expectations taken from the provenance notes (Kellokoski geocode fault, closures, coverage).
 * 3. Bad input: small synthetic files in os.tmpdir() (labelled "synthetic" in their names).
 * 4. The announced-closures scenario refers to existing sites.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import proj4 from 'proj4';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parse } from 'csv-parse/sync';
import { InputError } from '../core/errors.js';
import type { Site } from '../core/model.js';
import {
  compileKeusoteSites,
  compileTampereSites,
  KEUSOTE_MUNICIPALITY_CODES,
  keusoteSiteSources,
  TAMPERE_AREA_MUNICIPALITY_CODES,
  tampereSiteSources,
} from './compile-sites.js';
import { readSitesCsv, readSitesGeoJson, representativeLonLat, SITES_CSV_COLUMNS, sitesToCsv, writeSitesCsv } from './sites.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// The raw site files are bundled in data/<region>/ (byte-identical copies of ../shared/data with their
// PROVENANCE files); the `source` labels (<folder>/<file>) resolve against that folder.
const shared = join(repoRoot, 'data');

// An independent EPSG:3067 definition (not src/geo/crs.ts): ETRS89 / TM35FIN = UTM zone 35 on GRS80.
const toTm35 = proj4('EPSG:4326', '+proj=utm +zone=35 +ellps=GRS80 +units=m +no_defs');

function rawCsv(file: string): Array<Record<string, string>> {
  return parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
}

interface GeoFeature {
  properties: Record<string, unknown>;
  geometry: { type: 'Point' | 'Polygon' | 'MultiPolygon'; coordinates: unknown };
}

/** lon/lat of a `source` reference `<folder>/<file>#<row | type/id>`, read straight from the raw file. */
function lonLatOfRef(ref: string): [number, number] {
  const [fileLabel, key] = ref.split('#') as [string, string];
  const file = join(shared, fileLabel);
  if (file.endsWith('.geojson')) {
    const [type, id] = key.split('/');
    const fc = JSON.parse(readFileSync(file, 'utf8')) as { features: GeoFeature[] };
    const f = fc.features.find((g) => g.properties['@type'] === type && String(g.properties['@id']) === id);
    if (!f) throw new Error(`no feature ${key} in ${fileLabel}`);
    return representativeLonLat(f.geometry);
  }
  const row = rawCsv(file)[Number(key) - 1];
  if (!row) throw new Error(`no row ${key} in ${fileLabel}`);
  const lon = Number(row.lon ?? row.LON);
  const lat = Number(row.lat ?? row.LAT);
  return [lon, lat];
}

const regions = [
  { region: 'keusote', compile: () => compileKeusoteSites(keusoteSiteSources(shared)) },
  { region: 'tampere', compile: () => compileTampereSites(tampereSiteSources(shared)) },
] as const;

describe.each(regions)('traceability of data/$region/sites.csv', ({ region, compile }) => {
  const committedFile = join(repoRoot, 'data', region, 'sites.csv');
  const compiled = compile();
  const committed = readSitesCsv(committedFile);

  it('equals a fresh compile of the raw sources (regenerate: npx tsx scripts/compile-sites.ts)', () => {
    expect(readFileSync(committedFile, 'utf8')).toBe(sitesToCsv(compiled.sites));
  });

  it('puts every site at its first source record reprojected (proj4, within 0.01 m)', () => {
    for (const s of committed) {
      const refs = s.source.split('; ');
      const [lon, lat] = lonLatOfRef(refs[0]!);
      const [x, y] = toTm35.forward([lon, lat]);
      expect(Math.abs(x! - s.x), `${s.id} x`).toBeLessThan(0.01);
      expect(Math.abs(y! - s.y), `${s.id} y`).toBeLessThan(0.01);
      for (const r of refs.slice(1)) expect(() => lonLatOfRef(r), `${s.id} ${r}`).not.toThrow();
    }
  });

  it.skipIf(!existsSync('/usr/bin/gdaltransform'))('agrees with GDAL gdaltransform EPSG:4326 → EPSG:3067 (within 0.01 m)', () => {
    const lonLats = committed.map((s) => lonLatOfRef(s.source.split('; ')[0]!));
    const out = execFileSync('/usr/bin/gdaltransform', ['-s_srs', 'EPSG:4326', '-t_srs', 'EPSG:3067'], {
      input: lonLats.map(([lon, lat]) => `${lon} ${lat}`).join('\n') + '\n',
      encoding: 'utf8',
    });
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(committed.length);
    committed.forEach((s, i) => {
      const [gx, gy] = lines[i]!.trim().split(/\s+/).map(Number);
      expect(Math.abs(gx! - s.x), `${s.id} x`).toBeLessThan(0.01);
      expect(Math.abs(gy! - s.y), `${s.id} y`).toBeLessThan(0.01);
    });
  });

  it('has a source on every row, unique kebab-case ids, and no invented capacity, cost or digital share', () => {
    expect(new Set(committed.map((s) => s.id)).size).toBe(committed.length);
    for (const s of committed) {
      expect(s.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(s.source.trim()).not.toBe('');
      // No bundled source gives any of these.
      expect(s.capacity, s.id).toBeNull();
      expect(s.annualCost, s.id).toBeNull();
      expect(s.digitalShare, s.id).toBeNull();
      expect(s.services, s.id).toEqual([]);
    }
  });

  it('takes opening hours only from an OSM opening_hours tag of the site\'s own record', () => {
    for (const s of committed) {
      const osmRef = s.source.split('; ').find((r) => r.includes('.geojson#'));
      if (!osmRef) {
        expect(s.openingHours, s.id).toBeNull();
        continue;
      }
      const [, key] = osmRef.split('#') as [string, string];
      const amenities = readSitesGeoJson(join(shared, osmRef.split('#')[0]!));
      const a = amenities.find((f) => f.osmRef === key)!;
      expect(s.openingHours, s.id).toBe(a.tags.opening_hours ?? null);
    }
  });
});

describe('Keusote sites: expectations from keusote/PROVENANCE.md', () => {
  const sites = readSitesCsv(join(repoRoot, 'data', 'keusote', 'sites.csv'));
  const byId = new Map(sites.map((s) => [s.id, s]));
  const metresBetween = (s: Site, lon: number, lat: number) => {
    const [x, y] = toTm35.forward([lon, lat]);
    return Math.hypot(x! - s.x, y! - s.y);
  };

  it('places Kellokosken sairaala in Tuusula, far from the wrong Mäntsälä geocode', () => {
    const k = sites.find((s) => s.name === 'Kellokosken sairaala')!;
    expect(k).toBeDefined();
    expect(k.kind).toBe('hospital');
    expect(k.municipalityCode).toBe('858');
    expect(metresBetween(k, 25.316504, 60.63184)).toBeGreaterThan(10_000);
    expect(k.source).not.toMatch(/health_sites_other\.csv#3(\D|$)/);
  });

  it('does not use the low-confidence yhteispäivystys point', () => {
    const e = byId.get('hyvinkaa-yhteispaivystys')!;
    expect(e.kind).toBe('emergency');
    expect(metresBetween(e, 24.860028, 60.632189)).toBeGreaterThan(1_000);
  });

  it('gives each of the six municipalities a sote-keskus or sote-yksikkö', () => {
    for (const code of Object.values(KEUSOTE_MUNICIPALITY_CODES)) {
      const primary = sites.filter((s) => s.municipalityCode === code && (s.kind === 'sote-keskus' || s.kind === 'sote-yksikko'));
      expect(primary.length, `municipality ${code}`).toBeGreaterThan(0);
    }
    expect(sites.find((s) => s.municipalityCode === '186' && s.name.includes('(JUST)'))?.kind).toBe('sote-keskus');
    expect(sites.find((s) => s.municipalityCode === '611' && s.name === 'Pornaisten terveysasema')?.kind).toBe('sote-yksikko');
    expect(sites.find((s) => s.municipalityCode === '505' && s.name === 'Mäntsälän terveysasema')?.kind).toBe('sote-keskus');
  });

  it('follows the renaming of 21.11.2025 and the closure announcements', () => {
    for (const id of ['hyvinkaa-sote-keskus', 'jarvenpaa-sote-keskus', 'mantsala-sote-keskus', 'nurmijarvi-sote-keskus', 'tuusula-sote-keskus']) {
      expect(byId.get(id)?.kind, id).toBe('sote-keskus');
    }
    for (const id of ['klaukkala-sote-yksikko', 'pornainen-sote-yksikko', 'jokela-sote-yksikko']) expect(byId.get(id)?.kind, id).toBe('sote-yksikko');
    expect(byId.get('rajamaki-terveysasema')?.status).toBe('closing');
    expect(byId.get('kellokoski-terveysasema')?.status).toBe('closing');
    expect(byId.get('jokela-sote-yksikko')?.status).toBe('closing');
    expect(sites.filter((s) => s.status === 'closing').map((s) => s.id).sort()).toEqual(['jokela-sote-yksikko', 'kellokoski-terveysasema', 'rajamaki-terveysasema']);
  });

  it('keeps Peippo, Ohkola and Kiljava as real points of kind other, and no Eurostat row outside the region', () => {
    for (const name of ['Lastenpsykiatrinen Sairaala Peippo', 'Ohkolan sairaala', 'Kiljavan sairaala']) {
      const s = sites.find((x) => x.name === name);
      expect(s?.kind, name).toBe('other');
      expect(s?.notes, name).toBeTruthy();
    }
    const eurostat = rawCsv(join(shared, 'keusote', 'hospitals_eurostat.csv'));
    for (const s of sites) {
      for (const ref of s.source.split('; ').filter((r) => r.startsWith('keusote/hospitals_eurostat.csv#'))) {
        expect(eurostat[Number(ref.split('#')[1]) - 1]?.in_keusote_municipality, ref).not.toBe('');
      }
    }
  });
});

describe('Tampere sites: expectations from tampere/SITES_PROVENANCE.md', () => {
  const compiled = compileTampereSites(tampereSiteSources(shared));
  const sites = compiled.sites;

  it('drops the fallback geocode shared by Sydänsairaala and Omapihlaja Kehräsaari', () => {
    const [fx, fy] = toTm35.forward([23.673573, 61.708766]);
    for (const s of sites) expect(Math.hypot(s.x - fx!, s.y - fy!), s.id).toBeGreaterThan(1_000);
    expect(sites.find((s) => s.name === 'Sydänsairaala')).toBeUndefined();
    expect(compiled.report.some((l) => l.startsWith('dropped') && l.includes('Sydänsairaala'))).toBe(true);
  });

  it('uses only the six study-area municipalities and OSM geometry for matched facilities', () => {
    const codes = new Set(Object.values(TAMPERE_AREA_MUNICIPALITY_CODES));
    for (const s of sites) expect(codes.has(s.municipalityCode), s.id).toBe(true);
    const tays = sites.find((s) => s.name === 'Tampereen yliopistollinen sairaala')!;
    expect(tays.source.split('; ')[0]).toBe('tampere/health_amenities.geojson#way/640611323');
    // Distinct facilities near TAYS stay separate (different kinds / no shared distinctive word).
    expect(sites.find((s) => s.name === 'Tampereen tk-päivystys')?.kind).toBe('emergency');
    expect(sites.find((s) => s.name === 'Tekonivelsairaala Coxa')?.source).toBe('tampere/health_sites_other.csv#4');
  });
});

describe('readSitesCsv on bad input (synthetic fixtures)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'saavu-sites-synthetic-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const header = SITES_CSV_COLUMNS.join(',');
  // Synthetic rows: made-up ids and values, used only to exercise the validation.
  const good = 'a-site,Synthetic A,sote-keskus,106,381123.351,6721279.12,,,,,,,open,synthetic,';
  const good2 = 'b-site,Synthetic B,hospital,858,396271.411,6712200.175,"Street 1, 00000 Town",x;y,Mo-Fr 08:00-16:00,120,1000000,0.25,planned,synthetic,note';

  function fixture(name: string, lines: string[]): string {
    const file = join(dir, `synthetic-${name}.csv`);
    writeFileSync(file, lines.join('\n') + '\n');
    return file;
  }

  function expectInputError(file: string, row: number, field: string, extra?: string): InputError {
    let caught: unknown;
    try {
      readSitesCsv(file);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(InputError);
    const err = caught as InputError;
    expect(err.message).toContain(file);
    expect(err.message).toContain(`row ${row}`);
    expect(err.message).toContain(`"${field}"`);
    if (extra) expect(err.message).toContain(extra);
    expect(err.details).toMatchObject({ file, row, field });
    return err;
  }

  it('reads a valid file, with empty optional fields as null', () => {
    const sites = readSitesCsv(fixture('good', [header, good, good2]));
    expect(sites[0]).toMatchObject({ id: 'a-site', address: null, services: [], openingHours: null, capacity: null, annualCost: null, digitalShare: null, notes: null });
    expect(sites[1]).toMatchObject({ services: ['x', 'y'], capacity: 120, annualCost: 1_000_000, digitalShare: 0.25, status: 'planned', address: 'Street 1, 00000 Town' });
  });

  it('writes atomically and reads back the same sites', () => {
    const file = join(dir, 'synthetic-roundtrip.csv');
    const sites = readSitesCsv(fixture('good-2', [header, good, good2]));
    writeSitesCsv(file, sites);
    expect(readSitesCsv(file)).toEqual(sites);
    expect(readFileSync(file, 'utf8')).toBe(sitesToCsv(sites));
  });

  it('rejects a duplicate id, naming both rows', () => {
    expectInputError(fixture('duplicate-id', [header, good, good2, good]), 3, 'id', 'rows 1 and 3');
  });

  it('rejects an unknown kind', () => {
    expectInputError(fixture('unknown-kind', [header, good.replace('sote-keskus', 'clinic')]), 1, 'kind', '"clinic"');
  });

  it('rejects an unknown status', () => {
    expectInputError(fixture('unknown-status', [header, good.replace(',open,', ',shut,')]), 1, 'status', '"shut"');
  });

  it('rejects a non-numeric or negative capacity and a negative cost', () => {
    expectInputError(fixture('text-capacity', [header, good2.replace(',120,', ',many,')]), 1, 'capacity', '"many"');
    expectInputError(fixture('negative-capacity', [header, good2.replace(',120,', ',-5,')]), 1, 'capacity');
    expectInputError(fixture('negative-cost', [header, good2.replace(',1000000,', ',-1,')]), 1, 'annual_cost');
  });

  it('rejects a digital share outside 0..1', () => {
    expectInputError(fixture('digital-share', [header, good2.replace(',0.25,', ',25,')]), 1, 'digital_share');
  });

  it('rejects a municipality that is not a 3-digit code', () => {
    expectInputError(fixture('municipality', [header, good.replace(',106,', ',Hyvinkää,')]), 1, 'municipality');
  });

  it('rejects an empty id or name', () => {
    expectInputError(fixture('empty-name', [header, good.replace('Synthetic A', '')]), 1, 'name');
    expectInputError(fixture('empty-id', [header, good.replace('a-site', '')]), 1, 'id');
  });

  it('rejects non-numeric x and says so when x/y look like lon/lat degrees', () => {
    expectInputError(fixture('text-x', [header, good.replace('381123.351', 'east')]), 1, 'x');
    const err = expectInputError(fixture('degrees', [header, good.replace('381123.351,6721279.12', '24.828395,60.609706')]), 1, 'x/y');
    expect(err.message).toContain('looks like WGS84 degrees; expected EPSG:3067 metres');
    const far = expectInputError(fixture('outside', [header, good.replace('381123.351,6721279.12', '381123.351,5000000')]), 1, 'x/y');
    expect(far.message).not.toContain('degrees;');
  });

  it('rejects a file with a missing column (header = row 0)', () => {
    const cols = SITES_CSV_COLUMNS.filter((c) => c !== 'status');
    const row = good.split(',').filter((_, i) => SITES_CSV_COLUMNS[i] !== 'status');
    expectInputError(fixture('missing-column', [cols.join(','), row.join(',')]), 0, 'status', 'missing column');
  });
});

describe('readSitesGeoJson (synthetic fixtures)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'saavu-geojson-synthetic-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('uses the area centroid of the largest outer ring and filters by amenity', () => {
    const file = join(dir, 'synthetic-amenities.geojson');
    const square = (x: number, y: number, d: number) => [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]];
    writeFileSync(
      file,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: { '@type': 'way', '@id': 1, amenity: 'hospital', name: 'Synthetic H' }, geometry: { type: 'MultiPolygon', coordinates: [square(24, 60, 0.001), square(25, 61, 0.004)] } },
          { type: 'Feature', properties: { '@type': 'node', '@id': 2, amenity: 'pharmacy', name: 'Synthetic P' }, geometry: { type: 'Point', coordinates: [24.5, 60.5] } },
        ],
      }),
    );
    const recs = readSitesGeoJson(file);
    expect(recs).toHaveLength(1);
    expect(recs[0]!.osmRef).toBe('way/1');
    expect(recs[0]!.lon).toBeCloseTo(25.002, 9);
    expect(recs[0]!.lat).toBeCloseTo(61.002, 9);
    const [x, y] = toTm35.forward([25.002, 61.002]);
    expect(Math.abs(recs[0]!.x - x!)).toBeLessThan(0.01);
    expect(Math.abs(recs[0]!.y - y!)).toBeLessThan(0.01);
  });

  it('rejects projected coordinates in a WGS84 file', () => {
    const file = join(dir, 'synthetic-projected.geojson');
    writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { '@type': 'node', '@id': 3, amenity: 'doctors' }, geometry: { type: 'Point', coordinates: [381123.35, 6721279.12] } }] }));
    expect(() => readSitesGeoJson(file)).toThrow(/node\/3.*not WGS84 degrees/);
  });
});

describe('data/keusote/scenarios/announced-closures.json', () => {
  const scenarioSchema = z.object({
    name: z.string().min(1),
    description: z.string().min(1),
    source: z.array(z.object({ publisher: z.string(), date: z.string(), recorded_as: z.string(), recorded_in: z.string() })).min(1),
    edits: z
      .array(
        z.object({
          op: z.literal('close'),
          site: z.string(),
          note: z.string().min(1),
          effective: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
        }),
      )
      .min(1),
  });

  it('parses and closes only sites that exist in sites.csv (the ones marked closing)', () => {
    const scenario = scenarioSchema.parse(JSON.parse(readFileSync(join(repoRoot, 'data', 'keusote', 'scenarios', 'announced-closures.json'), 'utf8')));
    expect(scenario.name).toBe('Announced closures (Keusote, 2025)');
    const sites = new Map(readSitesCsv(join(repoRoot, 'data', 'keusote', 'sites.csv')).map((s) => [s.id, s]));
    for (const e of scenario.edits) {
      expect(sites.has(e.site), e.site).toBe(true);
      expect(sites.get(e.site)?.status, e.site).toBe('closing');
    }
    expect(scenario.edits.find((e) => e.site === 'rajamaki-terveysasema')?.effective).toBe('2026-12-31');
  });
});
