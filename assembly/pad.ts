import { copyFloats, zeroFloats } from './copy';

/**
 * Copies rows [firstRow, endRow) of one input plane, zero-padded, into consecutive rows of
 * `phases × phaseLength` floats at `dst` (padded row r goes to dst row r − firstRow): the
 * padded column k (input column k − padLeft) goes to phase k mod phases, index ⌊k / phases⌋.
 * With `phases` = the width stride, the inputs of consecutive strided outputs become
 * contiguous, so kernels read them with plain vector loads. Source columns are `srcStep` floats
 * apart and rows `inW · srcStep` (an NHWC image's channel c: src at element c, srcStep = C).
 *
 * A paddingMode other than zeros (A_ROW_MAP, A_COL_MAP): `rowMap` ≠ 0 holds `mapRows` i32s,
 * padded row r's source row (−1: zeros; rows past the table are zeros too), and `colMap`
 * `mapCols` of them, padded column k's source column, read for the margin columns k < padLeft
 * and k ≥ padLeft + inW (the interior is the source row as with zeros). Maps 0: zero padding,
 * the same code as before the maps but for two branches per row that always go the same way:
 * measured unchanged (simd, median ms of 300 alternating runs, before → after: 64→128 3×3
 * stride 2 56² on nchw-direct 2.808 → 2.784, 3→32 3×3 112² NHWC 0.708 → 0.705 and 0.692 →
 * 0.689, depthwise 3×3 144 ch 56² on planes 0.433 → 0.435 and 0.426 → 0.426).
 */
export function padPlanePhases(
  dst: usize, src: usize, inH: i32, inW: i32, padTop: i32, padLeft: i32,
  firstRow: i32, endRow: i32, phases: i32, phaseLength: i32, srcStep: i32 = 1,
  rowMap: usize = 0, colMap: usize = 0, mapRows: i32 = 0, mapCols: i32 = 0,
): void {
  const rowLength = phases * phaseLength;
  const rowBytes = <usize>rowLength << 2;
  for (let r = firstRow; r < endRow; r++) {
    const row = dst + <usize>(r - firstRow) * rowBytes;
    const h = rowMap == 0 ? r - padTop : mappedIndex(rowMap, mapRows, r);
    if (h < 0 || h >= inH) {
      zeroFloats(row, rowLength);
      continue;
    }
    const from = src + (<usize>(h * inW * srcStep) << 2);
    if (srcStep != 1) {
      stridedRow(row, from, inW, padLeft, phases, phaseLength, srcStep);
    } else if (phases == 1) {
      zeroFloats(row, padLeft);
      copyFloats(row + (<usize>padLeft << 2), from, inW);
      zeroFloats(row + (<usize>(padLeft + inW) << 2), rowLength - padLeft - inW);
    } else if (ASC_FEATURE_SIMD && phases == 2) {
      // Source column x lands at padded column x + padLeft: the source's even columns form one
      // contiguous run in one phase, its odd columns one in the other. Split eight at a time.
      // Only the margins around the two runs are zeroed: the runs are written once.
      const phaseBytes = <usize>phaseLength << 2;
      for (let phase = 0; phase < 2; phase++) {
        const first = (padLeft - phase + 1) >> 1; // the phase's first padded column ≥ padLeft
        const end = (padLeft + inW - phase + 1) >> 1; // one past its last one < padLeft + inW
        const at = row + <usize>phase * phaseBytes;
        zeroFloats(at, first);
        zeroFloats(at + (<usize>end << 2), phaseLength - end);
      }
      const evens = row + ((padLeft & 1) == 0 ? 0 : phaseBytes) + (<usize>(padLeft >> 1) << 2);
      const odds = row + (((padLeft + 1) & 1) == 0 ? 0 : phaseBytes) + (<usize>((padLeft + 1) >> 1) << 2);
      let x = 0;
      // Sixteen floats a step, pointers bumped instead of recomputed.
      let src = from;
      let e = evens;
      let o = odds;
      for (; x + 16 <= inW; x += 16) {
        const v0 = v128.load(src);
        const v1 = v128.load(src, 16);
        const v2 = v128.load(src, 32);
        const v3 = v128.load(src, 48);
        v128.store(e, v128.shuffle<f32>(v0, v1, 0, 2, 4, 6));
        v128.store(o, v128.shuffle<f32>(v0, v1, 1, 3, 5, 7));
        v128.store(e, v128.shuffle<f32>(v2, v3, 0, 2, 4, 6), 16);
        v128.store(o, v128.shuffle<f32>(v2, v3, 1, 3, 5, 7), 16);
        src += 64;
        e += 32;
        o += 32;
      }
      for (; x + 8 <= inW; x += 8) {
        const v0 = v128.load(from + (<usize>x << 2));
        const v1 = v128.load(from + (<usize>x << 2), 16);
        v128.store(evens + (<usize>(x >> 1) << 2), v128.shuffle<f32>(v0, v1, 0, 2, 4, 6));
        v128.store(odds + (<usize>(x >> 1) << 2), v128.shuffle<f32>(v0, v1, 1, 3, 5, 7));
      }
      for (; x < inW; x++) {
        store<f32>(((x & 1) == 0 ? evens : odds) + (<usize>(x >> 1) << 2), load<f32>(from + (<usize>x << 2)));
      }
    } else {
      stridedRow(row, from, inW, padLeft, phases, phaseLength, 1);
    }
    if (colMap != 0) phaseMargins(row, colMap, mapCols, padLeft, inW, phases, phaseLength);
  }
}

/** Unsplit padded column k from the interior's column `colMap[k]`, unless that is −1 (zeros, as written). */
// @ts-ignore: decorator
@inline function copyMapped(row: usize, colMap: usize, k: i32, padLeft: i32): void {
  const sc = load<i32>(colMap + (<usize>k << 2));
  if (sc >= 0) store<f32>(row + (<usize>k << 2), load<f32>(row + (<usize>(padLeft + sc) << 2)));
}

/** Entry `i` of a table of `length` i32s at `map`; −1 (zeros) past its end. */
// @ts-ignore: decorator
@inline export function mappedIndex(map: usize, length: i32, i: i32): i32 {
  return i < length ? load<i32>(map + (<usize>i << 2)) : -1;
}

/**
 * The margin columns of one padded row split in phases (padPlanePhases), which hold zeros: each
 * whose `colMap` entry is a source column gets that column's value, read back from the row's
 * interior (padded column padLeft + source column), so any source layout is served alike.
 */
function phaseMargins(row: usize, colMap: usize, mapCols: i32, padLeft: i32, inW: i32, phases: i32, phaseLength: i32): void {
  const end = min(mapCols, phases * phaseLength);
  if (phases == 1) {
    // Unsplit rows (every stride-1 layer): no division per column. Depthwise 3×3 144 ch 56²
    // reflect, simd, median ms in one process: 0.493 with the general loop below, 0.452 and 0.461
    // (two runs) with this one; zeros 0.428–0.439.
    for (let k = 0; k < padLeft; k++) copyMapped(row, colMap, k, padLeft);
    for (let k = padLeft + inW; k < end; k++) copyMapped(row, colMap, k, padLeft);
    return;
  }
  for (let k = 0; k < end; k++) {
    if (k == padLeft) {
      k = padLeft + inW - 1; // the interior is written
      continue;
    }
    const sc = load<i32>(colMap + (<usize>k << 2));
    if (sc < 0) continue;
    const from = padLeft + sc;
    const value = load<f32>(row + (<usize>((from % phases) * phaseLength + from / phases) << 2));
    store<f32>(row + (<usize>((k % phases) * phaseLength + k / phases) << 2), value);
  }
}

/**
 * The first row of block `block` when `rows` rows are cut into `blocks` blocks as evenly as
 * whole rows allow (a prologue's grid tile: A_PROLOGUE_BLOCKS); block `blocks` gives `rows`.
 */
// @ts-ignore: decorator
@inline export function rowOfBlock(block: i32, blocks: i32, rows: i32): i32 {
  return <i32>((<i64>block * rows) / blocks);
}

/**
 * One padded row from a source whose columns are `srcStep` floats apart (an NHWC image's channel
 * plane), or of a phase count without a vector path: the vector part first where there is one,
 * then a phase at a time, walking the source columns that land in it (no division in the loop).
 */
function stridedRow(
  row: usize, from: usize, inW: i32, padLeft: i32, phases: i32, phaseLength: i32, srcStep: i32,
): void {
  zeroFloats(row, phases * phaseLength);
  let done = 0; // source columns [0, done) are written
  if (ASC_FEATURE_SIMD && (srcStep == 2 || srcStep == 3) && phases <= 2) {
    done = interleavedRowSimd(row, from, inW, padLeft, phases, phaseLength, srcStep);
  }
  const step = <usize>(phases * srcStep) << 2;
  for (let phase = 0; phase < phases; phase++) {
    // The first column ≥ done landing in this phase.
    let x = done + ((((phase - padLeft - done) % phases) + phases) % phases);
    let to = row + (<usize>(phase * phaseLength + (x + padLeft) / phases) << 2);
    let at = from + (<usize>(x * srcStep) << 2);
    for (; x < inW; x += phases) {
      store<f32>(to, load<f32>(at));
      to += 4;
      at += step;
    }
  }
}

/**
 * stridedRow's vector part for 2 or 3 interleaved channels and 1 or 2 phases: four columns of
 * one channel from two or three vector loads and shuffles, then (2 phases) eight split into
 * evens and odds. Stops while a whole column remains after the last load, so no load reads past
 * the row's last pixel. Returns how many source columns it wrote.
 */
function interleavedRowSimd(
  row: usize, from: usize, inW: i32, padLeft: i32, phases: i32, phaseLength: i32, srcStep: i32,
): i32 {
  const pixelBytes = <usize>srcStep << 2;
  let x = 0;
  if (phases == 1) {
    let to = row + (<usize>padLeft << 2);
    for (; x + 4 < inW; x += 4) {
      v128.store(to, channelOfFour(from + <usize>x * pixelBytes, srcStep));
      to += 16;
    }
    return x;
  }
  const phaseBytes = <usize>phaseLength << 2;
  const evens = row + ((padLeft & 1) == 0 ? 0 : phaseBytes) + (<usize>(padLeft >> 1) << 2);
  const odds = row + (((padLeft + 1) & 1) == 0 ? 0 : phaseBytes) + (<usize>((padLeft + 1) >> 1) << 2);
  for (; x + 8 < inW; x += 8) {
    const a = channelOfFour(from + <usize>x * pixelBytes, srcStep);
    const b = channelOfFour(from + <usize>(x + 4) * pixelBytes, srcStep);
    v128.store(evens + (<usize>(x >> 1) << 2), v128.shuffle<f32>(a, b, 0, 2, 4, 6));
    v128.store(odds + (<usize>(x >> 1) << 2), v128.shuffle<f32>(a, b, 1, 3, 5, 7));
  }
  return x;
}

/** One channel of four consecutive pixels of 2 or 3 channels, `at` on the first one's value. */
// @ts-ignore: decorator
@inline function channelOfFour(at: usize, channels: i32): v128 {
  const v0 = v128.load(at);
  const v1 = v128.load(at, 16);
  if (channels == 2) return v128.shuffle<f32>(v0, v1, 0, 2, 4, 6);
  const v2 = v128.load(at, 32);
  // Two shuffles of the shufps form (two lanes from each operand, in order), one instruction
  // each in V8: M6's NHWC prologue 66 µs with one general pattern, 61 with these (scalar: 85).
  const high = v128.shuffle<f32>(v1, v2, 2, 2, 5, 5); // columns 2, 2, 3, 3
  return v128.shuffle<f32>(v0, high, 0, 3, 4, 6);
}
