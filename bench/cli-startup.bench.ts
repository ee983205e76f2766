/**
 * CLI start-up: `saavu --help` (lazy command imports) against a baseline that starts Node and imports
 * every command module eagerly, i.e. what `--help` would cost without lazy loading.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../test/paths.js';
import { report, time } from './harness.js';

const bin = join(repoRoot, 'bin', 'saavu');
const eager = `await import(${JSON.stringify(join(repoRoot, 'dist/cli/commands/init.js'))}); await import(${JSON.stringify(join(repoRoot, 'dist/cli/commands/info.js'))});`;
const ours = time('node bin/saavu --help', () => spawnSync(process.execPath, [bin, '--help']), 7);
const baseline = time('node -e "import every command module"', () => spawnSync(process.execPath, ['--input-type=module', '-e', eager]), 7);
report('CLI start-up', ours, baseline, `saavu --help takes ${ours.medianMs.toFixed(0)} ms`);
