import { checkColumnsShape, imageShapeOf, resolveCol2im, type Col2imOptions } from '../options/window.js';
import { allocateFloat32, allocateFloat64 } from '../shape/element-limit.js';
import { checkLength, tensorParts, type Tensor } from '../tensor.js';
import { forEachWindowTap } from './window-taps.js';

/**
 * Folds an im2col matrix back into an image (PyTorch's `fold`), pure JS: the adjoint of
 * {@link im2col}, so `⟨im2col(x), Y⟩ = ⟨x, col2im(Y)⟩` for every image `x` and matrix `Y`.
 *
 * `columns` has shape `[N·Hout·Wout, C·kH·kW]`, laid out as im2col's result: rows ordered
 * (n, oh, ow), columns ordered (c, i, j). Every entry is added to the image cell it was read
 * from,
 *
 *   `image[n, c, oh·sh + i·dh − padTop, ow·sw + j·dw − padLeft] += columns[((n·Hout + oh)·Wout + ow), (c·kH + i)·kW + j]`
 *
 * and entries that came from the padding are dropped. A cell covered by several windows gets
 * the sum of its copies (so `col2im(im2col(x))` is `x` times the number of windows covering
 * each cell); a cell no window covers is 0. Sums are accumulated in f64 and rounded to f32 once.
 *
 * Options are im2col's plus `inputShape`, the shape of the image to rebuild in `inputLayout`;
 * the result has that shape.
 *
 * @example
 * const image = col2im(
 *   { data: Float32Array.of(1, 2, 4, 5, 2, 3, 5, 6, 4, 5, 7, 8, 5, 6, 8, 9), shape: [4, 4] },
 *   { windowDimensions: 2, inputShape: [1, 1, 3, 3] },
 * );
 * // image.shape = [1, 1, 3, 3]
 * // image.data  = [1, 4, 3, 8, 20, 12, 7, 16, 9]  (each cell times the windows covering it)
 */
export function col2im(columns: Tensor, options: Col2imOptions): Tensor {
  const fn = 'col2im';
  const m = tensorParts(fn, 'columns', columns);
  const p = resolveCol2im(fn, options);
  const entries = checkLength(fn, 'columns', m.data, checkColumnsShape(fn, m.shape, p)).data;
  const shape = imageShapeOf(p);
  const image = allocateFloat32(fn, 'the image', shape); // checked first: it names the limit the caller sees
  const sums = allocateFloat64(fn, 'the image', shape);
  forEachWindowTap(p, (entry, cell) => {
    sums[cell] = sums[cell]! + entries[entry]!;
  });
  image.set(sums);
  return { data: image, shape };
}
