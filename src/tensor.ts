import { rangeError, show, typeError } from './errors.js';

/**
 * A dense, row-major f32 tensor: `data[((i0 * d1 + i1) * d2 + i2) …]` holds element `[i0, i1, i2, …]`.
 *
 * @example
 * const image: Tensor = { data: new Float32Array(3 * 32 * 32), shape: [1, 3, 32, 32] };
 */
export interface Tensor {
  readonly data: Float32Array;
  readonly shape: readonly number[];
}

/**
 * Number of elements of a shape: the product of its dimensions (1 for `[]`, a scalar).
 *
 * @example
 * sizeOf([1, 3, 224, 224]); // 150528
 */
export function sizeOf(shape: readonly number[]): number {
  if (!Array.isArray(shape)) typeError('sizeOf', `shape must be an array of positive integers, got ${show(shape)}`);
  if (!shape.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 1)) {
    rangeError('sizeOf', `shape must hold positive integers, got ${show(shape)}`);
  }
  return elementCount(shape);
}

/** {@link sizeOf} without the checks, for shapes already validated. */
export function elementCount(shape: readonly number[]): number {
  let size = 1;
  for (const dim of shape) size *= dim;
  return size;
}

/**
 * Builds a tensor, checking that every dimension is a positive integer and that `data` holds
 * exactly `product(shape)` elements. A `Float32Array` is used as it is (not copied); an array of
 * numbers or another numeric typed array (`Float64Array`, `Uint8Array`, …) is converted once
 * into a new `Float32Array`: the one conversion the package makes.
 *
 * @example
 * const x = tensor([1, 2, 3, 4], [1, 1, 2, 2]);
 */
export function tensor(data: Float32Array | ArrayLike<number>, shape: readonly number[]): Tensor {
  if (!Array.isArray(shape)) typeError('tensor', `shape must be an array of positive integers, got ${show(shape)}`);
  const dims = checkShape('tensor', 'shape', shape, shape.length, '');
  const values = toFloat32('tensor', data);
  const size = elementCount(dims);
  if (values.length !== size) rangeError('tensor', `data has ${values.length} elements but shape ${show(dims)} needs ${size}`);
  return { data: values, shape: Object.freeze(dims) };
}

/**
 * How to turn `value`, reached as `what` (`'input.data'`, `'bias'`), into a `Float32Array` once,
 * as a hint for a message; empty when it holds no numbers to convert. A nested array gets
 * "flatten": `Float32Array.from` of one would give NaN for every row.
 */
export function float32Hint(what: string, value: unknown): string {
  if (Array.isArray(value) && value.some(Array.isArray)) {
    return `; it is a nested array: flatten it first, Float32Array.from(${what}.flat(Infinity)) (row-major, as the shape reads it)`;
  }
  const numeric = ArrayBuffer.isView(value) && !(value instanceof DataView) && !(value instanceof BigInt64Array) && !(value instanceof BigUint64Array);
  return Array.isArray(value) || numeric ? `; convert it once with Float32Array.from(${what})` : '';
}

/** tensor()'s one documented conversion: numbers or any numeric typed array to a new Float32Array. */
function toFloat32(fn: string, data: unknown): Float32Array {
  if (data instanceof Float32Array) return data;
  if (Array.isArray(data)) {
    const bad = data.findIndex((v) => typeof v !== 'number');
    const nested = Array.isArray(data[bad]) ? '; it is a nested array: flatten it first, data.flat(Infinity) (row-major, as the shape reads it)' : '';
    if (bad >= 0) typeError(fn, `data must hold numbers only, got ${show(data[bad])} at index ${bad}${nested}`);
    return Float32Array.from(data as number[]);
  }
  if (ArrayBuffer.isView(data) && !(data instanceof DataView) && !(data instanceof BigInt64Array) && !(data instanceof BigUint64Array)) {
    return Float32Array.from(data as unknown as ArrayLike<number>);
  }
  return typeError(fn, `data must be a Float32Array, another numeric typed array or an array of numbers, got ${show(data)}`);
}

/**
 * Checks that `value` is a `Tensor` of the given rank whose data length matches its shape, and
 * returns it with a frozen copy of its shape. `dims` spells the axes (`'[N, C, H, W]'`) for messages.
 */
export function checkTensor(fn: string, name: string, value: unknown, rank: number, dims: string): Tensor {
  const { data, shape } = tensorParts(fn, name, value);
  return checkLength(fn, name, data, checkShape(fn, `${name} shape`, shape, rank, dims));
}

/** Checks that `value` is an object with `data: Float32Array`; the shape is checked by the caller. */
export function tensorParts(fn: string, name: string, value: unknown): { data: Float32Array; shape: unknown } {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) {
    const hint = ArrayBuffer.isView(value) ? '; a bare array is not a tensor: give { data, shape }' : '';
    typeError(fn, `${name} must be a tensor { data: Float32Array, shape }, got ${show(value)}${hint}`);
  }
  const { data, shape } = value as { data?: unknown; shape?: unknown };
  if (!(data instanceof Float32Array)) {
    // No silent conversion: a Float64Array or an array would be copied and rounded on every
    // call. Say how to convert once instead (an output must be a Float32Array to be filled).
    const convertible = ArrayBuffer.isView(data) || Array.isArray(data);
    const conversion = float32Hint(`${name}.data`, data);
    const hint = !convertible ? '' : name === 'output' ? '; give a Float32Array to be filled' : conversion === '' ? '' : `${conversion} (or tensor(values, shape))`;
    typeError(fn, `${name}.data must be a Float32Array, got ${show(data)}${hint}`);
  }
  return { data, shape };
}

/** Checks that `shape` is an array of `rank` positive integers; `dims` spells the axes. */
export function checkShape(fn: string, name: string, shape: unknown, rank: number, dims: string): number[] {
  const spelled = dims ? ` ${dims}` : '';
  if (!Array.isArray(shape)) typeError(fn, `${name} must be an array of ${rank} dimensions${spelled}, got ${show(shape)}`);
  if (shape.length !== rank) {
    rangeError(fn, `${name} must have rank ${rank}${spelled}, got ${show(shape)} (rank ${shape.length})`);
  }
  for (const dim of shape) {
    if (typeof dim !== 'number' || !Number.isInteger(dim) || dim < 1) {
      rangeError(fn, `${name} must hold positive integers${spelled}, got ${show(shape)}`);
    }
  }
  return (shape as number[]).slice();
}

/** Checks that `data` holds exactly as many elements as `shape` needs. */
export function checkLength(fn: string, name: string, data: Float32Array, shape: readonly number[]): Tensor {
  const size = elementCount(shape);
  if (data.length !== size) {
    rangeError(fn, `${name}.data has ${data.length} elements but shape ${show(shape)} needs ${size}`);
  }
  return { data, shape: Object.freeze(shape.slice()) };
}
