/**
 * Two evaluated networks side by side (a base and a scenario): per municipality and age group the
 * change in residents within 30 minutes, in mean and 90th-percentile minutes to the nearest service
 * point; the rule verdicts that flip; the annual cost saved; and the demand cells that lose most.
 * Costs: the annual cost of sites that stop operating minus that of sites that start; unknown when any
 * of them has no known cost (saavu never fills a cost in), with the sites named.
 */
import type { Region } from '../core/model.js';
import { AGE_GROUPS, type AgeGroup } from '../access/indicators.js';
import { OPERATING_STATUSES } from '../access/nearest.js';
import type { Evaluation } from './evaluate.js';

export interface AgeChange {
  base: { within30: number; share30: number | null; meanMinutes: number | null; p90Minutes: number | null };
  scenario: { within30: number; share30: number | null; meanMinutes: number | null; p90Minutes: number | null };
  deltaWithin30: number;
  deltaMeanMinutes: number | null;
  deltaP90Minutes: number | null;
}

export interface MunicipalityChange {
  code: string;
  name: string;
  byAge: Record<AgeGroup, AgeChange>;
}

export interface Comparison {
  base: string;
  scenario: string;
  mode: string;
  municipalities: MunicipalityChange[];
  region: MunicipalityChange;
  flips: Array<{ rule: string; municipality: string; municipalityName: string; from: boolean; to: boolean; shareBase: number; shareScenario: number; threshold: number }>;
  cost: { savedPerYear: number | null; closed: string[]; opened: string[]; unknownCost: string[] };
  /** Cells whose minutes to the nearest service point grow most (free choice). */
  losers: Array<{ id: string; municipality: string; population: number; population75: number; baseMinutes: number | null; scenarioMinutes: number | null; deltaMinutes: number | null }>;
}

const operating = (status: string) => (OPERATING_STATUSES as readonly string[]).includes(status);

/** Compare `scen` with `base` on `mode` (both evaluated on the same region). */
export function compareScenarios(region: Region, base: Evaluation, scen: Evaluation, mode: string, loserCount = 20): Comparison {
  const b = base.modes[mode];
  const s = scen.modes[mode];
  if (!b || !s) throw new Error(`no ${mode} evaluation to compare`);
  const change = (bu: (typeof b.access.municipalities)[number], su: typeof bu): MunicipalityChange => {
    const byAge = {} as Record<AgeGroup, AgeChange>;
    for (const g of AGE_GROUPS) {
      const x = bu.byAge[g].free, y = su.byAge[g].free;
      const pick = (z: typeof x) => ({ within30: z.within['30'] ?? 0, share30: z.withinShare['30'] ?? null, meanMinutes: z.meanMinutes, p90Minutes: z.p90Minutes });
      const d = (p: number | null, q: number | null) => (p === null || q === null ? null : q - p);
      byAge[g] = { base: pick(x), scenario: pick(y), deltaWithin30: (y.within['30'] ?? 0) - (x.within['30'] ?? 0), deltaMeanMinutes: d(x.meanMinutes, y.meanMinutes), deltaP90Minutes: d(x.p90Minutes, y.p90Minutes) };
    }
    return { code: bu.code, name: bu.name, byAge };
  };
  const municipalities = b.access.municipalities.map((m, k) => change(m, s.access.municipalities[k]!));

  const flips: Comparison['flips'] = [];
  base.verdicts.forEach((v) => {
    const w = scen.verdicts.find((x) => x.rule === v.rule && x.municipality === v.municipality);
    if (w && w.pass !== v.pass) flips.push({ rule: v.rule, municipality: v.municipality, municipalityName: v.municipalityName, from: v.pass, to: w.pass, shareBase: v.share, shareScenario: w.share, threshold: v.threshold });
  });

  // Sites whose operating state differs (by id; new sites are absent from the base).
  const baseById = new Map(base.sites.map((x) => [x.id, x]));
  const closed: string[] = [], opened: string[] = [], unknownCost: string[] = [];
  let saved = 0;
  for (const x of scen.sites) {
    const was = baseById.get(x.id);
    const before = was ? operating(was.status) : false;
    const after = operating(x.status);
    if (before === after) continue;
    (before ? closed : opened).push(x.id);
    const cost = (before ? was! : x).annualCost;
    if (cost === null) unknownCost.push(x.id);
    else saved += before ? cost : -cost;
  }

  const cells = region.demandCells;
  const losers = cells
    .map((c, i) => {
      const p = b.access.cells[i]!.minutes, q = s.access.cells[i]!.minutes;
      const delta = p === null && q === null ? 0 : p === null ? -Infinity : q === null ? Infinity : q - p;
      return { i, delta, c, p, q };
    })
    .filter((x) => x.delta > 0)
    .sort((x, y) => y.delta - x.delta || y.c.population - x.c.population)
    .slice(0, loserCount)
    .map(({ c, p, q, delta }) => ({ id: c.id, municipality: c.municipalityCode, population: c.population, population75: c.ages['75+'], baseMinutes: p, scenarioMinutes: q, deltaMinutes: Number.isFinite(delta) ? Math.round(delta * 100) / 100 : null }));

  return {
    base: base.name, scenario: scen.name, mode,
    municipalities,
    region: change(b.access.region, s.access.region),
    flips,
    cost: { savedPerYear: unknownCost.length ? null : saved, closed, opened, unknownCost },
    losers,
  };
}
