/**
 * End-to-end tests of the `saavu` executable (bin/saavu → dist/): init + info on the bundled real
 * data, GDAL's view of the written project, and bad input. Bad-input cases are synthetic edits of a
 * copy of the real region folder, made in a temporary directory.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { readLayer, registerGpkgFunctions, writeGeoPackage } from '../src/data/geopackage.js';
import { encodeGpkgGeometry } from '../src/data/gpkg-geometry.js';
import { toLonLat } from '../src/geo/crs.js';
import { dataDir, repoRoot } from './paths.js';

/** Rewrite a CSV file through a row editor (rows[0] is the header); every field is quoted on output. */
function editCsv(file: string, edit: (rows: string[][]) => void) {
  const rows = parse(readFileSync(file, 'utf8')) as string[][];
  edit(rows);
  writeFileSync(file, rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\n') + '\n');
}
function setSiteXY(dir: string, x: string, y: string) {
  editCsv(join(dir, 'sites.csv'), (rows) => {
    rows[1]![rows[0]!.indexOf('x')] = x;
    rows[1]![rows[0]!.indexOf('y')] = y;
  });
}

const bin = join(repoRoot, 'bin', 'saavu');
function saavu(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: repoRoot });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const hasOgrinfo = spawnSync('ogrinfo', ['--version']).status === 0;

describe('saavu init + info on Keusote', () => {
  const dir = mkdtempSync(join(tmpdir(), 'saavu-cli-'));
  const project = join(dir, 'keusote.gpkg');
  const init = saavu('init', project, '--region', dataDir('keusote'), '--lang', 'en');

  it('init writes the project file and says so', () => {
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(init.stdout).toMatch(/6 municipalities, 1405 demand cells \(196 024 residents\), 63 postal areas/);
    expect(existsSync(project)).toBe(true);
  });

  it('refuses to overwrite without --force (exit 2) and replaces with --force', () => {
    const again = saavu('init', project, '--region', dataDir('keusote'));
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists; pass --force/);
    expect(saavu('init', project, '--region', dataDir('keusote'), '--force').code).toBe(0);
  });

  it('info --json gives six municipalities whose totals and 75+ match the age-band file', () => {
    const r = saavu('info', project, '--json');
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(info.municipalities.map((m: { code: string }) => m.code)).toEqual(['106', '186', '505', '543', '611', '858']);
    // independent parse of the age-band file: total is column 2, bands 75-79, 80-84, 85+ are columns 23-25
    const lines = readFileSync(dataDir('keusote', 'municipality_age_bands.csv'), 'utf8').trim().split('\n').slice(1);
    for (const line of lines) {
      const cols = line.split(',');
      const m = info.municipalities.find((x: { name_fi: string }) => x.name_fi === cols[0]!.replace(/"/g, ''));
      expect(m.population.total).toBe(Number(cols[1]));
      expect(m.population['75+']).toBe(Number(cols[22]) + Number(cols[23]) + Number(cols[24]));
      expect(m.population['0-14'] + m.population['15-64'] + m.population['65-74'] + m.population['75+']).toBe(m.population.total);
    }
    expect(info.demandCells).toBe(1405);
    expect(info.sites.length).toBeGreaterThan(0);
    for (const s of info.sites) expect(Object.keys(s).sort()).toEqual(['id', 'kind', 'municipality', 'name', 'status']);
    expect(Array.isArray(info.warnings)).toBe(true);
  });

  it('info shows the sources side by side with differences', () => {
    const r = saavu('info', project, '--lang', 'en');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/How far the population sources agree/);
    expect(r.stdout).toMatch(/Järvenpää\s+43 410\s+41 307\s+−2 103 \(−4\.8 %\)\s+40 714/);
  });

  it('speaks Finnish by default, and Swedish or English on request', () => {
    const fi = saavu('info', project);
    expect(fi.stdout).toMatch(/^Keski-Uudenmaan hyvinvointialue/);
    expect(fi.stdout).toMatch(/Asukkaat ikäryhmittäin/);
    expect(fi.stdout).toMatch(/Järvenpää\s+43 410\s+41 307\s+−2 103 \(−4,8 %\)/);
    expect(fi.stdout).toMatch(/rajamaki-terveysasema\s+Rajamäen terveysasema\s+sote-yksikkö\s+543\s+lakkautumassa/);
    const sv = saavu('info', project, '--lang', 'sv');
    expect(sv.stdout).toMatch(/^Mellersta Nylands välfärdsområde/);
    expect(sv.stdout).toMatch(/Invånare efter åldersgrupp/);
    expect(saavu('info', project, '--lang', 'de').code).toBe(2);
  });

  it.skipIf(!hasOgrinfo)('GDAL lists the four layers in EPSG:3067', () => {
    const r = spawnSync('ogrinfo', ['-so', project, 'demand_cells'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Feature Count: 1405/);
    expect(r.stdout).toMatch(/ID\["EPSG",3067\]/);
    const list = spawnSync('ogrinfo', ['-q', project], { encoding: 'utf8' });
    for (const l of ['municipalities', 'postal_areas', 'demand_cells', 'sites']) expect(list.stdout).toMatch(new RegExp(`: ${l} \\(`));
    expect(list.stderr).not.toMatch(/ERROR|Warning/);
  });
});

describe('saavu on bad input (synthetic edits of a copy of the Keusote folder)', () => {
  function brokenRegion(edit: (dir: string) => void) {
    const root = mkdtempSync(join(tmpdir(), 'saavu-bad-'));
    const region = join(root, 'region');
    cpSync(dataDir('keusote'), region, { recursive: true });
    edit(region);
    return { region, outDir: root, project: join(root, 'p.gpkg') };
  }
  function expectCleanFailure(r: ReturnType<typeof saavu>, outDir: string, project: string, pattern: RegExp) {
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(pattern);
    expect(existsSync(project)).toBe(false);
    expect(readdirSync(outDir).filter((f) => f.includes('.tmp'))).toEqual([]);
  }

  it('a truncated GeoPackage', () => {
    const b = brokenRegion((d) => truncateSync(join(d, 'municipalities.gpkg'), 1000));
    expectCleanFailure(saavu('init', b.project, '--region', b.region), b.outDir, b.project, /municipalities\.gpkg.*(not a valid GeoPackage|not a database)/i);
  });

  it('a file that is not a GeoPackage at all', () => {
    const b = brokenRegion((d) => writeFileSync(join(d, 'postal_areas.gpkg'), 'posti_alue,he_vakiy\n04400,100\n'));
    expectCleanFailure(saavu('init', b.project, '--region', b.region), b.outDir, b.project, /postal_areas\.gpkg/);
  });

  it('a layer without the expected column', () => {
    const b = brokenRegion((d) => {
      const m = JSON.parse(readFileSync(join(d, 'region.json'), 'utf8'));
      m.postalAreas.populationField = 'asukkaat';
      writeFileSync(join(d, 'region.json'), JSON.stringify(m));
    });
    expectCleanFailure(saavu('init', b.project, '--region', b.region), b.outDir, b.project, /postal_areas\.gpkg.*layer postal_areas.*field "asukkaat".*missing/);
  });

  it('WGS84 degrees where EPSG:3067 metres are expected', () => {
    const b = brokenRegion((d) => setSiteXY(d, '24.857', '60.631'));
    expectCleanFailure(saavu('init', b.project, '--region', b.region), b.outDir, b.project, /sites\.csv, row 1, field "x.*WGS84 degrees/);
  });

  it('a non-numeric population in the grid CSV', () => {
    const b = brokenRegion((d) => {
      const f = join(d, 'grid_1km.csv');
      const lines = readFileSync(f, 'utf8').split('\n');
      lines[3] = lines[3]!.replace(/^(\d+,\d+,)\d+/, '$1n/a');
      writeFileSync(f, lines.join('\n'));
    });
    expectCleanFailure(saavu('init', b.project, '--region', b.region), b.outDir, b.project, /grid_1km\.csv, row 3, field "population_2018".*got "n\/a"/);
  });

  it('duplicate site ids', () => {
    const b = brokenRegion((d) => editCsv(join(d, 'sites.csv'), (rows) => rows.push([...rows[1]!])));
    expectCleanFailure(saavu('init', b.project, '--region', b.region), b.outDir, b.project, /sites\.csv.*row \d+.*field "id".*duplicate/i);
  });

  it('a site outside every municipality of the region', () => {
    // Helsinki city centre (EPSG:3067), outside Keusote
    const b = brokenRegion((d) => setSiteXY(d, '385800', '6672000'));
    expectCleanFailure(saavu('init', b.project, '--region', b.region), b.outDir, b.project, /sites\.csv, row 1, field "x\/y".*outside every municipality/);
  });

  it('a boundary layer in WGS84 degrees under an EPSG:3067 label', () => {
    const b = brokenRegion((d) => {
      // synthetic: the real municipalities with every vertex turned into lon/lat degrees, still labelled 3067
      const f = join(d, 'municipalities.gpkg');
      const layer = readLayer(f, 'municipalities');
      rmSync(f);
      writeGeoPackage(f, { layers: [{
        name: 'municipalities', geometryType: 'MULTIPOLYGON', srsId: 3067,
        fields: layer.columns.map((c) => ({ name: c, type: c === 'keusote' ? 'INTEGER' as const : 'TEXT' as const })),
        features: layer.features.map((ft) => ({
          properties: Object.fromEntries(layer.columns.map((c) => [c, ft.properties[c] === null ? null : c === 'keusote' ? Number(ft.properties[c]) : String(ft.properties[c])])),
          geometry: { type: 'MultiPolygon' as const, coordinates: (ft.geometry as { coordinates: number[][][][] }).coordinates.map((p) => p.map((r) => r.map(([x, y]) => toLonLat(x!, y!)))) },
        })),
      }] });
    });
    expectCleanFailure(saavu('init', b.project, '--region', b.region), b.outDir, b.project, /municipalities\.gpkg, layer municipalities, feature \d+, field "geometry".*look like WGS84 degrees/);
  });

  it('a zero-area postal area', () => {
    const b = brokenRegion((d) => {
      const db = new Database(join(d, 'postal_areas.gpkg'));
      registerGpkgFunctions(db); // the R-tree triggers call ST_* functions
      // synthetic: all vertices on one line
      const blob = encodeGpkgGeometry({ type: 'MultiPolygon', coordinates: [[[[380000, 6700000], [381000, 6700000], [382000, 6700000], [380000, 6700000]]]] }, 3067);
      db.prepare('UPDATE postal_areas SET geom = ? WHERE fid = 5').run(blob);
      db.close();
    });
    expectCleanFailure(saavu('init', b.project, '--region', b.region), b.outDir, b.project, /postal_areas\.gpkg, layer postal_areas, feature fid 5, field "geometry": empty or zero-area polygon/);
  });

  it('an output path that cannot be created, or a name without .gpkg, is a usage error (exit 2)', () => {
    const root = mkdtempSync(join(tmpdir(), 'saavu-out-'));
    writeFileSync(join(root, 'file'), '');
    const r = saavu('init', join(root, 'file', 'p.gpkg'), '--region', dataDir('keusote'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot create the folder/);
    const e = saavu('init', join(root, 'p.sqlite'), '--region', dataDir('keusote'));
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(/must end in \.gpkg/);
    expect(readdirSync(root)).toEqual(['file']);
  });

  it('an unknown command or a missing project is a usage error (exit 2)', () => {
    expect(saavu('frobnicate').code).toBe(2);
    const r = saavu('info', '/nonexistent/p.gpkg');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no such project file/);
  });
});

describe('saavu --help', () => {
  it('lists the commands and exits 0', () => {
    const r = saavu('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/init/);
    expect(r.stdout).toMatch(/info/);
  });
});
