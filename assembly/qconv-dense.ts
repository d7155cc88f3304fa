import * as A from './args';
import { arg, ptr } from './args';
import { paddedHeightOf, paddedWidthOf, tabulateRuns } from './qconv-geometry';
import { QCONV_IMAGE_FILTERS, QCONV_INT32, QCONV_OC_BLOCK } from './abi.generated';
import { denseWide } from './qconv-dense-wide';
import { channelStepBytes, highOf, lowOf, outputAt, pixelStepBytes, storeBlock, storeOne, storeQuad, SPILL_BYTES } from './qconv-requantize';

// The int8 convolution of any geometry (dense, grouped, 1×1, strided, dilated), direct over the
// prologue's padded int16 copy (assembly/qconv-prologue.ts): no im2col, since the padding is
// already there, every tap of a pixel is at a fixed offset from the pixel.
//
// Packed filter (src/engine/qconv-pack.ts): per group, per block of QCONV_OC_BLOCK output
// channels, per run (a kernel row, or a tap: below), per channel pair: 16 int16s
// `w[oc, c] − wZero[oc]` ordered (oc0 c0, oc0 c1, oc1 c0, oc1 c1, …), so that
// `i32x4.dot_i16x8_s` of a pixel's channel pair splatted ((c0, c1) × 4) with the first 8 gives
// channels 0–3's partial sums and with the last 8 channels 4–7's. The block's bias (int32) and
// requantization scales (f32) are 8 each at A_BIAS and A_Q_SCALES. The microkernels: 2 output
// pixels × 16 channels (two blocks; assembly/qconv-dense-wide.ts), and for a group's odd last
// block 4 pixels × 8 channels; both 8 accumulators, each pixel's channel pair splatted by load.
// (Four pairs per load, splatted by shuffles, were faster once; in V8 11.3 (Node 20) that loop
// holds 8 weight vectors at once and spills the accumulators: the splat loads took Q1n
// 2.47 → 2.09 ms, Q5n 4.42 → 3.50, Q2n 1.87 → 1.50; simd, Zen 4, medians of 30.)
// Tiles: batch × output rows, one row each, all groups and channels.

/** outputAt, with QCONV_IMAGE_FILTERS images `outImageBytes` apart (M's padded planes) where it is not 0. */
// @ts-ignore: decorator
@inline function imageOutputAt(args: usize, flags: i32, n: i32, pixel: i32, channel: i32, outImageBytes: usize): usize {
  return outImageBytes != 0 ? outputAt(args, flags, 0, pixel, channel) + <usize>n * outImageBytes : outputAt(args, flags, n, pixel, channel);
}

export function qconvDense(args: usize, scratch: usize, begin: i32, end: i32): void {
  const outChannels = arg(args, A.A_OUT_CHANNELS);
  const outHeight = arg(args, A.A_OUT_HEIGHT);
  const outWidth = arg(args, A.A_OUT_WIDTH);
  const groups = arg(args, A.A_GROUPS);
  const kernelHeight = arg(args, A.A_KERNEL_HEIGHT);
  const kernelWidth = arg(args, A.A_KERNEL_WIDTH);
  const strideH = arg(args, A.A_STRIDE_H);
  const strideW = arg(args, A.A_STRIDE_W);
  const dilationW = arg(args, A.A_DILATION_W);
  const paddedHeight = paddedHeightOf(args);
  const paddedWidth = paddedWidthOf(args);
  const pixelBytes = <usize>arg(args, A.A_Q_PIXEL_STRIDE) << 1;
  const groupStride = arg(args, A.A_Q_GROUP_STRIDE);
  const blocks = arg(args, A.A_Q_OC_BLOCKS);
  const perGroup = outChannels / groups;
  const flags = arg(args, A.A_Q_FLAGS);
  const low = lowOf(args);
  const high = highOf(args);
  const zero = arg(args, A.A_Q_OUTPUT_ZERO);
  const channelBytes = channelStepBytes(args, flags);
  const pixelStep = pixelStepBytes(args, flags);
  // QCONV_IMAGE_FILTERS (int8 Winograd's GEMM): image n takes filter n mod A_Q_IMAGE_FILTERS.
  // Its images are V's and M's planes, at their padded strides (assembly/qconv-winograd.ts).
  const imageFilters = (flags & QCONV_IMAGE_FILTERS) != 0;
  const period = imageFilters ? arg(args, A.A_Q_IMAGE_FILTERS) : 1;
  const inImageBytes = imageFilters ? <usize>arg(args, A.A_Q_WINOGRAD_V_PLANE) : <usize>(paddedHeight * paddedWidth) * pixelBytes;
  const outImageBytes = imageFilters ? <usize>arg(args, A.A_Q_WINOGRAD_M_PLANE) : 0;
  const int32 = (flags & QCONV_INT32) != 0;
  const work = ptr(args, A.A_WORK);
  const weights = ptr(args, A.A_WEIGHTS);
  const bias = ptr(args, A.A_BIAS);
  const scales = ptr(args, A.A_Q_SCALES);
  const strideBytes = <usize>strideW * pixelBytes;

  // The window's runs of channel pairs (assembly/qconv-geometry.ts): a kernel row is one run
  // with one group and no horizontal dilation, its kernelWidth · groupStride values paired in
  // order, an odd count's last pair reading one value past the window with a zero weight
  // (groupStride is then the channel count, odd or even); otherwise a tap is one run of its
  // group's channels, rounded up to even. src/engine/qconv-pack.ts packs the same runs.
  const merged = groups == 1 && dilationW == 1;
  const runValues = merged ? kernelWidth * groupStride : groupStride;
  // Rounded up to a pair, not to 4 pairs: medians of the stem Q5n (3 → 64 7×7 s2 224², NCHW,
  // simd, Zen 4) 4.25–4.33 ms this way, 4.89–4.90 padded to 4 pairs; 1- and 3-channel 3×3
  // filters (224², 16 out) 0.90 / 1.20 ms against 1.23 / 1.76 (measured with the kernel of
  // four pairs per step that the one-pair step replaced).
  // runPairsOf in src/engine/qconv-pack.ts.
  const runPairs = (runValues + 1) >> 1;
  const runStep = <usize>runPairs << 2;
  const blockBytes = <usize>(kernelHeight * (merged ? 1 : kernelWidth) * runPairs) << 5; // 16 int16s per pair
  const table = scratch + SPILL_BYTES;
  const runEnd = tabulateRuns(args, scratch, merged, pixelBytes);

  if (ASC_FEATURE_SIMD) {
    // Pixels in groups of 4 along the range's rows, a group running on into the next row (a 14-wide
    // row is 4 groups, not 3 and a half: 12.5 % less work on a 14² layer); never across images,
    // whose outputs are not contiguous in NCHW. Per block of channels, every group of the range.
    for (let t = begin; t < end; ) {
      const n = t / outHeight;
      const rowsEnd = min(end, (n + 1) * outHeight);
      const first = (t - n * outHeight) * outWidth;
      const stop = (rowsEnd - n * outHeight) * outWidth;
      const image = work + <usize>n * inImageBytes;
      const rowBytes = <usize>(strideH * paddedWidth) * pixelBytes;
      for (let g = 0; g < groups; g++) {
        const groupIn = image + (<usize>(g * groupStride) << 1);
        const filter = weights + <usize>(n % period) * <usize>(groups * blocks) * blockBytes;
        let b = 0;
        // Two full blocks at a time (assembly/qconv-dense-wide.ts), then any last one here.
        for (; (b + 2) * QCONV_OC_BLOCK <= perGroup; b += 2) {
          const packed = <usize>(g * blocks + b);
          denseWide(groupIn, rowBytes, strideBytes, first, stop, outWidth, table, runEnd, runStep, filter + packed * blockBytes, blockBytes,
            bias + (packed << 5), scales + (packed << 5), imageOutputAt(args, flags, n, 0, g * perGroup + b * QCONV_OC_BLOCK, outImageBytes), pixelStep, channelBytes,
            low, high, zero, flags, int32, scratch);
        }
        for (; b < blocks; b++) {
          const packed = <usize>(g * blocks + b);
          const block = filter + packed * blockBytes;
          const channel = g * perGroup + b * QCONV_OC_BLOCK;
          const valid = min(QCONV_OC_BLOCK, perGroup - b * QCONV_OC_BLOCK);
          const blockBias = bias + (packed << 5);
          const blockScales = scales + (packed << 5);
          const firstOut = imageOutputAt(args, flags, n, 0, channel, outImageBytes);
          let r = first / outWidth;
          let c = first - r * outWidth;
          for (let q = first; q < stop; q += 4) {
            // Pixel i's row and column follow from pixel i − 1's; past the range's end a pixel
            // repeats the one before (computed, not stored).
            const p0 = groupIn + <usize>r * rowBytes + <usize>c * strideBytes;
            let r1 = r, c1 = c + 1;
            if (c1 == outWidth) { c1 = 0; r1++; }
            const p1 = q + 1 < stop ? groupIn + <usize>r1 * rowBytes + <usize>c1 * strideBytes : p0;
            let r2 = r1, c2 = c1 + 1;
            if (c2 == outWidth) { c2 = 0; r2++; }
            const p2 = q + 2 < stop ? groupIn + <usize>r2 * rowBytes + <usize>c2 * strideBytes : p1;
            let r3 = r2, c3 = c2 + 1;
            if (c3 == outWidth) { c3 = 0; r3++; }
            const p3 = q + 3 < stop ? groupIn + <usize>r3 * rowBytes + <usize>c3 * strideBytes : p2;
            r = r3;
            c = c3 + 1;
            if (c == outWidth) { c = 0; r++; }
            let a00 = v128.load(blockBias), a01 = v128.load(blockBias, 16);
            let a10 = a00, a11 = a01, a20 = a00, a21 = a01, a30 = a00, a31 = a01;
            let w = block;
            for (let entry = table; entry < runEnd; entry += 4) {
              let off = <usize>load<u32>(entry);
              const pairsEnd = off + runStep;
              // One channel pair a step, each pixel's pair splatted by load (see qconv-dense-wide.ts).
              for (; off < pairsEnd; off += 4) {
                const w0 = v128.load(w);
                const w1 = v128.load(w, 16);
                w += 32;
                const x0 = v128.load32_splat(p0 + off);
                a00 = i32x4.add(a00, i32x4.dot_i16x8_s(x0, w0));
                a01 = i32x4.add(a01, i32x4.dot_i16x8_s(x0, w1));
                const x1 = v128.load32_splat(p1 + off);
                a10 = i32x4.add(a10, i32x4.dot_i16x8_s(x1, w0));
                a11 = i32x4.add(a11, i32x4.dot_i16x8_s(x1, w1));
                const x2 = v128.load32_splat(p2 + off);
                a20 = i32x4.add(a20, i32x4.dot_i16x8_s(x2, w0));
                a21 = i32x4.add(a21, i32x4.dot_i16x8_s(x2, w1));
                const x3 = v128.load32_splat(p3 + off);
                a30 = i32x4.add(a30, i32x4.dot_i16x8_s(x3, w0));
                a31 = i32x4.add(a31, i32x4.dot_i16x8_s(x3, w1));
              }
            }
            const out = firstOut + <usize>q * pixelStep;
            const count = min(4, stop - q);
            if (count == 4 && valid == QCONV_OC_BLOCK && !int32) {
              storeQuad(a00, a01, a10, a11, a20, a21, a30, a31, blockScales, low, high, zero, flags, out, channelBytes, pixelStep);
              continue;
            }
            if (count == 4 && valid == QCONV_OC_BLOCK && channelBytes == 4) {
              // NHWC int32 (convInteger, and the int8 Winograd's GEMM): each pixel's 8 channels in two stores.
              v128.store(out, a00);
              v128.store(out, a01, 16);
              v128.store(out + pixelStep, a10);
              v128.store(out + pixelStep, a11, 16);
              v128.store(out + 2 * pixelStep, a20);
              v128.store(out + 2 * pixelStep, a21, 16);
              v128.store(out + 3 * pixelStep, a30);
              v128.store(out + 3 * pixelStep, a31, 16);
              continue;
            }
            storeBlock(a00, a01, blockScales, low, high, zero, flags, out, channelBytes, valid, scratch);
            if (count > 1) storeBlock(a10, a11, blockScales, low, high, zero, flags, out + pixelStep, channelBytes, valid, scratch);
            if (count > 2) storeBlock(a20, a21, blockScales, low, high, zero, flags, out + 2 * pixelStep, channelBytes, valid, scratch);
            if (count > 3) storeBlock(a30, a31, blockScales, low, high, zero, flags, out + 3 * pixelStep, channelBytes, valid, scratch);
          }
        }
      }
      t = rowsEnd;
    }
    return;
  }

  // Scalar builds: row by row, one pixel and channel at a time, over the same runs.
  for (let t = begin; t < end; t++) {
    const n = t / outHeight;
    const oh = t - n * outHeight;
    const inRow = work + <usize>n * inImageBytes + <usize>(oh * strideH * paddedWidth) * pixelBytes;
    for (let g = 0; g < groups; g++) {
      const groupIn = inRow + (<usize>(g * groupStride) << 1);
      for (let b = 0; b < blocks; b++) {
        const packed = <usize>(g * blocks + b);
        const block = weights + (<usize>(n % period) * <usize>(groups * blocks) + packed) * blockBytes;
        const channel = g * perGroup + b * QCONV_OC_BLOCK;
        const valid = min(QCONV_OC_BLOCK, perGroup - b * QCONV_OC_BLOCK);
        const blockBias = bias + (packed << 5);
        const blockScales = scales + (packed << 5);
        const firstOut = imageOutputAt(args, flags, n, oh * outWidth, channel, outImageBytes);
        {
          for (let ow = 0; ow < outWidth; ow++) {
            const p = groupIn + <usize>ow * strideBytes;
            for (let k = 0; k < valid; k++) {
              let acc = load<i32>(blockBias + (<usize>k << 2));
              let w = block + (<usize>k << 2);
              for (let r = table; r < runEnd; r += 4) {
                const run = p + <usize>load<u32>(r);
                for (let c = 0; c < runPairs; c++) {
                  const x = run + (<usize>c << 2);
                  acc += <i32>load<i16>(x) * <i32>load<i16>(w) + <i32>load<i16>(x, 2) * <i32>load<i16>(w, 2);
                  w += 32;
                }
              }
              storeOne(acc, load<f32>(blockScales + (<usize>k << 2)), low, high, zero, flags, firstOut + <usize>ow * pixelStep + <usize>k * channelBytes);
            }
          }
        }
      }
    }
  }
}
