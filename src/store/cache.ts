/**
 * The project file's cache of derived data (built networks, contraction hierarchies, travel-time
 * matrices): one attributes table `saavu_cache` in the GeoPackage, a row per entry,
 *   key TEXT PRIMARY KEY  — the kind plus a sha256 of every input the entry was computed from
 *   kind TEXT, created TEXT (ISO 8601), bytes INTEGER, data BLOB (the structure's own one-buffer form)
 * Derived data are never truth: a key that no longer matches its inputs is simply never asked for again,
 * and `prune` drops entries of a kind that are not in a keep-list. Each put is one SQLite transaction,
 * so a crash leaves either the old or the new entry, never half of one.
 */
import Database from 'better-sqlite3';
import type { Cache } from '../core/cache.js';
import { InputError } from '../core/errors.js';

export const CACHE_TABLE = 'saavu_cache';

export type { Cache } from '../core/cache.js';

function open(file: string, readonly: boolean): Database.Database {
  try {
    return new Database(file, { readonly, fileMustExist: true });
  } catch (e) {
    throw new InputError(`cannot open the project file (${(e as Error).message})`, { file });
  }
}

/** Create the cache table in an open project database if it is missing. */
export function ensureCacheTable(db: Database.Database): void {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(CACHE_TABLE);
  if (exists) return;
  db.transaction(() => {
    db.exec(`CREATE TABLE ${CACHE_TABLE} (fid INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, created TEXT NOT NULL, bytes INTEGER NOT NULL, data BLOB NOT NULL)`);
    db.prepare(
      "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, srs_id) VALUES (?, 'attributes', ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ','now'), NULL)",
    ).run(CACHE_TABLE, CACHE_TABLE, 'saavu cache of derived data (networks, matrices), keyed by a hash of their inputs');
  })();
}

/** Insert or replace one entry in an open project database (the caller owns the transaction). */
export function putCacheEntry(db: Database.Database, key: string, kind: string, data: Uint8Array): void {
  db.prepare(`INSERT INTO ${CACHE_TABLE} (key, kind, created, bytes, data) VALUES (?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET kind = excluded.kind, created = excluded.created, bytes = excluded.bytes, data = excluded.data`)
    .run(key, kind, new Date().toISOString(), data.byteLength, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
}

/** A cache backed by the project GeoPackage at `file`. */
export function projectCache(file: string): Cache {
  return {
    get(key) {
      const db = open(file, true);
      try {
        const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(CACHE_TABLE);
        if (!has) return null;
        const row = db.prepare(`SELECT data FROM ${CACHE_TABLE} WHERE key = ?`).get(key) as { data: Buffer } | undefined;
        return row ? new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength) : null;
      } finally {
        db.close();
      }
    },
    put(key, kind, data) {
      const db = open(file, false);
      try {
        db.transaction(() => {
          ensureCacheTable(db);
          putCacheEntry(db, key, kind, data);
        })();
      } finally {
        db.close();
      }
    },
  };
}

/** Entries in the project cache: key, kind, size and creation time (for `saavu info`). */
export function listCache(file: string): Array<{ key: string; kind: string; bytes: number; created: string }> {
  const db = open(file, true);
  try {
    const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(CACHE_TABLE);
    if (!has) return [];
    return db.prepare(`SELECT key, kind, bytes, created FROM ${CACHE_TABLE} ORDER BY fid`).all() as Array<{ key: string; kind: string; bytes: number; created: string }>;
  } finally {
    db.close();
  }
}

/** A cache in memory (tests, one-off CLI runs, entries gathered before a project is written). */
export function memoryCache(): Cache & { size(): number; entries(): Array<{ key: string; kind: string; data: Uint8Array }> } {
  const m = new Map<string, { kind: string; data: Uint8Array }>();
  return {
    get: (k) => m.get(k)?.data ?? null,
    put: (k, kind, data) => void m.set(k, { kind, data }),
    size: () => m.size,
    entries: () => [...m].map(([key, v]) => ({ key, ...v })),
  };
}
