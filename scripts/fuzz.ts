// The long fuzz run: `npm run fuzz -- --minutes N [--seed S] [--cases N]`. Every backend (the
// three WebAssembly builds, js, and the threaded builds on 3 threads, every call in the pool) against the reference on configurations drawn by
// test/helpers/fuzz-cases.ts from consecutive seeds, until the time is up (or Ctrl-C). Prints a
// line per minute and a summary: configurations per family and backend, output classes,
// failures with the command that replays each, the worst error/bound ratio. Exit code 1 on any
// failure. Run through bench/launch.mjs, which passes Node 20 the relaxed-SIMD flag.
import { createEngineSync } from '../src/index.js';
import { engineName, threadedEngines, wasmEngines } from '../test/helpers/engines.js';
import { tileRunner } from '../src/engine/tiles.js';
import { FuzzStats, fuzzCase, runCase } from '../test/helpers/fuzz-cases.js';

function parseArgs(argv: readonly string[]): { minutes: number; seed: number; cases: number } {
  const args = { minutes: 5, seed: Date.now() % 1_000_000_000, cases: Infinity };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i]!, argv[i + 1]];
    const name = flag.replace(/^--/, '') as keyof typeof args;
    if (!Object.hasOwn(args, name) || !flag.startsWith('--')) throw new Error(`unknown argument ${flag}; expected --minutes N, --seed S, --cases N`);
    const n = Number(value);
    // Seeds and counts are integers (a case's seed is printed to replay it); minutes may be 0.5.
    const ok = value !== undefined && Number.isFinite(n) && n >= 0 && (name === 'minutes' || Number.isInteger(n));
    if (!ok) throw new Error(`${flag} needs a non-negative ${name === 'minutes' ? 'number' : 'integer'}, got ${value}`);
    args[name] = n;
    i++;
  }
  return args;
}

let args: ReturnType<typeof parseArgs>;
try {
  args = parseArgs(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`fuzz: ${(error as Error).message}\n`);
  process.exit(2);
}

// Every build must run: a missing relaxed-simd (Node 20 without the flag) is an error, not a skip.
process.env.SIMDCONV_EXPECT_RELAXED = '1';
tileRunner.workFloor = 0; // every call of a threaded engine goes to its workers
const engines = [...wasmEngines(), createEngineSync({ backend: 'js' }), ...threadedEngines()];
const backends = engines.map(engineName);
const replay = (seed: number) => `npm run fuzz -- --seed ${seed} --cases 1`;

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(130);
    stopping = true; // finish the current case, then report
  });
}

const stats = new FuzzStats();
const started = performance.now();
const deadline = started + args.minutes * 60_000;
let nextReport = started + 60_000;
let nextYield = started;
const limit = `${Number.isFinite(args.cases) ? `${args.cases} configurations, ` : ''}at most ${args.minutes} min`;
console.log(`fuzz: seed ${args.seed}, ${limit}, backends ${backends.join(', ')} (Node ${process.version})`);
for (let i = 0; i < args.cases && !stopping && performance.now() < deadline; i++) {
  const seed = args.seed + i;
  const before = stats.failures.length;
  const t0 = performance.now();
  try {
    stats.add(runCase(fuzzCase(seed), engines), performance.now() - t0);
  } catch (error) {
    stats.addCrash(seed, error);
  }
  for (const f of stats.failures.slice(before)) {
    console.log(`FAIL ${f.backend} on ${f.description}\n  ${f.message}\n  replay: ${replay(f.seed)}`);
  }
  // The loop is synchronous: let the event loop run a few times a second so Ctrl-C is seen.
  if (performance.now() >= nextYield) {
    await new Promise((resolve) => setImmediate(resolve));
    nextYield = performance.now() + 250;
  }
  if (performance.now() >= nextReport) {
    const minutes = (performance.now() - started) / 60_000;
    console.log(
      `${minutes.toFixed(1)} min: ${stats.cases} configurations (${(stats.cases / minutes / 60).toFixed(1)}/s), ` +
        `${stats.failures.length} failures, worst ratio ${stats.worst.ratio.toPrecision(3)}`,
    );
    nextReport += 60_000;
  }
}
const minutes = (performance.now() - started) / 60_000;
console.log(`\nfuzz: seed ${args.seed}, ${minutes.toFixed(2)} min${stopping ? ' (interrupted)' : ''}`);
console.log(stats.summary(backends, replay));
process.exitCode = stats.failures.length > 0 ? 1 : 0;
