import * as A from './args';
import { arg, ptr } from './args';
import { paddedHeightOf, paddedWidthOf } from './qconv-geometry';
import { QCONV_INT32, QCONV_OC_BLOCK, QCONV_OUTPUT_SIGNED } from './abi.generated';
import { channelStepBytes, highOf, lowOf, outputAt, pixelStepBytes, requantize4, ROUNDING_MAGIC, storeBlock, storeOne, storeSixteenByFour, SPILL_BYTES } from './qconv-requantize';

// The int8 depthwise convolution (groups = input channels = output channels), over the
// prologue's padded int16 copy with one channel per group (A_Q_GROUP_STRIDE 1, pixels padded to
// a multiple of 8 channels). The taps go in pairs, so that i32x4.dot_i16x8_s does two taps of
// four channels at once: a pixel's 8 channels at tap t0 and at tap t1, interleaved by a shuffle
// into (t0 c0, t1 c0, t0 c1, t1 c1, …), against weights packed the same way.
//
// Packed filter (src/engine/qconv-pack.ts): per block of 8 channels, per tap pair, 16 int16s
// `w − wZero`: channels 0–3 interleaved by tap, then channels 4–7; an odd last tap is paired with
// a zero weight. Bias and scales 8 per block. The microkernel (pixelSixteen): one output pixel ×
// 16 channels (two blocks), 4 accumulators and 8 loads a tap pair, pixel after pixel in groups
// of 4; a last block of 8 or fewer channels one pixel × 8. (4 pixels × 8 channels, as before,
// needs 8 input loads a tap pair, which V8 issues first, and spills: Q4, 144 ch 3×3 56² NHWC,
// 0.53 → 0.46 ms; Q4s2n, stride 2, NCHW, 0.21 → 0.19; simd, Zen 4, medians of 30. The group's
// 4 pixels inlined as straight-line code measured 0.42 ms, for 2.5 KB more of every build.)
// The tap pairs' byte offsets from a pixel are tabled in the thread's scratch, after the
// epilogue's SPILL_BYTES, which stages an NCHW group's outputs. Tiles: batch × output rows.

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
        const count = min(4, outWidth - ow);
        const p = inRow + <usize>ow * strideBytes;
        const out = firstOut + <usize>ow * pixelStep;
        let b = 0;
        for (; (b + 2) * QCONV_OC_BLOCK <= channels; b += 2) {
          const channelIn = <usize>b << 4;
          const w = weights + <usize>b * blockBytes;
          const blockBias = bias + (<usize>b << 5);
          const blockScales = scales + (<usize>b << 5);
          const o = out + <usize>(b * QCONV_OC_BLOCK) * channelBytes;
          // Pixel by pixel: 16 bytes a pixel (NHWC), or staged in the epilogue's scratch and
          // stored 4 bytes a channel (NCHW).
          for (let i = 0; i < count; i++) {
            const at = o + <usize>i * pixelStep;
            const q = pixelSixteen(p + <usize>i * strideBytes + channelIn, table, tableEnd, w, blockBytes, blockBias, blockScales, low, high, zero, flags, at, channelBytes, scratch);
            if (!int32) v128.store(channelBytes == 1 ? at : scratch + (<usize>i << 4), q); // int32: stored by pixelSixteen
          }
          if (int32 || channelBytes == 1) continue;
          if (count == 4) {
            storeSixteenByFour(v128.load(scratch), v128.load(scratch, 16), v128.load(scratch, 32), v128.load(scratch, 48), o, channelBytes);
            continue;
          }
          for (let i = 0; i < count; i++) {
            for (let k = 0; k < 16; k++) store<u8>(o + <usize>i + <usize>k * channelBytes, load<u8>(scratch + (<usize>i << 4) + <usize>k));
          }
        }
        // A last block of 8 or fewer channels: a pixel at a time, through storeBlock.
        for (; b < blocks; b++) {
          const valid = min(QCONV_OC_BLOCK, channels - b * QCONV_OC_BLOCK);
          const blockScales = scales + (<usize>b << 5);
          const o = out + <usize>(b * QCONV_OC_BLOCK) * channelBytes;
          for (let i = 0; i < count; i++) {
            const x0 = p + <usize>i * strideBytes + (<usize>b << 4);
            let a0 = v128.load(bias + (<usize>b << 5)), a1 = v128.load(bias + (<usize>b << 5), 16);
            let w = weights + <usize>b * blockBytes;
            for (let e = table; e < tableEnd; e += 8) {
              const x = v128.load(x0 + <usize>load<u32>(e)), y = v128.load(x0 + <usize>load<u32>(e, 4));
              a0 = i32x4.add(a0, i32x4.dot_i16x8_s(i16x8.shuffle(x, y, 0, 8, 1, 9, 2, 10, 3, 11), v128.load(w)));
              a1 = i32x4.add(a1, i32x4.dot_i16x8_s(i16x8.shuffle(x, y, 4, 12, 5, 13, 6, 14, 7, 15), v128.load(w, 16)));
              w += 32;
            }
            storeBlock(a0, a1, blockScales, low, high, zero, flags, o + <usize>i * pixelStep, channelBytes, valid, scratch);
          }
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

/**
 * One output pixel's 16 channels (the packed blocks at `w` and `w + blockBytes`; the pixel's
 * first channel at `x0` in the padded copy): 4 accumulators, 8 loads a tap pair, so that V8
 * keeps every value in a register (its schedule issues a step's loads first). Returns the 16
 * requantized bytes; convInteger's int32s it stores itself at `at`.
 */
// @ts-ignore: decorator
@inline function pixelSixteen(
  x0: usize, table: usize, tableEnd: usize, w: usize, blockBytes: usize, blockBias: usize, blockScales: usize,
  low: f32, high: f32, zero: i32, flags: i32, at: usize, channelBytes: usize, scratch: usize,
): v128 {
  let a0 = v128.load(blockBias), a1 = v128.load(blockBias, 16), a2 = v128.load(blockBias, 32), a3 = v128.load(blockBias, 48);
  for (let e = table; e < tableEnd; e += 8) {
    const x = x0 + <usize>load<u32>(e);
    const y = x0 + <usize>load<u32>(e, 4);
    const wB = w + blockBytes;
    // (t0 c, t1 c) pairs of channels 0–3, 4–7 of each block.
    let t0 = v128.load(x), t1 = v128.load(y);
    a0 = i32x4.add(a0, i32x4.dot_i16x8_s(i16x8.shuffle(t0, t1, 0, 8, 1, 9, 2, 10, 3, 11), v128.load(w)));
    a1 = i32x4.add(a1, i32x4.dot_i16x8_s(i16x8.shuffle(t0, t1, 4, 12, 5, 13, 6, 14, 7, 15), v128.load(w, 16)));
    t0 = v128.load(x, 16);
    t1 = v128.load(y, 16);
    a2 = i32x4.add(a2, i32x4.dot_i16x8_s(i16x8.shuffle(t0, t1, 0, 8, 1, 9, 2, 10, 3, 11), v128.load(wB)));
    a3 = i32x4.add(a3, i32x4.dot_i16x8_s(i16x8.shuffle(t0, t1, 4, 12, 5, 13, 6, 14, 7, 15), v128.load(wB, 16)));
    w += 32;
  }
  if ((flags & QCONV_INT32) != 0) {
    storeBlock(a0, a1, blockScales, low, high, zero, flags, at, channelBytes, QCONV_OC_BLOCK, scratch);
    storeBlock(a2, a3, blockScales + 32, low, high, zero, flags, at + <usize>QCONV_OC_BLOCK * channelBytes, channelBytes, QCONV_OC_BLOCK, scratch);
    return i32x4.splat(0);
  }
  const lowV = f32x4.splat(low);
  const highV = f32x4.splat(high);
  const zeroV = i32x4.splat(reinterpret<i32>(ROUNDING_MAGIC) - zero);
  const n0 = i16x8.narrow_i32x4_s(requantize4(a0, v128.load(blockScales), lowV, highV, zeroV), requantize4(a1, v128.load(blockScales, 16), lowV, highV, zeroV));
  const n1 = i16x8.narrow_i32x4_s(requantize4(a2, v128.load(blockScales, 32), lowV, highV, zeroV), requantize4(a3, v128.load(blockScales, 48), lowV, highV, zeroV));
  return (flags & QCONV_OUTPUT_SIGNED) != 0 ? i8x16.narrow_i16x8_s(n0, n1) : i8x16.narrow_i16x8_u(n0, n1);
}
