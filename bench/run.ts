/**
 * `npm run bench`: every suite shape on every backend, measured with tinybench in one run.
 * Prints a markdown table to stdout (progress goes to stderr, so `> table.md` stays clean) and
 * writes bench/results/latest.json with the machine it ran on.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Bench } from 'tinybench';
import type { Tensor } from '../src/index.js';
import { parseBenchArgs, USAGE, type BenchSettings } from './args.js';
import { BASELINE, type Backend } from './backends.js';
import { machineInfo } from './machine.js';
import { markdownTable } from './markdown.js';
import { quantile } from './stats.js';
import { describeCase, makeCaseData, type CaseData, type SuiteCase } from './suite.js';

interface Row {
  readonly shape: string;
  readonly layer: string;
  readonly description: string;
  readonly backend: string;
  readonly flops: number;
  readonly samples: number;
  readonly medianMs: number;
  readonly p25Ms: number;
  readonly p75Ms: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly gflops: number;
}

const log = (line: string) => process.stderr.write(`${line}\n`);
const ms = (t: number) => (t >= 100 ? t.toFixed(0) : t >= 10 ? t.toFixed(1) : t.toFixed(2));

// Keeps every output reachable, so no engine can drop a call whose result is unused.
let sink: Tensor | undefined;

async function measure(c: SuiteCase, data: CaseData, backend: Backend, settings: BenchSettings): Promise<Row> {
  const bench = new Bench({
    name: `${c.id} ${backend.name}`,
    time: settings.time,
    iterations: settings.iterations,
    warmup: settings.warmup,
    warmupIterations: 1,
    warmupTime: 0,
    retainSamples: true,
    throws: true,
  });
  // async: false skips tinybench's detection call, which would be one more multi-second run.
  bench.add(backend.name, () => {
    sink = backend.conv2d(data.input, data.filter, data.options);
  }, { async: false });
  await bench.run();
  const result = bench.tasks[0]!.result;
  if (result.state !== 'completed') throw new Error(`${c.id} on ${backend.name}: task ended ${result.state}`);
  const { latency } = result;
  const sorted = latency.samples ?? [];
  return {
    shape: c.id,
    layer: c.name,
    description: describeCase(c),
    backend: backend.name,
    flops: data.flops,
    samples: latency.samplesCount,
    medianMs: latency.p50,
    p25Ms: quantile(sorted, 0.25),
    p75Ms: quantile(sorted, 0.75),
    minMs: latency.min,
    maxMs: latency.max,
    gflops: data.flops / (latency.p50 * 1e6),
  };
}

function table(rows: readonly Row[]): string {
  const baseline = new Map(rows.filter((r) => r.backend === BASELINE).map((r) => [r.shape, r.medianMs]));
  const header = ['', 'layer', 'shape (NCHW ⋆ OIHW)', 'MFLOP', 'backend', 'median ms', 'p25–p75 ms', 'min–max ms', 'GFLOPS', `× ${BASELINE}`, 'samples'];
  const body = rows.map((r) => {
    const base = baseline.get(r.shape);
    return [
      r.shape,
      r.layer,
      r.description,
      (r.flops / 1e6).toFixed(1),
      r.backend,
      ms(r.medianMs),
      `${ms(r.p25Ms)}–${ms(r.p75Ms)}`,
      `${ms(r.minMs)}–${ms(r.maxMs)}`,
      r.gflops.toFixed(3),
      base === undefined ? '—' : (base / r.medianMs).toFixed(2),
      String(r.samples),
    ];
  });
  return markdownTable(header, body, [false, false, false, true, false, true, true, true, true, true, true]);
}

/** Geometric mean of GFLOPS per backend: the one-number summary DESIGN.md compares peers by. */
function geomeans(rows: readonly Row[]): string {
  const byBackend = new Map<string, number[]>();
  for (const r of rows) byBackend.set(r.backend, [...(byBackend.get(r.backend) ?? []), r.gflops]);
  return [...byBackend]
    .map(([name, g]) => `${name} ${Math.exp(g.reduce((s, v) => s + Math.log(v), 0) / g.length).toFixed(3)}`)
    .join(', ');
}

async function main(): Promise<void> {
  let settings: BenchSettings | 'help';
  try {
    settings = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    // A mistyped command line: say what was wrong and how to spell it, no stack trace.
    log(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (settings === 'help') {
    console.log(USAGE);
    return;
  }
  const machine = machineInfo();
  const { cases, backends } = settings;
  log(`simdconv bench: ${cases.length} shapes × ${backends.length} backend(s); per task ≥ ${settings.iterations} samples and ≥ ${settings.time} ms` +
    `${settings.warmup ? ', 1 warmup call' : ', no warmup'}${settings.quick ? ' (quick)' : ''}`);
  log(`${machine.cpu} ×${machine.cores}, Node ${machine.node}, ${machine.os}`);

  const rows: Row[] = [];
  const started = performance.now();
  let step = 0;
  for (const c of cases) {
    const data = makeCaseData(c); // built once, shared by every backend: same numbers for all
    for (const backend of backends) {
      step++;
      const tag = `[${step}/${cases.length * backends.length}] ${c.id} ${backend.name}`;
      log(`${tag}: ${c.name}, ${describeCase(c)}, ${(data.flops / 1e6).toFixed(1)} MFLOP …`);
      const row = await measure(c, data, backend, settings);
      rows.push(row);
      log(`${tag}: median ${ms(row.medianMs)} ms (${ms(row.minMs)}–${ms(row.maxMs)}), ${row.gflops.toFixed(3)} GFLOPS, ${row.samples} samples`);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  log(`done in ${seconds.toFixed(1)} s`);
  if (sink === undefined) throw new Error('no backend ran');

  console.log(`## simdconv conv2d benchmark\n`);
  console.log(`${machine.cpu} (${machine.cores} cores), Node ${machine.node}, ${machine.os}, ${machine.date}${settings.quick ? ' — quick run' : ''}\n`);
  console.log(table(rows));
  console.log(`\nGFLOPS = 2·N·Cout·Hout·Wout·(Cin/groups)·kH·kW / median time. Geometric mean: ${geomeans(rows)}.`);

  const dir = new URL('./results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = new URL('latest.json', dir);
  const settingsOut = { time: settings.time, minSamples: settings.iterations, warmup: settings.warmup, quick: settings.quick };
  writeFileSync(file, `${JSON.stringify({ machine, settings: settingsOut, durationSeconds: seconds, results: rows }, null, 2)}\n`);
  log(`wrote ${file.pathname}`);
}

main().catch((error: unknown) => {
  log(error instanceof Error && error.stack ? error.stack : String(error));
  process.exitCode = 1;
});
