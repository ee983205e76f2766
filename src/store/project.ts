/**
 * The project file: one OGC GeoPackage (EPSG:3067) holding a region's layers — municipalities,
 * postal_areas, demand_cells, sites — and attribute tables for metadata, sources (with licences
 * and input hashes) and import warnings. QGIS and GDAL open it as they are; saavu reads it back into
 * the same core Region. Writes are atomic (temporary file + rename, see data/geopackage.ts).
 */
import { InputError } from '../core/errors.js';
import { AGE_BANDS, SITE_KINDS, SITE_STATUSES, type AgePopulation, type DemandCell, type Municipality, type Region, type Site, type SiteKind, type SiteStatus } from '../core/model.js';
import { listLayers, readAttributes, readLayer, writeGeoPackage, type LayerSpec } from '../data/geopackage.js';
import { ensureCacheTable, putCacheEntry } from './cache.js';
import { featureMultiPolygon, featurePoint, type FeatureRef } from '../data/feature-geometry.js';

/** Version of the project file layout; bump when layers or columns change meaning. */
export const PROJECT_FORMAT_VERSION = 1;

const AGE_COLUMNS: Record<keyof AgePopulation, string> = { '0-14': 'pop_0_14', '15-64': 'pop_15_64', '65-74': 'pop_65_74', '75+': 'pop_75_plus' };
const ageFields = AGE_BANDS.map((b) => ({ name: AGE_COLUMNS[b], type: 'REAL' as const }));
const ageProps = (a: AgePopulation) => Object.fromEntries(AGE_BANDS.map((b) => [AGE_COLUMNS[b], a[b]]));

export interface WriteProjectOptions {
  overwrite?: boolean;
  /** Fixed import time (ISO 8601) for reproducible files; defaults to now. */
  importedAt?: string;
  saavuVersion?: string;
  /** Extra saavu_metadata entries (e.g. network_car = the cache key of the car network). */
  metadata?: Record<string, string>;
  /** Cache entries (built networks, matrices) written in the same atomic transaction. */
  cache?: ReadonlyArray<{ key: string; kind: string; data: Uint8Array }>;
}

/** Write a Region as a project GeoPackage at `file` (atomic). */
export function writeProject(file: string, region: Region, options: WriteProjectOptions = {}): void {
  const layers: LayerSpec[] = [
    {
      name: 'municipalities',
      description: 'Municipalities of the region (in_region=1) and their neighbours; population by age band from Paavo',
      geometryType: 'MULTIPOLYGON',
      srsId: 3067,
      fields: [
        { name: 'code', type: 'TEXT' }, { name: 'name_fi', type: 'TEXT' }, { name: 'name_sv', type: 'TEXT' }, { name: 'in_region', type: 'INTEGER' },
        { name: 'pop_total', type: 'INTEGER' }, ...ageFields.map((f) => ({ ...f, type: 'INTEGER' as const })),
      ],
      features: region.municipalities.map((m) => ({
        properties: {
          code: m.code, name_fi: m.nameFi, name_sv: m.nameSv, in_region: m.inRegion ? 1 : 0,
          pop_total: m.population?.total ?? null,
          ...(m.population ? ageProps(m.population) : Object.fromEntries(Object.values(AGE_COLUMNS).map((c) => [c, null]))),
        },
        geometry: { type: 'MultiPolygon', coordinates: m.geometry },
      })),
    },
    {
      name: 'postal_areas',
      description: 'Paavo postal code areas; municipality by polygon centroid; ages by the municipal structure',
      geometryType: 'MULTIPOLYGON',
      srsId: 3067,
      fields: [
        { name: 'code', type: 'TEXT' }, { name: 'municipality', type: 'TEXT' }, { name: 'pop_total', type: 'INTEGER' }, ...ageFields,
        { name: 'centroid_x', type: 'REAL' }, { name: 'centroid_y', type: 'REAL' },
      ],
      features: region.postalAreas.map((p) => ({
        properties: { code: p.code, municipality: p.municipalityCode, pop_total: p.population, ...ageProps(p.ages), centroid_x: p.x, centroid_y: p.y },
        geometry: { type: 'MultiPolygon', coordinates: p.geometry },
      })),
    },
    {
      name: 'demand_cells',
      description: 'Demand points (1 km grid cell centres) with residents by age band',
      geometryType: 'POINT',
      srsId: 3067,
      fields: [
        { name: 'cell_id', type: 'TEXT' }, { name: 'municipality', type: 'TEXT' }, { name: 'pop_total', type: 'INTEGER' }, ...ageFields,
        { name: 'age_method', type: 'TEXT' }, { name: 'source', type: 'TEXT' },
      ],
      features: region.demandCells.map((c) => ({
        properties: { cell_id: c.id, municipality: c.municipalityCode, pop_total: c.population, ...ageProps(c.ages), age_method: c.ageMethod, source: c.source },
        geometry: { type: 'Point', coordinates: [c.x, c.y] },
      })),
    },
    {
      name: 'sites',
      description: 'Service points (see SITES.md in the region folder); empty fields are unknown',
      geometryType: 'POINT',
      srsId: 3067,
      fields: [
        { name: 'site_id', type: 'TEXT' }, { name: 'name', type: 'TEXT' }, { name: 'kind', type: 'TEXT' }, { name: 'municipality', type: 'TEXT' },
        { name: 'address', type: 'TEXT' }, { name: 'services', type: 'TEXT' }, { name: 'opening_hours', type: 'TEXT' },
        { name: 'capacity', type: 'REAL' }, { name: 'annual_cost', type: 'REAL' }, { name: 'digital_share', type: 'REAL' },
        { name: 'status', type: 'TEXT' }, { name: 'source', type: 'TEXT' }, { name: 'notes', type: 'TEXT' },
      ],
      features: region.sites.map((s) => ({
        properties: {
          site_id: s.id, name: s.name, kind: s.kind, municipality: s.municipalityCode, address: s.address, services: s.services.join(';'),
          opening_hours: s.openingHours, capacity: s.capacity, annual_cost: s.annualCost, digital_share: s.digitalShare,
          status: s.status, source: s.source, notes: s.notes,
        },
        geometry: { type: 'Point', coordinates: [s.x, s.y] },
      })),
    },
  ];
  const metadata: Record<string, string> = {
    format_version: String(PROJECT_FORMAT_VERSION),
    region_id: region.id,
    region_name_fi: region.names.fi,
    region_name_sv: region.names.sv,
    region_name_en: region.names.en,
    grid_year: String(region.gridYear),
    age_year: String(region.ageYear),
    grid_coverage: region.gridCoverage,
    imported_at: options.importedAt ?? new Date().toISOString(),
    saavu_version: options.saavuVersion ?? '',
    ...options.metadata,
  };
  writeGeoPackage(
    file,
    {
      layers,
      attributes: [
        { name: 'saavu_metadata', description: 'Project metadata (key/value)', fields: [{ name: 'key', type: 'TEXT' }, { name: 'value', type: 'TEXT' }], rows: Object.entries(metadata).map(([key, value]) => ({ key, value })) },
        {
          name: 'saavu_sources',
          description: 'Input files with publisher, licence, attribution and sha256',
          fields: ['key', 'title', 'publisher', 'licence', 'attribution', 'file', 'sha256'].map((name) => ({ name, type: 'TEXT' as const })),
          rows: region.sources.map((s) => ({ key: s.key, title: s.title, publisher: s.publisher, licence: s.licence, attribution: s.attribution, file: s.file, sha256: s.sha256 ?? null })),
        },
        { name: 'saavu_warnings', description: 'Validation warnings from the import', fields: [{ name: 'message', type: 'TEXT' }], rows: region.warnings.map((message) => ({ message })) },
      ],
    },
    {
      overwrite: options.overwrite ?? false,
      finish: options.cache?.length
        ? (db) => {
            ensureCacheTable(db);
            for (const e of options.cache!) putCacheEntry(db, e.key, e.kind, e.data);
          }
        : undefined,
    },
  );
}

export interface ProjectInfo {
  region: Region;
  metadata: Record<string, string>;
}

/** Open a project GeoPackage and read it back into a Region. */
export function openProject(file: string): ProjectInfo {
  const layers = listLayers(file).map((l) => l.name);
  for (const need of ['municipalities', 'postal_areas', 'demand_cells', 'sites', 'saavu_metadata', 'saavu_sources']) {
    if (!layers.includes(need)) throw new InputError('not a saavu project file', { file, layer: need, expected: 'the layers written by `saavu init`', seen: layers.join(', ') });
  }
  const metadata = Object.fromEntries(readAttributes(file, 'saavu_metadata').map((r) => [String(r.key), String(r.value ?? '')]));
  if (Number(metadata.format_version) !== PROJECT_FORMAT_VERSION) {
    throw new InputError('unsupported project format version', { file, field: 'saavu_metadata.format_version', expected: String(PROJECT_FORMAT_VERSION), seen: metadata.format_version });
  }
  const num = (v: unknown) => (v === null || v === undefined || v === '' ? null : Number(v));
  const ages = (p: Record<string, unknown>): AgePopulation => Object.fromEntries(AGE_BANDS.map((b) => [b, Number(p[AGE_COLUMNS[b]] ?? 0)])) as AgePopulation;

  const municipalities: Municipality[] = readLayer(file, 'municipalities', { expectedSrsId: 3067 }).features.map((f) => ({
    code: String(f.properties.code),
    nameFi: String(f.properties.name_fi),
    nameSv: String(f.properties.name_sv),
    inRegion: Number(f.properties.in_region) === 1,
    geometry: featureMultiPolygon(f.geometry, { file, layer: 'municipalities', fid: f.fid }),
    ...(f.properties.pop_total === null ? {} : { population: { ...ages(f.properties), total: Number(f.properties.pop_total) } }),
  }));
  const postalAreas = readLayer(file, 'postal_areas', { expectedSrsId: 3067 }).features.map((f) => ({
    code: String(f.properties.code), municipalityCode: String(f.properties.municipality), population: Number(f.properties.pop_total),
    ages: ages(f.properties), x: Number(f.properties.centroid_x), y: Number(f.properties.centroid_y), geometry: featureMultiPolygon(f.geometry, { file, layer: 'postal_areas', fid: f.fid }),
  }));
  const demandCells: DemandCell[] = readLayer(file, 'demand_cells', { expectedSrsId: 3067 }).features.map((f) => {
    const [x, y] = featurePoint(f.geometry, { file, layer: 'demand_cells', fid: f.fid });
    return {
      id: String(f.properties.cell_id), x, y, municipalityCode: String(f.properties.municipality), population: Number(f.properties.pop_total),
      ages: ages(f.properties), ageMethod: parseAgeMethod(f.properties.age_method, { file, layer: 'demand_cells', fid: f.fid }), source: String(f.properties.source ?? ''),
    };
  });
  const sites: Site[] = readLayer(file, 'sites', { expectedSrsId: 3067 }).features.map((f) => {
    const p = f.properties;
    const [x, y] = featurePoint(f.geometry, { file, layer: 'sites', fid: f.fid });
    const kind = String(p.kind) as SiteKind;
    const status = String(p.status) as SiteStatus;
    if (!SITE_KINDS.includes(kind) || !SITE_STATUSES.includes(status)) throw new InputError('bad site kind or status', { file, layer: 'sites', row: `fid ${f.fid}`, field: 'kind/status', seen: `${kind}/${status}` });
    const str = (v: unknown) => (v === null || v === undefined || v === '' ? null : String(v));
    return {
      id: String(p.site_id), name: String(p.name), kind, municipalityCode: String(p.municipality), x, y,
      address: str(p.address), services: p.services ? String(p.services).split(';').filter(Boolean) : [], openingHours: str(p.opening_hours),
      capacity: num(p.capacity), annualCost: num(p.annual_cost), digitalShare: num(p.digital_share), status, source: String(p.source ?? ''), notes: str(p.notes),
    };
  });
  const sources = readAttributes(file, 'saavu_sources').map((r) => ({
    key: String(r.key), title: String(r.title), publisher: String(r.publisher), licence: String(r.licence), attribution: String(r.attribution), file: String(r.file), sha256: String(r.sha256 ?? ''),
  }));
  const warnings = layers.includes('saavu_warnings') ? readAttributes(file, 'saavu_warnings').map((r) => String(r.message)) : [];
  const region: Region = {
    id: metadata.region_id ?? '',
    name: metadata.region_name_fi ?? '',
    names: { fi: metadata.region_name_fi ?? '', sv: metadata.region_name_sv ?? '', en: metadata.region_name_en ?? '' },
    gridYear: Number(metadata.grid_year),
    ageYear: Number(metadata.age_year),
    gridCoverage: metadata.grid_coverage === 'partial' ? 'partial' : 'full',
    municipalities, postalAreas, demandCells, sites, sources, warnings,
  };
  return { region, metadata };
}

const AGE_METHODS: ReadonlyArray<DemandCell['ageMethod']> = ['observed', 'municipal-structure', 'grid-structure'];

function parseAgeMethod(v: unknown, where: FeatureRef): DemandCell['ageMethod'] {
  const m = AGE_METHODS.find((a) => a === v);
  if (!m) throw new InputError('unknown age method', { file: where.file, layer: where.layer, row: `fid ${where.fid}`, field: 'age_method', expected: AGE_METHODS.join(', '), seen: v });
  return m;
}
