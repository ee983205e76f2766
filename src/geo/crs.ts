/**
 * Coordinate reference systems used by saavu and conversions between them via proj4.
 * EPSG:3067 (ETRS-TM35FIN) is the internal CRS; EPSG:4326 is for the web map and lon/lat inputs;
 * EPSG:3035 (ETRS89-LAEA) is the Eurostat grid's; EPSG:3879 (GK25FIN) is HSY's original.
 * Definitions are the EPSG parameters as published in the EPSG registry (towgs84 zero: ETRS89 ≈ WGS84).
 */
import proj4 from 'proj4';

export const EPSG_3067 = 'EPSG:3067';
export const EPSG_4326 = 'EPSG:4326';
export const EPSG_3035 = 'EPSG:3035';
export const EPSG_3879 = 'EPSG:3879';

proj4.defs(EPSG_3067, '+proj=utm +zone=35 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs +type=crs');
proj4.defs(
  EPSG_3035,
  '+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs +type=crs',
);
proj4.defs(
  EPSG_3879,
  '+proj=tmerc +lat_0=0 +lon_0=25 +k=1 +x_0=25500000 +y_0=0 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs +type=crs',
);

export type Crs = typeof EPSG_3067 | typeof EPSG_4326 | typeof EPSG_3035 | typeof EPSG_3879;

const converters = new Map<string, proj4.Converter>();
function converter(from: Crs, to: Crs): proj4.Converter {
  const key = `${from}>${to}`;
  let c = converters.get(key);
  if (!c) {
    c = proj4(from, to);
    converters.set(key, c);
  }
  return c;
}

/** Transform one [x, y] (lon/lat order for EPSG:4326) from one CRS to another. */
export function transform(from: Crs, to: Crs, xy: readonly [number, number]): [number, number] {
  if (from === to) return [xy[0], xy[1]];
  const out = converter(from, to).forward([xy[0], xy[1]]);
  return [out[0]!, out[1]!];
}

/** WGS84 lon/lat degrees → EPSG:3067 metres. */
export function lonLatTo3067(lon: number, lat: number): [number, number] {
  return transform(EPSG_4326, EPSG_3067, [lon, lat]);
}

/** EPSG:3067 metres → WGS84 [lon, lat] degrees. */
export function toLonLat(x: number, y: number): [number, number] {
  return transform(EPSG_3067, EPSG_4326, [x, y]);
}

/**
 * Plausible extent of EPSG:3067 coordinates for mainland Finland and its surroundings, in metres.
 * Used to catch inputs in the wrong CRS (e.g. WGS84 degrees where metres are expected).
 */
export const FINLAND_3067_BOUNDS = { minX: 40_000, minY: 6_590_000, maxX: 780_000, maxY: 7_800_000 } as const;

/** True when (x, y) lies within the plausible EPSG:3067 extent of Finland. */
export function isPlausible3067(x: number, y: number): boolean {
  const b = FINLAND_3067_BOUNDS;
  return Number.isFinite(x) && Number.isFinite(y) && x >= b.minX && x <= b.maxX && y >= b.minY && y <= b.maxY;
}

/** True when (lon, lat) lies within a box around Finland (WGS84 degrees). */
export function isPlausibleFinnishLonLat(lon: number, lat: number): boolean {
  return Number.isFinite(lon) && Number.isFinite(lat) && lon >= 19 && lon <= 32 && lat >= 59 && lat <= 70.2;
}
