import { columnsShape, resolveIm2col, type Im2colOptions } from '../options/window.js';
import { allocateFloat32 } from '../shape/element-limit.js';
import { checkLength, tensorParts, type Tensor } from '../tensor.js';
import { forEachWindowTap } from './window-taps.js';

/**
 * Unfolds the sliding windows of an image into a matrix (PyTorch's `unfold`), pure JS.
 *
 * The result has shape `[N·Hout·Wout, C·kH·kW]`: one row per output position, rows ordered
 * (n, oh, ow); `C·kH·kW` columns ordered (c, i, j) — the same order as a flattened OIHW filter
 * row — so
 *
 *   `cols[((n·Hout + oh)·Wout + ow), (c·kH + i)·kW + j] = x̄[n, c, oh·sh + i·dh − padTop, ow·sw + j·dw − padLeft]`
 *
 * with `x̄` zero outside the image. Then `conv2d(x, W)` (groups 1, OIHW `W` reshaped to
 * `[Cout, C·kH·kW]`) equals `im2col(x) · Wᵀ`, reshaped from `[N·Hout·Wout, Cout]` to NHWC
 * `[N, Hout, Wout, Cout]`.
 *
 * Input `[N, C, H, W]`, or `[N, H, W, C]` with `inputLayout: 'nhwc'`; the column order is
 * (c, i, j) in both. `Hout` and `Wout` are conv2d's output size,
 * `floor((in + padBegin + padEnd − (d·(k−1)+1)) / s) + 1`. {@link col2im} is the adjoint.
 *
 * @example
 * const cols = im2col(
 *   { data: Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9), shape: [1, 1, 3, 3] },
 *   { windowDimensions: 2 },
 * );
 * // cols.shape = [4, 4]
 * // cols.data  = [1, 2, 4, 5,
 * //               2, 3, 5, 6,
 * //               4, 5, 7, 8,
 * //               5, 6, 8, 9]
 */
export function im2col(input: Tensor, options: Im2colOptions): Tensor {
  const fn = 'im2col';
  const x = tensorParts(fn, 'input', input);
  const p = resolveIm2col(fn, x.shape, options);
  const image = checkLength(fn, 'input', x.data, x.shape as number[]).data;
  const shape = columnsShape(p);
  // A fresh Float32Array is zero, so the entries over the padding are already x̄'s zeros.
  const columns = allocateFloat32(fn, 'the columns', shape);
  forEachWindowTap(p, (entry, cell) => {
    columns[entry] = image[cell]!;
  });
  return { data: columns, shape };
}
