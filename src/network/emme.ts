/**
 * EMME network (Traficom LEM/VALMA transaction files, see data/uusimaa_roads/FORMAT.md) → car CSR graph.
 * The entry of the network stage for the only real road data that reaches Keski-Uusimaa.
 *
 * Reads `base_network_test.txt` (sections `t nodes` and `t links`; coordinates already EPSG:3067, link
 * length in km) and, when present, `link_shape_test.txt` only to report how the km column compares with
 * the drawn polyline (the km column is what LEM itself uses, so it is the edge length here).
 *
 * Car links: mode letter `c` in the link's modes. Free-flow speed by road class (link type `1yz`,
 * yz = type % 100) from LEM's own table (`EMME_ROAD_CLASS_KMH`, copied from Scripts/parameters/
 * assignment.py of Traficom/lem-model-system, as summarised in FORMAT.md); custom types 91–95 keep the
 * link's own Data2 speed, as LEM does. The travel time is LEM's free-flow time 60·length/speed.
 *
 * Excluded, and why:
 * - centroid connectors (types 84–88, 98, 99) and every link touching a centroid (`a*` node): they are
 *   abstract zone-to-network links at a nominal 50 km/h, drawn as straight lines from one point per
 *   municipality. Routed through, a centroid would be a fake junction joining roads kilometres apart;
 *   saavu instead snaps each demand cell and site to the nearest real node and adds an explicit access
 *   leg (./snap.ts, EMME_CAR_ACCESS);
 * - ferry links (type 144): both lead abroad (Helsinki–Tallinn via an offshore node, and towards
 *   Stockholm), and LEM adds a timetable wait (VDF 11) that a speed cannot express;
 * - foreign nodes (x < 0, the Stockholm side) and their links.
 * Then the largest strongly connected component is kept.
 *
 * Complexity: O(lines) parsing, O(n + m) for CSR and the SCC; the network has ~2k nodes, ~3k car links.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InputError } from '../core/errors.js';
import { Graph, travelDeciseconds } from './graph.js';
import { keepLargestComponent } from './scc.js';

export const EMME_CAR_PROFILE = 'emme-car-v1';

/**
 * LEM free-flow speed (km/h) by road-class code yz of link type 1yz (Traficom/lem-model-system,
 * Scripts/parameters/assignment.py, `roadclasses`): 1–7 motorway, 8–17 highway, 18–29 arterial,
 * 30–34 collector, 35–41 local, 44 ferry.
 */
export const EMME_ROAD_CLASS_KMH: Readonly<Record<number, number>> = {
  1: 113, 2: 113, 3: 113, 4: 97, 5: 97, 6: 81, 7: 81,
  8: 97, 9: 97, 10: 90, 11: 90, 12: 81, 13: 81, 14: 73, 15: 73, 16: 63, 17: 63,
  18: 97, 19: 90, 20: 81, 21: 61, 22: 73, 23: 54, 24: 63, 25: 48, 26: 48, 27: 44, 28: 41, 29: 41,
  30: 48, 31: 41, 32: 36, 33: 36, 34: 41,
  35: 30, 36: 30, 37: 30, 38: 23, 39: 20, 40: 20, 41: 20,
  44: 20,
}; // prettier-ignore

/** Road-class codes of centroid connectors in LEM (`connector_link_types`). */
export const EMME_CONNECTOR_CLASSES: readonly number[] = [84, 85, 86, 87, 88, 98, 99];
/** Custom car link classes that keep their own Data2 speed (`custom_roadtypes`). */
export const EMME_CUSTOM_CLASSES: readonly number[] = [91, 92, 93, 94, 95];
export const EMME_FERRY_CLASS = 44;

export interface EmmeBuildOptions {
  /** Base network file name inside `dir` (default base_network_test.txt). */
  baseFile?: string;
  /** Link shape file name inside `dir` (default link_shape_test.txt; optional, for the report only). */
  shapeFile?: string;
  /** Keep only the largest strongly connected component (default true). */
  largestComponentOnly?: boolean;
}

export interface EmmeBuildReport {
  source: string;
  nodesInFile: number;
  centroids: number;
  foreignNodes: number;
  linksInFile: number;
  carLinks: number;
  connectorLinksExcluded: number;
  ferryLinksExcluded: number;
  foreignLinksExcluded: number;
  unknownClassLinksExcluded: number;
  /** Car links whose speed came from the LEM table (the rest: custom classes' own Data2). */
  tableSpeedLinks: number;
  nodesBeforeComponent: number;
  edgesBeforeComponent: number;
  components: number;
  droppedNodes: number;
  droppedEdges: number;
  nodes: number;
  edges: number;
  /** Median of drawn-polyline length / km-column length over shaped car links (NaN without shapes). */
  medianShapeLengthRatio: number;
}

/** Build the car graph of an EMME network directory (see the module comment). InputError on bad files. */
export function buildEmmeGraph(dir: string, options: EmmeBuildOptions = {}): { graph: Graph; report: EmmeBuildReport } {
  const file = join(dir, options.baseFile ?? 'base_network_test.txt');
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new InputError(`cannot read EMME base network: ${(e as Error).message}`, { file });
  }
  const lines = bytes.toString('utf8').split(/\r?\n/);
  let section = '';
  // Nodes: external number → dense index in file order.
  const nodeIndex = new Map<number, number>();
  const nodeNum: number[] = [];
  const nodeX: number[] = [];
  const nodeY: number[] = [];
  const isCentroid: boolean[] = [];
  const from: number[] = [];
  const to: number[] = [];
  const lengthM: number[] = [];
  const kmh: number[] = [];
  const r = {
    linksInFile: 0, carLinks: 0, connectorLinksExcluded: 0, ferryLinksExcluded: 0, foreignLinksExcluded: 0,
    unknownClassLinksExcluded: 0, tableSpeedLinks: 0, centroids: 0, foreignNodes: 0,
  }; // prettier-ignore
  const num = (tok: string | undefined, row: number, field: string): number => {
    const v = Number(tok);
    if (tok === undefined || tok === '' || !Number.isFinite(v)) throw new InputError('not a number', { file, row, field, seen: tok ?? '(missing)' });
    return v;
  };
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li]!.trim();
    const row = li + 1;
    if (line === '' || line.startsWith('c')) continue;
    const tok = line.split(/\s+/);
    if (tok[0] === 't') {
      section = tok[1] ?? '';
      continue;
    }
    if (section === 'nodes') {
      if (tok[0] !== 'a' && tok[0] !== 'a*') continue; // m/d updates do not occur in these exports
      if (tok.length < 4) throw new InputError('node record too short', { file, row, expected: 'a|a* Node X Y …', seen: line });
      const id = num(tok[1], row, 'Node');
      if (nodeIndex.has(id)) throw new InputError('duplicate node', { file, row, field: 'Node', seen: id });
      nodeIndex.set(id, nodeNum.length);
      nodeNum.push(id);
      nodeX.push(num(tok[2], row, 'X-coord'));
      nodeY.push(num(tok[3], row, 'Y-coord'));
      isCentroid.push(tok[0] === 'a*');
      if (tok[0] === 'a*') r.centroids++;
    } else if (section === 'links') {
      if (tok[0] !== 'a') continue;
      if (tok.length < 10) throw new InputError('link record too short', { file, row, expected: 'a From To Length Modes Typ Lan VDF Data1 Data2 Data3', seen: line });
      r.linksInFile++;
      const i = nodeIndex.get(num(tok[1], row, 'From'));
      const j = nodeIndex.get(num(tok[2], row, 'To'));
      if (i === undefined || j === undefined) throw new InputError('link references an unknown node', { file, row, field: i === undefined ? 'From' : 'To', seen: line });
      const modes = tok[4]!;
      if (!modes.includes('c')) continue;
      const type = num(tok[5], row, 'Typ');
      const lengthKm = num(tok[3], row, 'Length');
      const cls = type % 100;
      if (EMME_CONNECTOR_CLASSES.includes(cls) || isCentroid[i] || isCentroid[j]) {
        r.connectorLinksExcluded++;
        continue;
      }
      if (cls === EMME_FERRY_CLASS) {
        r.ferryLinksExcluded++;
        continue;
      }
      if (nodeX[i]! < 0 || nodeX[j]! < 0) {
        r.foreignLinksExcluded++;
        continue;
      }
      let speed: number | undefined;
      if (EMME_CUSTOM_CLASSES.includes(cls)) speed = num(tok[9], row, 'Data2');
      else if (type > 80) {
        speed = EMME_ROAD_CLASS_KMH[cls];
        if (speed !== undefined) r.tableSpeedLinks++;
      }
      if (speed === undefined || !(speed > 0)) {
        r.unknownClassLinksExcluded++;
        continue;
      }
      if (lengthKm < 0) throw new InputError('negative link length', { file, row, field: 'Length', seen: lengthKm });
      r.carLinks++;
      from.push(i);
      to.push(j);
      lengthM.push(lengthKm * 1000);
      kmh.push(speed);
    }
  }
  for (const x of nodeX) if (x < 0) r.foreignNodes++;
  if (nodeNum.length === 0 || from.length === 0) {
    throw new InputError('no car links found', { file, expected: "a 't nodes' and a 't links' section with links of mode c", seen: `${nodeNum.length} nodes, ${r.linksInFile} links` });
  }

  // Keep only nodes on car links, renumbered in file order.
  const newId = new Int32Array(nodeNum.length).fill(-1);
  for (let e = 0; e < from.length; e++) newId[from[e]!] = newId[to[e]!] = 0;
  let n = 0;
  for (let i = 0; i < newId.length; i++) if (newId[i] === 0) newId[i] = n++;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const nodeId = new Float64Array(n);
  for (let i = 0; i < newId.length; i++) {
    const k = newId[i]!;
    if (k < 0) continue;
    x[k] = nodeX[i]!;
    y[k] = nodeY[i]!;
    nodeId[k] = nodeNum[i]!;
  }
  const m = from.length;
  const edges = { from: new Uint32Array(m), to: new Uint32Array(m), weight: new Uint32Array(m), length: new Float32Array(m) };
  for (let e = 0; e < m; e++) {
    edges.from[e] = newId[from[e]!]!;
    edges.to[e] = newId[to[e]!]!;
    edges.length[e] = lengthM[e]!;
    edges.weight[e] = Math.max(1, travelDeciseconds(lengthM[e]!, kmh[e]!));
  }
  const source = basename(dir.replace(/[\\/]+$/, '')) + '/' + basename(file);
  const meta = { mode: 'car' as const, profile: EMME_CAR_PROFILE, inputHash: createHash('sha256').update(bytes).update(EMME_CAR_PROFILE).digest('hex'), source };
  const full = Graph.fromEdges({ x, y, nodeId }, edges, meta);
  const kept = options.largestComponentOnly === false ? { graph: full, componentCount: 0, droppedNodes: 0, droppedEdges: 0 } : keepLargestComponent(full);

  const report: EmmeBuildReport = {
    source,
    nodesInFile: nodeNum.length,
    ...r,
    nodesBeforeComponent: full.nodeCount,
    edgesBeforeComponent: full.edgeCount,
    components: kept.componentCount,
    droppedNodes: kept.droppedNodes,
    droppedEdges: kept.droppedEdges,
    nodes: kept.graph.nodeCount,
    edges: kept.graph.edgeCount,
    medianShapeLengthRatio: shapeLengthRatio(join(dir, options.shapeFile ?? 'link_shape_test.txt'), nodeIndex, nodeX, nodeY, from, to, lengthM),
  };
  const metaReport: Record<string, number | string> = {};
  for (const [k, v] of Object.entries(report)) if (k !== 'source') metaReport[k] = v;
  const g = kept.graph;
  return { graph: new Graph(g.firstEdge, g.target, g.weight, g.length, g.x, g.y, g.nodeId, { ...meta, report: metaReport }), report };
}

/** Median polyline length / km-column length over shaped car links; NaN when there is no shape file. */
function shapeLengthRatio(
  file: string,
  nodeIndex: Map<number, number>,
  nodeX: number[],
  nodeY: number[],
  from: number[],
  to: number[],
  lengthM: number[],
): number {
  if (!existsSync(file)) return NaN;
  const carLink = new Map<string, number>();
  for (let e = 0; e < from.length; e++) carLink.set(`${from[e]} ${to[e]}`, e);
  const ratios: number[] = [];
  let cur = -1;
  let px = 0;
  let py = 0;
  let len = 0;
  const close = () => {
    if (cur >= 0 && lengthM[cur]! > 0) {
      len += Math.hypot(nodeX[to[cur]!]! - px, nodeY[to[cur]!]! - py);
      ratios.push(len / lengthM[cur]!);
    }
    cur = -1;
  };
  for (const raw of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const tok = raw.trim().split(/\s+/);
    if (tok[0] === 'r') {
      close();
      const i = nodeIndex.get(Number(tok[1]));
      const j = nodeIndex.get(Number(tok[2]));
      const e = i === undefined || j === undefined ? undefined : carLink.get(`${i} ${j}`);
      if (e === undefined) continue;
      cur = e;
      px = nodeX[i!]!;
      py = nodeY[i!]!;
      len = 0;
    } else if (tok[0] === 'a' && cur >= 0 && tok.length >= 6) {
      const vx = Number(tok[4]);
      const vy = Number(tok[5]);
      len += Math.hypot(vx - px, vy - py);
      px = vx;
      py = vy;
    }
  }
  close();
  if (ratios.length === 0) return NaN;
  ratios.sort((a, b) => a - b);
  return ratios[ratios.length >> 1]!;
}
