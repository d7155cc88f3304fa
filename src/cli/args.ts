/**
 * The command line of `simdconv`: which command, and `bench`'s settings. Pure: no I/O, so every
 * good and bad input is unit-tested; a mistake throws a {@link UsageError} (exit code 2).
 */
import type { Backend } from '../index.js';
import { parseShapeList } from './shape-spec.js';
import { closest } from './suggest.js';
import { SUITE, type SuiteCase } from './suite.js';
import { UsageError } from './usage-error.js';

export { UsageError };

/** Every backend `bench` knows, in table order: the pure-JS baseline, then slowest to fastest. */
export const BENCH_BACKENDS: readonly Backend[] = Object.freeze(['js', 'scalar', 'simd', 'relaxed-simd']);

export interface BenchSettings {
  readonly cases: readonly SuiteCase[];
  /** The backends asked for with `--backends`, in table order; `undefined`: every one this runtime has. */
  readonly backends: readonly Backend[] | undefined;
  /** Time for each shape on each backend, after its warm-up, in ms. */
  readonly timeMs: number;
  /** Samples taken per shape and backend however long they take. */
  readonly minSamples: number;
  readonly quick: boolean;
  /** A JSON report on stdout instead of the table. */
  readonly json: boolean;
}

export type Command = { readonly kind: 'help'; readonly topic: 'main' | 'bench' } | { readonly kind: 'bench'; readonly settings: BenchSettings };

export const COMMANDS = ['bench', 'help'] as const;

// Why these numbers (measured on a shared 2-core Xeon VM, Node 20): the js reference takes
// 0.4–1 s a call on the suite's big layers (A–D, H), so its 5 samples (the fewest that give a
// median and p25–p75 that one outlier cannot move) set the cost of a run; the wasm builds take
// 5–200 samples in 300 ms. A full run took 33 s. Quick: the four layers where js takes under
// 0.1 s a call (1×1, depthwise, image filter, small-batch 3×3), 100 ms each: 3 s in all.
export const FULL = { timeMs: 300, minSamples: 5 } as const;
export const QUICK = { timeMs: 100, minSamples: 5, shapes: ['E', 'F', 'I', 'J'] } as const;

const BENCH_FLAGS = { '--quick': 'boolean', '--json': 'boolean', '--help': 'boolean', '--shapes': 'value', '--backends': 'value', '--time': 'value' } as const;
type BenchFlag = keyof typeof BENCH_FLAGS;

function unknownFlag(flag: string, known: readonly string[], where: string): UsageError {
  const guess = closest(flag, known);
  return new UsageError(`unknown flag ${flag} for ${where}${guess === undefined ? ` (known: ${known.join(', ')})` : `; did you mean ${guess}?`}`);
}

function backendList(text: string): Backend[] {
  const names = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 0) throw new UsageError(`--backends: expected a comma-separated list of ${BENCH_BACKENDS.join(', ')}, got ${JSON.stringify(text)}`);
  for (const name of names) {
    if (!(BENCH_BACKENDS as readonly string[]).includes(name)) {
      const guess = closest(name, BENCH_BACKENDS);
      throw new UsageError(`--backends: unknown backend ${JSON.stringify(name)}${guess === undefined ? '' : `; did you mean ${guess}?`} (known: ${BENCH_BACKENDS.join(', ')})`);
    }
  }
  return BENCH_BACKENDS.filter((b) => names.includes(b));
}

function milliseconds(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) throw new UsageError(`--time: expected milliseconds > 0, got ${JSON.stringify(text)}`);
  return value;
}

/** Reads `bench`'s flags: `--flag value` or `--flag=value` for values, bare booleans. */
function parseBench(args: readonly string[]): Command {
  const given = new Map<BenchFlag, string | true>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-h') return { kind: 'help', topic: 'bench' };
    if (!arg.startsWith('-')) throw new UsageError(`unexpected argument ${JSON.stringify(arg)}: simdconv bench takes flags only (shapes go after --shapes)`);
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (!(name in BENCH_FLAGS)) throw unknownFlag(name, Object.keys(BENCH_FLAGS), 'simdconv bench');
    const flag = name as BenchFlag;
    if (given.has(flag)) throw new UsageError(`${flag} is given twice`);
    if (BENCH_FLAGS[flag] === 'boolean') {
      if (eq !== -1) throw new UsageError(`${flag} takes no value, got ${JSON.stringify(arg)}`);
      given.set(flag, true);
    } else if (eq !== -1) {
      given.set(flag, arg.slice(eq + 1));
    } else {
      const value = args[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value, e.g. ${EXAMPLE_VALUES[flag as keyof typeof EXAMPLE_VALUES]}`);
      given.set(flag, value);
      i++;
    }
  }
  if (given.has('--help')) return { kind: 'help', topic: 'bench' };
  const quick = given.has('--quick');
  const base = quick ? QUICK : FULL;
  const shapes = given.get('--shapes') as string | undefined;
  const backends = given.get('--backends') as string | undefined;
  const time = given.get('--time') as string | undefined;
  return {
    kind: 'bench',
    settings: {
      cases: shapes !== undefined ? parseShapeList(shapes) : quick ? QUICK.shapes.map((id) => SUITE.find((c) => c.id === id)!) : SUITE.slice(),
      backends: backends === undefined ? undefined : backendList(backends),
      timeMs: time === undefined ? base.timeMs : milliseconds(time),
      minSamples: base.minSamples,
      quick,
      json: given.has('--json'),
    },
  };
}

const EXAMPLE_VALUES = { '--shapes': '--shapes B,1x64x56x56:64x64x3x3/p1', '--backends': '--backends js,simd', '--time': '--time 300' } as const;

/**
 * Reads `simdconv`'s arguments (after `node` and the script). No arguments, `-h`, `--help` or
 * `help` ask for the usage; `help bench` or `bench --help` for bench's. Throws a
 * {@link UsageError} for an unknown command or flag (with a "did you mean" when one is close),
 * a flag without its value, or a bad value.
 *
 * @example
 * parseCommandLine(['bench', '--quick', '--backends', 'js,simd']);
 * // { kind: 'bench', settings: { cases: [E, F, I, J], backends: ['js', 'simd'], timeMs: 100, … } }
 */
export function parseCommandLine(argv: readonly string[]): Command {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help') return { kind: 'help', topic: 'main' };
  if (command === 'help') {
    if (rest.length === 0) return { kind: 'help', topic: 'main' };
    if (rest.length === 1 && rest[0] === 'bench') return { kind: 'help', topic: 'bench' };
    throw new UsageError(`help: no help on ${JSON.stringify(rest.join(' '))}; try simdconv help bench`);
  }
  if (command === 'bench') return parseBench(rest);
  if (command in BENCH_FLAGS) throw new UsageError(`${command} is a flag of the bench command; did you mean simdconv bench ${argv.join(' ')}?`);
  if (command.startsWith('-')) {
    const flag = command.split('=')[0]!;
    const guess = closest(flag, ['--help']);
    throw new UsageError(`unknown flag ${flag}${guess === undefined ? '' : `; did you mean ${guess}?`} (before a command simdconv takes only -h, --help; bench's flags go after it: simdconv bench --quick)`);
  }
  const guess = closest(command, COMMANDS);
  throw new UsageError(`unknown command ${JSON.stringify(command)}${guess === undefined ? '' : `; did you mean ${guess}?`} (commands: ${COMMANDS.join(', ')})`);
}
