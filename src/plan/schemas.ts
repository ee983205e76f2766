/**
 * The published JSON Schemas of saavu's input files (docs/schemas/*.schema.json), generated from the same
 * zod schemas that validate them, so the documentation cannot drift from the code (a test compares them;
 * `npm run schemas` rewrites them).
 */
import { z } from 'zod';
import { ruleFileSchema } from '../access/rules.js';
import { scenarioSchema } from './scenario.js';

export function publishedSchemas(): Record<string, unknown> {
  const make = (title: string, schema: z.ZodType) => ({
    title,
    ...(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>),
  });
  return {
    'scenario.schema.json': make('saavu scenario: named, ordered edits of the service network (x/y in EPSG:3067)', scenarioSchema),
    'rules.schema.json': make('saavu service-network rules', ruleFileSchema),
  };
}
