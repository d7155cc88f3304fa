import { activate, activateScalar, storeLanes } from './simd';
import { AT2, AT4, lineScalar, outputLine2, outputLine4 } from './winograd-transforms';

// The output side of Winograd F(m×m, 3×3): Y = Aᵀ M A for one tile and four output channels,
// plus the bias, through the activation, into the output tensor (NCHW or NHWC), clipped where
// the tile overhangs the image's right or bottom edge.

/** Aᵀ M: m × n vectors; then Aᵀ M A: m × m vectors (four channels each). */
const half = memory.data(4 * 6 * 16, 16);
const tile = memory.data(4 * 4 * 16, 16);

/**
 * One tile, four output channels: element ξ of M at src + ξ·xiStride; `bias` points at the
 * four channels' bias. The outputs go to `origin` (the group's first channel at the tile's
 * first pixel) + i·rowBytes + j·pixelBytes + lane·channelBytes, for the valid `rows`, `cols`
 * (≤ m) and `lanes` (≤ 4) only.
 */
// @ts-ignore: decorator
@inline export function outputTile(
  m: i32, src: usize, xiStride: usize, bias: usize, act: i32, actParams: usize,
  origin: usize, rows: i32, cols: i32, lanes: i32, nhwc: bool,
  rowBytes: usize, pixelBytes: usize, channelBytes: usize,
): void {
  const n = m + 2;
  const halfRow = <usize>n << 4;
  if (ASC_FEATURE_SIMD && m == 2) {
    outputTile2(src, xiStride, bias, act, actParams, origin, rows, cols, lanes, nhwc, rowBytes, pixelBytes, channelBytes);
    return;
  }
  if (ASC_FEATURE_SIMD) {
    for (let j = 0; j < n; j++) {
      const column = src + <usize>j * xiStride;
      const into = half + (<usize>j << 4);
      if (m == 2) outputLine2(column, <usize>n * xiStride, into, halfRow);
      else outputLine4(column, <usize>n * xiStride, into, halfRow);
    }
    for (let i = 0; i < rows; i++) {
      const into = tile + (<usize>(i * m) << 4);
      if (m == 2) outputLine2(half + <usize>i * halfRow, 16, into, 16);
      else outputLine4(half + <usize>i * halfRow, 16, into, 16);
    }
    // Bias and activation on every valid vector, in place.
    const b = v128.load(bias);
    const p0 = load<f32>(actParams);
    const p1 = load<f32>(actParams, 4);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const at = tile + (<usize>(i * m + j) << 4);
        v128.store(at, activate(f32x4.add(v128.load(at), b), act, p0, p1));
      }
    }
    if (nhwc) {
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          storeLanes(origin + <usize>i * rowBytes + <usize>j * pixelBytes, v128.load(tile + (<usize>(i * m + j) << 4)), lanes);
        }
      }
      return;
    }
  } else {
    const at = m == 2 ? AT2 : AT4;
    const p0 = load<f32>(actParams);
    const p1 = load<f32>(actParams, 4);
    for (let lane = 0; lane < 4; lane++) {
      const laneAt = <usize>lane << 2;
      for (let j = 0; j < n; j++) lineScalar(at, m, n, src + laneAt + <usize>j * xiStride, <usize>n * xiStride, half + laneAt + (<usize>j << 4), halfRow);
      for (let i = 0; i < rows; i++) lineScalar(at, m, n, half + laneAt + <usize>i * halfRow, 16, tile + laneAt + (<usize>(i * m) << 4), 16);
      const b = load<f32>(bias + laneAt);
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          const t = tile + laneAt + (<usize>(i * m + j) << 4);
          store<f32>(t, activateScalar(load<f32>(t) + b, act, p0, p1));
        }
      }
    }
  }
  // Scattered stores, one float each: NCHW output (both builds) and NHWC in the scalar build.
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const from = tile + (<usize>(i * m + j) << 4);
      const into = origin + <usize>i * rowBytes + <usize>j * pixelBytes;
      for (let lane = 0; lane < lanes; lane++) {
        store<f32>(into + <usize>lane * channelBytes, load<f32>(from + (<usize>lane << 2)));
      }
    }
  }
}

/**
 * outputTile for F(2×2) in registers: Aᵀ's rows are m0 + m1 + m2 and m1 − m2 + m3. A full
 * NCHW tile row (two pixels × four channels) goes out as four 64-bit stores, one per channel.
 */
// @ts-ignore: decorator
@inline function outputTile2(
  src: usize, xiStride: usize, bias: usize, act: i32, actParams: usize,
  origin: usize, rows: i32, cols: i32, lanes: i32, nhwc: bool,
  rowBytes: usize, pixelBytes: usize, channelBytes: usize,
): void {
  // Columns b of Aᵀ M: s[b] = M[0][b] + M[1][b] + M[2][b], d[b] = M[1][b] − M[2][b] + M[3][b].
  const row = xiStride << 2;
  let s0: v128, s1: v128, s2: v128, s3: v128, d0: v128, d1: v128, d2: v128, d3: v128;
  {
    const m1 = v128.load(src + row), m2 = v128.load(src + 2 * row);
    s0 = f32x4.add(f32x4.add(v128.load(src), m1), m2);
    d0 = f32x4.add(f32x4.sub(m1, m2), v128.load(src + 3 * row));
  }
  {
    const at = src + xiStride;
    const m1 = v128.load(at + row), m2 = v128.load(at + 2 * row);
    s1 = f32x4.add(f32x4.add(v128.load(at), m1), m2);
    d1 = f32x4.add(f32x4.sub(m1, m2), v128.load(at + 3 * row));
  }
  {
    const at = src + 2 * xiStride;
    const m1 = v128.load(at + row), m2 = v128.load(at + 2 * row);
    s2 = f32x4.add(f32x4.add(v128.load(at), m1), m2);
    d2 = f32x4.add(f32x4.sub(m1, m2), v128.load(at + 3 * row));
  }
  {
    const at = src + 3 * xiStride;
    const m1 = v128.load(at + row), m2 = v128.load(at + 2 * row);
    s3 = f32x4.add(f32x4.add(v128.load(at), m1), m2);
    d3 = f32x4.add(f32x4.sub(m1, m2), v128.load(at + 3 * row));
  }
  const b = v128.load(bias);
  const p0 = load<f32>(actParams);
  const p1 = load<f32>(actParams, 4);
  const y00 = activate(f32x4.add(f32x4.add(f32x4.add(s0, s1), s2), b), act, p0, p1);
  const y01 = activate(f32x4.add(f32x4.add(f32x4.sub(s1, s2), s3), b), act, p0, p1);
  storeRow2(y00, y01, origin, cols, lanes, nhwc, pixelBytes, channelBytes);
  if (rows > 1) {
    const y10 = activate(f32x4.add(f32x4.add(f32x4.add(d0, d1), d2), b), act, p0, p1);
    const y11 = activate(f32x4.add(f32x4.add(f32x4.sub(d1, d2), d3), b), act, p0, p1);
    storeRow2(y10, y11, origin + rowBytes, cols, lanes, nhwc, pixelBytes, channelBytes);
  }
}

/** Two pixels (`cols` of them valid) × four channels (`lanes` valid) of one output row. */
// @ts-ignore: decorator
@inline function storeRow2(y0: v128, y1: v128, at: usize, cols: i32, lanes: i32, nhwc: bool, pixelBytes: usize, channelBytes: usize): void {
  if (nhwc) {
    storeLanes(at, y0, lanes);
    if (cols > 1) storeLanes(at + pixelBytes, y1, lanes);
    return;
  }
  if (cols > 1 && lanes == 4) {
    const low = v128.shuffle<f32>(y0, y1, 0, 4, 1, 5);
    const high = v128.shuffle<f32>(y0, y1, 2, 6, 3, 7);
    v128.store64_lane(at, low, 0);
    v128.store64_lane(at + channelBytes, low, 1);
    v128.store64_lane(at + 2 * channelBytes, high, 0);
    v128.store64_lane(at + 3 * channelBytes, high, 1);
    return;
  }
  store<f32>(at, f32x4.extract_lane(y0, 0));
  if (cols > 1) store<f32>(at + pixelBytes, f32x4.extract_lane(y1, 0));
  if (lanes > 1) {
    store<f32>(at + channelBytes, f32x4.extract_lane(y0, 1));
    if (cols > 1) store<f32>(at + channelBytes + pixelBytes, f32x4.extract_lane(y1, 1));
  }
  if (lanes > 2) {
    store<f32>(at + 2 * channelBytes, f32x4.extract_lane(y0, 2));
    if (cols > 1) store<f32>(at + 2 * channelBytes + pixelBytes, f32x4.extract_lane(y1, 2));
  }
  if (lanes > 3) {
    store<f32>(at + 3 * channelBytes, f32x4.extract_lane(y0, 3));
    if (cols > 1) store<f32>(at + 3 * channelBytes + pixelBytes, f32x4.extract_lane(y1, 3));
  }
}
