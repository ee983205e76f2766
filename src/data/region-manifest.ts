/**
 * The region manifest (`region.json` in a region folder) says which files make up a region and which
 * of their columns carry what. It is validated with zod; errors name the JSON path of the bad field.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../core/errors.js';

const localized = z.object({ fi: z.string().min(1), sv: z.string().min(1), en: z.string().min(1) });

const networkSource = z.union([z.object({ osm: z.string().min(1) }).strict(), z.object({ emme: z.string().min(1) }).strict()]);

export const regionManifestSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, 'a lower-case id like "keusote"'),
  name: localized,
  municipalities: z.object({
    file: z.string(),
    layer: z.string(),
    codeField: z.string(),
    nameFiField: z.string(),
    nameSvField: z.string(),
    /** Either a 0/1 column marking member municipalities, or an explicit list of member codes. */
    memberField: z.string().optional(),
    members: z.array(z.string().regex(/^\d{3}$/)).optional(),
  }).refine((m) => Boolean(m.memberField) !== Boolean(m.members), { message: 'give exactly one of memberField and members' }),
  ageBands: z.object({ file: z.string(), format: z.literal('paavo-municipality') }),
  postalAreas: z.object({ file: z.string(), layer: z.string(), codeField: z.string(), populationField: z.string(), municipalityField: z.string().optional() }).optional(),
  grid: z.object({
    file: z.string(),
    format: z.literal('eurostat-1km-csv'),
    populationField: z.string(),
    year: z.number().int(),
    /** "full": the grid covers the member municipalities whole; "partial": only a study box. */
    coverage: z.enum(['full', 'partial']),
  }),
  sites: z.object({ file: z.string() }),
  /**
   * Road networks per mode, relative to the region folder: an OpenStreetMap PBF (`osm`) or a Traficom
   * EMME export folder (`emme`, car only). `saavu init` builds the car network and the demand × sites matrix.
   */
  networks: z.object({ car: networkSource.optional(), walk: networkSource.optional(), bike: networkSource.optional() }).strict().optional(),
  sources: z.array(z.object({
    key: z.string(),
    title: z.string(),
    publisher: z.string(),
    licence: z.string(),
    attribution: z.string(),
    file: z.string(),
  })).min(1),
});

export type RegionManifest = z.infer<typeof regionManifestSchema>;

/** Read and validate `<dir>/region.json`. */
export function readRegionManifest(file: string): RegionManifest {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(code ? `cannot read region manifest (${code})` : `not valid JSON: ${(e as Error).message}`, { file, expected: 'a region.json manifest' });
  }
  const parsed = regionManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(issue.message, { file, field: issue.path.join('.') || '(root)' });
  }
  return parsed.data;
}
