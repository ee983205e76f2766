/**
 * Reader for the Statistics Finland Paavo municipality table (one row per municipality, columns such as
 * "0-2 years, 2018 (HE)"), aggregated into saavu's age bands 0–14, 15–64, 65–74 and 75+.
 *
 * Paavo's fine bands are 0-2, 3-6, 7-12, 13-15, 16-17, 18-19, then 5-year bands to 80-84, then 85+.
 * The band 13-15 straddles the 14/15 cut: it is split 2/3 to 0–14 (ages 13, 14) and 1/3 to 15–64
 * (age 15), assuming residents are spread evenly over single years inside the band. The bands 65–74
 * and 75+ are exact sums of Paavo bands. Municipal band totals are rounded so they add up to the total.
 */
import { InputError } from '../core/errors.js';
import type { AgePopulation } from '../core/model.js';
import { csvNumber, readCsv } from './csv.js';

/** Paavo fine bands in order, with their first and last single year of age (85+ ends at 120). */
export const PAAVO_FINE_BANDS: ReadonlyArray<{ label: string; from: number; to: number }> = [
  { label: '0-2 years', from: 0, to: 2 },
  { label: '3-6 years', from: 3, to: 6 },
  { label: '7-12 years', from: 7, to: 12 },
  { label: '13-15 years', from: 13, to: 15 },
  { label: '16-17 years', from: 16, to: 17 },
  { label: '18-19 years', from: 18, to: 19 },
  ...Array.from({ length: 13 }, (_, i) => ({ label: `${20 + 5 * i}-${24 + 5 * i} years`, from: 20 + 5 * i, to: 24 + 5 * i })),
  { label: '85 years or over', from: 85, to: 120 },
];

/** saavu's age bands as single-year ranges (inclusive). */
const TARGET_BANDS: ReadonlyArray<{ band: keyof AgePopulation; from: number; to: number }> = [
  { band: '0-14', from: 0, to: 14 },
  { band: '15-64', from: 15, to: 64 },
  { band: '65-74', from: 65, to: 74 },
  { band: '75+', from: 75, to: 120 },
];

export interface MunicipalAgeRow {
  /** Municipality name as written in the file (Finnish). */
  name: string;
  /** Data year parsed from the column names, e.g. 2018. */
  year: number;
  total: number;
  /** Residents by saavu age band; 0–14 and 15–64 may be fractional before rounding. */
  ages: AgePopulation;
  /** Residents aged 65 or over and 75 or over, exact sums of Paavo bands (for checks). */
  aged65plus: number;
  aged75plus: number;
}

/**
 * Split counts given on arbitrary single-year bands into saavu's age bands, assuming an even spread
 * inside each source band. `bands[i]` covers ages from..to (inclusive) and holds counts[i] persons.
 */
export function toAgeBands(bands: ReadonlyArray<{ from: number; to: number }>, counts: ReadonlyArray<number>): AgePopulation {
  const out: AgePopulation = { '0-14': 0, '15-64': 0, '65-74': 0, '75+': 0 };
  bands.forEach((b, i) => {
    const width = b.to - b.from + 1;
    for (const t of TARGET_BANDS) {
      const overlap = Math.min(b.to, t.to) - Math.max(b.from, t.from) + 1;
      if (overlap > 0) out[t.band] += (counts[i]! * overlap) / width;
    }
  });
  return out;
}

/** Read a Paavo municipality table (`Area` + "Inhabitants, total, YYYY (HE)" + fine age bands). */
export function readPaavoAgeBands(file: string): MunicipalAgeRow[] {
  const table = readCsv(file, ['Area']);
  const totalCol = table.header.find((h) => /^Inhabitants, total, \d{4} \(HE\)$/.test(h));
  if (!totalCol) {
    throw new InputError('missing column', { file, field: 'Inhabitants, total, YYYY (HE)', expected: 'a Paavo HE total column' });
  }
  const year = Number(totalCol.match(/(\d{4})/)![1]);
  const bandCols = PAAVO_FINE_BANDS.map((b) => {
    const col = `${b.label}, ${year} (HE)`;
    if (!table.header.includes(col)) throw new InputError('missing column', { file, field: col, expected: 'the Paavo age bands 0-2 … 85 years or over' });
    return col;
  });
  return table.rows.map((r, i) => {
    const row = i + 1;
    const name = (r.Area ?? '').trim();
    if (!name) throw new InputError('empty value', { file, row, field: 'Area', expected: 'a municipality name' });
    const total = csvNumber(table, row, totalCol, { min: 0, integer: true });
    const counts = bandCols.map((c) => csvNumber(table, row, c, { min: 0, integer: true }));
    const sum = counts.reduce((a, b) => a + b, 0);
    if (sum !== total) {
      throw new InputError('age bands do not add up to the total', { file, row, field: totalCol, expected: `${sum} (sum of the age bands)`, seen: total });
    }
    const aged65plus = counts.slice(PAAVO_FINE_BANDS.findIndex((b) => b.from === 65)).reduce((a, b) => a + b, 0);
    const aged75plus = counts.slice(PAAVO_FINE_BANDS.findIndex((b) => b.from === 75)).reduce((a, b) => a + b, 0);
    return { name, year, total, ages: toAgeBands(PAAVO_FINE_BANDS, counts), aged65plus, aged75plus };
  });
}

/**
 * Round band values to integers that add up to `total` (largest-remainder method), so displayed bands
 * sum exactly to the displayed total.
 */
export function roundAgeBands(ages: AgePopulation, total: number): AgePopulation {
  const keys = Object.keys(ages) as Array<keyof AgePopulation>;
  const floors = keys.map((k) => Math.floor(ages[k] + 1e-9));
  let rest = Math.round(total) - floors.reduce((a, b) => a + b, 0);
  const order = keys.map((k, i) => ({ i, frac: ages[k] - floors[i]! })).sort((a, b) => b.frac - a.frac);
  for (let j = 0; rest > 0 && j < order.length; j++, rest--) floors[order[j]!.i]! += 1;
  const out = { ...ages };
  keys.forEach((k, i) => (out[k] = floors[i]!));
  return out;
}
