/**
 * `saavu matrix --network FILE --from A.csv --to B.csv [--metric minutes|metres] [--crs 3067]
 * [--max-minutes N] --out M.csv`: door-to-door travel times between two point lists.
 * Output columns: from_id,to_id,minutes,metres,access_minutes,access_metres — minutes and metres are the
 * whole trip (access legs included), the access columns the part spent getting on and off the network;
 * all four are empty where the pair is unreachable. Points outside the network get a warning naming
 * their row on stderr and empty rows, never a number.
 */
import { UsageError } from '../../core/errors.js';
import { writeFileAtomic } from '../../core/atomic.js';
import { checkAgainstBounds, readPlacesCsv, type PlaceCrs, type PlaceList } from '../../data/places.js';
import { defaultAccessLeg } from '../../network/snap.js';
import { NO_PATH } from '../../route/cost.js';
import { closeMatrixWorkers } from '../../route/matrix.js';
import { travelMatrix } from '../../route/travel-matrix.js';
import { graphBbox, readNetworkFile } from './network.js';

export interface MatrixCommandOptions {
  network: string;
  from: string;
  to: string;
  out: string;
  metric?: string;
  crs?: string;
  maxMinutes?: string;
  threads?: string;
  json?: boolean;
}

export function parseCrs(crs: string | undefined): PlaceCrs {
  if (crs === undefined || crs === '4326' || crs === 'EPSG:4326') return 'EPSG:4326';
  if (crs === '3067' || crs === 'EPSG:3067') return 'EPSG:3067';
  throw new UsageError(`--crs ${crs}: expected 4326 (id,lon,lat) or 3067 (id,x,y)`);
}

function positiveNumber(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!(n > 0) || !Number.isFinite(n)) throw new UsageError(`${name} ${v}: expected a positive number`);
  return n;
}

export async function runMatrix(opts: MatrixCommandOptions): Promise<void> {
  const metric = opts.metric === undefined || opts.metric === 'minutes' ? 'time' : opts.metric === 'metres' ? 'distance' : null;
  if (!metric) throw new UsageError(`--metric ${opts.metric}: expected minutes or metres`);
  const crs = parseCrs(opts.crs);
  const maxMinutes = positiveNumber('--max-minutes', opts.maxMinutes);
  const threads = positiveNumber('--threads', opts.threads);
  const graph = readNetworkFile(opts.network);
  const access = defaultAccessLeg(graph);
  const maxSnap = access.maxSnapMetres ?? 10_000;
  const bbox = graphBbox(graph);
  const from = readPlacesCsv(opts.from, crs);
  const to = readPlacesCsv(opts.to, crs);
  for (const p of [from, to]) warnOutside(p, checkAgainstBounds(p, bbox, maxSnap).outside);
  try {
    const m = await travelMatrix(graph, from, to, { metric, maxMinutes, threads: threads === undefined ? undefined : Math.round(threads) });
    for (const e of m.excluded) {
      const p = e.side === 'origin' ? from : to;
      process.stderr.write(`warning: ${p.file}, row ${e.index + 1} (id ${e.id}): ${e.snapMetres} m from the nearest network node (limit ${maxSnap} m); left unrouted\n`);
    }
    const usable = (p: PlaceList, side: 'origin' | 'destination') => p.ids.length - m.excluded.filter((e) => e.side === side).length;
    if (usable(from, 'origin') === 0) throw new UsageError(`${opts.from}: no point is within ${maxSnap / 1000} km of the network ${opts.network} (is it the right network, and are the coordinates in ${crs}?)`);
    if (usable(to, 'destination') === 0) throw new UsageError(`${opts.to}: no point is within ${maxSnap / 1000} km of the network ${opts.network} (is it the right network, and are the coordinates in ${crs}?)`);
    const cols = to.ids.length;
    let reachable = 0;
    writeFileAtomic(opts.out, (write) => {
      write('from_id,to_id,minutes,metres,access_minutes,access_metres\n');
      let buf = '';
      for (let i = 0; i < from.ids.length; i++) {
        const oid = csvField(from.ids[i]!);
        for (let j = 0; j < cols; j++) {
          const k = i * cols + j;
          const ds = m.deciseconds[k]!;
          if (ds === NO_PATH) buf += `${oid},${csvField(to.ids[j]!)},,,,\n`;
          else {
            reachable++;
            const direct = m.direct[k] === 1;
            const accDs = direct ? ds : m.origins.accessDeciseconds[i]! + m.destinations.accessDeciseconds[j]!;
            const accM = direct ? m.metres[k]! : (m.origins.snapMetres[i]! + m.destinations.snapMetres[j]!) * m.access.detourFactor;
            buf += `${oid},${csvField(to.ids[j]!)},${(ds / 600).toFixed(2)},${m.metres[k]!.toFixed(0)},${(accDs / 600).toFixed(2)},${accM.toFixed(0)}\n`;
          }
          if (buf.length > 1 << 20) {
            write(buf);
            buf = '';
          }
        }
      }
      write(buf);
    });
    const summary = {
      out: opts.out, network: graph.meta.profile, origins: from.ids.length, destinations: to.ids.length, pairs: from.ids.length * cols, reachable,
      metric: opts.metric ?? 'minutes', access: m.access, engine: m.engine,
      farFromNetwork: m.far.length, excluded: m.excluded.length,
    };
    if (opts.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else {
      process.stdout.write(
        `${opts.out}: ${summary.origins} × ${summary.destinations} pairs on ${summary.network} (${m.engine}), ${reachable} reachable; ` +
          `access leg ${m.access.accessKmh} km/h × ${m.access.detourFactor}; ${m.far.length} points more than 1 km from the network, ${m.excluded.length} unrouted\n`,
      );
    }
  } finally {
    await closeMatrixWorkers();
  }
}

function warnOutside(p: PlaceList, rows: number[]): void {
  for (const row of rows.slice(0, 20)) process.stderr.write(`warning: ${p.file}, row ${row} (id ${p.ids[row - 1]}): outside the network's bounding box\n`);
  if (rows.length > 20) process.stderr.write(`warning: ${p.file}: ${rows.length - 20} more points outside the network's bounding box\n`);
}

/** Quote a CSV field when it needs it (RFC 4180). */
export function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
