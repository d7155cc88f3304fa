import { permute } from '../layout/permute.js';
import { readOptions } from '../options/keys.js';
import { POOL_KEYS, resolvePool2d, type Pool2dOptions, type PoolParams } from '../options/pool.js';
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

/** Validates lpPool2d's options against an input shape: the pooling and the norm's `p`. */
export function resolveLpPool2d(fn: string, shape: unknown, options: unknown): { params: PoolParams; p: number } {
  const { p = 2, ...rest } = readOptions(fn, options, [...POOL_KEYS, 'p']);
  if (typeof p !== 'number' || !Number.isFinite(p) || !(p > 0)) rangeError(fn, `p must be a finite number > 0 (the norm's exponent), got ${show(p)}`);
  return { params: resolvePool2d(fn, shape, rest, { countIncludePad: false }), p };
}

/**
 * Lp pooling (ONNX LpPool, WebNN l2Pool2d, PyTorch LPPool2d on |x|): the p-norm of each window,
 * `y = (Σ |x|^p)^(1/p)` over the window's cells inside the input (padding adds nothing), f64
 * sums. The readable reference; `lpPool2d` of the package runs on the default engine.
 *
 * @example
 * lpPool2d({ data: Float32Array.of(3, 4, 0, 0), shape: [1, 1, 2, 2] }).data; // [5] (global, p = 2)
 */
export function lpPool2d(input: Tensor, options: LpPool2dOptions = {}): Tensor {
  const fn = 'lpPool2d';
  const x = tensorParts(fn, 'input', input);
  const { params, p: norm } = resolveLpPool2d(fn, x.shape, options);
  checkLength(fn, 'input', x.data, x.shape as number[]);
  checkElementCount(fn, 'the output', poolOutputShapeOf(params));
  const nchw = permute({ data: x.data, shape: x.shape as number[] }, params.inputLayout, 'nchw', fn, 'the NCHW copy of the input').data;
  const { inHeight, inWidth } = params;
  // p = 2 and p = 1 spelt out: √ and Σ|x| are exact where ** need not be, and the wasm kernel's
  // f64 sums of the same terms in the same order then match bit for bit.
  const term = norm === 2 ? (v: number) => v * v : norm === 1 ? Math.abs : (v: number) => Math.abs(v) ** norm;
  const root = norm === 2 ? Math.sqrt : norm === 1 ? (s: number) => s : (s: number) => s ** (1 / norm);
  const y = mapOutput(fn, params, (plane, oh, ow) => {
    let sum = 0;
    forEachTap(params, oh, ow, (h, w) => {
      if (h >= 0 && h < inHeight && w >= 0 && w < inWidth) sum += term(nchw[(plane * inHeight + h) * inWidth + w]!);
    });
    return root(sum);
  });
  return permute({ data: y, shape: [params.batch, params.channels, params.outHeight, params.outWidth] }, 'nchw', params.inputLayout, fn);
}
