import * as A from './args';
import { arg, ptr } from './args';
import { QCONV_INPUT_SIGNED, QCONV_INT32, QCONV_OUTPUT_SIGNED } from './abi.generated';
import { zeroBytes } from './qconv-geometry';
import { highOf, lowOf, outputSize, requantize4, requantizeOne, ROUNDING_MAGIC, SPILL_BYTES } from './qconv-requantize';

// The int8 convolution of NCHW tensors with one group and horizontal stride 1, with the pixels in
// the lanes, as the layout lays them out: no transposes in or out. Any kernel size works; the
// layer chooses it for 1×1 filters only (src/engine/qconv-pack.ts: on 3×3 the NHWC-copy kernel
// measured faster, since a splatted weight costs what the pixel shuffle it saves did).
//
// The prologue (qconvPairPrologue) writes the input as "pair planes": per pair of channels
// (2p, 2p + 1), a zero-padded plane of int16 pairs (x[2p] − xZero, x[2p + 1] − xZero) per pixel
// (an odd last channel paired with zeros), A_Q_ROW_PAIRS pairs a row. 4 output pixels' operands
// of `i32x4.dot_i16x8_s` for a channel pair and a tap are then one plain load: 8 pixels are 2
// loads, shared by 4 output channels whose weight pairs are splatted (loads, not shuffles), so a
// multiply-add pair costs a dot and an add and nothing else, where the NHWC-copy kernel
// (qconvDense) adds a shuffle per pixel and pair.
//
// The kernel (qconvDensePlanes): 4 output channels × 8 pixels of a row, 8 accumulators; per block
// of 4 output channels, every output row of the tile range, so the block's weights stay in cache.
// The (channel pair, tap) offsets in the pair planes are tabled in the thread's scratch after the
// epilogue's spill; the weights follow the table's order.
//
// Packed filter (src/engine/qconv-pack.ts, packDensePlanes): per block of 4 output channels, per
// channel pair, per tap (kh, kw): 4 × (w[oc, 2p] − wZero, w[oc, 2p + 1] − wZero). Bias and scales
// one per output channel at A_BIAS, A_Q_SCALES. Tiles: the prologue's images × channel pairs ×
// padded rows; the kernel's images × output rows.

/** Output channels per block of the kernel (4 × 2 accumulators, 2 pixel loads, 1 splat: 11 registers). */
const BLOCK = 4;

export function qconvPairPrologue(args: usize, scratch: usize, begin: i32, end: i32): void {
  const channels = arg(args, A.A_IN_CHANNELS);
  const height = arg(args, A.A_IN_HEIGHT);
  const width = arg(args, A.A_IN_WIDTH);
  const padTop = arg(args, A.A_PAD_TOP);
  const padLeft = arg(args, A.A_PAD_LEFT);
  const paddedHeight = height + padTop + arg(args, A.A_PAD_BOTTOM);
  const pairs = (channels + 1) >> 1;
  const rowBytes = <usize>arg(args, A.A_Q_ROW_PAIRS) << 2;
  const zero = arg(args, A.A_Q_INPUT_ZERO);
  const signed = (arg(args, A.A_Q_FLAGS) & QCONV_INPUT_SIGNED) != 0;
  const plane = <usize>(height * width);
  for (let t = begin; t < end; t++) {
    const planeIndex = t / paddedHeight; // n · pairs + p
    const h = t - planeIndex * paddedHeight - padTop;
    const row = ptr(args, A.A_WORK) + <usize>t * rowBytes;
    if (h < 0 || h >= height) {
      zeroBytes(row, row + rowBytes);
      continue;
    }
    const n = planeIndex / pairs;
    const c = (planeIndex - n * pairs) << 1;
    const from = ptr(args, A.A_INPUT) + <usize>(n * channels + c) * plane + <usize>(h * width);
    const single = c + 1 == channels; // an odd last channel, paired with zeros
    const body = row + (<usize>padLeft << 2);
    const after = body + (<usize>width << 2);
    // The padding's zeros first, in stores that may run into the body, written next.
    zeroBytes(row, body);
    zeroBytes(row + ((after - row) & ~15), row + rowBytes);
    let w = 0;
    if (ASC_FEATURE_SIMD) {
      const z = i16x8.splat(<i16>zero);
      for (; w + 8 <= width; w += 8) {
        const x = i16x8.sub(signed ? v128.load8x8_s(from + w) : v128.load8x8_u(from + w), z);
        const y = single ? i16x8.splat(0) : i16x8.sub(signed ? v128.load8x8_s(from + plane + w) : v128.load8x8_u(from + plane + w), z);
        v128.store(body + (<usize>w << 2), i16x8.shuffle(x, y, 0, 8, 1, 9, 2, 10, 3, 11));
        v128.store(body + (<usize>w << 2), i16x8.shuffle(x, y, 4, 12, 5, 13, 6, 14, 7, 15), 16);
      }
    }
    for (; w < width; w++) {
      const x = (signed ? <i32>load<i8>(from + w) : <i32>load<u8>(from + w)) - zero;
      const y = single ? 0 : (signed ? <i32>load<i8>(from + plane + w) : <i32>load<u8>(from + plane + w)) - zero;
      store<i16>(body + (<usize>w << 2), x);
      store<i16>(body + (<usize>w << 2), y, 2);
    }
  }
}

export function qconvDensePlanes(args: usize, scratch: usize, begin: i32, end: i32): void {
  const channels = arg(args, A.A_IN_CHANNELS);
  const outChannels = arg(args, A.A_OUT_CHANNELS);
  const outHeight = arg(args, A.A_OUT_HEIGHT);
  const outWidth = arg(args, A.A_OUT_WIDTH);
  const kernelHeight = arg(args, A.A_KERNEL_HEIGHT);
  const kernelWidth = arg(args, A.A_KERNEL_WIDTH);
  const strideH = arg(args, A.A_STRIDE_H);
  const dilationH = arg(args, A.A_DILATION_H);
  const dilationW = arg(args, A.A_DILATION_W);
  const paddedHeight = arg(args, A.A_IN_HEIGHT) + arg(args, A.A_PAD_TOP) + arg(args, A.A_PAD_BOTTOM);
  const pairs = (channels + 1) >> 1;
  const rowBytes = <usize>arg(args, A.A_Q_ROW_PAIRS) << 2;
  const planeBytes = <usize>paddedHeight * rowBytes;
  const flags = arg(args, A.A_Q_FLAGS);
  const size = outputSize(flags);
  const low = lowOf(args);
  const high = highOf(args);
  const zero = arg(args, A.A_Q_OUTPUT_ZERO);
  const outPlane = <usize>(outHeight * outWidth) * size;
  const work = ptr(args, A.A_WORK);
  const weights = ptr(args, A.A_WEIGHTS);
  const bias = ptr(args, A.A_BIAS);
  const scales = ptr(args, A.A_Q_SCALES);
  const blocks = (outChannels + BLOCK - 1) / BLOCK;
  const taps = kernelHeight * kernelWidth;
  const blockBytes = <usize>(pairs * taps) << 4; // 4 channels' pairs per entry

  // (channel pair, tap) → byte offset from a pixel's pair in its window's top row.
  const table = scratch + SPILL_BYTES;
  let tableEnd = table;
  for (let p = 0; p < pairs; p++) {
    for (let i = 0; i < kernelHeight; i++) {
      for (let j = 0; j < kernelWidth; j++) {
        store<u32>(tableEnd, <u32>(<usize>p * planeBytes + <usize>(i * dilationH) * rowBytes + (<usize>(j * dilationW) << 2)));
        tableEnd += 4;
      }
    }
  }

  for (let b = 0; b < blocks; b++) {
    const first = b * BLOCK;
    const valid = min(BLOCK, outChannels - first);
    const block = weights + <usize>b * blockBytes;
    for (let t = begin; t < end; t++) {
      const n = t / outHeight;
      const oh = t - n * outHeight;
      const top = work + <usize>(n * pairs) * planeBytes + <usize>(oh * strideH) * rowBytes;
      const out = ptr(args, A.A_OUTPUT) + <usize>(n * outChannels + first) * outPlane + <usize>(oh * outWidth) * size;
      if (ASC_FEATURE_SIMD) {
        const lowV = f32x4.splat(low);
        const highV = f32x4.splat(high);
        const zeroV = i32x4.splat(reinterpret<i32>(ROUNDING_MAGIC) - zero);
        for (let o = 0; o < outWidth; o += 8) {
          const bias0 = v128.load32_splat(bias + (<usize>first << 2));
          const bias1 = v128.load32_splat(bias + (<usize>first << 2), 4);
          const bias2 = v128.load32_splat(bias + (<usize>first << 2), 8);
          const bias3 = v128.load32_splat(bias + (<usize>first << 2), 12);
          let a00 = bias0, a01 = bias0, a10 = bias1, a11 = bias1, a20 = bias2, a21 = bias2, a30 = bias3, a31 = bias3;
          const p = top + (<usize>o << 2);
          let w = block;
          for (let e = table; e < tableEnd; e += 4) {
            const x = p + <usize>load<u32>(e);
            const X0 = v128.load(x);
            const X1 = v128.load(x, 16);
            let wv = v128.load32_splat(w);
            a00 = i32x4.add(a00, i32x4.dot_i16x8_s(X0, wv));
            a01 = i32x4.add(a01, i32x4.dot_i16x8_s(X1, wv));
            wv = v128.load32_splat(w, 4);
            a10 = i32x4.add(a10, i32x4.dot_i16x8_s(X0, wv));
            a11 = i32x4.add(a11, i32x4.dot_i16x8_s(X1, wv));
            wv = v128.load32_splat(w, 8);
            a20 = i32x4.add(a20, i32x4.dot_i16x8_s(X0, wv));
            a21 = i32x4.add(a21, i32x4.dot_i16x8_s(X1, wv));
            wv = v128.load32_splat(w, 12);
            a30 = i32x4.add(a30, i32x4.dot_i16x8_s(X0, wv));
            a31 = i32x4.add(a31, i32x4.dot_i16x8_s(X1, wv));
            w += 16;
          }
          const count = min(8, outWidth - o);
          const at = out + <usize>o * size;
          const scaleAt = scales + (<usize>first << 2);
          storeEight(a00, a01, v128.load32_splat(scaleAt), lowV, highV, zeroV, flags, at, count, scratch);
          if (valid > 1) storeEight(a10, a11, v128.load32_splat(scaleAt, 4), lowV, highV, zeroV, flags, at + outPlane, count, scratch);
          if (valid > 2) storeEight(a20, a21, v128.load32_splat(scaleAt, 8), lowV, highV, zeroV, flags, at + 2 * outPlane, count, scratch);
          if (valid > 3) storeEight(a30, a31, v128.load32_splat(scaleAt, 12), lowV, highV, zeroV, flags, at + 3 * outPlane, count, scratch);
        }
        continue;
      }
      for (let m = 0; m < valid; m++) {
        const scale = load<f32>(scales + (<usize>(first + m) << 2));
        for (let o = 0; o < outWidth; o++) {
          let acc = load<i32>(bias + (<usize>(first + m) << 2));
          let w = block + (<usize>m << 2);
          for (let e = table; e < tableEnd; e += 4) {
            const x = top + (<usize>o << 2) + <usize>load<u32>(e);
            acc += <i32>load<i16>(x) * <i32>load<i16>(w) + <i32>load<i16>(x, 2) * <i32>load<i16>(w, 2);
            w += 16;
          }
          const at = out + <usize>m * outPlane + <usize>o * size;
          if ((flags & QCONV_INT32) != 0) store<i32>(at, acc);
          else store<u8>(at, <u8>requantizeOne(acc, scale, low, high, zero));
        }
      }
    }
  }
}

/**
 * Stores 8 pixels of one output channel (pixels 0–3 in `a0`, 4–7 in `a1`): requantized to 8
 * bytes, or convInteger's int32s; only `count` of them, through `scratch`, at a row's end.
 */
// @ts-ignore: decorator
@inline function storeEight(a0: v128, a1: v128, scaleV: v128, lowV: v128, highV: v128, zeroV: v128, flags: i32, at: usize, count: i32, scratch: usize): void {
  if ((flags & QCONV_INT32) != 0) {
    if (count == 8) {
      v128.store(at, a0);
      v128.store(at, a1, 16);
      return;
    }
    v128.store(scratch, a0);
    v128.store(scratch, a1, 16);
    for (let k = 0; k < count; k++) store<i32>(at + (<usize>k << 2), load<i32>(scratch + (<usize>k << 2)));
    return;
  }
  const q = i16x8.narrow_i32x4_s(requantize4(a0, scaleV, lowV, highV, zeroV), requantize4(a1, scaleV, lowV, highV, zeroV));
  const bytes = (flags & QCONV_OUTPUT_SIGNED) != 0 ? i8x16.narrow_i16x8_s(q, q) : i8x16.narrow_i16x8_u(q, q);
  if (count == 8) {
    v128.store64_lane(at, bytes, 0);
    return;
  }
  v128.store(scratch, bytes);
  for (let k = 0; k < count; k++) store<u8>(at + <usize>k, load<u8>(scratch + <usize>k));
}
