/**
 * `saavu optimize <project> --model p-median|mclp|lscp|p-center --p N [--cover 30] [--mode car]
 * [--kinds sote-keskus,sote-yksikko] [--keep ID,…] [--forbid ID,…] [--budget EUR] [--age 75+]
 * [--time-limit 30] [--solver auto|heuristic|exact] [--out scenario.json] [--save] [--json]`
 * and `saavu optimize --format orlib FILE …` (optimize-orlib.ts).
 *
 * On a project: the candidates are the project's sites of the chosen kinds (any status: a closed unit may
 * be chosen again), the demand is the residents of each demand cell (or of one age group), the costs are the
 * project's cached travel-time matrix of the mode. The answer is printed with its objective, proven bound,
 * gap and time, and written as a scenario (close the candidates not chosen, reopen the chosen ones that do
 * not operate) that `saavu compare <project> base <scenario>` compares with today's network.
 */
import { existsSync } from 'node:fs';
import { writeFileAtomic } from '../../core/atomic.js';
import { UsageError } from '../../core/errors.js';
import { AGE_BANDS, SITE_KINDS, type SiteKind } from '../../core/model.js';
import { OPERATING_STATUSES } from '../../access/nearest.js';
import { parseScenario, type Scenario } from '../../plan/scenario.js';
import type { ModelName } from '../../optimize/evaluate.js';
import { solve, type LocationSolution, type OptimizeProgress } from '../../optimize/solve.js';
import { closeMatrixWorkers } from '../../route/matrix.js';
import { saveScenario } from '../../store/scenarios.js';
import { t, type Lang } from '../../report/i18n.js';
import { formatNumber, formatTable } from '../format-table.js';
import { loadPlanContext } from './plan.js';

export interface OptimizeOptions {
  model?: string;
  p?: string;
  cover?: string;
  coverShare?: string;
  mode?: string;
  kinds?: string;
  keep?: string;
  forbid?: string;
  budget?: string;
  age?: string;
  timeLimit?: string;
  solver?: string;
  out?: string;
  save?: boolean;
  json?: boolean;
  lang: Lang;
}

const MODELS: readonly ModelName[] = ['p-median', 'mclp', 'lscp', 'p-center'];

function num(name: string, v: string | undefined, check: (n: number) => boolean, expected: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || !check(n)) throw new UsageError(`${name} ${v}: expected ${expected}`);
  return n;
}

export async function runOptimize(file: string, opts: OptimizeOptions): Promise<void> {
  const model = (opts.model ?? 'p-median') as ModelName;
  if (!MODELS.includes(model)) throw new UsageError(`--model ${opts.model}: expected ${MODELS.join(', ')}`);
  const p = num('--p', opts.p, (n) => Number.isInteger(n) && n >= 1, 'a positive integer');
  const cover = num('--cover', opts.cover, (n) => n > 0, 'minutes > 0');
  const coverShare = num('--cover-share', opts.coverShare, (n) => n > 0 && n <= 1, 'a share in (0, 1]');
  const budget = num('--budget', opts.budget, (n) => n >= 0, 'euros per year ≥ 0');
  const timeLimit = num('--time-limit', opts.timeLimit, (n) => n > 0, 'seconds > 0') ?? 30;
  const age = opts.age ?? 'all';
  if (age !== 'all' && !(AGE_BANDS as readonly string[]).includes(age)) throw new UsageError(`--age ${age}: expected all or ${AGE_BANDS.join(', ')}`);
  const kinds = (opts.kinds ?? 'sote-keskus,sote-yksikko').split(',').map((k) => k.trim()).filter(Boolean);
  for (const k of kinds) if (!(SITE_KINDS as readonly string[]).includes(k)) throw new UsageError(`--kinds: unknown kind "${k}"`);
  const solver = opts.solver ?? 'auto';
  if (!['auto', 'heuristic', 'exact'].includes(solver)) throw new UsageError(`--solver ${solver}: expected auto, heuristic or exact`);
  if (opts.out && !opts.out.endsWith('.json')) throw new UsageError(`--out ${opts.out}: a scenario file ends in .json`);

  try {
    const ctx = await loadPlanContext(file);
    const mode = opts.mode ?? 'car';
    const data = ctx.modes[mode];
    if (!data) throw new UsageError(`--mode ${mode}: the project has travel times for ${Object.keys(ctx.modes).join(', ')} only`);
    const sites = ctx.region.sites;
    const candidates = sites.map((s, j) => ({ s, j })).filter(({ s }) => (kinds as readonly string[]).includes(s.kind as SiteKind));
    if (candidates.length === 0) throw new UsageError(`no site of kinds ${kinds.join(', ')} in ${file}`);
    const idx = new Map(candidates.map(({ s }, k) => [s.id, k]));
    const ids = (list: string | undefined, flag: string) => (list ?? '').split(',').map((x) => x.trim()).filter(Boolean).map((id) => {
      const k = idx.get(id);
      if (k === undefined) throw new UsageError(`${flag}: "${id}" is not a candidate (sites of kinds ${kinds.join(', ')}: ${[...idx.keys()].join(', ')})`);
      return k;
    });
    const fixed = ids(opts.keep, '--keep');
    const forbidden = ids(opts.forbid, '--forbid');
    const cells = ctx.region.demandCells;
    const n = cells.length, m = candidates.length, cols = sites.length;
    const cost = new Uint32Array(n * m);
    for (let i = 0; i < n; i++) for (let k = 0; k < m; k++) cost[i * m + k] = data.deciseconds[i * cols + candidates[k]!.j]!;
    const weight = Float64Array.from(cells, (c) => (age === 'all' ? c.population : c.ages[age as (typeof AGE_BANDS)[number]]));
    const annual = candidates.map(({ s }) => s.annualCost);
    if (budget !== undefined && annual.some((c) => c === null)) {
      throw new UsageError(`--budget needs every candidate's annual cost; unknown for ${candidates.filter(({ s }) => s.annualCost === null).map(({ s }) => s.id).join(', ')} (add them with a scenario "set" edit)`);
    }
    const showProgress = !opts.json && process.stderr.isTTY;
    let last = 0;
    const onProgress = (e: OptimizeProgress) => {
      if (!showProgress || (e.phase !== 'done' && e.elapsedSeconds - last < 0.5)) return;
      last = e.elapsedSeconds;
      process.stderr.write(`  ${e.phase.padEnd(9)} ${e.elapsedSeconds.toFixed(1).padStart(6)} s  objective ${e.objective.toFixed(1)}  bound ${e.bound.toFixed(1)}  gap ${(e.gap * 100).toFixed(3)} %\n`);
    };
    const r = await solve(
      {
        weight, cost, candidateCount: m, costUnit: 'deciseconds', demandIds: cells.map((c) => c.id), candidateIds: candidates.map(({ s }) => s.id),
        fixed, forbidden, annualCost: budget === undefined ? null : Float64Array.from(annual, (c) => c ?? 0), budgetEurosPerYear: budget ?? null,
      },
      { model, p, coverMinutes: cover, coverShare, solver: solver as 'auto' | 'heuristic' | 'exact', timeLimitSeconds: timeLimit, onProgress },
    );
    const scenario = solutionScenario(r, candidates.map(({ s }) => s), { model, p, cover, mode, age });
    if (opts.out) writeFileAtomic(opts.out, `${JSON.stringify(scenario, null, 2)}\n`);
    if (opts.save) saveScenario(file, scenario, { replace: true, author: 'saavu optimize' });
    const perSite = r.selected.map((k) => {
      let w = 0, wc = 0;
      for (let i = 0; i < n; i++) if (r.assignment[i] === k) {
        w += weight[i]!;
        if (cost[i * m + k] !== 0xffffffff) wc += weight[i]! * cost[i * m + k]! / 600;
      }
      const s = candidates[k]!.s;
      return { id: s.id, name: s.name, kind: s.kind, municipality: s.municipalityCode, status: s.status, residents: w, meanMinutes: w > 0 ? wc / w : null };
    });
    const out = {
      project: file, model, mode, age, p: r.p, coverMinutes: cover ?? null, objective: r.objective, bound: r.bound, gap: r.gap, status: r.status, solver: r.solver,
      seconds: Number(r.seconds.toFixed(3)), selected: r.selectedIds, sites: perSite,
      totalWeight: r.totalWeight, coveredWeight: r.coveredWeight, meanMinutes: r.unit === 'deciseconds' ? r.meanCost / 600 : r.meanCost,
      maxMinutes: r.unit === 'deciseconds' ? r.maxCost / 600 : r.maxCost, scenario: scenario.name, scenarioFile: opts.out ?? null,
    };
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      return;
    }
    const L = opts.lang;
    const f = (v: number) => formatNumber(Math.round(v * 10) / 10, L);
    // Objectives in the planner's units: resident-minutes (p-median), minutes (p-center), residents, points.
    const scale = (v: number) => (r.unit === 'deciseconds' && (model === 'p-median' || model === 'p-center') ? v / 600 : v);
    process.stdout.write([
      t(L, 'optimize.title', { model, p: r.p, mode: t(L, `mode.${mode}`), candidates: m, cells: n }),
      formatTable([t(L, 'col.id'), t(L, 'col.siteName'), t(L, 'col.kind'), t(L, 'col.municipality'), t(L, 'col.residents'), t(L, 'col.mean')],
        perSite.map((s) => [s.id, s.name, t(L, `kind.${s.kind}`), s.municipality, Math.round(s.residents), s.meanMinutes === null ? null : Math.round(s.meanMinutes * 10) / 10]), L),
      t(L, 'optimize.result', {
        objective: `${f(scale(r.objective))} ${t(L, `optimize.unit.${model}`)}`, bound: f(scale(r.bound)), gap: `${formatNumber(Math.round(r.gap * 1e5) / 1e3, L)} %`, status: t(L, `optimize.${r.status}`),
        seconds: formatNumber(Math.round(r.seconds * 10) / 10, L), solver: r.solver, mean: f(out.meanMinutes), covered: f((r.coveredWeight / r.totalWeight) * 100),
      }),
      opts.out ? t(L, 'optimize.written', { file: opts.out, project: file }) : '',
    ].filter(Boolean).join('\n') + '\n');
  } finally {
    await closeMatrixWorkers();
  }
}

/** The optimiser's answer as a scenario on today's network. */
export function solutionScenario(r: LocationSolution, candidates: ReadonlyArray<{ id: string; status: string }>, q: { model: string; p?: number; cover?: number; mode: string; age: string }): Scenario {
  const chosen = new Set(r.selected);
  const operating = (s: string) => (OPERATING_STATUSES as readonly string[]).includes(s);
  const edits: Scenario['edits'] = [];
  candidates.forEach((s, k) => {
    if (chosen.has(k) && !operating(s.status)) edits.push({ op: 'reopen', site: s.id, note: 'chosen by the optimiser' });
    if (!chosen.has(k) && s.status !== 'closed') edits.push({ op: 'close', site: s.id, note: 'not chosen by the optimiser' });
  });
  const what = `${q.model}${q.p === undefined ? '' : ` p=${r.p}`}${q.cover === undefined ? '' : ` ${q.cover} min`} (${q.mode}${q.age === 'all' ? '' : `, ${q.age}`})`;
  return parseScenario({
    name: `optimize ${what}`,
    description: `saavu optimize ${what}: objective ${r.objective.toFixed(3)}, bound ${r.bound.toFixed(3)}, gap ${(r.gap * 100).toFixed(4)} %, ${r.status} (${r.solver}), ${r.seconds.toFixed(1)} s. Chosen: ${r.selectedIds.join(', ')}.`,
    author: 'saavu optimize',
    edits,
  });
}

export function assertProject(file: string): void {
  if (!existsSync(file)) throw new UsageError(`${file}: no such project file`);
}
