/**
 * Reader for HSY's 250 m population grid with age groups (Väestötietoruudukko, capital region), a real
 * example of a grid with observed ages and two quirks that must be handled explicitly:
 *  1. Privacy suppression: in cells with fewer than 100 residents all nine age columns hold the code
 *     99. Such cells keep their total, and their ages are estimated with the age structure of all
 *     unsuppressed cells (ageMethod 'grid-structure'); the 99 codes are never summed.
 *  2. A dummy cell at sea (index 27699, in the Gulf of Finland) holds residents without a known
 *     location. It is not a place: it is left out of the demand cells and reported separately.
 * Column names are lower case in 2021 and upper case in 2015; they are matched case-insensitively.
 * Age groups are 10-year bands (0–9 … 70–79, 80+), split into saavu's bands assuming an even spread of
 * single years inside each band; a cell whose age groups do not add up to its total is rescaled to the
 * total (with a warning). Cell point = polygon centroid. O(cells).
 */
import { InputError } from '../core/errors.js';
import { AGE_BANDS, type AgePopulation, type DemandCell } from '../core/model.js';
import { multiPolygonCentroid } from '../geo/polygon.js';
import { toAgeBands } from './age-bands.js';
import { applyAgeStructure } from './age-structure.js';
import { featureMultiPolygon } from './feature-geometry.js';
import { readLayer } from './geopackage.js';

/** HSY's index of the dummy cell for residents without a known location. */
export const HSY_DUMMY_CELL_INDEX = 27699;
/** HSY's code for a suppressed age count. */
export const HSY_SUPPRESSED = 99;
/** Cells with fewer residents than this have their ages suppressed. */
export const HSY_AGE_THRESHOLD = 100;

const AGE_COLUMNS = ['ika0_9', 'ika10_19', 'ika20_29', 'ika30_39', 'ika40_49', 'ika50_59', 'ika60_69', 'ika70_79', 'ika_yli80'];
const AGE_RANGES = [...Array.from({ length: 8 }, (_, i) => ({ from: 10 * i, to: 10 * i + 9 })), { from: 80, to: 120 }];

export interface HsyGrid {
  cells: DemandCell[];
  /** The dummy cell's residents (no known location), or null if the file has none. */
  unlocated: { index: number; residents: number; ages: AgePopulation | null } | null;
  suppressed: { cells: number; residents: number };
  /** Residents and age structure of the real cells with observed ages (the dummy cell excluded). */
  observed: { cells: number; residents: number; ages: AgePopulation };
  warnings: string[];
}

/** Read an HSY 250 m grid GeoPackage layer (EPSG:3067). */
export function readHsyGrid(file: string, layer: string, options: { year?: number } = {}): HsyGrid {
  const data = readLayer(file, layer, { expectedSrsId: 3067 });
  const col = (name: string) => {
    const found = data.columns.find((c) => c.toLowerCase() === name);
    if (!found) throw new InputError('missing column', { file, layer, field: name, expected: `HSY columns index, asukkaita, ${AGE_COLUMNS.join(', ')}`, seen: data.columns.join(', ') });
    return found;
  };
  const indexCol = col('index');
  const totalCol = col('asukkaita');
  const ageCols = AGE_COLUMNS.map(col);
  const warnings: string[] = [];
  type Raw = { index: number; total: number; ages: number[] | null; x: number; y: number };
  const raws: Raw[] = [];
  let unlocated: HsyGrid['unlocated'] = null;
  const observedAges: AgePopulation = { '0-14': 0, '15-64': 0, '65-74': 0, '75+': 0 };
  let observedCells = 0;
  let observedResidents = 0;

  for (const f of data.features) {
    const where = { file, layer, row: `fid ${f.fid}` };
    const intOf = (c: string) => {
      const v = f.properties[c];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new InputError('bad value', { ...where, field: c, expected: 'a non-negative integer', seen: v });
      return v;
    };
    const index = intOf(indexCol);
    const total = intOf(totalCol);
    const counts = ageCols.map(intOf);
    const suppressed = total < HSY_AGE_THRESHOLD && counts.every((c) => c === HSY_SUPPRESSED);
    if (index === HSY_DUMMY_CELL_INDEX) {
      unlocated = { index, residents: total, ages: suppressed ? null : toAgeBands(AGE_RANGES, counts) };
      continue;
    }
    if (!suppressed) {
      const sum = counts.reduce((a, b) => a + b, 0);
      if (sum !== total) warnings.push(`${file}: cell ${index} age groups sum to ${sum} but asukkaita is ${total}; ages rescaled to the total`);
      const bands = toAgeBands(AGE_RANGES, counts);
      for (const b of AGE_BANDS) observedAges[b] += bands[b];
      observedCells++;
      observedResidents += total;
    }
    const [x, y] = multiPolygonCentroid(featureMultiPolygon(f.geometry, { file, layer, fid: f.fid }));
    raws.push({ index, total, ages: suppressed ? null : counts, x, y });
  }
  if (!unlocated) warnings.push(`${file}: no dummy cell ${HSY_DUMMY_CELL_INDEX} found; every cell is treated as a real location`);

  const source = `HSY 250 m grid${options.year ? ` ${options.year}` : ''}`;
  let suppressedCells = 0;
  let suppressedResidents = 0;
  const cells = raws.map((r): DemandCell => {
    if (!r.ages) {
      suppressedCells++;
      suppressedResidents += r.total;
    }
    return {
      id: `hsy250-${r.index}`,
      x: r.x,
      y: r.y,
      municipalityCode: '',
      population: r.total,
      // Observed bands go through applyAgeStructure too, so a cell whose age groups miss its total
      // (index 8674 by one person in 2021) is rescaled to add up to asukkaita, the figure used everywhere.
      ages: applyAgeStructure(r.ages ? toAgeBands(AGE_RANGES, r.ages) : observedAges, r.total),
      ageMethod: r.ages ? 'observed' : 'grid-structure',
      source,
    };
  });
  return { cells, unlocated, suppressed: { cells: suppressedCells, residents: suppressedResidents }, observed: { cells: observedCells, residents: observedResidents, ages: observedAges }, warnings };
}
