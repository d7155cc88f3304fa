import { permute } from '../layout/permute.js';
import { readOptions } from '../options/keys.js';
import { POOL_KEYS, resolvePool2d, type Pool2dOptions } from '../options/pool.js';
import { rangeError, show } from '../errors.js';
import { checkElementCount } from '../shape/element-limit.js';
import { poolOutputShapeOf } from '../shape/pool-shape.js';
import { checkLength, tensorParts, type Tensor } from '../tensor.js';
import { forEachTap, mapOutput } from './pool2d.js';

/** Options of {@link lpPool2d}: max pooling's, plus the norm's `p`. */
export interface LpPool2dOptions extends Pool2dOptions {
  /** The norm's exponent, a finite number > 0. Default 2 (WebNN's l2Pool2d). */
  readonly p?: number;
}

/**
 * Lp pooling (ONNX LpPool, WebNN l2Pool2d, PyTorch LPPool2d on |x|): the p-norm of each window,
 * `y = (Σ |x|^p)^(1/p)` over the window's cells inside the input (padding adds nothing). f64 sums.
 * Runs in JavaScript on every backend.
 *
 * @example
 * lpPool2d({ data: Float32Array.of(3, 4, 0, 0), shape: [1, 1, 2, 2] }).data; // [5] (global, p = 2)
 */
export function lpPool2d(input: Tensor, options: LpPool2dOptions = {}): Tensor {
  const fn = 'lpPool2d';
  const x = tensorParts(fn, 'input', input);
  const { p: norm = 2, ...rest } = readOptions(fn, options, [...POOL_KEYS, 'p']);
  if (typeof norm !== 'number' || !Number.isFinite(norm) || !(norm > 0)) rangeError(fn, `p must be a finite number > 0 (the norm's exponent), got ${show(norm)}`);
  const params = resolvePool2d(fn, x.shape, rest, { countIncludePad: false });
  checkLength(fn, 'input', x.data, x.shape as number[]);
  checkElementCount(fn, 'the output', poolOutputShapeOf(params));
  const nchw = permute({ data: x.data, shape: x.shape as number[] }, params.inputLayout, 'nchw', fn, 'the NCHW copy of the input').data;
  const { inHeight, inWidth } = params;
  const y = mapOutput(fn, params, (plane, oh, ow) => {
    let sum = 0;
    forEachTap(params, oh, ow, (h, w) => {
      if (h >= 0 && h < inHeight && w >= 0 && w < inWidth) sum += Math.abs(nchw[(plane * inHeight + h) * inWidth + w]!) ** norm;
    });
    return sum ** (1 / norm);
  });
  return permute({ data: y, shape: [params.batch, params.channels, params.outHeight, params.outWidth] }, 'nchw', params.inputLayout, fn);
}
