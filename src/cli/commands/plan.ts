/**
 * `saavu access`, `saavu rules`, `saavu compare` and `saavu scenario …`: accessibility indicators, rule
 * verdicts and scenario comparison on a project (src/access, src/plan), printed as tables in the user's
 * language or as JSON. Scenarios are given as `base` (today's network), a scenario JSON file, or the name
 * of a scenario stored in the project.
 */
import { existsSync } from 'node:fs';
import { writeFileAtomic } from '../../core/atomic.js';
import { renderAccessReport } from '../../report/access-report.js';
import { writeResultLayers } from '../../store/results.js';
import { UsageError } from '../../core/errors.js';
import { SITE_KINDS, type Region, type SiteKind } from '../../core/model.js';
import { AGE_GROUPS, cellPostalAreas, type AccessResult, type AgeGroup } from '../../access/indicators.js';
import { DEFAULT_RULES, readRuleFile, type Rule, type Verdict } from '../../access/rules.js';
import { compareScenarios, type Comparison } from '../../plan/compare.js';
import { evaluateNetwork, scenarioMatrix, type Evaluation } from '../../plan/evaluate.js';
import { applyScenario, readScenarioFile, type Scenario } from '../../plan/scenario.js';
import { closeMatrixWorkers } from '../../route/matrix.js';
import { openProject } from '../../store/project.js';
import { deleteScenario, getScenario, listScenarios, saveScenario } from '../../store/scenarios.js';
import { projectModeData } from '../../store/travel.js';
import { t, type Lang } from '../../report/i18n.js';
import { formatNumber, formatTable, type Cell } from '../format-table.js';
import { explainVerdict } from '../../report/verdicts.js';

export { explainVerdict } from '../../report/verdicts.js';

export interface PlanContext {
  file: string;
  region: Region;
  modes: Awaited<ReturnType<typeof projectModeData>>;
  postal: Int32Array;
}

export async function loadPlanContext(file: string): Promise<PlanContext> {
  if (!existsSync(file)) throw new UsageError(`${file}: no such project file (create one with \`saavu init ${file} --region data/keusote\`)`);
  const { region, metadata } = openProject(file);
  const modes = await projectModeData(file, region, metadata);
  if (Object.keys(modes).length === 0) throw new UsageError(`${file} has no travel times (re-run \`saavu init\`; the region names no network)`);
  return { file, region, modes, postal: cellPostalAreas(region) };
}

const BASE: Scenario = { name: 'base', edits: [] };

/** `base`, a scenario file, or a stored scenario's name. */
export function resolveScenario(file: string, ref: string | undefined): Scenario {
  if (ref === undefined || ref === 'base') return BASE;
  if (existsSync(ref)) return readScenarioFile(ref);
  const stored = getScenario(file, ref);
  if (stored) return stored.scenario;
  const names = listScenarios(file).map((s) => s.name);
  throw new UsageError(`scenario "${ref}": not a file and not stored in ${file} (stored: ${names.length ? names.join(', ') : 'none'}; or use "base")`);
}

/** Evaluate a scenario on every mode the project has. */
export async function evaluateScenario(ctx: PlanContext, scenario: Scenario, rules: readonly Rule[], kinds?: SiteKind[], scenarioFile?: string): Promise<Evaluation> {
  const applied = applyScenario(ctx.region, scenario, scenarioFile);
  const matrices: Record<string, Uint32Array> = {};
  for (const [mode, data] of Object.entries(ctx.modes)) matrices[mode] = await scenarioMatrix(ctx.region, applied, data, mode);
  const usable = rules.filter((r) => matrices[r.mode]);
  return evaluateNetwork(ctx.region, scenario.name, applied.sites, matrices, usable, kinds ? { kinds } : {}, ctx.postal);
}

function parseKinds(list: string | undefined): SiteKind[] | undefined {
  if (!list) return undefined;
  const kinds = list.split(',').map((k) => k.trim()).filter(Boolean);
  for (const k of kinds) if (!(SITE_KINDS as readonly string[]).includes(k)) throw new UsageError(`--kinds: unknown kind "${k}" (expected ${SITE_KINDS.join(', ')})`);
  return kinds as SiteKind[];
}

function pickMode(ctx: PlanContext, mode: string | undefined): string {
  const m = mode ?? 'car';
  if (!ctx.modes[m]) throw new UsageError(`--mode ${m}: the project has travel times for ${Object.keys(ctx.modes).join(', ')} only`);
  return m;
}

const pct = (v: number | null, lang: Lang) => (v === null ? null : `${formatNumber(Math.round(v * 1000) / 10, lang)} %`);
const min1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

// ---- access ------------------------------------------------------------------------------------

export interface AccessCommandOptions { scenario?: string; mode?: string; kinds?: string; age?: string; by?: string; json?: boolean; gpkg?: boolean; html?: string; lang: Lang }

export async function runAccess(file: string, opts: AccessCommandOptions): Promise<void> {
  try {
    const ctx = await loadPlanContext(file);
    const mode = pickMode(ctx, opts.mode);
    const age = (opts.age ?? 'all') as AgeGroup;
    if (!(AGE_GROUPS as readonly string[]).includes(age)) throw new UsageError(`--age ${opts.age}: expected one of ${AGE_GROUPS.join(', ')}`);
    const by = opts.by ?? 'municipality';
    if (by !== 'municipality' && by !== 'postal-area') throw new UsageError(`--by ${by}: expected municipality or postal-area`);
    const scenario = resolveScenario(file, opts.scenario);
    const rules = DEFAULT_RULES.map((r) => ({ ...r, mode: mode as Rule['mode'] }));
    const ev = await evaluateScenario(ctx, scenario, opts.gpkg || opts.html ? rules : [], parseKinds(opts.kinds), opts.scenario && existsSync(opts.scenario) ? opts.scenario : undefined);
    const acc = ev.modes[mode]!.access;
    if (opts.gpkg) {
      const layers = writeResultLayers(file, ctx.region, scenario.name, mode, acc, ev.verdicts);
      process.stderr.write(`${file}: ${layers.join(', ')}\n`);
    }
    if (opts.html) {
      const html = renderAccessReport({ region: ctx.region, scenario: scenario.name, mode, network: ctx.modes[mode]!.summary.profile, sites: ev.sites, access: acc, verdicts: ev.verdicts, rules, lang: opts.lang });
      writeFileAtomic(opts.html, html);
      process.stderr.write(`${opts.html}\n`);
    }
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(accessJson(acc, mode, scenario.name), null, 2)}\n`);
      return;
    }
    process.stdout.write(`${renderAccess(acc, mode, scenario.name, ctx.modes[mode]!.summary.profile, age, by, opts.lang)}\n`);
  } finally {
    await closeMatrixWorkers();
  }
}

/** JSON of an access result (typed arrays dropped; per-cell rows kept). */
export function accessJson(acc: AccessResult, mode: string, scenario: string): unknown {
  const { nearest: _nearest, e2sfca, ...rest } = acc;
  return {
    scenario, mode, ...rest,
    e2sfca: e2sfca.available ? { ...e2sfca, perThousand: undefined, perCell: Array.from(e2sfca.perThousand, (v) => Math.round(v * 1000) / 1000) } : e2sfca,
  };
}

export function renderAccess(acc: AccessResult, mode: string, scenario: string, network: string, age: AgeGroup, by: string, lang: Lang): string {
  const units = by === 'postal-area' ? acc.postalAreas : acc.municipalities;
  const header = [t(lang, by === 'postal-area' ? 'col.postal' : 'col.name'), t(lang, 'col.residents'), ...acc.limits.map((m) => t(lang, 'col.within', { m })), t(lang, 'col.mean'), t(lang, 'col.median'), t(lang, 'col.p90'), t(lang, 'col.home30'), t(lang, 'col.sitesWithin')];
  const row = (u: (typeof units)[number] | AccessResult['region'], name: string): Cell[] => {
    const f = u.byAge[age].free, h = u.byAge[age].home;
    return [name, Math.round(f.population), ...acc.limits.map((m) => pct(f.withinShare[String(m)] ?? null, lang)), min1(f.meanMinutes), min1(f.medianMinutes), min1(f.p90Minutes), pct(h.withinShare['30'] ?? null, lang), u.byAge[age].meanSitesWithin === null ? null : Math.round(u.byAge[age].meanSitesWithin! * 10) / 10];
  };
  const kinds = acc.kinds.map((k) => t(lang, `kind.${k}`)).join(' / ');
  const out = [
    t(lang, 'access.title', { mode: t(lang, `mode.${mode}`), kinds, network, scenario: scenario === 'base' ? '' : ` — ${scenario}` }),
    t(lang, 'access.age', { age: age === 'all' ? t(lang, 'row.total') : age }),
    '',
    formatTable(header, [...units.map((u) => row(u, u.name)), row(acc.region, t(lang, 'row.total'))], lang),
    '',
    t(lang, 'access.homeNote'),
  ];
  const w = acc.equity.worst10;
  const g = (v: number | null) => (v === null ? '–' : formatNumber(Math.round(v * 100) / 100, lang).replace(/([.,]\d)$/, '$10'));
  out.push(t(lang, 'access.equity', {
    pop: formatNumber(Math.round(w.all.population), lang), threshold: w.all.thresholdMinutes === null ? '–' : formatNumber(min1(w.all.thresholdMinutes)!, lang),
    mean: w.all.meanMinutes === null ? '–' : formatNumber(min1(w.all.meanMinutes)!, lang),
    pop75: formatNumber(Math.round(w['75+'].population), lang), threshold75: w['75+'].thresholdMinutes === null ? '–' : formatNumber(min1(w['75+'].thresholdMinutes)!, lang),
    gini: g(acc.equity.gini.all), gini75: g(acc.equity.gini['75+']),
  }));
  const e = acc.e2sfca;
  if (!e.available) out.push(t(lang, 'access.e2sfcaUnknown', { n: e.sitesWithoutCapacity.length, ids: e.sitesWithoutCapacity.join(', ') }));
  else {
    let num = 0, den = 0;
    acc.cells.forEach((c, i) => ((num += c.population * e.perThousand[i]!), (den += c.population)));
    out.push(t(lang, 'access.e2sfca', { method: e.method, value: formatNumber(Math.round((num / den) * 10) / 10, lang) }));
  }
  return out.join('\n');
}

// ---- rules -------------------------------------------------------------------------------------

export interface RulesCommandOptions { rules?: string; scenario?: string; mode?: string; json?: boolean; lang: Lang }

export async function runRules(file: string, opts: RulesCommandOptions): Promise<number> {
  try {
    const ctx = await loadPlanContext(file);
    let rules = opts.rules ? readRuleFile(opts.rules) : [...DEFAULT_RULES];
    if (opts.mode) {
      pickMode(ctx, opts.mode);
      rules = rules.map((r) => ({ ...r, mode: opts.mode as Rule['mode'] }));
    }
    for (const r of rules) if (!ctx.modes[r.mode]) throw new UsageError(`rule "${r.id}" needs ${r.mode} travel times; the project has ${Object.keys(ctx.modes).join(', ')}`);
    const scenario = resolveScenario(file, opts.scenario);
    const ev = await evaluateScenario(ctx, scenario, rules, undefined, opts.scenario && existsSync(opts.scenario) ? opts.scenario : undefined);
    if (opts.json) process.stdout.write(`${JSON.stringify(ev.verdicts.map((v) => ({ ...v, failingCells: v.failingCells.slice(0, 50) })), null, 2)}\n`);
    else process.stdout.write(`${renderRules(ev.verdicts, rules, scenario.name, opts.lang)}\n`);
    return 0;
  } finally {
    await closeMatrixWorkers();
  }
}

export function renderRules(verdicts: Verdict[], rules: readonly Rule[], scenario: string, lang: Lang): string {
  const out: string[] = [];
  for (const rule of rules) {
    const vs = verdicts.filter((v) => v.rule === rule.id);
    out.push(`${rule.id}: ${rule.title?.[lang] ?? `${rule.ageGroup}, ${rule.maxMinutes} min, ${pct(rule.minShare, lang)}, ${rule.mode}`}${scenario === 'base' ? '' : ` — ${scenario}`}`);
    out.push(formatTable(
      [t(lang, 'col.name'), t(lang, 'col.verdict'), t(lang, 'col.share'), t(lang, 'col.threshold'), t(lang, 'col.residents'), t(lang, 'col.failing')],
      vs.map((v) => [v.municipalityName, t(lang, v.pass ? 'verdict.pass' : 'verdict.fail'), pct(v.share, lang), pct(v.threshold, lang), Math.round(v.population), Math.round(v.failingPopulation)]),
      lang,
    ));
    out.push(...vs.map((v) => `  ${explainVerdict(v, lang)}`), '');
  }
  return out.join('\n').trimEnd();
}

// ---- compare -----------------------------------------------------------------------------------

export interface CompareCommandOptions { mode?: string; rules?: string; json?: boolean; lang: Lang }

export async function runCompare(file: string, baseRef: string, scenRef: string, opts: CompareCommandOptions): Promise<void> {
  try {
    const ctx = await loadPlanContext(file);
    const mode = pickMode(ctx, opts.mode);
    const rules = (opts.rules ? readRuleFile(opts.rules) : [...DEFAULT_RULES]).map((r) => ({ ...r, mode: mode as Rule['mode'] }));
    const a = resolveScenario(file, baseRef);
    const b = resolveScenario(file, scenRef);
    const ea = await evaluateScenario(ctx, a, rules, undefined, existsSync(baseRef) ? baseRef : undefined);
    const eb = await evaluateScenario(ctx, b, rules, undefined, existsSync(scenRef) ? scenRef : undefined);
    const cmp = compareScenarios(ctx.region, ea, eb, mode);
    process.stdout.write(opts.json ? `${JSON.stringify(cmp, null, 2)}\n` : `${renderComparison(cmp, opts.lang)}\n`);
  } finally {
    await closeMatrixWorkers();
  }
}

export function renderComparison(c: Comparison, lang: Lang): string {
  const name = (n: string) => (n === 'base' ? t(lang, 'base') : n);
  const signed = (v: number | null, digits = 1) => (v === null ? null : `${v > 0 ? '+' : ''}${formatNumber(Math.round(v * 10 ** digits) / 10 ** digits, lang)}`);
  const out = [t(lang, 'compare.title', { mode: t(lang, `mode.${c.mode}`), base: name(c.base), scenario: name(c.scenario) }), '', t(lang, 'compare.within')];
  const rows: Cell[][] = [];
  for (const m of [...c.municipalities, { ...c.region, name: t(lang, 'row.total') }]) {
    for (const g of ['all', '75+'] as const) {
      const a = m.byAge[g];
      rows.push([m.name, g === 'all' ? t(lang, 'row.total') : g, Math.round(a.base.within30), Math.round(a.scenario.within30), signed(Math.round(a.deltaWithin30), 0),
        min1(a.base.meanMinutes), min1(a.scenario.meanMinutes), signed(a.deltaMeanMinutes), min1(a.base.p90Minutes), min1(a.scenario.p90Minutes), signed(a.deltaP90Minutes)]);
    }
  }
  out.push(formatTable([t(lang, 'col.name'), t(lang, 'col.age'), `≤30 ${t(lang, 'col.before')}`, `≤30 ${t(lang, 'col.after')}`, t(lang, 'col.change'), `${t(lang, 'col.mean')} ${t(lang, 'col.before')}`, t(lang, 'col.after'), t(lang, 'col.change'), `p90 ${t(lang, 'col.before')}`, t(lang, 'col.after'), t(lang, 'col.change')], rows, lang));
  out.push('', c.flips.length ? t(lang, 'compare.flips') : t(lang, 'compare.noFlips'));
  for (const f of c.flips) out.push(`  ${f.rule} · ${f.municipalityName}: ${t(lang, f.from ? 'verdict.pass' : 'verdict.fail')} → ${t(lang, f.to ? 'verdict.pass' : 'verdict.fail')} (${pct(f.shareBase, lang)} → ${pct(f.shareScenario, lang)}, ${t(lang, 'col.threshold')} ${pct(f.threshold, lang)})`);
  const list = (xs: string[]) => (xs.length ? xs.join(', ') : '–');
  out.push('', c.cost.savedPerYear === null
    ? t(lang, 'compare.costUnknown', { ids: c.cost.unknownCost.join(', '), closed: list(c.cost.closed), opened: list(c.cost.opened) })
    : t(lang, 'compare.cost', { saved: formatNumber(c.cost.savedPerYear, lang), closed: list(c.cost.closed), opened: list(c.cost.opened) }));
  out.push('', c.losers.length ? t(lang, 'compare.losers') : t(lang, 'compare.noLosers'));
  if (c.losers.length) {
    out.push(formatTable([t(lang, 'col.cell'), t(lang, 'col.municipality'), t(lang, 'col.residents'), t(lang, 'col.pop75'), t(lang, 'col.before'), t(lang, 'col.after'), t(lang, 'col.change')],
      c.losers.map((l) => [l.id, l.municipality, Math.round(l.population), Math.round(l.population75), min1(l.baseMinutes), min1(l.scenarioMinutes), signed(l.deltaMinutes)]), lang));
  }
  return out.join('\n');
}

// ---- scenario ----------------------------------------------------------------------------------

export function runScenarioAdd(file: string, scenarioFile: string, opts: { replace?: boolean; author?: string; lang: Lang; json?: boolean }): void {
  if (!existsSync(file)) throw new UsageError(`${file}: no such project file`);
  const scenario = readScenarioFile(scenarioFile);
  // Validate against the project before storing (unknown sites, new sites outside the region).
  applyScenario(openProject(file).region, scenario, scenarioFile);
  const stored = saveScenario(file, scenario, { replace: opts.replace, author: opts.author });
  process.stdout.write(opts.json ? `${JSON.stringify(stored, null, 2)}\n` : `${t(opts.lang, 'scenario.saved', { name: stored.name, edits: scenario.edits.length, file })}\n`);
}

export function runScenarioList(file: string, opts: { json?: boolean; lang: Lang }): void {
  if (!existsSync(file)) throw new UsageError(`${file}: no such project file`);
  const list = listScenarios(file);
  if (opts.json) process.stdout.write(`${JSON.stringify(list.map(({ scenario, ...r }) => ({ ...r, edits: scenario.edits.length })), null, 2)}\n`);
  else if (list.length === 0) process.stdout.write(`${t(opts.lang, 'scenario.none')}\n`);
  else process.stdout.write(`${formatTable(['name', 'edits', 'author', 'updated', 'description'], list.map((s) => [s.name, s.scenario.edits.length, s.author, s.updated, (s.description ?? '').slice(0, 60)]), opts.lang)}\n`);
}

export function runScenarioShow(file: string, name: string): void {
  const s = getScenario(file, name);
  if (!s) throw new UsageError(`no scenario named "${name}" in ${file}`);
  process.stdout.write(`${JSON.stringify(s.scenario, null, 2)}\n`);
}

export function runScenarioDelete(file: string, name: string, opts: { lang: Lang }): void {
  if (!deleteScenario(file, name)) throw new UsageError(`no scenario named "${name}" in ${file}`);
  process.stdout.write(`${t(opts.lang, 'scenario.deleted', { name })}\n`);
}
