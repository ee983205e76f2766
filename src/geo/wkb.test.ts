/**
 * WKB codec tests on synthetic geometries (hand-written coordinates, not real data): round trips of every
 * type, hand-built big-endian / Z / M / EWKB buffers, and malformed input. Decoding of real files is
 * cross-checked against GDAL in src/store/geopackage.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { bboxOf, isEmptyGeometry, type Geometry } from './geometry.js';
import { decodeWkb, decodeWkbAt, encodeWkb } from './wkb.js';

// Synthetic geometries in EPSG:3067-like metres.
const ring = (x: number, y: number, s: number): Array<[number, number]> => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
  [x, y],
];
const samples: Geometry[] = [
  { type: 'Point', coordinates: [385000.25, 6700000.5] },
  { type: 'LineString', coordinates: [[0, 0], [1.5, -2.25], [1e6, 7.8e6]] },
  { type: 'Polygon', coordinates: [ring(0, 0, 10), ring(2, 2, 3)] },
  { type: 'MultiPoint', coordinates: [[1, 2], [3, 4], [-5.5, 6.125]] },
  { type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]], [[2, 2], [3, 3], [4, 5]]] },
  { type: 'MultiPolygon', coordinates: [[ring(0, 0, 10), ring(1, 1, 2)], [ring(20, 20, 5)]] },
];
const empties: Geometry[] = [
  { type: 'Point', coordinates: [NaN, NaN] },
  { type: 'LineString', coordinates: [] },
  { type: 'Polygon', coordinates: [] },
  { type: 'MultiPoint', coordinates: [] },
  { type: 'MultiLineString', coordinates: [] },
  { type: 'MultiPolygon', coordinates: [] },
];

/** Builder for hand-made WKB buffers in either byte order. */
class Bytes {
  private parts: number[] = [];
  constructor(private readonly little: boolean) {}
  order(little = this.little): this {
    this.parts.push(little ? 1 : 0);
    return this;
  }
  u32(n: number, little = this.little): this {
    const v = new DataView(new ArrayBuffer(4));
    v.setUint32(0, n, little);
    this.parts.push(...new Uint8Array(v.buffer));
    return this;
  }
  f64(...xs: number[]): this {
    for (const x of xs) {
      const v = new DataView(new ArrayBuffer(8));
      v.setFloat64(0, x, this.little);
      this.parts.push(...new Uint8Array(v.buffer));
    }
    return this;
  }
  done(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

describe('encodeWkb / decodeWkb', () => {
  it.each(samples.map((g) => [g.type, g] as const))('round-trips a %s', (_name, g) => {
    expect(decodeWkb(encodeWkb(g))).toEqual(g);
  });

  it.each(empties.map((g) => [g.type, g] as const))('round-trips an empty %s', (_name, g) => {
    const back = decodeWkb(encodeWkb(g));
    expect(back).toEqual(g);
    expect(isEmptyGeometry(back)).toBe(true);
  });

  it('writes little-endian ISO 2D: byte order 1, type code 1, then x and y doubles (OGC SFA §8.2)', () => {
    const bytes = encodeWkb({ type: 'Point', coordinates: [1, 2] });
    expect(bytes.length).toBe(21);
    const v = new DataView(bytes.buffer);
    expect(v.getUint8(0)).toBe(1);
    expect(v.getUint32(1, true)).toBe(1);
    expect([v.getFloat64(5, true), v.getFloat64(13, true)]).toEqual([1, 2]);
  });

  it('decodes at an offset and reports where the geometry ends', () => {
    const g = samples[2]!;
    const wkb = encodeWkb(g);
    const padded = new Uint8Array(wkb.length + 7);
    padded.set(wkb, 3);
    expect(decodeWkbAt(padded, 3)).toEqual({ geometry: g, end: 3 + wkb.length });
    // A view into a larger buffer (as Node Buffers from SQLite often are) decodes the same.
    expect(decodeWkb(padded.subarray(3, 3 + wkb.length))).toEqual(g);
  });
});

describe('decodeWkb on hand-built buffers', () => {
  it('decodes a big-endian Point and Polygon', () => {
    const point = new Bytes(false).order().u32(1).f64(1.5, -2).done();
    expect(decodeWkb(point)).toEqual({ type: 'Point', coordinates: [1.5, -2] });

    const polygon = new Bytes(false).order().u32(3).u32(1).u32(4).f64(0, 0, 4, 0, 0, 3, 0, 0).done();
    expect(decodeWkb(polygon)).toEqual({ type: 'Polygon', coordinates: [[[0, 0], [4, 0], [0, 3], [0, 0]]] });
  });

  it('decodes a big-endian MultiPoint whose members are little-endian (each part has its own byte order)', () => {
    const b = new Bytes(false).order().u32(4).u32(2);
    const le = new Bytes(true);
    le.order().u32(1).f64(10, 20).order().u32(1).f64(30, 40);
    const bytes = Uint8Array.from([...b.done(), ...le.done()]);
    expect(decodeWkb(bytes)).toEqual({ type: 'MultiPoint', coordinates: [[10, 20], [30, 40]] });
  });

  it('drops Z and M from ISO type codes 1000+, 2000+, 3000+', () => {
    const pz = new Bytes(true).order().u32(1001).f64(1, 2, 99).done();
    expect(decodeWkb(pz)).toEqual({ type: 'Point', coordinates: [1, 2] });
    const lm = new Bytes(false).order().u32(2002).u32(2).f64(1, 2, 7, 3, 4, 8).done();
    expect(decodeWkb(lm)).toEqual({ type: 'LineString', coordinates: [[1, 2], [3, 4]] });
    const mpzm = new Bytes(true).order().u32(3006).u32(1).order().u32(3003).u32(1).u32(4).f64(0, 0, 1, 2, 1, 0, 1, 2, 1, 1, 1, 2, 0, 0, 1, 2).done();
    expect(decodeWkb(mpzm)).toEqual({ type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]]] });
  });

  it('drops Z/M and skips the SRID of PostGIS EWKB high-bit type flags', () => {
    const EWKB_Z = 0x80000000;
    const EWKB_M = 0x40000000;
    const EWKB_SRID = 0x20000000;
    const pointZSrid = new Bytes(true).order().u32((EWKB_Z | EWKB_SRID | 1) >>> 0).u32(3067).f64(385000, 6700000, 42).done();
    expect(decodeWkb(pointZSrid)).toEqual({ type: 'Point', coordinates: [385000, 6700000] });
    const lineZM = new Bytes(false).order().u32((EWKB_Z | EWKB_M | 2) >>> 0).u32(2).f64(1, 2, 3, 4, 5, 6, 7, 8).done();
    expect(decodeWkb(lineZM)).toEqual({ type: 'LineString', coordinates: [[1, 2], [5, 6]] });
  });
});

describe('decodeWkb on bad input', () => {
  it('throws on every truncated prefix of a valid geometry', () => {
    for (const g of samples) {
      const bytes = encodeWkb(g);
      for (let n = 0; n < bytes.length; n++) {
        expect(() => decodeWkb(bytes.subarray(0, n)), `${g.type} cut to ${n} bytes`).toThrow(/WKB truncated/);
      }
    }
  });

  it('throws on a huge element count before allocating', () => {
    const bytes = new Bytes(true).order().u32(2).u32(0xffffffff).f64(1, 2).done();
    expect(() => decodeWkb(bytes)).toThrow(/count 4294967295/);
  });

  it('throws on unknown and unsupported type codes and on a bad byte-order byte', () => {
    expect(() => decodeWkb(new Bytes(true).order().u32(99).done())).toThrow(/unknown WKB geometry type code 99/);
    expect(() => decodeWkb(new Bytes(true).order().u32(4001).done())).toThrow(/unknown WKB geometry type code 4001/);
    expect(() => decodeWkb(new Bytes(true).order().u32(7).u32(0).done())).toThrow(/unsupported WKB geometry type GeometryCollection/);
    expect(() => decodeWkb(Uint8Array.from([2, 1, 0, 0, 0]))).toThrow(/byte-order byte 2/);
  });

  it('throws when a Multi member has the wrong type', () => {
    const bytes = new Bytes(true).order().u32(6).u32(1).order().u32(1).f64(1, 2).done();
    expect(() => decodeWkb(bytes)).toThrow(/is a Point, expected Polygon/);
  });
});

describe('encodeWkb on bad geometries', () => {
  it('throws naming the bad position', () => {
    expect(() => encodeWkb({ type: 'LineString', coordinates: [[0, 0], [NaN, 1]] })).toThrow(/LineString.coordinates\[1\]/);
    expect(() => encodeWkb({ type: 'Point', coordinates: [1, Infinity] })).toThrow(/finite/);
    expect(() => encodeWkb({ type: 'MultiPolygon', coordinates: [[[[0, 0], [1] as unknown as [number, number]]]] })).toThrow(
      /MultiPolygon.coordinates\[0\]\[0\]\[1\]/,
    );
    expect(() => encodeWkb({ type: 'Circle', coordinates: [0, 0] } as unknown as Geometry)).toThrow(/unknown type "Circle"/);
  });
});

describe('bboxOf', () => {
  it('covers every vertex', () => {
    expect(bboxOf(samples[5]!)).toEqual([0, 0, 25, 25]);
    expect(bboxOf(samples[1]!)).toEqual([0, -2.25, 1e6, 7.8e6]);
    expect(bboxOf({ type: 'Point', coordinates: [3, 4] })).toEqual([3, 4, 3, 4]);
  });
  it('is an inverted infinite box for empty geometries', () => {
    for (const g of empties) expect(bboxOf(g)).toEqual([Infinity, Infinity, -Infinity, -Infinity]);
  });
});
