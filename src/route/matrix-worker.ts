/**
 * Worker-thread entry for computeMatrix (matrix.ts). Keeps the last networks it was sent (viewed in place
 * on a SharedArrayBuffer, never copied) and the row filler of the current job, then fills the rows it is
 * asked for directly into the shared result arrays and answers { done: chunk }.
 *
 * Messages in:  { type: 'network', id, buffer: SharedArrayBuffer }
 *               { type: 'rows', job, networkId, origins, destinations, settings, from, to, outDs, outM }
 * Messages out: { type: 'done', job, from, to } | { type: 'error', job, message }
 */
import { parentPort } from 'node:worker_threads';
import { networkFromBuffer, rowFiller, type RoutingNetwork, type RowSettings } from './matrix-rows.js';

interface RowsMessage {
  type: 'rows';
  job: number;
  networkId: number;
  origins: Uint32Array;
  destinations: Uint32Array;
  settings: RowSettings;
  from: number;
  to: number;
  outDs: SharedArrayBuffer;
  outM: SharedArrayBuffer;
}
interface NetworkMessage {
  type: 'network';
  id: number;
  buffer: SharedArrayBuffer;
}

const networks = new Map<number, RoutingNetwork>();
let currentJob = -1;
let fill: ReturnType<typeof rowFiller> | null = null;
let outDs: Uint32Array | null = null;
let outM: Float32Array | null = null;

parentPort!.on('message', (msg: RowsMessage | NetworkMessage | { type: 'forget'; id: number }) => {
  if (msg.type === 'network') {
    networks.set(msg.id, networkFromBuffer(msg.buffer));
    return;
  }
  if (msg.type === 'forget') {
    networks.delete(msg.id);
    return;
  }
  try {
    if (msg.job !== currentJob) {
      const network = networks.get(msg.networkId);
      if (!network) throw new Error(`worker has no network ${msg.networkId}`);
      fill = rowFiller(network, msg.destinations, msg.settings);
      outDs = new Uint32Array(msg.outDs);
      outM = new Float32Array(msg.outM);
      currentJob = msg.job;
    }
    fill!(msg.origins, msg.from, msg.to, outDs!, outM!);
    parentPort!.postMessage({ type: 'done', job: msg.job, from: msg.from, to: msg.to });
  } catch (err) {
    currentJob = -1;
    parentPort!.postMessage({ type: 'error', job: msg.job, message: err instanceof Error ? err.stack ?? err.message : String(err) });
  }
});
