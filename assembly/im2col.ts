import { copyFloats, zeroFloats } from './copy';

// im2col over a tile of output pixels only, so the workspace stays bounded whatever the image.
// x̄ is the input with zeros outside the image; padded taps are written as 0, so they take
// part in the products exactly as in the reference.

/**
 * copyFloats in whole vectors: writes up to 3 floats past the run (the next run overwrites them;
 * after the last row the plan leaves 4 floats of scratch) and reads up to 3 past it (the slack
 * every buffer has). A 3-channel 3×3 stem's 9-float runs: 3 vectors instead of 2 and 1 scalar
 * with their loop tests; im2col was a third of M6 in NHWC.
 */
// @ts-ignore: decorator
@inline function copyRun(dst: usize, src: usize, count: i32): void {
  if (ASC_FEATURE_SIMD) {
    for (let i = 0; i < count; i += 4) v128.store(dst + (<usize>i << 2), v128.load(src + (<usize>i << 2)));
  } else {
    copyFloats(dst, src, count);
  }
}

/**
 * NHWC rows: for output pixels [first, first + count), one row of K = kH·kW·Cg floats each,
 * k = (i·kW + j)·Cg + c, read from channels [cOffset, cOffset + Cg) of an NHWC image.
 */
export function im2colRows(
  dst: usize, image: usize, inH: i32, inW: i32, channels: i32, cOffset: i32, groupChannels: i32,
  kernelH: i32, kernelW: i32, strideH: i32, strideW: i32, dilationH: i32, dilationW: i32,
  padTop: i32, padLeft: i32, outW: i32, first: i32, count: i32,
): void {
  const runBytes = <usize>groupChannels << 2;
  // Without groups or width dilation, a kernel row's taps are kW adjacent pixels: one run of
  // kW·C floats where it lies inside the image (J in NHWC, C = 3: 0.76 → 0.47 ms kernel only; A: 9.6 → 8.5).
  const adjacent = groupChannels == channels && dilationW == 1;
  const rowRun = kernelW * groupChannels;
  let d = dst;
  let oh = first / outW;
  let ow = first - oh * outW;
  for (let q = 0; q < count; q++) {
    for (let i = 0; i < kernelH; i++) {
      const h = oh * strideH + i * dilationH - padTop;
      const rowInside = h >= 0 && h < inH;
      const w0 = ow * strideW - padLeft;
      if (adjacent && rowInside && w0 >= 0 && w0 + kernelW <= inW) {
        copyRun(d, image + (<usize>((h * inW + w0) * channels) << 2), rowRun);
        d += <usize>rowRun << 2;
        continue;
      }
      for (let j = 0; j < kernelW; j++) {
        const w = ow * strideW + j * dilationW - padLeft;
        if (rowInside && w >= 0 && w < inW) {
          copyFloats(d, image + (<usize>((h * inW + w) * channels + cOffset) << 2), groupChannels);
        } else {
          zeroFloats(d, groupChannels);
        }
        d += runBytes;
      }
    }
    if (++ow == outW) {
      ow = 0;
      oh++;
    }
  }
}
