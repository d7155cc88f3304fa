import type { Tensor } from '../tensor.js';

/**
 * A fresh single-channel `[1, 1, n, n]` OIHW filter holding `values` row by row. The tensor and
 * its shape are frozen; the data is a new `Float32Array` on every call, so writing into one
 * filter never changes another.
 */
export function squareFilter(values: ArrayLike<number>, n: number): Tensor {
  return ownedSquareFilter(Float32Array.from(values), n);
}

/** {@link squareFilter} around `data` itself, a `Float32Array` of `n²` values the caller just made (not copied). */
export function ownedSquareFilter(data: Float32Array, n: number): Tensor {
  return Object.freeze({ data, shape: Object.freeze([1, 1, n, n]) });
}
