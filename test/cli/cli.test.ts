// The `simdconv` command as built (dist/cli.js, `npm run build`), run as a child process the way
// a user's shell runs it: help, mistakes and their exit codes, and short `bench` runs whose
// output is checked for structure (rows, numbers that parse), never for speed.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BENCH_USAGE, MAIN_USAGE } from '../../src/cli/usage.js';
import { expectBenchTable } from '../helpers/bench-table.js';
import { describeRun, REPO, run, type Run } from '../package/packed.js';

const CLI = join(REPO, 'dist/cli.js');
const RELAXED = '--experimental-wasm-relaxed-simd';
const nodeMajor = Number(process.versions.node.split('.')[0]);
/** What Node runs without flags: relaxed-simd only from Node 22. */
const plainBackends = nodeMajor >= 22 ? ['js', 'scalar', 'simd', 'relaxed-simd'] : ['js', 'scalar', 'simd'];
const plainDefault = nodeMajor >= 22 ? 'relaxed-simd' : 'simd';

/** `node [flags] dist/cli.js args…`, with no flags unless given (vitest's own are not inherited). */
function simdconv(args: readonly string[], nodeFlags: readonly string[] = []): Promise<Run> {
  return run(process.execPath, [...nodeFlags, CLI, ...args], { cwd: REPO, timeoutMs: 60_000 });
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing; run \`npm run build\` first (\`npm test\` does)`);
});

describe('simdconv help', () => {
  it.each([[['--help']], [['-h']], [[]], [['help']]])('%j prints the usage, exit 0', async (args) => {
    const result = await simdconv(args);
    expect(result.code, describeRun(`simdconv ${args.join(' ')}`, result)).toBe(0);
    expect(result.stdout).toBe(MAIN_USAGE);
    expect(result.stdout).toContain('npx simdconv bench --quick');
    expect(result.stderr).toBe('');
  });

  it('bench --help lists the flags, the shape syntax and the suite', async () => {
    const result = await simdconv(['bench', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(BENCH_USAGE);
    for (const text of ['--quick', '--shapes', '--backends', '--time', '--json', 'NxCxHxW:OxIxKHxKW', 'B  ResNet conv2_x 3×3', '1x64x56x56:64x64x3x3/p1', RELAXED]) {
      expect(result.stdout).toContain(text);
    }
  });
});

describe('simdconv mistakes', () => {
  it('an unknown command: the error with a suggestion, then the usage, exit 2', async () => {
    const result = await simdconv(['bnech']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`simdconv: unknown command "bnech"; did you mean bench? (commands: bench, help)\n\n${MAIN_USAGE}`);
  });

  it('an unknown flag: the error with a suggestion and where to look, exit 2', async () => {
    const result = await simdconv(['bench', '--qiuck']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('simdconv: unknown flag --qiuck for simdconv bench; did you mean --quick?\nrun simdconv bench --help for the flags and the shape syntax\n');
  });

  it('a bad shape: the entry and the problem, exit 2', async () => {
    const result = await simdconv(['bench', '--shapes', '1x3x8x8:4x2x3x3']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('simdconv: --shapes "1x3x8x8:4x2x3x3": input has 3 channels but filter expects 2 (2 per group × groups=1)\n');
  });

  it('--backends relaxed-simd where Node needs the flag: the reason and the fix, exit 1 (from Node 22: it runs)', async () => {
    const result = await simdconv(['bench', '--backends', 'relaxed-simd', '--shapes', 'J', '--time', '5']);
    if (nodeMajor >= 22) {
      expect(result.code, describeRun('simdconv bench --backends relaxed-simd', result)).toBe(0);
      expectBenchTable(result.stdout, ['J'], ['relaxed-simd'], 'relaxed-simd');
      return;
    }
    expect(result.code, describeRun('simdconv bench --backends relaxed-simd', result)).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("simdconv: --backends relaxed-simd: createEngine: this JavaScript engine cannot run the 'relaxed-simd' backend");
    expect(result.stderr).toContain(`node ${RELAXED} dist/cli.js bench --backends relaxed-simd --shapes J --time 5\n`);
  });
});

describe('simdconv bench', () => {
  it('--quick: the machine, then a row per quick shape and backend this Node runs', async () => {
    const result = await simdconv(['bench', '--quick', '--time', '20']);
    expect(result.code, describeRun('simdconv bench --quick --time 20', result)).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^simdconv bench on .+ \\(\\d+ cores?, .+\\), Node ${process.version.replace(/\./g, '\\.')}$`));
    expect(lines[1]).toContain(`backends: ${plainBackends.join(', ')}; createEngine() picks ${plainDefault} here`);
    expectBenchTable(result.stdout, ['E', 'F', 'I', 'J'], plainBackends, plainDefault);
    expect(result.stdout).toMatch(/geometric mean over 4 shapes:\n {2}js {11}\d/);
    if (nodeMajor < 22) {
      // The fastest build is missing: say how to get it, with the user's own arguments.
      expect(result.stderr).toContain(`note: relaxed-simd, the fastest build, is not measured`);
      expect(result.stderr).toContain(`node ${RELAXED} dist/cli.js bench --quick --time 20\n`);
    } else {
      expect(result.stderr).toBe('');
    }
  });

  it(`with ${RELAXED}: relaxed-simd is measured and is the default; custom shapes; --json`, async () => {
    const flags = nodeMajor < 22 ? [RELAXED] : [];
    const shapes = ['1x8x16x16:8x8x3x3/p1', '1x3x32x32:4x3x3x3/s2/p1', 'J'];
    const result = await simdconv(['bench', '--shapes', shapes.join(','), '--backends', 'simd,relaxed-simd', '--time', '10', '--json'], flags);
    expect(result.code, describeRun('simdconv bench --json', result)).toBe(0);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as { defaultBackend: string; backends: string[]; unavailable: unknown[]; rows: Record<string, unknown>[] };
    expect(report.defaultBackend).toBe('relaxed-simd');
    expect(report.backends).toEqual(['simd', 'relaxed-simd']);
    expect(report.unavailable).toEqual([]);
    expect(report.rows.map((r) => `${String(r.shape)} ${String(r.backend)}`)).toEqual(shapes.flatMap((s) => [`${s} simd`, `${s} relaxed-simd`]));
    // 2·N·Cout·Hout·Wout·(Cin/groups)·kH·kW: 2·1·8·16·16·8·3·3 for the first.
    expect(report.rows[0]!.flops).toBe(2 * 8 * 16 * 16 * 8 * 9);
    for (const row of report.rows) {
      const { medianMs, p25Ms, p75Ms, minMs, maxMs, gflops, flops, vsJs, vsDefault, samples } = row as Record<string, number | null>;
      expect(minMs! <= p25Ms! && p25Ms! <= medianMs! && medianMs! <= p75Ms! && p75Ms! <= maxMs!, JSON.stringify(row)).toBe(true);
      expect(gflops).toBeCloseTo(flops! / (medianMs! * 1e6), 9);
      expect(vsJs).toBeNull();
      expect(vsDefault).toBeGreaterThan(0);
      expect(samples).toBeGreaterThanOrEqual(5);
    }
  });
});
