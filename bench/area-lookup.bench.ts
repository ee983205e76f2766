/**
 * Assigning demand points to municipalities: saavu's AreaIndex (flatbush R-tree + exact
 * point-in-polygon) against a baseline linear scan with a plain even-odd ray-casting test over every
 * polygon. Real data: the 19 NLS municipality polygons of Keusote and its neighbours, and the 1 km
 * grid cell centres plus the 250 m HSY cell centres (≈ 7,300 points). Both must agree.
 */
import { importRegion } from '../src/data/import-region.js';
import { readHsyGrid } from '../src/data/hsy-grid.js';
import { AreaIndex } from '../src/geo/polygon.js';
import type { Municipality, PolygonRings } from '../src/core/model.js';
import { dataDir } from '../test/paths.js';
import { report, time } from './harness.js';

const region = importRegion(dataDir('keusote'));
const areas = region.municipalities;
const points = [...region.demandCells, ...readHsyGrid(dataDir('capital_region', 'population_grid_250m.gpkg'), 'population_grid_250m').cells].map((c) => [c.x, c.y] as const);

function rayCast(poly: PolygonRings, x: number, y: number): boolean {
  let inside = false;
  for (const ring of poly) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}
function linearFind(x: number, y: number): Municipality | null {
  for (const a of areas) if (a.geometry.some((p) => rayCast(p, x, y))) return a;
  return null;
}

let ourResult: Array<string | undefined> = [];
let baseResult: Array<string | undefined> = [];
const ours = time(`AreaIndex.find × ${points.length} points`, () => {
  const idx = new AreaIndex(areas);
  ourResult = points.map(([x, y]) => idx.find(x, y)?.code);
});
const baseline = time(`linear scan + ray casting × ${points.length} points`, () => {
  baseResult = points.map(([x, y]) => linearFind(x, y)?.code);
});
const disagree = ourResult.filter((c, i) => c !== baseResult[i]).length;
report('Point-in-municipality assignment (19 NLS polygons)', ours, baseline, `${disagree} disagreements`);
