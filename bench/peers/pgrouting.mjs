#!/usr/bin/env node
/**
 * pgRouting peer for the issue-4 benchmarks: time `pgr_dijkstraCost` for an N x M matrix on an edge list.
 *
 * Starts a throwaway PostgreSQL 15 cluster (Debian `postgresql-15` + `postgresql-15-pgrouting`, which pulls in
 * PostGIS — pgRouting's control file requires it) in a fresh temp dir, loads the edges, runs the matrix,
 * stops the cluster and deletes the dir in all cases (finally + exit/signal handlers).
 *  - As root, initdb/postgres run as the `postgres` user via `runuser -u postgres --` (PostgreSQL refuses to
 *    run as root); psql runs as the caller, so it can read the CSV wherever it is.
 *  - No TCP: listen_addresses='' and the unix socket lives in the temp dir (port = a free port, it only names
 *    the socket file). fsync off, trust auth: it is a scratch server.
 *
 * Edge list CSV: a header with `source`, `target`, the cost column (default `cost`) and optionally `id`
 * (bigint; generated when absent); other columns are loaded as double precision and ignored. Edges are
 * directed: `SELECT id, source, target, cost, -1 AS reverse_cost FROM edges`, `directed => true`.
 *
 * Timing (`seconds`): server side, clock_timestamp() around `CREATE TEMP TABLE res AS SELECT * FROM
 * pgr_dijkstraCost(...)` inside one DO block, after a warm-up call that loads libpgrouting. It includes what
 * every pgr_* call does — running the edges SQL and building pgRouting's graph — as a user would pay it.
 * `load_seconds` (COPY + ANALYZE) and `wall_seconds` (everything, incl. initdb) are reported apart.
 *
 * Result: {tool, version, seconds, pairs, reachable, checksum, ...}. pairs = N*M as requested; the checksum
 * is the sum of finite costs over the requested pairs in order (duplicates counted as given, o==o is 0 when
 * o is in the graph) — the same definition as networkx_matrix.py. pgRouting itself dedups the id arrays and
 * omits (v,v) and unreachable pairs; the expansion happens here.
 *
 * Library: `import { runPgRouting } from './bench/peers/pgrouting.mjs'`
 *          `await runPgRouting(edgesCsv, origins, destinations, { costColumn: 'cost' })`
 * CLI:     node bench/peers/pgrouting.mjs EDGES.csv ORIGINS DESTINATIONS [--cost-column NAME] [--out M.csv]
 *          (ORIGINS/DESTINATIONS: a file with one id per line, optional header, or a comma-separated list)
 * Env:     SAAVU_PG_BIN overrides /usr/lib/postgresql/15/bin.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, closeSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PG_BIN = process.env.SAAVU_PG_BIN || '/usr/lib/postgresql/15/bin';

/** True when PostgreSQL 15 binaries and the pgRouting extension files are installed. */
export function pgRoutingAvailable() {
  const pgShare = spawnSync(join(PG_BIN, 'pg_config'), ['--sharedir'], { encoding: 'utf8' });
  const share = pgShare.status === 0 ? pgShare.stdout.trim() : '/usr/share/postgresql/15';
  return existsSync(join(PG_BIN, 'initdb')) && existsSync(join(share, 'extension', 'pgrouting.control'));
}

function run(cmd, args, { input, asPostgres = false, env } = {}) {
  const isRoot = process.getuid?.() === 0;
  const [c, a] = asPostgres && isRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  return new Promise((res, rej) => {
    const p = spawn(c, a, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    p.stdout.setEncoding('utf8').on('data', (d) => (out += d));
    p.stderr.setEncoding('utf8').on('data', (d) => (err += d));
    p.on('error', rej);
    p.on('close', (code) => {
      if (code === 0) res({ out, err });
      else rej(new Error(`${cmd} ${args.join(' ')} exited with ${code}:\n${err || out}`));
    });
    p.stdin.end(input ?? '');
  });
}

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

function csvHeader(path) {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const line = buf.subarray(0, n).toString('utf8').split(/\r?\n/)[0];
    return line.split(',').map((s) => s.trim().replace(/^"|"$/g, ''));
  } finally {
    closeSync(fd);
  }
}

const ident = (s) => `"${s.replace(/"/g, '""')}"`;

function idArray(ids) {
  for (const x of ids) {
    if (!Number.isSafeInteger(x)) throw new TypeError(`pgrouting: node id ${x} is not a safe integer`);
  }
  return `'{${ids.join(',')}}'::bigint[]`;
}

/**
 * Run an origins x destinations pgr_dijkstraCost matrix on a directed edge list CSV in a throwaway cluster.
 * @param {string} edgesCsv path of a CSV with header incl. source,target,<costColumn>[,id]
 * @param {number[]} origins node ids
 * @param {number[]} destinations node ids
 * @param {{costColumn?: string, outCsv?: string}} [options]
 * @returns {Promise<{tool:string, version:string, seconds:number, pairs:number, reachable:number, checksum:number,
 *   load_seconds:number, wall_seconds:number, edges:number, missing_ids:number}>}
 */
export async function runPgRouting(edgesCsv, origins, destinations, options = {}) {
  const costColumn = options.costColumn ?? 'cost';
  const t0 = performance.now();
  const csvPath = resolve(edgesCsv);
  const header = csvHeader(csvPath);
  for (const need of ['source', 'target', costColumn]) {
    if (!header.includes(need)) throw new Error(`pgrouting: ${edgesCsv} has no column ${need} (header: ${header.join(',')})`);
  }
  if (!pgRoutingAvailable()) throw new Error(`pgrouting: PostgreSQL 15 with pgRouting not found (${PG_BIN}); apt-get install postgresql-15-pgrouting`);

  const dir = mkdtempSync(join(tmpdir(), 'saavu-pgr-'));
  const data = join(dir, 'data');
  const isRoot = process.getuid?.() === 0;
  let started = false;
  const stopSync = () => {
    if (started) {
      const stop = spawnSync(isRoot ? 'runuser' : join(PG_BIN, 'pg_ctl'),
        isRoot ? ['-u', 'postgres', '--', join(PG_BIN, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop'] : ['-D', data, '-m', 'immediate', '-w', 'stop'],
        { stdio: 'ignore' });
      // Last resort when pg_ctl could not stop it: the postmaster pid from its pid file, only if that pid is
      // still a postgres process serving THIS data directory (a stale file's pid may have been reused).
      if (stop.status !== 0) {
        try {
          const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
          const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
          if (pid > 0 && cmd.includes('postgres') && cmd.includes(data)) process.kill(pid, 'SIGQUIT');
        } catch { /* stopped, or not ours */ }
      }
      started = false;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const onExit = () => stopSync();
  const onSignal = (sig) => { stopSync(); process.exit(sig === 'SIGINT' ? 130 : 143); };
  process.once('exit', onExit);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    if (isRoot) {
      const pg = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
      const pgg = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
      if (pg.status !== 0) throw new Error('pgrouting: running as root but there is no postgres user to run the server');
      chownSync(dir, Number(pg.stdout), Number(pgg.stdout));
    }
    await run(join(PG_BIN, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync'], { asPostgres: true });
    const port = await freePort();
    const opts = `-c listen_addresses='' -k ${dir} -p ${port} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=256MB -c work_mem=256MB -c max_wal_size=2GB`;
    started = true;
    await run(join(PG_BIN, 'pg_ctl'), ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', opts, 'start'], { asPostgres: true });

    const psql = (sql) => run(join(PG_BIN, 'psql'), ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', dir, '-p', String(port), '-U', 'postgres', '-d', 'postgres'], { input: sql });

    const cols = header.map((h) => `${ident(h)} ${['id', 'source', 'target'].includes(h) ? 'bigint' : 'double precision'}`);
    if (!header.includes('id')) cols.unshift('id bigserial');
    const copyCols = header.map(ident).join(',');
    const load = await psql(`
      SET client_min_messages = warning;
      CREATE EXTENSION pgrouting CASCADE;
      CREATE TABLE edges (${cols.join(', ')});
      SELECT clock_timestamp() AS t0 \\gset
      \\copy edges(${copyCols}) FROM '${csvPath.replace(/'/g, "''")}' WITH (FORMAT csv, HEADER true)
      ANALYZE edges;
      SELECT extract(epoch FROM clock_timestamp() - :'t0'::timestamptz), (SELECT count(*) FROM edges), pgr_version();
    `);
    const [loadSeconds, edgeCount, version] = load.out.trim().split('\n').pop().split('|');

    const edgesSql = `SELECT id, source, target, ${ident(costColumn)} AS cost, -1 AS reverse_cost FROM edges`;
    const q = (s) => `'${s.replace(/'/g, "''")}'`;
    const uniq = (a) => [...new Set(a)];
    const os = idArray(uniq(origins));
    const ds = idArray(uniq(destinations));
    const all = idArray(uniq([...origins, ...destinations]));
    const res = await psql(`
      SET client_min_messages = notice;
      SELECT count(*) FROM pgr_dijkstraCost(${q(edgesSql + ' LIMIT 1')}, '{0}'::bigint[], '{0}'::bigint[], directed => true);
      CREATE TEMP TABLE timing (seconds double precision);
      DO $$ DECLARE t0 timestamptz := clock_timestamp(); BEGIN
        CREATE TEMP TABLE res AS SELECT start_vid, end_vid, agg_cost
          FROM pgr_dijkstraCost(${q(edgesSql)}, ${os}, ${ds}, directed => true);
        INSERT INTO timing VALUES (extract(epoch FROM clock_timestamp() - t0));
      END $$;
      SELECT 'T|' || seconds FROM timing;
      SELECT 'V|' || v FROM unnest(${all}) v WHERE v IN (SELECT source FROM edges UNION SELECT target FROM edges);
      SELECT 'R|' || start_vid || '|' || end_vid || '|' || agg_cost FROM res;
    `);
    let seconds = NaN;
    const inGraph = new Set();
    const cost = new Map();
    for (const line of res.out.split('\n')) {
      const f = line.split('|');
      if (f[0] === 'T') seconds = Number(f[1]);
      else if (f[0] === 'V') inGraph.add(Number(f[1]));
      else if (f[0] === 'R') cost.set(`${f[1]},${f[2]}`, Number(f[3]));
    }
    let reachable = 0;
    let checksum = 0;
    const rows = options.outCsv ? ['from,to,cost'] : null;
    for (const o of origins) {
      for (const d of destinations) {
        let c = cost.get(`${o},${d}`);
        if (c === undefined && o === d && inGraph.has(o)) c = 0;
        if (c !== undefined) {
          reachable++;
          checksum += c;
        }
        rows?.push(`${o},${d},${c ?? ''}`);
      }
    }
    if (rows) writeFileSync(options.outCsv, rows.join('\n') + '\n');
    const missing = uniq([...origins, ...destinations]).filter((v) => !inGraph.has(v)).length;
    return {
      tool: 'pgrouting', version: version.trim(), seconds: Math.round(seconds * 1e4) / 1e4,
      pairs: origins.length * destinations.length, reachable, checksum,
      origins: origins.length, destinations: destinations.length, missing_ids: missing,
      load_seconds: Math.round(Number(loadSeconds) * 1e3) / 1e3, edges: Number(edgeCount),
      wall_seconds: Math.round(performance.now() - t0) / 1e3,
      temp_dir: dir, // already deleted when the promise resolves
    };
  } finally {
    stopSync();
    process.removeListener('exit', onExit);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

function readIds(arg) {
  const text = existsSync(arg) ? readFileSync(arg, 'utf8') : arg.split(',').join('\n');
  const lines = text.split(/\r?\n/).map((s) => s.split(',')[0].trim()).filter(Boolean);
  if (lines.length && !/^-?\d+$/.test(lines[0])) lines.shift();
  return lines.map(Number);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const flag = (name) => {
    const i = args.indexOf(name);
    if (i < 0) return undefined;
    const v = args[i + 1];
    args.splice(i, 2);
    return v;
  };
  const costColumn = flag('--cost-column');
  const outCsv = flag('--out');
  if (args.length !== 3) {
    console.error('usage: node bench/peers/pgrouting.mjs EDGES.csv ORIGINS DESTINATIONS [--cost-column NAME] [--out M.csv]');
    process.exit(2);
  }
  runPgRouting(args[0], readIds(args[1]), readIds(args[2]), { costColumn, outCsv }).then(
    (r) => console.log(JSON.stringify(r)),
    (e) => {
      console.error(e.message);
      process.exit(1);
    },
  );
}
