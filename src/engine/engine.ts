import { readOptions } from '../options/keys.js';
import { integerArgument, oneOf } from '../options/numbers.js';
import { rangeError } from '../errors.js';
import { CONV1D, CONV2D, type Conv1dOptions, type Conv2dOptions } from '../options/conv.js';
import type { AvgPool2dOptions, Pool2dOptions } from '../options/pool.js';
import { CONV_TRANSPOSE1D, CONV_TRANSPOSE2D, type ConvTranspose1dOptions, type ConvTranspose2dOptions, type ConvTranspose3dOptions } from '../options/conv-transpose.js';
import { WasmConvTranspose3dLayer, wasmConvTranspose3d } from './conv-transpose3d-layer.js';
import type { Conv3dOptions } from '../options/conv3d.js';
import type { AvgPool3dOptions, Pool3dOptions } from '../options/pool3d.js';
import { Pool3dLayer, pool3dOnEngine } from './pool3d.js';
import { WasmConv3dLayer, wasmConv3d } from './conv3d-layer.js';
import type { Tensor } from '../tensor.js';
import { threadedWasmUrl, wasmUrl } from '../wasm/binary.js';
import { bestBackend, supports, WASM_BACKENDS, type Backend, type WasmBackend } from '../wasm/features.js';
import { providedBuild } from '../wasm/provided.js';
import { compileSource, compileSourceSync, readSources, type WasmSource, type WasmSources } from '../wasm/source.js';
import { MAX_MEMORY_BYTES, WasmKernels, type MemoryStats } from '../wasm/kernels.js';
import { kernelsOfEngine } from './kernels-of.js';
import { WasmConvLayer, wasmConvolve } from './conv-layer.js';
import { WasmConvTransposeLayer, wasmConvolveTransposed } from './conv-transpose-layer.js';
import { hostTensor, wasmTensor, type EngineTensor } from './engine-tensor.js';
import { jsConv3d, jsConvolve, jsConvolveTransposed, jsConvTranspose3d, jsPool } from './js-one-shot.js';
import { JsConv3dLayer, JsConvLayer, JsConvTranspose3dLayer, JsConvTransposeLayer, JsPoolLayer } from './js-layers.js';
import type { ConvLayer, Layer } from './layer.js';
import { WasmPoolLayer } from './pool-layer.js';
import { jsLpPool2d, jsMaxPool2dWithIndices, wasmLpPool2d, wasmMaxPool2dWithIndices } from './pool-extras.js';
import type { LpPool2dOptions } from '../reference/lp-pool.js';
import type { IndexTensor, MaxPool2dWithIndicesOptions } from '../reference/max-pool-indices.js';
import { checkSyncStart, readThreads } from './threads.js';
import { CONV_INTEGER1D, CONV_INTEGER2D, QLINEAR_CONV1D, QLINEAR_CONV2D, type ConvInteger1dOptions, type ConvInteger2dOptions, type QLinearConv1dOptions, type QLinearConv2dOptions } from '../quant/qconv-options.js';
import type { Int32Tensor, QuantizedTensor } from '../quant/tensor.js';
import { JsQConvLayer, WasmQConvLayer, type QOneShot } from './qconv-layer.js';
import type { QuantizedConvLayer, QuantizedResult } from './layer.js';
import type { ConvSpec } from '../options/conv.js';

/** A quantized layer on `kernels` (undefined: the js engine); `oneShot`: a one-shot call's. */
function qLayer<Out extends QuantizedResult>(kernels: WasmKernels | undefined, spec: ConvSpec, quantized: boolean, filter: QuantizedTensor, options: unknown, oneShot?: QOneShot): QuantizedConvLayer<Out> {
  return kernels === undefined ? new JsQConvLayer<Out>(spec, quantized, filter, options, oneShot) : new WasmQConvLayer<Out>(kernels, spec, quantized, filter, options, oneShot);
}

/** A one-shot quantized convolution: a layer made, run once and freed. */
function qOnce<Out extends QuantizedResult>(kernels: WasmKernels | undefined, spec: ConvSpec, quantized: boolean, input: QuantizedTensor, filter: QuantizedTensor, options: unknown, output: Out | undefined): Out {
  const layer = qLayer<Out>(kernels, spec, quantized, filter, options, { input, output });
  try {
    return layer.run(input, output);
  } finally {
    layer.dispose();
  }
}

/** The quantized methods of an engine on `kernels` (undefined: the js engine). */
function quantizedMethods(kernels: WasmKernels | undefined) {
  return {
    qlinearConv2d: (input: QuantizedTensor, filter: QuantizedTensor, options: QLinearConv2dOptions, output?: QuantizedTensor) => qOnce(kernels, QLINEAR_CONV2D, true, input, filter, options, output),
    qlinearConv1d: (input: QuantizedTensor, filter: QuantizedTensor, options: QLinearConv1dOptions, output?: QuantizedTensor) => qOnce(kernels, QLINEAR_CONV1D, true, input, filter, options, output),
    convInteger2d: (input: QuantizedTensor, filter: QuantizedTensor, options: ConvInteger2dOptions = {}, output?: Int32Tensor) => qOnce(kernels, CONV_INTEGER2D, false, input, filter, options, output),
    convInteger1d: (input: QuantizedTensor, filter: QuantizedTensor, options: ConvInteger1dOptions = {}, output?: Int32Tensor) => qOnce(kernels, CONV_INTEGER1D, false, input, filter, options, output),
    createQLinearConv2d: (filter: QuantizedTensor, options: QLinearConv2dOptions) => qLayer<QuantizedTensor>(kernels, QLINEAR_CONV2D, true, filter, options),
    createQLinearConv1d: (filter: QuantizedTensor, options: QLinearConv1dOptions) => qLayer<QuantizedTensor>(kernels, QLINEAR_CONV1D, true, filter, options),
    createConvInteger2d: (filter: QuantizedTensor, options: ConvInteger2dOptions = {}) => qLayer<Int32Tensor>(kernels, CONV_INTEGER2D, false, filter, options),
    createConvInteger1d: (filter: QuantizedTensor, options: ConvInteger1dOptions = {}) => qLayer<Int32Tensor>(kernels, CONV_INTEGER1D, false, filter, options),
  };
}

/**
 * A convolution engine: the public kernels bound to one backend. Every method validates its
 * arguments exactly as the reference does and throws before touching wasm memory; a failed call
 * leaves the engine usable.
 */
export interface Engine {
  /** Which implementation runs: a WebAssembly build or the pure-JS reference. */
  readonly backend: Backend;
  /**
   * {@link conv2d} on this engine. `output`, when given, receives the result and is returned, with
   * the contract of a layer's `run(input, output)`: exactly the output shape, not overlapping the
   * input; a plain tensor is filled by one copy, an engine tensor of this engine in place.
   */
  conv2d(input: Tensor, filter: Tensor, options?: Conv2dOptions, output?: Tensor): Tensor;
  /** {@link conv1d} on this engine; `output` as for {@link Engine.conv2d}. */
  conv1d(input: Tensor, filter: Tensor, options?: Conv1dOptions, output?: Tensor): Tensor;
  /** {@link conv3d} on this engine; `output` as for {@link Engine.conv2d}. */
  conv3d(input: Tensor, filter: Tensor, options?: Conv3dOptions, output?: Tensor): Tensor;
  /** {@link convTranspose2d} on this engine; `output` as for {@link Engine.conv2d}. */
  convTranspose2d(input: Tensor, filter: Tensor, options?: ConvTranspose2dOptions, output?: Tensor): Tensor;
  /** {@link convTranspose3d} on this engine; `output` as for {@link Engine.conv2d}. */
  convTranspose3d(input: Tensor, filter: Tensor, options?: ConvTranspose3dOptions, output?: Tensor): Tensor;
  /** {@link convTranspose1d} on this engine; `output` as for {@link Engine.conv2d}. */
  convTranspose1d(input: Tensor, filter: Tensor, options?: ConvTranspose1dOptions, output?: Tensor): Tensor;
  /** {@link maxPool3d} on this engine: its 2-D pooling of every depth plane, then the depth taps. */
  maxPool3d(input: Tensor, options?: Pool3dOptions, output?: Tensor): Tensor;
  /** {@link avgPool3d} on this engine. */
  avgPool3d(input: Tensor, options?: AvgPool3dOptions, output?: Tensor): Tensor;
  /** {@link maxPool2d} on this engine; `output` as for {@link Engine.conv2d}. */
  maxPool2d(input: Tensor, options?: Pool2dOptions, output?: Tensor): Tensor;
  /** {@link avgPool2d} on this engine; `output` as for {@link Engine.conv2d}. */
  avgPool2d(input: Tensor, options?: AvgPool2dOptions, output?: Tensor): Tensor;
  /** {@link lpPool2d} on this engine (wasm: p = 1 and 2; other exponents in JavaScript); `output` as for {@link Engine.conv2d}. */
  lpPool2d(input: Tensor, options?: LpPool2dOptions, output?: Tensor): Tensor;
  /** {@link maxPool2dWithIndices} on this engine. */
  maxPool2dWithIndices(input: Tensor, options?: MaxPool2dWithIndicesOptions): { output: Tensor; indices: IndexTensor };
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
  /**
   * A prepacked transposed convolution: the filter is cut into one sub-filter per output phase
   * and packed once; `run` takes any batch and spatial size (one size, with `outputSizes`).
   *
   * @example
   * const up = engine.createConvTranspose2d(w, { strides: 2, padding: 1, outputPadding: 1, bias });
   * const y = up.run(x); // [N, Cout, 2H, 2W] for a 3×3 kernel
   * up.dispose();
   */
  createConvTranspose2d(filter: Tensor, options?: ConvTranspose2dOptions): ConvLayer;
  /** {@link Engine.createConvTranspose2d} for {@link Engine.convTranspose1d}. */
  createConvTranspose1d(filter: Tensor, options?: ConvTranspose1dOptions): ConvLayer;
  /** {@link Engine.createConvTranspose2d} for {@link Engine.convTranspose3d}. */
  createConvTranspose3d(filter: Tensor, options?: ConvTranspose3dOptions): ConvLayer;
  /** {@link Engine.createConv2d} for {@link Engine.conv3d}: the filter packed once, any batch and size. */
  createConv3d(filter: Tensor, options?: Conv3dOptions): ConvLayer;
  /** A max-pooling layer (its options fixed; they are checked against each input shape). */
  createMaxPool2d(options?: Pool2dOptions): Layer;
  /** An average-pooling layer; with no window, global average pooling. */
  createAvgPool2d(options?: AvgPool2dOptions): Layer;
  /** A 3-D max-pooling layer (its options fixed and their form checked now). */
  createMaxPool3d(options?: Pool3dOptions): Layer;
  /** A 3-D average-pooling layer. */
  createAvgPool3d(options?: AvgPool3dOptions): Layer;
  /**
   * {@link qlinearConv2d} on this engine: ONNX QLinearConv, bit for bit as `reference.qlinearConv2d`.
   * `output`, when given, must be an array of the output type and exactly the output shape.
   */
  qlinearConv2d(input: QuantizedTensor, filter: QuantizedTensor, options: QLinearConv2dOptions, output?: QuantizedTensor): QuantizedTensor;
  /** {@link qlinearConv1d} on this engine. */
  qlinearConv1d(input: QuantizedTensor, filter: QuantizedTensor, options: QLinearConv1dOptions, output?: QuantizedTensor): QuantizedTensor;
  /** {@link convInteger2d} on this engine: ONNX ConvInteger, int32 out. */
  convInteger2d(input: QuantizedTensor, filter: QuantizedTensor, options?: ConvInteger2dOptions, output?: Int32Tensor): Int32Tensor;
  /** {@link convInteger1d} on this engine. */
  convInteger1d(input: QuantizedTensor, filter: QuantizedTensor, options?: ConvInteger1dOptions, output?: Int32Tensor): Int32Tensor;
  /**
   * A prepacked {@link qlinearConv2d}: the filter's zero points subtracted and its weights laid
   * out for the int8 kernels once; bias and requantization scales with them. Any batch, size and
   * input type (uint8 or int8) per run.
   *
   * @example
   * const conv = engine.createQLinearConv2d({ data: w, shape: [64, 64, 3, 3] }, {
   *   padding: 1, inputScale: 0.02, inputZeroPoint: 128, filterScale: scales, outputScale: 0.04, outputZeroPoint: 128, bias, activation: 'relu',
   * });
   * const y = conv.run({ data: x, shape: [1, 64, 56, 56] }); // Uint8Array out
   */
  createQLinearConv2d(filter: QuantizedTensor, options: QLinearConv2dOptions): QuantizedConvLayer;
  /** {@link Engine.createQLinearConv2d} for {@link Engine.qlinearConv1d}. */
  createQLinearConv1d(filter: QuantizedTensor, options: QLinearConv1dOptions): QuantizedConvLayer;
  /** A prepacked {@link convInteger2d} (int32 out). */
  createConvInteger2d(filter: QuantizedTensor, options?: ConvInteger2dOptions): QuantizedConvLayer<Int32Tensor>;
  /** {@link Engine.createConvInteger2d} for {@link Engine.convInteger1d}. */
  createConvInteger1d(filter: QuantizedTensor, options?: ConvInteger1dOptions): QuantizedConvLayer<Int32Tensor>;
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
  /** Threads this engine runs a call on: the calling thread and `threads − 1` workers. */
  readonly threads: number;
  /**
   * Ends the engine's worker threads; later calls on it, its layers or tensors throw. Not needed
   * for a Node process to exit.
   *
   * @example
   * engine.dispose();
   */
  dispose(): void;
}

/** `'auto'` picks relaxed-simd → simd → scalar → js, the first this JavaScript engine runs. */
export type BackendChoice = 'auto' | Backend;

/** Options of {@link createEngine}, {@link createEngineSync} and `ready`. */
export interface EngineOptions {
  /** Default `'auto'`. Naming a build that this JavaScript engine cannot run is an error. */
  readonly backend?: BackendChoice;
  /**
   * The build to run instead of the package's own `dist/wasm/simdconv.<backend>.wasm`: a
   * compiled `WebAssembly.Module` (Workers-style runtimes, which forbid compiling at run time),
   * its bytes, or a URL; or a record of those by backend, from which `'auto'` picks the fastest
   * this engine runs. A single build is checked to be the one `backend` names, if it names one.
   *
   * @example
   * import simd from 'simdconv/wasm/simd.wasm';           // a WebAssembly.Module in workerd
   * const engine = await createEngine({ wasm: simd });
   * await ready({ wasm: { 'relaxed-simd': new URL('/assets/relaxed.wasm', location.href), simd: '/assets/simd.wasm' } });
   */
  readonly wasm?: WasmSources;
  /**
   * The most WebAssembly memory the engine may hold, in bytes (default and maximum 4 GiB, what
   * wasm32 addresses). A call, layer or tensor that would grow memory past it is a RangeError
   * naming the figures, thrown before anything is allocated; the engine stays usable. The
   * `'js'` backend holds no WebAssembly memory and ignores it.
   *
   * @example
   * const engine = await createEngine({ maxMemoryBytes: 64 * 1024 * 1024 }); // 64 MiB
   */
  readonly maxMemoryBytes?: number;
  /**
   * Threads a call may run on (default 1): a number, honoured as given, or `'auto'` (the cores
   * available, up to 8; 1 where threads cannot run). Above 1 needs the 'simd' or 'relaxed-simd'
   * build and Node, Deno, Bun or a cross-origin-isolated page (or its web workers); elsewhere it
   * is an error naming why. On a page's main thread, run layers with `await layer.runAsync(x)`.
   * See the README, "Threads".
   *
   * @example
   * const engine = await createEngine({ threads: 'auto' }); // engine.threads: 2 on 2 cores
   */
  readonly threads?: number | 'auto';
}

const CHOICES: readonly BackendChoice[] = ['auto', 'relaxed-simd', 'simd', 'scalar', 'js'];

/** What to load: a build (undefined: whichever the caller's single source is), from where. */
type LoadPlan =
  | { readonly backend: 'js' }
  | { readonly backend: WasmBackend | undefined; readonly source: WasmSource | undefined; readonly where: string; readonly maxMemoryBytes: number; readonly threads: number };

function runnable(fn: string, choice: WasmBackend): WasmBackend {
  if (!supports(choice)) {
    const hint = choice === 'relaxed-simd' ? ' (Node 20 needs --experimental-wasm-relaxed-simd; Node ≥ 22 and Chrome ≥ 114 have it)' : '';
    throw new Error(`${fn}: this JavaScript engine cannot run the '${choice}' backend${hint}`);
  }
  return choice;
}

function describeSource(source: WasmSource): string {
  if (source instanceof WebAssembly.Module) return 'options.wasm (a WebAssembly.Module)';
  if (source instanceof URL || typeof source === 'string') return String(source);
  return 'options.wasm (bytes)';
}

function planLoad(fn: string, options: unknown): LoadPlan {
  const o = readOptions(fn, options, ['backend', 'wasm', 'maxMemoryBytes', 'threads']);
  const choice = oneOf(fn, 'backend', o.backend, CHOICES, 'auto');
  const maxMemoryBytes = o.maxMemoryBytes === undefined ? MAX_MEMORY_BYTES : integerArgument(fn, 'maxMemoryBytes', o.maxMemoryBytes, 1);
  if (maxMemoryBytes > MAX_MEMORY_BYTES) rangeError(fn, `maxMemoryBytes must be at most ${MAX_MEMORY_BYTES} (4 GiB, what wasm32 addresses), got ${maxMemoryBytes}`);
  if (choice === 'js') {
    if (o.wasm !== undefined) readSources(fn, o.wasm); // checked, though the js backend has no use for it
    readThreads(fn, o.threads, 'js');
    return { backend: 'js' };
  }
  const source = planSource(fn, choice, o.wasm);
  const threads = readThreads(fn, o.threads, source.backend);
  if (source.backend === 'js') return { backend: 'js' };
  if (threads > 1 && o.wasm === undefined) {
    const url = threadedWasmUrl(source.backend as 'simd' | 'relaxed-simd');
    return { backend: source.backend, source: url, where: url.href, maxMemoryBytes, threads };
  }
  return { ...source, maxMemoryBytes, threads };
}

function planSource(fn: string, choice: Exclude<BackendChoice, 'js'>, wasm: unknown): { backend: WasmBackend | undefined; source: WasmSource | undefined; where: string } | { backend: 'js' } {
  if (wasm === undefined) {
    const backend = choice === 'auto' ? bestBackend() : runnable(fn, choice);
    if (backend === 'js') return { backend };
    const provided = providedBuild(backend);
    if (provided !== undefined) return { backend, source: provided, where: `the '${backend}' module imported by simdconv's workerd entry` };
    return { backend, source: undefined, where: wasmUrl(backend).href };
  }
  const sources = readSources(fn, wasm);
  if ('single' in sources) {
    return { backend: choice === 'auto' ? undefined : runnable(fn, choice), source: sources.single, where: describeSource(sources.single) };
  }
  const offered = WASM_BACKENDS.filter((b) => sources.byBackend[b] !== undefined);
  const backend = choice === 'auto' ? offered.find(supports) : runnable(fn, choice);
  if (backend === undefined) {
    throw new Error(`${fn}: options.wasm offers ${offered.map((b) => `'${b}'`).join(', ')}, and this JavaScript engine runs none of them`);
  }
  const source = sources.byBackend[backend];
  if (source === undefined) {
    rangeError(fn, `backend '${backend}' was asked for, but options.wasm has no '${backend}' build (it has ${offered.map((b) => `'${b}'`).join(', ')})`);
  }
  return { backend, source, where: describeSource(source) };
}

/**
 * Creates an engine on the chosen backend, compiling its WebAssembly build: the package's own
 * `dist/wasm/` file (read from disk in Node, Bun and Deno; fetched next to the module, compiled
 * while streaming, elsewhere), or the one given as `wasm`. Each engine owns its memory.
 *
 * @example
 * const engine = await createEngine();                     // the fastest build available
 * engine.backend;                                          // 'simd' on Node 20, 'relaxed-simd' on Node 22
 * const y = engine.conv2d(x, w, { padding: 'same' });
 * const scalar = await createEngine({ backend: 'scalar' }); // force a build
 */
export async function createEngine(options: EngineOptions = {}): Promise<Engine> {
  return createEngineAs('createEngine', options);
}

/**
 * {@link createEngine}, its errors named after `fn` (`ready` calls it too).
 *
 * @internal
 */
export async function createEngineAs(fn: string, options: EngineOptions): Promise<Engine> {
  const plan = planLoad(fn, options);
  if (plan.backend === 'js') return jsEngine();
  const module = await compileSource(fn, plan.backend, plan.source);
  const kernels = new WasmKernels(module, plan.backend, plan.where, plan.maxMemoryBytes, fn, plan.threads);
  await kernels.pool?.ready(fn); // without blocking: a browser starts web workers from this thread's event loop
  return wasmEngine(kernels);
}

/**
 * {@link createEngine} without waiting: works where the build can be had synchronously — read
 * from a file system (Node, Bun, Deno), given as a `WebAssembly.Module` or bytes, or provided
 * by the workerd entry — and throws, saying so, elsewhere.
 */
export function createEngineSync(options: EngineOptions = {}): Engine {
  const plan = planLoad('createEngineSync', options);
  if (plan.backend === 'js') return jsEngine();
  checkSyncStart('createEngineSync', plan.threads);
  const module = compileSourceSync('createEngineSync', plan.backend, plan.source);
  const kernels = new WasmKernels(module, plan.backend, plan.where, plan.maxMemoryBytes, 'createEngineSync', plan.threads);
  kernels.pool?.readySync('createEngineSync');
  return wasmEngine(kernels);
}

/** The error for any call on a disposed engine. */
function disposedEngine(fn: string): Error {
  return new Error(`${fn}: this engine was disposed (engine.dispose()); create a new engine`);
}

function jsEngine(): Engine {
  const owner = {}; // this engine's identity, carried by its tensors
  let disposed = false;
  const live = <A extends unknown[], R>(fn: string, f: (...args: A) => R) => (...args: A): R => {
    if (disposed) throw disposedEngine(fn);
    return f(...args);
  };
  const engine: Engine = {
    backend: 'js',
    conv2d: live('conv2d', (input: Tensor, filter: Tensor, options: Conv2dOptions = {}, output?: Tensor) => jsConvolve(owner, CONV2D, input, filter, options, output)),
    conv1d: live('conv1d', (input: Tensor, filter: Tensor, options: Conv1dOptions = {}, output?: Tensor) => jsConvolve(owner, CONV1D, input, filter, options, output)),
    convTranspose3d: live('convTranspose3d', (input: Tensor, filter: Tensor, options: ConvTranspose3dOptions = {}, output?: Tensor) => jsConvTranspose3d(owner, input, filter, options, output)),
    conv3d: live('conv3d', (input: Tensor, filter: Tensor, options: Conv3dOptions = {}, output?: Tensor) => jsConv3d(owner, input, filter, options, output)),
    convTranspose2d: live('convTranspose2d', (input: Tensor, filter: Tensor, options: ConvTranspose2dOptions = {}, output?: Tensor) => jsConvolveTransposed(owner, CONV_TRANSPOSE2D, input, filter, options, output)),
    convTranspose1d: live('convTranspose1d', (input: Tensor, filter: Tensor, options: ConvTranspose1dOptions = {}, output?: Tensor) => jsConvolveTransposed(owner, CONV_TRANSPOSE1D, input, filter, options, output)),
    maxPool2d: live('maxPool2d', (input: Tensor, options: Pool2dOptions = {}, output?: Tensor) => jsPool(owner, 'maxPool2d', input, options, output)),
    avgPool2d: live('avgPool2d', (input: Tensor, options: AvgPool2dOptions = {}, output?: Tensor) => jsPool(owner, 'avgPool2d', input, options, output)),
    lpPool2d: live('lpPool2d', (input: Tensor, options: LpPool2dOptions = {}, output?: Tensor) => jsLpPool2d(owner, input, options, output)),
    maxPool2dWithIndices: live('maxPool2dWithIndices', (input: Tensor, options: MaxPool2dWithIndicesOptions = {}) => jsMaxPool2dWithIndices(owner, input, options)),
    createConv2d: live('createConv2d', (filter: Tensor, options?: Conv2dOptions) => new JsConvLayer(CONV2D, owner, filter, options)),
    createConv1d: live('createConv1d', (filter: Tensor, options?: Conv1dOptions) => new JsConvLayer(CONV1D, owner, filter, options)),
    createConvTranspose3d: live('createConvTranspose3d', (filter: Tensor, options?: ConvTranspose3dOptions) => new JsConvTranspose3dLayer(owner, filter, options)),
    createConv3d: live('createConv3d', (filter: Tensor, options?: Conv3dOptions) => new JsConv3dLayer(owner, filter, options)),
    createConvTranspose2d: live('createConvTranspose2d', (filter: Tensor, options?: ConvTranspose2dOptions) => new JsConvTransposeLayer(CONV_TRANSPOSE2D, owner, filter, options)),
    createConvTranspose1d: live('createConvTranspose1d', (filter: Tensor, options?: ConvTranspose1dOptions) => new JsConvTransposeLayer(CONV_TRANSPOSE1D, owner, filter, options)),
    maxPool3d: live('maxPool3d', (input: Tensor, options: Pool3dOptions = {}, output?: Tensor) => pool3dOnEngine(engine, 'maxPool3d', input, options, output)),
    avgPool3d: live('avgPool3d', (input: Tensor, options: AvgPool3dOptions = {}, output?: Tensor) => pool3dOnEngine(engine, 'avgPool3d', input, options, output)),
    createMaxPool3d: live('createMaxPool3d', (options?: Pool3dOptions) => new Pool3dLayer(engine, 'maxPool3d', options)),
    createAvgPool3d: live('createAvgPool3d', (options?: AvgPool3dOptions) => new Pool3dLayer(engine, 'avgPool3d', options)),
    createMaxPool2d: live('createMaxPool2d', (options?: Pool2dOptions) => new JsPoolLayer('maxPool2d', owner, options)),
    createAvgPool2d: live('createAvgPool2d', (options?: AvgPool2dOptions) => new JsPoolLayer('avgPool2d', owner, options)),
    ...Object.fromEntries(Object.entries(quantizedMethods(undefined)).map(([name, f]) => [name, live(name, f as (...args: unknown[]) => unknown)])) as ReturnType<typeof quantizedMethods>,
    tensor: live('tensor', (shape: readonly number[], data?: Float32Array | readonly number[]) => hostTensor(owner, shape, data)),
    memoryBytes: 0,
    threads: 1,
    dispose: () => {
      disposed = true;
    },
  };
  return engine;
}

/**
 * An engine's memory statistics (undefined for the js backend). Internal: used by the soak tests.
 *
 * @internal
 */
export function memoryStatsOf(engine: Engine): MemoryStats | undefined {
  return kernelsOfEngine.get(engine)?.stats;
}

function wasmEngine(kernels: WasmKernels): Engine {
  const pool = (fn: 'maxPool2d' | 'avgPool2d', input: Tensor, options: unknown, output: Tensor | undefined) => new WasmPoolLayer(kernels, fn, options).run(input, output);
  const engine: Engine = {
    backend: kernels.backend as WasmBackend,
    conv2d: (input, filter, options = {}, output) => wasmConvolve(kernels, CONV2D, input, filter, options, output),
    conv1d: (input, filter, options = {}, output) => wasmConvolve(kernels, CONV1D, input, filter, options, output),
    convTranspose3d: (input, filter, options = {}, output) => wasmConvTranspose3d(kernels, input, filter, options, output),
    conv3d: (input, filter, options = {}, output) => wasmConv3d(kernels, 'conv3d', input, filter, options, output),
    convTranspose2d: (input, filter, options = {}, output) => wasmConvolveTransposed(kernels, CONV_TRANSPOSE2D, input, filter, options, output),
    convTranspose1d: (input, filter, options = {}, output) => wasmConvolveTransposed(kernels, CONV_TRANSPOSE1D, input, filter, options, output),
    maxPool2d: (input, options = {}, output) => pool('maxPool2d', input, options, output),
    avgPool2d: (input, options = {}, output) => pool('avgPool2d', input, options, output),
    lpPool2d: (input, options = {}, output) => wasmLpPool2d(kernels, input, options, output),
    maxPool2dWithIndices: (input, options = {}) => wasmMaxPool2dWithIndices(kernels, input, options),
    createConv2d: (filter, options) => new WasmConvLayer(kernels, CONV2D, filter, options),
    createConv1d: (filter, options) => new WasmConvLayer(kernels, CONV1D, filter, options),
    createConvTranspose3d: (filter, options) => new WasmConvTranspose3dLayer(kernels, filter, options),
    createConv3d: (filter, options) => new WasmConv3dLayer(kernels, 'conv3d', filter, options),
    createConvTranspose2d: (filter, options) => new WasmConvTransposeLayer(kernels, CONV_TRANSPOSE2D, filter, options),
    createConvTranspose1d: (filter, options) => new WasmConvTransposeLayer(kernels, CONV_TRANSPOSE1D, filter, options),
    createMaxPool2d: (options) => new WasmPoolLayer(kernels, 'maxPool2d', options),
    maxPool3d: (input, options = {}, output) => pool3dOnEngine(engine, 'maxPool3d', input, options, output),
    avgPool3d: (input, options = {}, output) => pool3dOnEngine(engine, 'avgPool3d', input, options, output),
    createMaxPool3d: (options) => new Pool3dLayer(engine, 'maxPool3d', options),
    createAvgPool3d: (options) => new Pool3dLayer(engine, 'avgPool3d', options),
    createAvgPool2d: (options) => new WasmPoolLayer(kernels, 'avgPool2d', options),
    ...quantizedMethods(kernels),
    tensor: (shape, data) => wasmTensor(kernels, shape, data),
    get memoryBytes() {
      return kernels.memoryBytes;
    },
    threads: kernels.threads,
    dispose: () => kernels.dispose(),
  };
  kernelsOfEngine.set(engine, kernels);
  return engine;
}
