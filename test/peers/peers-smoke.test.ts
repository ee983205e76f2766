/**
 * Smoke tests of the peer tools used by the issue-4 cross-checks and benchmarks (bench/peers/):
 *  - SYNTHETIC: NetworkX and pgRouting matrices on a tiny hand-drawn graph with known shortest costs;
 *    the OSM splitter on a hand-drawn OSM XML with missing nodes (known pieces); OSMnx's drive and walk
 *    filters on a hand-drawn OSM XML (known edge sets, lengths, distances).
 *  - REAL: the OSM splitter + OSMnx loader on the bundled clipped Kotka extract (ways referencing missing
 *    nodes).
 * Each test skips, with the reason, only when its Debian package is not installed (.ci/run installs them).
 * Python runs as /usr/bin/python3: the Debian packages are invisible to a pyenv/venv python on PATH.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { haversineMetres } from '../../src/network/build-osm.js';
import { dataDir, repoRoot } from '../paths.js';

const PY = '/usr/bin/python3';
const peer = (name: string) => join(repoRoot, 'bench', 'peers', name);

function debInstalled(pkg: string): boolean {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() === 'install ok installed';
}
const missing = (pkg: string) => (debInstalled(pkg) ? null : `Debian package ${pkg} is not installed (apt-get install ${pkg})`);

const tmp = mkdtempSync(join(tmpdir(), 'saavu-peers-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/*
 * SYNTHETIC graph, hand-drawn (directed, integer costs). Node 9337453812 (written "6" below) is a real-size
 * OSM id (> 2^31), to check 64-bit ids. Edge 1->2 has a parallel edge of cost 8 (the cheaper 7 wins).
 *
 *   7 -1-> 1 -7/8-> 2 -15-> 4 -6-> 5
 *          |        |       ^      ^
 *          |        10      11     9
 *          |        v       |      |
 *          +---9--> 3 ------+      |
 *          |        |              |
 *          |        +---2--> 6 ----+
 *          +-------14------> 6
 *
 * Shortest costs: from 1: 2=7, 3=9, 6=11, 4=20, 5=20 (via 3,6); from 7: one more than from 1;
 * from 3: 4=11, 6=2, 5=11; from 5: nothing but itself; nothing reaches 7.
 */
const N6 = 9337453812;
const edges: [number, number, number][] = [
  [1, 2, 7], [1, 2, 8], [1, 3, 9], [1, N6, 14], [2, 3, 10], [2, 4, 15], [3, 4, 11], [3, N6, 2], [4, 5, 6],
  [N6, 5, 9], [7, 1, 1],
];
const origins = [1, 7, 3, 5, 1]; // 1 twice: duplicates count as given
const destinations = [5, 4, 1, 7, 99]; // 99 is not in the graph
// expected matrix (null = unreachable), rows = origins, cols = destinations
const expected: (number | null)[][] = [
  [20, 20, 0, null, null],
  [21, 21, 1, 0, null],
  [11, 11, null, null, null],
  [0, null, null, null, null],
  [20, 20, 0, null, null],
];
const flat = expected.flat();
const expectedChecksum = flat.reduce<number>((s, c) => s + (c ?? 0), 0); // 145
const expectedReachable = flat.filter((c) => c !== null).length; // 13

const edgesCsv = join(tmp, 'synthetic-edges.csv');
writeFileSync(edgesCsv, 'id,source,target,cost\n' + edges.map((e, i) => `${i + 1},${e.join(',')}`).join('\n') + '\n');
const matrixRows = (path: string) =>
  readFileSync(path, 'utf8').trim().split('\n').slice(1).map((l) => {
    const c = l.split(',')[2];
    return c === '' || c === undefined ? null : Number(c);
  });

describe('peer tools on a synthetic graph', () => {
  it('checksum definition is what the hand-drawn graph gives', () => {
    expect(expectedChecksum).toBe(145);
    expect(expectedReachable).toBe(13);
  });

  it('networkx_matrix.py gives the known costs and checksum', (ctx) => {
    const why = missing('python3-networkx');
    if (why) return ctx.skip(why);
    const out = join(tmp, 'nx-matrix.csv');
    const stdout = execFileSync(PY, [peer('networkx_matrix.py'), edgesCsv, origins.join(','), destinations.join(','), '--out', out], { encoding: 'utf8' });
    const r = JSON.parse(stdout);
    expect(r).toMatchObject({ tool: 'networkx', pairs: 25, reachable: expectedReachable, checksum: expectedChecksum, missing_ids: 1 });
    expect(r.seconds).toBeGreaterThanOrEqual(0);
    expect(matrixRows(out)).toEqual(flat);
  });

  it('pgrouting.mjs (throwaway PostgreSQL 15 cluster) gives the known costs and checksum', async (ctx) => {
    const why = missing('postgresql-15-pgrouting');
    if (why) return ctx.skip(why);
    const { runPgRouting } = await import('../../bench/peers/pgrouting.mjs');
    const out = join(tmp, 'pg-matrix.csv');
    const r = await runPgRouting(edgesCsv, origins, destinations, { outCsv: out });
    expect(r).toMatchObject({ tool: 'pgrouting', pairs: 25, reachable: expectedReachable, checksum: expectedChecksum, missing_ids: 1 });
    expect(matrixRows(out)).toEqual(flat);
    expect(existsSync(r.temp_dir)).toBe(false); // the scratch cluster is stopped and deleted
  });
});

/*
 * SYNTHETIC OSM XML, hand-drawn, for the splitter. Nodes 1..5 exist; 97, 98, 99 are missing (clipped away).
 *   way 100 (highway=residential): 1 2 [99] 3 4 [98 97] 5  -> pieces -100001 = 1 2, -100002 = 3 4; "5" alone is dropped
 *   way 200 (highway=service):     1 [99]                  -> nothing left (one node): dropped
 *   way 300 (highway=residential): 3 4 5                   -> unchanged
 */
const splitXml = `<?xml version='1.0' encoding='UTF-8'?>
<osm version="0.6" generator="hand">
  <node id="1" lat="61.5" lon="23.7"/>
  <node id="2" lat="61.5" lon="23.701"/>
  <node id="3" lat="61.5" lon="23.702"/>
  <node id="4" lat="61.5" lon="23.703"/>
  <node id="5" lat="61.5" lon="23.704">
    <tag k="name" v="A &amp; B &quot;quoted&quot;"/>
  </node>
  <way id="100">
    <nd ref="1"/><nd ref="2"/><nd ref="99"/><nd ref="3"/><nd ref="4"/><nd ref="98"/><nd ref="97"/><nd ref="5"/>
    <tag k="highway" v="residential"/>
  </way>
  <way id="200">
    <nd ref="1"/><nd ref="99"/>
    <tag k="highway" v="service"/>
  </way>
  <way id="300">
    <nd ref="3"/><nd ref="4"/><nd ref="5"/>
    <tag k="highway" v="residential"/>
  </way>
  <relation id="7">
    <member type="way" ref="100" role=""/>
    <tag k="type" v="route"/>
  </relation>
</osm>
`;

describe('OSM splitter on a SYNTHETIC hand-drawn OSM XML', () => {
  it('cuts ways at missing nodes into the documented pieces', (ctx) => {
    const why = missing('python3'); // plain python only: .osm input is read without osmium
    if (why) return ctx.skip(why);
    const src = join(tmp, 'split-synthetic.osm');
    const dst = join(tmp, 'split-synthetic-out.osm');
    writeFileSync(src, splitXml);
    const r = spawnSync(PY, [peer('osm_split_missing.py'), src, dst], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const stats = JSON.parse(r.stderr.trim().split('\n').pop()!);
    expect(stats).toMatchObject({
      nodes: 5, ways_in: 3, ways_unchanged: 1, ways_split: 1, ways_dropped: 1, pieces_written: 2,
      missing_refs_dropped: 4, distinct_missing_nodes: 3, relations: 1,
    });
    const xml = readFileSync(dst, 'utf8');
    const ways = [...xml.matchAll(/<way id="(-?\d+)"[^>]*>([\s\S]*?)<\/way>/g)].map((m) => ({
      id: Number(m[1]),
      refs: [...m[2]!.matchAll(/<nd ref="(\d+)"/g)].map((x) => Number(x[1])),
      splitFrom: /k="saavu:split_from" v="(\d+)"/.exec(m[2]!)?.[1],
      highway: /k="highway" v="([^"]+)"/.exec(m[2]!)?.[1],
    }));
    expect(ways).toEqual([
      { id: -100001, refs: [1, 2], splitFrom: '100', highway: 'residential' },
      { id: -100002, refs: [3, 4], splitFrom: '100', highway: 'residential' },
      { id: 300, refs: [3, 4, 5], splitFrom: undefined, highway: 'residential' },
    ]);
    expect(xml).toContain('<member type="way" ref="100" role=""/>');
    expect(xml).toMatch(/v=(?:'A &amp; B "quoted"'|"A &amp; B &quot;quoted&quot;")/); // escaping survives
  });
});

/*
 * SYNTHETIC OSM XML, hand-drawn, for OSMnx's network filters (bench/peers/osmnx_distances.py).
 * Coordinates near Tampere (lat 61.5); ids are small integers.
 *
 *          H (8)                         way  tags                                drive   walk
 *          |  private                    10   residential A-B-C                   both    both
 *   I (9)  |                             11   service A-D-C                       -       both
 *    \     |   E (5)                     12   cycleway B-E, foot=designated       -       -
 *  services|   | cycleway                13   residential C-F, oneway=yes         C->F    both
 *      \   |   |        D (4)            14   footway F-G                         -       both
 *       `--A---B---C   /   (service      15   residential A-H, access=private     -       -
 *          |\      |  /     A-D-C)       16   highway=services A-I                -       both  ("!~service" is unanchored)
 *          | `-----+-'                   17   building=yes K-L-K (no highway)     -       -
 *          |       |                     18   residential A-M, area=yes           -       -
 *          G-------F                     19   residential G-A, oneway=-1          A->G    both
 *          footway   oneway C->F
 */
const LAT = 61.5;
const osmNodes: Record<string, [number, number, number]> = {
  // name: [id, lon, lat]
  A: [1, 23.7, LAT], B: [2, 23.702, LAT], C: [3, 23.704, LAT], D: [4, 23.703, LAT + 0.0008], E: [5, 23.702, LAT + 0.001],
  F: [6, 23.704, LAT - 0.001], G: [7, 23.7, LAT - 0.001], H: [8, 23.7, LAT + 0.002], I: [9, 23.699, LAT + 0.0005],
  K: [11, 23.71, LAT + 0.01], L: [12, 23.711, LAT + 0.01], M: [13, 23.698, LAT],
};
const osmWays: Array<[number, string, Record<string, string>]> = [
  [10, 'ABC', { highway: 'residential' }],
  [11, 'ADC', { highway: 'service' }],
  [12, 'BE', { highway: 'cycleway', foot: 'designated' }],
  [13, 'CF', { highway: 'residential', oneway: 'yes' }],
  [14, 'FG', { highway: 'footway' }],
  [15, 'AH', { highway: 'residential', access: 'private' }],
  [16, 'AI', { highway: 'services' }],
  [17, 'KLK', { building: 'yes' }],
  [18, 'AM', { highway: 'residential', area: 'yes' }],
  [19, 'GA', { highway: 'residential', oneway: '-1' }],
];
const filterXml =
  `<?xml version='1.0' encoding='UTF-8'?>\n<osm version="0.6" generator="hand">\n` +
  Object.values(osmNodes).map(([id, lon, lat]) => `  <node id="${id}" lat="${lat}" lon="${lon}"/>\n`).join('') +
  osmWays.map(([id, names, tags]) =>
    `  <way id="${id}">\n` + [...names].map((c) => `    <nd ref="${osmNodes[c]![0]}"/>\n`).join('') +
    Object.entries(tags).map(([k, v]) => `    <tag k="${k}" v="${v}"/>\n`).join('') + '  </way>\n').join('') +
  '</osm>\n';
const idName = new Map(Object.entries(osmNodes).map(([name, [id]]) => [id, name]));
const segLength = (a: string, b: string) => haversineMetres(osmNodes[a]![1], osmNodes[a]![2], osmNodes[b]![1], osmNodes[b]![2]);
// expected directed edges (as "XY") per network
const expectedEdges = {
  drive: ['AB', 'BA', 'BC', 'CB', 'CF', 'AG'],
  walk: ['AB', 'BA', 'BC', 'CB', 'AD', 'DA', 'DC', 'CD', 'CF', 'FC', 'FG', 'GF', 'AI', 'IA', 'GA', 'AG'],
};

/** All-pairs shortest metres on a tiny edge list (Floyd–Warshall). */
function allPairs(edgeNames: string[]): Map<string, number> {
  const names = [...new Set(edgeNames.flatMap((e) => [...e]))];
  const d = new Map<string, number>();
  for (const a of names) for (const b of names) d.set(a + b, a === b ? 0 : Infinity);
  for (const e of edgeNames) d.set(e, Math.min(d.get(e)!, segLength(e[0]!, e[1]!)));
  for (const k of names) for (const a of names) for (const b of names) {
    const via = d.get(a + k)! + d.get(k + b)!;
    if (via < d.get(a + b)!) d.set(a + b, via);
  }
  return d;
}

describe("OSMnx's drive/walk filters on a SYNTHETIC hand-drawn OSM XML", () => {
  const xmlPath = join(tmp, 'filters-synthetic.osm');
  writeFileSync(xmlPath, filterXml);

  for (const network of ['drive', 'walk'] as const) {
    it(`${network}: the documented edges, great-circle lengths, and shortest distances`, (ctx) => {
      const why = missing('python3-osmnx');
      if (why) return ctx.skip(why);
      const edgesOut = join(tmp, `filters-${network}-edges.csv`);
      const cands = join(tmp, 'filters-candidates.txt');
      writeFileSync(cands, Object.values(osmNodes).map(([id]) => id).join('\n') + '\n');
      const nodes = network === 'drive' ? 5 : 7; // drive: A B C F G; walk: A B C D F G I
      const r = spawnSync(PY, [peer('osmnx_distances.py'), xmlPath, '--network', network, '--component', 'all', '--edges-out', edgesOut,
        '--sample', cands, '--origins', String(nodes), '--destinations', '0', '--seed', '3'], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const info = JSON.parse(r.stderr.trim().split('\n').pop()!);
      expect(info).toMatchObject({ network, nodes, bidirectional: network === 'walk', candidates_in_graph: nodes });
      const edges = readFileSync(edgesOut, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
      const names = edges.map(([u, v]) => idName.get(Number(u))! + idName.get(Number(v))!);
      expect(names.sort()).toEqual([...expectedEdges[network]].sort());
      for (const [u, v, len] of edges) {
        expect(Number(len)).toBeCloseTo(segLength(idName.get(Number(u))!, idName.get(Number(v))!), 2);
      }
    });

    it(`${network}: --sample routes every origin x destination pair with the known distances`, (ctx) => {
      const why = missing('python3-osmnx');
      if (why) return ctx.skip(why);
      const cands = join(tmp, `filters-candidates-${network}.txt`);
      writeFileSync(cands, 'id\n' + Object.values(osmNodes).map(([id]) => id).join('\n') + '\n'); // header line is skipped
      // --component weak (OSMnx's retain_all=False) keeps the same nodes here: the graph is one weak component
      const r = spawnSync(PY, [peer('osmnx_distances.py'), xmlPath, '--network', network, '--sample', cands, '--origins', '2', '--destinations', '3', '--seed', '11'], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const info = JSON.parse(r.stderr.trim().split('\n').pop()!);
      expect(info).toMatchObject({ pairs: 6, candidates: Object.keys(osmNodes).length });
      const rows = r.stdout.trim().split('\n');
      expect(rows[0]).toBe('from_node,to_node,metres');
      const want = allPairs(expectedEdges[network]);
      const seen = new Set<string>();
      let unreachable = 0;
      for (const row of rows.slice(1)) {
        const [o, d, m] = row.split(',');
        const key = idName.get(Number(o))! + idName.get(Number(d))!;
        seen.add(key);
        expect(key[0]).not.toBe(key[1]); // origins and destinations are distinct nodes
        const w = want.get(key)!;
        if (w === Infinity) {
          unreachable++;
          expect(m, key).toBe('');
        } else expect(Number(m), key).toBeCloseTo(w, 2);
      }
      expect(seen.size).toBe(6);
      expect(info.reachable).toBe(6 - unreachable);
    });
  }
});

describe('OSM splitter and OSMnx loader on the clipped Kotka extract (REAL data)', () => {
  const split = join(tmp, 'kotka-split.osm');

  const runSplit = (dst: string) => {
    const r = spawnSync(PY, [peer('osm_split_missing.py'), dataDir('kotka_test', 'test.osm.pbf'), dst], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stderr.trim().split('\n').pop()!);
  };

  it('osm_split_missing.py splits ways at missing nodes, deterministically', (ctx) => {
    const why = missing('osmium-tool');
    if (why) return ctx.skip(why);
    const run = runSplit;
    const stats = run(split);
    // osmium check-refs on the PBF: 1419 node refs in ways are missing
    expect(stats).toMatchObject({ nodes: 14222, ways_in: 2653, missing_refs_dropped: 1419 });
    expect(stats.ways_split).toBeGreaterThan(0);
    expect(stats.ways_unchanged + stats.ways_split + stats.ways_dropped).toBe(2653);
    const again = join(tmp, 'kotka-split-2.osm');
    run(again);
    expect(readFileSync(again).equals(readFileSync(split))).toBe(true);
    const xml = readFileSync(split, 'utf8');
    const nodeIds = new Set([...xml.matchAll(/<node id="(-?\d+)"/g)].map((m) => m[1]));
    const refs = [...xml.matchAll(/<nd ref="(-?\d+)"/g)].map((m) => m[1]);
    expect(refs.every((r) => nodeIds.has(r))).toBe(true);
  });

  it('osmnx_distances.py loads the split file (drive) and routes a pair', (ctx) => {
    const why = missing('osmium-tool') ?? missing('python3-osmnx');
    if (why) return ctx.skip(why);
    if (!existsSync(split)) runSplit(split);
    const pairs = join(tmp, 'kotka-pairs.csv');
    // two points in Karhula, ~1.5 km apart; the network distance must be at least the straight line
    writeFileSync(pairs, 'id,from_lon,from_lat,to_lon,to_lat\np1,26.935,60.525,26.960,60.532\np2,26.935,60.525,26.935,60.525\n');
    const r = spawnSync(PY, [peer('osmnx_distances.py'), split, '--network', 'drive', '--pairs', pairs, '--details'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const info = JSON.parse(r.stderr.trim().split('\n').pop()!);
    expect(info.nodes).toBeGreaterThan(100);
    const rows = r.stdout.trim().split('\n');
    expect(rows[0]).toBe('id,metres,from_node,to_node,from_snap_m,to_snap_m');
    const [, m1] = rows[1]!.split(',');
    const [, m2] = rows[2]!.split(',');
    expect(Number(m1)).toBeGreaterThan(1200);
    expect(Number(m1)).toBeLessThan(5000);
    expect(Number(m2)).toBe(0);
  });
});
