/**
 * Isochrones on the REAL Tampere car and walk networks, checked against an independent brute force:
 * node times from the label-correcting reference (not the engine's Dijkstra), and for sample points the
 * least time over ALL nodes of node time + off-network leg (a linear scan, not the raster). Points clearly
 * inside the threshold must lie inside the polygon, points clearly beyond it outside. The tolerance is one
 * raster cell travelled at the off-network speed (the contour is placed to within a cell).
 * SYNTHETIC: one reached node gives a disk of the off-network radius.
 */
import { describe, expect, it } from 'vitest';
import { buildOsmGraph } from '../network/build-osm.js';
import { pointInMultiPolygon, ringSignedArea } from '../geo/polygon.js';
import { lonLatTo3067 } from '../geo/crs.js';
import type { MultiPolygonRings } from '../core/model.js';
import { NO_PATH } from './cost.js';
import { isochroneAt, isochroneOptionsFor, isochronePolygons } from './isochrone.js';
import { referenceLabelCorrecting } from './reference-dijkstra.js';
import { seededRandom } from './synthetic.js';
import { dataDir } from '../../test/paths.js';

const toXY = (mp: number[][][][]): MultiPolygonRings => mp.map((poly) => poly.map((ring) => ring.map(([lon, lat]) => lonLatTo3067(lon!, lat!))));

describe('isochrones', () => {
  it('SYNTHETIC: a single node reached at 0 s gives a disk of the off-network radius', () => {
    const fc = isochronePolygons({ x: Float64Array.of(330_000), y: Float64Array.of(6_820_000), seconds: Float64Array.of(0) }, [10], { cellMetres: 20, maxOffNetworkMetres: 300, offNetworkKmh: 5 });
    expect(fc.features).toHaveLength(1);
    const area = fc.features[0]!.properties.areaKm2;
    expect(Math.abs(area - Math.PI * 0.09) / (Math.PI * 0.09)).toBeLessThan(0.05);
    // 10 min at 5 km/h is 833 m, but the leg stops at 300 m: the disk does not grow with the minutes.
    const fc2 = isochronePolygons({ x: Float64Array.of(330_000), y: Float64Array.of(6_820_000), seconds: Float64Array.of(0) }, [30], { cellMetres: 20, maxOffNetworkMetres: 300, offNetworkKmh: 5 });
    expect(fc2.features[0]!.properties.areaKm2).toBeCloseTo(area, 6);
  });

  for (const mode of ['car', 'walk'] as const) {
    it(`REAL Tampere ${mode}: polygons contain what the brute force reaches and exclude what it does not`, () => {
      const { graph } = buildOsmGraph(dataDir('tampere', 'tampere.osm.pbf'), mode);
      const [x, y] = lonLatTo3067(23.761, 61.4978); // Tampere centre (Keskustori)
      const minutes = mode === 'car' ? [5, 10, 15] : [10, 20, 30];
      const iso = isochroneAt(graph, x, y, minutes);
      expect(iso.features.map((f) => f.properties.minutes)).toEqual([...minutes].sort((a, b) => b - a));
      // Nested: a longer time never covers less.
      const areas = iso.features.map((f) => f.properties.areaKm2);
      for (let i = 1; i < areas.length; i++) expect(areas[i]!).toBeLessThan(areas[i - 1]!);
      // RFC 7946: exterior rings counter-clockwise, holes clockwise (in lon/lat).
      for (const f of iso.features) for (const poly of f.geometry.coordinates) poly.forEach((ring, ri) => {
        const s = ringSignedArea(ring as Array<[number, number]>);
        expect(ri === 0 ? s > 0 : s < 0).toBe(true);
      });

      // Independent times: reference search from the snapped node with the access offset.
      const ref = referenceLabelCorrecting(graph, [{ node: iso.origin.node, offsetDeciseconds: Math.round(iso.origin.accessMinutes * 600) }]);
      const opt = isochroneOptionsFor(graph);
      const legSpeed = opt.offNetworkKmh! / 3.6;
      const tol = (opt.cellMetres! * Math.SQRT2) / legSpeed / 60 + 0.05; // minutes
      const bruteMinutes = (px: number, py: number): number => {
        let best = Infinity;
        for (let v = 0; v < graph.nodeCount; v++) {
          const ds = ref.deciseconds[v]!;
          if (ds === NO_PATH) continue;
          const d = Math.hypot(graph.x[v]! - px, graph.y[v]! - py);
          if (d > opt.maxOffNetworkMetres!) continue;
          best = Math.min(best, ds / 600 + (d * opt.detourFactor!) / legSpeed / 60);
        }
        return best;
      };
      const rnd = seededRandom(mode === 'car' ? 3 : 4);
      let inside = 0, outside = 0;
      for (const f of iso.features) {
        const T = f.properties.minutes;
        const mp = toXY(f.geometry.coordinates);
        for (let k = 0; k < 150; k++) {
          // Sample near the network (so the brute force has something to say): a random node + up to 400 m.
          const v = Math.floor(rnd() * graph.nodeCount);
          const px = graph.x[v]! + (rnd() - 0.5) * 800, py = graph.y[v]! + (rnd() - 0.5) * 800;
          const t = bruteMinutes(px, py);
          if (t <= T - tol) {
            expect(pointInMultiPolygon(mp, px, py), `(${px.toFixed(0)}, ${py.toFixed(0)}) at ${t.toFixed(2)} min inside ${T}`).toBe(true);
            inside++;
          } else if (t >= T + tol) {
            expect(pointInMultiPolygon(mp, px, py), `(${px.toFixed(0)}, ${py.toFixed(0)}) at ${t.toFixed(2)} min outside ${T}`).toBe(false);
            outside++;
          }
        }
      }
      expect(inside).toBeGreaterThan(10);
      expect(outside).toBeGreaterThan(10);
    }, 120_000);
  }
});
