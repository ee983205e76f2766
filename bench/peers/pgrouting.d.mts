/** Types for bench/peers/pgrouting.mjs (plain ES module so the bench can run it without a TypeScript step). */
export interface PgRoutingResult {
  tool: 'pgrouting';
  version: string;
  /** server-side seconds of the pgr_dijkstraCost matrix (incl. pgRouting's per-call graph build) */
  seconds: number;
  /** origins.length * destinations.length */
  pairs: number;
  reachable: number;
  /** sum of finite costs over the requested pairs */
  checksum: number;
  origins: number;
  destinations: number;
  missing_ids: number;
  load_seconds: number;
  edges: number;
  wall_seconds: number;
  /** the scratch cluster's directory, deleted before the promise settles */
  temp_dir: string;
}
export interface PgRoutingOptions {
  /** cost column of the edge list CSV (default 'cost') */
  costColumn?: string;
  /** also write from,to,cost */
  outCsv?: string;
}
export function pgRoutingAvailable(): boolean;
export function runPgRouting(
  edgesCsv: string,
  origins: number[],
  destinations: number[],
  options?: PgRoutingOptions,
): Promise<PgRoutingResult>;
