/**
 * `npm run bench -- --suite convT`: transposed convolution, simdconv's prepacked layers
 * (`engine.createConvTranspose2d`) against ONNX Runtime Web's `ConvTranspose` and TensorFlow.js
 * wasm's `conv2dTranspose`, one thread, NCHW for simdconv and ORT (TF.js in its NHWC), the same
 * data for all. Every peer's output is checked against simdconv's reference before it is timed.
 *
 * The six layers (docs/benchmark.md#the-transposed-convolution-suite): a U-Net decoder's 2×2
 * up-convolution, an FCN's and a DCGAN generator's 4×4 stride-2 layers, a detector head's 2×2
 * upsampler on a 40×72 map, a stride-1 3×3 (a conv with the filter rotated: what a decoder's
 * refinement layer is), and a depthwise 4×4 upsampler (bilinear-style, one filter per channel).
 *
 * Rows per case: simdconv into a preallocated output (`run(x, out)`) and into a fresh one
 * (`run(x)`, which pays the first touch of the output's pages on this VM), each build asked for.
 */
import * as ort from 'onnxruntime-web';
import * as tf from '@tensorflow/tfjs-core';
import { parseArgs } from 'node:util';
import { createEngineSync, reference, type ConvTranspose2dOptions, type Engine, type Tensor } from '../src/index.js';
import { geomean, median, quantile } from './stats.js';
import { machineInfo } from './machine.js';
import { timeTask } from './time-task.js';
import { convModel, CONV_MODEL_NAMES } from './peers/onnx-model.js';
import { createTfjsWasmPeer } from './peers/tfjs-wasm.js';

interface TransposeCase {
  readonly id: string;
  readonly name: string;
  /** NCHW. */
  readonly inputShape: readonly [number, number, number, number];
  /** IOHW `[C, Cout/groups, kH, kW]`. */
  readonly filterShape: readonly [number, number, number, number];
  readonly options: { readonly strides: number; readonly padding: number; readonly groups?: number };
}

export const CONVT_SUITE: readonly TransposeCase[] = Object.freeze([
  { id: 'T1', name: 'U-Net up-conv 128→64 k2 s2, 28²', inputShape: [1, 128, 28, 28], filterShape: [128, 64, 2, 2], options: { strides: 2, padding: 0 } },
  { id: 'T2', name: 'FCN 64→64 k4 s2 p1, 56²', inputShape: [1, 64, 56, 56], filterShape: [64, 64, 4, 4], options: { strides: 2, padding: 1 } },
  { id: 'T3', name: 'DCGAN 256→128 k4 s2 p1, 16²', inputShape: [1, 256, 16, 16], filterShape: [256, 128, 4, 4], options: { strides: 2, padding: 1 } },
  { id: 'T4', name: 'Detector head 64→32 k2 s2, 40×72', inputShape: [1, 64, 40, 72], filterShape: [64, 32, 2, 2], options: { strides: 2, padding: 0 } },
  { id: 'T5', name: 'Stride-1 64→64 k3 p1, 56²', inputShape: [1, 64, 56, 56], filterShape: [64, 64, 3, 3], options: { strides: 1, padding: 1 } },
  { id: 'T6', name: 'Depthwise upsampler 32 ch k4 s2 p1, 64²', inputShape: [1, 32, 64, 64], filterShape: [32, 1, 4, 4], options: { strides: 2, padding: 1, groups: 32 } },
]);

const USAGE = `npm run bench -- --suite convT [--shapes T1,T2] [--backends simd,relaxed-simd] [--peers ort-web,tfjs-wasm] [--rounds 7] [--time 150]`;

interface Row {
  readonly label: string;
  /** Per-round medians, ms. */
  readonly rounds: number[];
  readonly samples: number[];
}

function seeded(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1);
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** NCHW → NHWC of an activation. */
function toNhwc(data: Float32Array, [n, c, h, w]: readonly number[]): Float32Array {
  const out = new Float32Array(data.length);
  for (let b = 0; b < n!; b++) for (let ch = 0; ch < c!; ch++) for (let i = 0; i < h! * w!; i++) out[(b * h! * w! + i) * c! + ch] = data[(b * c! + ch) * h! * w! + i]!;
  return out;
}

/** A prepared call of one library: input (its layout) → a new output (its layout). */
interface Call {
  readonly run: () => Float32Array | Promise<Float32Array>;
  readonly async: boolean;
  readonly nhwc: boolean;
  readonly note?: string;
  readonly dispose: () => void | Promise<void>;
}

async function ortCall(c: TransposeCase, input: Float32Array, filter: Float32Array, bias: Float32Array, outputShape: readonly number[]): Promise<Call> {
  const { strides: s, padding: p, groups = 1 } = c.options;
  const model = convModel({
    op: 'ConvTranspose',
    inputShape: c.inputShape,
    filter: { data: filter, shape: c.filterShape },
    bias,
    padding: [p, p, p, p],
    strides: [s, s],
    dilations: [1, 1],
    groups,
    outputShape,
  });
  const session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'], graphOptimizationLevel: 'all', intraOpNumThreads: 1, interOpNumThreads: 1 });
  const tensorIn = () => new ort.Tensor('float32', input, c.inputShape.slice());
  return {
    async: true,
    nhwc: false,
    async run() {
      const results = await session.run({ [CONV_MODEL_NAMES.input]: tensorIn() });
      const y = results[CONV_MODEL_NAMES.output]!;
      const data = y.data as Float32Array;
      y.dispose();
      return data;
    },
    dispose: () => session.release(),
  };
}

/** tf.conv2dTranspose (no groups in TF.js: a grouped layer is a split, one call per group, a concat). */
function tfjsCall(c: TransposeCase, input: Float32Array, filter: Float32Array, bias: Float32Array, outputShape: readonly number[]): Call {
  const [n, cin, h, w] = c.inputShape;
  const [, mg, kh, kw] = c.filterShape;
  const { strides: s, padding: p, groups = 1 } = c.options;
  const cg = cin / groups;
  const [, , oh, ow] = outputShape as [number, number, number, number];
  // TF.js's filter: [kH, kW, outChannels, inChannels] per group.
  const filters = Array.from({ length: groups }, (_, g) => {
    const f = new Float32Array(kh * kw * mg * cg);
    for (let ci = 0; ci < cg; ci++) for (let m = 0; m < mg; m++) for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) f[((i * kw + j) * mg + m) * cg + ci] = filter[(((g * cg + ci) * mg + m) * kh + i) * kw + j]!;
    return tf.tensor4d(f, [kh, kw, mg, cg]);
  });
  const b = tf.tensor1d(bias);
  const x4 = toNhwc(input, c.inputShape);
  const one = (x: tf.Tensor4D, g: number) => tf.conv2dTranspose(x, filters[g]!, [n, oh, ow, mg], s, p);
  return {
    async: false,
    nhwc: true,
    ...(groups > 1 ? { note: `groups=${groups}: tf.split + ${groups}× conv2dTranspose + tf.concat` } : {}),
    run() {
      let out: Float32Array | undefined;
      tf.tidy(() => {
        const x = tf.tensor4d(x4, [n, h, w, cin]);
        const y = groups === 1 ? one(x, 0) : tf.concat(tf.split(x, groups, 3).map((xg, g) => one(xg as tf.Tensor4D, g)), 3);
        out = tf.add(y, b).dataSync() as Float32Array;
      });
      return out!;
    },
    dispose() {
      for (const f of filters) f.dispose();
      b.dispose();
    },
  };
}

function simdconvCalls(engine: Engine, c: TransposeCase, filter: Float32Array, bias: Float32Array, input: Float32Array): { prealloc: Call; fresh: Call } {
  const options: ConvTranspose2dOptions = { ...c.options, bias };
  const layer = engine.createConvTranspose2d({ data: filter, shape: c.filterShape }, options);
  const x = { data: input, shape: c.inputShape };
  const outShape = layer.outputShape(c.inputShape);
  const out = { data: new Float32Array(size(outShape)), shape: outShape };
  return {
    prealloc: { async: false, nhwc: false, run: () => layer.run(x, out).data, dispose: () => layer.dispose() },
    fresh: { async: false, nhwc: false, run: () => layer.run(x).data, dispose: () => undefined },
  };
}

function check(label: string, got: Float32Array, expected: Tensor, bound: Float32Array, nhwc: boolean): void {
  const want = nhwc ? toNhwc(expected.data, expected.shape) : expected.data;
  const limit = nhwc ? toNhwc(bound, expected.shape) : bound;
  if (got.length !== want.length) throw new Error(`${label}: ${got.length} outputs, expected ${want.length}`);
  for (let i = 0; i < got.length; i++) {
    if (!(Math.abs(got[i]! - want[i]!) <= 1e-4 * limit[i]! + 1e-5)) throw new Error(`${label}: output ${i} is ${got[i]}, the reference says ${want[i]}`);
  }
}

export async function runConvTSuite(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv.filter((a, i) => !(a === '--suite' || argv[i - 1] === '--suite' || a.startsWith('--suite='))),
    options: {
      shapes: { type: 'string' },
      backends: { type: 'string', default: 'simd,relaxed-simd' },
      peers: { type: 'string', default: 'ort-web,tfjs-wasm' },
      // Many short rounds rather than a few long ones: on a shared host a burst of load then
      // falls on every task's samples alike instead of on one task's block.
      rounds: { type: 'string', default: '7' },
      time: { type: 'string', default: '150' },
      'cold-start': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const cases = values.shapes === undefined ? CONVT_SUITE : CONVT_SUITE.filter((c) => values.shapes!.split(',').includes(c.id));
  const rounds = Number(values.rounds);
  const time = Number(values.time);
  const backends = values.backends.split(',').filter((b) => b !== '');
  const peers = values.peers.split(',').filter((p) => p !== '');
  const engines = backends.map((backend) => createEngineSync({ backend: backend as 'simd' }));
  if (peers.includes('tfjs-wasm')) await createTfjsWasmPeer();
  if (peers.includes('ort-web')) {
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.simd = true;
    ort.env.wasm.proxy = false;
    ort.env.logLevel = 'error';
  }
  const m = machineInfo();
  const lines = [
    '## simdconv transposed convolution benchmark (`--suite convT`)',
    '',
    `${m.date}: ${m.cpu}, ${m.cores} cores, Node ${m.node} (V8 ${m.v8}). One thread everywhere. ${rounds} rounds of ${time} ms per task; ms per call, median of all samples [p10–p90]; ratio = the best peer's median / simdconv's (preallocated output).`,
    `Peers: onnxruntime-web ${ort.env.versions.web ?? '?'} (wasm EP, ConvTranspose, numThreads 1), @tensorflow/tfjs-backend-wasm (conv2dTranspose + add, NHWC).`,
    '',
    `| id | layer | ${engines.map((e) => `simdconv ${e.backend} prealloc | ${e.backend} fresh`).join(' | ')} | ${peers.join(' | ')} | ratio (${engines.map((e) => e.backend).join(', ')}) |`,
    `|---|---|${engines.map(() => '---|---|').join('')}${peers.map(() => '---|').join('')}---|`,
  ];
  const ratios = new Map<string, number[]>(engines.map((e) => [e.backend, []]));
  const notes: string[] = [];
  for (const c of cases) {
    const input = seeded(size(c.inputShape), 1);
    const filter = seeded(size(c.filterShape), 2);
    const bias = seeded(c.filterShape[1] * (c.options.groups ?? 1), 3);
    const options: ConvTranspose2dOptions = { ...c.options, bias };
    const expected = reference.convTranspose2d({ data: input, shape: c.inputShape }, { data: filter, shape: c.filterShape }, options);
    const abs = (a: Float32Array) => a.map(Math.abs);
    const bound = reference.convTranspose2d({ data: abs(input), shape: c.inputShape }, { data: abs(filter), shape: c.filterShape }, { ...c.options, bias: abs(bias) }).data;
    const calls: [string, Call][] = [];
    for (const e of engines) {
      const { prealloc, fresh } = simdconvCalls(e, c, filter, bias, input);
      calls.push([`${e.backend} prealloc`, prealloc], [`${e.backend} fresh`, fresh]);
    }
    if (peers.includes('ort-web')) calls.push(['ort-web', await ortCall(c, input, filter, bias, expected.shape)]);
    if (peers.includes('tfjs-wasm')) {
      await tf.setBackend('wasm');
      calls.push(['tfjs-wasm', tfjsCall(c, input, filter, bias, expected.shape)]);
    }
    for (const [label, call] of calls) {
      check(`${c.id} ${label}`, await call.run(), expected, bound, call.nhwc);
      if (call.note !== undefined) notes.push(`${c.id} tfjs-wasm: ${call.note}`);
    }
    const rows: Row[] = calls.map(([label]) => ({ label, rounds: [], samples: [] }));
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < calls.length; i++) {
        const [label, call] = calls[i]!;
        const timed = await timeTask(`${c.id} ${label}`, call, { time, iterations: 5, warmup: true });
        rows[i]!.rounds.push(median(timed.samples));
        rows[i]!.samples.push(...timed.samples);
      }
    }
    for (const [, call] of calls) await call.dispose();
    const show = (row: Row) => {
      const sorted = row.samples.slice().sort((a, b) => a - b);
      const f = (v: number) => (v < 0.1 ? v.toFixed(3) : v < 10 ? v.toFixed(2) : v.toFixed(1));
      return `${f(quantile(sorted, 0.5))} [${f(quantile(sorted, 0.1))}–${f(quantile(sorted, 0.9))}]`;
    };
    const med = (label: string) => median(rows.find((r) => r.label === label)!.samples);
    const best = Math.min(...peers.map((p) => med(p)));
    const caseRatios = engines.map((e) => {
      const ratio = best / med(`${e.backend} prealloc`);
      ratios.get(e.backend)!.push(ratio);
      return ratio.toFixed(2);
    });
    lines.push(`| ${c.id} | ${c.name} | ${rows.map(show).join(' | ')} | ${peers.length > 0 ? caseRatios.join(', ') : '–'} |`);
    process.stderr.write(`${c.id} done\n`);
  }
  if (peers.length > 0) {
    lines.push('', `Geometric mean of the ratios: ${engines.map((e) => `${e.backend} ${geomean(ratios.get(e.backend)!).toFixed(2)}×`).join(', ')}.`);
  }
  if (notes.length > 0) lines.push('', ...notes.map((n) => `- ${n}`));
  console.log(lines.join('\n'));
}
