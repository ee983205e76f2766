/**
 * Every model and solver on a REAL Keusote case, checked against brute-force enumeration
 * (src/optimize/reference.ts): demand = the 1,405 populated 1 km cells (residents, and residents 75+ where
 * noted), candidates = the 10 primary-care sites (sote-keskus / sote-yksikkö) plus 2 new locations at
 * populated cells, 12 in all, with door-to-door car times on the EMME road network (deciseconds).
 * Capacities and annual costs are SYNTHETIC (labelled): no open source gives Keusote's.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../core/errors.js';
import type { Region } from '../core/model.js';
import { importRegion } from '../data/import-region.js';
import { buildEmmeGraph } from '../network/emme.js';
import { travelMatrix } from '../route/travel-matrix.js';
import { dataDir } from '../../test/paths.js';
import { evaluate } from './evaluate.js';
import { InfeasibleError, prepareProblem, type LocationProblem } from './problem.js';
import { bruteForce } from './reference.js';
import { solve, type SolveOptions } from './solve.js';

let region: Region;
let base: LocationProblem;
const MIN = 600; // deciseconds per minute

beforeAll(async () => {
  region = importRegion(dataDir('keusote'));
  const graph = buildEmmeGraph(dataDir('uusimaa_roads')).graph;
  const sites = region.sites.filter((s) => s.kind === 'sote-keskus' || s.kind === 'sote-yksikko');
  // Two new candidate locations: the most populated cell and the most populated cell of Pornainen (611).
  const byPop = [...region.demandCells].sort((a, b) => b.population - a.population);
  const extra = [byPop[0]!, byPop.find((c) => c.municipalityCode === '611')!];
  const cand = [...sites.map((s) => ({ id: s.id, x: s.x, y: s.y })), ...extra.map((c) => ({ id: `cell:${c.id}`, x: c.x, y: c.y }))];
  const pl = (xs: ReadonlyArray<{ id: string; x: number; y: number }>) => ({ ids: xs.map((p) => p.id), x: Float64Array.from(xs, (p) => p.x), y: Float64Array.from(xs, (p) => p.y) });
  const mat = await travelMatrix(graph, pl(region.demandCells), pl(cand), { threads: 1 });
  base = {
    weight: Float64Array.from(region.demandCells, (c) => c.population),
    cost: mat.deciseconds,
    candidateCount: cand.length,
    demandIds: region.demandCells.map((c) => c.id),
    candidateIds: cand.map((c) => c.id),
  };
  expect(cand.length).toBe(12);
}, 120_000);

const within = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));

async function check(problem: LocationProblem, options: SolveOptions, share = 1): Promise<void> {
  const pp = prepareProblem(problem);
  const radius = options.coverMinutes !== undefined ? options.coverMinutes * MIN : Infinity;
  const ref = bruteForce(pp, options.model, options.p ?? 0, radius, share);
  // relativeGap 0: the answer must be exactly optimal, not within HiGHS's default tolerance.
  const got = await solve(problem, { timeLimitSeconds: 30, relativeGap: 0, ...options });
  within(got.objective, ref.objective);
  expect(got.status).toBe('optimal');
  expect(got.gap).toBe(0);
  // The reported set really achieves the reported objective.
  if (options.model !== 'lscp') within(evaluate(pp, options.model, got.selected, radius).objective, got.objective);
  else expect(got.selected.length).toBe(ref.open.length);
  for (const j of Array.from(problem.fixed ?? [])) expect(got.selected).toContain(j);
  for (const j of Array.from(problem.forbidden ?? [])) expect(got.selected).not.toContain(j);
  if (problem.budgetEurosPerYear != null) expect(got.selected.reduce((s, j) => s + problem.annualCost![j]!, 0)).toBeLessThanOrEqual(problem.budgetEurosPerYear);
}

describe('REAL Keusote, 12 candidates: every model = brute force', () => {
  it('p-median, p = 1..6 (auto: heuristic + Lagrangian bound, HiGHS when needed)', async () => {
    for (let p = 1; p <= 6; p++) await check(base, { model: 'p-median', p });
  });

  it('p-median with age-weighted (75+) fractional demand, heuristic only and HiGHS only', async () => {
    const old: LocationProblem = { ...base, weight: Float64Array.from(region.demandCells, (c) => c.ages['75+']) };
    const pp = prepareProblem(old);
    for (const p of [2, 4]) {
      const ref = bruteForce(pp, 'p-median', p);
      const h = await solve(old, { model: 'p-median', p, solver: 'heuristic', timeLimitSeconds: 10 });
      within(h.objective, ref.objective);
      expect(h.bound).toBeLessThanOrEqual(h.objective);
      const e = await solve(old, { model: 'p-median', p, solver: 'exact', timeLimitSeconds: 30 });
      within(e.objective, ref.objective);
      expect(e.status).toBe('optimal');
    }
  });

  it('MCLP heuristic alone (greedy + interchange + VNS) and its Lagrangian upper bound', async () => {
    const pp = prepareProblem(base);
    for (let p = 2; p <= 4; p++) {
      const ref = bruteForce(pp, 'mclp', p, 15 * MIN);
      const h = await solve(base, { model: 'mclp', p, coverMinutes: 15, solver: 'heuristic', timeLimitSeconds: 10 });
      within(h.objective, ref.objective);
      expect(h.bound).toBeGreaterThanOrEqual(h.objective);
      expect(h.solver).toBe('heuristic+lagrangian');
    }
  });

  it('MCLP within 10 and 15 minutes, p = 1..4', async () => {
    for (const minutes of [10, 15]) for (let p = 1; p <= 4; p++) await check(base, { model: 'mclp', p, coverMinutes: minutes });
  });

  it('LSCP: everyone within 65 and 70 minutes (the farthest cell is 61 min from the nearest site), 90 % within 20 and 25', async () => {
    for (const minutes of [65, 70]) await check(base, { model: 'lscp', coverMinutes: minutes });
    for (const minutes of [20, 25]) await check(base, { model: 'lscp', coverMinutes: minutes, coverShare: 0.9 }, 0.9);
  });

  it('p-center, p = 1..4', async () => {
    for (let p = 1; p <= 4; p++) await check(base, { model: 'p-center', p });
  });

  it('fixed, forbidden and a budget (SYNTHETIC annual costs) in every model', async () => {
    const annualCost = Float64Array.from({ length: 12 }, (_, j) => 1_000_000 + 250_000 * (j % 4));
    const pr: LocationProblem = { ...base, fixed: [0], forbidden: [1, 5], annualCost, budgetEurosPerYear: 5_000_000 };
    await check(pr, { model: 'p-median', p: 4 });
    await check(pr, { model: 'mclp', p: 4, coverMinutes: 12 });
    await check(pr, { model: 'lscp', coverMinutes: 70 });
    await check(pr, { model: 'lscp', coverMinutes: 25, coverShare: 0.8 }, 0.8);
    await check(pr, { model: 'p-center', p: 3 });
  });

  it('capacitated p-median and MCLP (SYNTHETIC capacities) on the 80 most populated cells', async () => {
    const order = Array.from(base.weight.keys()).sort((a, b) => base.weight[b]! - base.weight[a]!).slice(0, 80);
    const m = 12;
    const cost = new Uint32Array(order.length * m);
    order.forEach((i, r) => cost.set((base.cost as Uint32Array).subarray(i * m, i * m + m), r * m));
    const weight = Float64Array.from(order, (i) => base.weight[i]!);
    const total = weight.reduce((a, b) => a + b, 0);
    const capacity = Float64Array.from({ length: m }, (_, j) => (j % 3 === 0 ? 0.3 : 0.45) * total);
    const pr: LocationProblem = { weight, cost, candidateCount: m, capacity, demandIds: order.map((i) => base.demandIds![i]!), candidateIds: base.candidateIds };
    for (const p of [3, 4]) await check(pr, { model: 'p-median', p });
    await check(pr, { model: 'mclp', p: 2, coverMinutes: 15 });
  });
});

describe('bad requests are clear errors', () => {
  it('p larger than the candidates, p below the kept sites', async () => {
    await expect(solve(base, { model: 'p-median', p: 13 })).rejects.toThrow(/p = 13 is larger than the 12 candidate/);
    await expect(solve({ ...base, forbidden: [0, 1, 2] }, { model: 'mclp', p: 10, coverMinutes: 10 })).rejects.toThrow(/larger than the 9 candidate/);
    await expect(solve({ ...base, fixed: [0, 1, 2] }, { model: 'p-median', p: 2 })).rejects.toThrow(UsageError);
  });

  it('a site both kept and forbidden', async () => {
    await expect(solve({ ...base, fixed: [3], forbidden: [3] }, { model: 'p-median', p: 4 })).rejects.toThrow(/both kept \(fixed\) and forbidden/);
  });

  it('a budget below the kept sites’ cost, and unknown costs under a budget', async () => {
    const annualCost = new Float64Array(12).fill(2_000_000);
    await expect(solve({ ...base, fixed: [0, 1], annualCost, budgetEurosPerYear: 3_000_000 }, { model: 'p-median', p: 3 })).rejects.toThrow(/below the annual cost of the kept sites \(4000000/);
    await expect(solve({ ...base, annualCost, budgetEurosPerYear: 5_000_000 }, { model: 'p-median', p: 3 })).rejects.toThrow(/cannot pay for 3 points/);
    const unknown = Float64Array.from(annualCost, (v, j) => (j === 4 ? NaN : v));
    await expect(solve({ ...base, annualCost: unknown, budgetEurosPerYear: 9e9 }, { model: 'p-median', p: 3 })).rejects.toThrow(InputError);
  });

  it('an infeasible LSCP names the cells no candidate reaches and their population', async () => {
    const minutes = 12;
    const pp = prepareProblem(base);
    const far: string[] = [];
    let weight = 0;
    for (let i = 0; i < pp.n; i++) {
      let near = Infinity;
      for (let j = 0; j < pp.m; j++) near = Math.min(near, pp.d[i * pp.m + j]!);
      if (near > minutes * MIN && pp.w[i]! > 0) {
        far.push(base.demandIds![i]!);
        weight += pp.w[i]!;
      }
    }
    expect(far.length).toBeGreaterThan(0);
    const err = await solve(base, { model: 'lscp', coverMinutes: minutes }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InfeasibleError);
    expect(err).toBeInstanceOf(InputError);
    const e = err as InfeasibleError;
    expect(e.demandIds).toEqual(far);
    expect(e.weight).toBeCloseTo(weight, 6);
    expect(e.message).toContain(far[0]!);
    // A share the reachable residents can meet is fine.
    const reachable = 1 - weight / pp.totalWeight;
    const ok = await solve(base, { model: 'lscp', coverMinutes: minutes, coverShare: Math.floor(reachable * 100) / 100 });
    expect(ok.coveredWeight / ok.totalWeight).toBeGreaterThanOrEqual(Math.floor(reachable * 100) / 100);
  });

  it('missing p or radius, heuristic for an exact-only model', async () => {
    await expect(solve(base, { model: 'p-median' })).rejects.toThrow(/needs p/);
    await expect(solve(base, { model: 'mclp', p: 3 })).rejects.toThrow(/cover radius/);
    await expect(solve(base, { model: 'lscp', coverMinutes: 30, solver: 'heuristic' })).rejects.toThrow(/solved exactly/);
  });
});
