import * as A from './args';
import { arg, ptr } from './args';
import { QCONV_INT32, QCONV_NCHW, QCONV_OUTPUT_SIGNED, QCONV_OC_BLOCK, QCONV_SPILL_BYTES } from './abi.generated';

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

/**
 * 1.5 · 2²³: added to an f32 of magnitude below 2²², it leaves the value's nearest integer (halves
 * to even, the addition's own rounding) in the sum's low mantissa bits. Cheaper in wasm than
 * f32x4.nearest with i32x4.trunc_sat_f32x4_s (V8 spends ~8 instructions on the saturation).
 */
export const ROUNDING_MAGIC: f32 = 12582912.0;

/**
 * Four accumulators' output integers: the scalar steps, with the clamp as pmax/pmin (one
 * instruction each, where max/min spend several on NaN and −0 rules: neither can occur here, so
 * they agree) and the rounding by {@link ROUNDING_MAGIC}; `zeroBits` is the magic's bits minus
 * the zero point, so one subtraction also adds the zero point.
 */
// @ts-ignore: decorator
@inline export function requantize4(acc: v128, scale: v128, low: v128, high: v128, zeroBits: v128): v128 {
  const v = f32x4.pmin(f32x4.pmax(f32x4.mul(f32x4.convert_i32x4_s(acc), scale), low), high);
  return i32x4.sub(f32x4.add(v, f32x4.splat(ROUNDING_MAGIC)), zeroBits);
}

/** Scratch bytes the epilogue uses: the outputs staged, then the accumulators spilled. The kernels' tables follow. */
export const SPILL_BYTES: usize = QCONV_SPILL_BYTES;

/**
 * Stores a block's outputs (SIMD builds): `acc0` holds channels 0–3, `acc1` 4–7; `valid` of
 * them are real channels; `at` is channel 0's output, `channelBytes` the step to the next
 * channel. `scales` addresses the block's 8 f32 scales. For a row's last pixels and a last partial
 * block only (storeQuad does the rest), so it is a call, not inlined (each inlined copy cost
 * ~0.5 KB of every build); the accumulators go through `scratch` (SPILL_BYTES), since a function
 * taking v128 arguments is one not every embedding could call.
 */
// @ts-ignore: decorator
@inline export function storeBlock(
  acc0: v128, acc1: v128, scales: usize, low: f32, high: f32, zero: i32, flags: i32,
  at: usize, channelBytes: usize, valid: i32, scratch: usize,
): void {
  v128.store(scratch, acc0, 32);
  v128.store(scratch, acc1, 48);
  storeSpilled(scales, low, high, zero, flags, at, channelBytes, valid, scratch);
}

function storeSpilled(scales: usize, low: f32, high: f32, zero: i32, flags: i32, at: usize, channelBytes: usize, valid: i32, scratch: usize): void {
  const acc0 = v128.load(scratch, 32);
  const acc1 = v128.load(scratch, 48);
  if ((flags & QCONV_INT32) != 0) {
    if (channelBytes == 4 && valid == QCONV_OC_BLOCK) {
      v128.store(at, acc0);
      v128.store(at, acc1, 16);
      return;
    }
    for (let k = 0; k < valid; k++) store<i32>(at + <usize>k * channelBytes, load<i32>(scratch + 32 + (<usize>k << 2)));
    return;
  }
  const lowV = f32x4.splat(low);
  const highV = f32x4.splat(high);
  const zeroV = i32x4.splat(reinterpret<i32>(ROUNDING_MAGIC) - zero);
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


/**
 * Stores 4 output pixels × 8 channels of 8-bit outputs at once (SIMD builds; a full block of
 * pixels in a row and of channels, not convInteger's int32): `aPC` holds pixel P's channels
 * 4C…4C + 3. Two pixels narrow into one vector, so NHWC stores 8 bytes per pixel and NCHW, after
 * one shuffle per half, 4 pixels per channel (where pixel by pixel it would store byte by byte).
 */
// @ts-ignore: decorator
@inline export function storeQuad(
  a00: v128, a01: v128, a10: v128, a11: v128, a20: v128, a21: v128, a30: v128, a31: v128,
  scales: usize, low: f32, high: f32, zero: i32, flags: i32, at: usize, channelBytes: usize, pixelBytes: usize,
): void {
  const lowV = f32x4.splat(low);
  const highV = f32x4.splat(high);
  const zeroV = i32x4.splat(reinterpret<i32>(ROUNDING_MAGIC) - zero);
  const s0 = v128.load(scales);
  const s1 = v128.load(scales, 16);
  const p0 = i16x8.narrow_i32x4_s(requantize4(a00, s0, lowV, highV, zeroV), requantize4(a01, s1, lowV, highV, zeroV));
  const p1 = i16x8.narrow_i32x4_s(requantize4(a10, s0, lowV, highV, zeroV), requantize4(a11, s1, lowV, highV, zeroV));
  const p2 = i16x8.narrow_i32x4_s(requantize4(a20, s0, lowV, highV, zeroV), requantize4(a21, s1, lowV, highV, zeroV));
  const p3 = i16x8.narrow_i32x4_s(requantize4(a30, s0, lowV, highV, zeroV), requantize4(a31, s1, lowV, highV, zeroV));
  const signed = (flags & QCONV_OUTPUT_SIGNED) != 0;
  const q01 = signed ? i8x16.narrow_i16x8_s(p0, p1) : i8x16.narrow_i16x8_u(p0, p1); // pixel 0's 8 channels, then pixel 1's
  const q23 = signed ? i8x16.narrow_i16x8_s(p2, p3) : i8x16.narrow_i16x8_u(p2, p3);
  if (channelBytes == 1) {
    v128.store64_lane(at, q01, 0);
    v128.store64_lane(at + pixelBytes, q01, 1);
    v128.store64_lane(at + 2 * pixelBytes, q23, 0);
    v128.store64_lane(at + 3 * pixelBytes, q23, 1);
    return;
  }
  if (pixelBytes == 1) {
    // Channel-major: channel k's 4 pixels are bytes k, 8 + k of q01 and of q23.
    const c03 = i8x16.shuffle(q01, q23, 0, 8, 16, 24, 1, 9, 17, 25, 2, 10, 18, 26, 3, 11, 19, 27);
    const c47 = i8x16.shuffle(q01, q23, 4, 12, 20, 28, 5, 13, 21, 29, 6, 14, 22, 30, 7, 15, 23, 31);
    v128.store32_lane(at, c03, 0);
    v128.store32_lane(at + channelBytes, c03, 1);
    v128.store32_lane(at + 2 * channelBytes, c03, 2);
    v128.store32_lane(at + 3 * channelBytes, c03, 3);
    v128.store32_lane(at + 4 * channelBytes, c47, 0);
    v128.store32_lane(at + 5 * channelBytes, c47, 1);
    v128.store32_lane(at + 6 * channelBytes, c47, 2);
    v128.store32_lane(at + 7 * channelBytes, c47, 3);
    return;
  }
  // Neither layout's steps (not reached: NHWC steps channels by 1, NCHW pixels by 1).
  unreachable();
}
/** 4 pixels' 16 channel bytes (`qP`: pixel P's) to NCHW, 4 bytes per channel, channels `channelBytes` apart from `at`. */
// @ts-ignore: decorator
@inline export function storeSixteenByFour(q0: v128, q1: v128, q2: v128, q3: v128, at: usize, channelBytes: usize): void {
  const lo01 = i8x16.shuffle(q0, q1, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
  const hi01 = i8x16.shuffle(q0, q1, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
  const lo23 = i8x16.shuffle(q2, q3, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
  const hi23 = i8x16.shuffle(q2, q3, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
  storeFourChannels(i8x16.shuffle(lo01, lo23, 0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23), at, channelBytes);
  storeFourChannels(i8x16.shuffle(lo01, lo23, 8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15, 30, 31), at + 4 * channelBytes, channelBytes);
  storeFourChannels(i8x16.shuffle(hi01, hi23, 0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23), at + 8 * channelBytes, channelBytes);
  storeFourChannels(i8x16.shuffle(hi01, hi23, 8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15, 30, 31), at + 12 * channelBytes, channelBytes);
}

/** 4 channels' 4 pixels (`q`'s words: channel k's in word k) to NCHW rows `channelBytes` apart from `at`. */
// @ts-ignore: decorator
@inline export function storeFourChannels(q: v128, at: usize, channelBytes: usize): void {
  v128.store32_lane(at, q, 0);
  v128.store32_lane(at + channelBytes, q, 1);
  v128.store32_lane(at + 2 * channelBytes, q, 2);
  v128.store32_lane(at + 3 * channelBytes, q, 3);
}
