/**
 * Readers for the Eurostat GEOSTAT 1 km population grid (EPSG:3035, ETRS89-LAEA).
 *
 * Two forms: the region's compiled `grid_1km.csv` (x_3035, y_3035 = lower-left corner in metres, a
 * population column, optionally a municipality code), and the raw gridviz tile excerpts
 * (`x,y,<year>…` cell indices inside a 128 km tile; the year columns come in different orders in
 * different stored versions, so they are always read by header name). Cells are returned with their
 * centre reprojected to EPSG:3067 with proj4. O(n) in the number of rows.
 */
import { InputError } from '../core/errors.js';
import { EPSG_3035, EPSG_3067, transform } from '../geo/crs.js';
import { csvNumber, readCsv } from './csv.js';

export interface GridCell {
  /** Lower-left corner in EPSG:3035 metres. */
  x3035: number;
  y3035: number;
  /** Cell centre in EPSG:3067 metres. */
  x: number;
  y: number;
  population: number;
  /** Municipality code from the file, when it has one. */
  municipalityCode: string | null;
  /** 1-based data row in the file. */
  row: number;
}

/** Plausible EPSG:3035 extent of Finland's cells (lower-left corners), metres. */
const FINLAND_3035 = { minX: 4_600_000, maxX: 5_400_000, minY: 4_000_000, maxY: 5_300_000 };

/** Read a compiled 1 km grid CSV (`x_3035,y_3035,<populationField>[,municipality]`). */
export function readGrid1kmCsv(file: string, populationField?: string): GridCell[] {
  const table = readCsv(file, ['x_3035', 'y_3035']);
  const popField = populationField ?? table.header.find((h) => /^population(_\d{4})?$/.test(h));
  if (!popField || !table.header.includes(popField)) {
    throw new InputError('missing column', { file, field: populationField ?? 'population', expected: 'a population column (population or population_YYYY)', seen: table.header.join(',') });
  }
  const hasMunicipality = table.header.includes('municipality');
  return table.rows.map((r, i) => {
    const row = i + 1;
    const x3035 = csvNumber(table, row, 'x_3035');
    const y3035 = csvNumber(table, row, 'y_3035');
    checkCorner(file, row, x3035, y3035);
    const population = csvNumber(table, row, popField, { min: 0, integer: true });
    const [x, y] = transform(EPSG_3035, EPSG_3067, [x3035 + 500, y3035 + 500]);
    const municipalityCode = hasMunicipality ? (r.municipality ?? '').trim() || null : null;
    if (municipalityCode !== null && !/^\d{3}$/.test(municipalityCode)) {
      throw new InputError('bad municipality code', { file, row, field: 'municipality', expected: 'a 3-digit code', seen: municipalityCode });
    }
    return { x3035, y3035, x, y, population, municipalityCode, row };
  });
}

function checkCorner(file: string, row: number, x: number, y: number): void {
  const f = FINLAND_3035;
  if (x >= f.minX && x <= f.maxX && y >= f.minY && y <= f.maxY && x % 1000 === 0 && y % 1000 === 0) return;
  let hint = 'EPSG:3035 metres on the 1 km lattice inside Finland';
  if (Math.abs(x) <= 180 && Math.abs(y) <= 90) hint += ' (the value looks like WGS84 degrees)';
  else if (x > 0 && x < 1_000_000 && y > 6_500_000 && y < 7_800_000) hint += ' (the value looks like EPSG:3067 metres)';
  throw new InputError('cell corner out of range', { file, row, field: 'x_3035/y_3035', expected: hint, seen: `${x}, ${y}` });
}

/** Read a raw gridviz tile (or an excerpt of one) and return cells for one year's column. */
export function readGridvizTile(file: string, tileX: number, tileY: number, year: number, tileSizeCells = 128, resolutionMetres = 1000): GridCell[] {
  const col = String(year);
  const table = readCsv(file, ['x', 'y', col]);
  return table.rows.map((_, i) => {
    const row = i + 1;
    const cx = csvNumber(table, row, 'x', { integer: true, min: 0 });
    const cy = csvNumber(table, row, 'y', { integer: true, min: 0 });
    if (cx >= tileSizeCells || cy >= tileSizeCells) {
      throw new InputError('cell index outside the tile', { file, row, field: 'x/y', expected: `0..${tileSizeCells - 1}`, seen: `${cx}, ${cy}` });
    }
    const population = csvNumber(table, row, col, { min: 0 });
    const x3035 = (tileX * tileSizeCells + cx) * resolutionMetres;
    const y3035 = (tileY * tileSizeCells + cy) * resolutionMetres;
    const [x, y] = transform(EPSG_3035, EPSG_3067, [x3035 + resolutionMetres / 2, y3035 + resolutionMetres / 2]);
    return { x3035, y3035, x, y, population, municipalityCode: null, row };
  });
}
