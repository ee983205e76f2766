#!/usr/bin/python3
"""Network distances (metres) with OSMnx 1.2 / NetworkX, the independent cross-check of issue 4.

Runs on Debian's `python3-osmnx` (1.2.3) and `python3-networkx` (2.8); use /usr/bin/python3 (a pyenv or venv
python on PATH will not see the Debian packages). Input is OSM XML: `osmium cat IN.osm.pbf -f osm`, or
osm_split_missing.py when the extract has ways referencing missing nodes (it also converts).

How the graph is built, and why (the same graph `ox.graph_from_place(..., network_type=T)` would give):
  * Filter. `ox.graph_from_xml` in 1.2 has no `network_type`: it turns EVERY way of the file into edges (also
    building outlines, rivers, ...). OSMnx applies its network types only in the Overpass query,
    `way{filter}(poly); >; out;` with `filter = ox.downloader._get_osm_filter(T)` (which already contains
    `ox.settings.default_access`, `["access"!~"private"]`). We take that very string from the installed OSMnx,
    parse its clauses (`["k"]`, `["k"!~"re"]`, `["k"~"re"]`, `["k"="v"]`, `["k"!="v"]`) and keep the ways
    that pass, with Overpass semantics: regexes are unanchored and case-sensitive (so `!~"service"` also drops
    highway=services and `!~"motor"` drops motorway and motorway_link), and a `!~`/`!=` clause passes when the
    key is absent. Then only the nodes those ways reference are kept (Overpass `>;`). The filtered elements
    are written to a temporary OSM XML file. `--custom-filter F` replaces the filter, as OSMnx's
    `custom_filter=F` does (without default_access, as in OSMnx); --network then only sets bidirectional.
  * Graph. `ox.graph_from_xml(filtered, bidirectional=T in ox.settings.bidirectional_network_types,
    simplify=..., retain_all=...)` — OSMnx's own public loader; bidirectional is what graph_from_polygon
    passes for T (walk: every way in both directions, oneway ignored). `--component weak` (default) is
    retain_all=False: OSMnx keeps the largest WEAKLY connected component; `--component strong` keeps the
    largest STRONGLY connected one afterwards (`ox.utils_graph.get_largest_component(G, strongly=True)`, what
    our engine keeps); `--component all` is retain_all=True. Edge `length` is OSMnx's great-circle length
    (sphere R = 6 371 009 m, rounded to mm).
  * simplify=False by default (`--simplify` = OSMnx's default True). Simplification only removes degree-2
    interior nodes and sums their lengths, so distances between surviving nodes are unchanged; but every
    removed node is a snap candidate lost (lon/lat pairs snap farther away) and a node id that can no longer
    be sampled. It also keeps edges 1:1 with OSM segments, comparable with our CSR graph.
  * Snapping (`--pairs`, lon/lat): nodes and query points to EPSG:3067 with pyproj, then
    `ox.distance.nearest_nodes` on that projected node set (k-d tree from scipy, so no scikit-learn needed).
    `--ox-project` uses `ox.project_graph(G, to_crs='EPSG:3067')` instead: same snapped nodes, slower.
    Snap legs are NOT added to the distance (`--details` prints them).
  * Node sampling (`--sample CANDIDATES`): CANDIDATES holds node ids (one per line; e.g. every OSM node id of
    our own graph); the ids also in OSMnx's graph are sorted and `random.Random(SEED).sample` picks
    ORIGINS + DESTINATIONS distinct ones; every origin x destination pair is routed. No snapping at all.
  * Distances: NetworkX Dijkstra on a simple DiGraph holding the minimum `length` of parallel edges (the same
    distances a MultiDiGraph gives, faster): per origin node, `dijkstra_path_length` (stops at the target)
    when it has one destination, else one `single_source_dijkstra_path_length`.

Usage:
  bench/peers/osmnx_distances.py XML --network drive|walk|bike|all|drive_service|all_private
      [--pairs PAIRS.csv [--details] | --sample CANDIDATES.txt [--origins N] [--destinations M] [--seed S]]
      [--out OUT.csv] [--edges-out EDGES.csv [--cost-scale K]] [--nodes-out NODES.csv]
      [--component weak|strong|all] [--simplify] [--ox-project] [--custom-filter F] [--tmpdir DIR]
  PAIRS.csv has a header `id,from_lon,from_lat,to_lon,to_lat` (WGS84); the output is `id,metres` (empty when
  unreachable; `--details` adds from_node,to_node,from_snap_m,to_snap_m). With --sample the output is
  `from_node,to_node,metres`. Output goes to OUT.csv or stdout. EDGES.csv is the whole graph as
  `source,target,length_m` (OSM node ids, one row per directed edge incl. parallel edges; with --cost-scale K
  also `cost` = round(length_m*K), an integer for networkx_matrix.py / pgrouting.mjs). NODES.csv is
  `id,lon,lat`. A JSON summary (timings, counts) goes to stderr as the last line.
"""
import argparse
import csv
import json
import os
import random
import re
import sys
import tempfile
import time
import warnings
import xml.etree.ElementTree as ET
from xml.sax.saxutils import quoteattr

warnings.filterwarnings('ignore')  # geopandas/shapely deprecation noise from OSMnx 1.2 on Debian 12

import networkx as nx  # noqa: E402
import osmnx as ox  # noqa: E402
from osmnx import downloader, settings, utils_graph  # noqa: E402

_CLAUSE = re.compile(r'\["([^"]+)"(?:(!~|~|!=|=)"([^"]*)")?\]')


def parse_overpass_filter(text):
    """Parse an OSMnx/Overpass tag filter string into [(key, op, compiled regex or value)]."""
    clauses, pos = [], 0
    for m in _CLAUSE.finditer(text):
        if m.start() != pos:
            raise ValueError(f'cannot parse Overpass filter at {text[pos:]!r}')
        key, op, val = m.group(1), m.group(2), m.group(3)
        if op in ('~', '!~'):
            clauses.append((key, op, re.compile(val)))
        else:
            clauses.append((key, op or 'has', val))
        pos = m.end()
    if pos != len(text):
        raise ValueError(f'cannot parse Overpass filter at {text[pos:]!r}')
    return clauses


def way_passes(tags, clauses):
    for key, op, val in clauses:
        v = tags.get(key)
        if op == 'has':
            if v is None:
                return False
        elif op == '~':
            if v is None or not val.search(v):
                return False
        elif op == '!~':
            if v is not None and val.search(v):
                return False
        elif op == '=':
            if v != val:
                return False
        elif op == '!=':
            if v == val:
                return False
    return True


def read_osm_xml(path):
    """Nodes and ways of an OSM XML file as Overpass-like dicts (the shape OSMnx's own XML reader produces),
    streamed with ElementTree's C parser (faster than OSMnx's SAX handler; this pass only filters)."""
    nodes, ways = [], []
    for _, elem in ET.iterparse(path, events=('end',)):
        tag = elem.tag
        if tag == 'node':
            nodes.append({'type': 'node', 'id': int(elem.get('id')), 'lat': float(elem.get('lat')),
                          'lon': float(elem.get('lon')), 'tags': {t.get('k'): t.get('v') for t in elem if t.tag == 'tag'}})
            elem.clear()
        elif tag == 'way':
            ways.append({'type': 'way', 'id': int(elem.get('id')),
                         'nodes': [int(nd.get('ref')) for nd in elem if nd.tag == 'nd'],
                         'tags': {t.get('k'): t.get('v') for t in elem if t.tag == 'tag'}})
            elem.clear()
        elif tag == 'relation':
            elem.clear()
    return {'elements': nodes + ways}


def filter_elements(response, network_type, osm_filter):
    clauses = parse_overpass_filter(osm_filter)
    ways = [e for e in response['elements'] if e['type'] == 'way' and way_passes(e.get('tags', {}), clauses)]
    used = set()
    for w in ways:
        used.update(w['nodes'])
    nodes = [e for e in response['elements'] if e['type'] == 'node' and e['id'] in used]
    missing = len(used) - len(nodes)
    if missing:
        raise SystemExit(f'osmnx_distances: {missing} nodes referenced by {network_type} ways are missing from the '
                         'file; run bench/peers/osm_split_missing.py first')
    return {'elements': nodes + ways}, len(ways)


def write_osm_xml(elements, path):
    """Write Overpass-like JSON elements (nodes first, then ways) back as OSM XML for ox.graph_from_xml."""
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        f.write("<?xml version='1.0' encoding='UTF-8'?>\n")
        f.write('<osm version="0.6" generator="saavu osmnx_distances.py">\n')
        for e in elements:
            tags = e.get('tags') or {}
            if e['type'] == 'node':
                # repr() of a float round-trips exactly through OSMnx's float(lat) / float(lon)
                head = f'  <node id="{e["id"]}" lat="{e["lat"]!r}" lon="{e["lon"]!r}"'
                if not tags:
                    f.write(head + '/>\n')
                    continue
                f.write(head + '>\n')
                end = '  </node>\n'
            else:
                f.write(f'  <way id="{e["id"]}">\n')
                for r in e['nodes']:
                    f.write(f'    <nd ref="{r}"/>\n')
                end = '  </way>\n'
            for k, v in tags.items():
                f.write(f'    <tag k={quoteattr(k)} v={quoteattr(v)}/>\n')
            f.write(end)
        f.write('</osm>\n')


def build_graph(xml_path, network_type, component='weak', simplify=False, workdir=None, custom_filter=None):
    """OSMnx's `network_type` graph of an OSM XML file, built by ox.graph_from_xml (see the module comment)."""
    osm_filter = custom_filter if custom_filter is not None else downloader._get_osm_filter(network_type)
    info = {'network': network_type, 'component': component, 'simplify': simplify, 'osmnx': ox.__version__,
            'networkx': nx.__version__, 'custom_filter': custom_filter is not None, 'osm_filter': osm_filter}
    t0 = time.perf_counter()
    response = read_osm_xml(xml_path)
    filtered, n_ways = filter_elements(response, network_type, osm_filter)
    info['ways_kept'] = n_ways
    info['nodes_kept'] = len(filtered['elements']) - n_ways
    del response
    bidirectional = network_type in settings.bidirectional_network_types
    with tempfile.TemporaryDirectory(prefix='saavu-osmnx-', dir=workdir) as tmp:
        path = os.path.join(tmp, f'{network_type}.osm')
        write_osm_xml(filtered['elements'], path)
        del filtered
        t2 = time.perf_counter()
        # retain_all=False keeps the largest WEAKLY connected component (OSMnx's default and meaning).
        G = ox.graph_from_xml(path, bidirectional=bidirectional, simplify=simplify, retain_all=(component != 'weak'))
    if component == 'strong':
        G = utils_graph.get_largest_component(G, strongly=True)
    t3 = time.perf_counter()
    info.update({'bidirectional': bidirectional, 'nodes': len(G), 'edges': G.number_of_edges(),
                 'parse_filter_seconds': round(t2 - t0, 3), 'graph_from_xml_seconds': round(t3 - t2, 3),
                 'load_seconds': round(t3 - t0, 3)})
    return G, info


def simple_digraph(G):
    D = nx.DiGraph()
    D.add_nodes_from(G.nodes)
    for u, v, length in G.edges(data='length'):
        old = D.get_edge_data(u, v)
        if old is None or length < old['length']:
            D.add_edge(u, v, length=length)
    return D


def read_pairs(path):
    with open(path, newline='', encoding='utf-8') as f:
        rows = list(csv.DictReader(f))
    need = ['id', 'from_lon', 'from_lat', 'to_lon', 'to_lat']
    if rows and any(k not in rows[0] for k in need):
        raise SystemExit(f'osmnx_distances: {path} must have the header {",".join(need)}')
    return rows


def distances(G, pairs, info, ox_project=False):
    from pyproj import Transformer
    tr = Transformer.from_crs('EPSG:4326', 'EPSG:3067', always_xy=True)
    t0 = time.perf_counter()
    if ox_project:
        Gp = ox.project_graph(G, to_crs='EPSG:3067')
    else:
        # Same node coordinates as ox.project_graph (both are pyproj EPSG:4326 -> 3067), without projecting the
        # edges through geopandas (12 s on the Tampere drive graph): nearest_nodes only reads nodes' x, y and crs.
        ids = list(G.nodes)
        xs, ys = tr.transform([G.nodes[n]['x'] for n in ids], [G.nodes[n]['y'] for n in ids])
        Gp = nx.MultiDiGraph(crs='EPSG:3067')
        Gp.add_nodes_from((n, {'x': x, 'y': y}) for n, x, y in zip(ids, xs, ys))
    t1 = time.perf_counter()
    fx, fy = tr.transform([float(r['from_lon']) for r in pairs], [float(r['from_lat']) for r in pairs])
    tx, ty = tr.transform([float(r['to_lon']) for r in pairs], [float(r['to_lat']) for r in pairs])
    fn, fd = ox.distance.nearest_nodes(Gp, list(fx), list(fy), return_dist=True)
    tn, td = ox.distance.nearest_nodes(Gp, list(tx), list(ty), return_dist=True)
    t2 = time.perf_counter()
    D = simple_digraph(G)
    by_origin = {}
    for i, (u, v) in enumerate(zip(fn, tn)):
        by_origin.setdefault(u, []).append((i, v))
    metres = [None] * len(pairs)
    for u, items in by_origin.items():
        targets = {v for _, v in items}
        if len(targets) == 1:
            (v,) = targets
            try:  # stops when v is settled
                got = {v: nx.dijkstra_path_length(D, u, v, weight='length')}
            except nx.NetworkXNoPath:
                got = {}
        else:
            got = nx.single_source_dijkstra_path_length(D, u, weight='length')
        for i, v in items:
            metres[i] = got.get(v)
    t3 = time.perf_counter()
    info.update({'pairs': len(pairs), 'reachable': sum(m is not None for m in metres),
                 'project_seconds': round(t1 - t0, 3), 'snap_seconds': round(t2 - t1, 3),
                 'route_seconds': round(t3 - t2, 3),
                 'max_snap_m': round(max(fd + td), 1) if pairs else 0.0})
    return metres, fn, tn, fd, td


def read_ids(path):
    with open(path, encoding='utf-8') as f:
        lines = [ln.strip().split(',')[0] for ln in f if ln.strip()]
    if lines and not lines[0].lstrip('-').isdigit():
        lines = lines[1:]
    return [int(x) for x in lines]


def sample_pairs(G, candidates_path, n_origins, n_destinations, seed, info):
    """Seeded origins and destinations among the candidate ids that are nodes of G (distinct, sorted first)."""
    candidates = read_ids(candidates_path)
    common = sorted(set(candidates).intersection(G.nodes))
    info.update({'candidates': len(candidates), 'candidates_in_graph': len(common), 'seed': seed})
    if len(common) < n_origins + n_destinations:
        raise SystemExit(f'osmnx_distances: only {len(common)} candidate ids are nodes of the graph; '
                         f'{n_origins + n_destinations} needed')
    picks = random.Random(seed).sample(common, n_origins + n_destinations)
    return picks[:n_origins], picks[n_origins:]


def node_distances(G, origins, destinations, info):
    """Metres (or None) for every origin x destination node pair, row-major."""
    t0 = time.perf_counter()
    D = simple_digraph(G)
    out = []
    for o in origins:
        got = nx.single_source_dijkstra_path_length(D, o, weight='length')
        out.extend(got.get(d) for d in destinations)
    info.update({'pairs': len(out), 'reachable': sum(m is not None for m in out),
                 'route_seconds': round(time.perf_counter() - t0, 3)})
    return out


def fmt(x):
    return '' if x is None else f'{x:.3f}'.rstrip('0').rstrip('.')


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('xml', help='OSM XML (osmium cat -f osm, or osm_split_missing.py)')
    ap.add_argument('--network', required=True,
                    choices=['drive', 'drive_service', 'walk', 'bike', 'all', 'all_private'])
    ap.add_argument('--custom-filter', help="Overpass way filter replacing the network type's (as OSMnx's custom_filter; "
                    '--network then only decides bidirectional)')
    ap.add_argument('--pairs', help='CSV id,from_lon,from_lat,to_lon,to_lat (snapped to the nearest nodes)')
    ap.add_argument('--details', action='store_true', help='with --pairs: add from_node,to_node,from_snap_m,to_snap_m')
    ap.add_argument('--sample', metavar='CANDIDATES', help='file of candidate node ids (one per line)')
    ap.add_argument('--origins', type=int, default=20, help='with --sample: origins (default 20)')
    ap.add_argument('--destinations', type=int, default=10, help='with --sample: destinations (default 10)')
    ap.add_argument('--seed', type=int, default=1, help='with --sample: random.Random seed (default 1)')
    ap.add_argument('--out', help='output CSV (default stdout)')
    ap.add_argument('--edges-out', help='write the whole graph as CSV source,target,length_m')
    ap.add_argument('--cost-scale', type=float, help='with --edges-out: add integer column cost=round(length_m*K)')
    ap.add_argument('--nodes-out', help='write graph nodes as CSV id,lon,lat')
    ap.add_argument('--component', choices=['weak', 'strong', 'all'], default='weak',
                    help='largest weakly (OSMnx retain_all=False, default) or strongly connected component, or all')
    ap.add_argument('--ox-project', action='store_true',
                    help='snap on ox.project_graph(G, to_crs="EPSG:3067") (slow; same nodes as the default)')
    ap.add_argument('--simplify', action='store_true', help='ox.simplify_graph after loading (default off)')
    ap.add_argument('--tmpdir', help='directory for the temporary filtered XML (default: the system temp dir)')
    a = ap.parse_args(argv)
    if a.pairs and a.sample:
        ap.error('--pairs and --sample exclude each other')

    G, info = build_graph(a.xml, a.network, a.component, a.simplify, a.tmpdir, a.custom_filter)

    if a.edges_out:
        with open(a.edges_out, 'w', newline='', encoding='utf-8') as f:
            w = csv.writer(f, lineterminator='\n')
            w.writerow(['source', 'target', 'length_m'] + (['cost'] if a.cost_scale else []))
            for u, v, length in sorted(G.edges(data='length'), key=lambda e: (e[0], e[1], e[2])):
                row = [u, v, fmt(length)]
                if a.cost_scale:
                    row.append(int(round(length * a.cost_scale)))
                w.writerow(row)
    if a.nodes_out:
        with open(a.nodes_out, 'w', newline='', encoding='utf-8') as f:
            w = csv.writer(f, lineterminator='\n')
            w.writerow(['id', 'lon', 'lat'])
            for n, d in sorted(G.nodes(data=True)):
                w.writerow([n, d['x'], d['y']])

    rows = None
    if a.pairs:
        pairs = read_pairs(a.pairs)
        metres, fn, tn, fd, td = distances(G, pairs, info, a.ox_project)
        rows = [['id', 'metres'] + (['from_node', 'to_node', 'from_snap_m', 'to_snap_m'] if a.details else [])]
        for i, r in enumerate(pairs):
            row = [r['id'], fmt(metres[i])]
            if a.details:
                row += [fn[i], tn[i], f'{fd[i]:.1f}', f'{td[i]:.1f}']
            rows.append(row)
    elif a.sample:
        origins, destinations = sample_pairs(G, a.sample, a.origins, a.destinations, a.seed, info)
        metres = node_distances(G, origins, destinations, info)
        rows = [['from_node', 'to_node', 'metres']]
        k = 0
        for o in origins:
            for d in destinations:
                rows.append([o, d, fmt(metres[k])])
                k += 1
    if rows is not None:
        out = open(a.out, 'w', newline='', encoding='utf-8') if a.out else sys.stdout
        csv.writer(out, lineterminator='\n').writerows(rows)
        if a.out:
            out.close()
    print(json.dumps(info), file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main())
