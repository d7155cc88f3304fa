/** Command-line options of `npm run bench`. */
import { parseArgs } from 'node:util';
import { availableBackends, BACKEND_NAMES, unsupportedReason, type BackendName } from './backends.js';
import { FILTER_ONLY_PEERS, PEER_NAMES, type PeerName } from './peers/peer.js';
import { FILTER_SUITE, MOBILE_SUITE, SUITE, type SuiteCase } from './suite.js';

/**
 * The lists of layers `--suite` chooses from: the standard A–K, the mobile M1…
 * (bench/mobile-suite.ts) and the image filters P1… (bench/filters-suite.ts).
 */
export const SUITES = Object.freeze({ standard: SUITE, mobile: MOBILE_SUITE, filters: FILTER_SUITE });
export type SuiteName = keyof typeof SUITES;
const SUITE_NAMES = Object.keys(SUITES) as SuiteName[];

export interface BenchSettings {
  /**
   * Which list `cases` come from. 'mobile' times simdconv's layers only, into a preallocated
   * output and a fresh one, in NCHW and NHWC, against the peers (docs/benchmark.md#the-mobile-suite).
   */
  readonly suite: SuiteName;
  readonly cases: readonly SuiteCase[];
  readonly backends: readonly BackendName[];
  /** Other libraries timed in the same run (bench/peers/), in table order. */
  readonly peers: readonly PeerName[];
  /** Whether simdconv's prepacked layers (`engine.createConv2d`) are timed too. */
  readonly prepacked: boolean;
  /**
   * The `algorithm` simdconv's prepacked layers use on the dense 3×3 stride-1 shapes, where
   * Winograd applies (default 'auto'); every other shape runs with the default.
   */
  readonly algorithm?: 'auto' | 'direct' | 'winograd' | 'winograd-4x4';
  /** How many times the whole suite is measured; each round times every shape on every backend. */
  readonly rounds: number;
  /** Time budget per task (one shape on one backend) per round, in ms. */
  readonly time: number;
  /**
   * Minimum samples per task per round: a task runs until both this and `time` are reached.
   * The reference is ~100× slower than the wasm builds, so it gets its own (lower) floor; so
   * does tfjs-cpu, about as slow.
   */
  readonly minSamples: { readonly js: number; readonly wasm: number };
  readonly quick: boolean;
  /** Fresh processes timed from `import` to the first conv result (bench/cold-start.ts); 0: none. */
  readonly coldStartRuns: number;
  /**
   * `--threads 1,2`: the thread counts simdconv's wasm rows (and the peers that can) run at,
   * ascending; with it, the preallocated and resident rows join the table (bench/threads-table.ts).
   * Undefined: today's single-threaded run, unchanged.
   */
  readonly threads?: readonly number[];
  /** WebAssembly builds left out of the default list because this process cannot run them. */
  readonly unavailable: readonly { readonly name: BackendName; readonly reason: string }[];
}

// Why these numbers. Measured here (2-core EPYC, Node 20): the reference runs at 0.2–0.5 GFLOPS,
// so its 230–460 MFLOP shapes (A, B, C, D, H) take 0.45–1.4 s a call and one js pass over the
// suite ~4.5 s; the wasm builds take 0.3–20 ms a call (simd, relaxed-simd) and 5–250 ms (scalar).
//
// Rounds: 3, the fewest that give a round-to-round spread with a middle value, so one disturbed
// round (a neighbour's job on the shared machine) shows up in the spread instead of hiding in
// one long block. Time: 500 ms per task and round, 1.5 s per task over the run, which gives the
// wasm builds 80–4000 samples per shape (the floor below only matters for scalar on the big
// shapes). Sample floor: 2 per round for js, i.e. 6 per shape over 3 rounds, the fewest whose
// pooled median and p25–p75 survive one outlier; it is what keeps the slow shapes affordable
// (D: 2 × 1.35 s per round instead of a time budget's worth). 3 per round for wasm: only scalar
// on A–D and H (120–250 ms a call) ever stops on it.
// Cost of a full run, measured: js ~11 s per round (D alone 2.7 s), each wasm build ~6 s per
// round, so ~29 s per round, plus ~9 s once for the reference outputs and tolerances of the
// check: 1 min 40 s for 3 rounds on all four backends.
//
// Peers and prepacked rows (measured, full run): each prepacked build and the fast peers (tfjs-wasm,
// ort-web) cost what a wasm build does, ~6 s per round; tfjs-cpu (0.2–0.6 GFLOPS, js's sample
// floor) ~9 s per round. With all of them a full run takes ~4–5 min.
//
// Quick: 2 rounds (still a spread), 100 ms per task and round, a floor of 1 sample: about 2–3 s
// per wasm build for the whole suite; js pays one call per slow shape per round (~9 s for two
// rounds) plus the reference outputs (~9 s). 30 s in all, measured. A smoke test; its numbers
// are indicative only.
// Cold start: 20 fresh processes (~0.15–0.3 s each here) give a median and quartiles that one
// slow start cannot move; quick takes 5.
const FULL = { rounds: 3, time: 500, minSamples: { js: 2, wasm: 3 }, coldStartRuns: 20 };
const QUICK = { rounds: 2, time: 100, minSamples: { js: 1, wasm: 1 }, coldStartRuns: 5 };

export const USAGE = `usage: npm run bench -- [--suite standard|mobile|filters|convT|conv3d|int8] [--shapes A,B,…] [--backends js,…] [--peers p,…|--no-peers] [--no-prepacked] [--algorithm a] [--rounds N] [--time <ms>] [--threads 1,2] [--quick]
  --suite     the list of layers: standard (default: ${SUITE.map((c) => c.id).join(',')}) or mobile (layers of
              mobile CNNs, ${MOBILE_SUITE[0]!.id}–${MOBILE_SUITE.at(-1)!.id}: simdconv's layers into a preallocated and a fresh output,
              NCHW and NHWC, against the peers; not with --threads or --no-prepacked) or filters
              (single-channel image filters, ${FILTER_SUITE[0]!.id}–${FILTER_SUITE.at(-1)!.id}, with OpenCV.js among the peers; not with --threads)
              or convT (transposed convolutions T1–T6 against ORT's ConvTranspose and tfjs's conv2dTranspose)
              or conv3d (3-D convolutions V1–V6 against ORT's 5-D Conv); these two take --shapes, --backends,
              --peers, --rounds, --time only; or int8 (QLinearConv Q1–Q5 against ORT's QLinearConv and
              simdconv's float layer; --suite int8 --help lists its options)
  --shapes    cases of the chosen suite to run (default all)
  --backends  implementations to run (default: js and every WebAssembly build this Node runs;
              known: ${BACKEND_NAMES.join(',')})
  --peers     other libraries to time in the same run, single-threaded (default all that run the
              suite: ${PEER_NAMES.join(',')}; ${FILTER_ONLY_PEERS.join(',')} only with --suite filters); --no-peers for none
  --no-prepacked  leave out simdconv's prepacked layers (engine.createConv2d, timed by default)
  --algorithm the prepacked layers' \`algorithm\` on the shapes where Winograd applies (dense 3×3
              stride 1: B, C, H): auto (default), direct, winograd, winograd-4x4 (opt-in, looser bound)
  --rounds    times the whole suite is measured; the table pools all samples and shows the
              round-to-round spread of the medians (default ${FULL.rounds}; quick ${QUICK.rounds})
  --time      time budget per shape, backend and round in ms (default ${FULL.time}; quick ${QUICK.time});
              at least ${FULL.minSamples.js} (js) / ${FULL.minSamples.wasm} (wasm) samples per round are taken regardless
  --threads   thread counts, e.g. 1,2 (1 always included): simdconv's simd builds and ort-web (in a
              child process) at each, plus preallocated and resident rows and a scaling table
              (default: one thread, no extra rows)
  --cold-start N  fresh processes timed from import to the first conv result (default
              ${FULL.coldStartRuns}; quick ${QUICK.coldStartRuns}; 0 to skip)
  --quick     fewer rounds, less time, 1 sample floor: a smoke test (~30 s for the whole suite)
Every wasm and peer output is checked against the js reference before it is timed.`;

const ALGORITHMS = ['auto', 'direct', 'winograd', 'winograd-4x4'] as const;

function pickOne<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new RangeError(`--${flag} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  return value as T;
}

/** A backend this process knows but cannot run was asked for: not a typo, so no usage text. */
export class UnsupportedBackendError extends Error {
  override name = 'UnsupportedBackendError';
}

/** Picks the named items from `all`, in the order given; throws naming the unknown ones. */
function pick<T>(what: string, list: string | undefined, all: readonly T[], key: (item: T) => string): T[] {
  if (list === undefined) return all.slice();
  const names = list.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = names.filter((n) => !all.some((item) => key(item).toLowerCase() === n.toLowerCase()));
  if (names.length === 0 || unknown.length > 0) {
    throw new RangeError(`--${what}: expected a comma-separated list of ${all.map(key).join(', ')}, got ${JSON.stringify(list)}`);
  }
  const picked = names.map((n) => all.find((item) => key(item).toLowerCase() === n.toLowerCase())!);
  return picked.filter((item, i) => picked.indexOf(item) === i); // `B,B` measures B once
}

function positive(what: string, text: string | undefined, fallback: number, integer: boolean): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  const ok = text.trim() !== '' && Number.isFinite(value) && (integer ? Number.isInteger(value) && value >= 1 : value >= 0);
  if (!ok) throw new RangeError(`--${what}: expected ${integer ? 'an integer ≥ 1' : 'milliseconds ≥ 0'}, got ${JSON.stringify(text)}`);
  return value;
}

/**
 * `--threads 2,1,2` → [1, 2]: positive integers, ascending, each once; 1 is always in (the
 * other counts' scaling is against it), so `--threads 2` measures 1 and 2.
 */
export function threadCounts(text: string): number[] {
  const parts = text.split(',').map((s) => s.trim());
  const counts = parts.map(Number);
  if (parts.some((p) => p === '') || counts.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new RangeError(`--threads: expected a comma-separated list of thread counts ≥ 1 such as 1,2, got ${JSON.stringify(text)}`);
  }
  return [...new Set([1, ...counts])].sort((a, b) => a - b);
}

export function parseBenchArgs(argv: readonly string[]): BenchSettings | 'help' {
  const { values } = parseArgs({
    args: argv.slice(),
    options: {
      suite: { type: 'string' },
      shapes: { type: 'string' },
      backends: { type: 'string' },
      peers: { type: 'string' },
      'no-peers': { type: 'boolean', default: false },
      'no-prepacked': { type: 'boolean', default: false },
      algorithm: { type: 'string' },
      rounds: { type: 'string' },
      time: { type: 'string' },
      quick: { type: 'boolean', default: false },
      'cold-start': { type: 'string' },
      threads: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return 'help';
  const quick = values.quick === true;
  const base = quick ? QUICK : FULL;
  const suite = pickOne('suite', values.suite, SUITE_NAMES, 'standard');
  const cases = pick('shapes', values.shapes, SUITES[suite], (c) => c.id);
  if (suite === 'filters' && values.threads !== undefined) throw new RangeError('--suite filters runs on one thread: leave out --threads (or run --suite standard --threads …)');
  if (suite === 'mobile') {
    // The mobile run's rows are simdconv's layers, one thread (its table has no threads column).
    if (values.threads !== undefined) throw new RangeError('--suite mobile runs on one thread: leave out --threads (or run --suite standard --threads …)');
    if (values['no-prepacked'] === true) throw new RangeError("--suite mobile times simdconv's prepacked layers only: leave out --no-prepacked");
  }
  let backends: BackendName[];
  const unavailable: { name: BackendName; reason: string }[] = [];
  if (values.backends === undefined) {
    backends = availableBackends();
    for (const name of BACKEND_NAMES) {
      const reason = unsupportedReason(name);
      if (reason !== undefined) unavailable.push({ name, reason });
    }
  } else {
    // Table order whatever the typed order: js first, then slowest to fastest.
    const picked = pick('backends', values.backends, BACKEND_NAMES, (b) => b);
    backends = BACKEND_NAMES.filter((b) => picked.includes(b));
    for (const name of backends) {
      const reason = unsupportedReason(name);
      if (reason !== undefined) throw new UnsupportedBackendError(`--backends ${name}: ${reason}`);
    }
  }
  if (values['no-peers'] === true && values.peers !== undefined) throw new RangeError('--peers and --no-peers: give one or the other');
  // Table order whatever the typed order. OpenCV.js runs the image filters only: it is among the
  // default peers of --suite filters, and refused elsewhere.
  const applicable = suite === 'filters' ? PEER_NAMES : PEER_NAMES.filter((p) => !FILTER_ONLY_PEERS.includes(p));
  const picked = values['no-peers'] === true ? [] : pick('peers', values.peers, PEER_NAMES, (p) => p);
  const refused = values.peers === undefined ? [] : picked.filter((p) => !applicable.includes(p));
  if (refused.length > 0) throw new RangeError(`--peers ${refused.join(',')}: runs single-channel image filters only; use it with --suite filters`);
  const peers = applicable.filter((p) => picked.includes(p));
  return {
    suite,
    cases,
    backends,
    peers,
    prepacked: values['no-prepacked'] !== true,
    algorithm: pickOne('algorithm', values.algorithm, ALGORITHMS, 'auto'),
    rounds: positive('rounds', values.rounds, base.rounds, true),
    time: positive('time', values.time, base.time, false),
    minSamples: base.minSamples,
    quick,
    coldStartRuns: values['cold-start'] === '0' ? 0 : positive('cold-start', values['cold-start'], base.coldStartRuns, true),
    ...(values.threads === undefined ? {} : { threads: threadCounts(values.threads) }),
    unavailable,
  };
}

/**
 * The `--quick` settings for the given shapes and backends, one-shot calls only and no peers
 * (used by `npm start`'s short wasm-vs-JS run).
 */
export function quickSettings(cases: readonly SuiteCase[], backends: readonly BackendName[]): BenchSettings {
  return { suite: 'standard', cases, backends, peers: [], prepacked: false, rounds: QUICK.rounds, time: QUICK.time, minSamples: QUICK.minSamples, quick: true, coldStartRuns: 0, unavailable: [] };
}
