/**
 * `npm run bench`: the wasm-vs-JS benchmark. Every suite shape on every backend (the pure-JS
 * reference and each WebAssembly build this Node runs), measured with tinybench in R rounds.
 *
 * - Before a wasm backend is timed on a shape, its output is checked against the reference
 *   (DESIGN.md's tolerance); a mismatch aborts the run. The reference output is computed once
 *   per shape. The last output of every timed block is checked again (it costs a pass over the
 *   output, nothing next to the conv).
 * - Each round times every shape on every backend; the table pools all rounds' samples (median,
 *   p25–p75, min–max, GFLOPS and × js from the medians) and shows how far the per-round medians
 *   drift apart. Within a shape the backends take turns being first from one round to the next,
 *   so a slow start or a neighbour's burst does not always land on the same backend.
 * - Progress goes to stderr, the markdown table to stdout (so `> table.md` stays clean), and
 *   bench/results/latest.json and latest.svg get every number and the chart.
 *
 * `runBenchmark` and `formatReport` are exported for `npm start`'s short run (bench/demo.ts).
 */
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import type { Tensor } from '../src/index.js';
import { parseBenchArgs, UnsupportedBackendError, USAGE, type BenchSettings } from './args.js';
import { BASELINE, createBackends, type Backend, type BackendName } from './backends.js';
import { checkOutput, describeFailure, expectedOutput, type Expected } from './check.js';
import { machineInfo, type MachineInfo } from './machine.js';
import { markdownTable } from './markdown.js';
import { geomean, median, quantile } from './stats.js';
import { describeCase, makeCaseData, type CaseData, type SuiteCase } from './suite.js';
import { barChartSvg } from './svg.js';

export interface Row {
  readonly shape: string;
  readonly layer: string;
  readonly description: string;
  readonly backend: BackendName;
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
  /** The median of each round's samples, in round order. */
  readonly roundMediansMs: readonly number[];
  /** Max / min − 1 of the round medians, in %; undefined with one round. */
  readonly roundSpreadPct: number | undefined;
  /** wasm rows: the largest |y − ref| / tolerance seen by the checks (< 1 passed). */
  readonly worstErrorRatio: number | undefined;
}

export interface Geomean {
  readonly backend: BackendName;
  readonly shapes: number;
  readonly gflops: number;
  /** Geometric mean of the per-shape `× js` ratios; undefined without js rows. */
  readonly speedup: number | undefined;
}

export interface BenchReport {
  readonly machine: MachineInfo;
  /** V8 and Node flags of this process (the relaxed-simd flag on Node < 22). */
  readonly nodeFlags: readonly string[];
  readonly settings: {
    readonly shapes: readonly string[];
    readonly backends: readonly BackendName[];
    readonly rounds: number;
    readonly timePerTaskAndRoundMs: number;
    readonly minSamplesPerRound: { readonly js: number; readonly wasm: number };
    readonly quick: boolean;
    readonly notMeasured: readonly { readonly name: string; readonly reason: string }[];
  };
  readonly durationSeconds: number;
  readonly rows: readonly Row[];
  readonly geomeans: readonly Geomean[];
}

/** A wasm backend's output disagreed with the reference: the run is void. */
export class CheckFailedError extends Error {
  override name = 'CheckFailedError';
}

export type Log = (line: string) => void;
const stderrLog: Log = (line) => process.stderr.write(`${line}\n`);

export const ms = (t: number) => (t >= 100 ? t.toFixed(0) : t >= 10 ? t.toFixed(1) : t.toFixed(2));
const mss = (seconds: number) => `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;
const clock = (seconds: number) => (seconds < 60 ? `${seconds.toFixed(1)} s` : `${mss(seconds)} min`);

// Keeps every output reachable, so no engine can drop a call whose result is unused; the last
// output of each timed block is also checked.
let sink: Tensor | undefined;

/** One tinybench run of one shape on one backend: the samples, in ms. */
async function timeTask(c: SuiteCase, data: CaseData, backend: Backend, settings: BenchSettings, warmup: boolean): Promise<number[]> {
  const bench = new Bench({
    name: `${c.id} ${backend.name}`,
    time: settings.time,
    iterations: backend.name === 'js' ? settings.minSamples.js : settings.minSamples.wasm,
    warmup,
    warmupIterations: 1,
    warmupTime: 0,
    retainSamples: true,
    throws: true,
  });
  // async: false skips tinybench's detection call, which would be one more multi-second js run.
  bench.add(backend.name, () => {
    sink = backend.conv2d(data.input, data.filter, data.options);
  }, { async: false });
  await bench.run();
  const result = bench.tasks[0]!.result;
  if (result.state !== 'completed') throw new Error(`${c.id} on ${backend.name}: task ended ${result.state}`);
  return Array.from(result.latency.samples ?? []);
}

/** Checks a wasm output; throws CheckFailedError naming shape, backend and first bad index. */
function verify(c: SuiteCase, backend: Backend, y: Tensor, expected: Expected, when: string): number {
  const result = checkOutput(y, expected);
  if (result.bad > 0) {
    throw new CheckFailedError(
      `check failed ${when}: shape ${c.id} (${c.name}, ${describeCase(c)}) on backend '${backend.name}' ` +
        `does not match the js reference within |y − ref| ≤ 1e-5·Σ|x·w| + 1e-6: ${describeFailure(result)}`,
    );
  }
  return result.worstRatio;
}

/**
 * Runs the benchmark: `settings.rounds` rounds of every shape on every backend. Throws
 * CheckFailedError if a wasm backend's output is wrong. Writes nothing; see {@link writeResults}.
 */
export async function runBenchmark(settings: BenchSettings, log: Log = stderrLog): Promise<BenchReport> {
  const machine = machineInfo();
  const { cases, rounds } = settings;
  const backends = createBackends(settings.backends);
  const wasm = backends.filter((b) => b.name !== BASELINE);
  const floor = `≥ ${settings.minSamples.js} (js) / ${settings.minSamples.wasm} (wasm) samples`;
  log(
    `simdconv bench: ${cases.length} shape(s) × ${backends.length} backend(s) (${backends.map((b) => b.name).join(', ')}) × ${rounds} round(s); ` +
      `per task and round ${floor} and ≥ ${settings.time} ms${settings.quick ? ' (quick)' : ''}`,
  );
  log(`${machine.cpu} ×${machine.cores}, Node ${machine.node}${process.execArgv.length > 0 ? ` ${process.execArgv.join(' ')}` : ''}, ${machine.os}`);
  for (const { name, reason } of settings.unavailable) log(`not measured: ${name}: ${reason}`);

  const started = performance.now();
  const elapsed = () => mss((performance.now() - started) / 1000);
  const data = new Map<string, CaseData>(); // built once, shared by every backend and round
  const expected = new Map<string, Expected>(); // the reference output per shape, computed once
  const samples = new Map<string, number[][]>(); // `${shape} ${backend}` → one array per round
  const worst = new Map<string, number>();
  const warm = new Set<string>();
  const total = cases.length * backends.length * rounds;
  let step = 0;

  for (let round = 0; round < rounds; round++) {
    for (const c of cases) {
      let d = data.get(c.id);
      if (d === undefined) {
        d = makeCaseData(c);
        data.set(c.id, d);
      }
      let exp = expected.get(c.id);
      if (exp === undefined && wasm.length > 0) {
        log(`[${elapsed()}] ${c.id}: reference output and tolerances for the check (2 js calls, ${(d.flops / 1e6).toFixed(0)} MFLOP each) …`);
        exp = expectedOutput(d.input, d.filter, d.options);
        expected.set(c.id, exp);
        warm.add(`${c.id} js`); // the reference is the js backend's code: its JIT is warm now
      }
      // Round r starts with the r-th backend: each gets its turn at going first.
      const turn = backends.map((_, i) => backends[(i + round) % backends.length]!);
      for (const backend of turn) {
        const key = `${c.id} ${backend.name}`;
        step++;
        const tag = `[${elapsed()}] round ${round + 1}/${rounds} [${step}/${total}] ${c.id} ${backend.name}`;
        if (backend.name !== BASELINE && !warm.has(key)) {
          // First call of this backend on this shape: check it before any timing.
          const ratio = verify(c, backend, backend.conv2d(d.input, d.filter, d.options), exp!, 'before timing');
          worst.set(key, ratio);
          warm.add(key);
          log(`${tag}: output matches the js reference (worst element at ${(ratio * 100).toFixed(1)}% of the tolerance)`);
        }
        // wasm warms up every round (one call, ≤ 0.3 s); js once per process, its slow shapes cost seconds.
        const got = await timeTask(c, d, backend, settings, backend.name !== BASELINE || !warm.has(key));
        warm.add(key);
        if (backend.name !== BASELINE) {
          worst.set(key, Math.max(worst.get(key)!, verify(c, backend, sink!, exp!, `on the last timed call of round ${round + 1}`)));
        }
        const list = samples.get(key) ?? [];
        list.push(got);
        samples.set(key, list);
        const med = median(got);
        log(`${tag}: median ${ms(med)} ms (${ms(Math.min(...got))}–${ms(Math.max(...got))}), ${(d.flops / (med * 1e6)).toFixed(2)} GFLOPS, ${got.length} samples`);
      }
    }
  }
  const durationSeconds = (performance.now() - started) / 1000;
  log(`done in ${clock(durationSeconds)}`);

  // Pool the rounds; ratios against js from the same run.
  const rows: Row[] = [];
  for (const c of cases) {
    const d = data.get(c.id)!;
    const pooledMedian = (name: BackendName) => {
      const rs = samples.get(`${c.id} ${name}`);
      return rs === undefined ? undefined : median(rs.flat());
    };
    const base = pooledMedian(BASELINE);
    for (const backend of backends) {
      const perRound = samples.get(`${c.id} ${backend.name}`)!;
      const all = perRound.flat().sort((a, b) => a - b);
      const med = quantile(all, 0.5);
      const roundMedians = perRound.map((s) => median(s));
      rows.push({
        shape: c.id,
        layer: c.name,
        description: describeCase(c),
        backend: backend.name,
        flops: d.flops,
        samples: all.length,
        medianMs: med,
        p25Ms: quantile(all, 0.25),
        p75Ms: quantile(all, 0.75),
        minMs: all[0]!,
        maxMs: all[all.length - 1]!,
        gflops: d.flops / (med * 1e6),
        speedup: base === undefined ? undefined : base / med,
        roundMediansMs: roundMedians,
        roundSpreadPct: roundMedians.length < 2 ? undefined : (Math.max(...roundMedians) / Math.min(...roundMedians) - 1) * 100,
        worstErrorRatio: worst.get(`${c.id} ${backend.name}`),
      });
    }
  }
  const geomeans = backends.map((b): Geomean => {
    const own = rows.filter((r) => r.backend === b.name);
    const ratios = own.map((r) => r.speedup).filter((s): s is number => s !== undefined);
    return {
      backend: b.name,
      shapes: own.length,
      gflops: geomean(own.map((r) => r.gflops)),
      speedup: ratios.length === own.length && ratios.length > 0 ? geomean(ratios) : undefined,
    };
  });
  return {
    machine,
    nodeFlags: process.execArgv,
    settings: {
      shapes: cases.map((c) => c.id),
      backends: backends.map((b) => b.name),
      rounds,
      timePerTaskAndRoundMs: settings.time,
      minSamplesPerRound: settings.minSamples,
      quick: settings.quick,
      notMeasured: settings.unavailable,
    },
    durationSeconds,
    rows,
    geomeans,
  };
}

const pct = (v: number | undefined) => (v === undefined ? '—' : `${v < 10 ? v.toFixed(1) : v.toFixed(0)}%`);
const times = (v: number | undefined) => (v === undefined ? '—' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

/** The markdown table: one row per shape × backend, then a geometric-mean row per backend. */
export function formatTable(report: BenchReport): string {
  const header = ['', 'layer', 'shape (NCHW ⋆ OIHW)', 'MFLOP', 'backend', 'median ms', 'p25–p75 ms', 'min–max ms', 'GFLOPS', `× ${BASELINE}`, 'round spread', 'samples'];
  const body = report.rows.map((r) => [
    r.shape,
    r.layer,
    r.description,
    (r.flops / 1e6).toFixed(1),
    r.backend,
    ms(r.medianMs),
    `${ms(r.p25Ms)}–${ms(r.p75Ms)}`,
    `${ms(r.minMs)}–${ms(r.maxMs)}`,
    r.gflops.toFixed(r.gflops >= 10 ? 1 : r.gflops >= 1 ? 2 : 3),
    times(r.speedup),
    pct(r.roundSpreadPct),
    String(r.samples),
  ]);
  for (const g of report.geomeans) {
    body.push(['', '**geometric mean**', `${g.shapes} shape${g.shapes === 1 ? '' : 's'}`, '', g.backend, '', '', '', g.gflops.toFixed(g.gflops >= 10 ? 1 : g.gflops >= 1 ? 2 : 3), times(g.speedup), '', '']);
  }
  return markdownTable(header, body, [false, false, false, true, false, true, true, true, true, true, true, true]);
}

/** Heading, machine, settings, table and how to read it: what stdout gets. */
export function formatReport(report: BenchReport, heading = '## simdconv conv2d benchmark: WebAssembly vs JavaScript'): string {
  const { machine, settings } = report;
  const flags = report.nodeFlags.length > 0 ? ` (${report.nodeFlags.join(' ')})` : '';
  const lines = [
    heading,
    '',
    `${machine.cpu} (${machine.cores} cores), Node ${machine.node}${flags}, ${machine.os}, ${machine.date}${settings.quick ? ' — quick run, indicative only' : ''}.`,
    `${settings.rounds} round${settings.rounds === 1 ? '' : 's'}; per shape, backend and round ≥ ${settings.timePerTaskAndRoundMs} ms and ` +
      `≥ ${settings.minSamplesPerRound.js} (js) / ${settings.minSamplesPerRound.wasm} (wasm) samples; ${clock(report.durationSeconds)} in all. ` +
      `Every wasm output was checked against the js reference.`,
    '',
    formatTable(report),
    '',
    `Median, quartiles and extremes over all rounds' samples. GFLOPS = 2·N·Cout·Hout·Wout·(Cin/groups)·kH·kW / median. ` +
      `× ${BASELINE} = js median / this median, same run. Round spread = slowest / fastest per-round median − 1.`,
  ];
  for (const { name, reason } of settings.notMeasured) lines.push(`Not measured: ${name} (${reason}).`);
  return lines.join('\n');
}

/** Writes bench/results/latest.json and latest.svg; returns their paths. */
export function writeResults(report: BenchReport, dir = new URL('./results/', import.meta.url)): string[] {
  mkdirSync(dir, { recursive: true });
  const json = new URL('latest.json', dir);
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  const svg = new URL('latest.svg', dir);
  const { machine, settings } = report;
  writeFileSync(
    svg,
    barChartSvg(report.rows, {
      title: 'simdconv conv2d: GFLOPS per layer shape and backend',
      subtitle:
        `${machine.cpu} ×${machine.cores}, Node ${machine.node}, ${machine.date.slice(0, 10)}; median over ${settings.rounds} round${settings.rounds === 1 ? '' : 's'}; ` +
        `geomean ${report.geomeans.map((g) => `${g.backend} ${g.gflops.toFixed(2)}`).join(', ')} GFLOPS`,
    }),
  );
  return [fileURLToPath(json), fileURLToPath(svg)];
}

async function main(): Promise<void> {
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
