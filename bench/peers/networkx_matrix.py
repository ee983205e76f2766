#!/usr/bin/python3
"""Time an N x M shortest-path cost matrix with NetworkX: the NetworkX column of the issue-4 benchmarks.

Graph: a directed edge list CSV with a header naming at least `source`, `target` and the cost column
(default `cost`; `--cost-column length_m` for osmnx_distances.py edge lists). Costs must be integers (e.g.
deciseconds, decimetres) so sums are exact and checksums compare bit-for-bit with our engine and pgRouting;
`--scale K` converts a real-valued column with round(value*K). Parallel edges keep the smallest cost.
Node ids are integers (OSM ids fit). Origins/destinations: a file with one node id per line (a non-numeric
first line is a header and is skipped) or an inline comma-separated list.

Timed part: only the matrix — one `nx.single_source_dijkstra_path_length(G, o, weight='cost')` per distinct
origin (full search, no cut-off), then the lookups; loading the CSV is reported apart as load_seconds.

Output (stdout, one JSON line):
  {"tool": "networkx", "seconds", "pairs", "reachable", "checksum", "load_seconds", "nodes", "edges", ...}
pairs = N*M as requested (duplicates count as given); checksum = sum of the finite costs over those pairs
(an o==o pair is 0); reachable = pairs with a finite cost. Origins or destinations absent from the graph are
unreachable (counted in missing_ids). `--out M.csv` also writes `from,to,cost` (empty when unreachable).

Usage:
  bench/peers/networkx_matrix.py EDGES.csv ORIGINS DESTINATIONS [--cost-column NAME] [--scale K] [--out M.csv]
  e.g. bench/peers/networkx_matrix.py /tmp/drive-edges.csv /tmp/o100.txt /tmp/d100.txt
"""
import argparse
import csv
import json
import os
import sys
import time

import networkx as nx


def read_ids(arg):
    if os.path.exists(arg):
        with open(arg, encoding='utf-8') as f:
            lines = [ln.strip().split(',')[0] for ln in f if ln.strip()]
        if lines and not lines[0].lstrip('-').isdigit():
            lines = lines[1:]
        return [int(x) for x in lines]
    return [int(x) for x in arg.split(',') if x.strip()]


def load_graph(path, cost_column='cost', scale=None):
    G = nx.DiGraph()
    rows = 0
    with open(path, newline='', encoding='utf-8') as f:
        r = csv.reader(f)
        header = next(r)
        try:
            si, ti, ci = header.index('source'), header.index('target'), header.index(cost_column)
        except ValueError:
            raise SystemExit(f'networkx_matrix: {path} needs columns source,target,{cost_column}; has {header}')
        for row in r:
            if not row:
                continue
            rows += 1
            u, v, c = int(row[si]), int(row[ti]), row[ci]
            if scale is not None:
                cost = int(round(float(c) * scale))
            else:
                try:
                    cost = int(c)
                except ValueError:
                    raise SystemExit(f'networkx_matrix: non-integer cost {c!r} on line {rows + 1} of {path}; '
                                     'use --scale K to round value*K')
            if cost < 0:
                raise SystemExit(f'networkx_matrix: negative cost {cost} on line {rows + 1} of {path}')
            old = G.get_edge_data(u, v)
            if old is None or cost < old['cost']:
                G.add_edge(u, v, cost=cost)
    return G, rows


def matrix(G, origins, destinations):
    """Return (list of rows of costs or None, seconds). Only the Dijkstra runs and lookups are timed."""
    t0 = time.perf_counter()
    cache = {}
    out = []
    for o in origins:
        if o not in cache:
            cache[o] = nx.single_source_dijkstra_path_length(G, o, weight='cost') if o in G else {}
        dist = cache[o]
        out.append([dist.get(d) for d in destinations])
    return out, time.perf_counter() - t0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('edges')
    ap.add_argument('origins', help='file with one node id per line, or a comma-separated list')
    ap.add_argument('destinations', help='file with one node id per line, or a comma-separated list')
    ap.add_argument('--cost-column', default='cost')
    ap.add_argument('--scale', type=float, help='cost = round(value * K) for a real-valued cost column')
    ap.add_argument('--out', help='write from,to,cost CSV')
    a = ap.parse_args(argv)

    t0 = time.perf_counter()
    G, rows = load_graph(a.edges, a.cost_column, a.scale)
    load_seconds = time.perf_counter() - t0
    origins, destinations = read_ids(a.origins), read_ids(a.destinations)
    costs, seconds = matrix(G, origins, destinations)

    reachable = checksum = 0
    for row in costs:
        for c in row:
            if c is not None:
                reachable += 1
                checksum += c
    missing = sorted({x for x in origins + destinations if x not in G})
    if a.out:
        with open(a.out, 'w', newline='', encoding='utf-8') as f:
            w = csv.writer(f, lineterminator='\n')
            w.writerow(['from', 'to', 'cost'])
            for o, row in zip(origins, costs):
                for d, c in zip(destinations, row):
                    w.writerow([o, d, '' if c is None else c])
    print(json.dumps({
        'tool': 'networkx', 'version': nx.__version__, 'seconds': round(seconds, 4),
        'pairs': len(origins) * len(destinations), 'reachable': reachable, 'checksum': checksum,
        'origins': len(origins), 'destinations': len(destinations), 'missing_ids': len(missing),
        'load_seconds': round(load_seconds, 3), 'nodes': G.number_of_nodes(), 'edges': G.number_of_edges(),
        'edge_rows': rows,
    }))
    return 0


if __name__ == '__main__':
    sys.exit(main())
