/**
 * Compile the bundled regions' sites tables from the raw source lists bundled beside them
 * (data/keusote/health_sites_*.csv, hospitals_eurostat.csv; data/tampere/…; see src/data/compile-sites.ts):
 * writes data/keusote/sites.csv and data/tampere/sites.csv atomically and prints the compile report.
 *
 * Usage: npx tsx scripts/compile-sites.ts
 * The raw sources are read from the repository's data/ (copies of ../shared/data with their PROVENANCE
 * files), or from $SAAVU_SHARED when set.
 * Re-running on unchanged sources gives byte-identical files (src/data/sites.test.ts checks this).
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  compileKeusoteSites,
  compileTampereSites,
  keusoteSiteSources,
  tampereSiteSources,
  writeSitesCsv,
  type CompiledSites,
} from '../src/data/compile-sites.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = process.env.SAAVU_SHARED ? resolve(process.env.SAAVU_SHARED) : join(repoRoot, 'data');

function emit(region: string, compiled: CompiledSites): void {
  const dir = join(repoRoot, 'data', region);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'sites.csv');
  writeSitesCsv(file, compiled.sites);
  console.log(`${region}: wrote ${compiled.sites.length} sites to ${file}`);
  for (const line of compiled.report) console.log(`  ${line}`);
}

emit('keusote', compileKeusoteSites(keusoteSiteSources(shared)));
emit('tampere', compileTampereSites(tampereSiteSources(shared)));
