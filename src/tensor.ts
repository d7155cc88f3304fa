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
 * Number of elements of a shape: the product of its dimensions.
 *
 * @example
 * sizeOf([1, 3, 224, 224]); // 150528
 */
export function sizeOf(shape: readonly number[]): number {
  let size = 1;
  for (const dim of shape) size *= dim;
  return size;
}

/**
 * Builds a tensor, checking that every dimension is a positive integer and that `data` holds
 * exactly `product(shape)` elements. A plain number array is copied into a new `Float32Array`;
 * a `Float32Array` is used as it is (not copied).
 *
 * @example
 * const x = tensor([1, 2, 3, 4], [1, 1, 2, 2]);
 */
export function tensor(data: Float32Array | readonly number[], shape: readonly number[]): Tensor {
  if (!Array.isArray(shape)) typeError('tensor', `shape must be an array of positive integers, got ${show(shape)}`);
  const values = Array.isArray(data) ? Float32Array.from(data) : data;
  return checkTensor('tensor', 'tensor', { data: values, shape }, shape.length, '');
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
  if (value === null || typeof value !== 'object') {
    typeError(fn, `${name} must be a tensor { data: Float32Array, shape }, got ${show(value)}`);
  }
  const { data, shape } = value as { data?: unknown; shape?: unknown };
  if (!(data instanceof Float32Array)) {
    // No silent conversion: a Float64Array or an array would be copied and rounded on every
    // call. Say how to convert once instead.
    const hint = ArrayBuffer.isView(data) || Array.isArray(data) ? `; convert it once with Float32Array.from(${name}.data) (or tensor(values, shape))` : '';
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
  const size = sizeOf(shape);
  if (data.length !== size) {
    rangeError(fn, `${name}.data has ${data.length} elements but shape ${show(shape)} needs ${size}`);
  }
  return { data, shape: Object.freeze(shape.slice()) };
}
