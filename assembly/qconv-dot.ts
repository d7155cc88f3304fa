import * as A from './args';
import { arg, ptr } from './args';
import { paddedHeightOf, paddedWidthOf, tabulateRuns } from './qconv-geometry';
import { QCONV_INPUT_SIGNED, QCONV_NCHW, QCONV_OC_BLOCK } from './abi.generated';
import { channelStepBytes, highOf, lowOf, outputAt, pixelStepBytes, storeBlock, storeOne, SPILL_BYTES } from './qconv-requantize';

// The relaxed-SIMD int8 convolution (one group): i32x4.relaxed_dot_i8x16_i7x16_add_s multiplies
// 16 byte pairs and adds them to 4 accumulators in one instruction (VNNI's vpdpbusd where the CPU
// has it), but is exact only while its second operand stays in [0, 127]: then every pair sum
// fits the 16 bits pmaddubsw keeps, and every engine agrees. So the activations go in as 7-bit
// halves: u = x (uint8) or x + 128 (int8), u = 128·uh + ul, and
//
//   Σ (x − xZero)(w − wZero) = Σ ul·w' + 128 · Σ uh·w' − uZero · Σ w'      (w' = w − wZero, int8)
//
// where the last term is per output channel and folded into the bias (src/engine/qconv-layer.ts),
// and the padding holds uZero, so that it cancels there as the zero point does. int32 arithmetic
// wraps alike on both sides, so the sum is the reference's to the bit.
//
// Prologue: each padded pixel is ⌈C/4⌉ channel quads of 8 bytes, ul of 4 channels then uh of the
// same 4. Packed filter: per block of 8 output channels, per tap, per quad: 32 bytes, output
// channel k's 4 weights at 4k. The microkernel: 2 output pixels × 8 channels, ul and uh sums apart
// (8 accumulators). As qconvDense, a kernel row's taps are one run when dilationW is 1.

/** The scratch bytes before the run table: the epilogue's spill. */
const TABLE_AT: usize = SPILL_BYTES;

export function qconvDotPrologue(args: usize, scratch: usize, begin: i32, end: i32): void {
  const channels = arg(args, A.A_IN_CHANNELS);
  const height = arg(args, A.A_IN_HEIGHT);
  const width = arg(args, A.A_IN_WIDTH);
  const padTop = arg(args, A.A_PAD_TOP);
  const padLeft = arg(args, A.A_PAD_LEFT);
  const paddedHeight = paddedHeightOf(args);
  const paddedWidth = paddedWidthOf(args);
  const pixelBytes = <usize>arg(args, A.A_Q_PIXEL_STRIDE) << 1;
  const flags = arg(args, A.A_Q_FLAGS);
  const flip: u32 = (flags & QCONV_INPUT_SIGNED) != 0 ? 0x80 : 0; // int8 → x + 128 as a byte
  const zero = <u32>(arg(args, A.A_Q_INPUT_ZERO) + ((flags & QCONV_INPUT_SIGNED) != 0 ? 128 : 0));
  // The padding's 8 bytes: uZero's halves, 4 channels each.
  const padLow = <u64>((zero & 127) * 0x01010101);
  const padWord: u64 = padLow | (<u64>((zero >> 7) * 0x01010101) << 32);
  const src = ptr(args, A.A_INPUT);
  const rowBytes = <usize>paddedWidth * pixelBytes;
  const nchw = (flags & QCONV_NCHW) != 0;
  for (let t = begin; t < end; t++) {
    const n = t / paddedHeight;
    const h = t - n * paddedHeight - padTop;
    const row = ptr(args, A.A_WORK) + <usize>t * rowBytes;
    if (h < 0 || h >= height) {
      fill64(row, rowBytes, padWord);
      continue;
    }
    fill64(row, <usize>padLeft * pixelBytes, padWord);
    const body = row + <usize>padLeft * pixelBytes;
    const after = body + <usize>width * pixelBytes;
    fill64(after, row + rowBytes - after, padWord);
    const plane = <usize>(height * width);
    for (let w = 0; w < width; w++) {
      const to = body + <usize>w * pixelBytes;
      const from = nchw ? src + <usize>(n * channels) * plane + <usize>(h * width + w) : src + <usize>((n * height + h) * width + w) * <usize>channels;
      const step: usize = nchw ? plane : 1;
      let c = 0;
      if (ASC_FEATURE_SIMD && !nchw) {
        // 16 channels: 4 quads, each ul then uh.
        const f = i8x16.splat(<i8>flip);
        for (; c + 16 <= channels; c += 16) {
          const u = v128.xor(v128.load(from + c), f);
          const lo = v128.and(u, i8x16.splat(127));
          const hi = i8x16.shr_u(u, 7);
          v128.store(to + (<usize>c << 1), i8x16.shuffle(lo, hi, 0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23));
          v128.store(to + (<usize>c << 1), i8x16.shuffle(lo, hi, 8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31), 16);
        }
      }
      for (; c < channels; c++) {
        const u = (<u32>load<u8>(from + <usize>c * step)) ^ flip;
        const at = to + (<usize>(c >> 2) << 3) + <usize>(c & 3);
        store<u8>(at, u & 127);
        store<u8>(at, u >> 7, 4);
      }
      // The last quad's missing channels: weights 0 there, any value will do; uZero's keeps it tidy.
      for (let k = channels; (k & 3) != 0; k++) {
        const at = to + (<usize>(k >> 2) << 3) + <usize>(k & 3);
        store<u8>(at, zero & 127);
        store<u8>(at, zero >> 7, 4);
      }
    }
  }
}

/** Fills `bytes` (a multiple of 8) at `at` with `word`. */
// @ts-ignore: decorator
@inline function fill64(at: usize, bytes: usize, word: u64): void {
  for (let k: usize = 0; k < bytes; k += 8) store<u64>(at + k, word);
}

export function qconvDenseDot(args: usize, scratch: usize, begin: i32, end: i32): void {
  const outChannels = arg(args, A.A_OUT_CHANNELS);
  const outHeight = arg(args, A.A_OUT_HEIGHT);
  const outWidth = arg(args, A.A_OUT_WIDTH);
  const kernelHeight = arg(args, A.A_KERNEL_HEIGHT);
  const kernelWidth = arg(args, A.A_KERNEL_WIDTH);
  const strideH = arg(args, A.A_STRIDE_H);
  const strideW = arg(args, A.A_STRIDE_W);
  const dilationW = arg(args, A.A_DILATION_W);
  const paddedHeight = paddedHeightOf(args);
  const paddedWidth = paddedWidthOf(args);
  const pixelBytes = <usize>arg(args, A.A_Q_PIXEL_STRIDE) << 1;
  const quads = <i32>(pixelBytes >> 3);
  const blocks = arg(args, A.A_Q_OC_BLOCKS);
  const flags = arg(args, A.A_Q_FLAGS);
  const low = lowOf(args);
  const high = highOf(args);
  const zero = arg(args, A.A_Q_OUTPUT_ZERO);
  const channelBytes = channelStepBytes(args, flags);
  const pixelStep = pixelStepBytes(args, flags);
  const blockBytes = <usize>(kernelHeight * kernelWidth * quads) << 5;
  const work = ptr(args, A.A_WORK);
  const weights = ptr(args, A.A_WEIGHTS);
  const bias = ptr(args, A.A_BIAS);
  const scales = ptr(args, A.A_Q_SCALES);
  const strideBytes = <usize>strideW * pixelBytes;

  const merged = dilationW == 1;
  const runBytes = <usize>(merged ? kernelWidth * quads : quads) << 3;
  const table = scratch + TABLE_AT;
  const runEnd = tabulateRuns(args, scratch, merged, pixelBytes);

  for (let t = begin; t < end; t++) {
    const n = t / outHeight;
    const oh = t - n * outHeight;
    const inRow = work + <usize>((n * paddedHeight + oh * strideH) * paddedWidth) * pixelBytes;
    const firstOut = outputAt(args, flags, n, oh * outWidth, 0);
    for (let b = 0; b < blocks; b++) {
      const block = weights + <usize>b * blockBytes;
      const channel = b * QCONV_OC_BLOCK;
      const valid = min(QCONV_OC_BLOCK, outChannels - channel);
      const blockBias = bias + (<usize>b << 5);
      const blockScales = scales + (<usize>b << 5);
      const out = firstOut + <usize>channel * channelBytes;
      if (ASC_FEATURE_RELAXED_SIMD) {
        for (let ow = 0; ow < outWidth; ow += 2) {
          const p0 = inRow + <usize>ow * strideBytes;
          const p1 = inRow + <usize>min(ow + 1, outWidth - 1) * strideBytes;
          let l00 = v128.load(blockBias), l01 = v128.load(blockBias, 16);
          let l10 = l00, l11 = l01;
          let h00 = i32x4.splat(0), h01 = h00, h10 = h00, h11 = h00;
          let w = block;
          for (let r = table; r < runEnd; r += 4) {
            let off = <usize>load<u32>(r);
            const stop = off + runBytes;
            for (; off < stop; off += 8) {
              const w0 = v128.load(w);
              const w1 = v128.load(w, 16);
              w += 32;
              const x0 = v128.load32_splat(p0 + off);
              const y0 = v128.load32_splat(p0 + off, 4);
              l00 = i32x4.relaxed_dot_i8x16_i7x16_add_s(w0, x0, l00);
              l01 = i32x4.relaxed_dot_i8x16_i7x16_add_s(w1, x0, l01);
              h00 = i32x4.relaxed_dot_i8x16_i7x16_add_s(w0, y0, h00);
              h01 = i32x4.relaxed_dot_i8x16_i7x16_add_s(w1, y0, h01);
              const x1 = v128.load32_splat(p1 + off);
              const y1 = v128.load32_splat(p1 + off, 4);
              l10 = i32x4.relaxed_dot_i8x16_i7x16_add_s(w0, x1, l10);
              l11 = i32x4.relaxed_dot_i8x16_i7x16_add_s(w1, x1, l11);
              h10 = i32x4.relaxed_dot_i8x16_i7x16_add_s(w0, y1, h10);
              h11 = i32x4.relaxed_dot_i8x16_i7x16_add_s(w1, y1, h11);
            }
          }
          const o = out + <usize>ow * pixelStep;
          storeBlock(i32x4.add(l00, i32x4.shl(h00, 7)), i32x4.add(l01, i32x4.shl(h01, 7)), blockScales, low, high, zero, flags, o, channelBytes, valid, scratch);
          if (ow + 1 < outWidth) storeBlock(i32x4.add(l10, i32x4.shl(h10, 7)), i32x4.add(l11, i32x4.shl(h11, 7)), blockScales, low, high, zero, flags, o + pixelStep, channelBytes, valid, scratch);
        }
      } else {
        // The other builds never take this path (the engine uses qconvDense there); the same sum, plainly.
        for (let ow = 0; ow < outWidth; ow++) {
          const p = inRow + <usize>ow * strideBytes;
          for (let k = 0; k < valid; k++) {
            let acc = load<i32>(blockBias + (<usize>k << 2));
            let w = block + (<usize>k << 2);
            for (let r = table; r < runEnd; r += 4) {
              const start = <usize>load<u32>(r);
              for (let off = start; off < start + runBytes; off += 8) {
                for (let c: usize = 0; c < 4; c++) {
                  const weight = <i32>load<i8>(w + c);
                  acc += weight * (<i32>load<u8>(p + off + c) + (<i32>load<u8>(p + off + 4 + c) << 7));
                }
                w += 32;
              }
            }
            storeOne(acc, load<f32>(blockScales + (<usize>k << 2)), low, high, zero, flags, out + <usize>ow * pixelStep + <usize>k * channelBytes);
          }
        }
      }
    }
  }
}

/**
 * How this engine computes relaxed_dot_i8x16_i7x16_add_s, probed once (as XNNPACK probes its
 * relaxed instructions): 0 when a sum the int8 path relies on (any int8 first operand, a second
 * in [0, 127]) comes out wrong, or on builds without relaxed SIMD; 1 when exact but emulated with
 * saturating 16-bit pair sums (pmaddubsw: x86 without AVX-VNNI, where it costs three instructions
 * and the dot_i16x8 path is faster); 2 when exact and done in one instruction (x86's vpdpbusd,
 * which reads an out-of-range second operand as unsigned, or Arm's sdot, which reads it as signed).
 * V8 11.3 (Node 20) gets the sum wrong on a Zen 4 CPU: it returns 2·dot and drops the addend.
 */
export function qdotKind(): i32 {
  if (!ASC_FEATURE_RELAXED_SIMD) return 0;
  // −128·127·4 + 5 = −65019 and 127·127·4 + 5 = 64521: the extremes, exact in 16-bit pair sums.
  const a = i8x16(-128, -128, -128, -128, 127, 127, 127, 127, -1, 2, -3, 4, 0, 1, -128, 127);
  const b = i8x16(127, 127, 127, 127, 127, 127, 127, 127, 5, 6, 7, 8, 0, 127, 1, 0);
  const c = i32x4(5, 5, 5, 5);
  const want = i32x4(-65019, 64521, 5 - 5 + 12 - 21 + 32, 5 + 127 - 128);
  if (!i8x16.all_true(i32x4.eq(i32x4.relaxed_dot_i8x16_i7x16_add_s(a, b, c), want))) return 0;
  // 127 · 0xFF four times: 129540 read unsigned (vpdpbusd), −508 signed (sdot), 2 · 32767 saturated (pmaddubsw).
  const d = i32x4.extract_lane(i32x4.relaxed_dot_i8x16_i7x16_add_s(i8x16.splat(127), i8x16.splat(-1), i32x4.splat(0)), 0);
  return d == 129540 || d == -508 ? 2 : 1;
}
