/**
 * The region importer: reads the files a region manifest names, validates them, and builds the core
 * Region (municipalities with age bands, postal areas, 1 km demand cells with ages, service points).
 *
 * Demand method (documented in docs/DEMAND.md): each 1 km cell is assigned wholly to the member
 * municipality containing its centre (exact point-in-polygon on the NLS boundaries), and its residents
 * are split into age bands by that municipality's Paavo age structure (band share × cell population).
 * Postal areas get the same treatment by their polygon centroid. Cost: O(cells × log m) index lookups
 * plus exact tests against the few candidate polygons.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../core/errors.js';
import { type DemandCell, type Municipality, type MultiPolygonRings, type PostalArea, type Region, type Site } from '../core/model.js';
import { AreaIndex, distanceToMultiPolygon, multiPolygonCentroid } from '../geo/polygon.js';
import { applyAgeStructure } from './age-structure.js';
import { readPaavoAgeBands, roundAgeBands, type MunicipalAgeRow } from './age-bands.js';
import { readGrid1kmCsv } from './eurostat-grid.js';
import { featureMultiPolygon } from './feature-geometry.js';
import { readLayer } from './geopackage.js';
import { readRegionManifest, type RegionManifest } from './region-manifest.js';
import { readSitesCsv } from './sites.js';

/** Progress callback: `done` of `total` import steps finished, `step` names the one starting now. */
export type ProgressFn = (step: string, done: number, total: number) => void;

/** Number of steps importRegion reports through its progress callback. */
export const IMPORT_STEPS = 5;

/** Import a region folder (with region.json) into a validated Region. */
export function importRegion(dir: string, options: { onProgress?: ProgressFn } = {}): Region {
  const progress = options.onProgress ?? (() => {});
  const manifestFile = join(dir, 'region.json');
  const manifest = readRegionManifest(manifestFile);
  const steps = IMPORT_STEPS;
  const warnings: string[] = [];

  progress('municipalities', 0, steps);
  const allMunicipalities = readMunicipalities(dir, manifest);
  const members = allMunicipalities.filter((m) => m.inRegion);
  const memberIndex = new AreaIndex(members);
  const anyIndex = new AreaIndex(allMunicipalities);

  progress('age bands', 1, steps);
  const ageFile = join(dir, manifest.ageBands.file);
  const ageRows = readPaavoAgeBands(ageFile);
  ageRows.forEach((r, i) => {
    const first = ageRows.findIndex((o) => o.name === r.name);
    if (first !== i) throw new InputError(`duplicate municipality "${r.name}" (rows ${first + 1} and ${i + 1})`, { file: ageFile, row: i + 1, field: 'Area', expected: 'one row per municipality' });
  });
  const structure = new Map<string, MunicipalAgeRow>();
  for (const m of members) {
    const row = ageRows.find((r) => r.name === m.nameFi);
    if (!row) {
      throw new InputError('no age-band row for a member municipality', { file: ageFile, field: 'Area', expected: `a row named "${m.nameFi}" (code ${m.code})`, seen: ageRows.map((r) => r.name).join(', ') });
    }
    structure.set(m.code, row);
    m.population = { ...roundAgeBands(row.ages, row.total), total: row.total };
  }

  progress('postal areas', 2, steps);
  const postalAreas = manifest.postalAreas ? readPostalAreas(dir, manifest.postalAreas, memberIndex, structure, warnings) : [];

  progress('demand cells', 3, steps);
  const demandCells = readDemandCells(dir, manifest, memberIndex, structure, warnings);

  progress('sites', 4, steps);
  const sites = checkSites(join(dir, manifest.sites.file), readSitesCsv(join(dir, manifest.sites.file)), memberIndex, anyIndex, warnings);

  const sources = manifest.sources.map((s) => ({ ...s, sha256: sha256File(join(dir, s.file)) }));
  return {
    id: manifest.id,
    name: manifest.name.fi,
    names: manifest.name,
    gridYear: manifest.grid.year,
    ageYear: ageRows[0]?.year ?? manifest.grid.year,
    gridCoverage: manifest.grid.coverage,
    municipalities: allMunicipalities,
    postalAreas,
    demandCells,
    sites,
    sources,
    warnings,
  };
}

function readMunicipalities(dir: string, manifest: RegionManifest): Municipality[] {
  const spec = manifest.municipalities;
  const file = join(dir, spec.file);
  const required = [spec.codeField, spec.nameFiField, spec.nameSvField, ...(spec.memberField ? [spec.memberField] : [])];
  const layer = readLayer(file, spec.layer, { requiredColumns: required, expectedSrsId: 3067 });
  const seen = new Set<string>();
  const out = layer.features.map((f) => {
    const code = String(f.properties[spec.codeField] ?? '').trim();
    if (!/^\d{3}$/.test(code)) throw new InputError('bad municipality code', { file, layer: spec.layer, row: `fid ${f.fid}`, field: spec.codeField, expected: 'a 3-digit code', seen: code });
    if (seen.has(code)) throw new InputError('duplicate municipality code', { file, layer: spec.layer, row: `fid ${f.fid}`, field: spec.codeField, seen: code });
    seen.add(code);
    const inRegion = spec.memberField ? Number(f.properties[spec.memberField]) === 1 : spec.members!.includes(code);
    return {
      code,
      nameFi: String(f.properties[spec.nameFiField] ?? ''),
      nameSv: String(f.properties[spec.nameSvField] ?? ''),
      inRegion,
      geometry: featureMultiPolygon(f.geometry, { file, layer: spec.layer, fid: f.fid }),
    };
  });
  for (const code of spec.members ?? []) {
    if (!seen.has(code)) throw new InputError('member municipality missing from the boundary layer', { file, layer: spec.layer, field: spec.codeField, expected: `a feature with code ${code}` });
  }
  if (!out.some((m) => m.inRegion)) throw new InputError('no member municipality', { file, layer: spec.layer, field: spec.memberField ?? 'members', expected: 'at least one member municipality' });
  return out;
}

function readPostalAreas(dir: string, spec: NonNullable<RegionManifest['postalAreas']>, members: AreaIndex<Municipality>, structure: Map<string, MunicipalAgeRow>, warnings: string[]): PostalArea[] {
  const file = join(dir, spec.file);
  const layer = readLayer(file, spec.layer, { requiredColumns: [spec.codeField, spec.populationField], expectedSrsId: 3067 });
  return layer.features.map((f) => {
    const code = String(f.properties[spec.codeField] ?? '').trim();
    if (!/^\d{5}$/.test(code)) throw new InputError('bad postal code', { file, layer: spec.layer, row: `fid ${f.fid}`, field: spec.codeField, expected: 'a 5-digit postal code', seen: code });
    const population = Number(f.properties[spec.populationField]);
    if (!Number.isInteger(population) || population < 0) {
      throw new InputError('bad population', { file, layer: spec.layer, row: `fid ${f.fid} (${code})`, field: spec.populationField, expected: 'a non-negative integer', seen: f.properties[spec.populationField] });
    }
    const geometry = featureMultiPolygon(f.geometry, { file, layer: spec.layer, fid: f.fid });
    const [cx, cy] = multiPolygonCentroid(geometry);
    const m = members.find(cx, cy);
    if (!m) throw new InputError('postal area centroid lies outside every member municipality', { file, layer: spec.layer, row: `fid ${f.fid} (${code})`, field: 'geometry', seen: `${cx.toFixed(0)}, ${cy.toFixed(0)}` });
    const declared = spec.municipalityField ? String(f.properties[spec.municipalityField] ?? '') : '';
    if (declared && declared !== m.code) warnings.push(`${file}: postal area ${code} is labelled municipality ${declared} but its centroid lies in ${m.code}; using ${m.code}`);
    return { code, municipalityCode: m.code, population, ages: applyAgeStructure(structure.get(m.code)!.ages, population), x: cx, y: cy, geometry };
  });
}

function readDemandCells(dir: string, manifest: RegionManifest, members: AreaIndex<Municipality>, structure: Map<string, MunicipalAgeRow>, warnings: string[]): DemandCell[] {
  const file = join(dir, manifest.grid.file);
  const cells = readGrid1kmCsv(file, manifest.grid.populationField);
  const out: DemandCell[] = [];
  let outside = 0;
  let outsidePop = 0;
  let relabelled = 0;
  for (const c of cells) {
    const m = members.find(c.x, c.y);
    if (!m) {
      outside++;
      outsidePop += c.population;
      continue;
    }
    if (c.municipalityCode && c.municipalityCode !== m.code) relabelled++;
    if (c.population === 0) continue;
    const s = structure.get(m.code)!;
    out.push({
      id: `1kmN${c.y3035 / 1000}E${c.x3035 / 1000}`,
      x: c.x,
      y: c.y,
      municipalityCode: m.code,
      population: c.population,
      ages: applyAgeStructure(s.ages, c.population),
      ageMethod: 'municipal-structure',
      source: `GEOSTAT 1 km ${manifest.grid.year}`,
    });
  }
  if (outside > 0) warnings.push(`${file}: ${outside} grid cells (${outsidePop} residents) have their centre outside every member municipality and were left out`);
  if (relabelled > 0) warnings.push(`${file}: ${relabelled} grid cells carry a municipality code that differs from the municipality containing their centre; the polygon test wins`);
  return out;
}

/**
 * Sites must lie in a member municipality. As for cells and postal areas, the polygon test decides the
 * municipality; a label that disagrees is corrected and reported as a warning.
 */
function checkSites(file: string, sites: Site[], members: AreaIndex<Municipality>, all: AreaIndex<Municipality>, warnings: string[]): Site[] {
  if (sites.length === 0) warnings.push(`${file}: no service points`);
  return sites.map((s, i) => {
    const m = members.find(s.x, s.y);
    if (!m) {
      const other = all.find(s.x, s.y);
      const nearest = members.areas.map((a) => ({ a, d: distanceToMultiPolygon(a.geometry, s.x, s.y) })).sort((p, q) => p.d - q.d)[0];
      const where = other ? `it lies in ${other.nameFi} (${other.code}), which is not in the region` : `it lies ${(nearest!.d / 1000).toFixed(1)} km outside ${nearest!.a.nameFi}`;
      throw new InputError(`site "${s.id}" lies outside every municipality of the region: ${where}`, { file, row: i + 1, field: 'x/y', expected: 'a point inside a member municipality', seen: `${s.x}, ${s.y}` });
    }
    if (m.code === s.municipalityCode) return s;
    warnings.push(`${file}: site ${s.id} is labelled municipality ${s.municipalityCode} but lies in ${m.code} (${m.nameFi}); using ${m.code}`);
    return { ...s, municipalityCode: m.code };
  });
}

function sha256File(file: string): string {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch (e) {
    throw new InputError(`cannot read source file (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { file });
  }
}

/** Postal areas as demand points (area centroid, residents by age band): the alternative demand unit. */
export function postalAreaDemand(region: Region): DemandCell[] {
  return region.postalAreas.map((p) => ({
    id: `postal-${p.code}`,
    x: p.x,
    y: p.y,
    municipalityCode: p.municipalityCode,
    population: p.population,
    ages: p.ages,
    ageMethod: 'municipal-structure',
    source: 'Paavo postal areas',
  }));
}
