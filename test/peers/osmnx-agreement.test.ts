/**
 * REAL data: our network distances against an independent tool, OSMnx 1.2 / NetworkX, on the same OSM file
 * (data/tampere/tampere.osm.pbf), for OSMnx's 'drive' and 'walk' networks (issue 4).
 *
 * OSMnx side (bench/peers/osmnx_distances.py, Debian python3-osmnx 1.2.3 on /usr/bin/python3): the PBF is
 * converted to OSM XML by bench/peers/osm_split_missing.py (osmium; ways referencing nodes missing from a
 * clipped extract are split there — Tampere has none, so it is a plain conversion); the ways are filtered
 * with OSMnx's own Overpass filter for the network type (`osmnx.downloader._get_osm_filter`, incl.
 * `settings.default_access`), and the graph is built by `ox.graph_from_xml` with OSMnx's defaults
 * (simplify=True, retain_all=False = largest weakly connected component; bidirectional for walk as
 * `settings.bidirectional_network_types` says). Distances: NetworkX Dijkstra on edge `length`.
 * Our side: buildOsmGraph(pbf, 'car' | 'walk') (largest strongly connected component) and
 * computeMatrixSync(graph, …, { metric: 'distance' }) — shortest metres (heap Dijkstra rows).
 *
 * Pairs: OSM node ids that are nodes of BOTH graphs (no snapping on either side): 20 origins × 10
 * destinations = 200 pairs per case, sampled by the Python side with random.Random(seed) from the sorted
 * common ids. Reported: median and 95th percentile of |ours − OSMnx| / OSMnx over pairs reachable on both
 * sides, the share of pairs reachable on one side only, and how many pairs are shorter / equal / longer.
 *
 * Cases and what is asserted (docs/routing-peers.md explains the figures):
 *   drive                      OSMnx 'drive' vs our car graph: median ≤ 3 % (the bar).
 *   walk                       OSMnx 'walk' vs our walk graph: REPORTED; asserted only one-sided (signed median
 *                              ≤ +3 %: ours is not longer). The two-sided 3 % bar does NOT hold here
 *                              (≈ 5–8 %): OSMnx's walk filter drops every highway=cycleway, and Finnish
 *                              shared foot/cycle paths are tagged highway=cycleway + foot=designated, which
 *                              our walk profile (rightly) uses — so ours is shorter on almost every pair.
 *   walk, cycleways admitted   the same with OSMnx's walk filter minus "cycleway" in its highway exclusion
 *                              (as ox.graph_from_xml's users would pass custom_filter=…): median ≤ 3 %.
 * Every case also needs ≥ 150 of its 200 pairs reachable on both sides (so the medians are not vacuous).
 *
 * Skips, with the reason, only when a Debian package (python3-osmnx, osmium-tool) is missing.
 * Nothing is cached: the XML and the CSVs go to a temp dir removed afterwards. Runtime ≈ 55 s on 2 cores
 * (three OSMnx graph builds, two at a time; up to ≈ 90 s when the machine is shared).
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOsmGraph } from '../../src/network/build-osm.js';
import type { Graph, TravelMode } from '../../src/network/graph.js';
import { computeMatrixSync, NO_PATH } from '../../src/route/matrix.js';
import { dataDir, repoRoot } from '../paths.js';

const PY = '/usr/bin/python3';
const pbf = dataDir('tampere', 'tampere.osm.pbf');
const peer = (name: string) => join(repoRoot, 'bench', 'peers', name);
const run = promisify(execFile);

const MEDIAN_BAR = 0.03;
const ORIGINS = 20;
const DESTINATIONS = 10;
const MIN_BOTH_REACHABLE = 150;
/** |relative difference| below this counts as equal (float32 metres, per-edge cm rounding, OSMnx mm rounding). */
const EQUAL = 1e-4;

function debInstalled(pkg: string): boolean {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() === 'install ok installed';
}
const missingPkg = ['python3-osmnx', 'python3-networkx', 'osmium-tool'].find((p) => !debInstalled(p));
const skipReason = missingPkg ? `Debian package ${missingPkg} is not installed (apt-get install ${missingPkg})` : null;

interface Case {
  name: string;
  mode: TravelMode;
  network: 'drive' | 'walk';
  /** 'stock' = OSMnx's filter for the network type; 'walk+cycleway' = OSMnx's walk filter admitting cycleways. */
  filter: 'stock' | 'walk+cycleway';
  seed: number;
  /** 'abs': median |rel| ≤ bar; 'ours-not-longer': median of signed (ours − OSMnx)/OSMnx ≤ bar. */
  check: 'abs' | 'ours-not-longer';
}
const cases: Case[] = [
  { name: 'drive', mode: 'car', network: 'drive', filter: 'stock', seed: 1, check: 'abs' },
  { name: 'walk', mode: 'walk', network: 'walk', filter: 'stock', seed: 2, check: 'ours-not-longer' },
  { name: 'walk, cycleways admitted', mode: 'walk', network: 'walk', filter: 'walk+cycleway', seed: 3, check: 'abs' },
];

interface Stats {
  pairs: number;
  bothReachable: number;
  oursOnly: number;
  osmnxOnly: number;
  oneSideShare: number;
  medianAbs: number;
  p95Abs: number;
  medianSigned: number;
  shorter: number;
  equal: number;
  longer: number;
  worst: Array<{ from: number; to: number; ours: number; osmnx: number; rel: number }>;
  osmnxInfo: Record<string, unknown>;
}

/** Nearest-rank quantile of sorted values. */
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;

function compare(graph: Graph, csv: string, osmnxInfo: Record<string, unknown>): Stats {
  const index = new Map<number, number>();
  graph.nodeId.forEach((id, i) => index.set(id, i));
  const rows = csv.trim().split('\n').slice(1).map((l) => {
    const [o, d, m] = l.split(',');
    return { from: Number(o), to: Number(d), osmnx: m === '' || m === undefined ? null : Number(m) };
  });
  const origins = [...new Set(rows.map((r) => r.from))];
  const destinations = [...new Set(rows.map((r) => r.to))];
  const at = (id: number) => {
    const i = index.get(id);
    if (i === undefined) throw new Error(`OSMnx sampled node ${id}, which is not in our graph (it must sample from our ids)`);
    return i;
  };
  const m = computeMatrixSync(graph, Uint32Array.from(origins, at), Uint32Array.from(destinations, at), { metric: 'distance' });
  const abs: number[] = [];
  const signed: number[] = [];
  const all: Stats['worst'] = [];
  let oursOnly = 0;
  let osmnxOnly = 0;
  for (const r of rows) {
    const k = origins.indexOf(r.from) * destinations.length + destinations.indexOf(r.to);
    const ours = m.deciseconds[k] === NO_PATH ? null : m.metres[k]!;
    if (ours === null && r.osmnx === null) continue;
    if (ours === null) osmnxOnly++;
    else if (r.osmnx === null) oursOnly++;
    else {
      const rel = (ours - r.osmnx) / r.osmnx;
      signed.push(rel);
      abs.push(Math.abs(rel));
      all.push({ from: r.from, to: r.to, ours: Math.round(ours * 10) / 10, osmnx: r.osmnx, rel });
    }
  }
  abs.sort((a, b) => a - b);
  signed.sort((a, b) => a - b);
  all.sort((a, b) => Math.abs(b.rel) - Math.abs(a.rel));
  return {
    pairs: rows.length,
    bothReachable: abs.length,
    oursOnly,
    osmnxOnly,
    oneSideShare: (oursOnly + osmnxOnly) / rows.length,
    medianAbs: abs.length ? quantile(abs, 0.5) : NaN,
    p95Abs: abs.length ? quantile(abs, 0.95) : NaN,
    medianSigned: signed.length ? quantile(signed, 0.5) : NaN,
    shorter: signed.filter((s) => s <= -EQUAL).length,
    equal: signed.filter((s) => Math.abs(s) < EQUAL).length,
    longer: signed.filter((s) => s >= EQUAL).length,
    worst: all.slice(0, 3),
    osmnxInfo,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;

describe('REAL Tampere: network distances agree with OSMnx / NetworkX on the same OSM file', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'saavu-osmnx-agreement-'));
  const results = new Map<string, Stats>();
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  beforeAll(async () => {
    if (skipReason) return;
    const t0 = performance.now();
    const xml = join(tmp, 'tampere.osm');
    const split = await run(PY, [peer('osm_split_missing.py'), pbf, xml]);
    const splitStats = JSON.parse(split.stderr.trim().split('\n').pop()!);
    const stockWalk = (await run(PY, ['-c', "from osmnx import downloader; print(downloader._get_osm_filter('walk'))"])).stdout.trim();
    if (!stockWalk.includes('|cycleway|')) throw new Error(`OSMnx's walk filter no longer excludes cycleway: ${stockWalk}`);
    const walkWithCycleways = stockWalk.replace('|cycleway|', '|');

    const graphs = new Map<TravelMode, Graph>();
    for (const mode of ['car', 'walk'] as const) {
      const { graph } = buildOsmGraph(pbf, mode);
      graphs.set(mode, graph);
      writeFileSync(join(tmp, `candidates-${mode}.txt`), graph.nodeId.join('\n') + '\n');
    }
    // Two at a time (the machine has 2 cores; each OSMnx process takes ≈ 0.4–0.8 GB), walk cases first (longest).
    const args = (c: Case) => {
      const a = [peer('osmnx_distances.py'), xml, '--network', c.network, '--simplify', '--tmpdir', tmp,
        '--sample', join(tmp, `candidates-${c.mode}.txt`), '--origins', String(ORIGINS), '--destinations', String(DESTINATIONS),
        '--seed', String(c.seed)];
      if (c.filter === 'walk+cycleway') a.push('--custom-filter', walkWithCycleways);
      return a;
    };
    const outputs: Array<{ stdout: string; stderr: string }> = [];
    const queue = cases.map((c, i) => ({ c, i })).sort((a, b) => (a.c.mode === 'walk' ? 0 : 1) - (b.c.mode === 'walk' ? 0 : 1));
    await Promise.all([0, 1].map(async () => {
      for (let job = queue.shift(); job; job = queue.shift()) outputs[job.i] = await run(PY, args(job.c), { maxBuffer: 64 << 20 });
    }));
    cases.forEach((c, i) => {
      const info = JSON.parse(outputs[i]!.stderr.trim().split('\n').pop()!);
      results.set(c.name, compare(graphs.get(c.mode)!, outputs[i]!.stdout, info));
    });

    const lines = [
      `\nOSMnx ${results.get('drive')!.osmnxInfo.osmnx} / NetworkX ${results.get('drive')!.osmnxInfo.networkx} vs saavu on ${pbf.split('/').slice(-2).join('/')}`
        + ` (OSM XML by osm_split_missing.py: ${splitStats.ways_split} ways split, ${splitStats.missing_refs_dropped} missing refs)`,
      `${'case'.padEnd(26)} ${'OSMnx nodes'.padStart(11)} ${'ours'.padStart(7)} ${'pairs'.padStart(5)} ${'both'.padStart(5)} ${'one side'.padStart(9)} `
        + `${'median'.padStart(8)} ${'p95'.padStart(8)} ${'signed med'.padStart(10)}  shorter/equal/longer (ours vs OSMnx)`,
    ];
    for (const c of cases) {
      const s = results.get(c.name)!;
      lines.push(`${c.name.padEnd(26)} ${String(s.osmnxInfo.nodes).padStart(11)} ${String(graphs.get(c.mode)!.nodeCount).padStart(7)} `
        + `${String(s.pairs).padStart(5)} ${String(s.bothReachable).padStart(5)} ${pct(s.oneSideShare).padStart(9)} `
        + `${pct(s.medianAbs).padStart(8)} ${pct(s.p95Abs).padStart(8)} ${pct(s.medianSigned).padStart(10)}  `
        + `${s.shorter}/${s.equal}/${s.longer}  (ours only ${s.oursOnly}, OSMnx only ${s.osmnxOnly})`);
      const info = s.osmnxInfo as { load_seconds: number; route_seconds: number };
      lines.push(`${''.padEnd(28)}OSMnx: load ${info.load_seconds} s (filter + graph_from_xml), NetworkX routing ${info.route_seconds} s`);
      for (const w of s.worst) lines.push(`${''.padEnd(28)}largest: ${w.from} → ${w.to}: ours ${w.ours} m, OSMnx ${w.osmnx} m (${pct(w.rel)})`);
    }
    lines.push(`(${((performance.now() - t0) / 1000).toFixed(1)} s; relative difference = (ours − OSMnx) / OSMnx; equal = within ${pct(EQUAL)})`);
    console.log(lines.join('\n'));
  }, 300_000);

  for (const c of cases) {
    const bar = c.check === 'abs' ? `median |difference| ≤ ${pct(MEDIAN_BAR)}` : `ours not longer: signed median ≤ +${pct(MEDIAN_BAR)} (two-sided bar reported only)`;
    it(`${c.name}: ${bar}`, (ctx) => {
      if (skipReason) return ctx.skip(skipReason);
      const s = results.get(c.name)!;
      expect(s.pairs).toBe(ORIGINS * DESTINATIONS);
      expect(s.bothReachable, 'pairs reachable on both sides').toBeGreaterThanOrEqual(MIN_BOTH_REACHABLE);
      if (c.check === 'abs') expect(s.medianAbs, `${c.name}: median |ours − OSMnx| / OSMnx`).toBeLessThanOrEqual(MEDIAN_BAR);
      else expect(s.medianSigned, `${c.name}: median (ours − OSMnx) / OSMnx`).toBeLessThanOrEqual(MEDIAN_BAR);
    });
  }
});
