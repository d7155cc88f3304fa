import { rangeError, show, typeError } from '../errors.js';
import { integerArgument } from '../options/numbers.js';
import { allocateFloat32 } from '../shape/element-limit.js';
import type { Tensor } from '../tensor.js';
import { KERNEL_SIDE } from './box-blur.js';
import { ownedSquareFilter } from './square-filter.js';

/**
 * OpenCV's rule for the σ of a kernel of side `n` when none is given (OpenCV itself uses fixed tables for n ≤ 7):
 * `0.3 · ((n − 1) · 0.5 − 1) + 0.8`, so the kernel's edge sits at about 2.5–3σ from its centre
 * and little weight is cut off. `n` must be a positive integer, for which σ is always positive
 * (0.5 at `n = 1`).
 *
 * @example
 * defaultGaussianSigma(3); // 0.8
 * defaultGaussianSigma(5); // 1.1
 */
export function defaultGaussianSigma(n: number): number {
  return sigmaFor(integerArgument('defaultGaussianSigma', 'n', n, 1, undefined, KERNEL_SIDE));
}

/** {@link defaultGaussianSigma} of a side already validated. */
function sigmaFor(n: number): number {
  return 0.3 * ((n - 1) * 0.5 - 1) + 0.8;
}

/**
 * An n×n Gaussian blur: `w[i, j] ∝ exp(−((i − c)² + (j − c)²) / (2σ²))` with `c = (n − 1) / 2`,
 * normalised to sum 1 so a flat region keeps its value. Built as the outer product of a
 * normalised 1-D Gaussian with itself (the filter is separable), in f64, rounded to f32 once.
 *
 * @param n the kernel's side, a positive integer (odd sizes have a centre pixel); `n²` at most 2^30
 * @param sigma the standard deviation in pixels, a finite number > 0; default {@link defaultGaussianSigma}`(n)`
 * @returns a fresh filter of shape `[1, 1, n, n]` (OIHW)
 * @example
 * const smooth = conv2d(image, kernels.gaussian(5), { padding: 'same' });      // σ = 1.1
 * const wider = conv2d(image, kernels.gaussian(7, 2), { padding: 'same' });    // σ = 2
 */
export function gaussian(n: number, sigma?: number): Tensor {
  const fn = 'gaussian';
  const side = integerArgument(fn, 'n', n, 1, undefined, KERNEL_SIDE);
  const s = sigma === undefined ? sigmaFor(side) : sigma;
  const expected = `sigma must be a finite number > 0 (pixels), got ${show(s)}`;
  if (typeof s !== 'number') typeError(fn, expected);
  if (!Number.isFinite(s) || s <= 0) rangeError(fn, expected);
  const data = allocateFloat32(fn, 'the filter', [1, 1, side, side]);
  const centre = (side - 1) / 2;
  const line = Array.from({ length: side }, (_, i) => Math.exp(-((i - centre) ** 2) / (2 * s * s)));
  const total = line.reduce((sum, v) => sum + v, 0);
  const normalised = line.map((v) => v / total);
  for (let i = 0; i < side; i++) {
    for (let j = 0; j < side; j++) data[i * side + j] = normalised[i]! * normalised[j]!;
  }
  return ownedSquareFilter(data, side);
}
