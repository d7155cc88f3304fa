/**
 * `npm run bench -- --suite filters`: single-channel image filters, where OpenCV.js is a peer
 * (its filters take one channel in, one out). The filters are the real ones (`kernels.*`), so the
 * rank-1 ones take simdconv's separable path as a user's would; random data, bias on, padding
 * 'same' as `cv.filter2D`'s default anchor gives. Ids P1–P5, so none is confused with A–K or M….
 */
import { kernels, type Tensor } from '../src/index.js';
import type { SuiteCase } from '../src/cli/suite.js';

const filter = (id: string, name: string, h: number, w: number, make: () => Tensor): SuiteCase => {
  const f = make();
  const [, , kH, kW] = f.shape as [number, number, number, number];
  return { id, name, inputShape: [1, 1, h, w], filterShape: [1, 1, kH, kW], options: { padding: [(kH - 1) / 2, (kW - 1) / 2] }, filter: make };
};

export const FILTER_SUITE: readonly SuiteCase[] = Object.freeze([
  filter('P1', 'Gaussian 5×5, 1024²', 1024, 1024, () => kernels.gaussian(5)),
  filter('P2', 'Gaussian 3×3, 1920×1080', 1080, 1920, () => kernels.gaussian(3)),
  filter('P3', 'Box 7×7, 1024²', 1024, 1024, () => kernels.boxBlur(7)),
  filter('P4', 'Sobel X, 1024²', 1024, 1024, () => kernels.sobelX),
  filter('P5', 'Sharpen 3×3 (not separable), 1024²', 1024, 1024, () => kernels.sharpen),
]);
