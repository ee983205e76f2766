/**
 * Travel times of a project: the road network of each mode and the demand-cell × site matrix, kept in the
 * project file's cache (store/cache.ts) so every later command reuses them.
 *
 * At `saavu init` the region manifest's `networks` (region.json) say where each mode's network comes from
 * (Keusote: the Traficom EMME network for car; Tampere: the OSM extract for car, walk and bike); `--osm`
 * swaps in an OSM extract for car. The built graph and the matrix go into the project in the same atomic
 * write as the layers; `saavu_metadata` records `network_<mode>` (the graph's cache key),
 * `network_<mode>_source` and `matrix_<mode>` (the matrix's cache key). A project without a stored matrix
 * (an older file, or a mode not built at init) computes it on first use and stores it.
 */
import { resolve } from 'node:path';
import type { Cache } from '../core/cache.js';
import { InputError, UsageError } from '../core/errors.js';
import type { Region } from '../core/model.js';
import type { RegionManifest } from '../data/region-manifest.js';
import { Graph, type TravelMode } from '../network/graph.js';
import { loadNetwork, networkCacheKey, type NetworkSource } from '../network/load-network.js';
import { cachedTravelMatrix, type Places, type TravelMatrix } from '../route/travel-matrix.js';
import { memoryCache, projectCache } from './cache.js';

export const TRAVEL_MODES: readonly TravelMode[] = ['car', 'walk', 'bike'];

/** The network source of `mode` named by a region manifest (paths resolved against the region folder). */
export function manifestNetwork(regionDir: string, manifest: RegionManifest, mode: TravelMode): NetworkSource | null {
  const n = manifest.networks?.[mode];
  if (!n) return null;
  return 'osm' in n ? { kind: 'osm', file: resolve(regionDir, n.osm) } : { kind: 'emme', dir: resolve(regionDir, n.emme) };
}

export function describeSource(source: NetworkSource): string {
  return source.kind === 'osm' ? `osm:${source.file}` : `emme:${source.dir}`;
}

export function demandPlaces(region: Region): Places {
  return { ids: region.demandCells.map((c) => c.id), x: Float64Array.from(region.demandCells, (c) => c.x), y: Float64Array.from(region.demandCells, (c) => c.y) };
}

export function sitePlaces(region: Region): Places {
  return { ids: region.sites.map((s) => s.id), x: Float64Array.from(region.sites, (s) => s.x), y: Float64Array.from(region.sites, (s) => s.y) };
}

export interface TravelSummary {
  mode: TravelMode;
  source: string;
  profile: string;
  nodes: number;
  edges: number;
  accessKmh: number;
  detourFactor: number;
  origins: number;
  destinations: number;
  /** Demand cells snapped farther than 1 km from the network (ids and metres). */
  farCells: Array<{ id: string; snapMetres: number }>;
  /** Distance from the network above which places are not routed, metres. */
  maxSnapMetres: number;
  /** Places not routed (farther than maxSnapMetres from the network). */
  excluded: Array<{ side: string; id: string; snapMetres: number }>;
  /** Median and maximum access leg of the demand cells, minutes. */
  medianAccessMinutes: number;
  maxAccessMinutes: number;
  /** Pairs with a travel time / all pairs. */
  reachableShare: number;
  engine: string;
  milliseconds: number;
  fromCache: boolean;
}

export function summarizeMatrix(mode: TravelMode, source: string, graph: Graph, m: TravelMatrix, ms: number, fromCache: boolean): TravelSummary {
  const acc = Array.from(m.origins.accessDeciseconds).sort((a, b) => a - b);
  let reachable = 0;
  for (const v of m.deciseconds) if (v !== 0xffffffff) reachable++;
  return {
    mode, source, profile: graph.meta.profile, nodes: graph.nodeCount, edges: graph.edgeCount,
    accessKmh: m.access.accessKmh, detourFactor: m.access.detourFactor, maxSnapMetres: m.access.maxSnapMetres ?? 10_000,
    origins: m.originIds.length, destinations: m.destinationIds.length,
    farCells: m.far.filter((f) => f.side === 'origin').map(({ id, snapMetres }) => ({ id, snapMetres })),
    excluded: m.excluded.map(({ side, id, snapMetres }) => ({ side, id, snapMetres })),
    medianAccessMinutes: acc.length ? acc[acc.length >> 1]! / 600 : 0,
    maxAccessMinutes: acc.length ? acc[acc.length - 1]! / 600 : 0,
    reachableShare: m.deciseconds.length ? reachable / m.deciseconds.length : 0,
    engine: m.engine, milliseconds: Math.round(ms), fromCache,
  };
}

/**
 * Build the networks of `modes` and the demand × sites matrices for a region about to be written as a
 * project: returns the metadata and cache entries for `writeProject`, and a summary per mode.
 */
export async function prepareTravel(
  region: Region,
  sources: Partial<Record<TravelMode, NetworkSource>>,
  options: { threads?: number } = {},
): Promise<{ metadata: Record<string, string>; cache: ReturnType<ReturnType<typeof memoryCache>['entries']>; summaries: TravelSummary[] }> {
  const mem = memoryCache();
  const metadata: Record<string, string> = {};
  const summaries: TravelSummary[] = [];
  for (const mode of TRAVEL_MODES) {
    const source = sources[mode];
    if (!source) continue;
    const t0 = performance.now();
    const { graph } = loadNetwork(source, mode, mem);
    const m = await cachedTravelMatrix(mem, graph, demandPlaces(region), sitePlaces(region), { threads: options.threads });
    const unrouted = m.excluded.filter((e) => e.side === 'origin').length;
    if (unrouted * 2 > region.demandCells.length) {
      throw new InputError(`the ${mode} network does not cover the region: ${unrouted} of ${region.demandCells.length} demand cells are more than ${(m.access.maxSnapMetres ?? 10_000) / 1000} km from it`, {
        file: source.kind === 'osm' ? source.file : source.dir, expected: `a network of region ${region.id}`,
      });
    }
    metadata[`network_${mode}`] = networkCacheKey(source, mode);
    metadata[`network_${mode}_source`] = describeSource(source);
    metadata[`matrix_${mode}`] = m.key;
    summaries.push(summarizeMatrix(mode, describeSource(source), graph, m, performance.now() - t0, false));
  }
  return { metadata, cache: mem.entries(), summaries };
}

/** The stored network of `mode` in a project (InputError when the project has none). */
export function projectGraph(file: string, metadata: Record<string, string>, mode: TravelMode, cache: Cache = projectCache(file)): Graph {
  const key = metadata[`network_${mode}`];
  if (!key) throw new UsageError(`${file} has no ${mode} network (the region names none; build one with \`saavu network build\` or re-run \`saavu init\` with --osm)`);
  const bytes = cache.get(key);
  if (!bytes) throw new InputError('the project names a network that is not in its cache', { file, field: `saavu_metadata.network_${mode}`, seen: key });
  return Graph.from(bytes);
}

/** The demand-cell × site matrix of `mode`, from the project's cache or computed now and stored. */
export async function projectTravelMatrix(file: string, region: Region, metadata: Record<string, string>, mode: TravelMode): Promise<{ graph: Graph; matrix: TravelMatrix; summary: TravelSummary }> {
  const cache = projectCache(file);
  const graph = projectGraph(file, metadata, mode, cache);
  const t0 = performance.now();
  const m = await cachedTravelMatrix(cache, graph, demandPlaces(region), sitePlaces(region));
  return { graph, matrix: m, summary: summarizeMatrix(mode, metadata[`network_${mode}_source`] ?? '', graph, m, performance.now() - t0, m.fromCache) };
}

/** Modes with a stored network in a project. */
export function projectModes(metadata: Record<string, string>): TravelMode[] {
  return TRAVEL_MODES.filter((m) => metadata[`network_${m}`]);
}

/** The base matrix (cells × sites) and graph of every stored mode: what scenarios are evaluated on. */
export async function projectModeData(file: string, region: Region, metadata: Record<string, string>): Promise<Record<string, { deciseconds: Uint32Array; graph: Graph; summary: TravelSummary }>> {
  const out: Record<string, { deciseconds: Uint32Array; graph: Graph; summary: TravelSummary }> = {};
  for (const mode of projectModes(metadata)) {
    const { graph, matrix, summary } = await projectTravelMatrix(file, region, metadata, mode);
    out[mode] = { deciseconds: matrix.deciseconds, graph, summary };
  }
  return out;
}
