import { rangeError, show } from '../errors.js';
import { isIntegerAtLeast } from '../options/numbers.js';
import type { Tensor } from '../tensor.js';
import { squareFilter } from './square-filter.js';

/**
 * An n×n mean filter: every weight is `1 / n²`, so a flat region keeps its value. Any positive
 * integer `n` works; an even `n` has no centre pixel, so with `padding: 'same'` the result shifts
 * by half a pixel (towards the top left, as SAME puts the odd pad at the end).
 *
 * @returns a fresh filter of shape `[1, 1, n, n]` (OIHW)
 * @example
 * const blurred = conv2d(image, kernels.boxBlur(5), { padding: 'same' });
 * kernels.boxBlur(2).data; // Float32Array [0.25, 0.25, 0.25, 0.25]
 */
export function boxBlur(n: number): Tensor {
  if (!isIntegerAtLeast(n, 1)) rangeError('boxBlur', `n must be a positive integer (the kernel's side), got ${show(n)}`);
  return squareFilter(new Array<number>(n * n).fill(1 / (n * n)), n);
}
