/** Command-line options of `npm run bench`. */
import { parseArgs } from 'node:util';
import { BACKENDS, type Backend } from './backends.js';
import { SUITE, type SuiteCase } from './suite.js';

export interface BenchSettings {
  readonly cases: readonly SuiteCase[];
  readonly backends: readonly Backend[];
  /** Time budget per task (one shape on one backend), in ms. */
  readonly time: number;
  /** Minimum samples per task: each task runs until both this and `time` are reached. */
  readonly iterations: number;
  /** One untimed call before sampling (JIT, first-touch allocation). */
  readonly warmup: boolean;
  readonly quick: boolean;
}

// Why these numbers: the reference runs at ~0.33 GFLOPS here (geomean of a quick run), so the
// 230–460 MFLOP shapes (A, B, C, D, H) take 0.6–1.3 s a call and one pass over the suite ~5 s.
// Default: at least 5 samples, the fewest whose median and p25–p75 survive one outlier on a
// shared machine, and a 2 s budget so the cheap shapes (F, G, J: ~20–30 ms) collect dozens of
// samples for free; with one warmup call that is about a minute for the full suite. Quick: one
// sample, no warmup, a 300 ms budget — ~10 s, a smoke test whose numbers are indicative only.
// The wasm backends are ~100× faster, so they will reach the time budget, not the sample floor.
const FULL = { time: 2000, iterations: 5, warmup: true };
const QUICK = { time: 300, iterations: 1, warmup: false };

export const USAGE = `usage: tsx bench/run.ts [--shapes A,B,…] [--backends js,…] [--time <ms per task>] [--quick]
  --shapes    suite cases to run (default all: ${SUITE.map((c) => c.id).join(',')})
  --backends  implementations to run (default all: ${BACKENDS.map((b) => b.name).join(',')})
  --time      time budget per shape and backend in ms (default ${FULL.time}; quick ${QUICK.time})
  --quick     one sample per task, no warmup: a smoke test (~10 s with only the js backend)`;

/** Picks the named items from `all`, in the order given; throws naming the unknown ones. */
function pick<T>(what: string, list: string | undefined, all: readonly T[], key: (item: T) => string): T[] {
  if (list === undefined) return all.slice();
  const names = list.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = names.filter((n) => !all.some((item) => key(item).toLowerCase() === n.toLowerCase()));
  if (names.length === 0 || unknown.length > 0) {
    throw new RangeError(`--${what}: expected a comma-separated list of ${all.map(key).join(', ')}, got ${JSON.stringify(list)}`);
  }
  return names.map((n) => all.find((item) => key(item).toLowerCase() === n.toLowerCase())!);
}

export function parseBenchArgs(argv: readonly string[]): BenchSettings | 'help' {
  const { values } = parseArgs({
    args: argv.slice(),
    options: {
      shapes: { type: 'string' },
      backends: { type: 'string' },
      time: { type: 'string' },
      quick: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return 'help';
  const quick = values.quick === true;
  const base = quick ? QUICK : FULL;
  let time = base.time;
  if (values.time !== undefined) {
    time = Number(values.time);
    if (!Number.isFinite(time) || time < 0) throw new RangeError(`--time: expected milliseconds ≥ 0, got ${JSON.stringify(values.time)}`);
  }
  return {
    cases: pick('shapes', values.shapes, SUITE, (c) => c.id),
    backends: pick('backends', values.backends, BACKENDS, (b) => b.name),
    time,
    iterations: base.iterations,
    warmup: base.warmup,
    quick,
  };
}
