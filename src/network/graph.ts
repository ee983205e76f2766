/**
 * A routable graph in compressed sparse rows (CSR), one per travel mode, in flat typed arrays:
 *   firstEdge: Uint32Array(n + 1)  edges of node u are firstEdge[u] .. firstEdge[u+1]-1
 *   target:    Uint32Array(m)      head node of each edge
 *   weight:    Uint32Array(m)      travel time in deciseconds (integers: every algorithm sums exactly)
 *   length:    Float32Array(m)     edge length in metres
 *   x, y:      Float64Array(n)     node coordinates, EPSG:3067 metres
 *   nodeId:    Float64Array(n)     external node id (OSM node id or EMME node number), for reports
 * Dense integer ids 0..n-1 inside; external ids only in `nodeId`.
 *
 * Serialisation (like flatbush): one ArrayBuffer = a 24-byte header (magic "SAVG", version, n, m,
 * JSON length, reserved), the JSON metadata (mode, profile, input hash, source), then the arrays
 * x, y, nodeId, firstEdge, target, weight, length, each 8-byte aligned. `Graph.from(buffer)` views the arrays
 * in place without copying, so the same bytes go to a worker, to disk or into a GeoPackage blob.
 */

export const GRAPH_MAGIC = 0x47564153; // "SAVG" little-endian
export const GRAPH_VERSION = 1;
const HEADER_BYTES = 24;

export type TravelMode = 'car' | 'walk' | 'bike';

export interface GraphMeta {
  mode: TravelMode;
  /** Human-readable profile name and version, e.g. "osm-car-v1" or "emme-car-v1". */
  profile: string;
  /** sha256 of the inputs (source file bytes + profile), the cache key. */
  inputHash: string;
  /** Where the network came from, e.g. "tampere.osm.pbf". */
  source: string;
  /** Free-form build report (dropped components, unknown tags …). */
  report?: Record<string, number | string>;
}

export class Graph {
  readonly nodeCount: number;
  readonly edgeCount: number;

  constructor(
    readonly firstEdge: Uint32Array,
    readonly target: Uint32Array,
    readonly weight: Uint32Array,
    readonly length: Float32Array,
    readonly x: Float64Array,
    readonly y: Float64Array,
    readonly nodeId: Float64Array,
    readonly meta: GraphMeta,
  ) {
    this.nodeCount = x.length;
    this.edgeCount = target.length;
    if (firstEdge.length !== this.nodeCount + 1) throw new Error(`firstEdge has ${firstEdge.length} entries for ${this.nodeCount} nodes`);
    if (weight.length !== this.edgeCount || length.length !== this.edgeCount) throw new Error('edge arrays differ in length');
    if (y.length !== this.nodeCount || nodeId.length !== this.nodeCount) throw new Error('node arrays differ in length');
    if (firstEdge[this.nodeCount] !== this.edgeCount) throw new Error('firstEdge[n] must equal the edge count');
  }

  /** Build from an edge list (any order); parallel edges are kept (the searches take the cheapest). */
  static fromEdges(
    nodes: { x: Float64Array; y: Float64Array; nodeId: Float64Array },
    edges: { from: Uint32Array; to: Uint32Array; weight: Uint32Array; length: Float32Array },
    meta: GraphMeta,
  ): Graph {
    const n = nodes.x.length;
    const m = edges.from.length;
    const firstEdge = new Uint32Array(n + 1);
    for (let i = 0; i < m; i++) firstEdge[edges.from[i]! + 1]!++;
    for (let u = 0; u < n; u++) firstEdge[u + 1]! += firstEdge[u]!;
    const fill = firstEdge.slice(0, n);
    const target = new Uint32Array(m);
    const weight = new Uint32Array(m);
    const length = new Float32Array(m);
    for (let i = 0; i < m; i++) {
      const pos = fill[edges.from[i]!]!++;
      target[pos] = edges.to[i]!;
      weight[pos] = edges.weight[i]!;
      length[pos] = edges.length[i]!;
    }
    return new Graph(firstEdge, target, weight, length, nodes.x, nodes.y, nodes.nodeId, meta);
  }

  /** The reverse graph (every edge turned around), for searches towards a target. */
  reversed(): Graph {
    const from = new Uint32Array(this.edgeCount);
    for (let u = 0; u < this.nodeCount; u++) from.fill(u, this.firstEdge[u]!, this.firstEdge[u + 1]!);
    return Graph.fromEdges(
      { x: this.x, y: this.y, nodeId: this.nodeId },
      { from: this.target, to: from, weight: this.weight, length: this.length },
      this.meta,
    );
  }

  /** Serialise into one ArrayBuffer (see the module comment for the layout). */
  toBuffer(): ArrayBuffer {
    const header = new TextEncoder().encode(JSON.stringify(this.meta));
    const n = this.nodeCount;
    const m = this.edgeCount;
    const align8 = (v: number) => (v + 7) & ~7;
    let offset = align8(HEADER_BYTES + header.length);
    const layout: Array<[ArrayBufferView, number]> = [];
    for (const arr of [this.x, this.y, this.nodeId, this.firstEdge, this.target, this.weight, this.length] as ArrayBufferView[]) {
      layout.push([arr, offset]);
      offset = align8(offset + arr.byteLength);
    }
    const buf = new ArrayBuffer(offset);
    const dv = new DataView(buf);
    dv.setUint32(0, GRAPH_MAGIC, true);
    dv.setUint32(4, GRAPH_VERSION, true);
    dv.setUint32(8, n, true);
    dv.setUint32(12, m, true);
    dv.setUint32(16, header.length, true);
    new Uint8Array(buf, HEADER_BYTES, header.length).set(header);
    for (const [arr, off] of layout) new Uint8Array(buf, off, arr.byteLength).set(new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength));
    return buf;
  }

  /** View a serialised graph without copying its arrays. Throws on a foreign or corrupt buffer. */
  static from(buffer: ArrayBuffer | Uint8Array): Graph {
    const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
    if (bytes.byteOffset % 8 !== 0) return Graph.from(bytes.slice());
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.byteLength < HEADER_BYTES || dv.getUint32(0, true) !== GRAPH_MAGIC) throw new Error('not a saavu graph (bad magic)');
    const version = dv.getUint32(4, true);
    if (version !== GRAPH_VERSION) throw new Error(`unsupported graph version ${version}`);
    const n = dv.getUint32(8, true);
    const m = dv.getUint32(12, true);
    const end = HEADER_BYTES + dv.getUint32(16, true);
    if (end > bytes.byteLength) throw new Error('truncated graph buffer');
    const meta = JSON.parse(new TextDecoder().decode(bytes.subarray(HEADER_BYTES, end))) as GraphMeta;
    const align8 = (v: number) => (v + 7) & ~7;
    let offset = align8(end);
    const take = <T>(Ctor: { new (b: ArrayBuffer, o: number, l: number): T; BYTES_PER_ELEMENT: number }, count: number): T => {
      const byteLen = count * Ctor.BYTES_PER_ELEMENT;
      if (offset + byteLen > bytes.byteLength) throw new Error('truncated graph buffer');
      const arr = new Ctor(bytes.buffer as ArrayBuffer, bytes.byteOffset + offset, count);
      offset = align8(offset + byteLen);
      return arr;
    };
    const x = take(Float64Array, n);
    const y = take(Float64Array, n);
    const nodeId = take(Float64Array, n);
    const firstEdge = take(Uint32Array, n + 1);
    const target = take(Uint32Array, m);
    const weight = take(Uint32Array, m);
    const length = take(Float32Array, m);
    return new Graph(firstEdge, target, weight, length, x, y, nodeId, meta);
  }
}

/** Deciseconds for `metres` at `kmh` (rounded, at least 1 for a non-zero length). */
export function travelDeciseconds(metres: number, kmh: number): number {
  if (metres <= 0) return 0;
  return Math.max(1, Math.round((metres / (kmh / 3.6)) * 10));
}
