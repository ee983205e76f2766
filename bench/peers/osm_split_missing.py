#!/usr/bin/python3
"""Split OSM ways at nodes missing from a clipped extract, so OSMnx can load it.

Peer-tool helper for issue 4 (cross-check against OSMnx). A clipped extract may keep ways crossing the clip
border whole but drop their outside nodes, so some ways reference nodes that are not in the file
(`osmium check-refs` counts them: 1,419 refs in data/kotka_test/test.osm.pbf; none in
data/tampere/tampere.osm.pbf, for which this script is a plain PBF -> XML conversion). OSMnx 1.2
(`graph_from_xml`) then creates coordinate-less nodes and fails in `add_edge_lengths` (KeyError 'x').
Our own reader (src/network/build-osm.ts) splits such ways the same way.

What this does (deterministic; same input bytes -> same output bytes):
  1. `osmium cat IN.pbf -f osm -o -` (Debian `osmium-tool`) streams OSM XML; any .osm/.osm.xml input is
     read as is instead.
  2. Nodes and relations are copied unchanged (attributes and tags, in file order).
  3. A way whose node refs all exist is copied unchanged. A way with missing refs is cut there: the missing
     refs are dropped and a new piece starts after each run of them; pieces with fewer than 2 nodes are
     dropped (no edge). Each kept piece keeps all tags, gets the id -(way_id * 1000 + k) (k = 1, 2, … in
     node order; negative so it never collides with a real OSM way id) and an extra tag
     `saavu:split_from=<way_id>`. A piece is not a new OSM object: the edge across the gap is lost, which is
     the honest answer (we do not know where the missing node was).
Relations may still list the original way id as a member; OSMnx ignores relations.

The file must be sorted (nodes before ways), as `osmium fileinfo` reports for PBFs from Geofabrik/osmconvert;
otherwise the script stops and asks for `osmium sort` first.

Usage:
  bench/peers/osm_split_missing.py data/tampere/tampere.osm.pbf /tmp/tampere-split.osm
Prints a JSON summary on stderr (ways split, pieces written, missing refs dropped, ...).
"""
import json
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from xml.sax.saxutils import quoteattr

PIECE_FACTOR = 1000  # piece k of way W gets id -(W * PIECE_FACTOR + k)


def _attrs(elem, skip=()):
    return ''.join(f' {k}={quoteattr(v)}' for k, v in elem.attrib.items() if k not in skip)


def _tags(elem):
    return [(t.get('k'), t.get('v')) for t in elem if t.tag == 'tag']


def _write_tags(out, tags):
    for k, v in tags:
        out.write(f'    <tag k={quoteattr(k)} v={quoteattr(v)}/>\n')


def _open_xml(src):
    """Return (binary stream of OSM XML, subprocess or None)."""
    if src.endswith('.pbf'):
        proc = subprocess.Popen(['osmium', 'cat', src, '-f', 'osm', '-o', '-'], stdout=subprocess.PIPE)
        return proc.stdout, proc
    return open(src, 'rb'), None


def split(src, dst):
    stats = {
        'input': src, 'output': dst, 'nodes': 0, 'ways_in': 0, 'ways_unchanged': 0, 'ways_split': 0,
        'ways_dropped': 0, 'pieces_written': 0, 'missing_refs_dropped': 0, 'distinct_missing_nodes': 0,
        'relations': 0,
    }
    t0 = time.perf_counter()
    node_ids = set()
    missing = set()
    seen_way = False
    stream, proc = _open_xml(src)
    with open(dst, 'w', encoding='utf-8', newline='\n') as out:
        out.write("<?xml version='1.0' encoding='UTF-8'?>\n")
        depth = 0
        root = None
        for event, elem in ET.iterparse(stream, events=('start', 'end')):
            if event == 'start':
                depth += 1
                if depth == 1:  # <osm>
                    root = elem
                    out.write(f'<osm{_attrs(elem, skip=("generator",))} generator="saavu osm_split_missing.py">\n')
                continue
            depth -= 1
            if depth == 1 and elem.tag == 'bounds':
                out.write(f'  <bounds{_attrs(elem)}/>\n')
            elif depth == 1 and elem.tag == 'node':
                if seen_way:
                    raise SystemExit('osm_split_missing: nodes after ways; run `osmium sort` on the input first')
                node_ids.add(int(elem.get('id')))
                stats['nodes'] += 1
                tags = _tags(elem)
                if tags:
                    out.write(f'  <node{_attrs(elem)}>\n')
                    _write_tags(out, tags)
                    out.write('  </node>\n')
                else:
                    out.write(f'  <node{_attrs(elem)}/>\n')
                elem.clear()
            elif depth == 1 and elem.tag == 'way':
                seen_way = True
                stats['ways_in'] += 1
                way_id = int(elem.get('id'))
                refs = [int(nd.get('ref')) for nd in elem if nd.tag == 'nd']
                tags = _tags(elem)
                pieces, cur, cut = [], [], False
                for r in refs:
                    if r in node_ids:
                        cur.append(r)
                    else:
                        cut = True
                        missing.add(r)
                        stats['missing_refs_dropped'] += 1
                        if cur:
                            pieces.append(cur)
                        cur = []
                if cur:
                    pieces.append(cur)
                if not cut:
                    out.write(f'  <way{_attrs(elem)}>\n')
                    for r in refs:
                        out.write(f'    <nd ref="{r}"/>\n')
                    _write_tags(out, tags)
                    out.write('  </way>\n')
                    stats['ways_unchanged'] += 1
                else:
                    pieces = [p for p in pieces if len(p) >= 2]
                    if len(pieces) >= PIECE_FACTOR:
                        raise SystemExit(f'osm_split_missing: way {way_id} has {len(pieces)} pieces (>= {PIECE_FACTOR})')
                    if pieces:
                        stats['ways_split'] += 1
                    else:
                        stats['ways_dropped'] += 1
                    for k, piece in enumerate(pieces, start=1):
                        pid = -(way_id * PIECE_FACTOR + k)
                        out.write(f'  <way id="{pid}"{_attrs(elem, skip=("id",))}>\n')
                        for r in piece:
                            out.write(f'    <nd ref="{r}"/>\n')
                        _write_tags(out, tags + [('saavu:split_from', str(way_id))])
                        out.write('  </way>\n')
                        stats['pieces_written'] += 1
                elem.clear()
            elif depth == 1 and elem.tag == 'relation':
                stats['relations'] += 1
                out.write(f'  <relation{_attrs(elem)}>\n')
                for m in elem:
                    if m.tag == 'member':
                        out.write(f'    <member{_attrs(m)}/>\n')
                _write_tags(out, _tags(elem))
                out.write('  </relation>\n')
                elem.clear()
            if depth == 1 and root is not None:
                root.clear()  # drop the processed top-level element from the tree (memory stays flat)
        out.write('</osm>\n')
    if proc is not None:
        proc.stdout.close()
        if proc.wait() != 0:
            raise SystemExit(f'osm_split_missing: osmium cat failed with exit code {proc.returncode}')
    else:
        stream.close()
    stats['distinct_missing_nodes'] = len(missing)
    stats['seconds'] = round(time.perf_counter() - t0, 3)
    return stats


def main(argv):
    if len(argv) != 3 or argv[1] in ('-h', '--help'):
        print(__doc__.strip().split('Usage:')[1].strip().splitlines()[0], file=sys.stderr)
        print('usage: osm_split_missing.py IN.osm.pbf|IN.osm OUT.osm', file=sys.stderr)
        return 2
    stats = split(argv[1], argv[2])
    print(json.dumps(stats), file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
