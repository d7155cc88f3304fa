import type { WindowParams } from '../options/window.js';

/**
 * The im2col correspondence, the one formula {@link im2col} and {@link col2im} share: matrix entry
 *
 *   `[(n·Hout + oh)·Wout + ow, (c·kH + i)·kW + j]` ↔ image cell `x[n, c, oh·sh + i·dh − padTop, ow·sw + j·dw − padLeft]`
 *
 * Calls `visit(entry, cell)` for every entry of the `[N·Hout·Wout, C·kH·kW]` matrix whose cell
 * lies inside the image, in row-major order of the matrix: `entry` is the entry's offset in the
 * matrix, `cell` the cell's offset in the image (in `p.inputLayout`). Entries over the padding
 * are skipped: im2col leaves them 0 and col2im drops them.
 *
 * @example
 * // im2col in one line: copy every inside cell to its entry.
 * forEachWindowTap(p, (entry, cell) => { columns[entry] = image[cell]!; });
 */
export function forEachWindowTap(p: WindowParams, visit: (entry: number, cell: number) => void): void {
  const { batch, channels, inHeight, inWidth, outHeight, outWidth, windowHeight, windowWidth } = p;
  const [strideH, strideW] = p.strides;
  const [dilationH, dilationW] = p.dilations;
  const [padTop, , padLeft] = p.padding;
  // Element steps of the n, c, h, w axes, so both layouts go through the same loop.
  const nhwc = p.inputLayout === 'nhwc';
  const stepN = channels * inHeight * inWidth;
  const stepC = nhwc ? 1 : inHeight * inWidth;
  const stepW = nhwc ? channels : 1;
  const stepH = stepW * inWidth;

  let entry = 0;
  for (let n = 0; n < batch; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        for (let c = 0; c < channels; c++) {
          for (let i = 0; i < windowHeight; i++) {
            for (let j = 0; j < windowWidth; j++, entry++) {
              const h = oh * strideH + i * dilationH - padTop;
              const w = ow * strideW + j * dilationW - padLeft;
              if (h < 0 || h >= inHeight || w < 0 || w >= inWidth) continue;
              visit(entry, n * stepN + c * stepC + h * stepH + w * stepW);
            }
          }
        }
      }
    }
  }
}
