import { integerArgument } from '../options/numbers.js';
import { allocateFloat32 } from '../shape/element-limit.js';
import type { Tensor } from '../tensor.js';
import { ownedSquareFilter } from './square-filter.js';

/** What `n` must be, in the messages of the filters that take a kernel side. */
export const KERNEL_SIDE = "a positive integer (the kernel's side)";

/**
 * An n×n mean filter: every weight is `1 / n²`, so a flat region keeps its value. Any positive
 * integer `n` works; an even `n` has no centre pixel, so with `padding: 'same'` the result shifts
 * by half a pixel (towards the top left, as SAME puts the odd pad at the end). `n²` must be at
 * most 2^30 (n ≤ 32768), the most elements one array may hold.
 *
 * @returns a fresh filter of shape `[1, 1, n, n]` (OIHW)
 * @example
 * const blurred = conv2d(image, kernels.boxBlur(5), { padding: 'same' });
 * kernels.boxBlur(2).data; // Float32Array [0.25, 0.25, 0.25, 0.25]
 */
export function boxBlur(n: number): Tensor {
  const fn = 'boxBlur';
  const side = integerArgument(fn, 'n', n, 1, undefined, KERNEL_SIDE);
  const data = allocateFloat32(fn, 'the filter', [1, 1, side, side]);
  return ownedSquareFilter(data.fill(1 / (side * side)), side);
}
