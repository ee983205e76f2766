/**
 * `saavu isochrone --network FILE --at lon,lat [--crs 3067] --minutes 10,20,30,45 --out iso.geojson`:
 * reach areas around a point as GeoJSON MultiPolygons in WGS84 (RFC 7946), largest first, each with its
 * minutes and area; the FeatureCollection also says where the search started and the access leg.
 */
import { InputError, UsageError } from '../../core/errors.js';
import { writeFileAtomic } from '../../core/atomic.js';
import { isPlausibleFinnishLonLat, lonLatTo3067 } from '../../geo/crs.js';
import { defaultAccessLeg } from '../../network/snap.js';
import { isochroneAt } from '../../route/isochrone.js';
import { readNetworkFile } from './network.js';
import { parseCrs } from './matrix.js';

export interface IsochroneCommandOptions {
  network: string;
  at: string;
  minutes?: string;
  crs?: string;
  out: string;
  json?: boolean;
}

export function parseMinutes(list: string): number[] {
  const minutes = list.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (minutes.length === 0 || minutes.some((m) => !(m > 0 && m <= 600))) throw new UsageError(`--minutes ${list}: expected a comma-separated list of minutes between 0 and 600, e.g. 10,20,30,45`);
  return [...new Set(minutes)];
}

export function runIsochrone(opts: IsochroneCommandOptions): void {
  const crs = parseCrs(opts.crs);
  const minutes = parseMinutes(opts.minutes ?? '10,20,30,45');
  const parts = opts.at.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 2 || parts.some((v) => !Number.isFinite(v))) throw new UsageError(`--at ${opts.at}: expected two numbers, ${crs === 'EPSG:4326' ? 'lon,lat' : 'x,y'}`);
  let [x, y] = parts as [number, number];
  if (crs === 'EPSG:4326') {
    if (!isPlausibleFinnishLonLat(x, y) && isPlausibleFinnishLonLat(y, x)) throw new UsageError(`--at ${opts.at}: lon and lat look swapped (give lon first: lon ≈ 19–32, lat ≈ 59–70 in Finland)`);
    [x, y] = lonLatTo3067(x, y);
  }
  const graph = readNetworkFile(opts.network);
  const access = defaultAccessLeg(graph);
  const result = isochroneAt(graph, x, y, minutes);
  const maxSnap = access.maxSnapMetres ?? 10_000;
  if (result.origin.snapMetres > maxSnap) {
    throw new InputError(`the point is ${(result.origin.snapMetres / 1000).toFixed(1)} km from the nearest node of the network (limit ${maxSnap / 1000} km)`, { field: '--at', expected: `a point on or near ${opts.network}`, seen: opts.at });
  }
  const doc = {
    type: 'FeatureCollection',
    saavu: {
      network: graph.meta.profile, source: graph.meta.source, at: opts.at, crs,
      snapMetres: result.origin.snapMetres, accessMinutes: Math.round(result.origin.accessMinutes * 100) / 100,
      access: { kmh: access.accessKmh, detourFactor: access.detourFactor },
    },
    features: result.features,
  };
  writeFileAtomic(opts.out, `${JSON.stringify(doc)}\n`);
  const areas = result.features.map((f) => `${f.properties.minutes} min ${f.properties.areaKm2} km²`).join(', ');
  process.stdout.write(opts.json ? `${JSON.stringify({ out: opts.out, ...doc.saavu, areas: result.features.map((f) => f.properties) }, null, 2)}\n` : `${opts.out}: ${areas} (${graph.meta.profile}; start ${result.origin.snapMetres} m from the network)\n`);
}
