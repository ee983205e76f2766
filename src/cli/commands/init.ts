/** `saavu init <project.gpkg> --region <dir>`: import a region folder into a new project file. */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { IMPORT_STEPS, importRegion } from '../../data/import-region.js';
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
  if (!projectFile.toLowerCase().endsWith('.gpkg')) throw new UsageError(`${projectFile}: a project file is a GeoPackage and its name must end in .gpkg`);
  if (existsSync(projectFile) && !opts.force) throw new UsageError(`${projectFile} already exists; pass --force to replace it`);
  const progress = createProgress('import', !opts.json);
  const total = IMPORT_STEPS + 1;
  const region = importRegion(opts.region, { onProgress: (step, done) => progress.update(step, done, total) });
  progress.update('writing', IMPORT_STEPS, total);
  const createdDir = ensureDir(dirname(resolve(projectFile)));
  try {
    writeProject(projectFile, region, { overwrite: Boolean(opts.force), saavuVersion: packageVersion() });
  } catch (e) {
    if (createdDir) rmSync(createdDir, { recursive: true, force: true });
    throw e;
  } finally {
    progress.update('done', total, total);
    progress.stop();
  }
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

/** Create the output folder if needed; returns the topmost folder created (to remove on failure) or null. */
function ensureDir(dir: string): string | null {
  try {
    return mkdirSync(dir, { recursive: true }) ?? null;
  } catch (e) {
    throw new UsageError(`cannot create the folder ${dir} for the project file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '';
  }
}
