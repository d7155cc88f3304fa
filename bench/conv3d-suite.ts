/**
 * `npm run bench -- --suite conv3d`: 3-D convolutions of video and volume networks, simdconv's
 * prepacked layers (`engine.createConv3d`) against ONNX Runtime Web's `Conv` on 5-D tensors (a
 * one-node model, wasm EP, one thread), NCDHW, batch 1, bias on. Every output is checked against
 * `reference.conv3d` before it is timed (bench/layer-suite.ts).
 *
 * The layers: C3D's 3×3×3 block and a 3-D U-Net's (Tran et al. 2015, Çiçek et al. 2016, at
 * reduced sizes so the suite runs in a minute or two), R(2+1)D's factorised pair (a 3×1×1
 * temporal and a 1×3×3 spatial conv; Tran et al. 2018), an R3D-style stem (3×7×7, stride
 * (1, 2, 2)), and X3D's channel-wise 3×3×3 (Feichtenhofer 2020).
 */
import * as ort from 'onnxruntime-web';
import { reference, type Conv3dOptions, type Engine } from '../src/index.js';
import { runLayerSuite, seeded, size, type Call, type LayerSuite } from './layer-suite.js';
import { convModel, CONV_MODEL_NAMES } from './peers/onnx-model.js';

interface Conv3dCase {
  readonly id: string;
  readonly name: string;
  /** NCDHW. */
  readonly inputShape: readonly [number, number, number, number, number];
  /** OIDHW. */
  readonly filterShape: readonly [number, number, number, number, number];
  readonly padding: readonly [number, number, number];
  readonly strides?: readonly [number, number, number];
  readonly groups?: number;
}

export const CONV3D_SUITE: readonly Conv3dCase[] = Object.freeze([
  { id: 'V1', name: 'C3D-style 64→64 3×3×3, 8×28²', inputShape: [1, 64, 8, 28, 28], filterShape: [64, 64, 3, 3, 3], padding: [1, 1, 1] },
  { id: 'V2', name: 'R(2+1)D temporal 64→64 3×1×1, 8×28²', inputShape: [1, 64, 8, 28, 28], filterShape: [64, 64, 3, 1, 1], padding: [1, 0, 0] },
  { id: 'V3', name: 'R(2+1)D spatial 64→64 1×3×3, 8×28²', inputShape: [1, 64, 8, 28, 28], filterShape: [64, 64, 1, 3, 3], padding: [0, 1, 1] },
  { id: 'V4', name: '3-D U-Net 32→32 3×3×3, 32³', inputShape: [1, 32, 32, 32, 32], filterShape: [32, 32, 3, 3, 3], padding: [1, 1, 1] },
  { id: 'V5', name: 'R3D stem 3→64 3×7×7 s(1,2,2), 8×112²', inputShape: [1, 3, 8, 112, 112], filterShape: [64, 3, 3, 7, 7], padding: [1, 3, 3], strides: [1, 2, 2] },
  { id: 'V6', name: 'X3D channel-wise 96 ch 3×3×3, 8×28²', inputShape: [1, 96, 8, 28, 28], filterShape: [96, 1, 3, 3, 3], padding: [1, 1, 1], groups: 96 },
]);

function optionsOf(c: Conv3dCase, bias: Float32Array): Conv3dOptions {
  return { padding: c.padding, strides: c.strides ?? [1, 1, 1], groups: c.groups ?? 1, bias };
}

async function ortCall(c: Conv3dCase, input: Float32Array, filter: Float32Array, bias: Float32Array, outputShape: readonly number[]): Promise<Call> {
  const model = convModel({
    inputShape: c.inputShape,
    filter: { data: filter, shape: c.filterShape },
    bias,
    padding: [0, 0, 0, 0],
    onnxPads: [...c.padding, ...c.padding],
    strides: c.strides ?? [1, 1, 1],
    dilations: [1, 1, 1],
    groups: c.groups ?? 1,
    outputShape,
  });
  const session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'], graphOptimizationLevel: 'all', intraOpNumThreads: 1, interOpNumThreads: 1 });
  return {
    async: true,
    channelsLast: false,
    async run() {
      const results = await session.run({ [CONV_MODEL_NAMES.input]: new ort.Tensor('float32', input, c.inputShape.slice()) });
      const y = results[CONV_MODEL_NAMES.output]!;
      const data = y.data as Float32Array;
      y.dispose();
      return data;
    },
    dispose: () => session.release(),
  };
}

function simdconvCalls(engine: Engine, c: Conv3dCase, filter: Float32Array, bias: Float32Array, input: Float32Array): [Call, Call] {
  const layer = engine.createConv3d({ data: filter, shape: c.filterShape }, optionsOf(c, bias));
  const x = { data: input, shape: c.inputShape };
  const shape = layer.outputShape(c.inputShape);
  const out = { data: new Float32Array(size(shape)), shape };
  return [
    { async: false, channelsLast: false, run: () => layer.run(x, out).data, dispose: () => layer.dispose() },
    { async: false, channelsLast: false, run: () => layer.run(x).data, dispose: () => undefined },
  ];
}

export const CONV3D: LayerSuite<Conv3dCase> = {
  suite: 'conv3d',
  title: 'simdconv 3-D convolution benchmark',
  cases: CONV3D_SUITE,
  defaultPeers: ['ort-web'],
  peersLine: () => `Peer: onnxruntime-web ${ort.env.versions.web ?? '?'} (wasm EP, Conv on 5-D tensors, numThreads 1).`,
  async setup(peers) {
    if (!peers.includes('ort-web')) return;
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.simd = true;
    ort.env.wasm.proxy = false;
    ort.env.logLevel = 'error';
  },
  async prepare(c, engines, peers) {
    const input = seeded(size(c.inputShape), 1);
    const filter = seeded(size(c.filterShape), 2);
    const bias = seeded(c.filterShape[0], 3);
    const expected = reference.conv3d({ data: input, shape: c.inputShape }, { data: filter, shape: c.filterShape }, optionsOf(c, bias));
    const abs = (a: Float32Array) => a.map(Math.abs);
    const bound = reference.conv3d({ data: abs(input), shape: c.inputShape }, { data: abs(filter), shape: c.filterShape }, optionsOf(c, abs(bias))).data;
    const calls: [string, Call][] = [];
    for (const e of engines) {
      const [prealloc, fresh] = simdconvCalls(e, c, filter, bias, input);
      calls.push([`${e.backend} prealloc`, prealloc], [`${e.backend} fresh`, fresh]);
    }
    if (peers.includes('ort-web')) calls.push(['ort-web', await ortCall(c, input, filter, bias, expected.shape)]);
    return { calls, expected, bound };
  },
};

export function runConv3dSuite(argv: readonly string[]): Promise<void> {
  return runLayerSuite(CONV3D, argv);
}
