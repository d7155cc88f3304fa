import { QCONV_OC_BLOCK, QCONV_OUTPUT_SIGNED } from './abi.generated';
import { requantize4, ROUNDING_MAGIC, storeBlock, storeSixteenByFour } from './qconv-requantize';

// qconvDense's main microkernel (assembly/qconv-dense.ts): 2 output pixels × 16 channels, the
// packed filter's blocks b and b + 1 side by side, 8 accumulators. Per channel pair: the two
// pixels' pairs splatted by load (vbroadcastss), 4 weight vectors, 8 dots, 8 adds: 14 vector
// registers, so V8 keeps every value in one (x64 has 15 free). Against qconvDense's 4 pixels × 8
// channels (the same 8 accumulators, 4 splats per 2 weight vectors): Q1n 2.09 → 1.91 ms,
// Q2n 1.44 → 1.38, Q5n 3.53 → 3.43, Q3 (NHWC 1×1, K = 24) 0.52 → 0.40 (simd, Zen 4, medians of
// 30, one run): fewer pixel addresses and splats per multiply-add, 16-byte stores per pixel.

/**
 * Two full blocks of output channels (16, from `blockA`, the next block `blockBytes` on), every
 * pixel `first` ≤ q < `stop` of an image's row-major output range, two at a time; the
 * arguments are qconvDense's locals.
 */
// @ts-ignore: decorator
@inline export function denseWide(
  groupIn: usize, rowBytes: usize, strideBytes: usize, first: i32, stop: i32, outWidth: i32,
  table: usize, runEnd: usize, runStep: usize, blockA: usize, blockBytes: usize,
  blockBias: usize, blockScales: usize, firstOut: usize, pixelStep: usize, channelBytes: usize,
  low: f32, high: f32, zero: i32, flags: i32, int32: bool, scratch: usize,
): void {
  let r = first / outWidth;
  let c = first - r * outWidth;
  let held0 = i32x4.splat(0), held1 = held0, holding = false; // NCHW: a pair's outputs, waiting for the next pair
  for (let q = first; q < stop; q += 2) {
    const p0 = groupIn + <usize>r * rowBytes + <usize>c * strideBytes;
    let r1 = r, c1 = c + 1;
    if (c1 == outWidth) { c1 = 0; r1++; }
    const p1 = q + 1 < stop ? groupIn + <usize>r1 * rowBytes + <usize>c1 * strideBytes : p0;
    r = r1;
    c = c1 + 1;
    if (c == outWidth) { c = 0; r++; }
    // aPK: pixel P's channels 4K…4K + 3, from the bias.
    let a00 = v128.load(blockBias), a01 = v128.load(blockBias, 16), a02 = v128.load(blockBias, 32), a03 = v128.load(blockBias, 48);
    let a10 = a00, a11 = a01, a12 = a02, a13 = a03;
    let wA = blockA;
    for (let entry = table; entry < runEnd; entry += 4) {
      let off = <usize>load<u32>(entry);
      const pairsEnd = off + runStep;
      // One channel pair a step; V8 unrolls the loop itself.
      for (; off < pairsEnd; off += 4) {
        const wB = wA + blockBytes;
        const s0 = v128.load32_splat(p0 + off);
        const s1 = v128.load32_splat(p1 + off);
        let w = v128.load(wA); a00 = i32x4.add(a00, i32x4.dot_i16x8_s(s0, w)); a10 = i32x4.add(a10, i32x4.dot_i16x8_s(s1, w));
        w = v128.load(wA, 16); a01 = i32x4.add(a01, i32x4.dot_i16x8_s(s0, w)); a11 = i32x4.add(a11, i32x4.dot_i16x8_s(s1, w));
        w = v128.load(wB); a02 = i32x4.add(a02, i32x4.dot_i16x8_s(s0, w)); a12 = i32x4.add(a12, i32x4.dot_i16x8_s(s1, w));
        w = v128.load(wB, 16); a03 = i32x4.add(a03, i32x4.dot_i16x8_s(s0, w)); a13 = i32x4.add(a13, i32x4.dot_i16x8_s(s1, w));
        wA += 32;
      }
    }
    const out = firstOut + <usize>q * pixelStep;
    const two = q + 1 < stop;
    if (two && int32 && channelBytes == 4) {
      v128.store(out, a00); v128.store(out, a01, 16); v128.store(out, a02, 32); v128.store(out, a03, 48);
      v128.store(out + pixelStep, a10); v128.store(out + pixelStep, a11, 16); v128.store(out + pixelStep, a12, 32); v128.store(out + pixelStep, a13, 48);
      continue;
    }
    if (two && !int32) {
      const lowV = f32x4.splat(low);
      const highV = f32x4.splat(high);
      const zeroV = i32x4.splat(reinterpret<i32>(ROUNDING_MAGIC) - zero);
      const s0 = v128.load(blockScales), s1 = v128.load(blockScales, 16), s2 = v128.load(blockScales, 32), s3 = v128.load(blockScales, 48);
      const n0 = i16x8.narrow_i32x4_s(requantize4(a00, s0, lowV, highV, zeroV), requantize4(a01, s1, lowV, highV, zeroV));
      const n1 = i16x8.narrow_i32x4_s(requantize4(a02, s2, lowV, highV, zeroV), requantize4(a03, s3, lowV, highV, zeroV));
      const m0 = i16x8.narrow_i32x4_s(requantize4(a10, s0, lowV, highV, zeroV), requantize4(a11, s1, lowV, highV, zeroV));
      const m1 = i16x8.narrow_i32x4_s(requantize4(a12, s2, lowV, highV, zeroV), requantize4(a13, s3, lowV, highV, zeroV));
      const signed = (flags & QCONV_OUTPUT_SIGNED) != 0;
      const q0 = signed ? i8x16.narrow_i16x8_s(n0, n1) : i8x16.narrow_i16x8_u(n0, n1);
      const q1 = signed ? i8x16.narrow_i16x8_s(m0, m1) : i8x16.narrow_i16x8_u(m0, m1);
      if (channelBytes == 1) {
        v128.store(out, q0);
        v128.store(out + pixelStep, q1);
        continue;
      }
      // NCHW: channel k's pixels are byte k of q0 and of q1. A pair with a whole pair after it
      // waits for it, and the four go out 4 bytes per channel.
      if (!holding && q + 3 < stop) {
        held0 = q0;
        held1 = q1;
        holding = true;
        continue;
      }
      if (holding) {
        holding = false;
        storeSixteenByFour(held0, held1, q0, q1, out - 2, channelBytes); // from the held pair's first pixel
        continue;
      }
      const lo = i8x16.shuffle(q0, q1, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
      const hi = i8x16.shuffle(q0, q1, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
      v128.store16_lane(out, lo, 0); v128.store16_lane(out + channelBytes, lo, 1);
      v128.store16_lane(out + 2 * channelBytes, lo, 2); v128.store16_lane(out + 3 * channelBytes, lo, 3);
      v128.store16_lane(out + 4 * channelBytes, lo, 4); v128.store16_lane(out + 5 * channelBytes, lo, 5);
      v128.store16_lane(out + 6 * channelBytes, lo, 6); v128.store16_lane(out + 7 * channelBytes, lo, 7);
      const out8 = out + 8 * channelBytes;
      v128.store16_lane(out8, hi, 0); v128.store16_lane(out8 + channelBytes, hi, 1);
      v128.store16_lane(out8 + 2 * channelBytes, hi, 2); v128.store16_lane(out8 + 3 * channelBytes, hi, 3);
      v128.store16_lane(out8 + 4 * channelBytes, hi, 4); v128.store16_lane(out8 + 5 * channelBytes, hi, 5);
      v128.store16_lane(out8 + 6 * channelBytes, hi, 6); v128.store16_lane(out8 + 7 * channelBytes, hi, 7);
      continue;
    }
    // A range's odd last pixel, and NCHW int32.
    const nextBlock = <usize>QCONV_OC_BLOCK * channelBytes;
    storeBlock(a00, a01, blockScales, low, high, zero, flags, out, channelBytes, QCONV_OC_BLOCK, scratch);
    storeBlock(a02, a03, blockScales + 32, low, high, zero, flags, out + nextBlock, channelBytes, QCONV_OC_BLOCK, scratch);
    if (two) {
      storeBlock(a10, a11, blockScales, low, high, zero, flags, out + pixelStep, channelBytes, QCONV_OC_BLOCK, scratch);
      storeBlock(a12, a13, blockScales + 32, low, high, zero, flags, out + pixelStep + nextBlock, channelBytes, QCONV_OC_BLOCK, scratch);
    }
  }
}
