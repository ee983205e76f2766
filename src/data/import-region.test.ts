import { describe, expect, it } from 'vitest';
import { dataDir } from '../../test/paths.js';
import { AGE_BANDS } from '../core/model.js';
import { AreaIndex } from '../geo/polygon.js';
import { readGrid1kmCsv, readGridvizTile } from './eurostat-grid.js';
import { readLayer } from './geopackage.js';
import { importRegion, postalAreaDemand } from './import-region.js';
import { readSitesCsv } from './sites.js';

describe('importRegion on the bundled Keusote data', () => {
  const region = importRegion(dataDir('keusote'));
  const members = region.municipalities.filter((m) => m.inRegion);

  it('has the six member municipalities and 13 neighbours (PROVENANCE.md)', () => {
    expect(members.map((m) => m.code).sort()).toEqual(['106', '186', '505', '543', '611', '858']);
    expect(region.municipalities.length).toBe(19);
    expect(members.find((m) => m.code === '186')!.nameSv).toBe('Träskända');
  });

  it('municipal populations equal the Paavo age table (total 196,997 per PROVENANCE.md)', () => {
    expect(members.reduce((s, m) => s + m.population!.total, 0)).toBe(196_997);
    for (const m of members) {
      const p = m.population!;
      expect(AGE_BANDS.reduce((s, b) => s + p[b], 0)).toBe(p.total);
    }
  });

  it('assigns every grid cell to the same municipality as the independent (shapely) assignment in grid_1km.csv', () => {
    const raw = readGrid1kmCsv(dataDir('keusote', 'grid_1km.csv'));
    const byId = new Map(region.demandCells.map((c) => [c.id, c]));
    let checked = 0;
    for (const r of raw) {
      const c = byId.get(`1kmN${r.y3035 / 1000}E${r.x3035 / 1000}`);
      if (r.population === 0) {
        expect(c).toBeUndefined();
        continue;
      }
      expect(c?.municipalityCode).toBe(r.municipalityCode);
      checked++;
    }
    // PROVENANCE.md: 1,405 cells with 2018 population > 0, total 196,024
    expect(checked).toBe(1405);
    expect(region.demandCells.reduce((s, c) => s + c.population, 0)).toBe(196_024);
    expect(region.warnings.filter((w) => w.includes('grid'))).toEqual([]);
  });

  it('splits each cell by its municipality age structure; bands add up to the cell total', () => {
    for (const c of region.demandCells) {
      const m = members.find((x) => x.code === c.municipalityCode)!;
      expect(AGE_BANDS.reduce((s, b) => s + c.ages[b], 0)).toBeCloseTo(c.population, 6);
      expect(c.ages['75+'] / c.population).toBeCloseTo(m.population!['75+'] / m.population!.total, 9);
    }
  });

  it('gives postal areas the municipality of their centroid, as the independent (shapely) assignment in the file does', () => {
    expect(region.postalAreas.length).toBe(63);
    const labelled = new Map(readLayer(dataDir('keusote', 'postal_areas.gpkg'), 'postal_areas').features.map((f) => [String(f.properties.posti_alue), String(f.properties.kunta_natcode)]));
    for (const p of region.postalAreas) expect(p.municipalityCode, p.code).toBe(labelled.get(p.code));
    const sums = new Map<string, number>();
    for (const p of region.postalAreas) sums.set(p.municipalityCode, (sums.get(p.municipalityCode) ?? 0) + p.population);
    // PROVENANCE.md: Hyvinkää 47,088; Järvenpää 40,714; Mäntsälä 20,558; Nurmijärvi 41,196; Pornainen 4,944; Tuusula 39,523
    expect(Object.fromEntries([...sums].sort())).toEqual({ '106': 47_088, '186': 40_714, '505': 20_558, '543': 41_196, '611': 4_944, '858': 39_523 });
  });

  it('offers postal areas as an alternative demand unit with ages by the municipal structure', () => {
    const demand = postalAreaDemand(region);
    expect(demand.length).toBe(63);
    expect(demand.reduce((s, d) => s + d.population, 0)).toBe(194_023); // PROVENANCE.md
    for (const d of demand) {
      expect(AGE_BANDS.reduce((s, b) => s + d.ages[b], 0)).toBeCloseTo(d.population, 6);
      // a centroid can fall outside a concave area; it must at least lie in the area's municipality
      const m = members.find((x) => x.code === d.municipalityCode)!;
      expect(new AreaIndex([m]).find(d.x, d.y)).not.toBeNull();
    }
  });

  it('finds every site inside the municipality its sites.csv row names, and records a sha256 per source file', () => {
    const labels = new Map(readSitesCsv(dataDir('keusote', 'sites.csv')).map((s) => [s.id, s.municipalityCode]));
    const idx = new AreaIndex(members);
    for (const s of region.sites) expect(idx.find(s.x, s.y)?.code, s.id).toBe(labels.get(s.id));
    expect(region.warnings).toEqual([]);
    expect(region.sources.every((s) => /^[0-9a-f]{64}$/.test(s.sha256 ?? ''))).toBe(true);
  });
});

describe('the GEOSTAT grid rebuilt from the raw gridviz tiles', () => {
  it('reproduces grid_1km.csv exactly (tile formula, EPSG:3035 → 3067, point-in-polygon)', () => {
    const region = importRegion(dataDir('keusote'));
    const idx = new AreaIndex(region.municipalities.filter((m) => m.inRegion));
    const tiles: Array<[number, number]> = [[39, 32], [39, 33], [40, 32], [40, 33]];
    const rebuilt: string[] = [];
    for (const [tx, ty] of tiles) {
      for (const c of readGridvizTile(dataDir('keusote', 'grid_1km_eurostat', `${tx}_${ty}_bbox_rows.csv`), tx, ty, 2018)) {
        const m = idx.find(c.x, c.y);
        if (m) rebuilt.push(`${c.x3035},${c.y3035},${c.population},${m.code}`);
      }
    }
    const shipped = readGrid1kmCsv(dataDir('keusote', 'grid_1km.csv')).map((c) => `${c.x3035},${c.y3035},${c.population},${c.municipalityCode}`);
    expect(rebuilt.sort()).toEqual(shipped.sort());
  });
});

describe('importRegion on the bundled Tampere data', () => {
  const region = importRegion(dataDir('tampere'));
  it('imports six municipalities, the partial grid and the sites', () => {
    expect(region.municipalities.filter((m) => m.inRegion).length).toBe(6);
    expect(region.gridCoverage).toBe('partial');
    // POPULATION_PROVENANCE.md: 290 rows, 280 with population > 0, total 264,783 (2018)
    expect(region.demandCells.length).toBe(280);
    expect(region.demandCells.reduce((s, c) => s + c.population, 0)).toBe(264_783);
    expect(region.municipalities.find((m) => m.code === '837')!.population!.total).toBe(235_239);
    expect(region.sites.length).toBeGreaterThan(0);
  });
});
