import { rangeError, show } from '../errors.js';
import { isIntegerAtLeast } from '../options/numbers.js';
import type { Tensor } from '../tensor.js';
import { squareFilter } from './square-filter.js';

/**
 * OpenCV's rule for the σ of a kernel of side `n` when none is given (OpenCV itself uses fixed tables for n ≤ 7):
 * `0.3 · ((n − 1) · 0.5 − 1) + 0.8`, so the kernel's edge sits at about 2.5–3σ from its centre
 * and little weight is cut off. Always positive for `n ≥ 1` (0.5 at `n = 1`).
 *
 * @example
 * defaultGaussianSigma(3); // 0.8
 * defaultGaussianSigma(5); // 1.1
 */
export function defaultGaussianSigma(n: number): number {
  return 0.3 * ((n - 1) * 0.5 - 1) + 0.8;
}

/**
 * An n×n Gaussian blur: `w[i, j] ∝ exp(−((i − c)² + (j − c)²) / (2σ²))` with `c = (n − 1) / 2`,
 * normalised to sum 1 so a flat region keeps its value. Built as the outer product of a
 * normalised 1-D Gaussian with itself (the filter is separable), in f64, rounded to f32 once.
 *
 * @param n the kernel's side, a positive integer (odd sizes have a centre pixel)
 * @param sigma the standard deviation in pixels, > 0; default {@link defaultGaussianSigma}`(n)`
 * @returns a fresh filter of shape `[1, 1, n, n]` (OIHW)
 * @example
 * const smooth = conv2d(image, kernels.gaussian(5), { padding: 'same' });      // σ = 1.1
 * const wider = conv2d(image, kernels.gaussian(7, 2), { padding: 'same' });    // σ = 2
 */
export function gaussian(n: number, sigma: number = defaultGaussianSigma(n)): Tensor {
  const fn = 'gaussian';
  if (!isIntegerAtLeast(n, 1)) rangeError(fn, `n must be a positive integer (the kernel's side), got ${show(n)}`);
  if (typeof sigma !== 'number' || !Number.isFinite(sigma) || sigma <= 0) {
    rangeError(fn, `sigma must be a finite number > 0 (pixels), got ${show(sigma)}`);
  }
  const centre = (n - 1) / 2;
  const line = Array.from({ length: n }, (_, i) => Math.exp(-((i - centre) ** 2) / (2 * sigma * sigma)));
  const total = line.reduce((sum, v) => sum + v, 0);
  const normalised = line.map((v) => v / total);
  return squareFilter(normalised.flatMap((row) => normalised.map((col) => row * col)), n);
}
