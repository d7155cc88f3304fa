/**
 * Peer: ONNX Runtime Web on its WebAssembly execution provider (MLAS kernels, SIMD), one
 * thread. Each case is a one-node ONNX `Conv` model with W and B as initializers
 * (./onnx-model.ts), so ORT packs the weights when the session is created; a call is
 * `session.run` (copies the input in, runs, copies the output out) and `.data` of the output.
 *
 * Threads: `env.wasm.numThreads = 1` (ORT then spawns no worker; with more it starts pthread
 * workers), set before the first session; the setup line records it, and the bench's
 * CPU-time / wall-time column shows it. ORT initialises its wasm once per process, so a run at
 * more threads (`--threads 1,2`) times ORT at T > 1 in a child process: ./ort-web-process.ts.
 * NCHW in, NCHW out: ORT's native layout.
 */
import * as ort from 'onnxruntime-web';
import { convModel, CONV_MODEL_NAMES } from './onnx-model.js';
import { convCase, type ConvCase, type Peer, type PreparedConv } from './peer.js';

let initialised: number | undefined;

/**
 * Sets ONNX Runtime Web's wasm options for `threads` threads, once per process (a second count
 * throws); returns the setup line. Every ORT peer of the bench (this one, ./ort-qlinear.ts) goes
 * through it.
 */
export function initOrtWeb(threads: number): string {
  if (initialised !== undefined && initialised !== threads) {
    throw new Error(`ort-web: this process runs ONNX Runtime at ${initialised} thread(s), asked for ${threads}; ORT initialises once per process, so run the other count in a child (./ort-web-process.ts)`);
  }
  if (initialised === undefined) {
    ort.env.wasm.numThreads = threads;
    ort.env.wasm.simd = true;
    ort.env.wasm.proxy = false;
    ort.env.logLevel = 'error';
    initialised = threads;
  }
  const w = ort.env.wasm;
  return `wasm execution provider, env.wasm.numThreads=${String(w.numThreads)}, env.wasm.simd=${String(w.simd)}, proxy=${String(w.proxy)}, graphOptimizationLevel 'all'`;
}

/** A session for one case's Conv model. */
export async function createConvSession(c: ConvCase, threads = 1): Promise<ort.InferenceSession> {
  const model = convModel({
    inputShape: c.input.shape,
    filter: c.filter,
    ...(c.bias === undefined ? {} : { bias: c.bias }),
    padding: c.padding,
    strides: c.strides,
    dilations: c.dilations,
    groups: c.groups,
    outputShape: c.outputShape,
  });
  return ort.InferenceSession.create(model, { executionProviders: ['wasm'], graphOptimizationLevel: 'all', intraOpNumThreads: threads, interOpNumThreads: 1 });
}

/** The ort-web peer at `threads` threads (default 1); one count per process. */
export async function createOrtWebPeer(threads = 1): Promise<Peer> {
  const setup = initOrtWeb(threads);
  // The first session loads and instantiates ORT's .wasm (~0.3 s): do it here, so that no
  // case's setup time includes it.
  const tiny = new Float32Array(1);
  await (await createConvSession(convCase({ data: tiny, shape: [1, 1, 1, 1] }, { data: tiny, shape: [1, 1, 1, 1] }, {}), threads)).release();
  return {
    name: 'ort-web',
    layout: 'nchw',
    version: `onnxruntime-web ${ort.env.versions.web ?? '?'}`,
    setup,
    emulation: () => undefined, // ONNX Conv has group, dilations, pads: every suite case is native
    async prepare(c: ConvCase): Promise<PreparedConv> {
      const session = await createConvSession(c, threads);
      const dims = c.input.shape.slice();
      const { input: inputName, output: outputName } = CONV_MODEL_NAMES;
      return {
        async: true,
        async run(input: Float32Array): Promise<Float32Array> {
          const results = await session.run({ [inputName]: new ort.Tensor('float32', input, dims) });
          const y = results[outputName]!;
          const data = y.data as Float32Array;
          y.dispose();
          return data;
        },
        dispose: () => session.release(),
      };
    },
  };
}
