/** Plain-text tables for terminal output: right-aligned numbers, left-aligned text, no colours. */

export type Cell = string | number | null;

/** Render rows as an aligned table with a header and a rule under it. */
export function formatTable(header: string[], rows: Cell[][]): string {
  const text = rows.map((r) => r.map((c) => (c === null ? '–' : typeof c === 'number' ? formatNumber(c) : c)));
  const widths = header.map((h, i) => Math.max(h.length, ...text.map((r) => (r[i] ?? '').length)));
  const numeric = header.map((_, i) => rows.every((r) => r[i] === null || typeof r[i] === 'number'));
  const line = (cells: string[]) => cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...text.map(line)].join('\n');
}

/** Integers with thin grouping (1 234 567); other numbers to one decimal. */
export function formatNumber(n: number): string {
  const s = Number.isInteger(n) ? String(Math.abs(n)) : Math.abs(n).toFixed(1);
  const [int, dec] = s.split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${n < 0 ? '−' : ''}${grouped}${dec ? `.${dec}` : ''}`;
}

/** A signed number with its percentage, e.g. "+134 (+0.6 %)". */
export function formatDiff(d: number | null, pct: number | null): string | null {
  if (d === null) return null;
  const sign = d > 0 ? '+' : '';
  return `${sign}${formatNumber(d)} (${pct !== null && pct > 0 ? '+' : ''}${pct === null ? '' : formatNumber(pct)} %)`;
}
