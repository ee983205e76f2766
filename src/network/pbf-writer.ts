/**
 * A minimal OSM PBF writer for hand-made fixtures: tests write tiny files with exactly the features
 * they need (raw or zlib blobs, dense nodes, ways with missing node refs, odd required features or
 * compressions) instead of shipping binary fixtures. Not a general writer: one data block, no metadata.
 *
 * Layout written: [OSMHeader blob][OSMData blob], each as [int32 BE header length][BlobHeader][Blob];
 * coordinates at the default granularity (100 nanodegrees), ids and refs delta-coded.
 * Complexity: O(nodes + refs).
 */
import { deflateSync } from 'node:zlib';
import { PbfWriter } from 'pbf';

export interface FixtureNode {
  id: number;
  lon: number;
  lat: number;
}

export interface FixtureWay {
  id: number;
  refs: number[];
  tags: Record<string, string>;
}

export interface FixtureOptions {
  /** Default 'zlib'. 'lzma' / 'zstd' write a data blob in that field (for rejection tests). */
  compression?: 'raw' | 'zlib' | 'lzma' | 'zstd';
  requiredFeatures?: string[];
}

/** Bytes of a small .osm.pbf with the given nodes and ways. */
export function writeFixturePbf(nodes: FixtureNode[], ways: FixtureWay[], options: FixtureOptions = {}): Uint8Array {
  const compression = options.compression ?? 'zlib';
  const header = new PbfWriter();
  for (const f of options.requiredFeatures ?? ['OsmSchema-V0.6', 'DenseNodes']) header.writeStringField(4, f);
  header.writeStringField(16, 'saavu fixture');

  const strings: string[] = [''];
  const sid = (s: string) => {
    let i = strings.indexOf(s);
    if (i < 0) i = strings.push(s) - 1;
    return i;
  };
  const wayMsgs = ways.map((w) => {
    const keys = Object.keys(w.tags).map(sid);
    const vals = Object.values(w.tags).map(sid);
    const pw = new PbfWriter();
    pw.writeVarintField(1, w.id);
    pw.writePackedVarint(2, keys);
    pw.writePackedVarint(3, vals);
    pw.writePackedSVarint(8, w.refs.map((r, i) => r - (i > 0 ? w.refs[i - 1]! : 0)));
    return pw.finish();
  });
  const st = new PbfWriter();
  for (const s of strings) st.writeBytesField(1, new TextEncoder().encode(s));
  const stringTable = st.finish();
  const body = new PbfWriter();
  body.writeBytesField(1, stringTable);
  if (nodes.length) {
    const dense = new PbfWriter();
    const delta = (arr: number[]) => arr.map((v, i) => v - (i > 0 ? arr[i - 1]! : 0));
    dense.writePackedSVarint(1, delta(nodes.map((n) => n.id)));
    dense.writePackedSVarint(8, delta(nodes.map((n) => Math.round(n.lat * 1e7))));
    dense.writePackedSVarint(9, delta(nodes.map((n) => Math.round(n.lon * 1e7))));
    const group = new PbfWriter();
    group.writeBytesField(2, dense.finish());
    body.writeBytesField(2, group.finish());
  }
  if (wayMsgs.length) {
    const group = new PbfWriter();
    for (const m of wayMsgs) group.writeBytesField(3, m);
    body.writeBytesField(2, group.finish());
  }
  const parts = [blob('OSMHeader', header.finish(), compression === 'raw' ? 'raw' : 'zlib'), blob('OSMData', body.finish(), compression)];
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function blob(type: string, data: Uint8Array, compression: NonNullable<FixtureOptions['compression']>): Uint8Array {
  const b = new PbfWriter();
  if (compression === 'raw') b.writeBytesField(1, data);
  else {
    b.writeVarintField(2, data.length);
    const field = compression === 'zlib' ? 3 : compression === 'lzma' ? 4 : 7;
    b.writeBytesField(field, compression === 'zlib' ? deflateSync(data) : data);
  }
  const blobBytes = b.finish();
  const h = new PbfWriter();
  h.writeStringField(1, type);
  h.writeVarintField(3, blobBytes.length);
  const headerBytes = h.finish();
  const out = new Uint8Array(4 + headerBytes.length + blobBytes.length);
  new DataView(out.buffer).setUint32(0, headerBytes.length, false);
  out.set(headerBytes, 4);
  out.set(blobBytes, 4 + headerBytes.length);
  return out;
}
