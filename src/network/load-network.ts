/**
 * One entry point for "the routable network of a mode": built from an OSM PBF or an EMME folder, or
 * reused from a cache. The cache key is a sha256 over the input bytes, the profile name and the builder
 * version, so a changed file, profile or builder never reuses a stale graph.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cache } from '../core/cache.js';
import { InputError } from '../core/errors.js';
import { buildOsmGraph } from './build-osm.js';
import { buildEmmeGraph, EMME_CAR_PROFILE } from './emme.js';
import { Graph, type TravelMode } from './graph.js';
import { profileFor } from './profiles.js';

/** Bump when a builder changes what it produces from the same inputs. */
export const NETWORK_BUILD_VERSION = 1;

export type NetworkSource = { kind: 'osm'; file: string } | { kind: 'emme'; dir: string };

export interface LoadedNetwork {
  graph: Graph;
  fromCache: boolean;
  /** The builder's report (absent when the graph came from the cache: it is in graph.meta.report). */
  report?: unknown;
}

function inputFiles(source: NetworkSource): string[] {
  return source.kind === 'osm' ? [source.file] : [join(source.dir, 'base_network_test.txt')];
}

function profileName(source: NetworkSource, mode: TravelMode): string {
  if (source.kind === 'emme') {
    if (mode !== 'car') throw new InputError('an EMME network is a car network only', { file: source.dir, expected: 'mode car', seen: mode });
    return EMME_CAR_PROFILE;
  }
  return profileFor(mode).name;
}

/** The cache key of a network: kind, mode and a sha256 of inputs, profile and builder version. */
export function networkCacheKey(source: NetworkSource, mode: TravelMode): string {
  const h = createHash('sha256');
  for (const f of inputFiles(source)) {
    try {
      h.update(readFileSync(f));
    } catch (e) {
      throw new InputError(`cannot read network file (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { file: f });
    }
  }
  h.update(`${profileName(source, mode)}|${NETWORK_BUILD_VERSION}`);
  return `network:${mode}:${h.digest('hex')}`;
}

/** The network of `mode` from `source`, reusing `cache` when it holds one built from the same inputs. */
export function loadNetwork(source: NetworkSource, mode: TravelMode, cache?: Cache): LoadedNetwork {
  const key = networkCacheKey(source, mode);
  const hit = cache?.get(key);
  if (hit) return { graph: Graph.from(hit), fromCache: true };
  const built = source.kind === 'osm' ? buildOsmGraph(source.file, mode) : buildEmmeGraph(source.dir);
  const graph = new Graph(built.graph.firstEdge, built.graph.target, built.graph.weight, built.graph.length, built.graph.x, built.graph.y, built.graph.nodeId, {
    ...built.graph.meta,
    report: flatReport(built.report),
  });
  cache?.put(key, 'network', new Uint8Array(graph.toBuffer()));
  return { graph, fromCache: false, report: built.report };
}

function flatReport(report: unknown): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const [k, v] of Object.entries(report as Record<string, unknown>)) if (typeof v === 'number' || typeof v === 'string') out[k] = v;
  return out;
}
