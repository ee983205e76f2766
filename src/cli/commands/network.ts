/**
 * `saavu network build --osm FILE.pbf --mode car|walk|bike --out FILE` and `--emme DIR`: build a mode's
 * routable graph and save it (one binary file, src/network/graph.ts layout) for `saavu matrix` and
 * `saavu isochrone`. Also the loader those commands share.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../core/atomic.js';
import { InputError, UsageError } from '../../core/errors.js';
import { buildOsmGraph } from '../../network/build-osm.js';
import { buildEmmeGraph } from '../../network/emme.js';
import { Graph, type TravelMode } from '../../network/graph.js';
import { formatNumber } from '../format-table.js';
import type { Lang } from '../../report/i18n.js';

export interface NetworkBuildOptions {
  osm?: string;
  emme?: string;
  mode?: string;
  out: string;
  json?: boolean;
  lang: Lang;
}

const MODES: readonly TravelMode[] = ['car', 'walk', 'bike'];

export function runNetworkBuild(opts: NetworkBuildOptions): void {
  if (Boolean(opts.osm) === Boolean(opts.emme)) throw new UsageError('give exactly one of --osm FILE.pbf and --emme DIR');
  const mode = (opts.mode ?? 'car') as TravelMode;
  if (!MODES.includes(mode)) throw new UsageError(`--mode ${opts.mode}: expected car, walk or bike`);
  if (opts.emme && mode !== 'car') throw new UsageError('--emme builds a car network only (the EMME export has no walk or bike links)');
  const input = (opts.osm ?? opts.emme)!;
  if (!existsSync(input)) throw new UsageError(`${opts.osm ? '--osm' : '--emme'} ${input}: no such ${opts.osm ? 'file' : 'folder'}`);
  const { graph, report } = opts.osm ? buildOsmGraph(opts.osm, mode) : buildEmmeGraph(opts.emme!);
  const full = new Graph(graph.firstEdge, graph.target, graph.weight, graph.length, graph.x, graph.y, graph.nodeId, { ...graph.meta, report: flat(report) });
  writeFileAtomic(opts.out, new Uint8Array(full.toBuffer()));
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ out: opts.out, mode, profile: graph.meta.profile, nodes: graph.nodeCount, edges: graph.edgeCount, report }, null, 2)}\n`);
    return;
  }
  const r = report as unknown as Record<string, number>;
  const f = (v: number) => formatNumber(v, opts.lang);
  process.stdout.write(
    `${opts.out}: ${graph.meta.profile}, ${f(graph.nodeCount)} nodes, ${f(graph.edgeCount)} edges ` +
      `(kept the largest of ${f(r.components ?? 1)} strongly connected components; dropped ${f(r.droppedNodes ?? 0)} nodes, ${f(r.droppedEdges ?? 0)} edges)\n`,
  );
}

function flat(report: object): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const [k, v] of Object.entries(report)) if (typeof v === 'number' || typeof v === 'string') out[k] = v;
  return out;
}

/** Load a network file written by `saavu network build`; InputError when it is not one. */
export function readNetworkFile(file: string): Graph {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new InputError(`cannot read network file (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { file });
  }
  try {
    return Graph.from(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (e) {
    throw new InputError(`not a saavu network file (${(e as Error).message})`, { file, expected: 'a file written by `saavu network build`' });
  }
}

/** Bounding box of a graph's nodes, EPSG:3067. */
export function graphBbox(g: Graph): [number, number, number, number] {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < g.nodeCount; i++) {
    const x = g.x[i]!, y = g.y[i]!;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}
