/** `saavu info <project.gpkg> [--json] [--lang fi|sv|en]`: municipalities, population sources side by side, sites, warnings. */
import { existsSync } from 'node:fs';
import { UsageError } from '../../core/errors.js';
import { AGE_BANDS } from '../../core/model.js';
import { summarizeRegion, type RegionSummary } from '../../data/region-summary.js';
import { t, type Lang } from '../../report/i18n.js';
import { openProject } from '../../store/project.js';
import { projectTravelMatrix, TRAVEL_MODES, type TravelSummary } from '../../store/travel.js';
import { closeMatrixWorkers } from '../../route/matrix.js';
import { renderTravelSummary } from './init.js';
import { formatDiff, formatTable } from '../format-table.js';

export async function runInfo(projectFile: string, opts: { json?: boolean; lang: Lang }): Promise<void> {
  if (!existsSync(projectFile)) throw new UsageError(`${projectFile}: no such project file (create one with \`saavu init ${projectFile} --region data/keusote\`)`);
  const { region, metadata } = openProject(projectFile);
  const summary = summarizeRegion(region);
  // Travel times of every mode with a stored network (the matrix is computed and stored on first use).
  const travel: TravelSummary[] = [];
  try {
    for (const mode of TRAVEL_MODES) if (metadata[`network_${mode}`]) travel.push((await projectTravelMatrix(projectFile, region, metadata, mode)).summary);
  } finally {
    await closeMatrixWorkers();
  }
  if (opts.json) process.stdout.write(`${JSON.stringify({ ...summary, travel }, null, 2)}\n`);
  else process.stdout.write(`${renderInfo(summary, opts.lang)}\n${travel.length ? `\n${travel.map((tr) => renderTravelSummary(tr, opts.lang)).join('\n')}\n` : ''}`);
}

/** Human-readable report of a region summary in one language. */
export function renderInfo(s: RegionSummary, lang: Lang): string {
  const c = (key: string) => t(lang, `col.${key}`);
  const total = t(lang, 'row.total');
  const out: string[] = [s.region.name[lang], ''];
  out.push(t(lang, 'info.ages', { year: s.region.ageYear }));
  out.push(formatTable(
    [c('code'), c('name'), c('otherName'), c('total'), ...AGE_BANDS],
    [
      ...s.municipalities.map((m) => [m.code, m.name_fi, m.name_sv, m.population.total, ...AGE_BANDS.map((b) => m.population[b])]),
      ['', total, '', s.totals.population.total, ...AGE_BANDS.map((b) => s.totals.population[b])],
    ],
    lang,
  ));
  out.push('', t(lang, 'info.agree', { year: s.region.gridYear, partial: s.region.gridCoverage === 'partial' ? t(lang, 'info.partial') : '' }));
  const tt = s.totals;
  out.push(formatTable(
    [c('code'), c('name'), c('ageTable'), c('grid'), c('gridDiff'), c('postal'), c('postalDiff'), c('cells'), c('sites')],
    [
      ...s.municipalities.map((m) => [m.code, m.name_fi, m.sources.ageTable, m.sources.grid, formatDiff(m.differences.grid, m.differences.gridPercent, lang), m.sources.postalAreas, formatDiff(m.differences.postalAreas, m.differences.postalAreasPercent, lang), m.demandCells, m.sites]),
      ['', total, tt.ageTable, tt.grid, formatDiff(tt.differences.grid, tt.differences.gridPercent, lang), tt.postalAreas,
        formatDiff(tt.differences.postalAreas, tt.differences.postalAreasPercent, lang), s.demandCells, s.sites.length],
    ],
    lang,
  ));
  const kinds = Object.entries(s.sitesByKind).map(([k, n]) => `${t(lang, `kind.${k}`)} ${n}`).join(', ');
  out.push('', t(lang, 'info.sites', { n: s.sites.length, kinds }));
  out.push(formatTable([c('id'), c('siteName'), c('kind'), c('municipality'), c('status')], s.sites.map((x) => [x.id, x.name, t(lang, `kind.${x.kind}`), x.municipality, t(lang, `status.${x.status}`)]), lang));
  out.push('', t(lang, 'info.warnings', { n: s.warnings.length }), ...(s.warnings.length ? s.warnings.map((w) => `  - ${w}`) : [`  ${t(lang, 'info.none')}`]));
  out.push('', t(lang, 'info.sources'), ...s.sources.map((x) => `  - ${x.title}: ${x.attribution} (${x.licence})`));
  return out.join('\n');
}
