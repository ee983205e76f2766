/**
 * Typed errors for bad input. Every reader throws an InputError that names the file, the row or
 * feature, the field, what was expected and what was seen; the CLI and the server map it to an exit
 * code or an HTTP status in one place (src/cli/exit-codes.ts).
 */

export interface InputErrorDetails {
  /** Path of the offending file (as the user gave it). */
  file?: string;
  /** 1-based data row (CSV: the header is row 0) or feature id/index. */
  row?: number | string;
  /** Layer name inside a GeoPackage. */
  layer?: string;
  /** Column, property or JSON path. */
  field?: string;
  /** What was expected, in words. */
  expected?: string;
  /** The value actually seen (shown truncated). */
  seen?: unknown;
}

export class InputError extends Error {
  readonly details: InputErrorDetails;
  constructor(message: string, details: InputErrorDetails = {}) {
    super(formatInputError(message, details));
    this.name = 'InputError';
    this.details = details;
  }
}

function formatInputError(message: string, d: InputErrorDetails): string {
  const where: string[] = [];
  if (d.file) where.push(d.file);
  if (d.layer) where.push(`layer ${d.layer}`);
  if (d.row !== undefined) where.push(typeof d.row === 'number' ? `row ${d.row}` : `feature ${d.row}`);
  if (d.field) where.push(`field "${d.field}"`);
  let text = where.length ? `${where.join(', ')}: ${message}` : message;
  if (d.expected) text += `; expected ${d.expected}`;
  if (d.seen !== undefined) text += `, got ${showValue(d.seen)}`;
  return text;
}

function showValue(v: unknown): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : String(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** An error in the request itself (unknown command, option or id) rather than in a data file. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
