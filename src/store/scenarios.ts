/**
 * Scenarios stored in the project file: one attributes table `saavu_scenarios` (name unique, description,
 * author, created, updated, the scenario JSON). Each change is one SQLite transaction. A stored scenario
 * is validated again when read, so a hand-edited row cannot slip past the schema.
 */
import Database from 'better-sqlite3';
import { InputError, UsageError } from '../core/errors.js';
import { parseScenario, type Scenario } from '../plan/scenario.js';

export const SCENARIO_TABLE = 'saavu_scenarios';

export interface StoredScenario {
  name: string;
  description: string | null;
  author: string | null;
  created: string;
  updated: string;
  scenario: Scenario;
}

function open(file: string, readonly: boolean): Database.Database {
  try {
    return new Database(file, { readonly, fileMustExist: true });
  } catch (e) {
    throw new InputError(`cannot open the project file (${(e as Error).message})`, { file });
  }
}

const hasTable = (db: Database.Database) => Boolean(db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(SCENARIO_TABLE));

function ensureTable(db: Database.Database): void {
  if (hasTable(db)) return;
  db.exec(`CREATE TABLE ${SCENARIO_TABLE} (fid INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, description TEXT, author TEXT, created TEXT NOT NULL, updated TEXT NOT NULL, json TEXT NOT NULL)`);
  db.prepare("INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, srs_id) VALUES (?, 'attributes', ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ','now'), NULL)")
    .run(SCENARIO_TABLE, SCENARIO_TABLE, 'saavu scenarios: named, ordered edits of the service network');
}

/** Save (insert or, with `replace`, update) a scenario under its name. */
export function saveScenario(file: string, scenario: Scenario, options: { author?: string; replace?: boolean } = {}): StoredScenario {
  const db = open(file, false);
  try {
    const now = new Date().toISOString();
    const author = options.author ?? scenario.author ?? null;
    db.transaction(() => {
      ensureTable(db);
      const existing = db.prepare(`SELECT created FROM ${SCENARIO_TABLE} WHERE name = ?`).get(scenario.name) as { created: string } | undefined;
      if (existing && !options.replace) throw new UsageError(`a scenario named "${scenario.name}" is already in ${file}; pass --replace to update it`);
      if (existing) db.prepare(`UPDATE ${SCENARIO_TABLE} SET description = ?, author = ?, updated = ?, json = ? WHERE name = ?`).run(scenario.description ?? null, author, now, JSON.stringify(scenario), scenario.name);
      else db.prepare(`INSERT INTO ${SCENARIO_TABLE} (name, description, author, created, updated, json) VALUES (?, ?, ?, ?, ?, ?)`).run(scenario.name, scenario.description ?? null, author, now, now, JSON.stringify(scenario));
    })();
    return getScenario(file, scenario.name)!;
  } finally {
    db.close();
  }
}

export function listScenarios(file: string): StoredScenario[] {
  const db = open(file, true);
  try {
    if (!hasTable(db)) return [];
    const rows = db.prepare(`SELECT name, description, author, created, updated, json FROM ${SCENARIO_TABLE} ORDER BY fid`).all() as Array<Omit<StoredScenario, 'scenario'> & { json: string }>;
    return rows.map(({ json, ...r }) => ({ ...r, scenario: parseScenario(JSON.parse(json), `${file} (${SCENARIO_TABLE}: ${r.name})`) }));
  } finally {
    db.close();
  }
}

export function getScenario(file: string, name: string): StoredScenario | null {
  return listScenarios(file).find((s) => s.name === name) ?? null;
}

/** Delete a stored scenario; false when there was none of that name. */
export function deleteScenario(file: string, name: string): boolean {
  const db = open(file, false);
  try {
    if (!hasTable(db)) return false;
    return db.prepare(`DELETE FROM ${SCENARIO_TABLE} WHERE name = ?`).run(name).changes > 0;
  } finally {
    db.close();
  }
}
