/** Runs every benchmark under bench/ in one process: `npm run bench`. */
const benches = ['./area-lookup.bench.ts', './geopackage-read.bench.ts', './cli-startup.bench.ts', './pbf-decode.bench.ts', './network-build.bench.ts', './keusote-matrix.bench.ts', './scenario-recompute.bench.ts', './route-matrix.bench.ts', './route-peers.bench.ts', './grid-scaling.bench.ts', './optimize.bench.ts'];
console.log(`saavu benchmarks — node ${process.version}, ${new Date().toISOString()}`);
for (const b of benches) await import(b);
