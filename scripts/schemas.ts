/** Write docs/schemas/*.schema.json from the zod schemas (src/plan/schemas.ts). */
import { writeFileSync } from 'node:fs';
import { publishedSchemas } from '../src/plan/schemas.js';

for (const [name, schema] of Object.entries(publishedSchemas())) {
  writeFileSync(new URL(`../docs/schemas/${name}`, import.meta.url), `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`docs/schemas/${name}`);
}
