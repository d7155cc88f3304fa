/**
 * `npm run bench`: simdconv against pure JS and against its peers. Every suite shape on every
 * contender (bench/contenders.ts): simdconv's one-shot `engine.conv2d` on the pure-JS reference
 * and each WebAssembly build this Node runs, its prepacked layers (`engine.createConv2d` once,
 * `layer.run` per call), and the peers (TF.js wasm and cpu, ONNX Runtime Web; bench/peers/),
 * single-threaded, on the same data, measured with tinybench in R rounds. `--threads 1,2` adds
 * the simd builds and ort-web (in a child process) at each count, the preallocated and resident
 * layer rows, and a threads table (docs/benchmark.md#a-threads-run).
 *
 * - Every call is end to end, as a user sees it: a JS Float32Array in, a new one out. Weights
 *   are prepared once per shape and round (packing, upload, session), outside the timing; that
 *   cost is the row's setup time. ONNX Runtime's run is async and is awaited inside the timing.
 * - Layouts: the TF.js peers are fed NHWC, their native layout, and are compared with simdconv's
 *   prepacked layer run in NHWC too; ONNX Runtime and the other rows run NCHW. No transpose is
 *   timed: the NHWC input is made once per shape, before any timing.
 * - Before a contender is timed on a shape, its output is checked against the reference
 *   (the tolerance of docs/architecture.md#tolerance); a mismatch aborts the run: a wrong simdconv or a wrong peer adapter
 *   is reported, never timed. The reference output is computed once per shape. The last output
 *   of every timed block is checked again (a pass over the output, nothing next to the conv).
 * - Each round times every shape on every contender; the table pools all rounds' samples
 *   (median, p25–p75, min–max, GFLOPS and ratios from the medians) and shows how far the
 *   per-round medians drift apart. Within a shape the contenders take turns being first from
 *   one round to the next, so a slow start or a neighbour's burst does not always land on the
 *   same one. CPU time over wall time of each timed block shows that everything ran on one
 *   thread (≈ 1; a little above from V8's own background threads: GC, JIT).
 * - Progress goes to stderr, the markdown tables to stdout (so `> table.md` stays clean), and
 *   bench/results/latest.json and latest.svg get every number and the chart.
 *
 * `runBenchmark` and `formatTable` are exported for `npm start`'s short run (bench/demo.ts).
 */
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { nchwToNhwc } from '../src/index.js';
import { parseBenchArgs, UnsupportedBackendError, USAGE, type BenchSettings, type SuiteName } from './args.js';
import { BASELINE, createBackends, THREADED_BACKENDS, type Backend, type BackendName } from './backends.js';
import { formatColdStart, measureColdStart, type ColdStartReport } from './cold-start.js';
import { checkOutput, describeFailure, expectedNhwc, expectedOutput, type Expected } from './check.js';
import { createContenders, createMobileContenders, type CaseInputs, type Contender, type ContenderKind } from './contenders.js';
import { machineInfo, type MachineInfo } from './machine.js';
import { markdownTable } from './markdown.js';
import { formatMobileTable, mobileNotes, mobileSummary } from './mobile-table.js';
import { convCase, createPeers, osThreads, type Layout, type PeerName } from './peers/index.js';
import { OrtWebProcess } from './peers/ort-web-process.js';
import { geomean, median, quantile } from './stats.js';
import { describeCase, makeCaseData, type SuiteCase } from './suite.js';
import { barChartSvg } from './svg.js';
import { threadsSummary, type ThreadsSummary } from './thread-scaling.js';
import { formatThreadsTable, threadsNotes } from './threads-table.js';
import { timeTask } from './time-task.js';

export interface Row {
  readonly shape: string;
  readonly layer: string;
  readonly description: string;
  /** The contender's label: `js`, `simd`, `simd prepacked`, `relaxed-simd prepacked nhwc`, `tfjs-wasm` … */
  readonly backend: string;
  readonly kind: ContenderKind;
  readonly layout: Layout;
  /** simdconv rows: the backend. */
  readonly build?: BackendName;
  /** Threads of the row's engine or peer (1 unless `--threads`). */
  readonly threads: number;
  /** Peer rows: which peer. */
  readonly peer?: PeerName;
  /** How the case was run when the contender has no native op for it. */
  readonly emulation?: string;
  readonly flops: number;
  /** All rounds' samples pooled. */
  readonly samples: number;
  readonly medianMs: number;
  readonly p25Ms: number;
  readonly p75Ms: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** From the median. */
  readonly gflops: number;
  /** The js median over this row's median, both from this run; undefined without a js row. */
  readonly speedup: number | undefined;
  /** Median over the rounds of the preparation (packing, upload, session), ms; one-shot: none. */
  readonly setupMs: number | undefined;
  /** Process CPU time over wall time during the timed blocks (all rounds): ≈ 1 on one thread. */
  readonly cpuPerWall: number;
  /** The median of each round's samples, in round order. */
  readonly roundMediansMs: readonly number[];
  /** Max / min − 1 of the round medians, in %; undefined with one round. */
  readonly roundSpreadPct: number | undefined;
  /** Checked rows: the largest |y − ref| / tolerance seen by the checks (< 1 passed). */
  readonly worstErrorRatio: number | undefined;
}

export interface Geomean {
  readonly backend: string;
  readonly kind: ContenderKind;
  readonly shapes: number;
  readonly gflops: number;
  /** Geometric mean of the per-shape `× js` ratios; undefined without js rows. */
  readonly speedup: number | undefined;
}

/** One simdconv build against the best peer on one shape. */
export interface Comparison {
  readonly shape: string;
  /** The simdconv build compared (each SIMD build gets its own table). */
  readonly build: BackendName;
  /** simdconv prepacked medians of that build per layout (undefined: not measured). */
  readonly simdconvMs: { readonly nchw: number | undefined; readonly nhwc: number | undefined };
  /** The peer with the shortest median on this shape, whatever its layout. */
  readonly bestPeer: PeerName;
  readonly bestPeerMs: number;
  readonly bestPeerLayout: Layout;
  /**
   * Best peer median / simdconv prepacked median in the suite's layout, NCHW (> 1: simdconv
   * faster): each library in the layout it is given the data in — TF.js its native NHWC.
   */
  readonly ratio: number | undefined;
  /** Best peer median / simdconv prepacked median in the best peer's own layout. */
  readonly ratioSameLayout: number | undefined;
}

/** The geometric means of one build's comparisons (undefined where a shape lacks a ratio). */
export interface ComparisonSummary {
  readonly build: BackendName;
  readonly ratio: number | undefined;
  readonly ratioSameLayout: number | undefined;
}

export interface PeerReport {
  readonly name: PeerName;
  readonly version: string;
  readonly layout: Layout;
  /** How it is configured, with the evidence for its thread count. */
  readonly setup: string;
}

export interface BenchReport {
  readonly machine: MachineInfo;
  /** V8 and Node flags of this process (the relaxed-simd flag on Node < 22). */
  readonly nodeFlags: readonly string[];
  readonly settings: {
    /** The list of layers (`--suite`): standard A–K, mobile M1… or filters P1… */
    readonly suite: SuiteName;
    readonly shapes: readonly string[];
    readonly backends: readonly BackendName[];
    readonly peers: readonly PeerName[];
    readonly prepacked: boolean;
    /** The prepacked layers' `algorithm` where Winograd applies. */
    readonly algorithm: string;
    readonly rounds: number;
    readonly timePerTaskAndRoundMs: number;
    readonly minSamplesPerRound: { readonly js: number; readonly wasm: number };
    readonly quick: boolean;
    readonly notMeasured: readonly { readonly name: string; readonly reason: string }[];
    /** `--threads`: the thread counts measured; absent in a one-thread run. */
    readonly threads?: readonly number[];
  };
  readonly peers: readonly PeerReport[];
  /** OS threads of the process (Linux): before the peers were loaded, after, and at the end. */
  readonly osThreads: { readonly beforePeers: number | undefined; readonly afterPeers: number | undefined; readonly atEnd: number | undefined };
  readonly durationSeconds: number;
  readonly rows: readonly Row[];
  readonly geomeans: readonly Geomean[];
  /** Per shape, when peers ran and simdconv has a wasm build in the run. */
  /** Per SIMD build with prepacked rows (or the fastest build's one-shot rows), per shape. */
  readonly comparisons: readonly Comparison[];
  /** Per build: the geometric means of the comparisons' ratios. */
  readonly comparisonSummaries: readonly ComparisonSummary[];
  /** From a fresh process's `import` to the first conv result, when measured. */
  readonly coldStart?: ColdStartReport;
  /** `--threads` runs: per threaded build, medians, scaling and peer ratios per shape and T. */
  readonly threadsSummaries?: readonly ThreadsSummary[];
}

/** An output disagreed with the reference: the run is void. */
export class CheckFailedError extends Error {
  override name = 'CheckFailedError';
}

export type Log = (line: string) => void;
const stderrLog: Log = (line) => process.stderr.write(`${line}\n`);

// Below 0.1 ms two significant figures: a mobile squeeze-excite call takes ~10 µs, which toFixed(2) shows as 0.01.
export const ms = (t: number) => (t >= 100 ? t.toFixed(0) : t >= 10 ? t.toFixed(1) : t >= 0.1 ? t.toFixed(2) : t.toPrecision(2));
const mss = (seconds: number) => `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;
const clock = (seconds: number) => (seconds < 60 ? `${seconds.toFixed(1)} s` : `${mss(seconds)} min`);

/** Checks an output; throws CheckFailedError naming shape, contender and first bad index. */
function verify(c: SuiteCase, contender: Contender, data: Float32Array, expected: Expected, when: string): number {
  const result = checkOutput({ data, shape: expected.output.shape }, expected);
  if (result.bad > 0) {
    const what = contender.kind === 'peer' ? `peer '${contender.name}' (its adapter or the library is wrong)` : `'${contender.name}'`;
    throw new CheckFailedError(
      `check failed ${when}: shape ${c.id} (${c.name}, ${describeCase(c)}) on ${what} ` +
        `does not match the js reference within |y − ref| ≤ 1e-5·Σ|x·w| + 1e-6: ${describeFailure(result)}`,
    );
  }
  return result.worstRatio;
}

/** Per shape, what every contender shares: the data in both layouts and the expected outputs. */
interface ShapeState extends CaseInputs {
  readonly expected: { readonly nchw: Expected; readonly nhwc: Expected } | undefined;
}

/**
 * Runs the benchmark: `settings.rounds` rounds of every shape on every contender. Throws
 * CheckFailedError if an output is wrong. Writes nothing; see {@link writeResults}.
 */
export async function runBenchmark(settings: BenchSettings, log: Log = stderrLog): Promise<BenchReport> {
  const machine = machineInfo();
  // Before anything else loads, so the child processes have the machine to themselves.
  let coldStart: ColdStartReport | undefined;
  if (settings.coldStartRuns > 0) {
    log(`cold start: ${settings.coldStartRuns} fresh processes, import → first conv…`);
    coldStart = measureColdStart(settings.coldStartRuns);
    log(`cold start: median ${coldStart.totalMs.median.toFixed(1)} ms (p25–p75 ${coldStart.totalMs.p25.toFixed(1)}–${coldStart.totalMs.p75.toFixed(1)})`);
  }
  const backends = createBackends(settings.backends);
  const beforePeers = osThreads();
  const peers = await createPeers(settings.peers);
  const afterPeers = osThreads();
  const more = (settings.threads ?? []).filter((t) => t > 1);
  const notMeasured = [...settings.unavailable, ...threadsNotMeasured(settings, more)];
  const threadedBackends: Backend[] = [];
  const remotePeers: OrtWebProcess[] = [];
  try {
    for (const t of more) threadedBackends.push(...createBackends(settings.backends.filter((b) => THREADED_BACKENDS.includes(b)), t));
    if (settings.peers.includes('ort-web')) for (const t of more) remotePeers.push(await OrtWebProcess.start(t, log));
    const threaded = settings.threads === undefined ? undefined : { backends: threadedBackends, remotePeers };
    return await measure(settings, log, { machine, coldStart, backends, peers, beforePeers, afterPeers, notMeasured, threaded, remotePeers });
  } finally {
    for (const p of remotePeers) await p.close();
    for (const b of threadedBackends) b.engine.dispose();
  }
}

/** What a `--threads` run leaves out at T > 1, and why. */
function threadsNotMeasured(settings: BenchSettings, more: readonly number[]): { name: string; reason: string }[] {
  if (more.length === 0) return [];
  const at = more.map((t) => `${t}T`).join(', ');
  const notes: { name: string; reason: string }[] = [];
  for (const b of settings.backends.filter((name) => !THREADED_BACKENDS.includes(name))) notes.push({ name: `${b} at ${at}`, reason: `the '${b}' backend has no threaded build` });
  if (settings.peers.includes('tfjs-wasm')) {
    notes.push({
      name: `tfjs-wasm at ${at}`,
      reason: "its threaded build cannot start in Node: it creates its workers from blob: URLs, which Node's worker_threads refuse (ERR_WORKER_PATH; tested with WASM_HAS_MULTITHREAD_SUPPORT forced on, tfjs-backend-wasm 4.22.0)",
    });
  }
  if (settings.peers.includes('tfjs-cpu')) notes.push({ name: `tfjs-cpu at ${at}`, reason: 'the cpu backend has no threads' });
  return notes;
}

interface Prepared {
  readonly machine: MachineInfo;
  readonly coldStart: ColdStartReport | undefined;
  readonly backends: readonly Backend[];
  readonly peers: Awaited<ReturnType<typeof createPeers>>;
  readonly beforePeers: number | undefined;
  readonly afterPeers: number | undefined;
  readonly notMeasured: readonly { readonly name: string; readonly reason: string }[];
  readonly threaded: Parameters<typeof createContenders>[4];
  readonly remotePeers: readonly OrtWebProcess[];
}

async function measure(settings: BenchSettings, log: Log, prepared: Prepared): Promise<BenchReport> {
  const { machine, coldStart, backends, peers, beforePeers, afterPeers, notMeasured, remotePeers } = prepared;
  const { cases, rounds } = settings;
  const contenders =
    settings.suite === 'mobile'
      ? createMobileContenders(backends, peers, settings.algorithm)
      : createContenders(backends, peers, settings.prepacked, settings.algorithm, prepared.threaded);
  const floor = `≥ ${settings.minSamples.js} (js, tfjs-cpu) / ${settings.minSamples.wasm} (others) samples`;
  log(
    `simdconv bench: ${cases.length} shape(s) × ${contenders.length} contender(s) (${contenders.map((b) => b.name).join(', ')}) × ${rounds} round(s); ` +
      `per task and round ${floor} and ≥ ${settings.time} ms${settings.quick ? ' (quick)' : ''}`,
  );
  log(`${machine.cpu} ×${machine.cores}, Node ${machine.node}${process.execArgv.length > 0 ? ` ${process.execArgv.join(' ')}` : ''}, ${machine.os}`);
  for (const p of peers) log(`peer ${p.name}: ${p.version}; ${p.setup}`);
  for (const p of remotePeers) log(`peer ort-web ${p.threads}T: ${p.version}; ${p.setup}`);
  if (peers.length > 0 && beforePeers !== undefined) log(`OS threads of this process: ${beforePeers} before the peers were loaded, ${afterPeers} after`);
  for (const { name, reason } of notMeasured) log(`not measured: ${name}: ${reason}`);

  const started = performance.now();
  const elapsed = () => mss((performance.now() - started) / 1000);
  const states = new Map<string, ShapeState>(); // built once, shared by every contender and round
  const samples = new Map<string, number[][]>(); // `${shape} ${contender}` → one array per round
  const setups = new Map<string, number[]>();
  const cpu = new Map<string, { cpuMs: number; wallMs: number }>();
  const worst = new Map<string, number>();
  const warm = new Set<string>();
  const emulations = new Map<string, string>();
  const total = cases.length * contenders.length * rounds;
  const needsReference = contenders.some((k) => !k.isReference);
  let step = 0;

  for (let round = 0; round < rounds; round++) {
    for (const c of cases) {
      let state = states.get(c.id);
      if (state === undefined) {
        const data = makeCaseData(c);
        let expected: ShapeState['expected'];
        if (needsReference) {
          log(`[${elapsed()}] ${c.id}: reference output and tolerances for the check (2 js calls, ${(data.flops / 1e6).toFixed(0)} MFLOP each) …`);
          const nchw = expectedOutput(data.input, data.filter, data.options);
          expected = { nchw, nhwc: expectedNhwc(nchw) };
          warm.add(`${c.id} ${BASELINE}`); // the reference is the js backend's code: its JIT is warm now
        }
        state = { data, conv: convCase(data.input, data.filter, data.options), nhwcInput: nchwToNhwc(data.input), expected };
        states.set(c.id, state);
      }
      // Round r starts with the r-th contender: each gets its turn at going first.
      const turn = contenders.map((_, i) => contenders[(i + round) % contenders.length]!);
      for (const contender of turn) {
        const key = `${c.id} ${contender.name}`;
        step++;
        const tag = `[${elapsed()}] round ${round + 1}/${rounds} [${step}/${total}] ${c.id} ${contender.name}`;
        const emulation = contender.emulation(state.conv);
        if (emulation !== undefined) emulations.set(key, emulation);
        const task = await contender.prepare(state);
        try {
          if (task.setupMs !== undefined) setups.set(key, [...(setups.get(key) ?? []), task.setupMs]);
          const expected = state.expected?.[contender.layout];
          if (!contender.isReference && !warm.has(key)) {
            // First call of this contender on this shape: check it before any timing.
            const ratio = verify(c, contender, await task.run(), expected!, 'before timing');
            worst.set(key, ratio);
            warm.add(key);
            log(`${tag}: output matches the js reference (worst element at ${(ratio * 100).toFixed(1)}% of the tolerance)${emulation ? `; emulated: ${emulation}` : ''}`);
          }
          // Fast ones warm up every round (one call); the slow ones once per process.
          const timing = { time: settings.time, iterations: contender.slow ? settings.minSamples.js : settings.minSamples.wasm, warmup: !contender.slow || !warm.has(key) };
          const got = task.measure === undefined ? await timeTask(key, task, timing) : await task.measure(timing);
          warm.add(key);
          if (!contender.isReference) {
            worst.set(key, Math.max(worst.get(key)!, verify(c, contender, got.last, expected!, `on the last timed call of round ${round + 1}`)));
          }
          const list = samples.get(key) ?? [];
          list.push(got.samples);
          samples.set(key, list);
          const used = cpu.get(key) ?? { cpuMs: 0, wallMs: 0 };
          cpu.set(key, { cpuMs: used.cpuMs + got.cpuMs, wallMs: used.wallMs + got.wallMs });
          const med = median(got.samples);
          log(
            `${tag}: median ${ms(med)} ms (${ms(Math.min(...got.samples))}–${ms(Math.max(...got.samples))}), ` +
              `${(state.data.flops / (med * 1e6)).toFixed(2)} GFLOPS, ${got.samples.length} samples` +
              `${task.setupMs === undefined ? '' : `, setup ${ms(task.setupMs)} ms`}, CPU/wall ${(got.cpuMs / got.wallMs).toFixed(2)}`,
          );
        } finally {
          await task.dispose();
        }
      }
    }
  }
  const durationSeconds = (performance.now() - started) / 1000;
  const atEnd = osThreads();
  log(`done in ${clock(durationSeconds)}`);

  // Pool the rounds; ratios against js and between simdconv and the peers from the same run.
  const wasmBuilds = backends.filter((b) => b.name !== BASELINE);
  const fastest = wasmBuilds[wasmBuilds.length - 1]?.name;
  /** The simdconv row of `build` a peer in `layout` is compared with: prepacked (else one-shot, NCHW). */
  const simdconvFor = (layout: Layout, build: BackendName | undefined) =>
    contenders.find((k) => k.kind === 'prepacked' && k.build === build && k.layout === layout && k.threads === 1) ??
    (settings.prepacked || layout !== 'nchw' ? undefined : contenders.find((k) => k.kind === 'one-shot' && k.build === build && k.threads === 1));
  /** The builds compared with the peers: every SIMD build with prepacked rows, else the fastest. */
  const compared = settings.prepacked ? wasmBuilds.map((b) => b.name).filter((b) => b !== 'scalar') : fastest === undefined ? [] : [fastest];
  const rows: Row[] = [];
  const comparisons: Comparison[] = [];
  for (const c of cases) {
    const d = states.get(c.id)!.data;
    const pooledMedian = (name: string | undefined) => {
      const rs = name === undefined ? undefined : samples.get(`${c.id} ${name}`);
      return rs === undefined ? undefined : median(rs.flat());
    };
    const base = pooledMedian(BASELINE);
    for (const contender of contenders) {
      const key = `${c.id} ${contender.name}`;
      const perRound = samples.get(key)!;
      const all = perRound.flat().sort((a, b) => a - b);
      const med = quantile(all, 0.5);
      const roundMedians = perRound.map((s) => median(s));
      const setup = setups.get(key);
      const used = cpu.get(key)!;
      const emulation = emulations.get(key);
      rows.push({
        shape: c.id,
        layer: c.name,
        description: describeCase(c),
        backend: contender.name,
        kind: contender.kind,
        layout: contender.layout,
        ...(contender.build === undefined ? {} : { build: contender.build }),
        threads: contender.threads,
        ...(contender.peer === undefined ? {} : { peer: contender.peer }),
        ...(emulation === undefined ? {} : { emulation }),
        flops: d.flops,
        samples: all.length,
        medianMs: med,
        p25Ms: quantile(all, 0.25),
        p75Ms: quantile(all, 0.75),
        minMs: all[0]!,
        maxMs: all[all.length - 1]!,
        gflops: d.flops / (med * 1e6),
        speedup: base === undefined ? undefined : base / med,
        setupMs: setup === undefined ? undefined : median(setup),
        cpuPerWall: used.cpuMs / used.wallMs,
        roundMediansMs: roundMedians,
        roundSpreadPct: roundMedians.length < 2 ? undefined : (Math.max(...roundMedians) / Math.min(...roundMedians) - 1) * 100,
        worstErrorRatio: worst.get(key),
      });
    }
    const peerRows = rows.filter((r) => r.shape === c.id && r.kind === 'peer' && r.threads === 1);
    const best = peerRows.length === 0 ? undefined : peerRows.reduce((a, b) => (b.medianMs < a.medianMs ? b : a));
    for (const build of best === undefined ? [] : compared) {
      const nchw = pooledMedian(simdconvFor('nchw', build)?.name);
      const nhwc = pooledMedian(simdconvFor('nhwc', build)?.name);
      const own = best!.layout === 'nhwc' ? nhwc : nchw;
      comparisons.push({
        shape: c.id,
        build,
        simdconvMs: { nchw, nhwc },
        bestPeer: best!.peer!,
        bestPeerMs: best!.medianMs,
        bestPeerLayout: best!.layout,
        ratio: nchw === undefined ? undefined : best!.medianMs / nchw,
        ratioSameLayout: own === undefined ? undefined : best!.medianMs / own,
      });
    }
  }
  const geomeans = contenders.map((k): Geomean => {
    const own = rows.filter((r) => r.backend === k.name);
    const ratios = own.map((r) => r.speedup).filter((s): s is number => s !== undefined);
    return {
      backend: k.name,
      kind: k.kind,
      shapes: own.length,
      gflops: geomean(own.map((r) => r.gflops)),
      speedup: ratios.length === own.length && ratios.length > 0 ? geomean(ratios) : undefined,
    };
  });
  const summaryOf = (build: BackendName): ComparisonSummary => {
    const mine = comparisons.filter((x) => x.build === build);
    const mean = (values: (number | undefined)[]) => (values.length > 0 && values.every((v) => v !== undefined) ? geomean(values as number[]) : undefined);
    return { build, ratio: mean(mine.map((x) => x.ratio)), ratioSameLayout: mean(mine.map((x) => x.ratioSameLayout)) };
  };
  return {
    machine,
    nodeFlags: process.execArgv,
    settings: {
      suite: settings.suite,
      shapes: cases.map((c) => c.id),
      backends: backends.map((b) => b.name),
      peers: peers.map((p) => p.name),
      prepacked: settings.prepacked,
      algorithm: settings.algorithm ?? 'auto',
      rounds,
      timePerTaskAndRoundMs: settings.time,
      minSamplesPerRound: settings.minSamples,
      quick: settings.quick,
      notMeasured,
      ...(settings.threads === undefined ? {} : { threads: settings.threads }),
    },
    peers: peers.map((p) => ({ name: p.name, version: p.version, layout: p.layout, setup: p.setup })),
    osThreads: { beforePeers, afterPeers, atEnd },
    durationSeconds,
    rows,
    geomeans,
    comparisons,
    comparisonSummaries: compared.filter((b) => comparisons.some((x) => x.build === b)).map(summaryOf),
    ...(coldStart === undefined ? {} : { coldStart }),
    ...(settings.threads === undefined
      ? {}
      : { threadsSummaries: backends.filter((b) => THREADED_BACKENDS.includes(b.name)).map((b) => threadsSummary(rows, b.name, settings.threads!, peers.map((p) => p.name))) }),
  };
}

const pct = (v: number | undefined) => (v === undefined ? '—' : `${v < 10 ? v.toFixed(1) : v.toFixed(0)}%`);
const times = (v: number | undefined) => (v === undefined ? '—' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const gf = (v: number) => v.toFixed(v >= 10 ? 1 : v >= 1 ? 2 : 3);
const optMs = (v: number | undefined) => (v === undefined ? '—' : ms(v));

/** Footnote marks for emulated cases, in order of first appearance. */
const MARKS = ['†', '‡', '§', '¶'];

function emulationNotes(report: BenchReport): Map<string, string> {
  const notes = new Map<string, string>(); // emulation text → mark
  for (const r of report.rows) {
    if (r.emulation !== undefined && !notes.has(r.emulation)) notes.set(r.emulation, MARKS[notes.size % MARKS.length]!.repeat(1 + Math.floor(notes.size / MARKS.length)));
  }
  return notes;
}

/**
 * The markdown table: one row per shape × contender, then a geometric-mean row per contender.
 * Emulated cases carry a mark, explained by {@link formatReport}.
 */
export function formatTable(report: BenchReport): string {
  const marks = emulationNotes(report);
  const withSetup = report.rows.some((r) => r.setupMs !== undefined);
  const header = ['', 'layer', 'shape (NCHW ⋆ OIHW)', 'MFLOP', 'implementation', 'layout', 'median ms', 'p25–p75 ms', 'min–max ms', 'GFLOPS', `× ${BASELINE}`];
  if (withSetup) header.push('setup ms');
  header.push('CPU/wall', 'round spread', 'samples');
  const body = report.rows.map((r) => {
    const cells = [
      r.shape,
      r.layer,
      r.description,
      (r.flops / 1e6).toFixed(1),
      r.emulation === undefined ? r.backend : `${r.backend} ${marks.get(r.emulation)}`,
      r.layout.toUpperCase(),
      ms(r.medianMs),
      `${ms(r.p25Ms)}–${ms(r.p75Ms)}`,
      `${ms(r.minMs)}–${ms(r.maxMs)}`,
      gf(r.gflops),
      times(r.speedup),
    ];
    if (withSetup) cells.push(optMs(r.setupMs));
    cells.push(r.cpuPerWall.toFixed(2), pct(r.roundSpreadPct), String(r.samples));
    return cells;
  });
  for (const g of report.geomeans) {
    const layout = report.rows.find((r) => r.backend === g.backend)?.layout.toUpperCase() ?? '';
    const cells = ['', '**geometric mean**', `${g.shapes} shape${g.shapes === 1 ? '' : 's'}`, '', g.backend, layout, '', '', '', gf(g.gflops), times(g.speedup)];
    if (withSetup) cells.push('');
    cells.push('', '', '');
    body.push(cells);
  }
  const right = header.map((_, i) => i === 3 || i >= 6);
  return markdownTable(header, body, right);
}

/**
 * One simdconv build against the peers, one row per shape: its one-shot and prepacked (NCHW,
 * NHWC) medians, each peer's median and quartiles, the best peer, and the best peer's median
 * over simdconv's — in the suite's layout (NCHW) and in the best peer's own. Empty without peers.
 */
export function formatComparison(report: BenchReport, build: BackendName): string {
  const comparisons = report.comparisons.filter((x) => x.build === build);
  if (comparisons.length === 0) return '';
  const peers = report.peers.map((p) => p.name);
  const cell = (shape: string, name: string) => report.rows.find((r) => r.shape === shape && r.backend === name);
  const medianCell = (shape: string, name: string, quartiles: boolean) => {
    const r = cell(shape, name);
    if (r === undefined) return '—';
    return quartiles ? `${ms(r.medianMs)} (${ms(r.p25Ms)}–${ms(r.p75Ms)})` : ms(r.medianMs);
  };
  const simdconvCols = [build, `${build} prepacked`, `${build} prepacked nhwc`].filter((name) => report.rows.some((r) => r.backend === name));
  const label = (name: string) => (name === build ? `simdconv ${build} one-shot ms` : `simdconv ${name.slice(build.length + 1)} ms`);
  const header = [
    '', 'layer', ...simdconvCols.map(label), ...report.peers.map((p) => `${p.name} (${p.layout.toUpperCase()}) ms, p25–p75`),
    'best peer', '× best peer (NCHW)', '× best peer (its layout)',
  ];
  const marks = emulationNotes(report);
  const body = comparisons.map((x) => {
    const layer = report.rows.find((r) => r.shape === x.shape)!.layer;
    return [
      x.shape,
      layer,
      ...simdconvCols.map((name) => medianCell(x.shape, name, false)),
      ...peers.map((p) => {
        const text = medianCell(x.shape, p, true);
        const e = cell(x.shape, p)?.emulation;
        return e === undefined ? text : `${marks.get(e)} ${text}`;
      }),
      x.bestPeer,
      times(x.ratio),
      times(x.ratioSameLayout),
    ];
  });
  const gm = (name: string) => {
    const g = report.geomeans.find((e) => e.backend === name);
    return g === undefined ? '—' : `${gf(g.gflops)} GFLOPS`;
  };
  const summary = report.comparisonSummaries.find((x) => x.build === build);
  body.push(['', '**geometric mean**', ...simdconvCols.map(gm), ...peers.map(gm), '', times(summary?.ratio), times(summary?.ratioSameLayout)]);
  const right = header.map((_, i) => i >= 2 && i !== header.length - 3);
  return markdownTable(header, body, right);
}

/** Heading, machine, settings, tables and how to read them: what stdout gets. */
export function formatReport(report: BenchReport, heading?: string): string {
  const { machine, settings } = report;
  const mobile = settings.suite === 'mobile';
  heading ??= mobile ? '## simdconv conv2d benchmark: the mobile suite, against the peers' : '## simdconv conv2d benchmark: WebAssembly vs JavaScript and peers';
  const flags = report.nodeFlags.length > 0 ? ` (${report.nodeFlags.join(' ')})` : '';
  const lines = [
    heading,
    '',
    `${machine.cpu} (${machine.cores} cores), Node ${machine.node}${flags}, ${machine.os}, ${machine.date}${settings.quick ? ' — quick run, indicative only' : ''}.`,
    `${settings.rounds} round${settings.rounds === 1 ? '' : 's'}; per shape, contender and round ≥ ${settings.timePerTaskAndRoundMs} ms and ` +
      `≥ ${settings.minSamplesPerRound.js} (js, tfjs-cpu) / ${settings.minSamplesPerRound.wasm} (others) samples; ${clock(report.durationSeconds)} in all. ` +
      `Every output was checked against the js reference before timing. ` +
      (settings.threads === undefined
        ? 'Single thread throughout.'
        : `Threads: ${settings.threads.join(', ')}; rows at T > 1 threads are suffixed \`${settings.threads.at(-1)}T\` etc., and every other row runs on one thread.`),
  ];
  if (report.peers.length > 0) {
    lines.push('', 'Peers:');
    for (const p of report.peers) lines.push(`- **${p.name}**: ${p.version}; ${p.setup}.`);
    const t = report.osThreads;
    if (t.beforePeers !== undefined) {
      const workers = settings.threads?.some((n) => n > 1) ? " in this process; simdconv's threaded engines add their workers after that" : '';
      lines.push(`- OS threads of the process: ${t.beforePeers} before the peers were loaded, ${t.afterPeers ?? '?'} after, ${t.atEnd ?? '?'} at the end (Node's own V8 and libuv threads included; no peer started workers${workers}).`);
    }
  }
  if (settings.algorithm !== 'auto') {
    lines.push('', `Prepacked layers run with \`algorithm: '${settings.algorithm}'\` on the dense 3×3 stride-1 shapes (B, C, H: where Winograd applies); every other shape with the default.`);
  }
  // Mobile: a table per SIMD build (scalar only when it is the only one), with or without peers.
  const wasmBuilds = settings.backends.filter((b) => b !== BASELINE);
  const simdBuilds = wasmBuilds.filter((b) => b !== 'scalar');
  for (const build of mobile ? (simdBuilds.length > 0 ? simdBuilds : wasmBuilds) : []) {
    const s = mobileSummary(report.rows, build, settings.shapes, report.peers);
    lines.push('', `### The mobile suite: simdconv (${build}) and the peers`, '', formatMobileTable(s), '', mobileNotes(s));
  }
  for (const { build } of mobile ? [] : report.comparisonSummaries) {
    const what = report.settings.prepacked ? 'prepacked' : 'one-shot';
    lines.push(
      '',
      `### simdconv (${build}) and the peers`,
      '',
      formatComparison(report, build),
      '',
      `× best peer = the fastest peer's median / simdconv ${build} ${what}'s median (> 1: simdconv is faster): ` +
        `"NCHW" against simdconv in the suite's layout, each library in the layout it is given the data in (TF.js: its native NHWC); ` +
        `"its layout" against simdconv in the best peer's layout (NHWC for TF.js, NCHW for ONNX Runtime). ` +
        `No transpose is timed: the NHWC input is made once per shape before timing. Geometric-mean row: GFLOPS per column, and the ratios' geometric means.`,
    );
  }
  for (const summary of report.threadsSummaries ?? []) {
    lines.push('', `### Threads: simdconv (${summary.build}) at ${summary.threads.join(', ')} threads and the peers`, '', formatThreadsTable(summary), '', threadsNotes(summary));
  }
  if (report.coldStart !== undefined) lines.push('', formatColdStart(report.coldStart));
  lines.push('', '### Every contender', '', formatTable(report), '');
  lines.push(
    `Median, quartiles and extremes over all rounds' samples. GFLOPS = 2·N·Cout·Hout·Wout·(Cin/groups)·kH·kW / median: the direct ` +
      `convolution's FLOPs, so a fast algorithm that does fewer (Winograd, on dense 3×3 stride-1 layers) shows an effective figure that can exceed the machine's peak. ` +
      `× ${BASELINE} = js median / this median, same run. One-shot = \`engine.conv2d\` (validation, filter packing, copies every call); ` +
      `prepacked = \`engine.createConv2d\` once (setup ms: packing the filter and bias), then \`layer.run\` per call; ` +
      `peers: setup ms = converting and uploading the weights or building the ONNX Runtime session. ` +
      `CPU/wall = process CPU time / wall time while timing: 1 = one busy thread (V8's GC and JIT threads add a little; below 1, the process waited for a CPU: a busy shared machine). ` +
      `Round spread = slowest / fastest per-round median − 1.` +
      (settings.threads === undefined ? '' : ' Rows at T threads: CPU/wall up to T when every thread had a core (ort-web at T > 1: its child process\'s).'),
  );
  for (const [text, mark] of emulationNotes(report)) {
    const where = [...new Set(report.rows.filter((r) => r.emulation === text).map((r) => `${r.shape} ${r.backend}`))].join(', ');
    lines.push(`${mark} Emulated (${where}): ${text}; the call's time includes it.`);
  }
  for (const { name, reason } of settings.notMeasured) lines.push(`Not measured: ${name} (${reason}).`);
  return lines.join('\n');
}

/**
 * The rows the chart shows: one-shot on every backend, the fastest build's prepacked rows, the
 * plain simd build's prepacked NCHW row (the default build everywhere), the peers; one thread
 * only (a `--threads` run's other rows are in its table).
 */
export function chartRows(report: BenchReport): Row[] {
  const build = report.settings.backends.filter((b) => b !== BASELINE).at(-1);
  const shown = (r: Row) => r.threads === 1 && (r.kind === 'one-shot' || r.kind === 'peer' || (r.kind === 'prepacked' && (r.build === build || (r.build === 'simd' && r.layout === 'nchw'))));
  return report.rows.filter(shown);
}

/** Writes bench/results/latest.json and latest.svg; returns their paths. */
export function writeResults(report: BenchReport, dir = new URL('./results/', import.meta.url)): string[] {
  mkdirSync(dir, { recursive: true });
  const json = new URL('latest.json', dir);
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  const svg = new URL('latest.svg', dir);
  const { machine, settings } = report;
  const shown = chartRows(report);
  const names = new Set(shown.map((r) => r.backend));
  writeFileSync(
    svg,
    barChartSvg(shown, {
      title: `simdconv conv2d: GFLOPS per layer shape${report.peers.length > 0 ? ', against TF.js and ONNX Runtime Web' : ' and backend'}`,
      subtitle:
        `${machine.cpu} ×${machine.cores}, Node ${machine.node}, ${machine.date.slice(0, 10)}; single thread; median over ${settings.rounds} round${settings.rounds === 1 ? '' : 's'}; ` +
        `geomean ${report.geomeans.filter((g) => names.has(g.backend)).map((g) => `${g.backend} ${g.gflops.toFixed(2)}`).join(', ')} GFLOPS`,
    }),
  );
  return [fileURLToPath(json), fileURLToPath(svg)];
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  // The transposed-convolution, 3-D and int8 suites have their own rows and peers' ops (bench/layer-suite.ts, bench/int8-suite.ts).
  const named = (suite: string) => argv.some((a, i) => a === `--suite=${suite}` || (a === suite && argv[i - 1] === '--suite'));
  if (named('convT')) {
    await (await import('./convt.js')).runConvTSuite(argv);
    return;
  }
  if (named('conv3d')) {
    await (await import('./conv3d-suite.js')).runConv3dSuite(argv);
    return;
  }
  if (named('int8')) {
    await (await import('./int8-suite.js')).runInt8Suite(argv);
    return;
  }
  let settings: BenchSettings | 'help';
  try {
    settings = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // A backend this Node cannot run: say why and how, no usage dump. A typo: the usage too.
    stderrLog(error instanceof UnsupportedBackendError ? message : `${message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (settings === 'help') {
    console.log(USAGE);
    return;
  }
  const report = await runBenchmark(settings);
  console.log(formatReport(report));
  for (const file of writeResults(report)) stderrLog(`wrote ${file}`);
}

/** Whether this file is the script node was started with (not imported, as by demo.ts). */
function isEntryPoint(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main().catch((error: unknown) => {
    // A failed check is an expected outcome with its own message; anything else gets a stack.
    stderrLog(error instanceof CheckFailedError ? `ABORTED: ${error.message}` : error instanceof Error && error.stack ? error.stack : String(error));
    process.exitCode = 1;
  });
}
