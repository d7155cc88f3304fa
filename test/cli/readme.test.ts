// The README's "Benchmark on your machine" against the command it documents: the flags, the
// defaults, the shape examples and the example output's table must be what simdconv does.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FULL, parseCommandLine, QUICK } from '../../src/cli/args.js';
import { BENCH_USAGE } from '../../src/cli/usage.js';
import { expectBenchTable } from '../helpers/bench-table.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const start = readme.indexOf('### Benchmark on your machine');
const section = readme.slice(start, readme.indexOf('\n## ', start));
/** The prose with line breaks folded, as a reader sees it. */
const prose = section.replace(/\s+/g, ' ');

describe('README: Benchmark on your machine', () => {
  it('exists, inside the Benchmark section', () => {
    expect(start).toBeGreaterThan(readme.indexOf('## Benchmark\n'));
    expect(start).toBeLessThan(readme.indexOf('## Demo page'));
  });

  it('every command it shows parses', () => {
    const commands = [...section.matchAll(/^npx simdconv ([^#\n]*?)\s*(?:#.*)?$/gm)].map((m) => m[1]!.replace(/ > .*$/, '').split(' '));
    expect(commands.length).toBeGreaterThanOrEqual(4);
    for (const argv of commands) expect(() => parseCommandLine(argv), argv.join(' ')).not.toThrow();
  });

  it('states the defaults the code has', () => {
    expect(prose).toContain(`for \`--time\` ms (default ${FULL.timeMs}, \`--quick\` ${QUICK.timeMs}; at least ${FULL.minSamples} samples)`);
    expect(QUICK.minSamples).toBe(FULL.minSamples);
    expect(prose).toContain(`--quick # ${QUICK.shapes.length} layers of the suite`);
    // The shape syntax and the relaxed-simd line, as --help gives them.
    expect(BENCH_USAGE).toContain('NxCxHxW:OxIxKHxKW');
    expect(prose).toContain('`NxCxHxW:OxIxKHxKW` (input NCHW : filter OIHW)');
    expect(BENCH_USAGE).toContain('node --experimental-wasm-relaxed-simd node_modules/simdconv/dist/cli.js bench');
    expect(prose).toContain('`node --experimental-wasm-relaxed-simd node_modules/simdconv/dist/cli.js bench --quick`');
    expect(() => parseCommandLine(['bench', '--shapes', '1x32x112x112:32x1x3x3/p1/g32'])).not.toThrow();
  });

  it("its example output has the table the command prints", () => {
    const example = section.slice(section.indexOf('```text'));
    expectBenchTable(example, QUICK.shapes, ['js', 'scalar', 'simd'], 'simd');
  });
});
