/** `saavu init <project.gpkg> --region <dir>`: import a region folder into a new project file. */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { importRegion } from '../../data/import-region.js';
import { writeProject } from '../../store/project.js';
import { t, type Lang } from '../../report/i18n.js';
import { formatNumber } from '../format-table.js';
import { createProgress } from '../progress.js';

export interface InitOptions {
  region: string;
  force?: boolean;
  json?: boolean;
  lang: Lang;
}

export function runInit(projectFile: string, opts: InitOptions): void {
  if (!existsSync(resolve(opts.region, 'region.json'))) {
    throw new UsageError(`--region ${opts.region}: no region.json in that folder (try data/keusote or data/tampere)`);
  }
  if (existsSync(projectFile) && !opts.force) {
    throw new UsageError(`${projectFile} exists; pass --force to replace it`);
  }
  const progress = createProgress('import', !opts.json);
  const region = importRegion(opts.region, { onProgress: (step, done, total) => progress.update(step, done, total) });
  progress.update('writing', 1, 1);
  mkdirSync(dirname(resolve(projectFile)), { recursive: true });
  writeProject(projectFile, region, { overwrite: Boolean(opts.force), saavuVersion: packageVersion() });
  progress.stop();
  const pop = region.demandCells.reduce((s, c) => s + c.population, 0);
  const summary = {
    project: projectFile,
    region: region.id,
    municipalities: region.municipalities.filter((m) => m.inRegion).length,
    demandCells: region.demandCells.length,
    demandPopulation: pop,
    postalAreas: region.postalAreas.length,
    sites: region.sites.length,
    warnings: region.warnings.length,
  };
  if (opts.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else {
    const text = t(opts.lang, 'init.done', {
      file: projectFile, region: region.names[opts.lang], municipalities: summary.municipalities, cells: summary.demandCells,
      population: formatNumber(pop, opts.lang), postal: summary.postalAreas, sites: summary.sites, warnings: summary.warnings,
    });
    process.stdout.write(`${text}\n`);
  }
}

export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '';
  }
}
