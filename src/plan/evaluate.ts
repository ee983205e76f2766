/**
 * Evaluating a scenario: the cells × sites matrix of the edited network is the base matrix (cached in
 * the project) with one new column per site the scenario opens — closing, reopening, converting or
 * re-costing a site needs no routing at all, only new flags; a new site needs only its own column.
 * Then indicators (src/access) and rule verdicts are computed on it, and `compareScenarios` sets two
 * evaluations side by side.
 */
import type { Region, Site } from '../core/model.js';
import type { Graph } from '../network/graph.js';
import { travelMatrix } from '../route/travel-matrix.js';
import { computeAccess, type AccessOptions, type AccessResult } from '../access/indicators.js';
import { evaluateRules, type Rule, type Verdict } from '../access/rules.js';
import type { AppliedScenario } from './scenario.js';

/** A mode's base data: the cells × base-sites matrix and the graph (needed only for new sites). */
export interface ModeData {
  deciseconds: Uint32Array;
  graph?: Graph;
}

/** Cells × scenario-sites matrix: the base columns, then a routed column per opened site. */
export async function scenarioMatrix(region: Region, applied: AppliedScenario, base: ModeData, mode: string): Promise<Uint32Array> {
  const rows = region.demandCells.length;
  const baseCols = applied.baseCount;
  if (base.deciseconds.length !== rows * baseCols) throw new Error(`base ${mode} matrix has ${base.deciseconds.length} entries, expected ${rows} × ${baseCols}`);
  const added = applied.sites.slice(baseCols);
  if (added.length === 0) return base.deciseconds;
  if (!base.graph) throw new Error(`the ${mode} network is needed to route the new sites`);
  const cells = { ids: region.demandCells.map((c) => c.id), x: Float64Array.from(region.demandCells, (c) => c.x), y: Float64Array.from(region.demandCells, (c) => c.y) };
  const fresh = await travelMatrix(base.graph, cells, { ids: added.map((s) => s.id), x: Float64Array.from(added, (s) => s.x), y: Float64Array.from(added, (s) => s.y) }, { threads: 1 });
  const cols = baseCols + added.length;
  const out = new Uint32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    out.set(base.deciseconds.subarray(i * baseCols, (i + 1) * baseCols), i * cols);
    out.set(fresh.deciseconds.subarray(i * added.length, (i + 1) * added.length), i * cols + baseCols);
  }
  return out;
}

export interface Evaluation {
  name: string;
  sites: Site[];
  /** Per mode: the matrix and the indicators. */
  modes: Record<string, { deciseconds: Uint32Array; access: AccessResult }>;
  verdicts: Verdict[];
}

/** Indicators for every mode and the verdicts of `rules` for a network of `sites` with its matrices. */
export function evaluateNetwork(region: Region, name: string, sites: Site[], matrices: Record<string, Uint32Array>, rules: readonly Rule[], options: AccessOptions = {}, postal?: Int32Array): Evaluation {
  const modes: Evaluation['modes'] = {};
  for (const [mode, deciseconds] of Object.entries(matrices)) modes[mode] = { deciseconds, access: computeAccess(region, sites, deciseconds, options, postal) };
  return { name, sites, modes, verdicts: evaluateRules(region, sites, matrices, rules) };
}
