/**
 * Result layers in the project file, for QGIS (`saavu access --gpkg`): per evaluated network (today's,
 * or a scenario) two feature layers, replaced in one transaction when written again:
 *   result_cells_<slug>            POINT, one per demand cell: residents, minutes to the nearest service
 *                                  point (free and home-municipality choice), its id, points within 30 min,
 *                                  the minutes class (0-10, 10-20, 20-30, 30-45, >45, none)
 *   result_municipalities_<slug>   MULTIPOLYGON: residents, share within 30 min (all, 75+), mean, median,
 *                                  p90, home-choice share, and pass/fail of each rule (1/0)
 * <slug> is "base" for today's network, else the scenario name in lower case with [^a-z0-9] → "_".
 */
import type { Region } from '../core/model.js';
import { replaceLayers, type LayerSpec } from '../data/geopackage.js';
import type { AccessResult } from '../access/indicators.js';
import type { Verdict } from '../access/rules.js';

export const MINUTE_CLASSES = ['0-10', '10-20', '20-30', '30-45', '>45'] as const;

export function minuteClass(minutes: number | null): string {
  if (minutes === null) return 'none';
  if (minutes <= 10) return '0-10';
  if (minutes <= 20) return '10-20';
  if (minutes <= 30) return '20-30';
  if (minutes <= 45) return '30-45';
  return '>45';
}

export function resultSlug(scenarioName: string): string {
  if (scenarioName === 'base') return 'base';
  const s = scenarioName.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40);
  return s || 'scenario';
}

/** Write (or replace) the result layers of one evaluated network; returns the layer names. */
export function writeResultLayers(file: string, region: Region, scenarioName: string, mode: string, access: AccessResult, verdicts: readonly Verdict[]): string[] {
  const slug = `${resultSlug(scenarioName)}_${mode}`;
  const rules = [...new Set(verdicts.map((v) => v.rule))];
  const ruleField = (id: string) => `pass_${id.replace(/[^a-z0-9]+/g, '_')}`;
  const cells: LayerSpec = {
    name: `result_cells_${slug}`,
    description: `saavu access, ${scenarioName}, ${mode}: minutes from each demand cell to the nearest operating ${access.kinds.join('/')}`,
    geometryType: 'POINT',
    srsId: 3067,
    fields: [
      { name: 'cell_id', type: 'TEXT' }, { name: 'municipality', type: 'TEXT' }, { name: 'postal_area', type: 'TEXT' },
      { name: 'pop_total', type: 'REAL' }, { name: 'pop_75_plus', type: 'REAL' }, { name: 'minutes', type: 'REAL' }, { name: 'site_id', type: 'TEXT' },
      { name: 'home_minutes', type: 'REAL' }, { name: 'home_site_id', type: 'TEXT' }, { name: 'sites_within_30', type: 'INTEGER' }, { name: 'minutes_class', type: 'TEXT' },
    ],
    features: access.cells.map((c, i) => ({
      properties: {
        cell_id: c.id, municipality: c.municipality, postal_area: c.postalArea, pop_total: c.population, pop_75_plus: c.ages['75+'],
        minutes: c.minutes, site_id: c.site, home_minutes: c.homeMinutes, home_site_id: c.homeSite, sites_within_30: c.sitesWithin, minutes_class: minuteClass(c.minutes),
      },
      geometry: { type: 'Point', coordinates: [region.demandCells[i]!.x, region.demandCells[i]!.y] },
    })),
  };
  const munGeom = new Map(region.municipalities.map((m) => [m.code, m.geometry]));
  const municipalities: LayerSpec = {
    name: `result_municipalities_${slug}`,
    description: `saavu access and rules, ${scenarioName}, ${mode}`,
    geometryType: 'MULTIPOLYGON',
    srsId: 3067,
    fields: [
      { name: 'code', type: 'TEXT' }, { name: 'name', type: 'TEXT' }, { name: 'pop_total', type: 'REAL' },
      { name: 'share_30', type: 'REAL' }, { name: 'share_30_75_plus', type: 'REAL' }, { name: 'mean_minutes', type: 'REAL' }, { name: 'median_minutes', type: 'REAL' },
      { name: 'p90_minutes', type: 'REAL' }, { name: 'home_share_30', type: 'REAL' },
      ...rules.map((r) => ({ name: ruleField(r), type: 'INTEGER' as const })),
    ],
    features: access.municipalities.map((m) => ({
      properties: {
        code: m.code, name: m.name, pop_total: m.byAge.all.free.population, share_30: m.byAge.all.free.withinShare['30'] ?? null,
        share_30_75_plus: m.byAge['75+'].free.withinShare['30'] ?? null, mean_minutes: m.byAge.all.free.meanMinutes, median_minutes: m.byAge.all.free.medianMinutes,
        p90_minutes: m.byAge.all.free.p90Minutes, home_share_30: m.byAge.all.home.withinShare['30'] ?? null,
        ...Object.fromEntries(rules.map((r) => {
          const v = verdicts.find((x) => x.rule === r && x.municipality === m.code);
          return [ruleField(r), v ? (v.pass ? 1 : 0) : null];
        })),
      },
      geometry: { type: 'MultiPolygon', coordinates: munGeom.get(m.code)! },
    })),
  };
  replaceLayers(file, [cells, municipalities]);
  return [cells.name, municipalities.name];
}
