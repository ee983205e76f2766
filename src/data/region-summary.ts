/**
 * The first answers a planner asks of a region: residents per municipality by age band, how far the
 * population sources agree (Paavo age table vs the 1 km grid vs Paavo postal areas), demand cells
 * and service points. Plain data; the CLI, the API and reports render it.
 */
import { AGE_BANDS, type AgePopulation, type Region, type SiteKind } from '../core/model.js';

export interface MunicipalitySummary {
  code: string;
  name_fi: string;
  name_sv: string;
  /** Paavo municipal age table (year = populationYear); bands rounded to persons, summing to total. */
  population: { total: number } & AgePopulation;
  /** Totals of the same municipality from each source; null where the region has no such source. */
  sources: { ageTable: number; grid: number; postalAreas: number | null };
  /** Source total minus the Paavo age-table total, persons and percent. */
  differences: { grid: number; gridPercent: number; postalAreas: number | null; postalAreasPercent: number | null };
  demandCells: number;
  sites: number;
}

export interface RegionSummary {
  region: { id: string; name: { fi: string; sv: string; en: string }; gridYear: number; ageYear: number; gridCoverage: 'full' | 'partial' };
  municipalities: MunicipalitySummary[];
  totals: MunicipalitySummary['sources'] & { population: { total: number } & AgePopulation; differences: MunicipalitySummary['differences'] };
  demandCells: number;
  postalAreas: number;
  sites: Array<{ id: string; name: string; kind: SiteKind; municipality: string; status: string }>;
  sitesByKind: Record<string, number>;
  sources: Array<{ key: string; title: string; licence: string; attribution: string }>;
  warnings: string[];
}

const pct = (d: number, base: number) => (base === 0 ? 0 : Math.round((1000 * d) / base) / 10);

/** Summarise a region: per-municipality population from every source side by side. */
export function summarizeRegion(region: Region): RegionSummary {
  const hasPostal = region.postalAreas.length > 0;
  const members = region.municipalities.filter((m) => m.inRegion).sort((a, b) => a.code.localeCompare(b.code));
  const differences = (ageTable: number, grid: number, postal: number | null): MunicipalitySummary['differences'] => ({
    grid: grid - ageTable,
    gridPercent: pct(grid - ageTable, ageTable),
    postalAreas: postal === null ? null : postal - ageTable,
    postalAreasPercent: postal === null ? null : pct(postal - ageTable, ageTable),
  });
  const municipalities = members.map((m): MunicipalitySummary => {
    const pop = m.population ?? { total: 0, '0-14': 0, '15-64': 0, '65-74': 0, '75+': 0 };
    const cells = region.demandCells.filter((c) => c.municipalityCode === m.code);
    const grid = cells.reduce((s, c) => s + c.population, 0);
    const postal = hasPostal ? region.postalAreas.filter((p) => p.municipalityCode === m.code).reduce((s, p) => s + p.population, 0) : null;
    return {
      code: m.code,
      name_fi: m.nameFi,
      name_sv: m.nameSv,
      population: { total: pop.total, '0-14': pop['0-14'], '15-64': pop['15-64'], '65-74': pop['65-74'], '75+': pop['75+'] },
      sources: { ageTable: pop.total, grid, postalAreas: postal },
      differences: differences(pop.total, grid, postal),
      demandCells: cells.length,
      sites: region.sites.filter((s) => s.municipalityCode === m.code).length,
    };
  });
  const sum = (f: (m: MunicipalitySummary) => number) => municipalities.reduce((s, m) => s + f(m), 0);
  const population = { total: sum((m) => m.population.total) } as { total: number } & AgePopulation;
  for (const b of AGE_BANDS) population[b] = sum((m) => m.population[b]);
  const totalGrid = sum((m) => m.sources.grid);
  const totalPostal = hasPostal ? sum((m) => m.sources.postalAreas ?? 0) : null;
  const sitesByKind: Record<string, number> = {};
  for (const s of region.sites) sitesByKind[s.kind] = (sitesByKind[s.kind] ?? 0) + 1;
  return {
    region: { id: region.id, name: region.names, gridYear: region.gridYear, ageYear: region.ageYear, gridCoverage: region.gridCoverage },
    municipalities,
    totals: { ageTable: population.total, grid: totalGrid, postalAreas: totalPostal, population, differences: differences(population.total, totalGrid, totalPostal) },
    demandCells: region.demandCells.length,
    postalAreas: region.postalAreas.length,
    sites: region.sites.map((s) => ({ id: s.id, name: s.name, kind: s.kind, municipality: s.municipalityCode, status: s.status })),
    sitesByKind,
    sources: region.sources.map((s) => ({ key: s.key, title: s.title, licence: s.licence, attribution: s.attribution })),
    warnings: region.warnings,
  };
}
