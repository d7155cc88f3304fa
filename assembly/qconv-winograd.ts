import * as A from './args';
import { arg, ptr } from './args';
import { QCONV_INT32, QCONV_NCHW, QCONV_OUTPUT_SIGNED } from './abi.generated';
import { highOf, lowOf, outputSize, requantize4, requantizeOne, ROUNDING_MAGIC } from './qconv-requantize';

// int8 Winograd F(2×2, 3×3), exact in integers. With G' = 2G (integer: [2 0 0; 1 1 1; 1 −1 1;
// 0 0 2]) the transformed filter U' = G'·g·G'ᵀ = 4·G·g·Gᵀ is an integer matrix, and
// Aᵀ[U' ⊙ (Bᵀ·d·B)]A = 4·y: the 2×2 outputs' sums, times 4. Every step is a ring operation on
// int32 (add, subtract, multiply), so the result is 4·y modulo 2³² whatever wraps on the way;
// while |y| < 2²⁹ (the layer checks the bound from the operands' ranges) that is 4·y exactly, and
// an arithmetic shift by 2 gives y. The 3×3 layer's 9 multiply-adds per output become 4 per
// output (16 per 2×2 tile), in the dense kernel's dot_i16x8 GEMM (|Bᵀ·d·B| ≤ 4·255 and
// |U'| ≤ 9·255 fit int16).
//
// The steps (src/engine/qconv-winograd.ts runs them): the prologue's padded NHWC int16 copy of
// x − xZero (qconvPrologue, padded on to whole tiles); qconvWinogradInput: per 2×2 output tile,
// V = Bᵀ·d·B of its 4×4 patch, at A_Q_WINOGRAD_V in 16 planes per image (plane t = 4i + j holds
// V[i][j] of every tile, a tile's channels together); qconvDense as a 1×1 over those planes as
// 16 images per image, image t taking U'_t (QCONV_IMAGE_FILTERS), int32 out in the same planes:
// M_t = V_t · U'_t, at A_Q_WINOGRAD_M; qconvWinogradOutput: y = (Aᵀ·M·A) >> 2, plus the bias,
// requantized and stored. (Planes, not a tile's 16 groups side by side: the GEMM then reads and
// writes each position's tiles contiguously, and its grid has 16 times the rows for threads.)
// The planes are A_Q_WINOGRAD_V_PLANE and A_Q_WINOGRAD_M_PLANE bytes apart, padded off multiples
// of 4 KB (src/engine/qconv-winograd.ts, planeBytes): the transforms read or write 16 planes at
// once, which at 4 KB strides all fall in the same L1 sets.
// Tiles: images × tile rows.

/** The input transform: tiles `begin`…`end` of images × tile rows. */
export function qconvWinogradInput(args: usize, scratch: usize, begin: i32, end: i32): void {
  const channels = arg(args, A.A_IN_CHANNELS);
  const slots = channels + (channels & 1); // a group's int16s: channels paired
  const tilesHigh = (arg(args, A.A_OUT_HEIGHT) + 1) >> 1;
  const tilesWide = (arg(args, A.A_OUT_WIDTH) + 1) >> 1;
  const paddedHeight = arg(args, A.A_IN_HEIGHT) + arg(args, A.A_PAD_TOP) + arg(args, A.A_PAD_BOTTOM);
  const paddedWidth = arg(args, A.A_IN_WIDTH) + arg(args, A.A_PAD_LEFT) + arg(args, A.A_PAD_RIGHT);
  const pixelBytes = <usize>arg(args, A.A_Q_PIXEL_STRIDE) << 1;
  const rowBytes = <usize>paddedWidth * pixelBytes;
  const tileBytes = <usize>slots << 1;
  const groupBytes = <usize>arg(args, A.A_Q_WINOGRAD_V_PLANE); // V: per image, 16 planes of tiles
  for (let t = begin; t < end; t++) {
    const n = t / tilesHigh;
    const th = t - n * tilesHigh;
    const top = ptr(args, A.A_WORK) + <usize>(n * paddedHeight + 2 * th) * rowBytes;
    let v = ptr(args, A.A_Q_WINOGRAD_V) + (<usize>n << 4) * groupBytes + <usize>(th * tilesWide) * tileBytes;
    for (let tw = 0; tw < tilesWide; tw++, v += tileBytes) {
      const d = top + <usize>(2 * tw) * pixelBytes;
      let c = 0;
      if (ASC_FEATURE_SIMD) {
        for (; c + 8 <= slots; c += 8) {
          const at = d + (<usize>c << 1);
          transformEight(at, rowBytes, pixelBytes, v + (<usize>c << 1), groupBytes);
        }
      }
      for (; c < slots; c++) transformOne(d + (<usize>c << 1), rowBytes, pixelBytes, v + (<usize>c << 1), groupBytes);
    }
  }
}

/** Bᵀ·d·B of 8 channels (int16 lanes) of the 4×4 patch at `d`, into 16 groups `groupBytes` apart from `v`. */
// @ts-ignore: decorator
@inline function transformEight(d: usize, rowBytes: usize, pixelBytes: usize, v: usize, groupBytes: usize): void {
  // Rows first: t[i][j] = (Bᵀ·d)[i][j], column by column.
  for (let j: usize = 0; j < 4; j++) {
    const at = d + j * pixelBytes;
    const d0 = v128.load(at);
    const d1 = v128.load(at + rowBytes);
    const d2 = v128.load(at + 2 * rowBytes);
    const d3 = v128.load(at + 3 * rowBytes);
    // Staged in V itself (groups j, 4 + j, 8 + j, 12 + j), then transformed along the rows below.
    v128.store(v + j * groupBytes, i16x8.sub(d0, d2));
    v128.store(v + (4 + j) * groupBytes, i16x8.add(d1, d2));
    v128.store(v + (8 + j) * groupBytes, i16x8.sub(d2, d1));
    v128.store(v + (12 + j) * groupBytes, i16x8.sub(d1, d3));
  }
  for (let i: usize = 0; i < 4; i++) {
    const row = v + 4 * i * groupBytes;
    const t0 = v128.load(row);
    const t1 = v128.load(row + groupBytes);
    const t2 = v128.load(row + 2 * groupBytes);
    const t3 = v128.load(row + 3 * groupBytes);
    v128.store(row, i16x8.sub(t0, t2));
    v128.store(row + groupBytes, i16x8.add(t1, t2));
    v128.store(row + 2 * groupBytes, i16x8.sub(t2, t1));
    v128.store(row + 3 * groupBytes, i16x8.sub(t1, t3));
  }
}

/** {@link transformEight} for one channel (scalar builds, a last odd few). */
function transformOne(d: usize, rowBytes: usize, pixelBytes: usize, v: usize, groupBytes: usize): void {
  for (let j: usize = 0; j < 4; j++) {
    const at = d + j * pixelBytes;
    const d0 = <i32>load<i16>(at), d1 = <i32>load<i16>(at + rowBytes);
    const d2 = <i32>load<i16>(at + 2 * rowBytes), d3 = <i32>load<i16>(at + 3 * rowBytes);
    store<i16>(v + j * groupBytes, d0 - d2);
    store<i16>(v + (4 + j) * groupBytes, d1 + d2);
    store<i16>(v + (8 + j) * groupBytes, d2 - d1);
    store<i16>(v + (12 + j) * groupBytes, d1 - d3);
  }
  for (let i: usize = 0; i < 4; i++) {
    const row = v + 4 * i * groupBytes;
    const t0 = <i32>load<i16>(row), t1 = <i32>load<i16>(row + groupBytes);
    const t2 = <i32>load<i16>(row + 2 * groupBytes), t3 = <i32>load<i16>(row + 3 * groupBytes);
    store<i16>(row, t0 - t2);
    store<i16>(row + groupBytes, t1 + t2);
    store<i16>(row + 2 * groupBytes, t2 - t1);
    store<i16>(row + 3 * groupBytes, t1 - t3);
  }
}

/** The output transform: tiles `begin`…`end` of images × tile rows. */
export function qconvWinogradOutput(args: usize, scratch: usize, begin: i32, end: i32): void {
  const outChannels = arg(args, A.A_OUT_CHANNELS);
  const outHeight = arg(args, A.A_OUT_HEIGHT);
  const outWidth = arg(args, A.A_OUT_WIDTH);
  const tilesHigh = (outHeight + 1) >> 1;
  const tilesWide = (outWidth + 1) >> 1;
  const flags = arg(args, A.A_Q_FLAGS);
  const int32 = (flags & QCONV_INT32) != 0;
  const nchw = (flags & QCONV_NCHW) != 0;
  const size = outputSize(flags);
  const low = lowOf(args);
  const high = highOf(args);
  const zero = arg(args, A.A_Q_OUTPUT_ZERO);
  const bias = ptr(args, A.A_BIAS);
  const scales = ptr(args, A.A_Q_SCALES);
  const tileBytes = <usize>outChannels << 2;
  const groupBytes = <usize>arg(args, A.A_Q_WINOGRAD_M_PLANE); // M: per image, 16 planes of tiles
  const plane = <usize>(outHeight * outWidth);
  // Bytes from one output channel to the next, and from one pixel to the next.
  const channelStep: usize = (nchw ? plane : <usize>1) * size;
  const pixelStep: usize = (nchw ? <usize>1 : <usize>outChannels) * size;
  for (let t = begin; t < end; t++) {
    const n = t / tilesHigh;
    const th = t - n * tilesHigh;
    const rows = min(2, outHeight - 2 * th);
    const image = ptr(args, A.A_OUTPUT) + <usize>(n * outChannels) * plane * size;
    let m = ptr(args, A.A_Q_WINOGRAD_M) + (<usize>n << 4) * groupBytes + <usize>(th * tilesWide) * tileBytes;
    for (let tw = 0; tw < tilesWide; tw++, m += tileBytes) {
      const cols = min(2, outWidth - 2 * tw);
      const pixel00 = image + <usize>((2 * th) * outWidth + 2 * tw) * pixelStep;
      const rowStep = <usize>outWidth * pixelStep;
      let c = 0;
      if (ASC_FEATURE_SIMD) {
        const lowV = f32x4.splat(low);
        const highV = f32x4.splat(high);
        const zeroV = i32x4.splat(reinterpret<i32>(ROUNDING_MAGIC) - zero);
        for (; c + 4 <= outChannels; c += 4) {
          const at = m + (<usize>c << 2);
          // s = Aᵀ·M (2 × 4), then y = s·A (2 × 2), all wrapping int32.
          const m0 = v128.load(at), m1 = v128.load(at + groupBytes), m2 = v128.load(at + 2 * groupBytes), m3 = v128.load(at + 3 * groupBytes);
          const m4 = v128.load(at + 4 * groupBytes), m5 = v128.load(at + 5 * groupBytes), m6 = v128.load(at + 6 * groupBytes), m7 = v128.load(at + 7 * groupBytes);
          const m8 = v128.load(at + 8 * groupBytes), m9 = v128.load(at + 9 * groupBytes), m10 = v128.load(at + 10 * groupBytes), m11 = v128.load(at + 11 * groupBytes);
          const m12 = v128.load(at + 12 * groupBytes), m13 = v128.load(at + 13 * groupBytes), m14 = v128.load(at + 14 * groupBytes), m15 = v128.load(at + 15 * groupBytes);
          const s00 = i32x4.add(i32x4.add(m0, m4), m8), s01 = i32x4.add(i32x4.add(m1, m5), m9);
          const s02 = i32x4.add(i32x4.add(m2, m6), m10), s03 = i32x4.add(i32x4.add(m3, m7), m11);
          const s10 = i32x4.sub(i32x4.sub(m4, m8), m12), s11 = i32x4.sub(i32x4.sub(m5, m9), m13);
          const s12 = i32x4.sub(i32x4.sub(m6, m10), m14), s13 = i32x4.sub(i32x4.sub(m7, m11), m15);
          const b = v128.load(bias + (<usize>c << 2));
          const y00 = i32x4.add(i32x4.shr_s(i32x4.add(i32x4.add(s00, s01), s02), 2), b);
          const y01 = i32x4.add(i32x4.shr_s(i32x4.sub(i32x4.sub(s01, s02), s03), 2), b);
          const y10 = i32x4.add(i32x4.shr_s(i32x4.add(i32x4.add(s10, s11), s12), 2), b);
          const y11 = i32x4.add(i32x4.shr_s(i32x4.sub(i32x4.sub(s11, s12), s13), 2), b);
          const out = pixel00 + <usize>c * channelStep;
          if (int32) {
            storeFour32(y00, out, channelStep);
            if (cols > 1) storeFour32(y01, out + pixelStep, channelStep);
            if (rows > 1) {
              storeFour32(y10, out + rowStep, channelStep);
              if (cols > 1) storeFour32(y11, out + rowStep + pixelStep, channelStep);
            }
            continue;
          }
          const scale = v128.load(scales + (<usize>c << 2));
          const q0 = i16x8.narrow_i32x4_s(requantize4(y00, scale, lowV, highV, zeroV), requantize4(y01, scale, lowV, highV, zeroV));
          const q1 = i16x8.narrow_i32x4_s(requantize4(y10, scale, lowV, highV, zeroV), requantize4(y11, scale, lowV, highV, zeroV));
          // Bytes 0–3: pixel (0, 0)'s 4 channels, 4–7: (0, 1)'s, 8–11: (1, 0)'s, 12–15: (1, 1)'s.
          const q = (flags & QCONV_OUTPUT_SIGNED) != 0 ? i8x16.narrow_i16x8_s(q0, q1) : i8x16.narrow_i16x8_u(q0, q1);
          if (!nchw) {
            v128.store32_lane(out, q, 0);
            if (cols > 1) v128.store32_lane(out + pixelStep, q, 1);
            if (rows > 1) {
              v128.store32_lane(out + rowStep, q, 2);
              if (cols > 1) v128.store32_lane(out + rowStep + pixelStep, q, 3);
            }
            continue;
          }
          // NCHW: channel k's 2 × 2 pixels are bytes k, 4 + k (a row's pair) and 8 + k, 12 + k.
          const byChannel = i8x16.shuffle(q, q, 0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
          storeChannelsNchw(byChannel, out, channelStep, rowStep, rows, cols);
        }
      }
      for (; c < outChannels; c++) {
        transformOutputOne(m + (<usize>c << 2), groupBytes, scratch);
        const b = load<i32>(bias + (<usize>c << 2));
        const scale = load<f32>(scales + (<usize>c << 2));
        const out = pixel00 + <usize>c * channelStep;
        for (let i = 0; i < rows; i++) {
          for (let j = 0; j < cols; j++) {
            const acc = (load<i32>(scratch + (<usize>(2 * i + j) << 2)) >> 2) + b;
            const to = out + <usize>i * rowStep + <usize>j * pixelStep;
            if (int32) store<i32>(to, acc);
            else store<u8>(to, <u8>requantizeOne(acc, scale, low, high, zero));
          }
        }
      }
    }
  }
}

/** Aᵀ·M·A of one channel (M's 16 int32s `groupBytes` apart from `at`), 4·y wrapping, into `to`[0…3]. */
function transformOutputOne(at: usize, groupBytes: usize, to: usize): void {
  let y00 = 0, y01 = 0, y10 = 0, y11 = 0;
  for (let l: usize = 0; l < 4; l++) {
    const m0 = load<i32>(at + l * groupBytes);
    const m1 = load<i32>(at + (4 + l) * groupBytes);
    const m2 = load<i32>(at + (8 + l) * groupBytes);
    const m3 = load<i32>(at + (12 + l) * groupBytes);
    const top = m0 + m1 + m2; // (Aᵀ·M)[0][l]
    const bottom = m1 - m2 - m3; // (Aᵀ·M)[1][l]
    // y[i][j] = Σ_l s[i][l]·Aᵀ[j][l]: Aᵀ[0] = (1, 1, 1, 0), Aᵀ[1] = (0, 1, −1, −1).
    const a0 = l < 3 ? 1 : 0;
    const a1 = l == 0 ? 0 : l == 1 ? 1 : -1;
    y00 += top * a0;
    y01 += top * a1;
    y10 += bottom * a0;
    y11 += bottom * a1;
  }
  store<i32>(to, y00);
  store<i32>(to, y01, 4);
  store<i32>(to, y10, 8);
  store<i32>(to, y11, 12);
}

/** Four channels' int32s (lanes) to `out`, channels `channelStep` apart. */
// @ts-ignore: decorator
@inline function storeFour32(y: v128, out: usize, channelStep: usize): void {
  if (channelStep == 4) {
    v128.store(out, y);
    return;
  }
  store<i32>(out, i32x4.extract_lane(y, 0));
  store<i32>(out + channelStep, i32x4.extract_lane(y, 1));
  store<i32>(out + 2 * channelStep, i32x4.extract_lane(y, 2));
  store<i32>(out + 3 * channelStep, i32x4.extract_lane(y, 3));
}

/**
 * NCHW bytes of 4 channels' 2 × 2 pixels: channel k's word (bytes 4k…4k + 3 of `q`) holds its
 * top row's 2 bytes, then its bottom row's.
 */
// @ts-ignore: decorator
@inline function storeChannelsNchw(q: v128, out: usize, channelStep: usize, rowStep: usize, rows: i32, cols: i32): void {
  storeChannelNchw(i32x4.extract_lane(q, 0), out, rowStep, rows, cols);
  storeChannelNchw(i32x4.extract_lane(q, 1), out + channelStep, rowStep, rows, cols);
  storeChannelNchw(i32x4.extract_lane(q, 2), out + 2 * channelStep, rowStep, rows, cols);
  storeChannelNchw(i32x4.extract_lane(q, 3), out + 3 * channelStep, rowStep, rows, cols);
}

// @ts-ignore: decorator
@inline function storeChannelNchw(word: i32, to: usize, rowStep: usize, rows: i32, cols: i32): void {
  if (cols > 1) {
    store<u16>(to, <u16>word);
    if (rows > 1) store<u16>(to + rowStep, <u16>(word >>> 16));
    return;
  }
  store<u8>(to, <u8>word);
  if (rows > 1) store<u8>(to + rowStep, <u8>(word >>> 16));
}
