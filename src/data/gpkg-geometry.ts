/**
 * GeoPackage binary geometry blobs (OGC 12-128r18, GeoPackage 1.3 §2.1.3 "GeoPackageBinary").
 *
 * Layout: magic "GP" (0x47 0x50), version byte (0 = version 1), flags byte, int32 srs_id, optional
 * envelope of doubles, then one standard WKB geometry. Flags, bit 0 = least significant:
 *   bit 0     B  byte order of srs_id and envelope (1 = little-endian)
 *   bits 1–3  E  envelope indicator: 0 none, 1 [minx,maxx,miny,maxy] (32 bytes), 2 +[minz,maxz] (48),
 *                3 +[minm,maxm] (48), 4 +[minz,maxz,minm,maxm] (64); 5–7 invalid
 *   bit 4     Y  empty geometry
 *   bit 5     X  ExtendedGeoPackageBinary (an extension geometry type; not supported here)
 *   bits 6–7     reserved, 0
 * The WKB carries its own byte order. We write little-endian, an XY envelope (indicator 1) for non-empty
 * geometries and no envelope with the empty flag for empty ones (Requirement 152 forbids both).
 *
 * Complexity: O(bytes) decode and encode; encode copies the WKB once into the blob.
 */
import { bboxOf, isEmptyGeometry, type Bbox, type Geometry } from '../geo/geometry.js';
import { decodeWkb, encodeWkb } from '../geo/wkb.js';

const MAGIC_G = 0x47;
const MAGIC_P = 0x50;
/** Envelope length in doubles per indicator code 0..4. */
const ENVELOPE_DOUBLES = [0, 4, 6, 6, 8] as const;

export interface GpkgGeometryHeader {
  /** Version byte; 0 means GeoPackage binary version 1. */
  version: number;
  srsId: number;
  empty: boolean;
  /** Envelope indicator code 0–4. */
  envelopeIndicator: number;
  /** XY part of the envelope as [minX, minY, maxX, maxY], or null when the blob has none. */
  envelope: Bbox | null;
  /** Bytes before the WKB starts. */
  headerBytes: number;
}

export interface GpkgGeometry extends GpkgGeometryHeader {
  geometry: Geometry;
}

/** Parse the header of a GeoPackage geometry blob; throws a plain Error on a malformed one. */
export function decodeGpkgGeometryHeader(blob: Uint8Array): GpkgGeometryHeader {
  if (blob.byteLength < 8) throw new Error(`GeoPackage geometry blob too short: ${blob.byteLength} bytes, need at least 8`);
  if (blob[0] !== MAGIC_G || blob[1] !== MAGIC_P) {
    throw new Error(`not a GeoPackage geometry blob: magic bytes are 0x${hex(blob[0]!)} 0x${hex(blob[1]!)}, expected "GP" (0x47 0x50)`);
  }
  const version = blob[2]!;
  if (version !== 0) throw new Error(`unsupported GeoPackage geometry version byte ${version}; expected 0 (version 1)`);
  const flags = blob[3]!;
  if (flags & 0b0010_0000) throw new Error('ExtendedGeoPackageBinary geometry (flag X) is not supported');
  const little = (flags & 1) === 1;
  const envelopeIndicator = (flags >> 1) & 0b111;
  const empty = ((flags >> 4) & 1) === 1;
  const doubles = ENVELOPE_DOUBLES[envelopeIndicator as 0 | 1 | 2 | 3 | 4];
  if (doubles === undefined) throw new Error(`invalid GeoPackage geometry envelope indicator ${envelopeIndicator}; expected 0–4`);
  const headerBytes = 8 + doubles * 8;
  if (blob.byteLength < headerBytes) {
    throw new Error(`GeoPackage geometry blob truncated: header needs ${headerBytes} bytes, blob has ${blob.byteLength}`);
  }
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const srsId = view.getInt32(4, little);
  let envelope: Bbox | null = null;
  if (doubles > 0) {
    // Stored order is minx, maxx, miny, maxy; we return [minX, minY, maxX, maxY].
    envelope = [view.getFloat64(8, little), view.getFloat64(24, little), view.getFloat64(16, little), view.getFloat64(32, little)];
  }
  return { version, srsId, empty, envelopeIndicator, envelope, headerBytes };
}

/** Decode a GeoPackage geometry blob: header, srs_id, envelope and the 2D geometry. */
export function decodeGpkgGeometry(blob: Uint8Array): GpkgGeometry {
  const header = decodeGpkgGeometryHeader(blob);
  if (blob.byteLength <= header.headerBytes) {
    throw new Error(`GeoPackage geometry blob has no WKB after its ${header.headerBytes}-byte header`);
  }
  const geometry = decodeWkb(blob, header.headerBytes);
  return { ...header, geometry };
}

/** Encode a geometry as a GeoPackage blob (little-endian, XY envelope; empty flag and no envelope when empty). */
export function encodeGpkgGeometry(geometry: Geometry, srsId: number): Uint8Array {
  if (!Number.isInteger(srsId) || srsId < -2147483648 || srsId > 2147483647) throw new Error(`srs_id ${srsId} is not a 32-bit integer`);
  const wkb = encodeWkb(geometry); // validates the geometry first
  const empty = isEmptyGeometry(geometry);
  const envelopeBytes = empty ? 0 : 32;
  const blob = new Uint8Array(8 + envelopeBytes + wkb.byteLength);
  const view = new DataView(blob.buffer);
  blob[0] = MAGIC_G;
  blob[1] = MAGIC_P;
  blob[2] = 0;
  blob[3] = empty ? 0b0001_0001 : 0b0000_0011; // Y=1,E=0,B=1 or Y=0,E=1,B=1
  view.setInt32(4, srsId, true);
  if (!empty) {
    const [minX, minY, maxX, maxY] = bboxOf(geometry);
    view.setFloat64(8, minX, true);
    view.setFloat64(16, maxX, true);
    view.setFloat64(24, minY, true);
    view.setFloat64(32, maxY, true);
  }
  blob.set(wkb, 8 + envelopeBytes);
  return blob;
}

function hex(b: number): string {
  return b.toString(16).padStart(2, '0');
}
