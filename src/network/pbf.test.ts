import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.js';
import { dataDir } from '../../test/paths.js';
import { decodeOsmPbf, readOsmPbf } from './pbf.js';
import { writeFixturePbf } from './pbf-writer.js';

const TAMPERE = dataDir('tampere', 'tampere.osm.pbf');
const KOTKA = dataDir('kotka_test', 'test.osm.pbf');
const tmp = mkdtempSync(join(tmpdir(), 'saavu-pbf-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function expectInputError(fn: () => unknown, ...patterns: RegExp[]): InputError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    for (const p of patterns) expect((e as Error).message).toMatch(p);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

describe('OSM PBF decoder', () => {
  it('decodes the Tampere extract with the counts in ROADS_PROVENANCE.md', () => {
    const osm = readOsmPbf(TAMPERE);
    expect(osm.nodeCount).toBe(164_264);
    expect(osm.wayCount).toBe(29_978);
    expect(osm.wayTags.filter((t) => t.highway !== undefined).length).toBe(29_836);
    expect(osm.relationCount).toBe(10);
    expect(osm.header.writingProgram).toBe('osmconvert 0.8.10');
    expect(osm.header.requiredFeatures).toEqual(['OsmSchema-V0.6', 'DenseNodes']);
    // Header bbox (23.556649, 61.44593, 23.8921889, 61.557975) and the data bbox around it.
    expect(osm.header.bbox![0]).toBeCloseTo(23.556649, 6);
    expect(osm.header.bbox![3]).toBeCloseTo(61.557975, 6);
    let minLon = Infinity, maxLon = -Infinity, minLat = Infinity, maxLat = -Infinity, maxId = 0; // prettier-ignore
    for (let i = 0; i < osm.nodeCount; i++) {
      minLon = Math.min(minLon, osm.lon[i]!);
      maxLon = Math.max(maxLon, osm.lon[i]!);
      minLat = Math.min(minLat, osm.lat[i]!);
      maxLat = Math.max(maxLat, osm.lat[i]!);
      maxId = Math.max(maxId, osm.nodeId[i]!);
    }
    expect(minLon).toBeCloseTo(23.5179731, 6);
    expect(maxLon).toBeCloseTo(23.9304585, 6);
    expect(minLat).toBeCloseTo(61.4182646, 6);
    expect(maxLat).toBeCloseTo(61.5652079, 6);
    expect(maxId).toBe(9_337_453_812); // above 2^32: ids must not be truncated
    const histogram: Record<string, number> = {};
    for (const t of osm.wayTags) if (t.highway) histogram[t.highway] = (histogram[t.highway] ?? 0) + 1;
    expect(histogram).toMatchObject({ path: 8154, service: 5783, footway: 4638, cycleway: 3962, residential: 2942, motorway: 182 });
    expect(osm.wayRefStart.length).toBe(osm.wayCount + 1);
    expect(osm.wayRefStart[osm.wayCount]).toBe(osm.wayRefs.length);
  });

  it('decodes the Kotka test extract (14,222 nodes, 2,653 ways, 343 highways)', () => {
    const osm = readOsmPbf(KOTKA);
    expect(osm.nodeCount).toBe(14_222);
    expect(osm.wayCount).toBe(2653);
    expect(osm.wayTags.filter((t) => t.highway !== undefined).length).toBe(343);
    expect(osm.relationCount).toBe(5);
    // Data bbox (26.9300016, 60.5200026, 26.9699986, 60.5399913).
    expect(Math.min(...osm.lon)).toBeCloseTo(26.9300016, 6);
    expect(Math.max(...osm.lat)).toBeCloseTo(60.5399913, 6);
  });

  it('keeps only the ways the filter accepts, but counts them all', () => {
    const osm = readOsmPbf(KOTKA, { keepWay: (t) => t.highway !== undefined });
    expect(osm.wayCountInFile).toBe(2653);
    expect(osm.wayCount).toBe(343);
  });

  it('reads raw and zlib blobs of a hand-written file identically', () => {
    const nodes = [
      { id: 1, lon: 23.7, lat: 61.5 },
      { id: 5, lon: 23.701, lat: 61.5005 },
      { id: 9_000_000_001, lon: -0.1234567, lat: -33.5 },
    ];
    const ways = [{ id: 7, refs: [1, 5, 9_000_000_001], tags: { highway: 'residential', name: 'Hämeenkatu' } }];
    for (const compression of ['raw', 'zlib'] as const) {
      const osm = decodeOsmPbf(writeFixturePbf(nodes, ways, { compression }));
      expect([...osm.nodeId]).toEqual([1, 5, 9_000_000_001]);
      expect(osm.lon[2]).toBeCloseTo(-0.1234567, 7);
      expect(osm.lat[1]).toBeCloseTo(61.5005, 7);
      expect([...osm.wayRefs]).toEqual([1, 5, 9_000_000_001]);
      expect({ ...osm.wayTags[0] }).toEqual({ highway: 'residential', name: 'Hämeenkatu' });
      expect(compression === 'raw' ? osm.rawBlobs : osm.zlibBlobs).toBe(2);
    }
  });

  it('rejects a truncated copy with an InputError naming the file and the blob', () => {
    const bytes = readFileSync(TAMPERE);
    const file = join(tmp, 'truncated.osm.pbf');
    writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    expectInputError(() => readOsmPbf(file), /truncated\.osm\.pbf/, /blob #\d+ \(byte offset \d+\)/, /remain|truncated/);
  });

  it('rejects random bytes and an empty file with an InputError naming the file', () => {
    let seed = 42;
    const random = new Uint8Array(50_000).map(() => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff);
    const file = join(tmp, 'random.osm.pbf');
    writeFileSync(file, random);
    expectInputError(() => readOsmPbf(file), /random\.osm\.pbf/, /blob #0/);
    const empty = join(tmp, 'empty.osm.pbf');
    writeFileSync(empty, new Uint8Array(0));
    expectInputError(() => readOsmPbf(empty), /empty\.osm\.pbf/);
    expectInputError(() => readOsmPbf(join(tmp, 'missing.osm.pbf')), /missing\.osm\.pbf/);
  });

  it('rejects a corrupted data block (flipped bytes inside a zlib stream)', () => {
    const bytes = new Uint8Array(readFileSync(KOTKA));
    for (let i = 2000; i < 2100; i++) bytes[i] = bytes[i]! ^ 0x5a;
    expectInputError(() => decodeOsmPbf(bytes, { file: 'flipped.osm.pbf' }), /flipped\.osm\.pbf/, /blob #1/);
  });

  it('rejects unknown required features and lzma/zstd blobs, naming them', () => {
    const nodes = [{ id: 1, lon: 23, lat: 61 }];
    expectInputError(() => decodeOsmPbf(writeFixturePbf(nodes, [], { requiredFeatures: ['OsmSchema-V0.6', 'HistoricalInformation'] })), /HistoricalInformation/);
    expectInputError(() => decodeOsmPbf(writeFixturePbf(nodes, [], { compression: 'lzma' })), /lzma/);
    expectInputError(() => decodeOsmPbf(writeFixturePbf(nodes, [], { compression: 'zstd' })), /zstd/);
  });
});
