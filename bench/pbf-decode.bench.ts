/**
 * Decoding the Tampere OSM extract (1.8 MB, 164,264 nodes, 29,978 ways): saavu's decoder (src/network/
 * pbf.ts: `pbf` reader + node:zlib, flat typed arrays, lazy string tables) against tiny-osmpbf, a
 * maintained pure-JS decoder from npm that returns one object per element (it inflates with tiny-inflate).
 * Both must agree on the node and way counts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { decodeOsmPbf } from '../src/network/pbf.js';
import { dataDir } from '../test/paths.js';
import { report, time } from './harness.js';

interface TinyElement {
  type: 'node' | 'way' | 'relation';
}
const require = createRequire(import.meta.url);
const tinyOsmPbf = require('tiny-osmpbf') as (input: Uint8Array) => { elements: TinyElement[] };

// A fresh Uint8Array at byte offset 0: tiny-osmpbf reads `input.buffer` from its start.
const bytes = new Uint8Array(readFileSync(dataDir('tampere', 'tampere.osm.pbf')));
let ours = { nodes: 0, ways: 0 };
let theirs = { nodes: 0, ways: 0 };
const t1 = time('decodeOsmPbf (pbf + node:zlib, typed arrays)', () => {
  const osm = decodeOsmPbf(bytes, { file: 'tampere.osm.pbf' });
  ours = { nodes: osm.nodeCount, ways: osm.wayCount };
});
const t2 = time('tiny-osmpbf 0.1.0 (objects per element)', () => {
  const { elements } = tinyOsmPbf(bytes);
  let nodes = 0;
  let ways = 0;
  for (const e of elements) {
    if (e.type === 'node') nodes++;
    else if (e.type === 'way') ways++;
  }
  theirs = { nodes, ways };
}, 5);
if (ours.nodes !== theirs.nodes || ours.ways !== theirs.ways) throw new Error(`decoders disagree: ${JSON.stringify({ ours, theirs })}`);
report(`OSM PBF decode, Tampere (${ours.nodes} nodes, ${ours.ways} ways)`, t1, t2, 'same counts');
