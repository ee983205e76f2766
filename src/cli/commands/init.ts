/** `saavu init <project.gpkg> --region <dir>`: import a region folder into a new project file. */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { IMPORT_STEPS, importRegion } from '../../data/import-region.js';
import { readRegionManifest } from '../../data/region-manifest.js';
import type { TravelMode } from '../../network/graph.js';
import type { NetworkSource } from '../../network/load-network.js';
import { writeProject } from '../../store/project.js';
import { manifestNetwork, prepareTravel, TRAVEL_MODES, type TravelSummary } from '../../store/travel.js';
import { t, type Lang } from '../../report/i18n.js';
import { formatNumber } from '../format-table.js';
import { createProgress } from '../progress.js';

export interface InitOptions {
  region: string;
  /** Car network from this OSM PBF instead of the region's own (e.g. a Keusote OSM extract). */
  osm?: string;
  /** Modes whose network and demand × sites matrix are built now (default: car). */
  modes?: string;
  force?: boolean;
  json?: boolean;
  lang: Lang;
}

export async function runInit(projectFile: string, opts: InitOptions): Promise<void> {
  if (!existsSync(resolve(opts.region, 'region.json'))) {
    throw new UsageError(`--region ${opts.region}: no region.json in that folder (try data/keusote or data/tampere)`);
  }
  if (!projectFile.toLowerCase().endsWith('.gpkg')) throw new UsageError(`${projectFile}: a project file is a GeoPackage and its name must end in .gpkg`);
  if (existsSync(projectFile) && !opts.force) throw new UsageError(`${projectFile} already exists; pass --force to replace it`);
  const modes = parseModes(opts.modes ?? 'car');
  if (opts.osm && !existsSync(opts.osm)) throw new UsageError(`--osm ${opts.osm}: no such file`);
  const progress = createProgress('import', !opts.json);
  const total = IMPORT_STEPS + 2;
  const region = importRegion(opts.region, { onProgress: (step, done) => progress.update(step, done, total) });
  progress.update('travel times', IMPORT_STEPS, total);
  const manifest = readRegionManifest(resolve(opts.region, 'region.json'));
  const sources: Partial<Record<TravelMode, NetworkSource>> = {};
  for (const mode of modes) {
    const source = opts.osm ? { kind: 'osm' as const, file: resolve(opts.osm) } : manifestNetwork(opts.region, manifest, mode);
    if (!source) {
      if (opts.modes) throw new UsageError(`--modes ${mode}: region ${manifest.id} names no ${mode} network in region.json; give one with --osm FILE.pbf`);
      continue;
    }
    sources[mode] = source;
  }
  let travel: Awaited<ReturnType<typeof prepareTravel>>;
  try {
    travel = await prepareTravel(region, sources);
  } catch (e) {
    progress.stop();
    throw e;
  }
  progress.update('writing', IMPORT_STEPS + 1, total);
  const createdDir = ensureDir(dirname(resolve(projectFile)));
  try {
    writeProject(projectFile, region, { overwrite: Boolean(opts.force), saavuVersion: packageVersion(), metadata: travel.metadata, cache: travel.cache });
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
    travel: travel.summaries,
  };
  if (opts.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else {
    const text = t(opts.lang, 'init.done', {
      file: projectFile, region: region.names[opts.lang], municipalities: summary.municipalities, cells: summary.demandCells,
      population: formatNumber(pop, opts.lang), postal: summary.postalAreas, sites: summary.sites, warnings: summary.warnings,
    });
    process.stdout.write(`${text}\n`);
    for (const tr of travel.summaries) process.stdout.write(`${renderTravelSummary(tr, opts.lang)}\n`);
  }
}

function parseModes(list: string): TravelMode[] {
  const modes = list.split(',').map((m) => m.trim()).filter(Boolean);
  for (const m of modes) if (!(TRAVEL_MODES as readonly string[]).includes(m)) throw new UsageError(`--modes: unknown mode "${m}" (expected car, walk, bike)`);
  return modes as TravelMode[];
}

/** One paragraph on a mode's network and matrix, in the user's language. */
export function renderTravelSummary(s: TravelSummary, lang: Lang): string {
  const lines = [t(lang, s.fromCache ? 'travel.summaryCached' : 'travel.summary', {
    mode: t(lang, `mode.${s.mode}`), profile: s.profile, nodes: formatNumber(s.nodes, lang), origins: formatNumber(s.origins, lang), destinations: s.destinations,
    ms: formatNumber(s.milliseconds, lang), engine: s.engine,
  })];
  lines.push(t(lang, 'travel.access', {
    kmh: formatNumber(s.accessKmh, lang), detour: formatNumber(s.detourFactor, lang), median: formatNumber(Math.round(s.medianAccessMinutes * 10) / 10, lang),
    max: formatNumber(Math.round(s.maxAccessMinutes * 10) / 10, lang), far: formatNumber(s.farCells.length, lang),
  }));
  if (s.excluded.length) lines.push(t(lang, 'travel.excluded', { n: s.excluded.length, km: formatNumber(s.maxSnapMetres / 1000, lang), ids: s.excluded.slice(0, 5).map((e) => `${e.id} (${formatNumber(e.snapMetres, lang)} m)`).join(', ') }));
  return lines.map((l) => `  ${l}`).join('\n');
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
