import * as A from './args';
import { arg, ptr } from './args';
import { QCONV_INPUT_SIGNED, QCONV_NCHW } from './abi.generated';

// The int8 convolutions' prologue: the 8-bit input becomes a zero-padded NHWC copy of int16
// `x − inputZeroPoint` at A_WORK. Subtracting the zero point once here is what lets the kernels
// multiply sign-extended pairs with i32x4.dot_i16x8_s (a product of two 9-bit values, a pair
// sum of 17 bits: exact), and makes the padding plain zeros, which is ONNX's padding with the
// zero point. Each padded pixel holds A_Q_PIXEL_STRIDE int16s: group g's channels start at
// g · A_Q_GROUP_STRIDE (its channel count rounded up to even, so channels pair up), the rest
// zeros. Tiles: batch × padded rows, one row each.

export function qconvPrologue(args: usize, scratch: usize, begin: i32, end: i32): void {
  const channels = arg(args, A.A_IN_CHANNELS);
  const height = arg(args, A.A_IN_HEIGHT);
  const width = arg(args, A.A_IN_WIDTH);
  const groups = arg(args, A.A_GROUPS);
  const padTop = arg(args, A.A_PAD_TOP);
  const padLeft = arg(args, A.A_PAD_LEFT);
  const paddedHeight = height + padTop + arg(args, A.A_PAD_BOTTOM);
  const paddedWidth = width + padLeft + arg(args, A.A_PAD_RIGHT);
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
      for (let c = 0; c < channels; c++) {
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

/** `count` bytes from `from` to int16 `x − zero` at `to`. */
// @ts-ignore: decorator
@inline function convertRun(to: usize, from: usize, count: i32, zero: i32, signed: bool): void {
  let k = 0;
  if (ASC_FEATURE_SIMD) {
    const z = i16x8.splat(<i16>zero);
    if (signed) for (; k + 8 <= count; k += 8) v128.store(to + (<usize>k << 1), i16x8.sub(v128.load8x8_s(from + k), z));
    else for (; k + 8 <= count; k += 8) v128.store(to + (<usize>k << 1), i16x8.sub(v128.load8x8_u(from + k), z));
  }
  if (signed) for (; k < count; k++) store<i16>(to + (<usize>k << 1), <i32>load<i8>(from + k) - zero);
  else for (; k < count; k++) store<i16>(to + (<usize>k << 1), <i32>load<u8>(from + k) - zero);
}
