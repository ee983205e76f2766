/**
 * CSV reading with validation: a header check and typed field access that throws InputError naming
 * the file, the 1-based data row and the column. Files are small (at most a few MB), so they are read
 * whole with csv-parse's synchronous API.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { InputError } from '../core/errors.js';

export interface CsvTable {
  file: string;
  header: string[];
  /** Data rows as column → raw string. */
  rows: Array<Record<string, string>>;
}

/** Read a CSV file with a header row; require the given columns. */
export function readCsv(file: string, requiredColumns: readonly string[] = []): CsvTable {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read file (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { file });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: false, skip_empty_lines: true }) as string[][];
  } catch (e) {
    // csv-parse counts file lines from 1 with the header as line 1; saavu counts data rows (header = row 0).
    const err = e as Error & { lines?: number };
    throw new InputError(`not a valid CSV file: ${err.message}`, { file, ...(err.lines ? { row: err.lines - 1 } : {}) });
  }
  if (records.length === 0) throw new InputError('empty CSV file', { file, expected: 'a header row' });
  const header = records[0]!.map((h) => h.trim());
  for (const col of requiredColumns) {
    if (!header.includes(col)) {
      throw new InputError('missing column', { file, field: col, expected: `columns ${requiredColumns.join(', ')}`, seen: header.join(',') });
    }
  }
  const rows = records.slice(1).map((rec) => {
    const row: Record<string, string> = {};
    header.forEach((h, i) => (row[h] = rec[i] ?? ''));
    return row;
  });
  return { file, header, rows };
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/** A required finite number from a CSV cell; `row` is 1-based. */
export function csvNumber(t: CsvTable, row: number, field: string, opts: { min?: number; integer?: boolean } = {}): number {
  const raw = t.rows[row - 1]?.[field];
  // Plain decimal notation only: Number() would also accept "0x1F", "1e5" or "Infinity".
  const v = raw !== undefined && DECIMAL.test(raw.trim()) ? Number(raw) : NaN;
  const what = opts.integer ? 'an integer' : 'a number';
  if (!Number.isFinite(v) || (opts.integer && !Number.isInteger(v)) || (opts.min !== undefined && v < opts.min)) {
    const range = opts.min !== undefined ? ` ≥ ${opts.min}` : '';
    throw new InputError('bad value', { file: t.file, row, field, expected: `${what}${range}`, seen: raw ?? '' });
  }
  return v;
}

/** An optional number: empty cell → null, otherwise validated like csvNumber. */
export function csvOptionalNumber(t: CsvTable, row: number, field: string, opts: { min?: number; integer?: boolean } = {}): number | null {
  const raw = t.rows[row - 1]?.[field];
  if (raw === undefined || raw.trim() === '') return null;
  return csvNumber(t, row, field, opts);
}

/** A required non-empty string cell. */
export function csvString(t: CsvTable, row: number, field: string): string {
  const raw = (t.rows[row - 1]?.[field] ?? '').trim();
  if (raw === '') throw new InputError('empty value', { file: t.file, row, field, expected: 'a non-empty value' });
  return raw;
}
