/**
 * Plain-text tables for terminal output: right-aligned numbers, left-aligned text, no colours.
 * Numbers use a space as thousands separator in every language and a decimal comma in Finnish and
 * Swedish (a decimal point in English).
 */
import type { Lang } from '../report/i18n.js';
import { formatNumber } from '../report/format.js';

export { formatNumber } from '../report/format.js';

export type Cell = string | number | null;

/** Render rows as an aligned table with a header and a rule under it; null shows as "–" (unknown). */
export function formatTable(header: string[], rows: Cell[][], lang: Lang = 'en'): string {
  const text = rows.map((r) => r.map((c) => (c === null ? '–' : typeof c === 'number' ? formatNumber(c, lang) : c)));
  const widths = header.map((h, i) => Math.max(h.length, ...text.map((r) => (r[i] ?? '').length)));
  const numeric = header.map((_, i) => rows.every((r) => r[i] === null || typeof r[i] === 'number'));
  const line = (cells: string[]) => cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...text.map(line)].join('\n');
}

/** A signed number with its percentage, e.g. "+134 (+0.6 %)"; null when there is no difference to show. */
export function formatDiff(d: number | null, pct: number | null, lang: Lang = 'en'): string | null {
  if (d === null) return null;
  const sign = (v: number) => (v > 0 ? '+' : '');
  return `${sign(d)}${formatNumber(d, lang)}${pct === null ? '' : ` (${sign(pct)}${formatNumber(pct, lang)} %)`}`;
}
