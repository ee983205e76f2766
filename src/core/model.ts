/**
 * The core data model shared by every stage (see docs/ARCHITECTURE.md). Plain data, no methods.
 * Coordinates are EPSG:3067 (ETRS-TM35FIN) metres unless a name says otherwise.
 */

/** Age bands used everywhere in saavu; population figures are persons. */
export const AGE_BANDS = ['0-14', '15-64', '65-74', '75+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export type AgePopulation = Record<AgeBand, number>;

/** A polygon ring list: rings[0] is the exterior ring, the rest are holes; [x, y] pairs. */
export type Ring = Array<[number, number]>;
export type PolygonRings = Ring[];
/** MultiPolygon as a list of polygons. */
export type MultiPolygonRings = PolygonRings[];

export interface Municipality {
  /** Three-digit national code (NATCODE), e.g. "106". */
  code: string;
  nameFi: string;
  nameSv: string;
  /** True for a member municipality of the region, false for a neighbour kept for context. */
  inRegion: boolean;
  geometry: MultiPolygonRings;
  /** Population by age band from the municipal age-band table, when the region has one. */
  population?: AgePopulation & { total: number };
}

export interface PostalArea {
  /** Five-digit postal code. */
  code: string;
  municipalityCode: string;
  /** Total residents (Paavo he_vakiy). */
  population: number;
  /** Residents by age band: the municipality's Paavo age structure applied to the total. */
  ages: AgePopulation;
  /** Area-weighted centroid, EPSG:3067 metres (the point used when postal areas are the demand unit). */
  x: number;
  y: number;
  geometry: MultiPolygonRings;
}

export interface DemandCell {
  id: string;
  /** Cell centre or area centroid, EPSG:3067 metres. */
  x: number;
  y: number;
  municipalityCode: string;
  /** Total residents from the source. */
  population: number;
  /** Residents by age band (may be fractional where a municipal age structure was applied). */
  ages: AgePopulation;
  /**
   * How the age split was obtained: observed in the source; the containing municipality's age
   * structure applied; or the structure of the whole grid applied (where the source suppressed ages).
   */
  ageMethod: 'observed' | 'municipal-structure' | 'grid-structure';
  /** Source dataset label. */
  source: string;
}

export const SITE_KINDS = ['sote-keskus', 'sote-yksikko', 'hospital', 'emergency', 'other'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];
export const SITE_STATUSES = ['open', 'closing', 'closed', 'planned'] as const;
export type SiteStatus = (typeof SITE_STATUSES)[number];

export interface Site {
  id: string;
  name: string;
  kind: SiteKind;
  municipalityCode: string;
  x: number;
  y: number;
  address: string | null;
  services: string[];
  openingHours: string | null;
  /** Appointments per week; null = unknown. */
  capacity: number | null;
  /** Euros per year; null = unknown. */
  annualCost: number | null;
  /** Share 0..1 of the site's services also offered digitally; null = unknown. */
  digitalShare: number | null;
  status: SiteStatus;
  source: string;
  notes: string | null;
}

export interface SourceRecord {
  /** Short key, e.g. "nls-municipalities". */
  key: string;
  title: string;
  publisher: string;
  licence: string;
  attribution: string;
  /** Path of the shipped file inside the region folder. */
  file: string;
  /** sha256 of the file, hex. */
  sha256?: string;
}

export interface Region {
  id: string;
  /** Finnish name (the default language). */
  name: string;
  names: { fi: string; sv: string; en: string };
  /** Reference year of the population grid. */
  gridYear: number;
  /** Reference year of the municipal age-band table. */
  ageYear: number;
  /** Whether the grid covers the member municipalities whole or only a study box. */
  gridCoverage: 'full' | 'partial';
  municipalities: Municipality[];
  postalAreas: PostalArea[];
  demandCells: DemandCell[];
  sites: Site[];
  sources: SourceRecord[];
  warnings: string[];
}
