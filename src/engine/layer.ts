import type { Tensor } from '../tensor.js';
import type { Int32Tensor, QuantizedTensor } from '../quant/tensor.js';

/**
 * A layer: an operation with its options (and, for convolutions, its packed filter) fixed, to
 * run many times. Made by `engine.createConv2d`, `createConv1d`, `createMaxPool2d` and
 * `createAvgPool2d`.
 *
 * `run(input)` returns a new tensor in JS memory. `run(input, output)` writes into `output`
 * instead and returns it: an engine tensor (`engine.tensor(shape)`, written in place, no copy)
 * or a plain tensor (filled by one copy, no allocation). The input may be a plain tensor or an
 * engine tensor of the same engine (read in place). The output must have exactly
 * `layer.outputShape(input.shape)` and must not be the input.
 *
 * @example
 * const conv = engine.createConv2d(w, { padding: 'same', bias, activation: 'relu' });
 * const y = conv.run(x);                               // plain in, plain out
 * const xs = engine.tensor(x.shape, x.data);
 * const ys = engine.tensor(conv.outputShape(x.shape));
 * conv.run(xs, ys);                                    // no copies through JS
 * conv.dispose(); xs.dispose(); ys.dispose();
 */
export interface Layer {
  /** The output shape for an input of this shape; validates it as `run` does. */
  outputShape(inputShape: readonly number[]): number[];
  run(input: Tensor, output?: Tensor): Tensor;
  /**
   * `run`, for a browser page's main thread on a threaded engine: that thread computes its share
   * of the tiles, then yields to the page while the workers finish (Atomics.waitAsync) instead of
   * spinning. Async runs of one engine run one after another, in call order; errors reject.
   * Anywhere else it gives what `run` gives. Await it before disposing the layer.
   *
   * @example
   * const engine = await createEngine({ threads: 'auto' }); // a cross-origin-isolated page
   * const conv = engine.createConv2d(w, { padding: 'same' });
   * const y = await conv.runAsync(x);
   */
  runAsync(input: Tensor, output?: Tensor): Promise<Tensor>;
  /** Frees the layer's memory; later uses throw. Disposing twice is harmless. */
  dispose(): void;
  readonly disposed: boolean;
}

/** A prepacked convolution (see {@link Layer}). */
export interface ConvLayer extends Layer {
  readonly filterShape: readonly number[];
  /** Bytes of engine memory the packed filter and bias occupy (0 on the js backend). */
  readonly packedBytes: number;
}

/** The error for any use of a disposed layer, the same on every backend. */
export function disposedLayer(fn: string, filterShape?: readonly number[]): Error {
  const what = filterShape === undefined ? '' : ` (filter [${filterShape.join(', ')}])`;
  const create = { conv2d: 'createConv2d', conv1d: 'createConv1d', convTranspose2d: 'createConvTranspose2d', convTranspose1d: 'createConvTranspose1d', convTranspose3d: 'createConvTranspose3d', conv3d: 'createConv3d', maxPool3d: 'createMaxPool3d', avgPool3d: 'createAvgPool3d', maxPool2d: 'createMaxPool2d', avgPool2d: 'createAvgPool2d', qlinearConv2d: 'createQLinearConv2d', qlinearConv1d: 'createQLinearConv1d', convInteger2d: 'createConvInteger2d', convInteger1d: 'createConvInteger1d' }[fn] ?? 'create…';
  return new Error(`${fn}: this layer${what} was disposed; create a new one with engine.${create}()`);
}

/** What a quantized layer returns: 8-bit for QLinearConv, int32 for ConvInteger. */
export type QuantizedResult = QuantizedTensor | Int32Tensor;

/**
 * A prepacked quantized convolution: `engine.createQLinearConv2d` (8-bit out) or
 * `engine.createConvInteger2d` (int32 out). `run(input, output?)` as a float layer's, with
 * quantized tensors: the input `Uint8Array` or `Int8Array` (either, call by call), the output
 * a fresh array or the one given, of the output type and shape. Input and output are copied in
 * and out of the engine's memory, so they may even share a buffer.
 *
 * @example
 * const conv = engine.createQLinearConv2d(w, { padding: 1, inputScale, inputZeroPoint: 128, filterScale, outputScale, outputZeroPoint: 128 });
 * const y = conv.run({ data: pixels, shape: [1, 3, 224, 224] }); // y.data: a Uint8Array
 */
export interface QuantizedConvLayer<Out extends QuantizedResult = QuantizedTensor> {
  readonly filterShape: readonly number[];
  /** Bytes of engine memory the packed filter, bias and scales occupy (0 on the js backend). */
  readonly packedBytes: number;
  /** The output shape for an input of this shape; validates the shape as `run` does (the zero points are checked against the input's type when it runs). */
  outputShape(inputShape: readonly number[]): number[];
  run(input: QuantizedTensor, output?: Out): Out;
  runAsync(input: QuantizedTensor, output?: Out): Promise<Out>;
  dispose(): void;
  readonly disposed: boolean;
}
