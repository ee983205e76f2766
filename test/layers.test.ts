/**
 * The module map's one rule (docs/ARCHITECTURE.md): a folder under src/ imports only from folders to its
 * left in LAYERS (or from itself). This test reads every import in src/ and fails on an import that
 * goes the wrong way, naming the file and the import.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './paths.js';

const LAYERS = ['types', 'core', 'geo', 'data', 'network', 'route', 'transit', 'access', 'plan', 'optimize', 'capacity', 'mobile', 'store', 'report', 'server', 'cli'];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('layering', () => {
  it('every src/ import goes to the same layer or one to its left', () => {
    const src = join(repoRoot, 'src');
    const wrong: string[] = [];
    for (const file of files(src)) {
      if (file.endsWith('.test.ts')) continue;
      const from = relative(src, file).split(sep)[0]!;
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/from '(\.[^']+)'/g)) {
        const target = relative(src, resolve(dirname(file), m[1]!)).split(sep)[0]!;
        if (target.startsWith('..')) continue; // outside src (none expected in library code)
        const fi = LAYERS.indexOf(from);
        const ti = LAYERS.indexOf(target);
        expect(fi, `unknown layer folder src/${from}`).toBeGreaterThanOrEqual(0);
        expect(ti, `unknown layer folder src/${target}`).toBeGreaterThanOrEqual(0);
        if (ti > fi) wrong.push(`${relative(repoRoot, file)} imports ${m[1]} (${from} → ${target})`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
