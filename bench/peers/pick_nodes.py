#!/usr/bin/python3
"""Pick N node ids from an edge list CSV, deterministically (seeded), for peer matrix benchmarks.

Candidates are the distinct `source` ids, sorted numerically; `random.Random(SEED).sample` picks N of them,
written one per line (no header) so networkx_matrix.py and pgrouting.mjs read the same list.

Usage:
  bench/peers/pick_nodes.py EDGES.csv N SEED OUT.txt
  e.g. bench/peers/pick_nodes.py /tmp/drive-edges.csv 100 1 /tmp/o100.txt
"""
import csv
import random
import sys


def main(argv):
    if len(argv) != 5:
        print(__doc__.strip().split('Usage:')[1].strip().splitlines()[0], file=sys.stderr)
        return 2
    path, n, seed, out = argv[1], int(argv[2]), int(argv[3]), argv[4]
    with open(path, newline='', encoding='utf-8') as f:
        r = csv.reader(f)
        si = next(r).index('source')
        ids = sorted({int(row[si]) for row in r if row})
    picked = random.Random(seed).sample(ids, n)
    with open(out, 'w', encoding='utf-8') as f:
        f.write(''.join(f'{x}\n' for x in picked))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
