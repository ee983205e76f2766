/**
 * Travel-time matrices, origins × destinations, in parallel worker threads.
 *
 * `computeMatrix(network, origins, destinations, options)`: the network is either a plain `Graph` (each row
 * is a heap Dijkstra that stops at the last destination) or a `ContractedGraph` (each row is an RPHAST query:
 * tens of times faster; contract once and cache it). The network is copied ONCE into a SharedArrayBuffer
 * (cached per network object) and viewed in place by every worker; origins are cut into chunks handed out
 * to the workers as they finish (load balancing), and workers write their rows straight into shared result
 * arrays. The worker pool is created on first use and kept (unref'd while idle, so it never holds the
 * process open); `closeMatrixWorkers()` ends it.
 *
 * Result layout: row-major, row i = origin i, column j = destination j:
 *   deciseconds: Uint32Array(origins × destinations), NO_PATH (0xFFFFFFFF) if unreachable / over the cut-off
 *   metres:      Float32Array, metres along the same path (NaN where NO_PATH)
 * Offsets: originOffsets[i] (deciseconds) is added at the origin before the search, destinationOffsets[j]
 * after it; the cut-off `maxDeciseconds` applies to the total. Metres exclude the offsets.
 * Ties: the path is the fastest and, among equally fast ones, the shortest (cost.ts), on every engine.
 *
 * Worker file: `matrix-worker.js` beside this module when running compiled (dist/), else `matrix-worker.ts`
 * loaded through tsx's loader, registered inside the worker (running from source under tsx or Vitest).
 *
 * Complexity: rows × (per-row cost, see matrix-rows.ts) / threads, plus one O(network bytes) copy.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { NO_PATH } from './cost.js';
import { rowFiller, type RoutingNetwork, type RowSettings } from './matrix-rows.js';

export { NO_PATH } from './cost.js';
export type { RoutingNetwork } from './matrix-rows.js';

export interface MatrixOptions {
  /** Worker threads; default os.availableParallelism(). 1 computes in this thread. */
  threads?: number;
  /** Cut-off on total deciseconds (offsets included); farther pairs are NO_PATH. */
  maxDeciseconds?: number;
  /** Access deciseconds added at each origin (same order as origins). */
  originOffsets?: Uint32Array;
  /** Access deciseconds added at each destination (same order as destinations). */
  destinationOffsets?: Uint32Array;
  /** For a plain Graph only: 'time' (default) or 'distance' (a ContractedGraph carries its own metric). */
  metric?: 'time' | 'distance';
}

export interface Matrix {
  /** Row-major origins × destinations, deciseconds, NO_PATH where unreachable. */
  deciseconds: Uint32Array;
  /** Row-major origins × destinations, metres along the same path (NaN where unreachable). */
  metres: Float32Array;
}

function check(network: RoutingNetwork, origins: Uint32Array, destinations: Uint32Array, options: MatrixOptions): RowSettings {
  const n = network.nodeCount;
  for (const [name, ids] of [['origins', origins], ['destinations', destinations]] as const) {
    for (let i = 0; i < ids.length; i++) if (ids[i]! >= n) throw new RangeError(`${name}[${i}] = ${ids[i]} is not a node (network has ${n})`);
  }
  if (options.originOffsets && options.originOffsets.length !== origins.length) throw new RangeError('originOffsets must have one entry per origin');
  if (options.destinationOffsets && options.destinationOffsets.length !== destinations.length) throw new RangeError('destinationOffsets must have one entry per destination');
  return { maxDeciseconds: options.maxDeciseconds, originOffsets: options.originOffsets, destinationOffsets: options.destinationOffsets, metric: options.metric };
}

/** The matrix in this thread (small jobs, tests). Same results as computeMatrix. */
export function computeMatrixSync(network: RoutingNetwork, origins: Uint32Array, destinations: Uint32Array, options: MatrixOptions = {}): Matrix {
  const settings = check(network, origins, destinations, options);
  const deciseconds = new Uint32Array(origins.length * destinations.length).fill(NO_PATH);
  const metres = new Float32Array(origins.length * destinations.length).fill(NaN);
  if (origins.length > 0 && destinations.length > 0) rowFiller(network, destinations, settings)(origins, 0, origins.length, deciseconds, metres);
  return { deciseconds, metres };
}

// ---- Worker pool -------------------------------------------------------------------------------------

interface PoolWorker {
  worker: Worker;
  networks: Set<number>;
}
const pool: PoolWorker[] = [];
const shared = new WeakMap<RoutingNetwork, { id: number; buffer: SharedArrayBuffer }>();
let nextNetworkId = 1;
let nextJob = 1;
let busy = 0;

/**
 * Start one matrix worker: the compiled matrix-worker.js when it exists beside this module (dist/), else the
 * .ts source through tsx's loader registered inside the worker (running from source: tsx, Vitest).
 * (`execArgv: ['--import', 'tsx']` does not apply the loader to a worker's own entry file on Node 20.)
 */
function startWorker(): Worker {
  // A worker inherits the parent's execArgv; `--input-type` (from `node -e`) would make it refuse a file entry.
  const execArgv = process.execArgv.filter((a) => !a.startsWith('--input-type'));
  const js = new URL('./matrix-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return new Worker(js, { execArgv });
  const ts = new URL('./matrix-worker.ts', import.meta.url);
  let tsxApi = 'tsx/esm/api';
  try {
    // The ESM entry of tsx/esm/api (require.resolve would give the CJS one, which cannot register here).
    const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
    tsxApi = pathToFileURL(join(dirname(pkg), 'dist', 'esm', 'api', 'index.mjs')).href;
  } catch {
    // fall back to resolving from the working directory
  }
  const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(ts.href)}); });`;
  return new Worker(boot, { eval: true, execArgv });
}

function ensurePool(size: number): PoolWorker[] {
  while (pool.length < size) {
    const worker = startWorker();
    worker.unref();
    pool.push({ worker, networks: new Set() });
  }
  return pool.slice(0, size);
}

function sharedCopy(network: RoutingNetwork): { id: number; buffer: SharedArrayBuffer } {
  let s = shared.get(network);
  if (!s) {
    const bytes = new Uint8Array(network.toBuffer());
    const buffer = new SharedArrayBuffer(bytes.byteLength);
    new Uint8Array(buffer).set(bytes);
    s = { id: nextNetworkId++, buffer };
    shared.set(network, s);
  }
  return s;
}

/** Terminate the worker pool (the next computeMatrix starts a new one). */
export async function closeMatrixWorkers(): Promise<void> {
  const all = pool.splice(0, pool.length);
  await Promise.all(all.map((p) => p.worker.terminate()));
}

/**
 * Travel-time matrix origins × destinations (node ids) on worker threads; see the module comment for the
 * layout, offsets and cut-off. Small jobs (or threads = 1) run in this thread.
 */
export async function computeMatrix(network: RoutingNetwork, origins: Uint32Array, destinations: Uint32Array, options: MatrixOptions = {}): Promise<Matrix> {
  const settings = check(network, origins, destinations, options);
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), origins.length));
  const cells = origins.length * destinations.length;
  if (threads === 1 || cells === 0 || origins.length < 4) return computeMatrixSync(network, origins, destinations, options);

  const { id: networkId, buffer } = sharedCopy(network);
  const outDsBuf = new SharedArrayBuffer(cells * 4);
  const outMBuf = new SharedArrayBuffer(cells * 4);
  const workers = ensurePool(threads);
  const job = nextJob++;
  // Chunks: enough for load balancing, large enough to amortise a message (≈ 8 per thread).
  const chunk = Math.max(1, Math.ceil(origins.length / (threads * 8)));
  let nextRow = 0;
  busy++;
  for (const p of workers) p.worker.ref();
  try {
    await new Promise<void>((resolve, reject) => {
      let running = 0;
      let failed = false;
      const cleanups: Array<() => void> = [];
      const finish = (err?: Error) => {
        for (const c of cleanups) c();
        if (err) reject(err);
        else resolve();
      };
      const send = (p: PoolWorker) => {
        if (nextRow >= origins.length) return false;
        const from = nextRow;
        const to = Math.min(origins.length, from + chunk);
        nextRow = to;
        running++;
        p.worker.postMessage({ type: 'rows', job, networkId, origins, destinations, settings, from, to, outDs: outDsBuf, outM: outMBuf });
        return true;
      };
      for (const p of workers) {
        if (!p.networks.has(networkId)) {
          p.worker.postMessage({ type: 'network', id: networkId, buffer });
          p.networks.add(networkId);
        }
        const onMessage = (msg: { type: string; job: number; message?: string }) => {
          if (msg.job !== job || failed) return;
          if (msg.type === 'error') {
            failed = true;
            finish(new Error(`matrix worker failed: ${msg.message}`));
            return;
          }
          running--;
          if (!send(p) && running === 0) finish();
        };
        const onError = (err: Error) => {
          if (failed) return;
          failed = true;
          const i = pool.indexOf(p);
          if (i >= 0) pool.splice(i, 1);
          finish(err);
        };
        p.worker.on('message', onMessage);
        p.worker.on('error', onError);
        cleanups.push(() => {
          p.worker.off('message', onMessage);
          p.worker.off('error', onError);
        });
      }
      for (const p of workers) send(p);
    });
  } finally {
    busy--;
    if (busy === 0) for (const p of pool) p.worker.unref();
  }
  // Plain (non-shared) result arrays for the caller.
  return { deciseconds: new Uint32Array(outDsBuf).slice(), metres: new Float32Array(outMBuf).slice() };
}
