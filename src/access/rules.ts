/**
 * Service-network rules, declarative and validated (zod; the JSON Schema is published in
 * docs/schemas/rules.schema.json). A rule says: in every member municipality, at least `minShare` of the
 * residents of `ageGroup` reach an operating service point of `kinds` within `maxMinutes` by `mode`,
 * with free choice across municipal borders (`choice: "free"`) or only in their own municipality
 * (`"home"`). Each verdict explains itself: the share reached, the threshold, the demand cells that fail
 * with their residents, and which service points serve the residents who pass (flagging those in another
 * municipality).
 *
 * The default rule set encodes the county's commitments (lähipalvelu): every municipality keeps at least
 * one sote-keskus or sote-yksikkö within 30 minutes by car for 90 % of its residents, and a stricter
 * variant for residents aged 75+ (95 %).
 * Complexity: O(cells × sites) per rule.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { SITE_KINDS, type Region, type Site } from '../core/model.js';
import { AGE_GROUPS } from './indicators.js';
import { activeSites, NO_PATH, nearestService } from './nearest.js';

const localized = z.object({ fi: z.string().min(1), sv: z.string().min(1), en: z.string().min(1) }).strict();

export const ruleSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a lower-case id like "lahipalvelu-30min"'),
  title: localized.optional(),
  kinds: z.array(z.enum(SITE_KINDS)).min(1).default(['sote-keskus', 'sote-yksikko']),
  mode: z.enum(['car', 'walk', 'bike']).default('car'),
  ageGroup: z.enum(AGE_GROUPS).default('all'),
  maxMinutes: z.number().positive().max(600),
  minShare: z.number().min(0).max(1),
  choice: z.enum(['free', 'home']).default('free'),
}).strict();

export const ruleFileSchema = z.object({
  $schema: z.string().optional(),
  description: z.string().optional(),
  rules: z.array(ruleSchema).min(1),
}).strict().superRefine((f, ctx) => {
  const seen = new Set<string>();
  f.rules.forEach((r, i) => {
    if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id "${r.id}"` });
    seen.add(r.id);
  });
});

export type Rule = z.infer<typeof ruleSchema>;

export const DEFAULT_RULES: readonly Rule[] = [
  {
    id: 'lahipalvelu-30min',
    title: {
      fi: 'Jokaisessa kunnassa vähintään yksi sote-keskus tai sote-yksikkö 30 minuutin sisällä (90 % asukkaista, autolla)',
      sv: 'Varje kommun har minst en social- och hälsocentral eller -enhet inom 30 minuter (90 % av invånarna, med bil)',
      en: 'Every municipality keeps a sote-keskus or sote-yksikkö within 30 minutes (90 % of residents, by car)',
    },
    kinds: ['sote-keskus', 'sote-yksikko'], mode: 'car', ageGroup: 'all', maxMinutes: 30, minShare: 0.9, choice: 'free',
  },
  {
    id: 'lahipalvelu-30min-75',
    title: {
      fi: 'Ikäihmiset ensin: 75 vuotta täyttäneistä 95 % 30 minuutin sisällä sote-keskuksesta tai -yksiköstä (autolla)',
      sv: 'Äldre först: 95 % av invånarna 75+ inom 30 minuter från en social- och hälsocentral eller -enhet (med bil)',
      en: 'Elderly first: 95 % of residents aged 75+ within 30 minutes of a sote-keskus or sote-yksikkö (by car)',
    },
    kinds: ['sote-keskus', 'sote-yksikko'], mode: 'car', ageGroup: '75+', maxMinutes: 30, minShare: 0.95, choice: 'free',
  },
];

/** Read and validate a rule file; InputError names the JSON path of the first bad field. */
export function readRuleFile(file: string): Rule[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(code ? `cannot read rule file (${code})` : `not valid JSON: ${(e as Error).message}`, { file, expected: 'a rule file (docs/schemas/rules.schema.json)' });
  }
  const parsed = ruleFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(issue.message, { file, field: issue.path.join('.') || '(root)' });
  }
  return parsed.data.rules;
}

export interface FailingCell {
  id: string;
  /** Residents of the rule's age group in the cell. */
  population: number;
  /** Minutes to the nearest service point that counts (null: none reachable). */
  minutes: number | null;
  site: string | null;
}

export interface ServingSite {
  site: string;
  name: string;
  municipality: string;
  /** True when the site is in another municipality than the one judged. */
  outside: boolean;
  /** Residents (of the age group) within the limit whose nearest counted site this is. */
  population: number;
}

export interface Verdict {
  rule: string;
  municipality: string;
  municipalityName: string;
  mode: string;
  ageGroup: string;
  maxMinutes: number;
  pass: boolean;
  /** Share of the municipality's residents (age group) within maxMinutes (0..1). */
  share: number;
  /** The rule's minimum share. */
  threshold: number;
  population: number;
  reachedPopulation: number;
  failingPopulation: number;
  /** Cells whose residents are beyond the limit, most residents first. */
  failingCells: FailingCell[];
  /** Who serves the residents within the limit, most residents first. */
  servedBy: ServingSite[];
}

/**
 * Judge `sites` (a scenario already applied) against `rules`. `matrices[mode]` is the cells × sites
 * deciseconds matrix of that mode (columns in the order of `sites`); a rule whose mode has no matrix
 * is an error naming the mode.
 */
export function evaluateRules(region: Region, sites: readonly Site[], matrices: Partial<Record<string, Uint32Array>>, rules: readonly Rule[]): Verdict[] {
  const cells = region.demandCells;
  const cellMun = cells.map((c) => c.municipalityCode);
  const siteMun = sites.map((s) => s.municipalityCode);
  const out: Verdict[] = [];
  for (const rule of rules) {
    const m = matrices[rule.mode];
    if (!m) throw new InputError(`rule "${rule.id}" needs ${rule.mode} travel times, and the project has none`, { field: 'mode', expected: Object.keys(matrices).join(', ') || 'a mode with a network', seen: rule.mode });
    const near = nearestService(m, cellMun, siteMun, activeSites(sites, rule.kinds));
    const ds = rule.choice === 'free' ? near.freeDs : near.homeDs;
    const which = rule.choice === 'free' ? near.freeSite : near.homeSite;
    const limit = Math.round(rule.maxMinutes * 600);
    for (const mun of region.municipalities.filter((x) => x.inRegion)) {
      let population = 0, reached = 0;
      const failing: FailingCell[] = [];
      const serving = new Map<number, number>();
      cells.forEach((c, i) => {
        if (c.municipalityCode !== mun.code) return;
        const w = rule.ageGroup === 'all' ? c.population : c.ages[rule.ageGroup];
        population += w;
        const d = ds[i]!;
        if (d !== NO_PATH && d <= limit) {
          reached += w;
          serving.set(which[i]!, (serving.get(which[i]!) ?? 0) + w);
        } else if (w > 0) {
          failing.push({ id: c.id, population: w, minutes: d === NO_PATH ? null : Math.round((d / 600) * 100) / 100, site: which[i]! >= 0 ? sites[which[i]!]!.id : null });
        }
      });
      const share = population > 0 ? reached / population : 0;
      failing.sort((a, b) => b.population - a.population || a.id.localeCompare(b.id));
      out.push({
        rule: rule.id, municipality: mun.code, municipalityName: mun.nameFi, mode: rule.mode, ageGroup: rule.ageGroup, maxMinutes: rule.maxMinutes,
        // A municipality without residents in the age group cannot fail it.
        pass: population === 0 || share >= rule.minShare,
        share, threshold: rule.minShare, population, reachedPopulation: reached, failingPopulation: population - reached,
        failingCells: failing,
        servedBy: [...serving].sort((a, b) => b[1] - a[1]).map(([j, p]) => ({ site: sites[j]!.id, name: sites[j]!.name, municipality: sites[j]!.municipalityCode, outside: sites[j]!.municipalityCode !== mun.code, population: p })),
      });
    }
  }
  return out;
}
