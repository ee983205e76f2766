/**
 * A small container for "JSON metadata + typed arrays" in one buffer, for derived data that is cached
 * as a blob (travel-time matrices). Layout: magic (4 bytes, caller's), version u32, JSON length u32,
 * array count u32, then per array a 16-byte descriptor (type code u32, length u32, byte offset f64),
 * the JSON, and the arrays 8-byte aligned.
 */

type TypedArray = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float32Array | Float64Array;
const CTORS = [Uint8Array, Uint16Array, Uint32Array, Int32Array, Float32Array, Float64Array] as const;

const align8 = (v: number) => (v + 7) & ~7;

/** Pack metadata and arrays into one buffer. */
export function pack(magic: number, version: number, meta: unknown, arrays: TypedArray[]): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(meta));
  const head = 16 + 16 * arrays.length;
  let offset = align8(head + json.length);
  const offsets = arrays.map((a) => {
    const o = offset;
    offset = align8(offset + a.byteLength);
    return o;
  });
  const out = new Uint8Array(offset);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, magic, true);
  dv.setUint32(4, version, true);
  dv.setUint32(8, json.length, true);
  dv.setUint32(12, arrays.length, true);
  arrays.forEach((a, i) => {
    const code = CTORS.findIndex((C) => a instanceof C);
    if (code < 0) throw new Error('unsupported array type');
    dv.setUint32(16 + 16 * i, code, true);
    dv.setUint32(20 + 16 * i, a.length, true);
    dv.setFloat64(24 + 16 * i, offsets[i]!, true);
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), offsets[i]!);
  });
  out.set(json, head);
  return out;
}

/** Unpack a buffer made by `pack` (arrays are copied out, so the input may be reused). */
export function unpack(bytes: Uint8Array, magic: number, version: number): { meta: unknown; arrays: TypedArray[] } {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 16 || dv.getUint32(0, true) !== magic) throw new Error('bad magic');
  if (dv.getUint32(4, true) !== version) throw new Error(`unsupported version ${dv.getUint32(4, true)}`);
  const jsonLength = dv.getUint32(8, true);
  const count = dv.getUint32(12, true);
  const head = 16 + 16 * count;
  if (head + jsonLength > bytes.byteLength) throw new Error('truncated buffer');
  const meta = JSON.parse(new TextDecoder().decode(bytes.subarray(head, head + jsonLength)));
  const arrays: TypedArray[] = [];
  for (let i = 0; i < count; i++) {
    const C = CTORS[dv.getUint32(16 + 16 * i, true)];
    const length = dv.getUint32(20 + 16 * i, true);
    const offset = dv.getFloat64(24 + 16 * i, true);
    if (!C || offset + length * C.BYTES_PER_ELEMENT > bytes.byteLength) throw new Error('truncated or corrupt buffer');
    arrays.push(new C(bytes.slice(offset, offset + length * C.BYTES_PER_ELEMENT).buffer));
  }
  return { meta, arrays };
}
