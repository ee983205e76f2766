import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDir } from '../../test/paths.js';
import { InputError } from '../core/errors.js';
import { readPaavoAgeBands, roundAgeBands, toAgeBands } from './age-bands.js';

/** Independent parse: the data rows are `"Name",n,n,...` with no commas inside numbers. */
function naiveRows(file: string): Map<string, number[]> {
  const lines = readFileSync(file, 'utf8').trim().split('\n').slice(1);
  return new Map(lines.map((l) => {
    const [name, ...rest] = l.split(',');
    return [name!.replace(/"/g, ''), rest.map(Number)];
  }));
}

describe('Paavo municipality age bands (real Keusote file)', () => {
  const file = dataDir('keusote', 'municipality_age_bands.csv');
  const rows = readPaavoAgeBands(file);
  const naive = naiveRows(file);

  it('reads the six municipalities with the totals stated in PROVENANCE.md', () => {
    // PROVENANCE.md: sum 196,997; Hyvinkää 46,504; Järvenpää 43,410; Mäntsälä 20,686; Nurmijärvi 42,665; Pornainen 5,068; Tuusula 38,664
    expect(rows.map((r) => [r.name, r.total])).toEqual([
      ['Hyvinkää', 46504], ['Järvenpää', 43410], ['Mäntsälä', 20686], ['Nurmijärvi', 42665], ['Pornainen', 5068], ['Tuusula', 38664],
    ]);
    expect(rows.every((r) => r.year === 2018)).toBe(true);
  });

  it('75+ and 65–74 are exact sums of the Paavo bands (columns 75-79, 80-84, 85+ and 65-69, 70-74)', () => {
    for (const r of rows) {
      const v = naive.get(r.name)!;
      // naive columns: 0 total, 1 males, 2 females, 3 avg age, 4.. bands 0-2 … 85+ (20 bands)
      expect(r.ages['75+']).toBe(v[21]! + v[22]! + v[23]!);
      expect(r.ages['65-74']).toBe(v[19]! + v[20]!);
      expect(r.aged75plus).toBe(v[21]! + v[22]! + v[23]!);
      expect(r.ages['0-14'] + r.ages['15-64'] + r.ages['65-74'] + r.ages['75+']).toBeCloseTo(r.total, 6);
    }
  });

  it('rounded bands add up to the total and keep exact bands exact', () => {
    for (const r of rows) {
      const rounded = roundAgeBands(r.ages, r.total);
      expect(rounded['0-14'] + rounded['15-64'] + rounded['65-74'] + rounded['75+']).toBe(r.total);
      expect(rounded['75+']).toBe(r.ages['75+']);
      expect(Math.abs(rounded['0-14'] - r.ages['0-14'])).toBeLessThan(1);
    }
  });
});

describe('toAgeBands (synthetic bands)', () => {
  it('splits a band that straddles a cut in proportion to the single years on each side', () => {
    // synthetic: 30 persons aged 13–15 → 20 in 0–14, 10 in 15–64
    const a = toAgeBands([{ from: 13, to: 15 }], [30]);
    expect(a['0-14']).toBeCloseTo(20);
    expect(a['15-64']).toBeCloseTo(10);
    const b = toAgeBands([{ from: 70, to: 79 }], [100]);
    expect(b['65-74']).toBeCloseTo(50);
    expect(b['75+']).toBeCloseTo(50);
  });
});

describe('bad input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'saavu-age-'));
  const header = readFileSync(dataDir('keusote', 'municipality_age_bands.csv'), 'utf8').split('\n')[0]!;
  const good = readFileSync(dataDir('keusote', 'municipality_age_bands.csv'), 'utf8').split('\n')[1]!;

  it('names the file, row and field of a non-numeric population (synthetic file)', () => {
    const f = join(dir, 'nonnumeric.csv');
    writeFileSync(f, `${header}\n${good.replace(',46504,', ',4650x,')}\n`);
    expect(() => readPaavoAgeBands(f)).toThrow(InputError);
    expect(() => readPaavoAgeBands(f)).toThrow(/nonnumeric\.csv, row 1, field "Inhabitants, total, 2018 \(HE\)".*got "4650x"/);
  });

  it('names a missing age column (synthetic file)', () => {
    const f = join(dir, 'missing.csv');
    writeFileSync(f, `${header.replace('"85 years or over, 2018 (HE)"', '"85+"')}\n${good}\n`);
    expect(() => readPaavoAgeBands(f)).toThrow(/missing\.csv, field "85 years or over, 2018 \(HE\)": missing column/);
  });

  it('rejects bands that do not add up to the total (synthetic file)', () => {
    const f = join(dir, 'sum.csv');
    writeFileSync(f, `${header}\n${good.replace(',46504,', ',46505,')}\n`);
    expect(() => readPaavoAgeBands(f)).toThrow(/age bands do not add up/);
  });
});
