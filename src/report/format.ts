/** Number formatting for people, shared by the CLI tables and the HTML reports. */
import type { Lang } from './i18n.js';

/** Integers with space grouping (1 234 567); other numbers to one decimal; minus sign U+2212. */
export function formatNumber(n: number, lang: Lang = 'en'): string {
  const s = Number.isInteger(n) ? String(Math.abs(n)) : Math.abs(n).toFixed(1);
  const [int, dec] = s.split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${n < 0 ? '−' : ''}${grouped}${dec ? `${lang === 'en' ? '.' : ','}${dec}` : ''}`;
}

/** A share 0..1 as a percentage with one decimal ("99,7 %"); null stays null (unknown). */
export function formatPercent(v: number | null, lang: Lang): string | null {
  return v === null ? null : `${formatNumber(Math.round(v * 1000) / 10, lang)} %`;
}
