/**
 * `npm run bench -- --suite int8`: int8 quantized convolution (ONNX QLinearConv), simdconv's
 * prepacked int8 layers (`engine.createQLinearConv2d(filter, options).run(x, out)`) against ONNX
 * Runtime Web's `QLinearConv` (wasm EP, MLAS), and against simdconv's own float layer on the
 * same shape (`engine.createConv2d`), NCHW, batch 1, at each `--threads` count.
 *
 * The data (seeded, per shape): real-valued activations quantized to uint8 with the zero point
 * their range gives (`quantizationParams`, ~120), and the same values as int8 (shifted by −128,
 * zero points too); real-valued weights quantized per output channel, symmetric (int8, zero
 * point 0, a scale per channel); an int32 bias at scale `inputScale · filterScale[oc]`. The
 * output scale and zero point come from the range of the real-valued result (the float layer's
 * reference output), so the outputs spread over the whole type instead of saturating.
 *
 * Exactness before timing: every quantized output — ORT's and simdconv's, uint8 and int8 — must
 * equal `reference.qlinearConv2d`'s bit for bit (and the int8 reference must be the uint8 one
 * shifted by 128); a mismatch aborts the run naming the first differing index and both values,
 * and how many differ. The float rows are checked against `reference.conv2d` within the
 * tolerance of the standard suite (bench/check.ts). The last output of every timed block is
 * checked again.
 *
 * Threads: the first `--threads` count runs in this process; every other count runs the whole
 * pass (simdconv's engines at T threads, ORT at T threads) in a child process, because ORT sets
 * its thread count once per process (bench/peers/ort-web-process.ts says more). The child is this
 * script's own entry with `--pass-threads T --pass-out <file>`; its rows come back as JSON.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-web';
import {
  createEngine,
  dequantizeLinear,
  quantizationParams,
  quantizeLinear,
  reference,
  type Conv2dOptions,
  type Engine,
  type QLinearConv2dOptions,
  type QuantizedTensor,
  type Tensor,
} from '../src/index.js';
import { checkOutput, describeFailure, expectedOutput, type Expected } from './check.js';
import { seeded, size } from './layer-suite.js';
import { machineInfo } from './machine.js';
import { markdownTable } from './markdown.js';
import { createOrtQLinearConv } from './peers/ort-qlinear.js';
import { geomean, median, quantile } from './stats.js';
import { CheckFailedError } from './run.js';
import { timeTask } from './time-task.js';

export interface Int8Case {
  readonly id: string;
  readonly name: string;
  /** NCHW. */
  readonly inputShape: readonly [number, number, number, number];
  /** OIHW `[Cout, C/groups, kH, kW]`. */
  readonly filterShape: readonly [number, number, number, number];
  readonly padding: number;
  readonly strides: number;
  readonly groups: number;
}

export const INT8_SUITE: readonly Int8Case[] = Object.freeze([
  { id: 'Q1', name: 'dense 3×3 64→64 p1, 56² (ResNet conv2_x)', inputShape: [1, 64, 56, 56], filterShape: [64, 64, 3, 3], padding: 1, strides: 1, groups: 1 },
  { id: 'Q2', name: 'dense 3×3 256→256 p1, 14² (ResNet conv4_x)', inputShape: [1, 256, 14, 14], filterShape: [256, 256, 3, 3], padding: 1, strides: 1, groups: 1 },
  { id: 'Q3', name: '1×1 24→144, 56² (MobileNetV2 expand)', inputShape: [1, 24, 56, 56], filterShape: [144, 24, 1, 1], padding: 0, strides: 1, groups: 1 },
  { id: 'Q4', name: 'depthwise 3×3 144 ch p1, 56² (MobileNetV2)', inputShape: [1, 144, 56, 56], filterShape: [144, 1, 3, 3], padding: 1, strides: 1, groups: 144 },
  { id: 'Q5', name: 'stem 7×7 s2 p3 3→64, 224² (ResNet)', inputShape: [1, 3, 224, 224], filterShape: [64, 3, 7, 7], padding: 3, strides: 2, groups: 1 },
] satisfies Int8Case[]);

/** Dense 3×3 stride 1: where simdconv's float layer has Winograd, so `algorithm: 'direct'` gets its own row. */
const isDense3x3 = (c: Int8Case) => c.groups === 1 && c.filterShape[2] === 3 && c.filterShape[3] === 3 && c.strides === 1;

/** Multiply–accumulates of one call: N·Cout·Hout·Wout·(Cin/groups)·kH·kW. */
function macsOf(c: Int8Case, outputShape: readonly number[]): number {
  const [, cg, kh, kw] = c.filterShape;
  return size(outputShape) * cg * kh * kw;
}

/** A case's data: quantized and real-valued operands, options, and the expected outputs. */
export interface Int8CaseData {
  readonly xU8: QuantizedTensor;
  readonly xI8: QuantizedTensor;
  readonly w: QuantizedTensor;
  readonly optionsU8: QLinearConv2dOptions;
  readonly optionsI8: QLinearConv2dOptions;
  readonly expectedU8: QuantizedTensor;
  readonly expectedI8: QuantizedTensor;
  /** The float layer's operands: the dequantized activations, filter and bias. */
  readonly xFloat: Tensor;
  readonly wFloat: Tensor;
  readonly floatOptions: Conv2dOptions;
  readonly expectedFloat: Expected;
  /** One line: the scales and zero points, how the outputs spread. */
  readonly summary: string;
}

/** Sum of two uniforms: activations cluster near the middle of their range, as real ones do. */
function activations(n: number, seed: number): Float32Array {
  const a = seeded(n, seed);
  const b = seeded(n, seed + 1000);
  return a.map((v, i) => 1.1 * (v + b[i]!) + 0.15);
}

/** Builds case `c`'s data and its expected outputs (the pure-JS references: a few seconds on the large shapes). */
export function makeInt8Case(c: Int8Case): Int8CaseData {
  const seed = 1 + 10 * Number(c.id.slice(1));
  const geometry = { padding: c.padding, strides: c.strides, groups: c.groups };
  // Activations: uint8 over their real range (zero point where real 0 falls), then the same as int8.
  const xReal = activations(size(c.inputShape), seed);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of xReal) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const xq = quantizationParams(lo, hi, { type: 'uint8' });
  const xU8 = quantizeLinear({ data: xReal, shape: c.inputShape }, xq.scale, xq.zeroPoint, 'uint8');
  const xI8: QuantizedTensor = { data: Int8Array.from(xU8.data, (v) => v - 128), shape: c.inputShape };
  // Weights: per output channel, symmetric int8; channels get different magnitudes.
  const [cout] = c.filterShape;
  const perChannel = size(c.filterShape) / cout;
  const wReal = seeded(size(c.filterShape), seed + 2);
  const filterScale = new Float32Array(cout);
  const wData = new Int8Array(wReal.length);
  for (let m = 0; m < cout; m++) {
    const gain = (0.25 + ((m * 7) % 11) / 10) / Math.sqrt(perChannel);
    const row = wReal.subarray(m * perChannel, (m + 1) * perChannel).map((v) => v * gain);
    let big = 0;
    for (const v of row) big = Math.max(big, Math.abs(v));
    const { scale } = quantizationParams(-big, big, { type: 'int8', symmetric: true });
    filterScale[m] = scale;
    wData.set(quantizeLinear({ data: row, shape: [perChannel] }, scale, 0, 'int8').data, m * perChannel);
  }
  const w: QuantizedTensor = { data: wData, shape: c.filterShape };
  const biasReal = seeded(cout, seed + 3).map((v) => 0.3 * v);
  const bias = Int32Array.from(biasReal, (v, m) => Math.round(v / (Math.fround(xq.scale * filterScale[m]!))));
  // The float layer sees exactly the real values the quantized operands stand for.
  const xFloat = dequantizeLinear(xU8, xq.scale, xq.zeroPoint);
  const wFloat: Tensor = { data: Float32Array.from(wData, (v, i) => v * filterScale[Math.floor(i / perChannel)]!), shape: c.filterShape };
  const floatBias = Float32Array.from(bias, (b, m) => b * Math.fround(xq.scale * filterScale[m]!));
  const floatOptions: Conv2dOptions = { ...geometry, bias: floatBias };
  const expectedFloat = expectedOutput(xFloat, wFloat, floatOptions);
  // The output's scale and zero point: the real result's range over the whole uint8 range.
  let yLo = Infinity;
  let yHi = -Infinity;
  for (const v of expectedFloat.output.data) {
    yLo = Math.min(yLo, v);
    yHi = Math.max(yHi, v);
  }
  const yq = quantizationParams(yLo, yHi, { type: 'uint8' });
  const optionsU8: QLinearConv2dOptions = {
    ...geometry,
    inputScale: xq.scale,
    inputZeroPoint: xq.zeroPoint,
    filterScale,
    filterZeroPoint: 0,
    outputScale: yq.scale,
    outputZeroPoint: yq.zeroPoint,
    bias,
  };
  const optionsI8: QLinearConv2dOptions = { ...optionsU8, inputZeroPoint: xq.zeroPoint - 128, outputZeroPoint: yq.zeroPoint - 128 };
  const expectedU8 = reference.qlinearConv2d(xU8, w, optionsU8);
  const expectedI8 = reference.qlinearConv2d(xI8, w, optionsI8);
  if (!(expectedU8.data instanceof Uint8Array) || !(expectedI8.data instanceof Int8Array)) throw new Error(`${c.id}: the reference's outputs are not uint8 and int8`);
  for (let i = 0; i < expectedU8.data.length; i++) {
    if (expectedI8.data[i]! !== expectedU8.data[i]! - 128) throw new Int8CheckError(`${c.id}: reference.qlinearConv2d's int8 output ${expectedI8.data[i]} at index ${i} is not its uint8 output ${expectedU8.data[i]} − 128`);
  }
  let saturated = 0;
  const distinct = new Set<number>();
  for (const v of expectedU8.data) {
    distinct.add(v);
    if (v === 0 || v === 255) saturated++;
  }
  const f = (v: number) => v.toPrecision(3);
  const summary =
    `${c.id}: x scale ${f(xq.scale)}, zero point ${xq.zeroPoint} (int8: ${xq.zeroPoint - 128}); w per channel, scales ${f(Math.min(...filterScale))}–${f(Math.max(...filterScale))}, zero point 0; ` +
    `y scale ${f(yq.scale)}, zero point ${yq.zeroPoint} (int8: ${yq.zeroPoint - 128}); outputs: ${distinct.size} distinct values, ${((100 * saturated) / expectedU8.data.length).toFixed(2)}% at 0 or 255`;
  return { xU8, xI8, w, optionsU8, optionsI8, expectedU8, expectedI8, xFloat, wFloat, floatOptions, expectedFloat, summary };
}

/** An output differs from the reference: the run is void (bench/run.ts prints "ABORTED: …"). */
export class Int8CheckError extends CheckFailedError {
  override name = 'Int8CheckError';
}

/** Multi-index of flat index `k` in a row-major `shape`. */
const unravel = (k: number, shape: readonly number[]) => {
  const at: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    at.unshift(k % shape[d]!);
    k = Math.floor(k / shape[d]!);
  }
  return at;
};

/** Counts the elements of `got` that differ from `want`; throws naming the first, if any. */
export function checkExact(label: string, got: Uint8Array | Int8Array, want: QuantizedTensor): void {
  if (got.constructor !== want.data.constructor) throw new Int8CheckError(`${label}: output is a ${got.constructor.name}, the reference's a ${want.data.constructor.name}`);
  if (got.length !== want.data.length) throw new Int8CheckError(`${label}: ${got.length} outputs, the reference has ${want.data.length}`);
  let bad = 0;
  let first = -1;
  for (let i = 0; i < got.length; i++) {
    if (got[i] !== want.data[i]) {
      bad++;
      if (first < 0) first = i;
    }
  }
  if (bad > 0) {
    throw new Int8CheckError(
      `${label}: ${bad} of ${got.length} outputs differ from reference.qlinearConv2d; the first at index ${first} ` +
        `([${unravel(first, want.shape).join(', ')}] of [${want.shape.join(', ')}]): got ${got[first]}, the reference ${want.data[first]}`,
    );
  }
}

type Act = 'u8' | 'i8';
type Kind = 'simdconv int8' | 'ort' | 'simdconv float';

/** One timed call of a case at one thread count. */
interface Call {
  readonly label: string;
  readonly kind: Kind;
  /** simdconv: the build. */
  readonly build?: string;
  readonly act?: Act;
  /** Float rows: 'auto' (the default algorithm) or 'direct'. */
  readonly algorithm?: 'auto' | 'direct';
  readonly async: boolean;
  readonly run: () => Uint8Array | Int8Array | Float32Array | Promise<Uint8Array | Int8Array | Float32Array>;
  /** Throws if `out` is not the expected output. */
  readonly check: (out: Uint8Array | Int8Array | Float32Array) => void;
  readonly dispose: () => void | Promise<void>;
}

/** What a pass measured of one call: JSON between the child and the parent. */
export interface PassRow {
  readonly shape: string;
  readonly threads: number;
  readonly label: string;
  readonly kind: Kind;
  readonly build?: string;
  readonly act?: Act;
  readonly algorithm?: 'auto' | 'direct';
  readonly macs: number;
  readonly samples: number;
  readonly medianMs: number;
  readonly p25Ms: number;
  readonly p75Ms: number;
  readonly cpuPerWall: number;
}

export interface PassResult {
  readonly threads: number;
  readonly rows: PassRow[];
  readonly summaries: string[];
  readonly ortSetup: string | undefined;
  readonly ortVersion: string | undefined;
  /** Quantized outputs compared with the reference, and the count of those compared. */
  readonly exactOutputs: number;
}

export interface Int8Settings {
  readonly cases: readonly Int8Case[];
  readonly builds: readonly string[];
  readonly ort: boolean;
  readonly threads: readonly number[];
  readonly rounds: number;
  readonly time: number;
  readonly quick: boolean;
}

function checkFloat(label: string, expected: Expected) {
  return (out: Uint8Array | Int8Array | Float32Array) => {
    const result = checkOutput({ data: out as Float32Array, shape: expected.output.shape }, expected);
    if (result.bad > 0) throw new Int8CheckError(`${label}: does not match reference.conv2d within the tolerance: ${describeFailure(result)}`);
  };
}

/** simdconv's calls of one case on `engine`: int8 (uint8 and int8 activations) and float, into preallocated outputs. */
function simdconvCalls(engine: Engine, c: Int8Case, d: Int8CaseData, T: number): Call[] {
  const build = engine.backend;
  const suffix = T > 1 ? ` ${T}T` : '';
  const calls: Call[] = [];
  for (const act of ['u8', 'i8'] as const) {
    const x = act === 'u8' ? d.xU8 : d.xI8;
    const want = act === 'u8' ? d.expectedU8 : d.expectedI8;
    const layer = engine.createQLinearConv2d(d.w, act === 'u8' ? d.optionsU8 : d.optionsI8);
    const shape = layer.outputShape(x.shape);
    const out: QuantizedTensor = { data: act === 'u8' ? new Uint8Array(size(shape)) : new Int8Array(size(shape)), shape };
    const label = `simdconv ${build} int8 ${act}${suffix}`;
    calls.push({
      label, kind: 'simdconv int8', build, act, async: false,
      run: () => layer.run(x, out).data,
      check: (o) => checkExact(`${c.id} ${label}`, o as Uint8Array | Int8Array, want),
      dispose: () => layer.dispose(),
    });
  }
  for (const algorithm of isDense3x3(c) ? (['auto', 'direct'] as const) : (['auto'] as const)) {
    const layer = engine.createConv2d(d.wFloat, algorithm === 'auto' ? d.floatOptions : { ...d.floatOptions, algorithm });
    const shape = layer.outputShape(c.inputShape);
    const out: Tensor = { data: new Float32Array(size(shape)), shape };
    const label = `simdconv ${build} float${algorithm === 'direct' ? ' direct' : ''}${suffix}`;
    calls.push({
      label, kind: 'simdconv float', build, algorithm, async: false,
      run: () => layer.run(d.xFloat, out).data,
      check: checkFloat(`${c.id} ${label}`, d.expectedFloat),
      dispose: () => layer.dispose(),
    });
  }
  return calls;
}

/** ORT's QLinearConv of one case, uint8 and int8 activations, at T threads. */
async function ortCalls(c: Int8Case, d: Int8CaseData, T: number): Promise<{ calls: Call[]; setup: string }> {
  const calls: Call[] = [];
  let setup = '';
  const p = c.padding;
  for (const act of ['u8', 'i8'] as const) {
    const o = act === 'u8' ? d.optionsU8 : d.optionsI8;
    const want = act === 'u8' ? d.expectedU8 : d.expectedI8;
    const x = act === 'u8' ? d.xU8 : d.xI8;
    const session = await createOrtQLinearConv(
      {
        inputShape: c.inputShape,
        inputType: act === 'u8' ? 'uint8' : 'int8',
        inputScale: o.inputScale,
        inputZeroPoint: o.inputZeroPoint!,
        filter: { data: d.w.data, shape: c.filterShape },
        filterScale: o.filterScale,
        outputScale: o.outputScale,
        outputZeroPoint: o.outputZeroPoint!,
        bias: o.bias!,
        padding: [p, p, p, p],
        strides: [c.strides, c.strides],
        dilations: [1, 1],
        groups: c.groups,
        outputShape: want.shape,
      },
      T,
    );
    setup = session.setup;
    const label = `ort QLinearConv ${act}${T > 1 ? ` ${T}T` : ''}`;
    calls.push({
      label, kind: 'ort', act, async: true,
      run: () => session.run(x.data),
      check: (out) => checkExact(`${c.id} ${label}`, out as Uint8Array | Int8Array, want),
      dispose: () => session.dispose(),
    });
  }
  return { calls, setup };
}

const log = (line: string) => process.stderr.write(`${line}\n`);

/** Every case at T threads in this process: checked, then timed in rounds. */
async function runPass(settings: Int8Settings, T: number): Promise<PassResult> {
  const engines: Engine[] = [];
  for (const backend of settings.builds) {
    const engine = await createEngine(T > 1 ? { backend: backend as 'simd', threads: T } : { backend: backend as 'simd' });
    if (engine.backend !== backend || engine.threads !== T) throw new Error(`asked for the '${backend}' backend at ${T} thread(s), got '${engine.backend}' at ${engine.threads}`);
    engines.push(engine);
  }
  const rows: PassRow[] = [];
  const summaries: string[] = [];
  let ortSetup: string | undefined;
  let exactOutputs = 0;
  try {
    for (const c of settings.cases) {
      const started = performance.now();
      const d = makeInt8Case(c);
      summaries.push(d.summary);
      log(`${c.id} (${T}T): data and references in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      const calls: Call[] = engines.flatMap((e) => simdconvCalls(e, c, d, T));
      if (settings.ort) {
        const o = await ortCalls(c, d, T);
        calls.push(...o.calls);
        ortSetup = o.setup;
      }
      const samples = calls.map(() => [] as number[]);
      const cpu = calls.map(() => ({ cpuMs: 0, wallMs: 0 }));
      try {
        // Correctness first: every call's output against the reference before anything is timed.
        for (const call of calls) {
          call.check(await call.run());
          if (call.kind !== 'simdconv float') exactOutputs += d.expectedU8.data.length;
        }
        for (let r = 0; r < settings.rounds; r++) {
          // Each call takes its turn at going first, so a slow start does not always land on the same one.
          for (let k = 0; k < calls.length; k++) {
            const i = (k + r) % calls.length;
            const call = calls[i]!;
            const timed = await timeTask(`${c.id} ${call.label}`, call, { time: settings.time, iterations: 5, warmup: true });
            call.check(timed.last);
            samples[i]!.push(...timed.samples);
            cpu[i]!.cpuMs += timed.cpuMs;
            cpu[i]!.wallMs += timed.wallMs;
          }
        }
      } finally {
        for (const call of calls) await call.dispose();
      }
      const macs = macsOf(c, d.expectedU8.shape);
      calls.forEach((call, i) => {
        const sorted = samples[i]!.slice().sort((a, b) => a - b);
        rows.push({
          shape: c.id, threads: T, label: call.label, kind: call.kind,
          ...(call.build === undefined ? {} : { build: call.build }),
          ...(call.act === undefined ? {} : { act: call.act }),
          ...(call.algorithm === undefined ? {} : { algorithm: call.algorithm }),
          macs, samples: sorted.length, medianMs: median(sorted), p25Ms: quantile(sorted, 0.25), p75Ms: quantile(sorted, 0.75),
          cpuPerWall: cpu[i]!.cpuMs / cpu[i]!.wallMs,
        });
      });
      log(`${c.id} (${T}T): done`);
    }
  } finally {
    for (const e of engines) e.dispose();
  }
  return { threads: T, rows, summaries, ortSetup, ortVersion: settings.ort ? ort.env.versions.web : undefined, exactOutputs };
}

/** A pass at T threads in a child process (this script's entry again): its result. */
function runPassInChild(settings: Int8Settings, T: number): PassResult {
  const dir = mkdtempSync(join(tmpdir(), 'simdconv-bench-int8-'));
  const out = join(dir, 'pass.json');
  try {
    const flags = process.execArgv.some((a) => a.includes('tsx')) ? process.execArgv : [...process.execArgv, '--import', 'tsx'];
    const entry = fileURLToPath(new URL('./run.ts', import.meta.url));
    const passArgs = ['--suite', 'int8', '--shapes', settings.cases.map((c) => c.id).join(','), '--backends', settings.builds.join(','), '--peers', settings.ort ? 'ort-web' : '', '--rounds', String(settings.rounds), '--time', String(settings.time), '--pass-threads', String(T), '--pass-out', out];
    log(`int8: the ${T}-thread pass in a child process`);
    const child = spawnSync(process.execPath, [...flags, entry, ...passArgs], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (child.status !== 0) throw new Error(`int8: the ${T}-thread pass (a child process) failed: ${child.signal ?? `exit code ${String(child.status)}`}; its stderr above says why`);
    return JSON.parse(readFileSync(out, 'utf8')) as PassResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Every pass of `settings`: the first thread count in this process, each other in a child.
 * Throws Int8CheckError if any output differs from the reference.
 */
export async function runInt8(settings: Int8Settings): Promise<PassResult[]> {
  const passes: PassResult[] = [];
  for (const [i, T] of settings.threads.entries()) passes.push(i === 0 ? await runPass(settings, T) : runPassInChild(settings, T));
  return passes;
}

const ms = (t: number) => (t >= 100 ? t.toFixed(0) : t >= 10 ? t.toFixed(1) : t >= 0.1 ? t.toFixed(2) : t.toPrecision(2));
const ratio = (v: number | undefined) => (v === undefined ? '—' : v.toFixed(2));

/** The float row (default algorithm, same build and threads) an int8 row is compared with. */
function floatOf(rows: readonly PassRow[], r: PassRow): PassRow | undefined {
  if (r.kind === 'ort' || r.build === undefined) return undefined;
  return rows.find((x) => x.shape === r.shape && x.threads === r.threads && x.kind === 'simdconv float' && x.build === r.build && x.algorithm === 'auto');
}

const ortU8Of = (rows: readonly PassRow[], r: PassRow) => rows.find((x) => x.shape === r.shape && x.threads === r.threads && x.kind === 'ort' && x.act === 'u8');

/** The report: a row per shape, thread count and implementation, then geometric means. */
export function formatInt8Report(settings: Int8Settings, passes: readonly PassResult[]): string {
  const rows = passes.flatMap((p) => p.rows);
  const m = machineInfo();
  const ortPass = passes.find((p) => p.ortSetup !== undefined);
  const exact = passes.reduce((a, p) => a + p.exactOutputs, 0);
  const lines = [
    '## simdconv int8 (QLinearConv) benchmark (`--suite int8`)',
    '',
    `${m.date}: ${m.cpu}, ${m.cores} cores, Node ${m.node} (V8 ${m.v8})${settings.quick ? ' — quick run, indicative only' : ''}. ` +
      `Threads: ${settings.threads.join(', ')} (${settings.threads.length > 1 ? `the ${settings.threads.slice(1).join(', ')}-thread pass in a child process` : 'one pass'}). ` +
      `${settings.rounds} rounds of ${settings.time} ms per call and shape.`,
    ortPass === undefined ? 'No ORT rows (--peers left ort-web out).' : `ORT: onnxruntime-web ${ortPass.ortVersion ?? '?'}, QLinearConv (per-channel w_scale, w_zero_point 0, int32 B; all but x initializers), ${ortPass.ortSetup}.`,
    `Exactness: every quantized output (uint8 and int8 activations, simdconv and ORT) was equal to reference.qlinearConv2d's, bit for bit, before timing (${exact.toLocaleString('en-US')} values compared, 0 differed) and in each timed block's last call. Float rows: within bench/check.ts's tolerance of reference.conv2d.`,
    '',
  ];
  const header = ['id', 'layer', 'T', 'implementation', 'median ms', 'p25–p75 ms', 'GOPS', '× ORT u8', '× float', 'CPU/wall'];
  const body: string[][] = [];
  for (const c of settings.cases) {
    for (const T of settings.threads) {
      for (const r of rows.filter((x) => x.shape === c.id && x.threads === T)) {
        const o = ortU8Of(rows, r);
        const f = floatOf(rows, r);
        body.push([
          c.id, c.name, String(T), r.label, ms(r.medianMs), `${ms(r.p25Ms)}–${ms(r.p75Ms)}`, ((2 * r.macs) / (r.medianMs * 1e6)).toFixed(1),
          ratio(o === undefined ? undefined : o.medianMs / r.medianMs), ratio(f === undefined || f === r ? undefined : f.medianMs / r.medianMs), r.cpuPerWall.toFixed(2),
        ]);
      }
    }
  }
  lines.push(markdownTable(header, body, header.map((_, i) => i >= 4)));
  // Geometric means per implementation and thread count over the shapes.
  const labels = [...new Set(rows.map((r) => `${r.threads}\u0000${r.label}`))];
  const gm: string[][] = [];
  for (const key of labels) {
    const [t, label] = key.split('\u0000') as [string, string];
    const mine = rows.filter((r) => r.label === label && String(r.threads) === t);
    const overOrt = mine.map((r) => ortU8Of(rows, r)).every((x) => x !== undefined) ? geomean(mine.map((r) => ortU8Of(rows, r)!.medianMs / r.medianMs)) : undefined;
    const floats = mine.map((r) => floatOf(rows, r));
    const overFloat = floats.every((f, i) => f !== undefined && f !== mine[i]) ? geomean(mine.map((r, i) => floats[i]!.medianMs / r.medianMs)) : undefined;
    gm.push([t, label, String(mine.length), geomean(mine.map((r) => (2 * r.macs) / (r.medianMs * 1e6))).toFixed(1), ratio(overOrt), ratio(overFloat)]);
  }
  const gmHeader = ['T', 'implementation', 'shapes', 'GOPS (geomean)', '× ORT u8 (geomean)', '× float (geomean)'];
  lines.push('', '### Geometric means over the shapes', '', markdownTable(gmHeader, gm, gmHeader.map((_, i) => i >= 2)));
  lines.push(
    '',
    'Median and p25–p75 of all rounds\' samples, ms per call, output preallocated for simdconv (`layer.run(x, out)`); ORT returns a new array per call (ORT Web cannot write into a given one). ' +
      'GOPS = 2·MACs / median, MACs = Cout·Hout·Wout·(Cin/groups)·kH·kW. × ORT u8 = ORT QLinearConv (uint8 activations, same T) median / this median (> 1: this is faster). ' +
      '× float = simdconv float (default algorithm, same build and T) median / this median. u8 / i8: uint8 activations, or the same values as int8 (−128, zero points too). ' +
      'CPU/wall = process CPU time / wall time while timing (ORT at T > 1 and simdconv at T > 1: up to T). ' +
      "The float layer's default on the dense 3×3 layers (Q1, Q2) is Winograd, which does fewer multiplications than it is credited with: its GOPS is the direct convolution's count over its time.",
    '',
    'Data (seeded; the same in every pass):',
    ...[...new Set(passes.flatMap((p) => p.summaries))].map((s) => `- ${s}`),
  );
  return lines.join('\n');
}

const FULL = { rounds: 5, time: 150 };
const QUICK = { rounds: 2, time: 40 };

export const INT8_USAGE = `usage: npm run bench -- --suite int8 [--shapes Q1,Q3] [--backends simd,relaxed-simd] [--peers ort-web] [--threads 1,2] [--rounds ${FULL.rounds}] [--time ${FULL.time}] [--quick]
  --shapes    Q1–Q5 (default all): ${INT8_SUITE.map((c) => `${c.id} ${c.name}`).join('; ')}
  --backends  simdconv's wasm builds to time (default simd,relaxed-simd)
  --peers     ort-web (default) or '' for none
  --threads   thread counts (default 1,2); the first runs in this process, every other in a child
  --rounds, --time  rounds, and ms per call and round (default ${FULL.rounds}, ${FULL.time}; --quick ${QUICK.rounds}, ${QUICK.time})`;

/** `npm run bench -- --suite int8 …`: parses `argv` (its own options; `--suite` skipped), runs, prints the tables. */
export async function runInt8Suite(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv.filter((a, i) => !(a === '--suite' || argv[i - 1] === '--suite' || a.startsWith('--suite='))),
    options: {
      shapes: { type: 'string' },
      backends: { type: 'string', default: 'simd,relaxed-simd' },
      peers: { type: 'string', default: 'ort-web' },
      threads: { type: 'string', default: '1,2' },
      rounds: { type: 'string' },
      time: { type: 'string' },
      quick: { type: 'boolean', default: false },
      'cold-start': { type: 'string' }, // accepted and ignored, as the other layer suites do
      'pass-threads': { type: 'string' },
      'pass-out': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(INT8_USAGE);
    return;
  }
  const list = (text: string) => text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const wanted = values.shapes === undefined ? INT8_SUITE.map((c) => c.id) : list(values.shapes).map((s) => s.toUpperCase());
  const unknown = wanted.filter((id) => !INT8_SUITE.some((c) => c.id === id));
  if (unknown.length > 0 || wanted.length === 0) throw new RangeError(`--shapes: expected a comma-separated list of ${INT8_SUITE.map((c) => c.id).join(', ')}, got ${JSON.stringify(values.shapes)}`);
  const peers = list(values.peers);
  if (peers.some((p) => p !== 'ort-web')) throw new RangeError(`--peers: the int8 suite's peer is ort-web (or '' for none), got ${JSON.stringify(values.peers)}`);
  const threads = [...new Set(list(values.threads).map(Number))];
  if (threads.length === 0 || threads.some((t) => !Number.isInteger(t) || t < 1)) throw new RangeError(`--threads: expected a list of positive integers, got ${JSON.stringify(values.threads)}`);
  const base = values.quick ? QUICK : FULL;
  const settings: Int8Settings = {
    cases: INT8_SUITE.filter((c) => wanted.includes(c.id)),
    builds: list(values.backends),
    ort: peers.includes('ort-web'),
    threads,
    rounds: values.rounds === undefined ? base.rounds : Number(values.rounds),
    time: values.time === undefined ? base.time : Number(values.time),
    quick: values.quick,
  };
  if (values['pass-threads'] !== undefined) {
    // A child: one pass, its result to the parent's file.
    const result = await runPass(settings, Number(values['pass-threads']));
    writeFileSync(values['pass-out']!, JSON.stringify(result));
    process.exit(0); // ORT's worker threads would keep the process alive
  }
  const passes = await runInt8(settings);
  const text = formatInt8Report(settings, passes);
  console.log(text);
  const dir = new URL('./results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  writeFileSync(new URL('int8-latest.json', dir), `${JSON.stringify({ machine: machineInfo(), settings: { ...settings, cases: settings.cases.map((c) => c.id) }, passes }, null, 2)}\n`);
  log('wrote bench/results/int8-latest.json');
}
