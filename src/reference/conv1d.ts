import { CONV1D, type Conv1dOptions } from '../options/conv.js';
import type { Tensor } from '../tensor.js';
import { convolve } from './convolve.js';

/**
 * 1-D convolution (cross-correlation), pure JS: {@link conv2d} with one spatial axis.
 * Input `[N, C, L]` (or `[N, L, C]` with `inputLayout: 'nwc'`); filter `[Cout, C/groups, K]`
 * (or `filterLayout` `'wio'`, `'owi'`, `'iwo'`). Padding is a number, `[p]`, `[begin, end]` or a word.
 *
 * @example
 * const y = conv1d({ data: Float32Array.of(1, 2, 0, -1, 3, 1), shape: [1, 1, 6] },
 *                  { data: Float32Array.of(2, -1, 1), shape: [1, 1, 3] });
 * // y.data = [0, 3, 4, -4], y.shape = [1, 1, 4]
 */
export function conv1d(input: Tensor, filter: Tensor, options: Conv1dOptions = {}): Tensor {
  return convolve(CONV1D, input, filter, options);
}
