import * as A from './args';
import { arg, ptr } from './args';
import { convertRun, paddedHeightOf, paddedWidthOf } from './qconv-geometry';
import { QCONV_INPUT_SIGNED, QCONV_NCHW } from './abi.generated';

// The int8 convolutions' prologue: the 8-bit input becomes a zero-padded NHWC copy of int16
// `x − inputZeroPoint` at A_WORK. Subtracting the zero point once here is what lets the kernels
// multiply sign-extended pairs with i32x4.dot_i16x8_s (a product of two 9-bit values, a pair
// sum of 17 bits: exact), and makes the padding plain zeros, which is ONNX's padding with the
// zero point. Each padded pixel holds A_Q_PIXEL_STRIDE int16s: group g's channels start at
// g · A_Q_GROUP_STRIDE (the dense kernel's: its channel count, rounded up to even so that
// channels pair up unless a kernel row is read as one run; src/engine/qconv-pack.ts), the rest
// zeros. Tiles: batch × padded rows, one row each.

export function qconvPrologue(args: usize, scratch: usize, begin: i32, end: i32): void {
  const channels = arg(args, A.A_IN_CHANNELS);
  const height = arg(args, A.A_IN_HEIGHT);
  const width = arg(args, A.A_IN_WIDTH);
  const groups = arg(args, A.A_GROUPS);
  const padTop = arg(args, A.A_PAD_TOP);
  const padLeft = arg(args, A.A_PAD_LEFT);
  const paddedHeight = paddedHeightOf(args);
  const paddedWidth = paddedWidthOf(args);
  const pixelStride = arg(args, A.A_Q_PIXEL_STRIDE);
  const groupStride = arg(args, A.A_Q_GROUP_STRIDE);
  const zero = arg(args, A.A_Q_INPUT_ZERO);
  const flags = arg(args, A.A_Q_FLAGS);
  const signed = (flags & QCONV_INPUT_SIGNED) != 0;
  const src = ptr(args, A.A_INPUT);
  const perGroup = channels / groups;
  const rowBytes = <usize>(paddedWidth * pixelStride) << 1;
  const pixelBytes = <usize>pixelStride << 1;
  // Channels fill the pixel with no gaps: NHWC rows convert as one run.
  const dense = groupStride == perGroup && pixelStride == channels;
  for (let t = begin; t < end; t++) {
    const n = t / paddedHeight;
    const h = t - n * paddedHeight - padTop;
    const row = ptr(args, A.A_WORK) + <usize>t * rowBytes;
    if (h < 0 || h >= height) {
      memory.fill(row, 0, rowBytes);
      continue;
    }
    const body = row + <usize>padLeft * pixelBytes;
    memory.fill(row, 0, <usize>padLeft * pixelBytes);
    const after = body + <usize>width * pixelBytes;
    memory.fill(after, 0, row + rowBytes - after);
    if (!dense) memory.fill(body, 0, <usize>width * pixelBytes);
    if ((flags & QCONV_NCHW) != 0) {
      const plane = <usize>(height * width);
      let c = 0;
      if (ASC_FEATURE_SIMD && groupStride == perGroup) {
        // Channel c is slot c: 8 channels × 8 pixels at a time, transposed in registers (the
        // strided scalar copy was 0.33 of a 0.91 ms depthwise 144-channel 56² layer).
        for (; c + 8 <= channels; c += 8) {
          const from = src + (<usize>(n * channels + c)) * plane + <usize>(h * width);
          transposeEight(body + (<usize>c << 1), from, plane, width, pixelBytes, zero, signed);
        }
      }
      for (; c < channels; c++) {
        const g = c / perGroup;
        const at = body + (<usize>(g * groupStride + c - g * perGroup) << 1);
        const from = src + (<usize>(n * channels + c)) * plane + <usize>(h * width);
        if (signed) for (let w = 0; w < width; w++) store<i16>(at + <usize>w * pixelBytes, <i32>load<i8>(from + w) - zero);
        else for (let w = 0; w < width; w++) store<i16>(at + <usize>w * pixelBytes, <i32>load<u8>(from + w) - zero);
      }
    } else if (dense) {
      convertRun(body, src + <usize>((n * height + h) * width) * <usize>channels, width * channels, zero, signed);
    } else {
      for (let w = 0; w < width; w++) {
        const from = src + <usize>((n * height + h) * width + w) * <usize>channels;
        const to = body + <usize>w * pixelBytes;
        for (let g = 0; g < groups; g++) {
          convertRun(to + (<usize>(g * groupStride) << 1), from + <usize>(g * perGroup), perGroup, zero, signed);
        }
      }
    }
  }
}

/**
 * 8 channels of one input row (planes `plane` bytes apart, from `from`) to int16 `x − zero` in
 * the padded row at `to` (pixels `pixelBytes` apart): 8 × 8 blocks transposed by three rounds of
 * interleaves, the row's last pixels one by one.
 */
// @ts-ignore: decorator
@inline function transposeEight(to: usize, from: usize, plane: usize, width: i32, pixelBytes: usize, zero: i32, signed: bool): void {
  const z = i16x8.splat(<i16>zero);
  let w = 0;
  for (; w + 8 <= width; w += 8) {
    const at = from + <usize>w;
    const r0 = i16x8.sub(signed ? v128.load8x8_s(at) : v128.load8x8_u(at), z);
    const r1 = i16x8.sub(signed ? v128.load8x8_s(at + plane) : v128.load8x8_u(at + plane), z);
    const r2 = i16x8.sub(signed ? v128.load8x8_s(at + 2 * plane) : v128.load8x8_u(at + 2 * plane), z);
    const r3 = i16x8.sub(signed ? v128.load8x8_s(at + 3 * plane) : v128.load8x8_u(at + 3 * plane), z);
    const r4 = i16x8.sub(signed ? v128.load8x8_s(at + 4 * plane) : v128.load8x8_u(at + 4 * plane), z);
    const r5 = i16x8.sub(signed ? v128.load8x8_s(at + 5 * plane) : v128.load8x8_u(at + 5 * plane), z);
    const r6 = i16x8.sub(signed ? v128.load8x8_s(at + 6 * plane) : v128.load8x8_u(at + 6 * plane), z);
    const r7 = i16x8.sub(signed ? v128.load8x8_s(at + 7 * plane) : v128.load8x8_u(at + 7 * plane), z);
    // Pairs of channels per pixel, then quads, then all 8.
    const t0 = i16x8.shuffle(r0, r1, 0, 8, 1, 9, 2, 10, 3, 11);
    const t1 = i16x8.shuffle(r0, r1, 4, 12, 5, 13, 6, 14, 7, 15);
    const t2 = i16x8.shuffle(r2, r3, 0, 8, 1, 9, 2, 10, 3, 11);
    const t3 = i16x8.shuffle(r2, r3, 4, 12, 5, 13, 6, 14, 7, 15);
    const t4 = i16x8.shuffle(r4, r5, 0, 8, 1, 9, 2, 10, 3, 11);
    const t5 = i16x8.shuffle(r4, r5, 4, 12, 5, 13, 6, 14, 7, 15);
    const t6 = i16x8.shuffle(r6, r7, 0, 8, 1, 9, 2, 10, 3, 11);
    const t7 = i16x8.shuffle(r6, r7, 4, 12, 5, 13, 6, 14, 7, 15);
    const u0 = i32x4.shuffle(t0, t2, 0, 4, 1, 5);
    const u1 = i32x4.shuffle(t0, t2, 2, 6, 3, 7);
    const u2 = i32x4.shuffle(t1, t3, 0, 4, 1, 5);
    const u3 = i32x4.shuffle(t1, t3, 2, 6, 3, 7);
    const v0 = i32x4.shuffle(t4, t6, 0, 4, 1, 5);
    const v1 = i32x4.shuffle(t4, t6, 2, 6, 3, 7);
    const v2 = i32x4.shuffle(t5, t7, 0, 4, 1, 5);
    const v3 = i32x4.shuffle(t5, t7, 2, 6, 3, 7);
    const out = to + <usize>w * pixelBytes;
    v128.store(out, i64x2.shuffle(u0, v0, 0, 2));
    v128.store(out + pixelBytes, i64x2.shuffle(u0, v0, 1, 3));
    v128.store(out + 2 * pixelBytes, i64x2.shuffle(u1, v1, 0, 2));
    v128.store(out + 3 * pixelBytes, i64x2.shuffle(u1, v1, 1, 3));
    v128.store(out + 4 * pixelBytes, i64x2.shuffle(u2, v2, 0, 2));
    v128.store(out + 5 * pixelBytes, i64x2.shuffle(u2, v2, 1, 3));
    v128.store(out + 6 * pixelBytes, i64x2.shuffle(u3, v3, 0, 2));
    v128.store(out + 7 * pixelBytes, i64x2.shuffle(u3, v3, 1, 3));
  }
  for (; w < width; w++) {
    const out = to + <usize>w * pixelBytes;
    for (let k = 0; k < 8; k++) {
      const at = from + <usize>k * plane + <usize>w;
      store<i16>(out + (<usize>k << 1), (signed ? <i32>load<i8>(at) : <i32>load<u8>(at)) - zero);
    }
  }
}
