/**
 * A key → bytes cache for derived data (networks, matrices). Stages that compute expensive results
 * take a Cache so they can reuse earlier results without knowing where they are kept; src/store
 * provides the project-file cache, and an in-memory one serves tests and one-off runs.
 */
export interface Cache {
  get(key: string): Uint8Array | null;
  put(key: string, kind: string, data: Uint8Array): void;
}
