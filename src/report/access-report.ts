/**
 * The self-contained HTML report of one evaluated network (`saavu access --html report.html`): a map of
 * the demand cells coloured by minutes to the nearest service point with the municipalities and the
 * service points, charts of residents within 30 minutes and by minutes class, the indicator table, the
 * rule verdicts with their explanations, and the data attribution. One file, no scripts, no external
 * tiles or fonts: the map and charts are SVG rendered on the server by Apache ECharts (SSR), drawn from
 * the project's own layers in EPSG:3067 (so distances on the map are true).
 * Colours: viridis classes (readable with the common colour-vision deficiencies), with outlines.
 */
import * as echarts from 'echarts';
import type { Region, Site } from '../core/model.js';
import type { AccessResult } from '../access/indicators.js';
import type { Rule, Verdict } from '../access/rules.js';
import { formatNumber, formatPercent as pct } from './format.js';
import { t, type Lang } from './i18n.js';
import { explainVerdict } from './verdicts.js';

export const CLASS_COLOURS: Record<string, string> = { '0-10': '#fde725', '10-20': '#5ec962', '20-30': '#21918c', '30-45': '#3b528b', '>45': '#440154', none: '#bdbdbd' };
const CLASSES = ['0-10', '10-20', '20-30', '30-45', '>45'] as const;
const KIND_SYMBOL: Record<string, string> = { 'sote-keskus': 'diamond', 'sote-yksikko': 'triangle', hospital: 'rect', emergency: 'pin', other: 'circle' };

export interface ReportInput {
  region: Region;
  scenario: string;
  mode: string;
  network: string;
  sites: readonly Site[];
  access: AccessResult;
  verdicts: readonly Verdict[];
  rules: readonly Rule[];
  lang: Lang;
  generated?: Date;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function classOf(m: number | null): string {
  if (m === null) return 'none';
  return m <= 10 ? '0-10' : m <= 20 ? '10-20' : m <= 30 ? '20-30' : m <= 45 ? '30-45' : '>45';
}

function svgChart(width: number, height: number, option: echarts.EChartsCoreOption, setup?: () => void): string {
  setup?.();
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: 'system-ui, sans-serif' }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** Municipal polygons as GeoJSON in EPSG:3067 metres, rounded to 10 m with repeated vertices dropped. */
function municipalGeoJson(region: Region) {
  return {
    type: 'FeatureCollection',
    features: region.municipalities.filter((m) => m.inRegion).map((m) => ({
      type: 'Feature',
      properties: { name: m.code },
      geometry: {
        type: 'MultiPolygon',
        coordinates: m.geometry.map((poly) => poly.map((ring) => {
          const out: number[][] = [];
          for (const [x, y] of ring) {
            const p = [Math.round(x / 10) * 10, Math.round(y / 10) * 10];
            const last = out[out.length - 1];
            if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
          }
          return out;
        })),
      },
    })),
  };
}

export function renderAccessReport(input: ReportInput): string {
  const { region, access, lang } = input;
  const L = (k: string, p: Record<string, string | number> = {}) => t(lang, k, p);
  const mapName = `saavu-${region.id}`;
  const cellsByClass = new Map<string, Array<[number, number, number, string]>>();
  access.cells.forEach((c, i) => {
    const k = classOf(c.minutes);
    const d = region.demandCells[i]!;
    (cellsByClass.get(k) ?? cellsByClass.set(k, []).get(k)!).push([d.x, d.y, c.population, c.id]);
  });
  const operating = new Set(access.activeSites);
  const mapSvg = svgChart(760, 620, {
    geo: { map: mapName, aspectScale: 1, roam: false, itemStyle: { areaColor: '#f4f4f4', borderColor: '#555', borderWidth: 1 }, label: { show: false }, left: 10, right: 10, top: 10, bottom: 60 },
    legend: { bottom: 5, data: [...CLASSES.map((k) => `${k} min`), L('report.noService'), ...Object.keys(KIND_SYMBOL).map((k) => L(`kind.${k}`))], textStyle: { fontSize: 11 } },
    series: [
      ...[...CLASSES, 'none'].map((k) => ({
        type: 'scatter', coordinateSystem: 'geo', name: k === 'none' ? L('report.noService') : `${k} min`,
        data: (cellsByClass.get(k) ?? []).map(([x, y]) => [x, y]), symbol: 'rect', symbolSize: 7,
        itemStyle: { color: CLASS_COLOURS[k], borderColor: '#333', borderWidth: 0.3 },
      })),
      ...Object.keys(KIND_SYMBOL).map((kind) => ({
        type: 'scatter', coordinateSystem: 'geo', name: L(`kind.${kind}`), symbol: KIND_SYMBOL[kind], symbolSize: 13,
        data: input.sites.filter((s) => s.kind === kind).map((s) => ({ value: [s.x, s.y], itemStyle: operating.has(s.id) || (s.kind !== 'sote-keskus' && s.kind !== 'sote-yksikko') ? { color: '#d62728', borderColor: '#000', borderWidth: 1 } : { color: '#fff', borderColor: '#d62728', borderWidth: 2 } })),
        itemStyle: { color: '#d62728', borderColor: '#000', borderWidth: 1 },
        z: 10,
      })),
    ],
  }, () => echarts.registerMap(mapName, municipalGeoJson(region) as never));

  const names = access.municipalities.map((m) => m.name);
  const shareSvg = svgChart(760, 320, {
    grid: { left: 60, right: 20, top: 40, bottom: 40 },
    legend: { top: 5 },
    xAxis: { type: 'category', data: names },
    yAxis: { type: 'value', max: 100, name: '%' },
    series: (['all', '75+'] as const).map((g, k) => ({
      type: 'bar', name: g === 'all' ? L('row.total') : '75+', itemStyle: { color: k === 0 ? '#21918c' : '#3b528b' },
      data: access.municipalities.map((m) => Math.round((m.byAge[g].free.withinShare['30'] ?? 0) * 1000) / 10),
      label: { show: true, position: 'top', fontSize: 10 },
    })),
  });
  const classSvg = svgChart(760, 320, {
    grid: { left: 70, right: 20, top: 50, bottom: 40 },
    legend: { top: 5 },
    xAxis: { type: 'category', data: names },
    yAxis: { type: 'value' },
    series: [...CLASSES, 'none'].map((k) => ({
      type: 'bar', stack: 'all', name: k === 'none' ? L('report.noService') : `${k} min`, itemStyle: { color: CLASS_COLOURS[k], borderColor: '#333', borderWidth: 0.3 },
      data: access.municipalities.map((m) => Math.round(access.cells.reduce((s, c) => s + (c.municipality === m.code && classOf(c.minutes) === k ? c.population : 0), 0))),
    })),
  });

  const num = (v: number | null, d = 1) => (v === null ? '–' : formatNumber(Math.round(v * 10 ** d) / 10 ** d, lang));
  const rows = [...access.municipalities, { ...access.region, name: L('row.total') }].map((m) => {
    const f = m.byAge.all.free;
    return `<tr><th scope="row">${esc(m.name)}</th><td>${formatNumber(Math.round(f.population), lang)}</td>${access.limits.map((l) => `<td>${pct(f.withinShare[String(l)] ?? null, lang) ?? '–'}</td>`).join('')}<td>${pct(m.byAge['75+'].free.withinShare['30'] ?? null, lang) ?? '–'}</td><td>${num(f.meanMinutes)}</td><td>${num(f.medianMinutes)}</td><td>${num(f.p90Minutes)}</td><td>${pct(m.byAge.all.home.withinShare['30'] ?? null, lang) ?? '–'}</td></tr>`;
  }).join('\n');
  const verdictHtml = input.rules.map((r) => {
    const vs = input.verdicts.filter((v) => v.rule === r.id);
    return `<h3>${esc(r.title?.[lang] ?? r.id)}</h3><ul>${vs.map((v) => `<li class="${v.pass ? 'pass' : 'fail'}"><strong>${esc(L(v.pass ? 'verdict.pass' : 'verdict.fail'))}</strong> — ${esc(explainVerdict(v, lang))}</li>`).join('')}</ul>`;
  }).join('\n');
  const summary = L('report.mapAlt', { cells: access.cells.length, within: pct(access.region.byAge.all.free.withinShare['30'] ?? null, lang) ?? '–' });
  const title = `${L('report.title')} — ${region.names[lang]}`;
  const scenario = input.scenario === 'base' ? L('base') : input.scenario;
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; color: #111; line-height: 1.45; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; } th, td { padding: 0.3rem 0.5rem; border-bottom: 1px solid #ddd; text-align: right; }
th[scope=row], thead th:first-child { text-align: left; } thead th { background: #f0f0f0; }
li.fail strong { color: #b00020; } li.pass strong { color: #1b5e20; }
figure { margin: 1rem 0; } figcaption { font-size: 0.9rem; color: #333; }
.meta { color: #333; font-size: 0.95rem; }
</style>
</head>
<body>
<main>
<h1>${esc(title)}</h1>
<p class="meta">${esc(L('report.meta', { scenario, mode: L(`mode.${input.mode}`), network: input.network, kinds: access.kinds.map((k) => L(`kind.${k}`)).join(', '), date: (input.generated ?? new Date()).toISOString().slice(0, 10) }))}</p>
<h2>${esc(L('report.map'))}</h2>
<figure role="img" aria-label="${esc(summary)}">${mapSvg}<figcaption>${esc(summary)} ${esc(L('report.mapNote'))}</figcaption></figure>
<h2>${esc(L('report.within30'))}</h2>
<figure role="img" aria-label="${esc(L('report.within30'))}">${shareSvg}</figure>
<figure role="img" aria-label="${esc(L('report.byClass'))}">${classSvg}<figcaption>${esc(L('report.byClass'))}</figcaption></figure>
<h2>${esc(L('report.table'))}</h2>
<table>
<caption>${esc(L('access.age', { age: L('row.total') }))}</caption>
<thead><tr><th scope="col">${esc(L('col.name'))}</th><th scope="col">${esc(L('col.residents'))}</th>${access.limits.map((l) => `<th scope="col">${esc(L('col.within', { m: l }))}</th>`).join('')}<th scope="col">75+ ≤30 min</th><th scope="col">${esc(L('col.mean'))}</th><th scope="col">${esc(L('col.median'))}</th><th scope="col">${esc(L('col.p90'))}</th><th scope="col">${esc(L('col.home30'))}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<h2>${esc(L('report.rules'))}</h2>
${verdictHtml}
<h2>${esc(L('report.sources'))}</h2>
<ul>${region.sources.map((s) => `<li>${esc(s.title)}: ${esc(s.attribution)} (${esc(s.licence)})</li>`).join('')}</ul>
<p class="meta">${esc(L('report.method'))}</p>
</main>
</body>
</html>
`;
}
