/**
 * End-to-end tests of `saavu access`, `rules`, `scenario` and `compare` on the bundled REAL Keusote project.
 * Bad rule and scenario files are SYNTHETIC edits made in a temporary folder.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataDir, repoRoot } from './paths.js';

const bin = join(repoRoot, 'bin', 'saavu');
function saavu(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: repoRoot, maxBuffer: 256 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const dir = mkdtempSync(join(tmpdir(), 'saavu-plan-'));
const project = join(dir, 'keusote.gpkg');
const closures = dataDir('keusote', 'scenarios', 'announced-closures.json');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => {
  const r = saavu('init', project, '--region', dataDir('keusote'));
  if (r.code !== 0) throw new Error(r.stderr);
});

describe('saavu access', () => {
  it('prints a Finnish table by default and complete JSON with --json', () => {
    const text = saavu('access', project);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/Saavutettavuus autolla/);
    for (const name of ['Hyvinkää', 'Järvenpää', 'Mäntsälä', 'Nurmijärvi', 'Pornainen', 'Tuusula']) expect(text.stdout).toContain(name);
    const j = JSON.parse(saavu('access', project, '--json').stdout);
    expect(j.municipalities).toHaveLength(6);
    expect(j.cells).toHaveLength(1405);
    expect(Object.keys(j.region.byAge)).toEqual(['all', '0-14', '15-64', '65-74', '75+']);
    const sum = j.municipalities.reduce((s: number, m: { byAge: { all: { free: { population: number } } } }) => s + m.byAge.all.free.population, 0);
    expect(sum).toBeCloseTo(j.region.byAge.all.free.population, 6);
    expect(j.e2sfca.available).toBe(false);
    const postal = saavu('access', project, '--by', 'postal-area', '--age', '75+', '--lang', 'sv');
    expect(postal.code).toBe(0);
    expect(postal.stdout).toMatch(/Tillgänglighet med bil/);
    expect(saavu('access', project, '--age', '80+').code).toBe(2);
    expect(saavu('access', project, '--mode', 'walk').code).toBe(2); // Keusote has car travel times only
  });
});

describe('saavu access --gpkg --html', () => {
  it('adds result layers GDAL can read and writes a self-contained report with a map, charts and verdicts', () => {
    const html = join(dir, 'report.html');
    const r = saavu('access', project, '--gpkg', '--html', html, '--lang', 'en');
    expect(r.code, r.stderr).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect((page.match(/<svg /g) ?? []).length).toBe(3); // map + two charts
    expect(page).toMatch(/<figure role="img" aria-label="1405 demand cells coloured by travel time/);
    expect(page).not.toMatch(/<script|<link |src="http|href="http/); // nothing external, nothing to run
    for (const name of ['Hyvinkää', 'Pornainen']) expect(page).toContain(name);
    expect(page).toMatch(/Every municipality keeps a sote-keskus/);
    expect(page).toContain('Traficom');
    const j = JSON.parse(saavu('access', project, '--json').stdout);
    // The layers hold what --json says (GDAL reads them back).
    const ogr = spawnSync('ogrinfo', ['-q', project, '-sql', "SELECT code, share_30, pass_lahipalvelu_30min FROM result_municipalities_base_car WHERE code = '611'"], { encoding: 'utf8' });
    if (ogr.status === 0) {
      const share = Number(/share_30 \(Real\) = ([\d.e-]+)/.exec(ogr.stdout)![1]);
      expect(share).toBeCloseTo(j.municipalities.find((m: { code: string }) => m.code === '611').byAge.all.free.withinShare['30'], 9);
      const cells = spawnSync('ogrinfo', ['-q', project, '-sql', 'SELECT COUNT(*) AS n FROM result_cells_base_car'], { encoding: 'utf8' });
      expect(cells.stdout).toMatch(/n \(Integer\) = 1405/);
    }
    // Written again: replaced, not duplicated.
    expect(saavu('access', project, '--gpkg').code).toBe(0);
    const again = spawnSync('ogrinfo', ['-q', project, '-sql', 'SELECT COUNT(*) AS n FROM result_cells_base_car'], { encoding: 'utf8' });
    if (again.status === 0) expect(again.stdout).toMatch(/n \(Integer\) = 1405/);
  });
});

describe('saavu rules', () => {
  it('--json gives one verdict per rule and municipality with the fields the issue names', () => {
    const r = saavu('rules', project, '--json');
    expect(r.code, r.stderr).toBe(0);
    const v = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(v).toHaveLength(12);
    for (const x of v) {
      for (const k of ['rule', 'municipality', 'pass', 'share', 'threshold', 'failingPopulation']) expect(x).toHaveProperty(k);
      expect(x.pass).toBe((x.share as number) >= (x.threshold as number));
    }
  });

  it('closing Pornainen\'s unit fails Pornainen and the explanation names who still serves', () => {
    const s = join(dir, 'close-pornainen.json');
    writeFileSync(s, JSON.stringify({ name: 'Pornainen closed', edits: [{ op: 'close', site: 'pornainen-sote-yksikko' }] }));
    const r = saavu('rules', project, '--scenario', s, '--lang', 'en');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Pornainen +FAIL/);
    expect(r.stdout).toMatch(/Pornainen: only [\d.]+ % of residents.*served by: .*in another municipality/);
  });

  it('SYNTHETIC bad rule files: a typo in a field name, a share above 1', () => {
    const typo = join(dir, 'typo.json');
    writeFileSync(typo, JSON.stringify({ rules: [{ id: 'x', maxMinute: 30, minShare: 0.9 }] }));
    let r = saavu('rules', project, '--rules', typo);
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/typo\.json.*rules\.0/);
    expect(r.stderr).toMatch(/maxMinute/);
    const share = join(dir, 'share.json');
    writeFileSync(share, JSON.stringify({ rules: [{ id: 'x', maxMinutes: 30, minShare: 90 }] }));
    r = saavu('rules', project, '--rules', share);
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/field "rules\.0\.minShare"/);
  });
});

describe('saavu scenario + compare', () => {
  it('stores a scenario in the project, lists it, compares by name; bad scenarios are refused and not stored', () => {
    const before = statSync(project).size;
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ name: 'bad', edits: [{ op: 'close', site: 'no-such-site' }] }));
    let r = saavu('scenario', 'add', project, bad);
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/field "edits\.0\.site".*unknown site "no-such-site"/);
    const outside = join(dir, 'outside.json');
    writeFileSync(outside, JSON.stringify({ name: 'outside', edits: [{ op: 'open', id: 'helsinki', kind: 'sote-yksikko', x: 385000, y: 6672000 }] }));
    r = saavu('scenario', 'add', project, outside);
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/edits\.0\.x.*outside the region/);
    expect(saavu('scenario', 'list', project, '--json').stdout.trim()).toBe('[]');
    expect(statSync(project).size).toBe(before);

    r = saavu('scenario', 'add', project, closures, '--author', 'test');
    expect(r.code, r.stderr).toBe(0);
    const list = JSON.parse(saavu('scenario', 'list', project, '--json').stdout);
    expect(list).toEqual([expect.objectContaining({ name: 'Announced closures (Keusote, 2025)', author: 'test', edits: 3 })]);
    expect(saavu('scenario', 'add', project, closures).code).toBe(2); // already stored
    const c = saavu('compare', project, 'base', 'Announced closures (Keusote, 2025)', '--json');
    expect(c.code, c.stderr).toBe(0);
    const cmp = JSON.parse(c.stdout);
    expect(cmp.cost.closed.sort()).toEqual(['jokela-sote-yksikko', 'kellokoski-terveysasema', 'rajamaki-terveysasema']);
    expect(cmp.cost.savedPerYear).toBeNull();
    expect(cmp.losers.length).toBeGreaterThan(0);
    expect(cmp.region.byAge.all.deltaMeanMinutes).toBeGreaterThan(0);
    const byFile = JSON.parse(saavu('compare', project, 'base', closures, '--json').stdout);
    expect(byFile.region).toEqual(cmp.region);
    const text = saavu('compare', project, 'base', closures);
    expect(text.stdout).toMatch(/Vertailu autolla: nykyverkko → Announced closures/);
    expect(saavu('scenario', 'delete', project, 'Announced closures (Keusote, 2025)').code).toBe(0);
    expect(saavu('compare', project, 'base', 'Announced closures (Keusote, 2025)').code).toBe(2);
  });
});
