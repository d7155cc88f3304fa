import type { Tensor } from '../tensor.js';
import { boxBlur } from './box-blur.js';
import { EMBOSS, IDENTITY, LAPLACIAN, SHARPEN, SOBEL_X, SOBEL_Y } from './classic.js';
import { defaultGaussianSigma, gaussian } from './gaussian.js';
import { squareFilter } from './square-filter.js';

/**
 * Classic image filters, ready for {@link conv2d} on a single-channel NCHW image: each is a
 * `[1, 1, k, k]` OIHW filter.
 *
 * The 3×3 presets are getters: every read returns a fresh tensor (a new `Float32Array`, a frozen
 * shape). A `Float32Array` cannot be frozen, so this is what guarantees that writing into
 * `kernels.sobelX.data` cannot change the next `kernels.sobelX`. Keep the tensor in a variable
 * when you use it in a loop.
 *
 * @example
 * import { conv2d, kernels } from 'simdconv';
 * const gx = conv2d(image, kernels.sobelX, { padding: 'same' });
 * const gy = conv2d(image, kernels.sobelY, { padding: 'same' });
 * const edges = edgeMagnitude(gx, gy); // a top-level export, not a filter
 * const soft = conv2d(image, kernels.gaussian(5), { padding: 'same' });
 */
export const kernels = Object.freeze({
  /**
   * `[[0, 0, 0], [0, 1, 0], [0, 0, 0]]`: returns the image unchanged. A fresh tensor on each read.
   * @example
   * conv2d(image, kernels.identity, { padding: 'same' }); // equals image
   */
  get identity(): Tensor {
    return squareFilter(IDENTITY, 3);
  },
  /**
   * Sobel X `[[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]`: horizontal gradient, bright on vertical edges.
   * A fresh tensor on each read.
   * @example
   * const gx = conv2d(image, kernels.sobelX, { padding: 'same' });
   */
  get sobelX(): Tensor {
    return squareFilter(SOBEL_X, 3);
  },
  /**
   * Sobel Y `[[-1, -2, -1], [0, 0, 0], [1, 2, 1]]` (Sobel X transposed): vertical gradient,
   * bright on horizontal edges. A fresh tensor on each read.
   * @example
   * const gy = conv2d(image, kernels.sobelY, { padding: 'same' });
   */
  get sobelY(): Tensor {
    return squareFilter(SOBEL_Y, 3);
  },
  /**
   * `[[0, -1, 0], [-1, 5, -1], [0, -1, 0]]`: sharpens, keeps flat regions. A fresh tensor on each read.
   * @example
   * const crisp = conv2d(image, kernels.sharpen, { padding: 'same' });
   */
  get sharpen(): Tensor {
    return squareFilter(SHARPEN, 3);
  },
  /**
   * `[[0, 1, 0], [1, -4, 1], [0, 1, 0]]`: the discrete Laplacian, zero on flat and linear
   * regions. A fresh tensor on each read.
   * @example
   * const curvature = conv2d(image, kernels.laplacian, { padding: 'same' });
   */
  get laplacian(): Tensor {
    return squareFilter(LAPLACIAN, 3);
  },
  /**
   * `[[-2, -1, 0], [-1, 1, 1], [0, 1, 2]]`: a relief lit from the top left. A fresh tensor on each read.
   * @example
   * const relief = conv2d(image, kernels.emboss, { padding: 'same' });
   */
  get emboss(): Tensor {
    return squareFilter(EMBOSS, 3);
  },
  boxBlur,
  gaussian,
  defaultGaussianSigma,
});

export { boxBlur, defaultGaussianSigma, gaussian };
