/**
 * Site compiler: builds a region's sites table (sites.csv, see src/data/sites.ts) from the raw source
 * files of the shared data bundle, with every choice written down here and in the region's SITES.md.
 * Nothing is invented: each site's point, name and address come from one named source record, fields
 * that no source gives (capacity, cost, digital share, services, and opening hours except OSM's tag)
 * stay null, and every row's `source` lists the records used, the point's record first.
 *
 * Keusote (compileKeusoteSites): a fixed decision table, KEUSOTE_DECISIONS, one entry per physical site,
 * naming which source row gives the point (and name), which rows of the other sources are the same site,
 * and which candidate points were rejected and why. Every in-region row of every source must be claimed
 * by the table, so a changed source fails loudly instead of being half-used.
 *
 * Tampere (compileTampereSites): rules, because the sources are bigger and more uniform:
 *   1. Geocoded list (health_sites_other.csv): drop rows that share their exact point with a row of a
 *      different street address (the geocoder's fallback point), and rows outside the bounding box of
 *      the six municipalities.
 *   2. Match each remaining row to an OSM health amenity (health_amenities.geojson) when the OSM
 *      representative point is within `matchRadiusMetres` (default 300 m) and the names match: equal
 *      after normalisation (name, alt_name, official_name or name:fi), or sharing a distinctive word
 *      (not a generic health word) while the two records get the same kind. A matched site takes the
 *      OSM point (and OSM's opening_hours tag), and the list's name, address and municipality.
 *   3. Unmatched OSM amenities become sites of their own.
 *   4. Every site is tested against the municipal polygons: outside all six → dropped; inside another
 *      than its declared municipality → reported (the declared code is kept; the importer warns too).
 *
 * Distances are planar EPSG:3067 metres (TM35FIN scale error here < 0.05 %), rounded to the metre.
 * Complexity: O(rows × amenities) for the name/distance matching; everything is small.
 */
import { basename, dirname, join } from 'node:path';
import { InputError } from '../core/errors.js';
import type { MultiPolygonRings, Site, SiteKind, SiteStatus } from '../core/model.js';
import { lonLatTo3067 } from '../geo/crs.js';
import { AreaIndex, multiPolygonBbox } from '../geo/polygon.js';
import { readCsv, type CsvTable } from './csv.js';
import { featureMultiPolygon } from './feature-geometry.js';
import { readLayer } from './geopackage.js';
import { readSitesGeoJson, type OsmAmenityRecord } from './sites.js';

export { writeSitesCsv, sitesToCsv } from './sites.js';

/** NATCODEs of the six Keusote municipalities (keusote/PROVENANCE.md). */
export const KEUSOTE_MUNICIPALITY_CODES: Readonly<Record<string, string>> = {
  Hyvinkää: '106',
  Järvenpää: '186',
  Mäntsälä: '505',
  Nurmijärvi: '543',
  Pornainen: '611',
  Tuusula: '858',
};

/** NATCODEs of the six municipalities of the Tampere study area (tampere/POPULATION_PROVENANCE.md). */
export const TAMPERE_AREA_MUNICIPALITY_CODES: Readonly<Record<string, string>> = {
  Tampere: '837',
  Pirkkala: '604',
  Ylöjärvi: '980',
  Nokia: '536',
  Lempäälä: '418',
  Kangasala: '211',
};

/** The compiled table plus a human-readable log of every drop, match and warning. */
export interface CompiledSites {
  sites: Site[];
  report: string[];
}

export interface KeusoteSiteSources {
  healthSitesOther: string;
  healthSitesSynthea: string;
  hospitalsEurostat: string;
}

export interface TampereSiteSources {
  healthSitesOther: string;
  healthAmenities: string;
  /** Municipal polygons (GeoPackage, EPSG:3067, layer `municipalities`, NATCODE/NAMEFIN columns). */
  municipalities: string;
}

/** Paths of the Keusote site sources inside a data folder (the repo's data/ or ../shared/data). */
export function keusoteSiteSources(sharedDataDir: string): KeusoteSiteSources {
  const d = join(sharedDataDir, 'keusote');
  return {
    healthSitesOther: join(d, 'health_sites_other.csv'),
    healthSitesSynthea: join(d, 'health_sites_synthea.csv'),
    hospitalsEurostat: join(d, 'hospitals_eurostat.csv'),
  };
}

/** Paths of the Tampere site sources inside a data folder (the repo's data/ or ../shared/data). */
export function tampereSiteSources(sharedDataDir: string): TampereSiteSources {
  const d = join(sharedDataDir, 'tampere');
  return {
    healthSitesOther: join(d, 'health_sites_other.csv'),
    healthAmenities: join(d, 'health_amenities.geojson'),
    municipalities: join(d, 'municipalities.gpkg'),
  };
}

/** `<folder>/<file>`, the file label used in `source` references (e.g. "keusote/health_sites_other.csv"). */
export function sourceLabel(file: string): string {
  return `${basename(dirname(file))}/${basename(file)}`;
}

// ---------------------------------------------------------------------------------------------------
// Keusote

type KeusoteSource = 'other' | 'synthea' | 'eurostat';

/** A row of one source, found by its name column (and, for Synthea, its `source_file`). */
interface RowKey {
  src: KeusoteSource;
  name: string;
  sourceFile?: string;
}

interface KeusoteDecision {
  id: string;
  kind: SiteKind;
  status: SiteStatus;
  /** Row whose lon/lat, address and municipality the site takes. */
  point: RowKey;
  /** Row whose name the site takes, when not the point row. */
  nameFrom?: RowKey;
  /** Rows of the same physical site whose point agrees (listed in `source` after the point row). */
  same?: RowKey[];
  /** Rows of the same site whose point was rejected, with the reason (named in `notes` only). */
  rejected?: Array<{ row: RowKey; reason: string }>;
  /** The decision in words: current name, kind and status reasons. */
  notes: string;
}

const PRESS_21_11_2025 = 'Keusote press release 21.11.2025';

/**
 * One entry per physical Keusote site. Point rule: a geocode of a full street address with house
 * number (health_sites_other.csv, Wikipedia addresses geocoded by openrouteservice) is preferred over
 * Synthea's street-only or address-less points; for hospitals the Eurostat GISCO point is preferred
 * when it agrees with another source, and rejected when it does not (Hyvinkää, see the notes).
 * Kind rule for hospitals: `hospital` only for a public hospital that two sources list (Hyvinkää,
 * Kellokoski); a hospital that only one outdated list names, or that a source marks private, is kept
 * as a real point of kind `other`.
 */
export const KEUSOTE_DECISIONS: readonly KeusoteDecision[] = [
  {
    id: 'hyvinkaa-sote-keskus',
    kind: 'sote-keskus',
    status: 'open',
    point: { src: 'other', name: 'Hyvinkään terveysasema' },
    same: [{ src: 'synthea', name: 'Hyvinkään pääterveyskeskus' }],
    notes:
      `Current name: Hyvinkään sote-keskus (${PRESS_21_11_2025}: "Hyvinkään sote-keskus (H-sairaalan ja Renton toimipisteet)", no addresses given, so which of the two premises this address is is not stated). ` +
      'The Rentto premises have no row with a point in any bundled source and are not included. Point: house-number address geocode, preferred over Synthea\'s address-less point.',
  },
  {
    id: 'jarvenpaa-sote-keskus',
    kind: 'sote-keskus',
    status: 'open',
    point: { src: 'other', name: 'Järvenpään uusi sosiaali- ja terveyskeskus (JUST)' },
    notes: `Current name: Järvenpään sote-keskus (${PRESS_21_11_2025}). Järvenpää's only site in the sources.`,
  },
  {
    id: 'mantsala-sote-keskus',
    kind: 'sote-keskus',
    status: 'open',
    point: { src: 'other', name: 'Mäntsälän terveysasema' },
    notes: `Current name: Mäntsälän sote-keskus (${PRESS_21_11_2025}).`,
  },
  {
    id: 'nurmijarvi-sote-keskus',
    kind: 'sote-keskus',
    status: 'open',
    point: { src: 'other', name: 'Nurmijärven kirkonkylän terveysasema' },
    same: [{ src: 'synthea', name: 'Nurmijärven terveyskeskus' }],
    notes: `Current name: Nurmijärven sote-keskus (${PRESS_21_11_2025}); called "Kirkonkylän sote-keskus" in the Keusote press release of 12.12.2025.`,
  },
  {
    id: 'tuusula-sote-keskus',
    kind: 'sote-keskus',
    status: 'open',
    point: { src: 'other', name: 'Etelä-Tuusulan sosiaali- ja terveysasema' },
    same: [
      { src: 'synthea', name: 'Hyrylän terveyskeskus' },
      { src: 'eurostat', name: 'Keusote/Etelä-Tuusulan terveysasema ja Akuuttiosasto' },
    ],
    notes:
      `Current name: Tuusulan sote-keskus (${PRESS_21_11_2025}). Eurostat lists the site with its acute ward ("terveysasema ja Akuuttiosasto"); kept as one site. ` +
      'Point: house-number address geocode (Hyryläntie 13), preferred over Synthea (street only) and Eurostat (geo_qual -1, no street).',
  },
  {
    id: 'klaukkala-sote-yksikko',
    kind: 'sote-yksikko',
    status: 'open',
    point: { src: 'other', name: 'Klaukkalan terveysasema' },
    notes: `Current name: Nurmijärven sote-yksikkö (Klaukkala) (${PRESS_21_11_2025}).`,
  },
  {
    id: 'pornainen-sote-yksikko',
    kind: 'sote-yksikko',
    status: 'open',
    point: { src: 'other', name: 'Pornaisten terveysasema' },
    notes: `Current name: Pornaisten sote-yksikkö (${PRESS_21_11_2025}).`,
  },
  {
    id: 'jokela-sote-yksikko',
    kind: 'sote-yksikko',
    status: 'closing',
    point: { src: 'other', name: 'Jokelan terveysasema' },
    notes:
      'Current name: Jokelan sote-yksikkö, opened 30.9.2024 at Opintie 1, the address of this row (Keusote press release, September 2024). ' +
      `${PRESS_21_11_2025}: keeps its name for now and is to be closed in the coming years (no date announced), hence status closing.`,
  },
  {
    id: 'kellokoski-terveysasema',
    kind: 'sote-yksikko',
    status: 'closing',
    point: { src: 'other', name: 'Kellokosken terveysasema' },
    notes:
      `${PRESS_21_11_2025}: keeps its old name (Kellokosken terveysasema) for now and is to be closed in the coming years (no date announced), hence status closing. ` +
      'Not among the sote-keskukset of that release, so mapped to sote-yksikko, the kind of a smaller primary-care unit.',
  },
  {
    id: 'rajamaki-terveysasema',
    kind: 'sote-yksikko',
    status: 'closing',
    point: { src: 'other', name: 'Rajamäen terveysasema' },
    same: [{ src: 'synthea', name: 'Rajamäen terveysasema' }],
    notes:
      `${PRESS_21_11_2025}: keeps its old name (Rajamäen terveysasema) for now and is to be closed. The regional council decided to give up the property by the end of 2026 ` +
      '(decision dated 3.10.2025 in keusote/PROVENANCE.md and 2.10.2025 in the notes of the source row), hence status closing. Mapped to sote-yksikko like Kellokoski. ' +
      'Point: house-number address geocode (Terveystie 1), preferred over Synthea\'s street-only point (Kievarintie).',
  },
  {
    id: 'hyvinkaa-sairaala',
    kind: 'hospital',
    status: 'open',
    point: { src: 'other', name: 'Hyvinkään sairaala' },
    same: [{ src: 'synthea', name: 'Hyvinkään sairaala', sourceFile: 'hospitals.csv' }],
    rejected: [
      {
        row: { src: 'eurostat', name: 'Hyvinkään sairaanhoito-alue/Hyvinkään sairaala' },
        reason:
          'no street, geo_qual -1 (unknown), and it lies in the town centre next to the low-confidence locality geocode of the yhteispäivystys row, ' +
          'whereas two independent geocodes of the street address Sairaalankatu (this point and Synthea\'s) agree, and Eurostat\'s own Peippo point (postcode 05840) is next to them',
      },
    ],
    notes: 'Public hospital listed by all three sources. Point: geocode of "Sairaalankatu 1" (house number), confirmed by Synthea\'s independent geocode of Sairaalankatu.',
  },
  {
    id: 'hyvinkaa-yhteispaivystys',
    kind: 'emergency',
    status: 'open',
    point: { src: 'other', name: 'Hyvinkään sairaala' },
    nameFrom: { src: 'other', name: 'Hyvinkään sairaalan yhteispäivystys' },
    same: [{ src: 'synthea', name: 'Hyvinkään sairaala', sourceFile: 'urgent_care_facilities.csv' }],
    rejected: [
      {
        row: { src: 'other', name: 'Hyvinkään sairaalan yhteispäivystys' },
        reason: 'low confidence per keusote/PROVENANCE.md: address misspelt "Sairaalakatu", probably a locality-level geocode',
      },
    ],
    notes:
      'The joint emergency department of Hyvinkää hospital: name from its own row, point and address from the hospital row (the department is in the hospital). ' +
      'Synthea lists Hyvinkään sairaala among urgent-care facilities with emergency=yes.',
  },
  {
    id: 'kellokoski-sairaala',
    kind: 'hospital',
    status: 'open',
    point: { src: 'eurostat', name: 'Kellokosken sairaala' },
    same: [{ src: 'synthea', name: 'Kellokosken sairaala' }],
    rejected: [
      {
        row: { src: 'other', name: 'Kellokosken sairaala' },
        reason: 'the source script gave it the address "Ohkolantie 10, 04500 Mäntsälä" and the point lies in Mäntsälä town (keusote/PROVENANCE.md: do not use)',
      },
    ],
    notes: 'Psychiatric hospital (Eurostat facility_type). Point: Eurostat GISCO, which Synthea\'s point confirms. Address unknown (no source gives a street).',
  },
  {
    id: 'ohkola-sairaala',
    kind: 'other',
    status: 'open',
    point: { src: 'synthea', name: 'Ohkolan sairaala' },
    notes:
      'Named as a hospital only by Synthea\'s provider list (2020), which keusote/PROVENANCE.md calls out of date; not in Eurostat GISCO (2019) nor in the Wikipedia-based list. ' +
      'Kept as a real point of kind other: its role in the Keusote network and whether it still operates are not stated by any bundled source.',
  },
  {
    id: 'kiljava-sairaala',
    kind: 'other',
    status: 'open',
    point: { src: 'other', name: 'Kiljavan sairaala' },
    notes:
      'Named only in Wikipedia\'s list of Finnish hospitals (address typed into the source script); not in Eurostat GISCO (2019) or Synthea. ' +
      'Owner and role are not stated by any bundled source, so it is kept as a real point of kind other, not counted as a public-network hospital.',
  },
  {
    id: 'peippo-sairaala',
    kind: 'other',
    status: 'open',
    point: { src: 'eurostat', name: 'Lastenpsykiatrinen Sairaala Peippo' },
    notes: 'Private child-psychiatric hospital (Eurostat facility_type "Private hospital (PTH)"); not a Keusote service point, kept as a real point of kind other.',
  },
];

interface KeusoteTables {
  other: CsvTable;
  synthea: CsvTable;
  eurostat: CsvTable;
}

const NAME_COLUMN: Record<KeusoteSource, string> = { other: 'name', synthea: 'name', eurostat: 'hospital_name' };
const LON_LAT_COLUMNS: Record<KeusoteSource, [string, string]> = { other: ['lon', 'lat'], synthea: ['LON', 'LAT'], eurostat: ['lon', 'lat'] };

/**
 * Build the Keusote sites table from health_sites_other.csv, health_sites_synthea.csv and
 * hospitals_eurostat.csv, applying KEUSOTE_DECISIONS. Eurostat rows outside the six municipalities
 * (empty `in_keusote_municipality`) are not Keusote sites and are ignored.
 */
export function compileKeusoteSites(sources: KeusoteSiteSources): CompiledSites {
  const tables: KeusoteTables = {
    other: readCsv(sources.healthSitesOther, ['name', 'municipality', 'address', 'lon', 'lat']),
    synthea: readCsv(sources.healthSitesSynthea, ['source_file', 'name', 'LAT', 'LON', 'kunta_natcode']),
    eurostat: readCsv(sources.hospitalsEurostat, ['hospital_name', 'lat', 'lon', 'in_keusote_municipality']),
  };
  const report: string[] = [];
  const claimed = new Set<string>();
  const find = (key: RowKey): { src: KeusoteSource; table: CsvTable; row: number; ref: string; lonLat: [number, number]; xy: [number, number] } => {
    const table = tables[key.src];
    const hits: number[] = [];
    table.rows.forEach((r, i) => {
      if (r[NAME_COLUMN[key.src]] === key.name && (key.sourceFile === undefined || r.source_file === key.sourceFile)) hits.push(i + 1);
    });
    if (hits.length !== 1) {
      throw new InputError(`the site decision table expects exactly one row named "${key.name}"${key.sourceFile ? ` from ${key.sourceFile}` : ''}, found ${hits.length}`, {
        file: table.file,
        field: NAME_COLUMN[key.src],
        expected: 'the rows listed in KEUSOTE_DECISIONS (src/data/compile-sites.ts)',
      });
    }
    const row = hits[0]!;
    const [lonCol, latCol] = LON_LAT_COLUMNS[key.src];
    const lonLat = lonLatCell(table, row, lonCol, latCol);
    const ref = `${sourceLabel(table.file)}#${row}`;
    claimed.add(ref);
    return { src: key.src, table, row, ref, lonLat, xy: lonLatTo3067(lonLat[0], lonLat[1]) };
  };

  const sites: Site[] = [];
  for (const d of KEUSOTE_DECISIONS) {
    const point = find(d.point);
    const nameRow = d.nameFrom ? find(d.nameFrom) : point;
    const same = (d.same ?? []).map(find);
    const rejected = (d.rejected ?? []).map((r) => ({ hit: find(r.row), reason: r.reason }));
    const pr = point.table.rows[point.row - 1]!;
    const dist = (h: { xy: [number, number] }) => Math.round(Math.hypot(h.xy[0] - point.xy[0], h.xy[1] - point.xy[1]));
    const noteParts = [d.notes, `Point from ${point.ref}.`];
    if (same.length) noteParts.push(`Same site in ${same.map((h) => `${h.ref} (${dist(h)} m away)`).join(', ')}.`);
    for (const r of rejected) noteParts.push(`Point of ${r.hit.ref} not used (${dist(r.hit)} m away): ${r.reason}.`);
    const refs = [point.ref, ...(nameRow !== point ? [nameRow.ref] : []), ...same.map((h) => h.ref)];
    sites.push({
      id: d.id,
      name: nameRow.table.rows[nameRow.row - 1]![NAME_COLUMN[nameRow.src]]!.trim(),
      kind: d.kind,
      municipalityCode: keusoteMunicipality(point.src, point.table, point.row),
      x: point.xy[0],
      y: point.xy[1],
      address: point.src === 'other' ? nonEmpty(pr.address) : null,
      services: [],
      openingHours: null,
      capacity: null,
      annualCost: null,
      digitalShare: null,
      status: d.status,
      source: [...new Set(refs)].join('; '),
      notes: noteParts.join(' '),
    });
  }

  // Every in-region source row must be claimed by a decision (used, corroborating or rejected).
  let outside = 0;
  for (const src of ['other', 'synthea', 'eurostat'] as const) {
    const table = tables[src];
    table.rows.forEach((r, i) => {
      if (src === 'eurostat' && (r.in_keusote_municipality ?? '').trim() === '') {
        outside++;
        return;
      }
      const ref = `${sourceLabel(table.file)}#${i + 1}`;
      if (!claimed.has(ref)) {
        throw new InputError(`row "${r[NAME_COLUMN[src]]}" is not covered by any site decision`, {
          file: table.file,
          row: i + 1,
          field: NAME_COLUMN[src],
          expected: 'every in-region row to be listed in KEUSOTE_DECISIONS (src/data/compile-sites.ts)',
        });
      }
    });
  }
  report.push(`${sourceLabel(tables.eurostat.file)}: ${outside} rows outside the six Keusote municipalities ignored (not Keusote sites)`);
  report.push(`keusote: ${sites.length} sites from ${claimed.size} source rows`);
  return { sites, report };
}

function keusoteMunicipality(src: KeusoteSource, table: CsvTable, row: number): string {
  const r = table.rows[row - 1]!;
  const field = src === 'synthea' ? 'kunta_natcode' : src === 'other' ? 'municipality' : 'in_keusote_municipality';
  const raw = (r[field] ?? '').trim();
  const code = src === 'synthea' ? raw : KEUSOTE_MUNICIPALITY_CODES[raw];
  if (!code || !Object.values(KEUSOTE_MUNICIPALITY_CODES).includes(code)) {
    throw new InputError('not a Keusote municipality', { file: table.file, row, field, expected: Object.entries(KEUSOTE_MUNICIPALITY_CODES).map(([n, c]) => `${n} (${c})`).join(', '), seen: raw });
  }
  return code;
}

function lonLatCell(table: CsvTable, row: number, lonCol: string, latCol: string): [number, number] {
  const r = table.rows[row - 1]!;
  const lon = Number(r[lonCol]);
  const lat = Number(r[latCol]);
  if (!(r[lonCol] ?? '').trim() || !(r[latCol] ?? '').trim() || !(Math.abs(lon) <= 180) || !(Math.abs(lat) <= 90)) {
    throw new InputError('bad WGS84 coordinates', { file: table.file, row, field: `${lonCol}/${latCol}`, expected: 'lon/lat degrees', seen: `${r[lonCol]}, ${r[latCol]}` });
  }
  return [lon, lat];
}

function nonEmpty(v: string | undefined): string | null {
  const t = (v ?? '').trim();
  return t === '' ? null : t;
}

// ---------------------------------------------------------------------------------------------------
// Tampere

export interface CompileTampereOptions {
  /** Largest distance between an OSM amenity and a geocoded row for them to be one site; default 300 m. */
  matchRadiusMetres?: number;
}

/** Words that say what a facility is rather than which one it is; they never make a name match. */
const GENERIC_WORD = /terveys|sairaala|asema|keskus|päivystys|lääkär|klinikka|ostopalvelu|hospital|health|^tk$/;

interface ListRow {
  row: number;
  ref: string;
  name: string;
  municipality: string;
  type: string;
  address: string;
  lon: number;
  lat: number;
  x: number;
  y: number;
  kind: SiteKind;
}

/**
 * Build the Tampere-area sites table from tampere/health_sites_other.csv (Wikipedia names and
 * addresses, openrouteservice geocodes) and tampere/health_amenities.geojson (OSM), using the
 * municipal polygons for the bounding box and the point-in-polygon check (rules in the module comment).
 * Kinds: list type "Hospital" → hospital; a name with "päivystys" → emergency; any other "Health Center"
 * (terveysasema, terveyskeskus, OmaAsema) is a health station, mapped to the primary-care kind
 * sote-keskus. OSM-only: a name with terveysasema/terveyskeskus → sote-keskus (OSM often tags Finnish
 * health centres amenity=hospital because of their wards); amenity=hospital → hospital;
 * amenity=doctors (private clinics, student health) → other.
 */
export function compileTampereSites(sources: TampereSiteSources, options: CompileTampereOptions = {}): CompiledSites {
  const radius = options.matchRadiusMetres ?? 300;
  const report: string[] = [];
  const municipalities = readMunicipalityPolygons(sources.municipalities);
  const codeByName = new Map(municipalities.map((m) => [m.name, m.code]));
  for (const [name, code] of Object.entries(TAMPERE_AREA_MUNICIPALITY_CODES)) {
    if (codeByName.get(name) !== code) {
      throw new InputError('study-area municipality missing or with another code', { file: sources.municipalities, field: 'NATCODE', expected: `${name} = ${code}`, seen: codeByName.get(name) ?? 'no such municipality' });
    }
  }
  const index = new AreaIndex(municipalities);
  const bbox = municipalities.reduce(
    (b, m) => {
      const [x0, y0, x1, y1] = multiPolygonBbox(m.geometry);
      return [Math.min(b[0], x0), Math.min(b[1], y0), Math.max(b[2], x1), Math.max(b[3], y1)] as [number, number, number, number];
    },
    [Infinity, Infinity, -Infinity, -Infinity] as [number, number, number, number],
  );
  const inBbox = (x: number, y: number) => x >= bbox[0] && x <= bbox[2] && y >= bbox[1] && y <= bbox[3];

  // 1. The geocoded list.
  const table = readCsv(sources.healthSitesOther, ['name', 'municipality', 'type', 'address', 'lon', 'lat']);
  const label = sourceLabel(table.file);
  const rows: ListRow[] = table.rows.map((r, i) => {
    const row = i + 1;
    const [lon, lat] = lonLatCell(table, row, 'lon', 'lat');
    const [x, y] = lonLatTo3067(lon, lat);
    const name = (r.name ?? '').trim();
    const type = (r.type ?? '').trim();
    if (type !== 'Hospital' && type !== 'Health Center') {
      throw new InputError('unknown facility type', { file: table.file, row, field: 'type', expected: 'Hospital or Health Center', seen: type });
    }
    const kind: SiteKind = type === 'Hospital' ? 'hospital' : /päivystys/i.test(name) ? 'emergency' : 'sote-keskus';
    return { row, ref: `${label}#${row}`, name, municipality: (r.municipality ?? '').trim(), type, address: (r.address ?? '').trim(), lon, lat, x, y, kind };
  });
  const dropped = new Set<number>();
  const byPoint = new Map<string, ListRow[]>();
  for (const r of rows) byPoint.set(`${r.lon},${r.lat}`, [...(byPoint.get(`${r.lon},${r.lat}`) ?? []), r]);
  for (const group of byPoint.values()) {
    if (group.length < 2) continue;
    const streets = new Set(group.map((r) => streetPart(r.address)));
    const names = group.map((r) => `${r.ref} "${r.name}" (${r.address})`).join(' and ');
    if (streets.size > 1) {
      for (const r of group) dropped.add(r.row);
      report.push(`dropped ${names}: they share one point (${group[0]!.lat}, ${group[0]!.lon}) but have different street addresses, so the point is the geocoder's fallback, not either facility`);
    } else {
      report.push(`kept ${names}: they share one point but also the street address, so the shared geocode is expected`);
    }
  }
  for (const r of rows) {
    if (!dropped.has(r.row) && !inBbox(r.x, r.y)) {
      dropped.add(r.row);
      report.push(`dropped ${r.ref} "${r.name}": point outside the bounding box of the six municipalities`);
    }
  }

  // 2. OSM amenities and the matching.
  const osm = readSitesGeoJson(sources.healthAmenities);
  const osmLabel = sourceLabel(sources.healthAmenities);
  const osmKind = (a: OsmAmenityRecord): SiteKind =>
    /terveysasema|terveyskeskus/i.test(a.name ?? '') ? 'sote-keskus' : a.amenity === 'hospital' ? 'hospital' : 'other';
  const candidates: Array<{ r: ListRow; a: OsmAmenityRecord; d: number; how: string }> = [];
  for (const r of rows) {
    if (dropped.has(r.row)) continue;
    for (const a of osm) {
      const d = Math.hypot(a.x - r.x, a.y - r.y);
      if (d >= radius) continue;
      const how = nameMatch(r.name, r.kind, a, osmKind(a));
      if (how) candidates.push({ r, a, d, how });
    }
  }
  candidates.sort((p, q) => p.d - q.d);
  const matchOfRow = new Map<number, { a: OsmAmenityRecord; d: number; how: string }>();
  const usedOsm = new Set<string>();
  for (const c of candidates) {
    if (matchOfRow.has(c.r.row) || usedOsm.has(c.a.osmRef)) continue;
    matchOfRow.set(c.r.row, c);
    usedOsm.add(c.a.osmRef);
    report.push(`matched ${c.r.ref} "${c.r.name}" with ${osmLabel}#${c.a.osmRef} "${c.a.name}" (${Math.round(c.d)} m, ${c.how}): OSM point used`);
  }

  // Ids: the slug of the name; when several sites share it, each gets the slug of its street (then of
  // its source record) appended, so no site's id depends on the order of the others.
  const pending: Array<{ site: Omit<Site, 'id'>; idBase: string; disambiguation: string[] }> = [];
  const pushSite = (site: Omit<Site, 'id'>, idBase: string, disambiguation: string[]) => pending.push({ site, idBase, disambiguation });
  for (const r of rows) {
    if (dropped.has(r.row)) continue;
    const code = codeByName.get(r.municipality);
    if (!code) {
      throw new InputError('municipality not in the study area', { file: table.file, row: r.row, field: 'municipality', expected: [...codeByName.keys()].join(', '), seen: r.municipality });
    }
    const m = matchOfRow.get(r.row);
    const kindNote =
      r.kind === 'sote-keskus'
        ? 'Health station (list type "Health Center"), mapped to the primary-care kind sote-keskus.'
        : r.kind === 'emergency'
          ? 'Primary-care emergency clinic (päivystys in the name).'
          : 'Hospital (list type "Hospital").';
    const notes = [kindNote];
    let x = r.x;
    let y = r.y;
    let openingHours: string | null = null;
    const refs = [r.ref];
    if (m) {
      x = m.a.x;
      y = m.a.y;
      refs.unshift(`${osmLabel}#${m.a.osmRef}`);
      openingHours = m.a.tags.opening_hours ?? null;
      notes.push(`Point from OSM ${m.a.osmRef} "${m.a.name}" (${m.a.geometryType === 'Point' ? 'node' : 'centroid of the largest outer ring'}), ${Math.round(m.d)} m from the list's geocode.`);
      if (openingHours) notes.push('Opening hours: OSM opening_hours tag (extract of December 2021), unverified.');
    } else {
      notes.push('Point: openrouteservice geocode of the list address; no OSM amenity matched.');
      const raw = table.rows[r.row - 1]!;
      if (decimals(raw.lon) <= 2 || decimals(raw.lat) <= 2) {
        // A round-number point is a place-name (locality) geocode, not the building.
        notes.push(`Low precision: the geocode (${raw.lon}, ${raw.lat}) is a round-number point, probably the locality rather than the building.`);
        report.push(`warning: ${r.ref} "${r.name}": round-number geocode (${raw.lon}, ${raw.lat}), probably locality-level; kept`);
      }
    }
    const shared = (byPoint.get(`${r.lon},${r.lat}`) ?? []).filter((o) => o.row !== r.row);
    if (!m && shared.length) notes.push(`Shares its geocode with ${shared.map((o) => `${o.ref} "${o.name}"`).join(', ')} (same street address).`);
    pushSite(
      {
        name: r.name,
        kind: r.kind,
        municipalityCode: code,
        x,
        y,
        address: r.address || null,
        services: [],
        openingHours,
        capacity: null,
        annualCost: null,
        digitalShare: null,
        status: 'open',
        source: refs.join('; '),
        notes: notes.join(' '),
      },
      r.name,
      [streetPart(r.address), `row ${r.row}`],
    );
  }

  // 3. OSM amenities without a list row.
  for (const a of osm) {
    if (usedOsm.has(a.osmRef)) continue;
    const ref = `${osmLabel}#${a.osmRef}`;
    if (!a.name) {
      report.push(`dropped ${ref}: no name`);
      continue;
    }
    if (!inBbox(a.x, a.y)) {
      report.push(`dropped ${ref} "${a.name}": point outside the bounding box of the six municipalities`);
      continue;
    }
    const city = a.tags['addr:city'];
    let code = city ? codeByName.get(city) : undefined;
    let municipalityNote = city && code ? 'Municipality from addr:city.' : '';
    if (!code) {
      code = index.find(a.x, a.y)?.code;
      municipalityNote = 'Municipality from the municipal polygon containing the point (no addr:city).';
    }
    if (!code) {
      report.push(`dropped ${ref} "${a.name}": point outside every municipality of the study area`);
      continue;
    }
    const kind = osmKind(a);
    const kindNote =
      kind === 'sote-keskus'
        ? `Health centre by name (OSM amenity=${a.amenity}), mapped to the primary-care kind sote-keskus.`
        : kind === 'hospital'
          ? 'OSM amenity=hospital.'
          : `OSM amenity=${a.amenity}${a.tags['operator:type'] ? `, operator:type=${a.tags['operator:type']}` : ''}: a clinic outside the public network as far as the sources tell, kind other.`;
    const openingHours = a.tags.opening_hours ?? null;
    const notes = [kindNote, `Point: OSM ${a.geometryType === 'Point' ? 'node' : 'centroid of the largest outer ring'}.`, municipalityNote];
    if (openingHours) notes.push('Opening hours: OSM opening_hours tag (extract of December 2021), unverified.');
    pushSite(
      {
        name: a.name,
        kind,
        municipalityCode: code,
        x: a.x,
        y: a.y,
        address: osmAddress(a.tags),
        services: [],
        openingHours,
        capacity: null,
        annualCost: null,
        digitalShare: null,
        status: 'open',
        source: ref,
        notes: notes.filter((n) => n !== '').join(' '),
      },
      a.name,
      [a.tags['addr:street'] ?? '', a.osmRef],
    );
  }

  const baseCount = new Map<string, number>();
  for (const p of pending) baseCount.set(slug(p.idBase), (baseCount.get(slug(p.idBase)) ?? 0) + 1);
  const ids = new Set<string>();
  const sites: Site[] = pending.map((p) => {
    const base = slug(p.idBase);
    let id = base;
    if (baseCount.get(base)! > 1) {
      const parts = p.disambiguation.map(slug).filter((d) => d !== '');
      id = [base, ...parts.slice(0, 1)].join('-');
      for (let i = 1; ids.has(id) && i < parts.length; i++) id = [base, ...parts.slice(0, i + 1)].join('-');
    }
    if (ids.has(id)) throw new Error(`compileTampereSites: cannot make a unique id for "${p.site.name}"`);
    ids.add(id);
    return { id, ...p.site };
  });

  // 4. Point-in-polygon check of the declared municipality.
  const kept: Site[] = [];
  for (const s of sites) {
    const inside = index.find(s.x, s.y);
    if (!inside) {
      report.push(`dropped ${s.source} "${s.name}": point outside every municipality of the study area`);
      continue;
    }
    if (inside.code !== s.municipalityCode) {
      report.push(`warning: ${s.id} is declared in ${s.municipalityCode} by its source but its point lies in ${inside.code} (${inside.name})`);
    }
    kept.push(s);
  }
  report.push(`tampere: ${kept.length} sites (${rows.length - dropped.size} of ${rows.length} list rows, ${osm.length} OSM amenities of which ${usedOsm.size} matched a list row)`);
  return { sites: kept, report };
}

/** How the names match, or null: equal after normalisation, or a shared distinctive word with equal kinds. */
function nameMatch(listName: string, listKind: SiteKind, a: OsmAmenityRecord, kind: SiteKind): string | null {
  const tagged = (['name', 'alt_name', 'official_name', 'name:fi'] as const).filter((k) => !!a.tags[k]).map((k) => [k, a.tags[k]!] as const);
  const variants = tagged.map(([, v]) => v);
  const n = normaliseName(listName);
  for (const [k, v] of tagged) if (normaliseName(v) === n) return `same name (OSM ${k})`;
  if (listKind !== kind) return null;
  const words = new Set(distinctiveWords(listName));
  for (const v of variants) {
    const shared = distinctiveWords(v).find((w) => words.has(w));
    if (shared) return `shared word "${shared}", same kind`;
  }
  return null;
}

function normaliseName(s: string): string {
  return s.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

function distinctiveWords(s: string): string[] {
  return normaliseName(s)
    .split(' ')
    .filter((w) => w.length >= 4 && !GENERIC_WORD.test(w));
}

function decimals(v: string | undefined): number {
  const t = (v ?? '').trim();
  const dot = t.indexOf('.');
  return dot < 0 ? 0 : t.length - dot - 1;
}

/** The street and house number: the address up to the first comma, lower-cased, spaces collapsed. */
function streetPart(address: string): string {
  return (address.split(',')[0] ?? '').toLowerCase().replace(/\s+/g, ' ').trim();
}

function osmAddress(tags: Record<string, string>): string | null {
  const street = [tags['addr:street'], tags['addr:housenumber']].filter(Boolean).join(' ');
  const place = [tags['addr:postcode'], tags['addr:city']].filter(Boolean).join(' ');
  if (!street) return null;
  return place ? `${street}, ${place}` : street;
}

/** Kebab-case ASCII slug: ä → a, ö → o, å → a, other non-alphanumerics → '-'. */
export function slug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

interface MunicipalityPolygon {
  code: string;
  name: string;
  geometry: MultiPolygonRings;
}

/** Municipal polygons from a GeoPackage layer with NATCODE and NAMEFIN (EPSG:3067). */
function readMunicipalityPolygons(file: string, layer = 'municipalities'): MunicipalityPolygon[] {
  return readLayer(file, layer, { requiredColumns: ['NATCODE', 'NAMEFIN'], expectedSrsId: 3067 }).features.map((f) => ({
    code: String(f.properties.NATCODE),
    name: String(f.properties.NAMEFIN),
    geometry: featureMultiPolygon(f.geometry, { file, layer, fid: f.fid }),
  }));
}
