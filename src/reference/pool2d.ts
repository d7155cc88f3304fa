import { permute } from '../layout/permute.js';
import { resolvePool2d, type AvgPool2dOptions, type Pool2dOptions, type PoolParams } from '../options/pool.js';
import { allocateFloat32, checkElementCount } from '../shape/element-limit.js';
import { poolOutputShapeOf } from '../shape/pool-shape.js';
import { checkLength, tensorParts, type Tensor } from '../tensor.js';

/** A pooling formula on an NCHW input, producing the NCHW output; `fn` names the caller in errors. */
type Reduce = (x: Float32Array, p: PoolParams, fn?: string) => Float32Array;

/**
 * Calls `visit(h, w)` for every tap of the window of output cell `(oh, ow)`:
 * `h = oh·sh + i·dh − padTop`, `w = ow·sw + j·dw − padLeft`, for `i < kH`, `j < kW`.
 * Taps may fall outside the input (in the padding, or beyond it in ceil mode); callers decide.
 */
export function forEachTap(p: PoolParams, oh: number, ow: number, visit: (h: number, w: number) => void): void {
  const [strideH, strideW] = p.strides;
  const [dilationH, dilationW] = p.dilations;
  const [padTop, , padLeft] = p.padding;
  for (let i = 0; i < p.windowHeight; i++) {
    for (let j = 0; j < p.windowWidth; j++) {
      visit(oh * strideH + i * dilationH - padTop, ow * strideW + j * dilationW - padLeft);
    }
  }
}

/**
 * Runs `cell(plane, oh, ow)` for every output cell in NCHW order, `plane = n·C + c` naming one
 * channel of one image, and stores each result as f32.
 */
export function mapOutput(fn: string, p: PoolParams, cell: (plane: number, oh: number, ow: number) => number): Float32Array {
  const y = allocateFloat32(fn, 'the output', [p.batch, p.channels, p.outHeight, p.outWidth]);
  let out = 0;
  for (let plane = 0; plane < p.batch * p.channels; plane++) {
    for (let oh = 0; oh < p.outHeight; oh++) {
      for (let ow = 0; ow < p.outWidth; ow++) y[out++] = cell(plane, oh, ow);
    }
  }
  return y;
}

/**
 * Max pooling on an NCHW input: `y[n, c, oh, ow] = max x[n, c, h, w]` over the window's taps
 * `(h, w)` that lie inside the input. Padded cells are −∞, so they never win; every window holds
 * at least one real cell (checked when the options are resolved).
 *
 * `Math.max` is IEEE 754-2019 `maximum`: a NaN anywhere in the window makes the result NaN, and
 * −0 < +0. WebAssembly's `f32.max` / `f32x4.max` behave the same, so a wasm kernel can match this
 * bit for bit (`f32x4.pmax` would not: it drops NaN depending on operand order).
 */
export function maxPoolNchw(x: Float32Array, p: PoolParams, fn = 'maxPool2d'): Float32Array {
  const { inHeight, inWidth } = p;
  return mapOutput(fn, p, (plane, oh, ow) => {
    let best = -Infinity;
    forEachTap(p, oh, ow, (h, w) => {
      if (h >= 0 && h < inHeight && w >= 0 && w < inWidth) {
        best = Math.max(best, x[(plane * inHeight + h) * inWidth + w]!);
      }
    });
    return best;
  });
}

/**
 * Average pooling on an NCHW input: `y[n, c, oh, ow] = (Σ x[n, c, h, w]) / count`, the sum over
 * the window's taps inside the input. `count` is the number of those taps (`countIncludePad`
 * false), or the number of taps inside the input plus its explicit padding, `−padTop ≤ h <
 * H + padBottom` and likewise for `w` (`countIncludePad` true; padded cells add 0 to the sum,
 * and taps past the padding, which ceil mode can create, are not counted, as in PyTorch).
 * The sum is accumulated in f64 and rounded to f32 once, on store.
 */
export function avgPoolNchw(x: Float32Array, p: PoolParams, fn = 'avgPool2d'): Float32Array {
  const { inHeight, inWidth, countIncludePad } = p;
  const [padTop, padBottom, padLeft, padRight] = p.padding;
  return mapOutput(fn, p, (plane, oh, ow) => {
    let sum = 0;
    let count = 0;
    forEachTap(p, oh, ow, (h, w) => {
      if (h >= 0 && h < inHeight && w >= 0 && w < inWidth) {
        sum += x[(plane * inHeight + h) * inWidth + w]!;
        count += 1;
      } else if (countIncludePad && h >= -padTop && h < inHeight + padBottom && w >= -padLeft && w < inWidth + padRight) {
        count += 1;
      }
    });
    return sum / count;
  });
}

/** Validates, transposes to NCHW, reduces every window, transposes back to the input's layout. */
function pool(fn: 'maxPool2d' | 'avgPool2d', input: Tensor, options: unknown): Tensor {
  const x = tensorParts(fn, 'input', input);
  const p = resolvePool2d(fn, x.shape, options, { countIncludePad: fn === 'avgPool2d' });
  return poolResolved(fn, checkLength(fn, 'input', x.data, x.shape as number[]), p);
}

/** {@link maxPool2d} or {@link avgPool2d} of an input already checked against its resolved `p`. */
export function poolResolved(fn: 'maxPool2d' | 'avgPool2d', x: Tensor, p: PoolParams): Tensor {
  // The output's size is checked before anything is allocated, and reported in the input's layout.
  checkElementCount(fn, 'the output', poolOutputShapeOf(p));
  const nchw = permute({ data: x.data, shape: x.shape }, p.inputLayout, 'nchw', fn, 'the NCHW copy of the input');
  const reduce: Reduce = fn === 'maxPool2d' ? maxPoolNchw : avgPoolNchw;
  const y = reduce(nchw.data, p, fn);
  return permute({ data: y, shape: [p.batch, p.channels, p.outHeight, p.outWidth] }, 'nchw', p.inputLayout, fn);
}

/**
 * 2-D max pooling, pure JS: `y[n, c, oh, ow] = max x[n, c, oh·sh + i·dh − padTop, ow·sw + j·dw − padLeft]`
 * over `i < kH`, `j < kW`, padded cells excluded; NaN in a window gives NaN.
 *
 * Input `[N, C, H, W]` (or `[N, H, W, C]` with `inputLayout: 'nhwc'`); the output has the same layout.
 * Defaults follow WebNN: the window is the whole input (global max pooling) and the stride is 1
 * (PyTorch's stride defaults to the window: pass `strides` explicitly when porting).
 *
 * @example
 * const y = maxPool2d(
 *   { data: Float32Array.of(1, 2, 5, 6, 3, 4, 7, 8, 9, 10, 13, 14, 11, 12, 15, 16), shape: [1, 1, 4, 4] },
 *   { windowDimensions: 2, strides: 2 },
 * ); // y.data = [4, 8, 12, 16], y.shape = [1, 1, 2, 2]
 */
export function maxPool2d(input: Tensor, options: Pool2dOptions = {}): Tensor {
  return pool('maxPool2d', input, options);
}

/**
 * 2-D average pooling, pure JS: the mean of each window's cells,
 * `y[n, c, oh, ow] = Σ x[n, c, oh·sh + i·dh − padTop, ow·sw + j·dw − padLeft] / count`.
 * By default `count` is the number of real (unpadded) cells in the window, as ONNX, TensorFlow
 * and WebNN; `countIncludePad: true` counts the padding too, as PyTorch's default.
 *
 * Input `[N, C, H, W]` (or `[N, H, W, C]` with `inputLayout: 'nhwc'`); the output has the same layout.
 * Defaults follow WebNN: the window is the whole input (global average pooling) and the stride is
 * 1 (PyTorch's stride defaults to the window: pass `strides` explicitly when porting).
 *
 * @example
 * const x = { data: Float32Array.of(1, 2, 3, 4), shape: [1, 1, 2, 2] };
 * avgPool2d(x).data;                                            // [2.5] (global)
 * avgPool2d(x, { windowDimensions: 2, padding: 1 }).data;       // [1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4]
 * avgPool2d(x, { windowDimensions: 2, padding: 1, countIncludePad: true }).data[0]; // 0.25
 */
export function avgPool2d(input: Tensor, options: AvgPool2dOptions = {}): Tensor {
  return pool('avgPool2d', input, options);
}
