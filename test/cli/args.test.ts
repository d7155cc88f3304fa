// `simdconv`'s command line: help, bench's settings, and every mistake's exact message.
import { describe, expect, it } from 'vitest';
import { FULL, parseCommandLine, QUICK, UsageError, type BenchSettings } from '../../src/cli/args.js';
import { closest } from '../../src/cli/suggest.js';
import { editDistance } from '../../src/util/edit-distance.js';
import { BENCH_USAGE, MAIN_USAGE } from '../../src/cli/usage.js';
import { SUITE } from '../../src/cli/suite.js';

function bench(...args: string[]): BenchSettings {
  const command = parseCommandLine(['bench', ...args]);
  if (command.kind !== 'bench') throw new Error(`expected bench settings, got ${JSON.stringify(command)}`);
  return command.settings;
}

function usageError(argv: string[]): string {
  try {
    parseCommandLine(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
}

describe('help', () => {
  it.each([[[]], [['-h']], [['--help']], [['help']]])('%j asks for the main usage', (argv) => {
    expect(parseCommandLine(argv)).toEqual({ kind: 'help', topic: 'main' });
  });

  it.each([[['help', 'bench']], [['bench', '--help']], [['bench', '-h']], [['bench', '--quick', '--help']], [['bench', '--shapes', 'B', '-h']]])('%j asks for bench’s usage', (argv) => {
    expect(parseCommandLine(argv)).toEqual({ kind: 'help', topic: 'bench' });
  });
});

describe('the usage texts', () => {
  it('every example in them parses', () => {
    const examples = [...`${MAIN_USAGE}${BENCH_USAGE}`.matchAll(/^ {2}npx simdconv (.+?)(?: > \S+)?$/gm)].map((m) => m[1]!.split(' '));
    expect(examples.length).toBe(6);
    for (const argv of examples) expect(() => parseCommandLine(argv), argv.join(' ')).not.toThrow();
  });

  it('no line is wider than 100 columns', () => {
    for (const line of `${MAIN_USAGE}${BENCH_USAGE}`.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
  });
});

describe('bench settings', () => {
  it('default: the whole suite on every backend this runtime has, full time', () => {
    expect(bench()).toEqual({ cases: SUITE, backends: undefined, timeMs: FULL.timeMs, minSamples: FULL.minSamples, quick: false, json: false });
  });

  it('--quick: the quick shapes and time', () => {
    const s = bench('--quick');
    expect(s.cases.map((c) => c.id)).toEqual(['E', 'F', 'I', 'J']);
    expect(s.cases.map((c) => c.id)).toEqual(QUICK.shapes);
    expect([s.timeMs, s.minSamples, s.quick]).toEqual([QUICK.timeMs, QUICK.minSamples, true]);
  });

  it('--shapes, --backends (table order whatever the typed order), --time, --json; --flag=value too', () => {
    const s = bench('--shapes', 'B,1x3x224x224:32x3x3x3/s2', '--backends=relaxed-simd,js', '--time', '20', '--json', '--quick');
    expect(s.cases.map((c) => c.id)).toEqual(['B', '1x3x224x224:32x3x3x3/s2']);
    expect(s.backends).toEqual(['js', 'relaxed-simd']);
    expect([s.timeMs, s.json, s.quick]).toEqual([20, true, true]);
    expect(bench('--time=2.5').timeMs).toBe(2.5);
  });

  const mistakes: [string[], string][] = [
    [['bench', '--qiuck'], 'unknown flag --qiuck for simdconv bench; did you mean --quick?'],
    [['bench', '--shape', 'B'], 'unknown flag --shape for simdconv bench; did you mean --shapes?'],
    [['bench', '--verbose'], 'unknown flag --verbose for simdconv bench (known: --quick, --json, --help, --shapes, --backends, --time)'],
    [['bench', '-x'], 'unknown flag -x for simdconv bench (known: --quick, --json, --help, --shapes, --backends, --time)'],
    [['bench', 'B'], 'unexpected argument "B": simdconv bench takes flags only (shapes go after --shapes)'],
    [['bench', '--time'], '--time needs a value, e.g. --time 300'],
    [['bench', '--shapes', '--quick'], '--shapes needs a value, e.g. --shapes B,1x64x56x56:64x64x3x3/p1'],
    [['bench', '--time', '0'], '--time: expected milliseconds > 0, got "0"'],
    [['bench', '--time', '-5'], '--time: expected milliseconds > 0, got "-5"'],
    [['bench', '--time', 'fast'], '--time: expected milliseconds > 0, got "fast"'],
    [['bench', '--time='], '--time: expected milliseconds > 0, got ""'],
    [['bench', '--quick=1'], '--quick takes no value, got "--quick=1"'],
    [['bench', '--quick', '--quick'], '--quick is given twice'],
    [['bench', '--backends', 'js,simd2'], '--backends: unknown backend "simd2"; did you mean simd? (known: js, scalar, simd, relaxed-simd)'],
    [['bench', '--backends', 'wasm'], '--backends: unknown backend "wasm" (known: js, scalar, simd, relaxed-simd)'],
    [['bench', '--backends', ','], '--backends: expected a comma-separated list of js, scalar, simd, relaxed-simd, got ","'],
    [['bench', '--shapes', '1x1x5x5:1x1x1x1/s0'], '--shapes "1x1x5x5:1x1x1x1/s0": /s (strides) must be an integer ≥ 1, got 0'],
    [['bnch'], 'unknown command "bnch"; did you mean bench? (commands: bench, help)'],
    [['benchmark'], 'unknown command "benchmark" (commands: bench, help)'],
    [['--quick'], '--quick is a flag of the bench command; did you mean simdconv bench --quick?'],
    [['--hlep'], "unknown flag --hlep; did you mean --help? (before a command simdconv takes only -h, --help; bench's flags go after it: simdconv bench --quick)"],
    [['--verbose'], "unknown flag --verbose (before a command simdconv takes only -h, --help; bench's flags go after it: simdconv bench --quick)"],
    [['help', 'foo'], 'help: no help on "foo"; try simdconv help bench'],
  ];
  it.each(mistakes)('%j: a usage error', (argv, message) => {
    expect(usageError(argv)).toBe(message);
  });
});

describe('did you mean', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('--qiuck', '--quick')).toBe(2);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('suggests only what is close for its length', () => {
    expect(closest('--shape', ['--shapes', '--time'])).toBe('--shapes');
    expect(closest('SIMD', ['js', 'simd'])).toBe('simd');
    expect(closest('--zzz', ['--shapes', '--time'])).toBeUndefined();
    expect(closest('x', ['js'])).toBeUndefined();
  });
});
