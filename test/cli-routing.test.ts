/**
 * End-to-end tests of the routing commands of the `saavu` executable on REAL data: `network build` (OSM
 * Tampere, EMME Uusimaa), `matrix`, `isochrone`, and the travel times `init` stores in a project. Bad
 * input cases are SYNTHETIC files made in a temporary folder (a truncated copy of the real PBF, a PBF
 * with only a footway, point lists with swapped or far-away coordinates, an empty list).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { writeFixturePbf } from '../src/network/pbf-writer.js';
import { openProject } from '../src/store/project.js';
import { listCache } from '../src/store/cache.js';
import { projectTravelMatrix } from '../src/store/travel.js';
import { readPlacesCsv } from '../src/data/places.js';
import { Graph } from '../src/network/graph.js';
import { travelMatrix } from '../src/route/travel-matrix.js';
import { closeMatrixWorkers } from '../src/route/matrix.js';
import { dataDir, repoRoot } from './paths.js';

const bin = join(repoRoot, 'bin', 'saavu');
function saavu(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: repoRoot });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'saavu-routing-'));
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await closeMatrixWorkers();
});
const pbf = dataDir('tampere', 'tampere.osm.pbf');
const carGraph = join(dir, 'tampere-car.graph');

/** Real places in Tampere (lon, lat): Keskustori, Hervanta centre, TAYS hospital, Lielahti. */
const PLACES = 'id,lon,lat\nkeskustori,23.7610,61.4978\nhervanta,23.8525,61.4500\ntays,23.8020,61.5060\nlielahti,23.6750,61.5160\n';

describe('saavu network build', () => {
  it('builds the Tampere car network from the OSM PBF and the EMME car network', () => {
    const r = saavu('network', 'build', '--osm', pbf, '--mode', 'car', '--out', carGraph, '--json');
    expect(r.code, r.stderr).toBe(0);
    const rep = JSON.parse(r.stdout);
    const g = Graph.from(new Uint8Array(readFileSync(carGraph)));
    expect(g.nodeCount).toBe(rep.nodes);
    expect(g.meta.profile).toBe('osm-car-v1');
    expect(rep.report.droppedNodes).toBe(rep.report.nodesBeforeComponent - rep.nodes);
    const e = saavu('network', 'build', '--emme', dataDir('uusimaa_roads'), '--out', join(dir, 'emme.graph'));
    expect(e.code, e.stderr).toBe(0);
    expect(e.stdout).toMatch(/emme-car-v1/);
  });

  it('rejects a truncated PBF and a PBF without routable ways, writing nothing', () => {
    const cut = join(dir, 'truncated.osm.pbf');
    copyFileSync(pbf, cut);
    truncateSync(cut, 300_000);
    const r = saavu('network', 'build', '--osm', cut, '--out', join(dir, 'cut.graph'));
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/truncated\.osm\.pbf.*(corrupt|truncated)/);
    expect(existsSync(join(dir, 'cut.graph'))).toBe(false);
    const foot = join(dir, 'footway.osm.pbf');
    writeFileSync(foot, writeFixturePbf([{ id: 1, lon: 23.7, lat: 61.5 }, { id: 2, lon: 23.701, lat: 61.5 }], [{ id: 1, refs: [1, 2], tags: { highway: 'footway' } }]));
    const f = saavu('network', 'build', '--osm', foot, '--mode', 'car', '--out', join(dir, 'foot.graph'));
    expect(f.code).toBe(65);
    expect(f.stderr).toMatch(/footway\.osm\.pbf.*no routable ways/);
    expect(readdirSync(dir).filter((n) => n.includes('foot.graph') || n.includes('cut.graph'))).toEqual([]);
    expect(saavu('network', 'build', '--emme', dataDir('uusimaa_roads'), '--mode', 'walk', '--out', join(dir, 'x.graph')).code).toBe(2);
  });
});

describe('saavu matrix', () => {
  it('writes from_id,to_id,minutes,metres,access_* equal to the library, and metres with --metric metres', async () => {
    const a = join(dir, 'a.csv');
    writeFileSync(a, PLACES);
    const out = join(dir, 'm.csv');
    const r = saavu('matrix', '--network', carGraph, '--from', a, '--to', a, '--out', out, '--json');
    expect(r.code, r.stderr).toBe(0);
    const rows = parse(readFileSync(out, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0]!)).toEqual(['from_id', 'to_id', 'minutes', 'metres', 'access_minutes', 'access_metres']);
    expect(rows).toHaveLength(16);
    const places = readPlacesCsv(a);
    const m = await travelMatrix(Graph.from(new Uint8Array(readFileSync(carGraph))), places, places);
    rows.forEach((row, k) => {
      expect(Math.abs(Number(row.minutes) - m.deciseconds[k]! / 600)).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(Math.abs(Number(row.metres) - m.metres[k]!)).toBeLessThanOrEqual(0.5 + 1e-6);
      expect(Number(row.access_minutes)).toBeLessThanOrEqual(Number(row.minutes));
    });
    // Same point to itself: no trip.
    expect(rows[0]).toMatchObject({ from_id: 'keskustori', to_id: 'keskustori', minutes: '0.00', metres: '0' });
    // Driving across town takes minutes, not seconds or hours.
    const kh = rows.find((x) => x.from_id === 'keskustori' && x.to_id === 'hervanta')!;
    expect(Number(kh.minutes)).toBeGreaterThan(8);
    expect(Number(kh.minutes)).toBeLessThan(25);
    // Shortest route: never longer than the fastest one's metres.
    const outM = join(dir, 'mm.csv');
    expect(saavu('matrix', '--network', carGraph, '--from', a, '--to', a, '--metric', 'metres', '--out', outM).code).toBe(0);
    const short = parse(readFileSync(outM, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    short.forEach((row, k) => expect(Number(row.metres)).toBeLessThanOrEqual(Number(rows[k]!.metres) + 1));
  });

  it('accepts id,x,y in EPSG:3067 with --crs 3067 and gives the same minutes', () => {
    const places = readPlacesCsv(join(dir, 'a.csv'));
    const b = join(dir, 'b3067.csv');
    writeFileSync(b, 'id,x,y\n' + places.ids.map((id, i) => `${id},${places.x[i]},${places.y[i]}`).join('\n') + '\n');
    const out = join(dir, 'm3067.csv');
    expect(saavu('matrix', '--network', carGraph, '--from', b, '--to', b, '--crs', '3067', '--out', out).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(dir, 'm.csv'), 'utf8'));
  });

  it('bad input: swapped lon/lat, an empty origins file, a point 50 km away, not a network file', () => {
    const out = join(dir, 'bad.csv');
    const swapped = join(dir, 'swapped.csv');
    writeFileSync(swapped, 'id,lon,lat\nok,23.7610,61.4978\nswap,61.4500,23.8525\n');
    let r = saavu('matrix', '--network', carGraph, '--from', swapped, '--to', join(dir, 'a.csv'), '--out', out);
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/swapped\.csv, row 2.*swapped/);
    expect(existsSync(out)).toBe(false);
    // Swapped x/y in metres: detected against the network's bounds.
    const sw3067 = join(dir, 'swapped3067.csv');
    writeFileSync(sw3067, 'id,x,y\nswap,6821000,327000\n');
    r = saavu('matrix', '--network', carGraph, '--from', sw3067, '--to', sw3067, '--crs', '3067', '--out', out);
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/swapped3067\.csv, row 1.*x and y look swapped/);
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, 'id,lon,lat\n');
    r = saavu('matrix', '--network', carGraph, '--from', empty, '--to', join(dir, 'a.csv'), '--out', out);
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/empty\.csv.*no points/);
    // 50 km east of Tampere (Orivesi–Längelmäki direction): warned by row, left empty; the rest is routed.
    const far = join(dir, 'far.csv');
    writeFileSync(far, 'id,lon,lat\nkeskustori,23.7610,61.4978\nfaraway,24.70,61.50\n');
    r = saavu('matrix', '--network', carGraph, '--from', far, '--to', join(dir, 'a.csv'), '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/far\.csv, row 2 \(id faraway\).*left unrouted/);
    const rows = parse(readFileSync(out, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(rows.filter((x) => x.from_id === 'faraway').every((x) => x.minutes === '' && x.metres === '')).toBe(true);
    expect(rows.filter((x) => x.from_id === 'keskustori').every((x) => x.minutes !== '')).toBe(true);
    // Only far points: an error, not a file of blanks.
    const allFar = join(dir, 'allfar.csv');
    writeFileSync(allFar, 'id,lon,lat\nfaraway,24.70,61.50\n');
    expect(saavu('matrix', '--network', carGraph, '--from', allFar, '--to', join(dir, 'a.csv'), '--out', join(dir, 'none.csv')).code).toBe(2);
    expect(existsSync(join(dir, 'none.csv'))).toBe(false);
    r = saavu('matrix', '--network', join(dir, 'a.csv'), '--from', far, '--to', far, '--out', out);
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/a\.csv.*not a saavu network file/);
  });
});

describe('saavu isochrone', () => {
  it('writes nested WGS84 polygons around Keskustori, and refuses swapped or far points', () => {
    const out = join(dir, 'iso.geojson');
    const r = saavu('isochrone', '--network', carGraph, '--at', '23.7610,61.4978', '--minutes', '10,20,30', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const fc = JSON.parse(readFileSync(out, 'utf8'));
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.map((f: { properties: { minutes: number } }) => f.properties.minutes)).toEqual([30, 20, 10]);
    for (const f of fc.features) for (const poly of f.geometry.coordinates) for (const ring of poly) for (const [lon, lat] of ring) {
      expect(lon).toBeGreaterThan(23);
      expect(lon).toBeLessThan(24.5);
      expect(lat).toBeGreaterThan(61);
      expect(lat).toBeLessThan(62);
    }
    expect(saavu('isochrone', '--network', carGraph, '--at', '61.4978,23.7610', '--out', join(dir, 'x.geojson')).code).toBe(2);
    const far = saavu('isochrone', '--network', carGraph, '--at', '24.70,61.50', '--out', join(dir, 'y.geojson'));
    expect(far.code).toBe(65);
    expect(far.stderr).toMatch(/km from the nearest node/);
    expect(existsSync(join(dir, 'x.geojson')) || existsSync(join(dir, 'y.geojson'))).toBe(false);
  });
});

describe('saavu init stores travel times', () => {
  it('Keusote: the EMME car network and the demand × sites matrix are in the project and reused', async () => {
    const project = join(dir, 'keusote.gpkg');
    const r = saavu('init', project, '--region', dataDir('keusote'), '--json');
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.travel).toHaveLength(1);
    expect(summary.travel[0]).toMatchObject({ mode: 'car', profile: 'emme-car-v1', origins: 1405, destinations: 16, excluded: [] });
    const kinds = listCache(project).map((e) => e.kind).sort();
    expect(kinds).toEqual(['matrix', 'network']);
    const { region, metadata } = openProject(project);
    expect(metadata.network_car_source).toMatch(/^emme:.*uusimaa_roads$/);
    const again = await projectTravelMatrix(project, region, metadata, 'car');
    expect(again.summary.fromCache).toBe(true);
    expect(again.matrix.deciseconds.length).toBe(1405 * 16);
    expect(listCache(project)).toHaveLength(2);
  });

  it('an OSM extract that does not cover the region is refused and nothing is written', () => {
    const project = join(dir, 'wrong.gpkg');
    const r = saavu('init', project, '--region', dataDir('keusote'), '--osm', pbf);
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/tampere\.osm\.pbf.*does not cover the region/);
    expect(existsSync(project)).toBe(false);
  });
});
