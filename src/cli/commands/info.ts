/** `saavu info <project.gpkg> [--json]`: municipalities, population sources side by side, sites, warnings. */
import { existsSync } from 'node:fs';
import { UsageError } from '../../core/errors.js';
import { AGE_BANDS } from '../../core/model.js';
import { summarizeRegion, type RegionSummary } from '../../data/region-summary.js';
import { openProject } from '../../store/project.js';
import { formatDiff, formatTable } from '../format-table.js';

export function runInfo(projectFile: string, opts: { json?: boolean }): void {
  if (!existsSync(projectFile)) throw new UsageError(`${projectFile}: no such project file (create one with \`saavu init ${projectFile} --region data/keusote\`)`);
  const { region } = openProject(projectFile);
  const summary = summarizeRegion(region);
  process.stdout.write(opts.json ? `${JSON.stringify(summary, null, 2)}\n` : `${renderInfo(summary)}\n`);
}

/** Human-readable report of a region summary. */
export function renderInfo(s: RegionSummary): string {
  const out: string[] = [];
  out.push(`${s.region.name.fi} — ${s.region.name.en}`, '');
  out.push('Residents by age band (Statistics Finland Paavo, 2018; 0–14/15–64 split of the 13–15 band pro rata):');
  out.push(formatTable(
    ['code', 'municipality', 'kommun', 'total', ...AGE_BANDS],
    [
      ...s.municipalities.map((m) => [m.code, m.name_fi, m.name_sv, m.population.total, ...AGE_BANDS.map((b) => m.population[b])]),
      ['', 'total', '', s.totals.population.total, ...AGE_BANDS.map((b) => s.totals.population[b])],
    ],
  ));
  out.push('', `How far the population sources agree (difference against the Paavo age table; grid ${s.region.gridYear}${s.region.gridCoverage === 'partial' ? ', covers only a study box' : ''}):`);
  out.push(formatTable(
    ['code', 'municipality', 'age table', 'grid 1 km', 'grid − table', 'postal areas', 'postal − table', 'cells', 'sites'],
    [
      ...s.municipalities.map((m) => [m.code, m.name_fi, m.sources.ageTable, m.sources.grid, formatDiff(m.differences.grid, m.differences.gridPercent), m.sources.postalAreas, formatDiff(m.differences.postalAreas, m.differences.postalAreasPercent), m.demandCells, m.sites]),
      ['', 'total', s.totals.ageTable, s.totals.grid, formatDiff(s.totals.grid - s.totals.ageTable, Math.round((1000 * (s.totals.grid - s.totals.ageTable)) / s.totals.ageTable) / 10), s.totals.postalAreas, s.totals.postalAreas === null ? null : formatDiff(s.totals.postalAreas - s.totals.ageTable, Math.round((1000 * (s.totals.postalAreas - s.totals.ageTable)) / s.totals.ageTable) / 10), s.demandCells, s.sites.length],
    ],
  ));
  out.push('', `Service points (${s.sites.length}; ${Object.entries(s.sitesByKind).map(([k, n]) => `${k} ${n}`).join(', ')}):`);
  out.push(formatTable(['id', 'name', 'kind', 'mun.', 'status'], s.sites.map((x) => [x.id, x.name, x.kind, x.municipality, x.status])));
  out.push('', `Warnings (${s.warnings.length}):`, ...(s.warnings.length ? s.warnings.map((w) => `  - ${w}`) : ['  none']));
  out.push('', 'Sources:', ...s.sources.map((x) => `  - ${x.title}: ${x.attribution} (${x.licence})`));
  return out.join('\n');
}
