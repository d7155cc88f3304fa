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
import { reference, type ConvTranspose2dOptions, type Engine } from '../src/index.js';
import { runLayerSuite, seeded, size, toChannelsLast, type Call, type LayerSuite } from './layer-suite.js';
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
    channelsLast: false,
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
  const x4 = toChannelsLast(input, c.inputShape);
  const one = (x: tf.Tensor4D, g: number) => tf.conv2dTranspose(x, filters[g]!, [n, oh, ow, mg], s, p);
  return {
    async: false,
    channelsLast: true,
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
    prealloc: { async: false, channelsLast: false, run: () => layer.run(x, out).data, dispose: () => layer.dispose() },
    fresh: { async: false, channelsLast: false, run: () => layer.run(x).data, dispose: () => undefined },
  };
}

/** The transposed convolution suite for bench/layer-suite.ts. */
export const CONVT: LayerSuite<TransposeCase> = {
  suite: 'convT',
  title: 'simdconv transposed convolution benchmark',
  cases: CONVT_SUITE,
  defaultPeers: ['ort-web', 'tfjs-wasm'],
  peersLine: () => `Peers: onnxruntime-web ${ort.env.versions.web ?? '?'} (wasm EP, ConvTranspose, numThreads 1), @tensorflow/tfjs-backend-wasm (conv2dTranspose + add, NHWC).`,
  async setup(peers) {
    if (peers.includes('tfjs-wasm')) await createTfjsWasmPeer();
    if (peers.includes('ort-web')) {
      ort.env.wasm.numThreads = 1;
      ort.env.wasm.simd = true;
      ort.env.wasm.proxy = false;
      ort.env.logLevel = 'error';
    }
  },
  async prepare(c, engines, peers) {
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
    return { calls, expected, bound };
  },
};

export function runConvTSuite(argv: readonly string[]): Promise<void> {
  return runLayerSuite(CONVT, argv);
}
