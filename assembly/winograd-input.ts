import { copyFloats, zeroFloats } from './copy';
import { mappedIndex } from './pad';
import { transposeBlock4 } from './transpose';
import { inputLine4, inputRow, inputRowScalar } from './winograd-transforms';

// The input side of Winograd F(2×2, 3×3) and F(4×4, 3×3): the image copied once into a
// zero-padded NHWC buffer, then V = Bᵀ d B for every 4×4 (or 6×6) patch, four channels a v128.

/**
 * Copies rows [firstRow, endRow) of one padded image (NCHW or NHWC) into `dst`: rows of
 * `paddedW` pixels of `depth` floats (channels rounded up to 4, the extra lanes zero), the image
 * at row `padTop`, column `padLeft`, zeros around it; padded row r at `dst` + r rows. The buffer is as large as the tiles reach, so no tile reads
 * outside it, and a v128 of 4 channels is always inside one pixel.
 *
 * A paddingMode other than zeros (A_ROW_MAP, A_COL_MAP): padded row r copies source row
 * `rowMap[r]` (−1, or r ≥ `mapRows`: zeros), and margin pixel k (k < padLeft or
 * k ≥ padLeft + width) copies source column `colMap[k]` (−1, or k ≥ `mapCols`: zeros), read back
 * from the row's interior. The rows and columns the tiles' rounding adds past the tables stay
 * zero. Maps 0: zero padding, as before the maps but for two branches per row: measured
 * unchanged (simd, median ms of 300 alternating runs, before → after, ResNet 64→64 3×3 56²
 * F(4×4): NCHW 1.621 → 1.624, NHWC 1.605 → 1.605 and 1.585 → 1.585).
 */
export function padImageNhwc(
  dst: usize, src: usize, nchw: bool, channels: i32, height: i32, width: i32,
  depth: i32, padTop: i32, padLeft: i32, paddedW: i32, firstRow: i32, endRow: i32,
  rowMap: usize = 0, colMap: usize = 0, mapRows: i32 = 0, mapCols: i32 = 0,
): void {
  const pixelBytes = <usize>depth << 2;
  const rowBytes = <usize>paddedW * pixelBytes;
  for (let r = firstRow; r < endRow; r++) {
    const row = dst + <usize>r * rowBytes;
    const h = rowMap == 0 ? r - padTop : mappedIndex(rowMap, mapRows, r);
    if (h < 0 || h >= height) {
      zeroFloats(row, paddedW * depth);
      continue;
    }
    zeroFloats(row, padLeft * depth);
    zeroFloats(row + <usize>(padLeft + width) * pixelBytes, (paddedW - padLeft - width) * depth);
    const first = row + <usize>padLeft * pixelBytes;
    if (nchw) {
      copyRowFromPlanes(first, src + (<usize>(h * width) << 2), channels, height * width, width, depth);
    } else if (channels == depth) {
      copyFloats(first, src + (<usize>(h * width * channels) << 2), width * channels);
    } else {
      const from = src + (<usize>(h * width * channels) << 2);
      for (let x = 0; x < width; x++) {
        const pixel = first + <usize>x * pixelBytes;
        copyFloats(pixel, from + (<usize>(x * channels) << 2), channels);
        zeroFloats(pixel + (<usize>channels << 2), depth - channels);
      }
    }
    if (colMap != 0) {
      const end = min(mapCols, paddedW);
      for (let k = 0; k < end; k++) {
        if (k == padLeft) {
          k = padLeft + width - 1; // the interior is written
          continue;
        }
        const sc = load<i32>(colMap + (<usize>k << 2));
        if (sc >= 0) copyFloats(row + <usize>k * pixelBytes, first + <usize>sc * pixelBytes, depth);
      }
    }
  }
}

/**
 * One image row from NCHW planes (`src` = channel 0's row, planes `plane` floats apart) into
 * `width` NHWC pixels of `depth` floats: 4 channels × 4 pixels a step through a 4×4 transpose.
 */
// @ts-ignore: decorator
@inline function copyRowFromPlanes(dst: usize, src: usize, channels: i32, plane: i32, width: i32, depth: i32): void {
  const planeBytes = <usize>plane << 2;
  const pixelBytes = <usize>depth << 2;
  let c = 0;
  if (ASC_FEATURE_SIMD) {
    for (; c + 4 <= channels; c += 4) {
      const s = src + <usize>c * planeBytes;
      const d = dst + (<usize>c << 2);
      let x = 0;
      for (; x + 4 <= width; x += 4) {
        transposeBlock4(s + (<usize>x << 2), planeBytes, d + <usize>x * pixelBytes, pixelBytes);
      }
      for (; x < width; x++) {
        for (let k = 0; k < 4; k++) {
          store<f32>(d + <usize>x * pixelBytes + (<usize>k << 2), load<f32>(s + <usize>k * planeBytes + (<usize>x << 2)));
        }
      }
    }
  }
  for (let x = 0; x < width; x++) {
    const p = dst + <usize>x * pixelBytes;
    for (let k = c; k < depth; k++) {
      store<f32>(p + (<usize>k << 2), k < channels ? load<f32>(src + <usize>k * planeBytes + (<usize>x << 2)) : 0);
    }
  }
}

/**
 * V = Bᵀ d B for one tile and four channels: the 4×4 patch at `patch` (pixels `pixelBytes`
 * apart, rows `rowBytes` apart); element ξ = 4a + b goes to dst + ξ·xiStride. In registers:
 * Bᵀ's rows are d0 − d2, d1 + d2, d2 − d1, d3 − d1, so rows 1 and 2 of the patch serve all
 * four, and rows 0 and 3 are read when needed.
 */
// @ts-ignore: decorator
@inline export function inputTile(patch: usize, pixelBytes: usize, rowBytes: usize, dst: usize, xiStride: usize): void {
  if (!ASC_FEATURE_SIMD) {
    inputTileScalar(patch, pixelBytes, rowBytes, dst, xiStride);
    return;
  }
  const p1 = patch + rowBytes;
  const p2 = p1 + rowBytes;
  const a0 = v128.load(p1), a1 = v128.load(p1 + pixelBytes), a2 = v128.load(p1 + 2 * pixelBytes), a3 = v128.load(p1 + 3 * pixelBytes);
  const b0 = v128.load(p2), b1 = v128.load(p2 + pixelBytes), b2 = v128.load(p2 + 2 * pixelBytes), b3 = v128.load(p2 + 3 * pixelBytes);
  const row = xiStride << 2;
  inputRow(f32x4.add(a0, b0), f32x4.add(a1, b1), f32x4.add(a2, b2), f32x4.add(a3, b3), dst + row, xiStride);
  inputRow(f32x4.sub(b0, a0), f32x4.sub(b1, a1), f32x4.sub(b2, a2), f32x4.sub(b3, a3), dst + 2 * row, xiStride);
  inputRow(
    f32x4.sub(v128.load(patch), b0), f32x4.sub(v128.load(patch + pixelBytes), b1),
    f32x4.sub(v128.load(patch + 2 * pixelBytes), b2), f32x4.sub(v128.load(patch + 3 * pixelBytes), b3),
    dst, xiStride,
  );
  const p3 = p2 + rowBytes;
  inputRow(
    f32x4.sub(v128.load(p3), a0), f32x4.sub(v128.load(p3 + pixelBytes), a1),
    f32x4.sub(v128.load(p3 + 2 * pixelBytes), a2), f32x4.sub(v128.load(p3 + 3 * pixelBytes), a3),
    dst + 3 * row, xiStride,
  );
}

/** inputTile without SIMD: the same, one lane at a time. */
function inputTileScalar(patch: usize, pixelBytes: usize, rowBytes: usize, dst: usize, xiStride: usize): void {
  const row = xiStride << 2;
  for (let lane = 0; lane < 4; lane++) {
    const p0 = patch + (<usize>lane << 2);
    const p1 = p0 + rowBytes;
    const p2 = p1 + rowBytes;
    const p3 = p2 + rowBytes;
    const to = dst + (<usize>lane << 2);
    const a0 = load<f32>(p1), a1 = load<f32>(p1 + pixelBytes), a2 = load<f32>(p1 + 2 * pixelBytes), a3 = load<f32>(p1 + 3 * pixelBytes);
    const b0 = load<f32>(p2), b1 = load<f32>(p2 + pixelBytes), b2 = load<f32>(p2 + 2 * pixelBytes), b3 = load<f32>(p2 + 3 * pixelBytes);
    inputRowScalar(a0 + b0, a1 + b1, a2 + b2, a3 + b3, to + row, xiStride);
    inputRowScalar(b0 - a0, b1 - a1, b2 - a2, b3 - a3, to + 2 * row, xiStride);
    inputRowScalar(
      load<f32>(p0) - b0, load<f32>(p0 + pixelBytes) - b1, load<f32>(p0 + 2 * pixelBytes) - b2, load<f32>(p0 + 3 * pixelBytes) - b3,
      to, xiStride,
    );
    inputRowScalar(
      load<f32>(p3) - a0, load<f32>(p3 + pixelBytes) - a1, load<f32>(p3 + 2 * pixelBytes) - a2, load<f32>(p3 + 3 * pixelBytes) - a3,
      to + 3 * row, xiStride,
    );
  }
}

/**
 * V = Bᵀ d B of F(4×4, 3×3) for one tile and four channels: the 6×6 patch at `patch`; element
 * ξ = 6a + b goes to dst + ξ·xiStride. Bᵀ down each column into `columns` (the caller's
 * scratch, 6 rows × 6 vectors), then along each row.
 */
// @ts-ignore: decorator
@inline export function inputTile4(patch: usize, pixelBytes: usize, rowBytes: usize, dst: usize, xiStride: usize, columns: usize): void {
  if (ASC_FEATURE_SIMD) {
    inputLanes4<v128>(patch, pixelBytes, rowBytes, dst, xiStride, columns);
  } else {
    for (let lane = 0; lane < 4; lane++) {
      const at = <usize>lane << 2;
      inputLanes4<f32>(patch + at, pixelBytes, rowBytes, dst + at, xiStride, columns + at);
    }
  }
}

// @ts-ignore: decorator
@inline function inputLanes4<T>(patch: usize, pixelBytes: usize, rowBytes: usize, dst: usize, xiStride: usize, scratch: usize): void {
  for (let j = 0; j < 6; j++) inputLine4<T>(patch + <usize>j * pixelBytes, rowBytes, scratch + (<usize>j << 4), 96);
  for (let a = 0; a < 6; a++) inputLine4<T>(scratch + <usize>a * 96, 16, dst + <usize>(6 * a) * xiStride, xiStride);
}
