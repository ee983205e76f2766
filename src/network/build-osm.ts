/**
 * OSM PBF → routable CSR graph for one travel mode: the network stage's entry for OpenStreetMap.
 *
 * Steps: decode the PBF (./pbf.ts, keeping only ways with a highway tag); ask the mode's profile
 * (./profiles.ts) about every way; look each way's node refs up in the node table (binary search on the
 * sorted id array — PBF files are sorted by id; an unsorted file is sorted once); split ways at refs whose
 * node is missing from the file (a clipped extract keeps border-crossing ways whole but drops their
 * outside nodes: the way's pieces inside are kept, the segments touching a missing node are not); keep
 * only the nodes that end up on an edge, project them to EPSG:3067 (proj4), and emit one directed edge
 * per allowed direction of every segment; finally keep the largest strongly connected component.
 * Every node is kept (no degree-2 chain compression): exact geometry for isochrones and snapping.
 *
 * Edge length: great-circle (haversine) distance between the two nodes' WGS84 coordinates with the
 * mean Earth radius 6,371,009 m — the same formula and radius as OSMnx, which the routing tests compare
 * with. (The planar EPSG:3067 distance would differ by the TM35FIN scale factor, 0.9996 on the central
 * meridian 27°E up to ≈1.0014 at Finland's western edge; ≈1.0000 in Tampere.) Weight = travel time in
 * deciseconds at the profile's speed, at least 1 (two distinct nodes at the same position would
 * otherwise give a 0 edge, which some searches and tests treat as suspicious).
 *
 * Data layout: flat typed arrays throughout (ref → node index Int32Array, used-node marks, edge lists
 * from/to/weight/length), one small object per way only for its tags and profile answer.
 * Complexity: O(file + R log N) for R way refs and N nodes, then O(n + m) for CSR and the SCC.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import { InputError } from '../core/errors.js';
import { lonLatTo3067 } from '../geo/crs.js';
import { Graph, travelDeciseconds, type TravelMode } from './graph.js';
import { decodeOsmPbf, type OsmPbf } from './pbf.js';
import { profileFor, type Profile, type WayRouting } from './profiles.js';
import { keepLargestComponent } from './scc.js';

/** Mean Earth radius in metres, as OSMnx (`osmnx.distance.EARTH_RADIUS_M`). */
export const EARTH_RADIUS_M = 6_371_009;

export interface OsmBuildOptions {
  /** Override the mode's default profile (its `mode` must match). */
  profile?: Profile;
  /** Keep only the largest strongly connected component (default true). */
  largestComponentOnly?: boolean;
}

export interface OsmBuildReport {
  source: string;
  mode: TravelMode;
  profile: string;
  nodesInFile: number;
  waysInFile: number;
  highwayWays: number;
  routableWays: number;
  /** Routable ways that reference at least one node missing from the file (split there). */
  waysSplitAtMissingNodes: number;
  /** Refs of routable ways to nodes missing from the file. */
  missingNodeRefs: number;
  nodesBeforeComponent: number;
  edgesBeforeComponent: number;
  components: number;
  droppedNodes: number;
  droppedEdges: number;
  nodes: number;
  edges: number;
  decodeMs: number;
  buildMs: number;
}

/** Build the `mode` graph of an .osm.pbf file (see the module comment); InputError on bad input. */
export function buildOsmGraph(pbfFile: string, mode: TravelMode, options: OsmBuildOptions = {}): { graph: Graph; report: OsmBuildReport } {
  const profile = options.profile ?? profileFor(mode);
  if (profile.mode !== mode) throw new Error(`profile ${profile.name} is for ${profile.mode}, not ${mode}`);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(pbfFile);
  } catch (e) {
    throw new InputError(`cannot read OSM PBF file: ${(e as Error).message}`, { file: pbfFile });
  }
  const t0 = performance.now();
  const osm = decodeOsmPbf(bytes, { file: pbfFile, keepWay: (tags) => tags.highway !== undefined });
  const t1 = performance.now();
  const inputHash = createHash('sha256').update(bytes).update(profile.name).digest('hex');
  const result = buildGraphFromOsm(osm, profile, { file: pbfFile, inputHash, largestComponentOnly: options.largestComponentOnly ?? true });
  result.report.decodeMs = t1 - t0;
  result.report.buildMs = performance.now() - t1;
  Object.assign(result.graph.meta.report!, { decodeMs: Math.round(result.report.decodeMs), buildMs: Math.round(result.report.buildMs) });
  return result;
}

/** Sorted node ids and, if the file was not sorted, the permutation back to file order. */
function nodeLookup(ids: Float64Array): { sorted: Float64Array; order: Uint32Array | null } {
  let isSorted = true;
  for (let i = 1; i < ids.length; i++) {
    if (ids[i]! <= ids[i - 1]!) {
      isSorted = false;
      break;
    }
  }
  if (isSorted) return { sorted: ids, order: null };
  const order = new Uint32Array(ids.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => ids[a]! - ids[b]!);
  const sorted = new Float64Array(ids.length);
  for (let i = 0; i < order.length; i++) sorted[i] = ids[order[i]!]!;
  return { sorted, order };
}

function findNode(sorted: Float64Array, order: Uint32Array | null, id: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (v < id) lo = mid + 1;
    else if (v > id) hi = mid - 1;
    else return order ? order[mid]! : mid;
  }
  return -1;
}

/** Great-circle distance in metres between two WGS84 points (haversine, radius EARTH_RADIUS_M). */
export function haversineMetres(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(s)));
}

/** Build the graph from an already decoded PBF (the part of `buildOsmGraph` after decoding). */
export function buildGraphFromOsm(
  osm: OsmPbf,
  profile: Profile,
  options: { file: string; inputHash: string; largestComponentOnly?: boolean },
): { graph: Graph; report: OsmBuildReport } {
  const { sorted, order } = nodeLookup(osm.nodeId);
  const refIdx = new Int32Array(osm.wayRefs.length).fill(-1);
  const used = new Uint8Array(osm.nodeCount);
  const routes: Array<WayRouting | null> = new Array<WayRouting | null>(osm.wayCount).fill(null);
  let highwayWays = 0;
  let routableWays = 0;
  let waysSplit = 0;
  let missingRefs = 0;
  let edgeCount = 0;
  for (let w = 0; w < osm.wayCount; w++) {
    const tags = osm.wayTags[w]!;
    if (tags.highway !== undefined) highwayWays++;
    const r = profile.route(tags);
    if (!r || !(r.kmh > 0) || (!r.forward && !r.backward)) continue;
    routes[w] = r;
    routableWays++;
    const start = osm.wayRefStart[w]!;
    const end = osm.wayRefStart[w + 1]!;
    let missingHere = 0;
    for (let i = start; i < end; i++) {
      const idx = findNode(sorted, order, osm.wayRefs[i]!);
      refIdx[i] = idx;
      if (idx < 0) missingHere++;
    }
    if (missingHere > 0) {
      waysSplit++;
      missingRefs += missingHere;
    }
    const perSegment = (r.forward ? 1 : 0) + (r.backward ? 1 : 0);
    for (let i = start; i + 1 < end; i++) {
      const a = refIdx[i]!;
      const b = refIdx[i + 1]!;
      if (a < 0 || b < 0 || a === b) continue; // a missing node splits the way here
      used[a] = 1;
      used[b] = 1;
      edgeCount += perSegment;
    }
  }
  if (routableWays === 0 || edgeCount === 0) {
    throw new InputError(`no routable ways for mode ${profile.mode} (profile ${profile.name}) in this OSM file`, {
      file: options.file,
      expected: 'highway=* ways usable by this mode with their nodes present',
      seen: `${osm.wayCountInFile} ways, ${highwayWays} with highway=*, ${routableWays} routable`,
    });
  }

  // Compact ids for used nodes, in file order (PBF files are id-sorted, which keeps some locality).
  const newId = new Int32Array(osm.nodeCount).fill(-1);
  let n = 0;
  for (let i = 0; i < osm.nodeCount; i++) if (used[i]) newId[i] = n++;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const nodeId = new Float64Array(n);
  for (let i = 0; i < osm.nodeCount; i++) {
    const k = newId[i]!;
    if (k < 0) continue;
    const [px, py] = lonLatTo3067(osm.lon[i]!, osm.lat[i]!);
    x[k] = px;
    y[k] = py;
    nodeId[k] = osm.nodeId[i]!;
  }

  const from = new Uint32Array(edgeCount);
  const to = new Uint32Array(edgeCount);
  const weight = new Uint32Array(edgeCount);
  const length = new Float32Array(edgeCount);
  let m = 0;
  for (let w = 0; w < osm.wayCount; w++) {
    const r = routes[w];
    if (!r) continue;
    const end = osm.wayRefStart[w + 1]!;
    for (let i = osm.wayRefStart[w]!; i + 1 < end; i++) {
      const a = refIdx[i]!;
      const b = refIdx[i + 1]!;
      if (a < 0 || b < 0 || a === b) continue;
      const len = haversineMetres(osm.lon[a]!, osm.lat[a]!, osm.lon[b]!, osm.lat[b]!);
      const ds = Math.max(1, travelDeciseconds(len, r.kmh));
      const na = newId[a]!;
      const nb = newId[b]!;
      if (r.forward) {
        from[m] = na;
        to[m] = nb;
        weight[m] = ds;
        length[m++] = len;
      }
      if (r.backward) {
        from[m] = nb;
        to[m] = na;
        weight[m] = ds;
        length[m++] = len;
      }
    }
  }

  const source = basename(options.file);
  const meta = { mode: profile.mode, profile: profile.name, inputHash: options.inputHash, source };
  const full = Graph.fromEdges({ x, y, nodeId }, { from, to, weight, length }, meta);
  const kept = options.largestComponentOnly === false ? { graph: full, componentCount: 0, droppedNodes: 0, droppedEdges: 0 } : keepLargestComponent(full);
  const report: OsmBuildReport = {
    source,
    mode: profile.mode,
    profile: profile.name,
    nodesInFile: osm.nodeCount,
    waysInFile: osm.wayCountInFile,
    highwayWays,
    routableWays,
    waysSplitAtMissingNodes: waysSplit,
    missingNodeRefs: missingRefs,
    nodesBeforeComponent: full.nodeCount,
    edgesBeforeComponent: full.edgeCount,
    components: kept.componentCount,
    droppedNodes: kept.droppedNodes,
    droppedEdges: kept.droppedEdges,
    nodes: kept.graph.nodeCount,
    edges: kept.graph.edgeCount,
    decodeMs: 0,
    buildMs: 0,
  };
  const graph = kept.graph;
  const reportForMeta: Record<string, number | string> = {};
  for (const [k, v] of Object.entries(report)) if (k !== 'source' && k !== 'mode' && k !== 'profile') reportForMeta[k] = v;
  // A fresh meta object: the pre-component graph shares the old one.
  const finalGraph = new Graph(graph.firstEdge, graph.target, graph.weight, graph.length, graph.x, graph.y, graph.nodeId, { ...meta, report: reportForMeta });
  return { graph: finalGraph, report };
}
