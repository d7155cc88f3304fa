import { readOptions } from '../options/keys.js';
import { oneOf } from '../options/numbers.js';
import { CONV1D, CONV2D, type Conv1dOptions, type Conv2dOptions } from '../options/conv.js';
import type { AvgPool2dOptions, Pool2dOptions } from '../options/pool.js';
import * as reference from '../reference/index.js';
import type { Tensor } from '../tensor.js';
import { compile, compileSync } from '../wasm/binary.js';
import { bestBackend, supports, type Backend, type WasmBackend } from '../wasm/features.js';
import { WasmKernels } from '../wasm/kernels.js';
import { WasmConvLayer, wasmConvolve } from './conv-layer.js';
import { checkNotDisposed, hostTensor, wasmTensor, type EngineTensor } from './engine-tensor.js';
import { JsConvLayer, JsPoolLayer } from './js-layers.js';
import type { ConvLayer, Layer } from './layer.js';
import { WasmPoolLayer } from './pool-layer.js';

/**
 * A convolution engine: the public kernels bound to one backend. Every method validates its
 * arguments exactly as the reference does and throws before touching wasm memory; a failed call
 * leaves the engine usable.
 */
export interface Engine {
  /** Which implementation runs: a WebAssembly build or the pure-JS reference. */
  readonly backend: Backend;
  conv2d(input: Tensor, filter: Tensor, options?: Conv2dOptions): Tensor;
  conv1d(input: Tensor, filter: Tensor, options?: Conv1dOptions): Tensor;
  maxPool2d(input: Tensor, options?: Pool2dOptions): Tensor;
  avgPool2d(input: Tensor, options?: AvgPool2dOptions): Tensor;
  /**
   * A prepacked convolution: the filter and bias are validated and packed once; `run` takes
   * any batch and spatial size the filter fits. Depthwise and grouped convs too (`groups`).
   *
   * @example
   * const conv = engine.createConv2d(w, { padding: 'same', bias, activation: 'relu' });
   * for (const frame of frames) show(conv.run(frame));
   * conv.dispose();
   */
  createConv2d(filter: Tensor, options?: Conv2dOptions): ConvLayer;
  /** {@link Engine.createConv2d} for {@link Engine.conv1d}. */
  createConv1d(filter: Tensor, options?: Conv1dOptions): ConvLayer;
  /** A max-pooling layer (its options fixed; they are checked against each input shape). */
  createMaxPool2d(options?: Pool2dOptions): Layer;
  /** An average-pooling layer; with no window, global average pooling. */
  createAvgPool2d(options?: AvgPool2dOptions): Layer;
  /**
   * A tensor in this engine's memory, zero-filled or holding a copy of `data`, for layers to
   * read and write in place (see {@link EngineTensor}). Free it with `dispose()`.
   *
   * @example
   * const x = engine.tensor([1, 3, 224, 224], pixels);
   * const y = engine.tensor(conv.outputShape(x.shape));
   * conv.run(x, y);
   */
  tensor(shape: readonly number[], data?: Float32Array | readonly number[]): EngineTensor;
  /** Bytes of WebAssembly memory held (0 for `'js'`); it grows to the largest need and stays. */
  readonly memoryBytes: number;
}

/** `'auto'` picks relaxed-simd → simd → scalar → js, the first this JavaScript engine runs. */
export type BackendChoice = 'auto' | Backend;

/** Options of {@link createEngine}. */
export interface EngineOptions {
  /** Default `'auto'`. Naming a build that this JavaScript engine cannot run is an error. */
  readonly backend?: BackendChoice;
}

const CHOICES: readonly BackendChoice[] = ['auto', 'relaxed-simd', 'simd', 'scalar', 'js'];

function chooseBackend(fn: string, options: unknown): Backend {
  const o = readOptions(fn, options, ['backend']);
  const choice = oneOf(fn, 'backend', o.backend, CHOICES, 'auto');
  if (choice === 'auto') return bestBackend();
  if (!supports(choice)) {
    const hint = choice === 'relaxed-simd' ? ' (Node 20 needs --experimental-wasm-relaxed-simd; Node ≥ 22 and Chrome ≥ 114 have it)' : '';
    throw new Error(`${fn}: this JavaScript engine cannot run the '${choice}' backend${hint}`);
  }
  return choice;
}

/**
 * Creates an engine on the chosen backend, compiling its WebAssembly build (from the package's
 * `dist/wasm/` folder: read from disk in Node, Bun and Deno, fetched next to the module
 * elsewhere). Each engine owns its memory.
 *
 * @example
 * const engine = await createEngine();                     // the fastest build available
 * engine.backend;                                          // 'simd' on Node 20, 'relaxed-simd' on Node 22
 * const y = engine.conv2d(x, w, { padding: 'same' });
 * const scalar = await createEngine({ backend: 'scalar' }); // force a build
 */
export async function createEngine(options: EngineOptions = {}): Promise<Engine> {
  const backend = chooseBackend('createEngine', options);
  if (backend === 'js') return jsEngine();
  return wasmEngine(new WasmKernels(backend, await compile(backend)));
}

/**
 * {@link createEngine} without waiting: compiles synchronously from the file system, so it
 * works where there is one (Node, Bun, Deno) and throws elsewhere.
 */
export function createEngineSync(options: EngineOptions = {}): Engine {
  const backend = chooseBackend('createEngineSync', options);
  if (backend === 'js') return jsEngine();
  return wasmEngine(new WasmKernels(backend, compileSync(backend)));
}

function jsEngine(): Engine {
  const checked = <T extends unknown[], R>(fn: string, run: (input: Tensor, ...rest: T) => R) => (input: Tensor, ...rest: T): R => {
    checkNotDisposed(fn, 'input', input);
    return run(input, ...rest);
  };
  return {
    backend: 'js',
    conv2d: checked('conv2d', reference.conv2d),
    conv1d: checked('conv1d', reference.conv1d),
    maxPool2d: checked('maxPool2d', reference.maxPool2d),
    avgPool2d: checked('avgPool2d', reference.avgPool2d),
    createConv2d: (filter, options) => new JsConvLayer(CONV2D, filter, options),
    createConv1d: (filter, options) => new JsConvLayer(CONV1D, filter, options),
    createMaxPool2d: (options) => new JsPoolLayer('maxPool2d', options),
    createAvgPool2d: (options) => new JsPoolLayer('avgPool2d', options),
    tensor: (shape, data) => hostTensor(shape, data),
    memoryBytes: 0,
  };
}

function wasmEngine(kernels: WasmKernels): Engine {
  const pool = (fn: 'maxPool2d' | 'avgPool2d', input: Tensor, options: unknown) => new WasmPoolLayer(kernels, fn, options).run(input);
  return {
    backend: kernels.backend as WasmBackend,
    conv2d: (input, filter, options = {}) => wasmConvolve(kernels, CONV2D, input, filter, options),
    conv1d: (input, filter, options = {}) => wasmConvolve(kernels, CONV1D, input, filter, options),
    maxPool2d: (input, options = {}) => pool('maxPool2d', input, options),
    avgPool2d: (input, options = {}) => pool('avgPool2d', input, options),
    createConv2d: (filter, options) => new WasmConvLayer(kernels, CONV2D, filter, options),
    createConv1d: (filter, options) => new WasmConvLayer(kernels, CONV1D, filter, options),
    createMaxPool2d: (options) => new WasmPoolLayer(kernels, 'maxPool2d', options),
    createAvgPool2d: (options) => new WasmPoolLayer(kernels, 'avgPool2d', options),
    tensor: (shape, data) => wasmTensor(kernels, shape, data),
    get memoryBytes() {
      return kernels.memoryBytes;
    },
  };
}
