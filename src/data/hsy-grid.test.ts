import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDir } from '../../test/paths.js';
import { AGE_BANDS } from '../core/model.js';
import { writeGeoPackage } from './geopackage.js';
import { HSY_DUMMY_CELL_INDEX, readHsyGrid } from './hsy-grid.js';

const sumBands = (a: Record<string, number>) => AGE_BANDS.reduce((s, b) => s + a[b]!, 0);

// Expected figures are those stated in data/capital_region/POPULATION_PROVENANCE.md (section 5).
describe('HSY 250 m grid 2021 (real data)', () => {
  const g = readHsyGrid(dataDir('capital_region', 'population_grid_250m.gpkg'), 'population_grid_250m', { year: 2021 });

  it('drops the dummy cell at sea and reports its residents as unlocated', () => {
    expect(g.unlocated).toMatchObject({ index: HSY_DUMMY_CELL_INDEX, residents: 30_427 });
    expect(g.cells.length).toBe(5_852);
    expect(g.cells.reduce((s, c) => s + c.population, 0)).toBe(1_176_741);
    expect(g.cells.some((c) => c.id === `hsy250-${HSY_DUMMY_CELL_INDEX}`)).toBe(false);
    // every real cell lies north of the dummy cell's row (≈ y 6 658 589, in the Gulf of Finland)
    expect(Math.min(...g.cells.map((c) => c.y))).toBeGreaterThan(6_665_000);
  });

  it('never sums the 99 codes: suppressed cells keep their total and take the observed age structure', () => {
    expect(g.suppressed).toEqual({ cells: 2_585, residents: 94_013 });
    expect(g.observed.cells + 1).toBe(3_268); // + the dummy cell, which has age data
    expect(g.observed.residents + g.unlocated!.residents).toBe(1_113_155);
    // 75+ = 80+ plus half of 70–79: 46,184 + 88,007 / 2 over all cells with age data
    expect(g.observed.ages['75+'] + g.unlocated!.ages!['75+']).toBeCloseTo(46_184 + 88_007 / 2, 6);
    const share75 = g.observed.ages['75+'] / sumBands(g.observed.ages);
    for (const c of g.cells) {
      expect(sumBands(c.ages)).toBeCloseTo(c.population, 6);
      if (c.ageMethod === 'grid-structure') {
        expect(c.population).toBeLessThan(100);
        expect(c.ages['75+'] / c.population).toBeCloseTo(share75, 9);
      }
    }
    expect(g.cells.filter((c) => c.ageMethod === 'grid-structure').length).toBe(2_585);
  });

  it('flags the one cell whose age groups miss its total (index 8674, off by one per the provenance)', () => {
    expect(g.warnings.filter((w) => w.includes('sum to'))).toEqual([expect.stringMatching(/cell 8674 age groups sum to \d+ but asukkaita is \d+; ages rescaled/)]);
  });
});

describe('HSY 250 m grid 2015 (upper-case columns)', () => {
  const g = readHsyGrid(dataDir('capital_region', 'population_grid_250m_2015.gpkg'), 'population_grid_250m_2015', { year: 2015 });
  it('reads the 2015 schema with the same rules', () => {
    expect(g.unlocated?.residents).toBe(30_244);
    expect(g.cells.length).toBe(5_783);
    expect(g.cells.reduce((s, c) => s + c.population, 0)).toBe(1_087_308);
    expect(g.suppressed).toEqual({ cells: 2_743, residents: 98_877 });
    expect(g.observed.residents + g.unlocated!.residents).toBe(1_018_675);
  });
});

describe('HSY grid bad input (synthetic GeoPackage)', () => {
  it('names the missing age column', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'saavu-hsy-')), 'hsy.gpkg');
    writeGeoPackage(file, {
      layers: [{
        name: 'grid', geometryType: 'POLYGON', srsId: 3067,
        fields: [{ name: 'index', type: 'INTEGER' }, { name: 'asukkaita', type: 'INTEGER' }],
        features: [{ properties: { index: 1, asukkaita: 120 }, geometry: { type: 'Polygon', coordinates: [[[385000, 6672000], [385250, 6672000], [385250, 6672250], [385000, 6672000]]] } }],
      }],
    });
    expect(() => readHsyGrid(file, 'grid')).toThrow(/hsy\.gpkg, layer grid, field "ika0_9": missing column/);
  });
});
