import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.js';
import { dataDir } from '../../test/paths.js';
import { buildEmmeGraph, EMME_ROAD_CLASS_KMH } from './emme.js';
import { travelDeciseconds } from './graph.js';

const DIR = dataDir('uusimaa_roads');
const built = buildEmmeGraph(DIR);

/** Records of one section of the base network file, as token arrays. */
function section(name: string): string[][] {
  const out: string[][] = [];
  let cur = '';
  for (const line of readFileSync(`${DIR}/base_network_test.txt`, 'utf8').split('\n')) {
    const t = line.trim().split(/\s+/);
    if (t[0] === 't') cur = t[1]!;
    else if (cur === name && (t[0] === 'a' || t[0] === 'a*')) out.push(t);
  }
  return out;
}

describe('EMME car network (Traficom LEM test network)', () => {
  it('keeps the car links and reports what it excluded', () => {
    const { graph, report } = built;
    expect(graph.meta).toMatchObject({ mode: 'car', profile: 'emme-car-v1' });
    expect(report.nodesInFile).toBe(1851);
    expect(report.linksInFile).toBe(5843);
    // 2705 links allow mode c (ROADS_PROVENANCE.md) = kept + connectors + ferries + foreign.
    expect(report.carLinks + report.connectorLinksExcluded + report.ferryLinksExcluded + report.foreignLinksExcluded + report.unknownClassLinksExcluded).toBe(2705);
    expect(report.ferryLinksExcluded).toBe(4);
    expect(graph.nodeCount).toBeGreaterThan(1500);
    expect(report.medianShapeLengthRatio).toBeCloseTo(1, 2); // the km column is the drawn length
  });

  it('covers the Keusote box (x 370–420 km, y 6680–6740 km) and has no centroid or foreign node', () => {
    const { graph } = built;
    let inBox = 0;
    for (let i = 0; i < graph.nodeCount; i++) {
      if (graph.x[i]! >= 370_000 && graph.x[i]! <= 420_000 && graph.y[i]! >= 6_680_000 && graph.y[i]! <= 6_740_000) inBox++;
      expect(graph.x[i]).toBeGreaterThanOrEqual(0);
    }
    expect(inBox).toBeGreaterThan(500); // 601 file nodes there, 9 of them centroids, some rail-only
    const ids = new Set(graph.nodeId);
    const centroids = section('nodes').filter((t) => t[0] === 'a*');
    expect(centroids.length).toBe(34);
    for (const c of centroids) expect(ids.has(Number(c[1]))).toBe(false);
    const links = section('links');
    for (const keusoteRoadNode of section('nodes').filter((t) => t[0] === 'a' && Number(t[2]) > 380_000 && Number(t[2]) < 400_000 && Number(t[3]) > 6_700_000 && Number(t[3]) < 6_720_000)) {
      // Road nodes near Järvenpää/Tuusula that carry car links are in the graph.
      const carLink = links.some((l) => (l[1] === keusoteRoadNode[1] || l[2] === keusoteRoadNode[1]) && l[4]!.includes('c') && Number(l[5]) % 100 !== 99);
      if (carLink) expect(ids.has(Number(keusoteRoadNode[1]))).toBe(true);
    }
  });

  it('prices every kept link at its LEM road-class free-flow speed', () => {
    const { graph } = built;
    const index = new Map<number, number>();
    graph.nodeId.forEach((id, i) => index.set(id, i));
    let checked = 0;
    for (const l of section('links')) {
      const i = index.get(Number(l[1]));
      const j = index.get(Number(l[2]));
      if (i === undefined || j === undefined || !l[4]!.includes('c')) continue;
      const cls = Number(l[5]) % 100;
      if (cls === 99 || cls === 44) continue;
      const metres = Number(l[3]) * 1000;
      const want = Math.max(1, travelDeciseconds(metres, EMME_ROAD_CLASS_KMH[cls]!));
      let found = false;
      for (let e = graph.firstEdge[i]!; e < graph.firstEdge[i + 1]!; e++) {
        if (graph.target[e] === j && graph.weight[e] === want && Math.abs(graph.length[e]! - metres) < 0.01) found = true;
      }
      expect(found, `link ${l[1]}→${l[2]} type ${l[5]}`).toBe(true);
      checked++;
    }
    expect(checked).toBe(built.graph.edgeCount);
    // Spot values of the table (FORMAT.md): 101 → 113, 116 → 63, 126 → 48, 136 → 30.
    expect([EMME_ROAD_CLASS_KMH[1], EMME_ROAD_CLASS_KMH[16], EMME_ROAD_CLASS_KMH[26], EMME_ROAD_CLASS_KMH[36]]).toEqual([113, 63, 48, 30]);
  });

  it('rejects a directory without a base network', () => {
    expect(() => buildEmmeGraph(dataDir('kotka_test'))).toThrow(InputError);
  });
});
