/**
 * OpenStreetMap PBF decoder (https://wiki.openstreetmap.org/wiki/PBF_Format) on the `pbf` package's
 * protobuf reader and node:zlib, producing flat typed arrays for the network builder.
 *
 * File layout: a sequence of [int32 big-endian BlobHeader length][BlobHeader][Blob]. The first blob is an
 * `OSMHeader` (HeaderBlock: bbox, required/optional features), the rest `OSMData` (PrimitiveBlock: a
 * string table, granularity and lat/lon offsets, then PrimitiveGroups of Nodes, DenseNodes, Ways,
 * Relations or Changesets). Blobs are raw or zlib; lzma, lz4, zstd and bzip2 blobs are rejected with an
 * InputError that names the compression (Node 20's zlib has none of them, and no known producer of
 * Finnish extracts — Geofabrik, osmium, osmconvert — writes them by default).
 *
 * Output layout (one flat array per field, dense index i = order in the file):
 *   nodeId[i], lon[i], lat[i]                   Float64Array(nodeCount), degrees WGS84
 *   wayId[w], wayTags[w]                        Float64Array(wayCount), one small tags object per way
 *   wayRefStart[w] .. wayRefStart[w+1]-1        Uint32Array(wayCount + 1), indexes into wayRefs
 *   wayRefs                                     Float64Array, node ids (delta coding undone)
 * Node tags and relations are not kept (routing needs neither); relations are only counted.
 * String tables are decoded lazily: a block's strings are only turned into JS strings when a kept way's
 * tag uses them, so node-only blocks decode no strings at all.
 *
 * Complexity: O(file size) time; memory O(nodes + kept way refs) plus one inflated block at a time.
 * Corrupt or truncated input → InputError naming the file, the blob index and its byte offset.
 */
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { PbfReader } from 'pbf';
import { InputError } from '../core/errors.js';

export type OsmTags = Record<string, string>;

export interface OsmHeader {
  requiredFeatures: string[];
  optionalFeatures: string[];
  writingProgram?: string;
  source?: string;
  /** [minLon, minLat, maxLon, maxLat] in degrees, when the header has a bbox. */
  bbox?: [number, number, number, number];
}

export interface OsmPbf {
  header: OsmHeader;
  nodeCount: number;
  nodeId: Float64Array;
  lon: Float64Array;
  lat: Float64Array;
  /** Ways read in the file (before `keepWay`). */
  wayCountInFile: number;
  /** Ways kept (after `keepWay`); the length of wayId and wayTags. */
  wayCount: number;
  wayId: Float64Array;
  wayRefStart: Uint32Array;
  wayRefs: Float64Array;
  wayTags: OsmTags[];
  relationCount: number;
  blobCount: number;
  /** Data blobs by compression. */
  rawBlobs: number;
  zlibBlobs: number;
}

export interface DecodeOptions {
  /** File name used in error messages. */
  file?: string;
  /** Keep only ways for which this returns true (default: every way); the others cost no ref storage. */
  keepWay?: (tags: OsmTags) => boolean;
}

/** Features this decoder implements; any other required feature is rejected (spec: readers must). */
export const SUPPORTED_REQUIRED_FEATURES: readonly string[] = ['OsmSchema-V0.6', 'DenseNodes'];

const MAX_BLOB_HEADER_BYTES = 64 * 1024; // spec limit
const MAX_BLOB_BYTES = 32 * 1024 * 1024; // spec limit

/** Read and decode an .osm.pbf file; InputError when it cannot be read or is not a valid PBF. */
export function readOsmPbf(file: string, options: Omit<DecodeOptions, 'file'> = {}): OsmPbf {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new InputError(`cannot read OSM PBF file: ${(e as Error).message}`, { file });
  }
  return decodeOsmPbf(bytes, { ...options, file });
}

/** Decode the bytes of an .osm.pbf file into flat arrays (see the module comment). */
export function decodeOsmPbf(bytes: Uint8Array, options: DecodeOptions = {}): OsmPbf {
  return new Decoder(bytes, options).run();
}

/** A Float64Array that grows by doubling; callers write `a[len++]` after `ensure`. */
class F64 {
  a = new Float64Array(1024);
  len = 0;
  ensure(extra: number): Float64Array {
    if (this.len + extra > this.a.length) {
      const b = new Float64Array(Math.max(this.a.length * 2, this.len + extra));
      b.set(this.a.subarray(0, this.len));
      this.a = b;
    }
    return this.a;
  }
  done(): Float64Array {
    return this.a.slice(0, this.len);
  }
}

class CorruptBlock extends Error {}

class Decoder {
  private readonly file: string;
  private readonly keepWay: ((tags: OsmTags) => boolean) | undefined;
  private header: OsmHeader | null = null;
  private nodeIds = new F64();
  private lons = new F64();
  private lats = new F64();
  private wayIds = new F64();
  private refs = new F64();
  private refStart: number[] = [0];
  private wayTags: OsmTags[] = [];
  private wayCountInFile = 0;
  private relationCount = 0;
  private rawBlobs = 0;
  private zlibBlobs = 0;
  // Per-block state: string table as byte ranges with a lazy decode cache.
  private strStart = new Uint32Array(4096);
  private strEnd = new Uint32Array(4096);
  private strCache: Array<string | undefined> = [];
  private strCount = 0;
  private granularity = 100;
  private latOffset = 0;
  private lonOffset = 0;
  private readonly utf8 = new TextDecoder('utf-8');
  private scratchKeys: Uint32Array = new Uint32Array(64);
  private scratchVals: Uint32Array = new Uint32Array(64);

  constructor(
    private readonly bytes: Uint8Array,
    options: DecodeOptions,
  ) {
    this.file = options.file ?? '<buffer>';
    this.keepWay = options.keepWay;
  }

  private fail(message: string, blobIndex: number, offset: number): InputError {
    return new InputError(`corrupt or truncated OSM PBF at blob #${blobIndex} (byte offset ${offset}): ${message}`, { file: this.file });
  }

  run(): OsmPbf {
    const bytes = this.bytes;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let pos = 0;
    let blobIndex = 0;
    if (bytes.length === 0) throw new InputError('empty file, not an OSM PBF', { file: this.file });
    while (pos < bytes.length) {
      const blobStart = pos;
      if (pos + 4 > bytes.length) throw this.fail(`file ends inside a blob-header length (${bytes.length - pos} bytes left)`, blobIndex, blobStart);
      const headerLen = view.getUint32(pos, false);
      pos += 4;
      if (headerLen === 0 || headerLen > MAX_BLOB_HEADER_BYTES) throw this.fail(`blob-header length ${headerLen} is outside 1..${MAX_BLOB_HEADER_BYTES}`, blobIndex, blobStart);
      if (pos + headerLen > bytes.length) throw this.fail(`blob header of ${headerLen} bytes runs past the end of the file`, blobIndex, blobStart);
      let type = '';
      let dataSize = -1;
      try {
        const r = new PbfReader(bytes.subarray(pos, pos + headerLen));
        let f: number;
        while ((f = r.nextField())) {
          if (f === 1) type = r.readString();
          else if (f === 3) dataSize = r.readVarint(true);
        }
        if (r.pos !== headerLen) throw new CorruptBlock('blob header fields overrun');
      } catch (e) {
        throw this.fail(`unreadable blob header (${(e as Error).message})`, blobIndex, blobStart);
      }
      pos += headerLen;
      if (!(dataSize >= 0 && dataSize <= MAX_BLOB_BYTES)) throw this.fail(`blob size ${dataSize} is outside 0..${MAX_BLOB_BYTES}`, blobIndex, blobStart);
      if (pos + dataSize > bytes.length) {
        throw this.fail(`blob "${type}" declares ${dataSize} bytes but only ${bytes.length - pos} remain (truncated file?)`, blobIndex, blobStart);
      }
      const blob = bytes.subarray(pos, pos + dataSize);
      pos += dataSize;
      if (blobIndex === 0 && type !== 'OSMHeader') throw this.fail(`first blob is "${type}", expected "OSMHeader" (not an OSM PBF?)`, blobIndex, blobStart);
      if (type === 'OSMHeader' || type === 'OSMData') {
        const data = this.unpackBlob(blob, blobIndex, blobStart);
        try {
          if (type === 'OSMHeader') this.readHeaderBlock(data);
          else this.readPrimitiveBlock(data);
        } catch (e) {
          if (e instanceof InputError) throw e;
          throw this.fail(`bad ${type} block (${(e as Error).message})`, blobIndex, blobStart);
        }
      } // other blob types: skip, as the spec asks
      blobIndex++;
    }
    if (!this.header) throw new InputError('no OSMHeader blob, not an OSM PBF', { file: this.file });
    const nodeCount = this.nodeIds.len;
    return {
      header: this.header,
      nodeCount,
      nodeId: this.nodeIds.done(),
      lon: this.lons.done(),
      lat: this.lats.done(),
      wayCountInFile: this.wayCountInFile,
      wayCount: this.wayTags.length,
      wayId: this.wayIds.done(),
      wayRefStart: Uint32Array.from(this.refStart),
      wayRefs: this.refs.done(),
      wayTags: this.wayTags,
      relationCount: this.relationCount,
      blobCount: blobIndex,
      rawBlobs: this.rawBlobs,
      zlibBlobs: this.zlibBlobs,
    };
  }

  /** Blob → uncompressed block bytes. */
  private unpackBlob(blob: Uint8Array, blobIndex: number, blobStart: number): Uint8Array {
    let raw: Uint8Array | null = null;
    let zlib: Uint8Array | null = null;
    let rawSize = -1;
    let unsupported = '';
    try {
      const r = new PbfReader(blob);
      let f: number;
      while ((f = r.nextField())) {
        if (f === 1) raw = r.readBytes();
        else if (f === 2) rawSize = r.readVarint(true);
        else if (f === 3) zlib = r.readBytes();
        else if (f === 4) unsupported = 'lzma';
        else if (f === 5) unsupported = 'bzip2 (obsolete)';
        else if (f === 6) unsupported = 'lz4';
        else if (f === 7) unsupported = 'zstd';
      }
      if (r.pos !== blob.length) throw new CorruptBlock('blob fields overrun');
    } catch (e) {
      throw this.fail(`unreadable blob (${(e as Error).message})`, blobIndex, blobStart);
    }
    if (raw) {
      this.rawBlobs++;
      return raw;
    }
    if (zlib) {
      let out: Uint8Array;
      try {
        out = inflateSync(zlib);
      } catch (e) {
        throw this.fail(`zlib data does not inflate (${(e as Error).message})`, blobIndex, blobStart);
      }
      if (rawSize >= 0 && out.length !== rawSize) throw this.fail(`inflated to ${out.length} bytes, header says ${rawSize}`, blobIndex, blobStart);
      this.zlibBlobs++;
      return out;
    }
    if (unsupported) {
      throw new InputError(
        `blob #${blobIndex} (byte offset ${blobStart}) is ${unsupported}-compressed, which saavu does not read; recompress with \`osmium cat in.osm.pbf -o out.osm.pbf\` (zlib)`,
        { file: this.file },
      );
    }
    throw this.fail('blob has no data', blobIndex, blobStart);
  }

  private readHeaderBlock(data: Uint8Array): void {
    const r = new PbfReader(data);
    const h: OsmHeader = { requiredFeatures: [], optionalFeatures: [] };
    let f: number;
    while ((f = r.nextField())) {
      if (f === 1) {
        const end = r.readVarint() + r.pos;
        const b = [0, 0, 0, 0]; // left, right, top, bottom (nanodegrees)
        while (r.pos < end) {
          const g = r.nextField(end);
          if (g >= 1 && g <= 4) b[g - 1] = r.readSVarint();
        }
        if (r.pos !== end) throw new CorruptBlock('bbox overruns');
        h.bbox = [b[0]! * 1e-9, b[3]! * 1e-9, b[1]! * 1e-9, b[2]! * 1e-9];
      } else if (f === 4) h.requiredFeatures.push(r.readString());
      else if (f === 5) h.optionalFeatures.push(r.readString());
      else if (f === 16) h.writingProgram = r.readString();
      else if (f === 17) h.source = r.readString();
    }
    if (r.pos !== data.length) throw new CorruptBlock('header fields overrun');
    const unknown = h.requiredFeatures.filter((x) => !SUPPORTED_REQUIRED_FEATURES.includes(x));
    if (unknown.length) {
      throw new InputError(`OSM PBF requires features saavu does not implement: ${unknown.join(', ')}`, {
        file: this.file,
        expected: SUPPORTED_REQUIRED_FEATURES.join(', '),
        seen: h.requiredFeatures.join(', '),
      });
    }
    this.header = h;
  }

  private readPrimitiveBlock(data: Uint8Array): void {
    const r = new PbfReader(data);
    // First pass: block-level fields (the string table and offsets may in principle follow the groups).
    const groupStart: number[] = [];
    const groupEnd: number[] = [];
    let stStart = -1;
    let stEnd = -1;
    this.granularity = 100;
    this.latOffset = 0;
    this.lonOffset = 0;
    let f: number;
    while ((f = r.nextField())) {
      if (f === 1 || f === 2) {
        const end = r.readVarint() + r.pos;
        if (end > data.length) throw new CorruptBlock(`field ${f} overruns the block`);
        if (f === 1) {
          stStart = r.pos;
          stEnd = end;
        } else {
          groupStart.push(r.pos);
          groupEnd.push(end);
        }
        r.pos = end;
      } else if (f === 17) this.granularity = r.readVarint(true);
      else if (f === 19) this.latOffset = r.readVarint(true);
      else if (f === 20) this.lonOffset = r.readVarint(true);
    }
    if (r.pos !== data.length) throw new CorruptBlock('block fields overrun');
    if (!(this.granularity > 0)) throw new CorruptBlock(`granularity ${this.granularity}`);
    this.readStringTable(r, stStart, stEnd);
    for (let g = 0; g < groupStart.length; g++) this.readGroup(r, groupStart[g]!, groupEnd[g]!);
  }

  private readStringTable(r: PbfReader, start: number, end: number): void {
    this.strCount = 0;
    if (start < 0) return;
    r.pos = start;
    while (r.pos < end) {
      const f = r.nextField(end);
      if (f !== 1) continue;
      const len = r.readVarint();
      if (this.strCount === this.strStart.length) {
        const s = new Uint32Array(this.strStart.length * 2);
        s.set(this.strStart);
        this.strStart = s;
        const e = new Uint32Array(this.strEnd.length * 2);
        e.set(this.strEnd);
        this.strEnd = e;
      }
      this.strStart[this.strCount] = r.pos;
      this.strEnd[this.strCount] = r.pos + len;
      this.strCount++;
      r.pos += len;
    }
    if (r.pos !== end) throw new CorruptBlock('string table overruns');
    this.strCache = new Array<string | undefined>(this.strCount);
  }

  private str(r: PbfReader, i: number): string {
    if (i >= this.strCount) throw new CorruptBlock(`string index ${i} outside the table of ${this.strCount}`);
    let s = this.strCache[i];
    if (s === undefined) {
      s = this.decodeString(r.buf, this.strStart[i]!, this.strEnd[i]!);
      this.strCache[i] = s;
    }
    return s;
  }

  /** UTF-8 → string; an ASCII fast path for the short keys and values that dominate OSM tags. */
  private decodeString(buf: Uint8Array, start: number, end: number): string {
    if (end - start <= 24) {
      let s = '';
      for (let i = start; i < end; i++) {
        const c = buf[i]!;
        if (c >= 0x80) return this.utf8.decode(buf.subarray(start, end));
        s += String.fromCharCode(c);
      }
      return s;
    }
    return this.utf8.decode(buf.subarray(start, end));
  }

  private readGroup(r: PbfReader, start: number, end: number): void {
    r.pos = start;
    while (r.pos < end) {
      const f = r.nextField(end);
      if (f === 0) break;
      if (f === 1 || f === 2 || f === 3) {
        const len = r.readVarint();
        const msgEnd = r.pos + len;
        if (msgEnd > end) throw new CorruptBlock(`group element overruns its group`);
        if (f === 1) this.readNode(r, msgEnd);
        else if (f === 2) this.readDense(r, msgEnd);
        else this.readWay(r, msgEnd);
        if (r.pos !== msgEnd) throw new CorruptBlock(`group element of ${len} bytes read to ${r.pos - msgEnd + len}`);
      } else if (f === 4) this.relationCount++; // skipped by nextField
      // 5 = changesets: skipped
    }
    if (r.pos !== end) throw new CorruptBlock('primitive group overruns');
  }

  private readNode(r: PbfReader, end: number): void {
    let id = NaN;
    let lat = NaN;
    let lon = NaN;
    while (r.pos < end) {
      const f = r.nextField(end);
      if (f === 1) id = r.readSVarint();
      else if (f === 8) lat = r.readSVarint();
      else if (f === 9) lon = r.readSVarint();
    }
    if (Number.isNaN(id) || Number.isNaN(lat) || Number.isNaN(lon)) throw new CorruptBlock('node without id or coordinates');
    const i = this.nodeIds.len;
    this.nodeIds.ensure(1)[i] = id;
    this.lats.ensure(1)[i] = 1e-9 * (this.latOffset + this.granularity * lat);
    this.lons.ensure(1)[i] = 1e-9 * (this.lonOffset + this.granularity * lon);
    this.nodeIds.len = this.lats.len = this.lons.len = i + 1;
  }

  private readDense(r: PbfReader, end: number): void {
    let idS = -1, idE = -1, latS = -1, latE = -1, lonS = -1, lonE = -1; // prettier-ignore
    while (r.pos < end) {
      const f = r.nextField(end);
      if (f === 1 || f === 8 || f === 9) {
        const e = r.readVarint() + r.pos;
        if (e > end) throw new CorruptBlock('dense field overruns');
        if (f === 1) (idS = r.pos), (idE = e);
        else if (f === 8) (latS = r.pos), (latE = e);
        else (lonS = r.pos), (lonE = e);
        r.pos = e;
      }
      // 5 denseinfo, 10 keys_vals: node metadata and tags are not needed for routing
    }
    if (idS < 0) return; // an empty DenseNodes
    if (latS < 0 || lonS < 0) throw new CorruptBlock('dense nodes without lat/lon');
    const base = this.nodeIds.len;
    // A packed varint takes at least one byte, so the byte length bounds the count.
    const ids = this.nodeIds.ensure(idE - idS);
    let n = 0;
    let id = 0;
    r.pos = idS;
    while (r.pos < idE) ids[base + n++] = id += r.readSVarint();
    const gran = 1e-9 * this.granularity;
    const latOff = 1e-9 * this.latOffset;
    const lonOff = 1e-9 * this.lonOffset;
    const lats = this.lats.ensure(n);
    let k = 0;
    let v = 0;
    r.pos = latS;
    while (r.pos < latE && k < n) lats[base + k++] = latOff + gran * (v += r.readSVarint());
    if (k !== n || r.pos !== latE) throw new CorruptBlock(`dense nodes: ${n} ids but a different number of lats`);
    const lons = this.lons.ensure(n);
    k = 0;
    v = 0;
    r.pos = lonS;
    while (r.pos < lonE && k < n) lons[base + k++] = lonOff + gran * (v += r.readSVarint());
    if (k !== n || r.pos !== lonE) throw new CorruptBlock(`dense nodes: ${n} ids but a different number of lons`);
    if (r.pos !== lonE || Number.isNaN(id) || Number.isNaN(v)) throw new CorruptBlock('dense nodes overrun');
    this.nodeIds.len = this.lats.len = this.lons.len = base + n;
    r.pos = end;
  }

  private readWay(r: PbfReader, end: number): void {
    let id = NaN;
    let keysS = -1, keysE = -1, valsS = -1, valsE = -1, refsS = -1, refsE = -1; // prettier-ignore
    while (r.pos < end) {
      const f = r.nextField(end);
      if (f === 1) id = r.readVarint(true);
      else if (f === 2 || f === 3 || f === 8) {
        const e = r.type === 2 ? r.readVarint() + r.pos : -1;
        if (e < 0 || e > end) throw new CorruptBlock('way field is not a packed array inside the way');
        if (f === 2) (keysS = r.pos), (keysE = e);
        else if (f === 3) (valsS = r.pos), (valsE = e);
        else (refsS = r.pos), (refsE = e);
        r.pos = e;
      }
    }
    if (Number.isNaN(id)) throw new CorruptBlock('way without id');
    this.wayCountInFile++;
    // Tags: keys and values are parallel packed string-table indexes.
    const tags: OsmTags = Object.create(null) as OsmTags;
    if (keysS >= 0) {
      let nk = 0;
      r.pos = keysS;
      while (r.pos < keysE) {
        if (nk === this.scratchKeys.length) this.scratchKeys = grow32(this.scratchKeys);
        this.scratchKeys[nk++] = r.readVarint();
      }
      let nv = 0;
      if (valsS >= 0) r.pos = valsS;
      while (valsS >= 0 && r.pos < valsE) {
        if (nv === this.scratchVals.length) this.scratchVals = grow32(this.scratchVals);
        this.scratchVals[nv++] = r.readVarint();
      }
      if (nk !== nv) throw new CorruptBlock(`way ${id}: ${nk} tag keys but ${nv} values`);
      for (let i = 0; i < nk; i++) tags[this.str(r, this.scratchKeys[i]!)] = this.str(r, this.scratchVals[i]!);
    }
    if (this.keepWay && !this.keepWay(tags)) {
      r.pos = end;
      return;
    }
    const w = this.wayTags.length;
    this.wayIds.ensure(1)[w] = id;
    this.wayIds.len = w + 1;
    this.wayTags.push(tags);
    if (refsS >= 0) {
      const refs = this.refs.ensure(refsE - refsS);
      let n = this.refs.len;
      let ref = 0;
      r.pos = refsS;
      while (r.pos < refsE) refs[n++] = ref += r.readSVarint();
      if (r.pos !== refsE || Number.isNaN(ref)) throw new CorruptBlock(`way ${id}: refs overrun`);
      this.refs.len = n;
    }
    this.refStart.push(this.refs.len);
    r.pos = end;
  }
}

function grow32(a: Uint32Array): Uint32Array {
  const b = new Uint32Array(a.length * 2);
  b.set(a);
  return b;
}
