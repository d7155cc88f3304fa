import * as A from './args';
import { arg, ptr } from './args';
import { paddedHeightOf, paddedWidthOf } from './qconv-geometry';
import { QCONV_INT32, QCONV_OC_BLOCK } from './abi.generated';
import { channelStepBytes, highOf, lowOf, outputAt, pixelStepBytes, storeBlock, storeOne, storeQuad, SPILL_BYTES } from './qconv-requantize';

// The int8 depthwise convolution (groups = input channels = output channels), over the
// prologue's padded int16 copy with one channel per group (A_Q_GROUP_STRIDE 1, pixels padded to
// a multiple of 8 channels). The taps go in pairs, so that i32x4.dot_i16x8_s does two taps of
// four channels at once: a pixel's 8 channels at tap t0 and at tap t1, interleaved by a shuffle
// into (t0 c0, t1 c0, t0 c1, t1 c1, …), against weights packed the same way.
//
// Packed filter (src/engine/qconv-pack.ts): per block of 8 channels, per tap pair, 16 int16s
// `w − wZero`: channels 0–3 interleaved by tap, then channels 4–7; an odd last tap is paired with
// a zero weight. Bias and scales 8 per block. The microkernel: 4 output pixels of a row × 8
// channels. The tap pairs' byte offsets from a pixel are tabled in the thread's scratch, after
// the epilogue's SPILL_BYTES. Tiles: batch × output rows.

/** Scratch bytes the epilogue's spill takes before the tap table. */
const TABLE_AT: usize = SPILL_BYTES;

export function qconvDepthwise(args: usize, scratch: usize, begin: i32, end: i32): void {
  const channels = arg(args, A.A_OUT_CHANNELS);
  const outHeight = arg(args, A.A_OUT_HEIGHT);
  const outWidth = arg(args, A.A_OUT_WIDTH);
  const kernelHeight = arg(args, A.A_KERNEL_HEIGHT);
  const kernelWidth = arg(args, A.A_KERNEL_WIDTH);
  const strideH = arg(args, A.A_STRIDE_H);
  const strideW = arg(args, A.A_STRIDE_W);
  const dilationH = arg(args, A.A_DILATION_H);
  const dilationW = arg(args, A.A_DILATION_W);
  const paddedHeight = paddedHeightOf(args);
  const paddedWidth = paddedWidthOf(args);
  const pixelBytes = <usize>arg(args, A.A_Q_PIXEL_STRIDE) << 1;
  const flags = arg(args, A.A_Q_FLAGS);
  const low = lowOf(args);
  const high = highOf(args);
  const zero = arg(args, A.A_Q_OUTPUT_ZERO);
  const channelBytes = channelStepBytes(args, flags);
  const pixelStep = pixelStepBytes(args, flags);
  const int32 = (flags & QCONV_INT32) != 0;
  const taps = kernelHeight * kernelWidth;
  const tapPairs = (taps + 1) >> 1;
  const blockBytes = <usize>tapPairs << 5;
  const blocks = (channels + QCONV_OC_BLOCK - 1) / QCONV_OC_BLOCK;
  const work = ptr(args, A.A_WORK);
  const weights = ptr(args, A.A_WEIGHTS);
  const bias = ptr(args, A.A_BIAS);
  const scales = ptr(args, A.A_Q_SCALES);
  const strideBytes = <usize>strideW * pixelBytes;

  // Each tap's offset from its pixel; an odd last tap's partner repeats it (its weight is 0).
  const table = scratch + TABLE_AT;
  for (let t = 0; t < 2 * tapPairs; t++) {
    const tap = min(t, taps - 1);
    const i = tap / kernelWidth;
    store<u32>(table + (<usize>t << 2), <u32>(<usize>(i * dilationH * paddedWidth + (tap - i * kernelWidth) * dilationW) * pixelBytes));
  }
  const tableEnd = table + (<usize>tapPairs << 3);

  for (let t = begin; t < end; t++) {
    const n = t / outHeight;
    const oh = t - n * outHeight;
    const inRow = work + <usize>((n * paddedHeight + oh * strideH) * paddedWidth) * pixelBytes;
    const firstOut = outputAt(args, flags, n, oh * outWidth, 0);
    if (ASC_FEATURE_SIMD) {
      for (let ow = 0; ow < outWidth; ow += 4) {
        // A last group of fewer than 4 pixels repeats the row's last pixel; only real ones are stored.
        const last = outWidth - 1;
        const p0 = inRow + <usize>ow * strideBytes;
        const p1 = inRow + <usize>min(ow + 1, last) * strideBytes;
        const p2 = inRow + <usize>min(ow + 2, last) * strideBytes;
        const p3 = inRow + <usize>min(ow + 3, last) * strideBytes;
        const out = firstOut + <usize>ow * pixelStep;
        const count = min(4, outWidth - ow);
        for (let b = 0; b < blocks; b++) {
          const at = <usize>b << 4;
          let a00 = v128.load(bias + (<usize>b << 5)), a01 = v128.load(bias + (<usize>b << 5), 16);
          let a10 = a00, a11 = a01, a20 = a00, a21 = a01, a30 = a00, a31 = a01;
          let w = weights + <usize>b * blockBytes;
          for (let e = table; e < tableEnd; e += 8) {
            const o0 = <usize>load<u32>(e) + at;
            const o1 = <usize>load<u32>(e, 4) + at;
            const wLow = v128.load(w);
            const wHigh = v128.load(w, 16);
            w += 32;
            let x = v128.load(p0 + o0), y = v128.load(p0 + o1);
            a00 = i32x4.add(a00, i32x4.dot_i16x8_s(i16x8.shuffle(x, y, 0, 8, 1, 9, 2, 10, 3, 11), wLow));
            a01 = i32x4.add(a01, i32x4.dot_i16x8_s(i16x8.shuffle(x, y, 4, 12, 5, 13, 6, 14, 7, 15), wHigh));
            x = v128.load(p1 + o0), y = v128.load(p1 + o1);
            a10 = i32x4.add(a10, i32x4.dot_i16x8_s(i16x8.shuffle(x, y, 0, 8, 1, 9, 2, 10, 3, 11), wLow));
            a11 = i32x4.add(a11, i32x4.dot_i16x8_s(i16x8.shuffle(x, y, 4, 12, 5, 13, 6, 14, 7, 15), wHigh));
            x = v128.load(p2 + o0), y = v128.load(p2 + o1);
            a20 = i32x4.add(a20, i32x4.dot_i16x8_s(i16x8.shuffle(x, y, 0, 8, 1, 9, 2, 10, 3, 11), wLow));
            a21 = i32x4.add(a21, i32x4.dot_i16x8_s(i16x8.shuffle(x, y, 4, 12, 5, 13, 6, 14, 7, 15), wHigh));
            x = v128.load(p3 + o0), y = v128.load(p3 + o1);
            a30 = i32x4.add(a30, i32x4.dot_i16x8_s(i16x8.shuffle(x, y, 0, 8, 1, 9, 2, 10, 3, 11), wLow));
            a31 = i32x4.add(a31, i32x4.dot_i16x8_s(i16x8.shuffle(x, y, 4, 12, 5, 13, 6, 14, 7, 15), wHigh));
          }
          const valid = min(QCONV_OC_BLOCK, channels - b * QCONV_OC_BLOCK);
          const blockScales = scales + (<usize>b << 5);
          const o = out + <usize>(b * QCONV_OC_BLOCK) * channelBytes;
          if (count == 4 && valid == QCONV_OC_BLOCK && !int32) {
            storeQuad(a00, a01, a10, a11, a20, a21, a30, a31, blockScales, low, high, zero, flags, o, channelBytes, pixelStep);
            continue;
          }
          storeBlock(a00, a01, blockScales, low, high, zero, flags, o, channelBytes, valid, scratch);
          if (count > 1) storeBlock(a10, a11, blockScales, low, high, zero, flags, o + pixelStep, channelBytes, valid, scratch);
          if (count > 2) storeBlock(a20, a21, blockScales, low, high, zero, flags, o + 2 * pixelStep, channelBytes, valid, scratch);
          if (count > 3) storeBlock(a30, a31, blockScales, low, high, zero, flags, o + 3 * pixelStep, channelBytes, valid, scratch);
        }
      }
    } else {
      for (let ow = 0; ow < outWidth; ow++) {
        const pixel = inRow + <usize>ow * strideBytes;
        for (let c = 0; c < channels; c++) {
          const b = c / QCONV_OC_BLOCK;
          const k = c - b * QCONV_OC_BLOCK;
          let acc = load<i32>(bias + (<usize>c << 2));
          // Lane of channel k in a pair's 16 weights: 2k (tap t0) and 2k + 1 (tap t1).
          let w = weights + <usize>b * blockBytes + (<usize>k << 2);
          for (let e = table; e < tableEnd; e += 8) {
            const x = pixel + (<usize>k << 1) + (<usize>b << 4);
            acc += <i32>load<i16>(x + <usize>load<u32>(e)) * <i32>load<i16>(w) + <i32>load<i16>(x + <usize>load<u32>(e, 4)) * <i32>load<i16>(w, 2);
            w += 32;
          }
          storeOne(acc, load<f32>(scales + (<usize>c << 2)), low, high, zero, flags, firstOut + <usize>ow * pixelStep + <usize>c * channelBytes);
        }
      }
    }
  }
}
