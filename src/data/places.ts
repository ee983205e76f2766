/**
 * Point lists for matrices and isochrones: a CSV with `id,lon,lat` (WGS84 degrees, the default) or
 * `id,x,y` (EPSG:3067 metres, `crs: 'EPSG:3067'`). Validation: the columns exist, ids are non-empty and
 * unique, coordinates are decimal numbers in range, the file has at least one row. Coordinates given in
 * the wrong order are caught twice: here when lon/lat cannot be Finnish but lat/lon can, and against a
 * network's bounds with `checkAgainstBounds` (points outside whose swapped pair falls inside).
 */
import { InputError } from '../core/errors.js';
import { isPlausibleFinnishLonLat, lonLatTo3067, toLonLat } from '../geo/crs.js';
import { csvNumber, csvString, readCsv } from './csv.js';

export type PlaceCrs = 'EPSG:4326' | 'EPSG:3067';

export interface PlaceList {
  file: string;
  crs: PlaceCrs;
  ids: string[];
  /** EPSG:3067 metres. */
  x: Float64Array;
  y: Float64Array;
  /** The coordinates as given in the file (lon/lat or x/y), for swap checks and messages. */
  a: Float64Array;
  b: Float64Array;
}

/** Read a point list (see the module comment); InputError names the file, row and field. */
export function readPlacesCsv(file: string, crs: PlaceCrs = 'EPSG:4326'): PlaceList {
  const [ca, cb] = crs === 'EPSG:4326' ? ['lon', 'lat'] : ['x', 'y'];
  const t = readCsv(file, ['id', ca, cb]);
  if (t.rows.length === 0) throw new InputError('no points in the file', { file, expected: `at least one row of id,${ca},${cb}` });
  const n = t.rows.length;
  const ids: string[] = [];
  const seen = new Map<string, number>();
  const x = new Float64Array(n), y = new Float64Array(n), a = new Float64Array(n), b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = i + 1;
    const id = csvString(t, row, 'id');
    const prev = seen.get(id);
    if (prev !== undefined) throw new InputError(`duplicate id (first on row ${prev})`, { file, row, field: 'id', expected: 'unique ids', seen: id });
    seen.set(id, row);
    ids.push(id);
    const va = csvNumber(t, row, ca);
    const vb = csvNumber(t, row, cb);
    a[i] = va;
    b[i] = vb;
    if (crs === 'EPSG:4326') {
      if (!(va >= -180 && va <= 180) || !(vb >= -90 && vb <= 90)) {
        throw new InputError('coordinates out of range for WGS84 degrees', { file, row, field: `${ca},${cb}`, expected: 'lon in [-180, 180] and lat in [-90, 90] (give --crs 3067 for metres)', seen: `${va}, ${vb}` });
      }
      if (!isPlausibleFinnishLonLat(va, vb) && isPlausibleFinnishLonLat(vb, va)) {
        throw new InputError('lon and lat look swapped: the point lies in Finland only with the two exchanged', { file, row, field: `${ca},${cb}`, expected: 'columns in the order id,lon,lat (lon ≈ 19–32, lat ≈ 59–70 in Finland)', seen: `lon ${va}, lat ${vb}` });
      }
      [x[i], y[i]] = lonLatTo3067(va, vb);
    } else {
      x[i] = va;
      y[i] = vb;
    }
  }
  return { file, crs, ids, x, y, a, b };
}

/**
 * Check points against a network's bounding box (EPSG:3067, grown by `marginMetres`): a point outside
 * whose swapped coordinates fall inside is an error (columns swapped); other points outside are returned
 * as row numbers for per-row warnings (they are left unrouted by the matrix, never given a time).
 */
export function checkAgainstBounds(places: PlaceList, bbox: readonly [number, number, number, number], marginMetres: number): { outside: number[] } {
  const [minX, minY, maxX, maxY] = [bbox[0] - marginMetres, bbox[1] - marginMetres, bbox[2] + marginMetres, bbox[3] + marginMetres];
  const inside = (x: number, y: number) => x >= minX && x <= maxX && y >= minY && y <= maxY;
  const outside: number[] = [];
  for (let i = 0; i < places.ids.length; i++) {
    if (inside(places.x[i]!, places.y[i]!)) continue;
    let sx: number, sy: number;
    if (places.crs === 'EPSG:4326') [sx, sy] = lonLatTo3067(places.b[i]!, places.a[i]!);
    else [sx, sy] = [places.b[i]!, places.a[i]!];
    if (Number.isFinite(sx) && Number.isFinite(sy) && inside(sx, sy)) {
      const [ca, cb] = places.crs === 'EPSG:4326' ? ['lon', 'lat'] : ['x', 'y'];
      throw new InputError(`${ca} and ${cb} look swapped: the point is outside the network, but inside it with the two exchanged`, {
        file: places.file, row: i + 1, field: `${ca},${cb}`, expected: `columns in the order id,${ca},${cb}`, seen: `${ca} ${places.a[i]}, ${cb} ${places.b[i]}`,
      });
    }
    outside.push(i + 1);
  }
  return { outside };
}

/** WGS84 of an EPSG:3067 point, rounded to 6 decimals (≈0.1 m), for messages and outputs. */
export function lonLat6(x: number, y: number): [number, number] {
  const [lon, lat] = toLonLat(x, y);
  return [Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6];
}
