/**
 * Computing matrix rows, shared by the synchronous path and the worker threads: for a network (a plain
 * `Graph`, searched with heap Dijkstra stopping at the last destination, or a `ContractedGraph`, searched
 * with RPHAST) and a fixed destination set, fill rows of a row-major deciseconds / metres matrix.
 *
 * Layout: out arrays are row-major origins × destinations; row i starts at i × destinations.length.
 * Complexity per row: Dijkstra O((n' + m') log n') until all destinations settle; RPHAST O(upward search +
 * restricted sweep).
 */
import { Graph, GRAPH_MAGIC } from '../network/graph.js';
import { CH_MAGIC, ContractedGraph } from './contract.js';
import { DijkstraSearch, NO_PATH, type Metric } from './dijkstra.js';
import { RphastTable } from './phast.js';

/** What a matrix is computed on: a plain graph (heap Dijkstra) or a contraction hierarchy (RPHAST). */
export type RoutingNetwork = Graph | ContractedGraph;

export interface RowSettings {
  maxDeciseconds?: number;
  originOffsets?: Uint32Array;
  destinationOffsets?: Uint32Array;
  /** Metric for a plain Graph (a ContractedGraph has its own); default 'time'. */
  metric?: Metric;
}

/** Returns a function that fills rows `from..to` (origin indices) of the output arrays. */
export function rowFiller(network: RoutingNetwork, destinations: Uint32Array, settings: RowSettings): (origins: Uint32Array, from: number, to: number, outDs: Uint32Array, outM: Float32Array) => void {
  const cols = destinations.length;
  const maxDs = settings.maxDeciseconds ?? Infinity;
  const destOff = settings.destinationOffsets;
  const originOff = settings.originOffsets;
  if (network instanceof ContractedGraph) {
    const table = new RphastTable(network, destinations);
    return (origins, from, to, outDs, outM) => {
      for (let i = from; i < to; i++) {
        table.row(origins[i]!, outDs, outM, i * cols, {
          originOffsetDeciseconds: originOff ? originOff[i]! : 0,
          destinationOffsets: destOff,
          maxDeciseconds: settings.maxDeciseconds,
        });
      }
    };
  }
  const search = new DijkstraSearch(network, { metric: settings.metric ?? 'time' });
  const source = [{ node: 0, offsetDeciseconds: 0 }];
  const searchOptions = { maxDeciseconds: settings.metric === 'distance' ? undefined : settings.maxDeciseconds, targets: destinations };
  return (origins, from, to, outDs, outM) => {
    for (let i = from; i < to; i++) {
      source[0]!.node = origins[i]!;
      source[0]!.offsetDeciseconds = originOff ? originOff[i]! : 0;
      const tree = search.run(source, searchOptions);
      const at = i * cols;
      for (let j = 0; j < cols; j++) {
        const t = destinations[j]!;
        const d0 = tree.deciseconds[t]!;
        const d = d0 + (destOff ? destOff[j]! : 0);
        if (d0 === NO_PATH || d > maxDs) {
          outDs[at + j] = NO_PATH;
          outM[at + j] = NaN;
        } else {
          outDs[at + j] = d;
          outM[at + j] = tree.metres[t]!;
        }
      }
    }
  };
}

/** Serialise a network for a worker (the magic number tells the kinds apart). */
export function networkToBuffer(network: RoutingNetwork): ArrayBuffer {
  return network.toBuffer();
}

/** View a network serialised by `networkToBuffer` (ArrayBuffer or SharedArrayBuffer), without copying. */
export function networkFromBuffer(buffer: ArrayBufferLike): RoutingNetwork {
  const magic = new DataView(buffer as ArrayBuffer, 0, 4).getUint32(0, true);
  if (magic === CH_MAGIC) return ContractedGraph.from(buffer);
  if (magic === GRAPH_MAGIC) return Graph.from(new Uint8Array(buffer as ArrayBuffer));
  throw new Error('not a saavu network buffer (bad magic)');
}
