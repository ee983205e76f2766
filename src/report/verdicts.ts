/** A rule verdict explained in words, in the user's language (CLI tables and HTML reports). */
import type { Verdict } from '../access/rules.js';
import { formatNumber, formatPercent as pct } from './format.js';
import { t, type Lang } from './i18n.js';

const min1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

export function explainVerdict(v: Verdict, lang: Lang): string {
  const share = pct(v.share, lang)!;
  const base = { mun: v.municipalityName, share, reached: formatNumber(Math.round(v.reachedPopulation), lang), pop: formatNumber(Math.round(v.population), lang), minutes: v.maxMinutes, threshold: pct(v.threshold, lang)! };
  const served = v.servedBy.length
    ? v.servedBy.slice(0, 4).map((s) => `${s.name} ${pct(s.population / v.population, lang)}${s.outside ? ` (${t(lang, 'rules.outside')}, ${s.municipality})` : ''}`).join(', ')
    : t(lang, 'rules.none');
  if (v.pass) return t(lang, 'rules.explainPass', { ...base, served });
  const worst = v.failingCells.slice(0, 3).map((c) => `${c.id} (${formatNumber(Math.round(c.population), lang)}${c.minutes === null ? '' : `, ${formatNumber(min1(c.minutes)!, lang)} min`})`).join(', ');
  return t(lang, 'rules.explainFail', { ...base, failing: formatNumber(Math.round(v.failingPopulation), lang), cells: v.failingCells.length, worst, served });
}

