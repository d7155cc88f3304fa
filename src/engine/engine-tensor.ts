import { rangeError, show, typeError } from '../errors.js';
import { checkShape, elementCount, type Tensor } from '../tensor.js';
import type { WasmKernels } from '../wasm/kernels.js';

/**
 * A tensor that lives in an engine's memory (WebAssembly linear memory on the wasm backends):
 * layers read it and write into it without copying through JavaScript. Made by
 * `engine.tensor(shape, data?)`; owned by the caller, who frees it with `dispose()`.
 *
 * `data` is a live view of the memory, re-made whenever the memory has grown since the last
 * read. A `data` array kept across a call that grows memory (creating a layer or a tensor, or a
 * bigger call than any before) is detached by the JavaScript engine and reads as empty: read
 * `t.data` again after such calls, or copy with `t.read()`. After `dispose()`, every use throws.
 *
 * @example
 * const x = engine.tensor([1, 3, 32, 32], pixels); // copied in once
 * const y = engine.tensor(conv.outputShape(x.shape));
 * conv.run(x, y);                                  // reads x and writes y in place
 * const values = y.read();                         // a JS copy
 * x.dispose(); y.dispose();
 */
export interface EngineTensor extends Tensor {
  /** A live view of the tensor's memory (see above). Throws after `dispose()`. */
  readonly data: Float32Array;
  readonly shape: readonly number[];
  /** A copy of the values in a new `Float32Array`. */
  read(): Float32Array;
  /** Copies `values` (exactly `size` of them) into the tensor. */
  write(values: Float32Array | readonly number[]): void;
  /** Frees the memory. Later uses throw; disposing twice is harmless. */
  dispose(): void;
  readonly disposed: boolean;
}

/**
 * The shape of a tensor to allocate, validated (any rank ≥ 1, positive integer dimensions).
 *
 * @internal
 */
export function checkTensorShape(fn: string, shape: unknown): number[] {
  if (!Array.isArray(shape) || shape.length === 0) {
    typeError(fn, `shape must be a non-empty array of positive integers, got ${show(shape)}`);
  }
  return checkShape(fn, 'shape', shape, shape.length, '');
}

function checkValues(fn: string, values: unknown, size: number, shape: readonly number[]): Float32Array | readonly number[] {
  if (!(values instanceof Float32Array) && !Array.isArray(values)) {
    typeError(fn, `data must be a Float32Array or an array of numbers, got ${show(values)}`);
  }
  if (values.length !== size) rangeError(fn, `data has ${values.length} elements but shape ${show(shape)} needs ${size}`);
  if (Array.isArray(values)) {
    const bad = values.findIndex((v) => typeof v !== 'number');
    if (bad >= 0) typeError(fn, `data must hold numbers only, got ${show(values[bad])} at index ${bad}`);
  }
  return values as Float32Array | readonly number[];
}

/** Base of both kinds: shape, size, the disposed flag and the checks. */
abstract class TensorBase implements EngineTensor {
  readonly shape: readonly number[];
  readonly size: number;
  private isDisposed = false;

  constructor(shape: readonly number[]) {
    this.shape = Object.freeze(shape.slice());
    this.size = elementCount(shape);
  }

  get disposed(): boolean {
    return this.isDisposed;
  }

  /** Throws if the tensor was disposed; `fn` names the public call for the message. */
  checkAlive(fn: string, name = 'tensor'): void {
    if (this.isDisposed) throw new Error(`${fn}: ${name} of shape ${show(this.shape)} was disposed; it can no longer be used`);
  }

  get data(): Float32Array {
    this.checkAlive('EngineTensor.data');
    return this.view();
  }

  read(): Float32Array {
    this.checkAlive('EngineTensor.read');
    return this.view().slice();
  }

  write(values: Float32Array | readonly number[]): void {
    this.checkAlive('EngineTensor.write');
    this.view().set(checkValues('EngineTensor.write', values, this.size, this.shape));
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    this.free();
  }

  protected abstract view(): Float32Array;
  protected abstract free(): void;
}

/**
 * A tensor in a wasm engine's linear memory, at `ptr`.
 *
 * @internal
 */
export class WasmTensor extends TensorBase {
  private cached: Float32Array | undefined;

  constructor(
    readonly kernels: WasmKernels,
    readonly ptr: number,
    shape: readonly number[],
  ) {
    super(shape);
  }

  /** Bytes the tensor occupies, for overlap checks. */
  get bytes(): number {
    return 4 * this.size;
  }

  protected view(): Float32Array {
    if (this.cached === undefined || this.cached.buffer !== this.kernels.buffer) {
      this.cached = this.kernels.f32(this.ptr, this.size);
    }
    return this.cached;
  }

  protected free(): void {
    this.cached = undefined;
    this.kernels.release(this.ptr);
  }
}

/**
 * The js backend's tensor: a plain `Float32Array` with the same interface.
 *
 * @internal
 */
export class HostTensor extends TensorBase {
  private values: Float32Array;

  /** `owner` is the js engine that made it: another engine's layers refuse it, as on wasm. */
  constructor(
    readonly owner: object,
    shape: readonly number[],
  ) {
    super(shape);
    this.values = new Float32Array(this.size);
  }

  protected view(): Float32Array {
    return this.values;
  }

  protected free(): void {
    this.values = new Float32Array(0);
  }
}

/** engine.tensor's arguments, checked: the dimensions, and the values to copy in (if any). */
function tensorArgs(shape: unknown, data: unknown): { dims: number[]; values: Float32Array | readonly number[] | undefined } {
  const dims = checkTensorShape('engine.tensor', shape);
  const values = data === undefined ? undefined : checkValues('engine.tensor', data, elementCount(dims), dims);
  return { dims, values };
}

/**
 * Allocates a tensor in `kernels`' memory, zero-filled or holding a copy of `data`.
 *
 * @internal
 */
export function wasmTensor(kernels: WasmKernels, shape: unknown, data?: unknown): WasmTensor {
  const { dims, values } = tensorArgs(shape, data);
  const t = new WasmTensor(kernels, kernels.alloc('engine.tensor', 4 * elementCount(dims)), dims);
  if (values === undefined) t.data.fill(0); // the block may hold an earlier call's data
  else t.data.set(values);
  return t;
}

/**
 * A js-backend tensor of the engine `owner`, zero-filled or holding a copy of `data`.
 *
 * @internal
 */
export function hostTensor(owner: object, shape: unknown, data?: unknown): HostTensor {
  const { dims, values } = tensorArgs(shape, data);
  const t = new HostTensor(owner, dims);
  if (values !== undefined) t.data.set(values);
  return t;
}

/**
 * Where a layer's operand lives: `ptr` for a tensor in this engine's memory, undefined for a
 * plain JS tensor. Throws for a disposed tensor or one of another engine.
 *
 * @internal
 */
export function residentPointer(kernels: WasmKernels, fn: string, name: string, value: unknown): number | undefined {
  if (!(value instanceof TensorBase)) return undefined;
  value.checkAlive(fn, name);
  if (!(value instanceof WasmTensor) || value.kernels !== kernels) foreign(fn, name);
  return value.ptr;
}

function foreign(fn: string, name: string): never {
  typeError(fn, `${name} belongs to another engine; tensors made by engine.tensor() work only with layers of the same engine`);
}

/**
 * The js backend's check of an operand: a disposed engine tensor, or one made by another engine
 * (wasm or js), is refused exactly as the wasm backends refuse it.
 *
 * @internal
 */
export function checkOwnTensor(owner: object, fn: string, name: string, value: unknown): void {
  if (!(value instanceof TensorBase)) return;
  value.checkAlive(fn, name);
  if (!(value instanceof HostTensor) || value.owner !== owner) foreign(fn, name);
}
