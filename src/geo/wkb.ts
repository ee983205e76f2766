/**
 * Well-Known Binary (OGC SFA 1.2.1 / ISO 19125 §8.2) codec for the six 2D geometry types of geometry.ts.
 *
 * Layout of one WKB geometry: byte order (1 byte: 0 = big-endian, 1 = little-endian), uint32 type code,
 * then the body — Point: x, y doubles; LineString: uint32 n + n points; Polygon: uint32 rings + each ring
 * as a LineString body; Multi*: uint32 n + n complete WKB geometries (each with its own byte order).
 * Type codes accepted on read: ISO (base 1..6, +1000 Z, +2000 M, +3000 ZM) and PostGIS EWKB (high bits
 * 0x80000000 Z, 0x40000000 M, 0x20000000 SRID followed by an int32 SRID). Z and M are read and dropped.
 * Writing is always little-endian ISO 2D; POINT EMPTY is written as NaN NaN, the ISO convention.
 *
 * Complexity: decode and encode are O(bytes); encode sizes the output first and writes it into one
 * ArrayBuffer. Errors are plain Error with the byte offset; callers wrap them into InputError.
 */
import { GEOMETRY_TYPES, type Geometry, type GeometryType, type Position } from './geometry.js';

const WKB_TYPE_CODES: Record<GeometryType, number> = {
  Point: 1,
  LineString: 2,
  Polygon: 3,
  MultiPoint: 4,
  MultiLineString: 5,
  MultiPolygon: 6,
};
/** WKB type code → type: codes 1–6 are GEOMETRY_TYPES in order. */
const TYPE_BY_CODE: ReadonlyArray<GeometryType | undefined> = [undefined, ...GEOMETRY_TYPES];
const OTHER_TYPE_NAMES: Record<number, string> = {
  7: 'GeometryCollection',
  8: 'CircularString',
  9: 'CompoundCurve',
  10: 'CurvePolygon',
  11: 'MultiCurve',
  12: 'MultiSurface',
  13: 'Curve',
  14: 'Surface',
  15: 'PolyhedralSurface',
  16: 'TIN',
  17: 'Triangle',
};

const EWKB_Z = 0x80000000;
const EWKB_M = 0x40000000;
const EWKB_SRID = 0x20000000;

/** Read cursor over one byte array; `end` is exclusive. */
interface Cursor {
  view: DataView;
  pos: number;
  end: number;
}

function need(c: Cursor, bytes: number, what: string): void {
  if (c.pos + bytes > c.end) {
    throw new Error(
      `WKB truncated: ${what} needs ${bytes} bytes at offset ${c.pos}, but only ${Math.max(0, c.end - c.pos)} remain`,
    );
  }
}

interface Header {
  type: GeometryType;
  little: boolean;
  /** Doubles per position (2, 3 or 4). */
  dims: number;
}

function readHeader(c: Cursor): Header {
  const start = c.pos;
  need(c, 5, 'geometry header');
  const order = c.view.getUint8(c.pos);
  if (order !== 0 && order !== 1) {
    throw new Error(`invalid WKB byte-order byte ${order} at offset ${start}; expected 0 (big-endian) or 1 (little-endian)`);
  }
  const little = order === 1;
  const raw = c.view.getUint32(c.pos + 1, little);
  c.pos += 5;
  let hasZ = (raw & EWKB_Z) !== 0;
  let hasM = (raw & EWKB_M) !== 0;
  if (raw & EWKB_SRID) {
    need(c, 4, 'EWKB SRID');
    c.pos += 4; // the SRID is the container's business (GeoPackage header, column srs_id)
  }
  const code = raw & 0x0fffffff;
  const dimCode = Math.floor(code / 1000);
  const base = code % 1000;
  if (dimCode > 3) throw new Error(`unknown WKB geometry type code ${raw >>> 0} at offset ${start}`);
  hasZ ||= dimCode === 1 || dimCode === 3;
  hasM ||= dimCode === 2 || dimCode === 3;
  const type = TYPE_BY_CODE[base];
  if (!type) {
    const name = OTHER_TYPE_NAMES[base];
    throw new Error(
      name
        ? `unsupported WKB geometry type ${name} (code ${raw >>> 0}) at offset ${start}; only Point, LineString, Polygon and their Multi types are supported`
        : `unknown WKB geometry type code ${raw >>> 0} at offset ${start}`,
    );
  }
  return { type, little, dims: 2 + (hasZ ? 1 : 0) + (hasM ? 1 : 0) };
}

function readCount(c: Cursor, little: boolean, minItemBytes: number, what: string): number {
  need(c, 4, `${what} count`);
  const n = c.view.getUint32(c.pos, little);
  c.pos += 4;
  // Reject absurd counts before allocating: each item needs at least minItemBytes.
  if (n * minItemBytes > c.end - c.pos) {
    throw new Error(
      `WKB truncated: ${what} count ${n} at offset ${c.pos - 4} needs at least ${n * minItemBytes} bytes, but only ${c.end - c.pos} remain`,
    );
  }
  return n;
}

function readPositions(c: Cursor, h: Header, what: string): Position[] {
  const stride = h.dims * 8;
  const n = readCount(c, h.little, stride, what);
  const out: Position[] = new Array(n);
  const v = c.view;
  let p = c.pos;
  for (let i = 0; i < n; i++, p += stride) out[i] = [v.getFloat64(p, h.little), v.getFloat64(p + 8, h.little)];
  c.pos = p;
  return out;
}

function readRings(c: Cursor, h: Header): Position[][] {
  const n = readCount(c, h.little, 4, 'ring');
  const rings: Position[][] = new Array(n);
  for (let i = 0; i < n; i++) rings[i] = readPositions(c, h, 'point');
  return rings;
}

function readMember(c: Cursor, expected: GeometryType): Geometry {
  const at = c.pos;
  const g = readGeometry(c);
  if (g.type !== expected) throw new Error(`WKB member at offset ${at} is a ${g.type}, expected ${expected}`);
  return g;
}

function readGeometry(c: Cursor): Geometry {
  const h = readHeader(c);
  switch (h.type) {
    case 'Point': {
      need(c, h.dims * 8, 'Point coordinates');
      const coordinates: Position = [c.view.getFloat64(c.pos, h.little), c.view.getFloat64(c.pos + 8, h.little)];
      c.pos += h.dims * 8;
      return { type: 'Point', coordinates };
    }
    case 'LineString':
      return { type: 'LineString', coordinates: readPositions(c, h, 'point') };
    case 'Polygon':
      return { type: 'Polygon', coordinates: readRings(c, h) };
    case 'MultiPoint': {
      const n = readCount(c, h.little, 5 + 16, 'MultiPoint member');
      const coordinates: Position[] = [];
      for (let i = 0; i < n; i++) {
        const p = readMember(c, 'Point');
        coordinates.push((p as Extract<Geometry, { type: 'Point' }>).coordinates);
      }
      return { type: 'MultiPoint', coordinates };
    }
    case 'MultiLineString': {
      const n = readCount(c, h.little, 9, 'MultiLineString member');
      const coordinates: Position[][] = [];
      for (let i = 0; i < n; i++) coordinates.push(readMember(c, 'LineString').coordinates as Position[]);
      return { type: 'MultiLineString', coordinates };
    }
    case 'MultiPolygon': {
      const n = readCount(c, h.little, 9, 'MultiPolygon member');
      const coordinates: Position[][][] = [];
      for (let i = 0; i < n; i++) coordinates.push(readMember(c, 'Polygon').coordinates as Position[][]);
      return { type: 'MultiPolygon', coordinates };
    }
  }
}

/** Decode one WKB geometry starting at byte `offset`; returns it and the offset just past it. */
export function decodeWkbAt(bytes: Uint8Array, offset = 0): { geometry: Geometry; end: number } {
  if (!Number.isInteger(offset) || offset < 0 || offset > bytes.length) {
    throw new Error(`WKB offset ${offset} is outside the ${bytes.length}-byte input`);
  }
  const c: Cursor = {
    view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    pos: offset,
    end: bytes.byteLength,
  };
  const geometry = readGeometry(c);
  return { geometry, end: c.pos };
}

/** Decode one WKB geometry (either byte order, ISO or EWKB type codes; Z/M dropped) starting at byte `offset`. */
export function decodeWkb(bytes: Uint8Array, offset = 0): Geometry {
  return decodeWkbAt(bytes, offset).geometry;
}

// ---------------------------------------------------------------------------------------------------
// Encoding

function badPosition(path: string, p: unknown): Error {
  let seen: string;
  try {
    seen = JSON.stringify(p) ?? String(p);
  } catch {
    seen = String(p);
  }
  if (seen.length > 60) seen = `${seen.slice(0, 57)}...`;
  return new Error(`invalid geometry: ${path} is not an [x, y] pair of finite numbers (got ${seen})`);
}

function checkPositions(ps: unknown, path: string): Position[] {
  if (!Array.isArray(ps)) throw new Error(`invalid geometry: ${path} is not an array`);
  for (let i = 0; i < ps.length; i++) {
    const p: unknown = ps[i];
    if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
      throw badPosition(`${path}[${i}]`, p);
    }
  }
  return ps as Position[];
}

function checkParts(parts: unknown, path: string): unknown[] {
  if (!Array.isArray(parts)) throw new Error(`invalid geometry: ${path} is not an array`);
  return parts;
}

/** Validate structure and return the encoded size in bytes. */
function sizeOf(g: Geometry): number {
  const path = `${g?.type ?? 'geometry'}.coordinates`;
  if (!g || typeof g !== 'object' || !(g.type in WKB_TYPE_CODES)) {
    throw new Error(`invalid geometry: unknown type ${JSON.stringify((g as { type?: unknown } | null)?.type)}`);
  }
  switch (g.type) {
    case 'Point': {
      const p: unknown = g.coordinates;
      const isEmpty = Array.isArray(p) && p.length >= 2 && Number.isNaN(p[0]) && Number.isNaN(p[1]);
      if (!isEmpty) checkPositions([p], path);
      return 21;
    }
    case 'LineString':
      return 9 + 16 * checkPositions(g.coordinates, path).length;
    case 'MultiPoint':
      return 9 + 21 * checkPositions(g.coordinates, path).length;
    case 'Polygon':
      return 9 + checkParts(g.coordinates, path).reduce<number>((s, r, i) => s + 4 + 16 * checkPositions(r, `${path}[${i}]`).length, 0);
    case 'MultiLineString':
      return 9 + checkParts(g.coordinates, path).reduce<number>((s, l, i) => s + 9 + 16 * checkPositions(l, `${path}[${i}]`).length, 0);
    case 'MultiPolygon':
      return (
        9 +
        checkParts(g.coordinates, path).reduce<number>(
          (s, poly, i) =>
            s + 9 + checkParts(poly, `${path}[${i}]`).reduce<number>((t, r, j) => t + 4 + 16 * checkPositions(r, `${path}[${i}][${j}]`).length, 0),
          0,
        )
      );
  }
}

interface Writer {
  view: DataView;
  pos: number;
}

function writeHeader(w: Writer, type: GeometryType): void {
  w.view.setUint8(w.pos, 1);
  w.view.setUint32(w.pos + 1, WKB_TYPE_CODES[type], true);
  w.pos += 5;
}

function writeUint32(w: Writer, n: number): void {
  w.view.setUint32(w.pos, n, true);
  w.pos += 4;
}

function writePositions(w: Writer, ps: readonly Position[]): void {
  writeUint32(w, ps.length);
  for (const p of ps) {
    w.view.setFloat64(w.pos, p[0], true);
    w.view.setFloat64(w.pos + 8, p[1], true);
    w.pos += 16;
  }
}

function writeRings(w: Writer, rings: readonly Position[][]): void {
  writeUint32(w, rings.length);
  for (const r of rings) writePositions(w, r);
}

function writeGeometry(w: Writer, g: Geometry): void {
  writeHeader(w, g.type);
  switch (g.type) {
    case 'Point':
      w.view.setFloat64(w.pos, g.coordinates[0], true);
      w.view.setFloat64(w.pos + 8, g.coordinates[1], true);
      w.pos += 16;
      return;
    case 'LineString':
      writePositions(w, g.coordinates);
      return;
    case 'Polygon':
      writeRings(w, g.coordinates);
      return;
    case 'MultiPoint':
      writeUint32(w, g.coordinates.length);
      for (const p of g.coordinates) writeGeometry(w, { type: 'Point', coordinates: p });
      return;
    case 'MultiLineString':
      writeUint32(w, g.coordinates.length);
      for (const l of g.coordinates) writeGeometry(w, { type: 'LineString', coordinates: l });
      return;
    case 'MultiPolygon':
      writeUint32(w, g.coordinates.length);
      for (const p of g.coordinates) writeGeometry(w, { type: 'Polygon', coordinates: p });
      return;
  }
}

/** Encode a geometry as little-endian ISO 2D WKB; throws on a malformed geometry (non-finite or missing coordinates). */
export function encodeWkb(geometry: Geometry): Uint8Array {
  const size = sizeOf(geometry);
  const bytes = new Uint8Array(size);
  const w: Writer = { view: new DataView(bytes.buffer), pos: 0 };
  writeGeometry(w, geometry);
  return bytes;
}
