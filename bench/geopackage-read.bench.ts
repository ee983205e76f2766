/**
 * Reading a real GeoPackage layer: saavu's reader (better-sqlite3 + our GeoPackage/WKB decoder) against
 * GDAL's ogr2ogr (Debian gdal-bin) converting the same layer to WKT CSV on stdout, a peer tool doing
 * the same decode. Layer: HSY 250 m population grid, 5,853 polygons.
 */
import { spawnSync } from 'node:child_process';
import { readLayer } from '../src/data/geopackage.js';
import { dataDir } from '../test/paths.js';
import { report, time } from './harness.js';

const file = dataDir('capital_region', 'population_grid_250m.gpkg');
const layer = 'population_grid_250m';
if (spawnSync('ogr2ogr', ['--version']).status !== 0) {
  console.log('\n## GeoPackage read: skipped (ogr2ogr not installed; apt-get install gdal-bin)');
} else {
  let n = 0;
  const ours = time('readLayer (better-sqlite3 + WKB decode)', () => (n = readLayer(file, layer).features.length), 5);
  const baseline = time('ogr2ogr -f CSV -lco GEOMETRY=AS_WKT /vsistdout/', () => {
    const r = spawnSync('ogr2ogr', ['-f', 'CSV', '-lco', 'GEOMETRY=AS_WKT', '/vsistdout/', file, layer], { maxBuffer: 1 << 28 });
    if (r.status !== 0) throw new Error(String(r.stderr));
  }, 5);
  report(`GeoPackage read (${n} HSY polygons)`, ours, baseline);
}
