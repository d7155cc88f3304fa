/**
 * ONNX Runtime Web's `QLinearConv` (wasm execution provider, MLAS's quantized kernels) as a peer
 * of simdconv's int8 layers (`--suite int8`, bench/int8-suite.ts): a one-node model
 * (./onnx-model.ts, `qlinearConvModel`) with every input but `x` an initializer, so ORT packs the
 * filter and folds the scales when the session is created. A call is `session.run` with a
 * uint8 or int8 tensor of `x` (copied in, run, copied out) and `.data` of the output: a new
 * array every call (ORT Web leaves a preallocated output's array unwritten; docs/benchmark.md).
 *
 * Threads: through `initOrtWeb` (./ort-web.ts), once per process; a run at another count goes in
 * another process (the int8 suite runs each further thread count's pass in a child).
 */
import * as ort from 'onnxruntime-web';
import { initOrtWeb } from './ort-web.js';
import { qlinearConvModel, QLINEAR_CONV_MODEL_NAMES, type QLinearConvModelSpec } from './onnx-model.js';

export type QuantizedData = Uint8Array | Int8Array;

export interface OrtQLinearConv {
  /** One call: `x` in (the spec's shape and type), a new output array out. */
  run(input: QuantizedData): Promise<QuantizedData>;
  dispose(): Promise<void>;
  /** How ORT was set up (its options and thread count). */
  readonly setup: string;
}

/** A session running `spec`'s QLinearConv at `threads` threads (default 1; one count per process). */
export async function createOrtQLinearConv(spec: QLinearConvModelSpec, threads = 1): Promise<OrtQLinearConv> {
  const setup = initOrtWeb(threads);
  const session = await ort.InferenceSession.create(qlinearConvModel(spec), {
    executionProviders: ['wasm'],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
  });
  const dims = spec.inputShape.slice();
  const { input: inputName, output: outputName } = QLINEAR_CONV_MODEL_NAMES;
  return {
    setup,
    async run(input: QuantizedData): Promise<QuantizedData> {
      const expected = spec.inputType === 'uint8' ? Uint8Array : Int8Array;
      if (!(input instanceof expected)) throw new TypeError(`ort QLinearConv: the model takes ${spec.inputType} activations`);
      const tensor = input instanceof Uint8Array ? new ort.Tensor('uint8', input, dims) : new ort.Tensor('int8', input, dims);
      const results = await session.run({ [inputName]: tensor });
      const y = results[outputName]!;
      const data = y.data as QuantizedData;
      y.dispose();
      return data;
    },
    dispose: () => session.release(),
  };
}
