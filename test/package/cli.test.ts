// The `simdconv` command as users get it: the packed tarball installed into a fresh project,
// run with `npx simdconv …` (its `bin` link), offline. Structure only, never speed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectBenchTable } from '../helpers/bench-table.js';
import { describeRun, installPacked, packOnce, removeDir, removePacked, run, tempDir } from './packed.js';

const nodeMajor = Number(process.versions.node.split('.')[0]);
const plainBackends = nodeMajor >= 22 ? ['js', 'scalar', 'simd', 'relaxed-simd'] : ['js', 'scalar', 'simd'];
const plainDefault = nodeMajor >= 22 ? 'relaxed-simd' : 'simd';

let consumer: string;

beforeAll(async () => {
  consumer = await tempDir('cli');
  await installPacked(consumer);
}, 120_000);

afterAll(async () => {
  await removeDir(consumer);
  await removePacked();
});

/**
 * `npx simdconv args…` in the consumer, exactly as a user types it: npx runs the installed
 * package's bin link, fetching nothing. (Not `npx --no simdconv --help`: npx then reads
 * `--help` as its own flag.)
 */
const npx = (args: readonly string[]) => run('npx', ['simdconv', ...args], { cwd: consumer, timeoutMs: 60_000 });

describe('npx simdconv (installed from the tarball)', () => {
  it('the tarball ships the command', async () => {
    const { files } = await packOnce();
    expect(files.map((f) => f.path)).toContain('dist/cli.js');
  });

  it('--help prints the usage', async () => {
    const result = await npx(['--help']);
    expect(result.code, describeRun('npx simdconv --help', result)).toBe(0);
    expect(result.stdout).toMatch(/^usage: simdconv <command> \[flags\]\n/);
    expect(result.stdout).toContain('npx simdconv bench --quick');
  });

  it('bench --quick prints the table for every backend this Node runs, and how to add relaxed-simd', async () => {
    const result = await npx(['bench', '--quick', '--time', '20']);
    expect(result.code, describeRun('npx simdconv bench --quick --time 20', result)).toBe(0);
    expect(result.stdout).toMatch(/^simdconv bench on /);
    expectBenchTable(result.stdout, ['E', 'F', 'I', 'J'], plainBackends, plainDefault);
    // The note names the installed file, runnable as printed from the project folder.
    if (nodeMajor < 22) expect(result.stderr).toContain('node --experimental-wasm-relaxed-simd node_modules/simdconv/dist/cli.js bench --quick --time 20\n');
  });

  it('the printed relaxed-simd command works: relaxed-simd measured and the default', async () => {
    const flags = nodeMajor < 22 ? ['--experimental-wasm-relaxed-simd'] : [];
    const result = await run(process.execPath, [...flags, 'node_modules/simdconv/dist/cli.js', 'bench', '--shapes', 'J,1x16x32x32:16x16x3x3/p1', '--time', '10'], { cwd: consumer });
    expect(result.code, describeRun('node node_modules/simdconv/dist/cli.js bench', result)).toBe(0);
    expect(result.stderr).toBe('');
    expectBenchTable(result.stdout, ['J', '1x16x32x32:16x16x3x3/p1'], ['js', 'scalar', 'simd', 'relaxed-simd'], 'relaxed-simd');
  });
});
