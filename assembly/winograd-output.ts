import { activate, activateScalar, storeLanes } from './simd';
import { transposeBlock4 } from './transpose';
import { outputFirst, outputFirstScalar, outputLine4, outputSecond, outputSecondScalar } from './winograd-transforms';

// The output side of Winograd F(2×2, 3×3) and F(4×4, 3×3): Y = Aᵀ M A for one tile and four
// output channels, plus the bias, through the activation, into the output tensor (NCHW or NHWC).

/**
 * Y = Aᵀ M A + bias, activated, for one tile and four output channels: element ξ = 4a + b of M
 * at src + ξ·xiStride, the four channels' bias at `bias`. The outputs go to `origin` (the
 * group's first channel at the tile's first pixel) + i·rowBytes + j·pixelBytes +
 * lane·channelBytes, for the valid `rows`, `cols` (≤ 2) and `lanes` (≤ 4) only: the tile is
 * clipped at the image's right and bottom edges and at the last channels. In registers; a full
 * NCHW tile row (two pixels × four channels) goes out as four 64-bit stores, one per channel.
 */
// @ts-ignore: decorator
@inline export function outputTile(
  src: usize, xiStride: usize, bias: usize, act: i32, actParams: usize,
  origin: usize, rows: i32, cols: i32, lanes: i32, nhwc: bool,
  rowBytes: usize, pixelBytes: usize, channelBytes: usize,
): void {
  if (!ASC_FEATURE_SIMD) {
    outputTileScalar(src, xiStride, bias, act, actParams, origin, rows, cols, lanes, rowBytes, pixelBytes, channelBytes);
    return;
  }
  // Columns b of Aᵀ M: s[b] = M[0][b] + M[1][b] + M[2][b], d[b] = M[1][b] − M[2][b] + M[3][b].
  const row = xiStride << 2;
  let s0: v128, s1: v128, s2: v128, s3: v128, d0: v128, d1: v128, d2: v128, d3: v128;
  {
    const m1 = v128.load(src + row), m2 = v128.load(src + 2 * row);
    s0 = outputFirst(v128.load(src), m1, m2);
    d0 = outputSecond(m1, m2, v128.load(src + 3 * row));
  }
  {
    const at = src + xiStride;
    const m1 = v128.load(at + row), m2 = v128.load(at + 2 * row);
    s1 = outputFirst(v128.load(at), m1, m2);
    d1 = outputSecond(m1, m2, v128.load(at + 3 * row));
  }
  {
    const at = src + 2 * xiStride;
    const m1 = v128.load(at + row), m2 = v128.load(at + 2 * row);
    s2 = outputFirst(v128.load(at), m1, m2);
    d2 = outputSecond(m1, m2, v128.load(at + 3 * row));
  }
  {
    const at = src + 3 * xiStride;
    const m1 = v128.load(at + row), m2 = v128.load(at + 2 * row);
    s3 = outputFirst(v128.load(at), m1, m2);
    d3 = outputSecond(m1, m2, v128.load(at + 3 * row));
  }
  const b = v128.load(bias);
  const p0 = load<f32>(actParams);
  const p1 = load<f32>(actParams, 4);
  const y00 = activate(f32x4.add(outputFirst(s0, s1, s2), b), act, p0, p1);
  const y01 = activate(f32x4.add(outputSecond(s1, s2, s3), b), act, p0, p1);
  storeRow(y00, y01, origin, cols, lanes, nhwc, pixelBytes, channelBytes);
  if (rows > 1) {
    const y10 = activate(f32x4.add(outputFirst(d0, d1, d2), b), act, p0, p1);
    const y11 = activate(f32x4.add(outputSecond(d1, d2, d3), b), act, p0, p1);
    storeRow(y10, y11, origin + rowBytes, cols, lanes, nhwc, pixelBytes, channelBytes);
  }
}

/** Two pixels (`cols` of them valid) × four channels (`lanes` valid) of one output row. */
// @ts-ignore: decorator
@inline function storeRow(y0: v128, y1: v128, at: usize, cols: i32, lanes: i32, nhwc: bool, pixelBytes: usize, channelBytes: usize): void {
  if (nhwc) {
    storeLanes(at, y0, lanes);
    if (cols > 1) storeLanes(at + pixelBytes, y1, lanes);
    return;
  }
  if (cols > 1 && lanes == 4 && pixelBytes == 4) { // adjacent pixels (no width dilation)
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

/** outputTile without SIMD: the same, one lane at a time. */
function outputTileScalar(
  src: usize, xiStride: usize, bias: usize, act: i32, actParams: usize,
  origin: usize, rows: i32, cols: i32, lanes: i32,
  rowBytes: usize, pixelBytes: usize, channelBytes: usize,
): void {
  const p0 = load<f32>(actParams);
  const p1 = load<f32>(actParams, 4);
  const row = xiStride << 2;
  for (let lane = 0; lane < lanes; lane++) {
    const m = src + (<usize>lane << 2);
    // Columns b of Aᵀ M, then Aᵀ along the two rows.
    const m10 = load<f32>(m + row), m20 = load<f32>(m + 2 * row);
    const s0 = outputFirstScalar(load<f32>(m), m10, m20), d0 = outputSecondScalar(m10, m20, load<f32>(m + 3 * row));
    const c1 = m + xiStride;
    const m11 = load<f32>(c1 + row), m21 = load<f32>(c1 + 2 * row);
    const s1 = outputFirstScalar(load<f32>(c1), m11, m21), d1 = outputSecondScalar(m11, m21, load<f32>(c1 + 3 * row));
    const c2 = m + 2 * xiStride;
    const m12 = load<f32>(c2 + row), m22 = load<f32>(c2 + 2 * row);
    const s2 = outputFirstScalar(load<f32>(c2), m12, m22), d2 = outputSecondScalar(m12, m22, load<f32>(c2 + 3 * row));
    const c3 = m + 3 * xiStride;
    const m13 = load<f32>(c3 + row), m23 = load<f32>(c3 + 2 * row);
    const s3 = outputFirstScalar(load<f32>(c3), m13, m23), d3 = outputSecondScalar(m13, m23, load<f32>(c3 + 3 * row));
    const b = load<f32>(bias + (<usize>lane << 2));
    const at = origin + <usize>lane * channelBytes;
    store<f32>(at, activateScalar(outputFirstScalar(s0, s1, s2) + b, act, p0, p1));
    if (cols > 1) store<f32>(at + pixelBytes, activateScalar(outputSecondScalar(s1, s2, s3) + b, act, p0, p1));
    if (rows > 1) {
      store<f32>(at + rowBytes, activateScalar(outputFirstScalar(d0, d1, d2) + b, act, p0, p1));
      if (cols > 1) store<f32>(at + rowBytes + pixelBytes, activateScalar(outputSecondScalar(d1, d2, d3) + b, act, p0, p1));
    }
  }
}

/**
 * outputTile for F(4×4, 3×3): element ξ = 6a + b of M at src + ξ·xiStride, `rows`, `cols` ≤ 4.
 * Aᵀ down each column of M into `half`, then along each valid row into `tile` (both in the
 * caller's scratch: Aᵀ M, 4 rows × 6 vectors, then one row of Y, 4 vectors); a full NCHW row
 * (four pixels × four channels) goes out as one 4×4 transpose and four vector stores.
 */
// @ts-ignore: decorator
@inline export function outputTile4(
  src: usize, xiStride: usize, bias: usize, act: i32, actParams: usize,
  origin: usize, rows: i32, cols: i32, lanes: i32, nhwc: bool,
  rowBytes: usize, pixelBytes: usize, channelBytes: usize, half: usize,
): void {
  const tile = half + 4 * 6 * 16;
  const p0 = load<f32>(actParams);
  const p1 = load<f32>(actParams, 4);
  const column: usize = 6 * xiStride;
  if (!ASC_FEATURE_SIMD) {
    for (let lane = 0; lane < lanes; lane++) {
      const at = <usize>lane << 2;
      for (let k = 0; k < 6; k++) outputLine4<f32>(src + at + <usize>k * xiStride, column, half + at + (<usize>k << 4), 96);
      const b = load<f32>(bias + at);
      for (let i = 0; i < rows; i++) {
        outputLine4<f32>(half + at + <usize>i * 96, 16, tile + at, 16);
        for (let j = 0; j < cols; j++) {
          const y = activateScalar(load<f32>(tile + at + (<usize>j << 4)) + b, act, p0, p1);
          store<f32>(origin + <usize>i * rowBytes + <usize>j * pixelBytes + <usize>lane * channelBytes, y);
        }
      }
    }
    return;
  }
  for (let k = 0; k < 6; k++) outputLine4<v128>(src + <usize>k * xiStride, column, half + (<usize>k << 4), 96);
  const b = v128.load(bias);
  for (let i = 0; i < rows; i++) {
    outputLine4<v128>(half + <usize>i * 96, 16, tile, 16);
    for (let j = 0; j < 4; j++) {
      const at = tile + (<usize>j << 4);
      v128.store(at, activate(f32x4.add(v128.load(at), b), act, p0, p1));
    }
    const row = origin + <usize>i * rowBytes;
    if (nhwc) {
      for (let j = 0; j < cols; j++) storeLanes(row + <usize>j * pixelBytes, v128.load(tile + (<usize>j << 4)), lanes);
    } else if (cols == 4 && lanes == 4 && pixelBytes == 4) { // adjacent pixels (no width dilation)
      transposeBlock4(tile, 16, row, channelBytes); // 4 pixels × 4 channels → 4 channel rows
    } else {
      for (let j = 0; j < cols; j++) {
        for (let lane = 0; lane < lanes; lane++) {
          store<f32>(row + <usize>j * pixelBytes + <usize>lane * channelBytes, load<f32>(tile + (<usize>j << 4) + (<usize>lane << 2)));
        }
      }
    }
  }
}
