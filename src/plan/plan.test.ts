/**
 * Scenarios on the REAL Keusote data: the published scenario of announced closures, validation errors with
 * the path of the bad field (SYNTHETIC bad scenarios), a new site's column equal to routing it alone, and
 * the comparison's losers, flips and costs against brute force.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Region } from '../core/model.js';
import { InputError } from '../core/errors.js';
import { importRegion } from '../data/import-region.js';
import { buildEmmeGraph } from '../network/emme.js';
import type { Graph } from '../network/graph.js';
import { travelMatrix } from '../route/travel-matrix.js';
import { DEFAULT_RULES } from '../access/rules.js';
import { dataDir } from '../../test/paths.js';
import { applyScenario, parseScenario, readScenarioFile } from './scenario.js';
import { evaluateNetwork, scenarioMatrix } from './evaluate.js';
import { compareScenarios } from './compare.js';
import { publishedSchemas } from './schemas.js';
import { readFileSync } from 'node:fs';
import { repoRoot } from '../../test/paths.js';
import { join } from 'node:path';

let region: Region;
let graph: Graph;
let ds: Uint32Array;
const pl = (xs: ReadonlyArray<{ id: string; x: number; y: number }>) => ({ ids: xs.map((p) => p.id), x: Float64Array.from(xs, (p) => p.x), y: Float64Array.from(xs, (p) => p.y) });

beforeAll(async () => {
  region = importRegion(dataDir('keusote'));
  graph = buildEmmeGraph(dataDir('uusimaa_roads')).graph;
  ds = (await travelMatrix(graph, pl(region.demandCells), pl(region.sites), { threads: 1 })).deciseconds;
});

const errorOf = (f: () => unknown): InputError => {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
};

describe('scenarios', () => {
  it('the announced-closures scenario closes the three units', () => {
    const s = readScenarioFile(dataDir('keusote', 'scenarios', 'announced-closures.json'));
    const a = applyScenario(region, s);
    expect(a.closed.sort()).toEqual(['jokela-sote-yksikko', 'kellokoski-terveysasema', 'rajamaki-terveysasema']);
    expect(a.sites.filter((x) => x.status === 'closed').map((x) => x.id).sort()).toEqual(a.closed);
    expect(region.sites.every((x) => x.status !== 'closed')).toBe(true); // the base is untouched
  });

  it('SYNTHETIC bad scenarios: errors name the path of the bad field', () => {
    const bad = (edits: unknown[]) => () => applyScenario(region, parseScenario({ name: 'bad', edits }));
    expect(errorOf(bad([{ op: 'close', site: 'no-such-site' }])).details.field).toBe('edits.0.site');
    expect(errorOf(bad([{ op: 'reopen', site: 'hyvinkaa-sote-keskus' }, { op: 'close', site: 'x' }])).message).toMatch(/edits\.0\.site.*already open/);
    expect(errorOf(bad([{ op: 'open', id: 'far-away', kind: 'sote-yksikko', x: 240000, y: 6700000 }])).message).toMatch(/edits\.0\.x.*outside the region/);
    expect(errorOf(() => parseScenario({ name: 'bad', edits: [{ op: 'convert', site: 'hyvinkaa-sote-keskus', kind: 'clinic' }] })).details.field).toBe('edits.0.kind');
    expect(errorOf(() => parseScenario({ name: 'bad', edits: [{ op: 'close', sitee: 'hyvinkaa-sote-keskus' }] })).details.field).toMatch(/^edits\.0/);
    expect(errorOf(() => parseScenario({ name: 'bad', edits: [{ op: 'demolish', site: 'x' }] })).details.field).toBe('edits.0.op');
    expect(errorOf(() => parseScenario({ edits: [] })).details.field).toBe('name');
    const dup = { op: 'open', id: 'hyvinkaa-sote-keskus', kind: 'sote-yksikko', x: 383000, y: 6722000 };
    expect(errorOf(bad([dup])).details.field).toBe('edits.0.id');
  });

  it('a new site needs only its own column, equal to routing it alone; at an existing site it copies that column', async () => {
    const hy = region.sites.find((s) => s.id === 'hyvinkaa-sote-keskus')!;
    const s = parseScenario({ name: 'twin', edits: [{ op: 'open', id: 'twin', kind: 'sote-yksikko', x: hy.x, y: hy.y }, { op: 'open', id: 'new-klaukkala', kind: 'sote-yksikko', x: 376500, y: 6695000 }] });
    const a = applyScenario(region, s);
    expect(a.opened).toEqual(['twin', 'new-klaukkala']);
    const m = await scenarioMatrix(region, a, { deciseconds: ds, graph }, 'car');
    const cols = a.sites.length, base = region.sites.length, hj = region.sites.indexOf(hy);
    const alone = (await travelMatrix(graph, pl(region.demandCells), pl([a.sites[base + 1]!]))).deciseconds;
    region.demandCells.forEach((_, i) => {
      expect(Array.from(m.subarray(i * cols, i * cols + base))).toEqual(Array.from(ds.subarray(i * base, (i + 1) * base)));
      expect(m[i * cols + base]).toBe(ds[i * base + hj]);
      expect(m[i * cols + base + 1]).toBe(alone[i]);
    });
    expect(a.sites[base + 1]!.municipalityCode).toBe('543'); // Nurmijärvi, by its polygon
  });
});

describe('comparison', () => {
  it('closing a unit: losers are exactly the cells whose nearest point it was, and cost is unknown, not zero', () => {
    const s = parseScenario({ name: 'close rajamaki', edits: [{ op: 'close', site: 'rajamaki-terveysasema' }] });
    const a = applyScenario(region, s);
    const base = evaluateNetwork(region, 'base', region.sites, { car: ds }, DEFAULT_RULES);
    const scen = evaluateNetwork(region, s.name, a.sites, { car: ds }, DEFAULT_RULES);
    const c = compareScenarios(region, base, scen, 'car', 10_000);
    const raj = region.sites.findIndex((x) => x.id === 'rajamaki-terveysasema');
    const servedByRaj = base.modes.car!.access.nearest.freeSite.reduce((n, j) => n + (j === raj ? 1 : 0), 0);
    // A cell loses iff Rajamäki was its unique nearest point (ties go to another equally near point).
    expect(c.losers.length).toBeLessThanOrEqual(servedByRaj);
    expect(c.losers.length).toBeGreaterThan(0);
    for (const l of c.losers) expect(base.modes.car!.access.cells.find((x) => x.id === l.id)!.site).toBe('rajamaki-terveysasema');
    expect(c.losers.map((l) => l.deltaMinutes!)).toEqual([...c.losers.map((l) => l.deltaMinutes!)].sort((x, y) => y - x));
    expect(c.cost).toEqual({ savedPerYear: null, closed: ['rajamaki-terveysasema'], opened: [], unknownCost: ['rajamaki-terveysasema'] });
    const nur = c.municipalities.find((m) => m.code === '543')!;
    expect(nur.byAge.all.deltaWithin30).toBeLessThanOrEqual(0);
    expect(nur.byAge.all.deltaMeanMinutes!).toBeGreaterThan(0);
    // With SYNTHETIC known costs the saving is the closed site's cost.
    const withCost = region.sites.map((x) => ({ ...x, annualCost: 1_000_000 }));
    const r2 = { ...region, sites: withCost };
    const c2 = compareScenarios(r2, evaluateNetwork(r2, 'base', withCost, { car: ds }, DEFAULT_RULES), evaluateNetwork(r2, 's', applyScenario(r2, s).sites, { car: ds }, DEFAULT_RULES), 'car');
    expect(c2.cost.savedPerYear).toBe(1_000_000);
  });

  it('closing every point in Pornainen flips Pornainen\'s verdicts and only those', () => {
    const edits = region.sites.filter((x) => x.municipalityCode === '611' && x.status !== 'closed').map((x) => ({ op: 'close' as const, site: x.id }));
    const s = parseScenario({ name: 'no pornainen', edits });
    const base = evaluateNetwork(region, 'base', region.sites, { car: ds }, DEFAULT_RULES);
    const scen = evaluateNetwork(region, s.name, applyScenario(region, s).sites, { car: ds }, DEFAULT_RULES);
    const c = compareScenarios(region, base, scen, 'car');
    expect(c.flips.map((f) => `${f.rule}/${f.municipality}`).sort()).toEqual(['lahipalvelu-30min-75/611', 'lahipalvelu-30min/611']);
    expect(c.flips.every((f) => f.from && !f.to)).toBe(true);
  });
});

describe('published schemas', () => {
  it('docs/schemas/*.schema.json are what the validating zod schemas generate (npm run schemas)', () => {
    for (const [name, schema] of Object.entries(publishedSchemas())) {
      expect(JSON.parse(readFileSync(join(repoRoot, 'docs', 'schemas', name), 'utf8')), name).toEqual(schema);
    }
  });
});
