/**
 * Scenarios: a named, ordered list of edits on the base network of service points. The JSON format is
 * validated with zod (schema published in docs/schemas/scenario.schema.json); errors name the JSON path
 * of the bad field (`edits.2.site`). Edits:
 *   close {site}                 the site stops operating (status closed)
 *   reopen {site}                a closed, closing or planned site operates again (status open)
 *   open {id, kind, x, y, name?, capacity?, annualCost?, openingHours?, services?}
 *                                a new service point at EPSG:3067 x/y inside the region; its municipality
 *                                is the member municipality whose polygon contains it
 *   convert {site, kind}         change the kind (e.g. a sote-keskus becomes a sote-yksikkö)
 *   set {site, capacity?, openingHours?, annualCost?, digitalShare?}   change the site's facts
 * Every edit may carry `note` and `effective` (a date) for the record. Edits apply in order, so a later
 * edit may refer to a site an earlier one opened. Applying never changes the base: it returns new sites.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { SITE_KINDS, type Region, type Site } from '../core/model.js';
import { AreaIndex } from '../geo/polygon.js';

const meta = { note: z.string().optional(), effective: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD').nullable().optional() };
const siteRef = z.string().min(1);

export const editSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('close'), site: siteRef, ...meta }).strict(),
  z.object({ op: z.literal('reopen'), site: siteRef, ...meta }).strict(),
  z.object({
    op: z.literal('open'),
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a lower-case id like "uusi-sote-yksikko"'),
    kind: z.enum(SITE_KINDS),
    x: z.number().finite(),
    y: z.number().finite(),
    name: z.string().min(1).optional(),
    capacity: z.number().nonnegative().optional(),
    annualCost: z.number().nonnegative().optional(),
    openingHours: z.string().optional(),
    services: z.array(z.string()).optional(),
    ...meta,
  }).strict(),
  z.object({ op: z.literal('convert'), site: siteRef, kind: z.enum(SITE_KINDS), ...meta }).strict(),
  z.object({
    op: z.literal('set'),
    site: siteRef,
    capacity: z.number().nonnegative().nullable().optional(),
    openingHours: z.string().nullable().optional(),
    annualCost: z.number().nonnegative().nullable().optional(),
    digitalShare: z.number().min(0).max(1).nullable().optional(),
    ...meta,
  }).strict().refine((e) => ['capacity', 'openingHours', 'annualCost', 'digitalShare'].some((k) => k in e), { message: 'set needs at least one of capacity, openingHours, annualCost, digitalShare' }),
]);

export const scenarioSchema = z.object({
  $schema: z.string().optional(),
  name: z.string().min(1).max(200),
  description: z.string().optional(),
  author: z.string().optional(),
  /** Where the edits come from (free-form records, e.g. press releases). */
  source: z.array(z.record(z.string(), z.unknown())).optional(),
  edits: z.array(editSchema),
}).strict();

export type Scenario = z.infer<typeof scenarioSchema>;
export type Edit = z.infer<typeof editSchema>;

/** Validate a parsed scenario; InputError with the JSON path of the first bad field. */
export function parseScenario(json: unknown, file?: string): Scenario {
  const parsed = scenarioSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(issue.message, { file, field: issue.path.join('.') || '(root)' });
  }
  return parsed.data;
}

export function readScenarioFile(file: string): Scenario {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(code ? `cannot read scenario file (${code})` : `not valid JSON: ${(e as Error).message}`, { file, expected: 'a scenario (docs/schemas/scenario.schema.json)' });
  }
  return parseScenario(json, file);
}

export interface AppliedScenario {
  /** The base sites (same order, edited copies) followed by the sites the scenario opened. */
  sites: Site[];
  /** Number of base sites (the first columns of the base matrix). */
  baseCount: number;
  /** Ids of sites whose operating state changed: closed, reopened, opened. */
  closed: string[];
  reopened: string[];
  opened: string[];
}

/** Apply `scenario` to the region's sites (see the module comment); InputError names the bad edit. */
export function applyScenario(region: Region, scenario: Scenario, file?: string): AppliedScenario {
  const sites = region.sites.map((s) => ({ ...s, services: [...s.services] }));
  const byId = new Map(sites.map((s, i) => [s.id, i]));
  const members = new AreaIndex(region.municipalities.filter((m) => m.inRegion));
  const closed: string[] = [], reopened: string[] = [], opened: string[] = [];
  const where = (i: number, field: string) => ({ file, field: `edits.${i}.${field}` });
  const find = (i: number, id: string): Site => {
    const k = byId.get(id);
    if (k === undefined) throw new InputError(`unknown site "${id}"`, { ...where(i, 'site'), expected: `one of the project's site ids (${[...byId.keys()].slice(0, 6).join(', ')}, …)` });
    return sites[k]!;
  };
  scenario.edits.forEach((e, i) => {
    switch (e.op) {
      case 'close': {
        const s = find(i, e.site);
        if (s.status === 'closed') throw new InputError(`site "${e.site}" is already closed`, where(i, 'site'));
        s.status = 'closed';
        closed.push(s.id);
        break;
      }
      case 'reopen': {
        const s = find(i, e.site);
        if (s.status === 'open') throw new InputError(`site "${e.site}" is already open`, where(i, 'site'));
        s.status = 'open';
        reopened.push(s.id);
        break;
      }
      case 'open': {
        if (byId.has(e.id)) throw new InputError(`a site with id "${e.id}" already exists`, where(i, 'id'));
        const mun = members.find(e.x, e.y);
        if (!mun) throw new InputError('the new site is outside the region', { ...where(i, 'x'), expected: `EPSG:3067 x/y inside a member municipality of ${region.id}`, seen: `${e.x}, ${e.y}` });
        const s: Site = {
          id: e.id, name: e.name ?? e.id, kind: e.kind, municipalityCode: mun.code, x: e.x, y: e.y, address: null,
          services: e.services ?? [], openingHours: e.openingHours ?? null, capacity: e.capacity ?? null, annualCost: e.annualCost ?? null,
          digitalShare: null, status: 'open', source: `scenario: ${scenario.name}`, notes: e.note ?? null,
        };
        byId.set(s.id, sites.push(s) - 1);
        opened.push(s.id);
        break;
      }
      case 'convert': {
        const s = find(i, e.site);
        if (s.kind === e.kind) throw new InputError(`site "${e.site}" is already a ${e.kind}`, where(i, 'kind'));
        s.kind = e.kind;
        break;
      }
      case 'set': {
        const s = find(i, e.site);
        if (e.capacity !== undefined) s.capacity = e.capacity;
        if (e.openingHours !== undefined) s.openingHours = e.openingHours;
        if (e.annualCost !== undefined) s.annualCost = e.annualCost;
        if (e.digitalShare !== undefined) s.digitalShare = e.digitalShare;
        break;
      }
    }
  });
  return { sites, baseCount: region.sites.length, closed, reopened, opened };
}
