import * as A from './args';
import { arg, ptr } from './args';
import { QCONV_INT32, QCONV_NCHW, QCONV_OUTPUT_SIGNED, QCONV_OC_BLOCK } from './abi.generated';

// The int8 convolutions' epilogue: a block of QCONV_OC_BLOCK int32 accumulators of one output
// pixel (bias already in them) becomes 8-bit outputs as onnxruntime requantizes: the accumulator
// to f32, times the channel's f32 scale, clamped to [low − zero, high − zero], rounded half to
// even (nearest), truncated to int32 (exact: an integer by now), plus the zero point. The
// reference (src/quant/round.ts, requantize) takes the same steps, so the bits agree.
// (The module's runtime is the stub: no objects here, the epilogue's constants travel as locals.)

/** The clamp's lower bound in the f32 domain: A_Q_LOW − zero point (an integer, exact). */
// @ts-ignore: decorator
@inline export function lowOf(args: usize): f32 {
  return <f32>(arg(args, A.A_Q_LOW) - arg(args, A.A_Q_OUTPUT_ZERO));
}

/** The clamp's upper bound in the f32 domain. */
// @ts-ignore: decorator
@inline export function highOf(args: usize): f32 {
  return <f32>(arg(args, A.A_Q_HIGH) - arg(args, A.A_Q_OUTPUT_ZERO));
}

/** Bytes per output element: 4 for convInteger's int32, else 1. */
// @ts-ignore: decorator
@inline export function outputSize(flags: i32): usize {
  return (flags & QCONV_INT32) != 0 ? 4 : 1;
}

/** One accumulator's output integer (scalar builds). */
// @ts-ignore: decorator
@inline export function requantizeOne(acc: i32, scale: f32, low: f32, high: f32, zero: i32): i32 {
  const v = min<f32>(max<f32>(<f32>acc * scale, low), high);
  return <i32>nearest<f32>(v) + zero;
}

/** Four accumulators' output integers. */
// @ts-ignore: decorator
@inline export function requantize4(acc: v128, scale: v128, low: v128, high: v128, zero: v128): v128 {
  const v = f32x4.min(f32x4.max(f32x4.mul(f32x4.convert_i32x4_s(acc), scale), low), high);
  return i32x4.add(i32x4.trunc_sat_f32x4_s(f32x4.nearest(v)), zero);
}

/**
 * Stores a block's outputs (SIMD builds): `acc0` holds channels 0–3, `acc1` 4–7; `valid` of
 * them are real channels; `at` is channel 0's output, `channelBytes` the step to the next
 * channel. `scales` addresses the block's 8 f32 scales. `scratch` holds 16 bytes to spill a
 * partial block through (lane indices must be constants).
 */
// @ts-ignore: decorator
@inline export function storeBlock(
  acc0: v128, acc1: v128, scales: usize, low: f32, high: f32, zero: i32, flags: i32,
  at: usize, channelBytes: usize, valid: i32, scratch: usize,
): void {
  if ((flags & QCONV_INT32) != 0) {
    if (channelBytes == 4 && valid == QCONV_OC_BLOCK) {
      v128.store(at, acc0);
      v128.store(at, acc1, 16);
      return;
    }
    v128.store(scratch, acc0);
    v128.store(scratch, acc1, 16);
    for (let k = 0; k < valid; k++) store<i32>(at + <usize>k * channelBytes, load<i32>(scratch + (<usize>k << 2)));
    return;
  }
  const lowV = f32x4.splat(low);
  const highV = f32x4.splat(high);
  const zeroV = i32x4.splat(zero);
  const q0 = requantize4(acc0, v128.load(scales), lowV, highV, zeroV);
  const q1 = requantize4(acc1, v128.load(scales, 16), lowV, highV, zeroV);
  const q16 = i16x8.narrow_i32x4_s(q0, q1); // within [−128, 255]: exact
  const q8 = (flags & QCONV_OUTPUT_SIGNED) != 0 ? i8x16.narrow_i16x8_s(q16, q16) : i8x16.narrow_i16x8_u(q16, q16);
  if (channelBytes == 1 && valid == QCONV_OC_BLOCK) {
    v128.store64_lane(at, q8, 0);
    return;
  }
  v128.store(scratch, q8);
  for (let k = 0; k < valid; k++) store<u8>(at + <usize>k * channelBytes, load<u8>(scratch + k));
}

/** The scalar builds' {@link storeBlock}: one channel's accumulator. */
// @ts-ignore: decorator
@inline export function storeOne(acc: i32, scale: f32, low: f32, high: f32, zero: i32, flags: i32, at: usize): void {
  if ((flags & QCONV_INT32) != 0) store<i32>(at, acc);
  else store<u8>(at, <u8>requantizeOne(acc, scale, low, high, zero));
}

/** Where the output of image `n`, pixel `pixel` (row-major in its plane), channel `channel` is. */
// @ts-ignore: decorator
@inline export function outputAt(args: usize, flags: i32, n: i32, pixel: i32, channel: i32): usize {
  const channels = arg(args, A.A_OUT_CHANNELS);
  const plane = arg(args, A.A_OUT_HEIGHT) * arg(args, A.A_OUT_WIDTH);
  const index = (flags & QCONV_NCHW) != 0 ? (n * channels + channel) * plane + pixel : (n * plane + pixel) * channels + channel;
  return ptr(args, A.A_OUTPUT) + <usize>index * outputSize(flags);
}

/** Bytes from one output channel to the next. */
// @ts-ignore: decorator
@inline export function channelStepBytes(args: usize, flags: i32): usize {
  const step: i32 = (flags & QCONV_NCHW) != 0 ? arg(args, A.A_OUT_HEIGHT) * arg(args, A.A_OUT_WIDTH) : 1;
  return <usize>step * outputSize(flags);
}

/** Bytes from one output pixel to the next in a row. */
// @ts-ignore: decorator
@inline export function pixelStepBytes(args: usize, flags: i32): usize {
  const step: i32 = (flags & QCONV_NCHW) != 0 ? 1 : arg(args, A.A_OUT_CHANNELS);
  return <usize>step * outputSize(flags);
}

