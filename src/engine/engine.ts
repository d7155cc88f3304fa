import { readOptions } from '../options/keys.js';
import { oneOf } from '../options/numbers.js';
import { CONV1D, CONV2D, type Conv1dOptions, type Conv2dOptions } from '../options/conv.js';
import type { AvgPool2dOptions, Pool2dOptions } from '../options/pool.js';
import * as reference from '../reference/index.js';
import type { Tensor } from '../tensor.js';
import { compile, compileSync } from '../wasm/binary.js';
import { bestBackend, supports, type Backend, type WasmBackend } from '../wasm/features.js';
import { WasmKernels } from '../wasm/kernels.js';
import { wasmConvolve } from './wasm-conv.js';
import { wasmPool } from './wasm-pool.js';

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
  /** Bytes of WebAssembly memory held (0 for `'js'`); it grows to the largest call and stays. */
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
  return {
    backend: 'js',
    conv2d: reference.conv2d,
    conv1d: reference.conv1d,
    maxPool2d: reference.maxPool2d,
    avgPool2d: reference.avgPool2d,
    memoryBytes: 0,
  };
}

function wasmEngine(kernels: WasmKernels): Engine {
  return {
    backend: kernels.backend as WasmBackend,
    conv2d: (input, filter, options = {}) => wasmConvolve(kernels, CONV2D, input, filter, options),
    conv1d: (input, filter, options = {}) => wasmConvolve(kernels, CONV1D, input, filter, options),
    maxPool2d: (input, options = {}) => wasmPool(kernels, 'maxPool2d', input, options, false),
    avgPool2d: (input, options = {}) => wasmPool(kernels, 'avgPool2d', input, options, true),
    get memoryBytes() {
      return kernels.memoryBytes;
    },
  };
}
