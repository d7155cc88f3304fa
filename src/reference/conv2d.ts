import { CONV2D, type Conv2dOptions } from '../options/conv.js';
import type { Tensor } from '../tensor.js';
import { convolve } from './convolve.js';

/**
 * 2-D convolution (cross-correlation, as in PyTorch, TensorFlow, ONNX and WebNN), pure JS:
 * `y[n, m, oh, ow] = act(bias[m] + Σ x[n, c, oh·sh + i·dh − padTop, ow·sw + j·dw − padLeft] · w[m, c, i, j])`.
 *
 * Input `[N, C, H, W]` (or `[N, H, W, C]` with `inputLayout: 'nhwc'`); filter `[Cout, C/groups,
 * kH, kW]` (or the `filterLayout` given). The output has the input's layout, with
 * `floor((in + padBegin + padEnd − (d·(k−1)+1)) / s) + 1` cells per spatial axis.
 *
 * @example
 * const y = conv2d(
 *   { data: image, shape: [1, 3, 32, 32] },
 *   { data: weights, shape: [8, 3, 3, 3] },
 *   { padding: 1, bias, activation: 'relu' },
 * ); // y.shape = [1, 8, 32, 32]
 */
export function conv2d(input: Tensor, filter: Tensor, options: Conv2dOptions = {}): Tensor {
  return convolve(CONV2D, input, filter, options);
}
