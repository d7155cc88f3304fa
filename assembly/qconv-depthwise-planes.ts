import * as A from './args';
import { arg, ptr } from './args';
import { convertRun, zeroBytes } from './qconv-geometry';
import { QCONV_INPUT_SIGNED, QCONV_INT32, QCONV_OUTPUT_SIGNED } from './abi.generated';
import { outputSize, requantize4, requantizeOne, highOf, lowOf, ROUNDING_MAGIC, SPILL_BYTES } from './qconv-requantize';

// The int8 depthwise convolution of NCHW tensors with horizontal stride 1, plane by plane with the
// pixels in the lanes, as the layout lays them: no transposes in or out, and no prologue task.
// (Stride 2 stays on qconvDepthwise: here it measured 0.21 ms against 0.20 on 144 ch 56² s2,
// since every input row is built for half as many output pixels.)
//
// A kernel row's taps go in pairs (j, j + 1), the last of an odd row paired with a zero weight, so
// that one `i32x4.dot_i16x8_s` does two taps of 4 output pixels. Its operand is 4 pixels'
// (x[o + j·d], x[o + (j + 1)·d]) pairs (d the dilation), which a "pair row" holds ready: pair q
// of a row is (x[q], x[q + d]) of the zero-padded input row, as int16 x − xZero. Tap pair k of
// output pixel o is then pair o + 2k·d: a plain load for 4 pixels, no shuffle.
//
// Per tile range, rows of one plane at a time in bands of A_Q_BAND_ROWS output rows: the band's
// pair rows are built in the thread's scratch (A_Q_BAND_AT, A_Q_ROW_PAIRS pairs each; the padded
// int16 row they come from at A_Q_ROW_AT), then its output rows computed from them two at a time
// (the weights' splat shared), 16 pixels (4 accumulators per row) at a time. Sizes and offsets
// are src/engine/qconv-planes.ts's (planesScratch).
//
// Packed filter (src/engine/qconv-pack.ts, packPlanes): per channel, per kernel row, per tap pair
// two int16s (w[j] − wZero, w[j + 1] − wZero). Bias and scales one per channel at A_BIAS,
// A_Q_SCALES. Tiles: batch × channels × output rows.

export function qconvDepthwisePlanes(args: usize, scratch: usize, begin: i32, end: i32): void {
  const channels = arg(args, A.A_OUT_CHANNELS);
  const height = arg(args, A.A_IN_HEIGHT);
  const outHeight = arg(args, A.A_OUT_HEIGHT);
  const outWidth = arg(args, A.A_OUT_WIDTH);
  const kernelHeight = arg(args, A.A_KERNEL_HEIGHT);
  const strideH = arg(args, A.A_STRIDE_H);
  const dilationH = arg(args, A.A_DILATION_H);
  const padTop = arg(args, A.A_PAD_TOP);
  const bandRows = arg(args, A.A_Q_BAND_ROWS);
  const rowBytes = <usize>arg(args, A.A_Q_ROW_PAIRS) << 2;
  const band = scratch + <usize>arg(args, A.A_Q_BAND_AT);
  const flags = arg(args, A.A_Q_FLAGS);
  const size = outputSize(flags);
  const tapPairs = (arg(args, A.A_KERNEL_WIDTH) + 1) >> 1;
  const filterBytes = <usize>(kernelHeight * tapPairs) << 2;
  const inPlane = <usize>(height * arg(args, A.A_IN_WIDTH));
  const outPlane = <usize>(outHeight * outWidth);
  const row = scratch + <usize>arg(args, A.A_Q_ROW_AT);
  const table = scratch + SPILL_BYTES;
  const tableEnd = tabulatePairs(args, table, rowBytes);

  for (let t = begin; t < end; ) {
    const plane = t / outHeight; // n · channels + c
    const c = plane % channels;
    const first = t - plane * outHeight;
    const last = min(outHeight, first + (end - t));
    const from = ptr(args, A.A_INPUT) + <usize>plane * inPlane;
    const to = ptr(args, A.A_OUTPUT) + <usize>plane * outPlane * size;
    const weights = ptr(args, A.A_WEIGHTS) + <usize>c * filterBytes;
    const bias = load<i32>(ptr(args, A.A_BIAS) + (<usize>c << 2));
    const scale = load<f32>(ptr(args, A.A_Q_SCALES) + (<usize>c << 2));
    for (let o = first; o < last; o += bandRows) {
      const rows = min(bandRows, last - o);
      const rowsIn = (rows - 1) * strideH + (kernelHeight - 1) * dilationH + 1;
      fillBand(args, band, from, o * strideH - padTop, rowsIn, row);
      const rowStep = <usize>strideH * rowBytes;
      const outStep = <usize>outWidth * size;
      // Rows two at a time; an odd last row is computed twice over, both stored in its place (one
      // code path: a one-row copy of the loop cost 1.4 KB of the build, and no time measurably).
      for (let r = 0; r < rows; r += 2) {
        const next = r + 1 < rows ? 1 : 0;
        computeRows(args, band + <usize>r * rowStep, <usize>next * rowStep, table, tableEnd, weights, bias, scale, to + <usize>(o + r) * outStep, <usize>next * outStep, scratch);
      }
    }
    t += last - first;
  }
}

/**
 * Tables, at `table`, each tap pair's byte offset from an output pixel's pair in the band's row
 * of its window's top: kernel row i, pair k at i·dH rows and 2k·d pairs. Returns the table's end.
 */
// @ts-ignore: decorator
@inline function tabulatePairs(args: usize, table: usize, rowBytes: usize): usize {
  const kernelHeight = arg(args, A.A_KERNEL_HEIGHT);
  const tapPairs = (arg(args, A.A_KERNEL_WIDTH) + 1) >> 1;
  const pairStep = 2 * arg(args, A.A_DILATION_W);
  const dilationH = arg(args, A.A_DILATION_H);
  let e = table;
  for (let i = 0; i < kernelHeight; i++) {
    for (let k = 0; k < tapPairs; k++) {
      store<u32>(e, <u32>(<usize>(i * dilationH) * rowBytes + (<usize>(k * pairStep) << 2)));
      e += 4;
    }
  }
  return e;
}

/**
 * Builds at `band` the pair rows of `rowsIn` padded input rows from image row `h` on (rows
 * outside the image: zeros), each through the padded int16 row at `row`, whose scratch ends at
 * `band`. Its padding is zeroed once: the rows only overwrite its body.
 */
function fillBand(args: usize, band: usize, from: usize, h: i32, rowsIn: i32, row: usize): void {
  const height = arg(args, A.A_IN_HEIGHT);
  const width = arg(args, A.A_IN_WIDTH);
  const pairs = arg(args, A.A_Q_ROW_PAIRS);
  const rowBytes = <usize>pairs << 2;
  const partner = <usize>arg(args, A.A_DILATION_W) << 1;
  const zero = arg(args, A.A_Q_INPUT_ZERO);
  const signed = (arg(args, A.A_Q_FLAGS) & QCONV_INPUT_SIGNED) != 0;
  const body = row + (<usize>arg(args, A.A_PAD_LEFT) << 1);
  zeroBytes(row, band);
  for (let q = 0; q < rowsIn; q++, h++) {
    const to = band + <usize>q * rowBytes;
    if (h < 0 || h >= height) {
      zeroBytes(to, to + rowBytes);
      continue;
    }
    convertRun(body, from + <usize>(h * width), width, zero, signed);
    if (ASC_FEATURE_SIMD) {
      // 8 pairs at a time (A_Q_ROW_PAIRS is a multiple of 8): columns q and q + d, interleaved.
      for (let k = 0; k < pairs; k += 8) {
        const at = row + (<usize>k << 1);
        const x = v128.load(at);
        const y = v128.load(at + partner);
        v128.store(to + (<usize>k << 2), i16x8.shuffle(x, y, 0, 8, 1, 9, 2, 10, 3, 11));
        v128.store(to + (<usize>k << 2), i16x8.shuffle(x, y, 4, 12, 5, 13, 6, 14, 7, 15), 16);
      }
    } else {
      for (let k = 0; k < pairs; k++) {
        const at = row + (<usize>k << 1);
        store<i16>(to + (<usize>k << 2), load<i16>(at));
        store<i16>(to + (<usize>k << 2), load<i16>(at + partner), 2);
      }
    }
  }
}

/**
 * Two output rows (`rowStep` bytes of pair rows apart, `outStep` bytes of output; 0 and 0: one row
 * twice) from the band's pair rows, `pairs` the first row's window top: 16 pixels at a time (their
 * pairs are 16 consecutive i32s: 4 loads per tap pair per row, the weights' pair splatted once
 * for both rows), a row's last 8 or fewer as 8.
 */
// @ts-ignore: decorator
@inline function computeRows(
  args: usize, pairs: usize, rowStep: usize, table: usize, tableEnd: usize, weights: usize,
  bias: i32, scale: f32, at: usize, outStep: usize, scratch: usize,
): void {
  const outWidth = arg(args, A.A_OUT_WIDTH);
  const flags = arg(args, A.A_Q_FLAGS);
  const zero = arg(args, A.A_Q_OUTPUT_ZERO);
  const low = lowOf(args);
  const high = highOf(args);
  if (ASC_FEATURE_SIMD) {
    const biasV = i32x4.splat(bias);
    // The epilogue's constants, splatted once per row.
    const scaleV = f32x4.splat(scale);
    const lowV = f32x4.splat(low);
    const highV = f32x4.splat(high);
    const zeroV = i32x4.splat(reinterpret<i32>(ROUNDING_MAGIC) - zero);
    // 16 pixels at a time; a row's last 8 or fewer, 8 (a 56-wide row: 3 × 16 + 8, not 4 × 16).
    let o = 0;
    for (; outWidth - o > 8; o += 16) {
      computeGroup(pairs + (<usize>o << 2), rowStep, true, table, tableEnd, weights, biasV, scaleV, lowV, highV, zeroV, flags, at, outStep, o, min(16, outWidth - o), scratch);
    }
    if (o < outWidth) computeGroup(pairs + (<usize>o << 2), rowStep, false, table, tableEnd, weights, biasV, scaleV, lowV, highV, zeroV, flags, at, outStep, o, outWidth - o, scratch);
    return;
  }
  for (let r = 0; r < 2; r++) {
    const rowPairs = pairs + <usize>r * rowStep;
    const rowAt = at + <usize>r * outStep;
    for (let o = 0; o < outWidth; o++) {
      let acc = bias;
      let w = weights;
      for (let e = table; e < tableEnd; e += 4) {
        const x = rowPairs + (<usize>o << 2) + <usize>load<u32>(e);
        acc += <i32>load<i16>(x) * <i32>load<i16>(w) + <i32>load<i16>(x, 2) * <i32>load<i16>(w, 2);
        w += 4;
      }
      if ((flags & QCONV_INT32) != 0) store<i32>(rowAt + (<usize>o << 2), acc);
      else store<u8>(rowAt + <usize>o, <u8>requantizeOne(acc, scale, low, high, zero));
    }
  }
}

/**
 * 16 output pixels from `o` on (`wide`; else 8) of two rows: their pairs are consecutive
 * i32s from `p`, so a tap pair is 4 (2) loads per row, the weights' pair splatted once.
 */
// @ts-ignore: decorator
@inline function computeGroup(
  p: usize, rowStep: usize, wide: bool, table: usize, tableEnd: usize, weights: usize,
  biasV: v128, scaleV: v128, lowV: v128, highV: v128, zeroV: v128, flags: i32, at: usize, outStep: usize, o: i32, count: i32, scratch: usize,
): void {
  let a0 = biasV, a1 = biasV, a2 = biasV, a3 = biasV;
  let b0 = biasV, b1 = biasV, b2 = biasV, b3 = biasV;
  let w = weights;
  for (let e = table; e < tableEnd; e += 4) {
    const x = p + <usize>load<u32>(e);
    const wv = v128.load32_splat(w);
    w += 4;
    a0 = i32x4.add(a0, i32x4.dot_i16x8_s(v128.load(x), wv));
    a1 = i32x4.add(a1, i32x4.dot_i16x8_s(v128.load(x, 16), wv));
    if (wide) {
      a2 = i32x4.add(a2, i32x4.dot_i16x8_s(v128.load(x, 32), wv));
      a3 = i32x4.add(a3, i32x4.dot_i16x8_s(v128.load(x, 48), wv));
    }
    const y = x + rowStep;
    b0 = i32x4.add(b0, i32x4.dot_i16x8_s(v128.load(y), wv));
    b1 = i32x4.add(b1, i32x4.dot_i16x8_s(v128.load(y, 16), wv));
    if (wide) {
      b2 = i32x4.add(b2, i32x4.dot_i16x8_s(v128.load(y, 32), wv));
      b3 = i32x4.add(b3, i32x4.dot_i16x8_s(v128.load(y, 48), wv));
    }
  }
  storeSixteen(a0, a1, a2, a3, wide, scaleV, lowV, highV, zeroV, flags, at, o, count, scratch);
  storeSixteen(b0, b1, b2, b3, wide, scaleV, lowV, highV, zeroV, flags, at + outStep, o, count, scratch);
}

/**
 * Stores 16 pixels' accumulators (pixels 4k…4k + 3 in `ak`; 8, a0 and a1, if not `wide`) from
 * pixel `o` of the row at `at`:
 * requantized to 16 bytes, or convInteger's int32s; only `count` of them, through `scratch`,
 * at a row's end.
 */
// @ts-ignore: decorator
@inline function storeSixteen(
  a0: v128, a1: v128, a2: v128, a3: v128, wide: bool, scaleV: v128, lowV: v128, highV: v128, zeroV: v128, flags: i32,
  at: usize, o: i32, count: i32, scratch: usize,
): void {
  if ((flags & QCONV_INT32) != 0) {
    const out = at + (<usize>o << 2);
    const to = count == 16 ? out : scratch;
    v128.store(to, a0);
    v128.store(to, a1, 16);
    v128.store(to, a2, 32);
    v128.store(to, a3, 48);
    if (count < 16) copyBytes(out, scratch, <usize>count << 2);
    return;
  }
  const q01 = i16x8.narrow_i32x4_s(requantize4(a0, scaleV, lowV, highV, zeroV), requantize4(a1, scaleV, lowV, highV, zeroV));
  const q23 = wide ? i16x8.narrow_i32x4_s(requantize4(a2, scaleV, lowV, highV, zeroV), requantize4(a3, scaleV, lowV, highV, zeroV)) : q01;
  const bytes = (flags & QCONV_OUTPUT_SIGNED) != 0 ? i8x16.narrow_i16x8_s(q01, q23) : i8x16.narrow_i16x8_u(q01, q23);
  const out = at + <usize>o;
  if (count == 16) {
    v128.store(out, bytes);
    return;
  }
  v128.store(scratch, bytes);
  copyBytes(out, scratch, <usize>count);
}

/**
 * A row's last outputs, from `from` to `to`, `count` (< 64) bytes: by 8, 4 and 1, since
 * memory.copy is a call into the engine (once per row: Q4 0.53 → 0.51 ms with this).
 */
// @ts-ignore: decorator
@inline function copyBytes(to: usize, from: usize, count: usize): void {
  let k: usize = 0;
  for (; k + 8 <= count; k += 8) store<u64>(to + k, load<u64>(from + k));
  if (k + 4 <= count) {
    store<u32>(to + k, load<u32>(from + k));
    k += 4;
  }
  for (; k < count; k++) store<u8>(to + k, load<u8>(from + k));
}
