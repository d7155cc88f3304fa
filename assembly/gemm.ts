import { activate, activateScalar, madd, storeLanes } from './simd';

// The microkernel: a tile of MR rows × NR columns of C = A·B, accumulators in registers.
//
//   C[r][col] = act( init[r][col] + Σ_k A[r][k] · B[k][col] )
//
// A's rows are read one f32 at a time and broadcast (v128.load32_splat); B is read NR floats
// at a time (NR/4 vectors). init is the bias (a per-row scalar plus a per-column vector) or,
// when a long K is split in blocks, the partial sums already in C.
//
// MR × NR = 4 × 8: 8 accumulators + 2 B vectors + 1 broadcast = 11 live v128 values. The founding
// design note (docs/kernels.md#the-microkernel) measured on this machine that Node 20's V8 keeps
// ~15 v128 values in registers and that 4×8
// was the best plain-SIMD SGEMM tile (38 GFLOPS); larger tiles spill and halve the speed.
export const MR: i32 = 4;
export const NR: i32 = 8;

/** NR zero floats: the column bias of tiles that have only a row bias. */
const ZERO_COLUMNS = memory.data(NR * 4, 16);

/**
 * One MR×NR tile; B is a packed panel, K-major, NR floats per k. `rows` ≤ MR and `cols` ≤ NR
 * are the valid part: missing rows re-read row 0
 * and are not stored, missing columns are computed on whatever B holds there and not stored.
 * A's row stride is in bytes. `biasRow` holds one f32 per row, `biasCol` NR f32 (both may point at
 * zeros). With `accumulate`, C's current values replace the bias. `actParams` points at the
 * activation's two f32 parameters. `transposed` stores Cᵀ: C's rows are then adjacent floats
 * and `outRowStride` is the step between its columns (NCHW-ordered work written NHWC).
 */
// Inlined into each driver: measured 37.7 vs 31.2 GFLOPS (best of 15) for the same tiles called.
// @ts-ignore: decorator
@inline export function gemmTile(
  rows: i32, a: usize, aRowStride: usize,
  depth: i32, b: usize,
  cols: i32, out: usize, outRowStride: usize,
  biasRow: usize, biasCol: usize, accumulate: bool,
  act: i32, actParams: usize, transposed: bool = false,
): void {
  if (ASC_FEATURE_SIMD) {
    gemmTileSimd(rows, a, aRowStride, depth, b, cols, out, outRowStride, biasRow, biasCol, accumulate, act, actParams, transposed);
  } else {
    scalarTileOverRuns(a, a + aRowStride, a + 2 * aRowStride, a + 3 * aRowStride, ZERO_COLUMNS, 1, depth, b, rows, cols, out, outRowStride, biasRow, biasCol, accumulate, act, actParams, transposed);
  }
}

// @ts-ignore: decorator
@inline function gemmTileSimd(
  rows: i32, a: usize, aRowStride: usize,
  depth: i32, b: usize,
  cols: i32, out: usize, outRowStride: usize,
  biasRow: usize, biasCol: usize, accumulate: bool,
  act: i32, actParams: usize, transposed: bool,
): void {
  if (rows == 1 && !transposed) {
    gemvTile(a, depth, b, cols, out, outRowStride, biasRow, biasCol, accumulate, act, actParams);
    return;
  }
  const a1 = rows > 1 ? a + aRowStride : a;
  const a2 = rows > 2 ? a + 2 * aRowStride : a;
  const a3 = rows > 3 ? a + 3 * aRowStride : a;
  // One run of `depth` floats from each row (ZERO_COLUMNS: a zero offset).
  tileOverRuns(a, a1, a2, a3, ZERO_COLUMNS, 1, depth, b, rows, cols, out, outRowStride, biasRow, biasCol, accumulate, act, actParams, transposed);
}

/**
 * The tile's loop: row r's A is `runs` runs of `runLength` floats, run t at `a_r + offsets[t]`
 * (u32 byte offsets), read in order; B is one packed panel row (NR floats) per k.
 */
// @ts-ignore: decorator
@inline function tileOverRuns(
  a0: usize, a1: usize, a2: usize, a3: usize, offsets: usize, runs: i32, runLength: i32, b: usize,
  rows: i32, cols: i32, out: usize, outRowStride: usize,
  biasRow: usize, biasCol: usize, accumulate: bool,
  act: i32, actParams: usize, transposed: bool,
): void {
  // Accumulators start at zero; the bias (or the partial sums already in C) is added after
  // the loop, which keeps the loop's entry as light as a plain GEMM's.
  let c00 = f32x4.splat(0);
  let c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  // Pointers advance by one float (A) and one packed panel row (B, NR floats) per step.
  let pb = b;
  for (let t = 0; t < runs; t++) {
    const offset = <usize>load<u32>(offsets + (<usize>t << 2));
    let pa0 = a0 + offset;
    let pa1 = a1 + offset;
    let pa2 = a2 + offset;
    let pa3 = a3 + offset;
    for (let k = 0; k < runLength; k++) {
      const b0 = v128.load(pb);
      const b1 = v128.load(pb, 16);
      let s = v128.load32_splat(pa0);
      c00 = madd(s, b0, c00); c01 = madd(s, b1, c01);
      s = v128.load32_splat(pa1);
      c10 = madd(s, b0, c10); c11 = madd(s, b1, c11);
      s = v128.load32_splat(pa2);
      c20 = madd(s, b0, c20); c21 = madd(s, b1, c21);
      s = v128.load32_splat(pa3);
      c30 = madd(s, b0, c30); c31 = madd(s, b1, c31);
      pa0 += 4; pa1 += 4; pa2 += 4; pa3 += 4;
      pb += NR << 2;
    }
  }
  if (transposed) {
    finishTileTransposed(c00, c01, c10, c11, c20, c21, c30, c31, rows, cols, out, outRowStride, biasRow, biasCol, accumulate, act, actParams);
  } else {
    finishTile(c00, c01, c10, c11, c20, c21, c30, c31, rows, cols, out, outRowStride, biasRow, biasCol, accumulate, act, actParams);
  }
}

/**
 * gemmTileSimd for one row of A (a matrix–vector product: a 1×1 layer on one pixel, as a
 * squeeze-excite block's): two madds per k instead of the tile's eight, of which six would
 * be thrown away; k in pairs on two accumulator pairs, to keep two dependency chains apart.
 * Measured (simd, resident, 2-core Xeon VM): 480 → 120 at 1×1, see docs/kernels.md.
 */
// @ts-ignore: decorator
@inline function gemvTile(
  a: usize, depth: i32, b: usize, cols: i32, out: usize, outRowStride: usize,
  biasRow: usize, biasCol: usize, accumulate: bool, act: i32, actParams: usize,
): void {
  let c00 = f32x4.splat(0);
  let c01 = c00, c10 = c00, c11 = c00;
  let pa = a;
  let pb = b;
  let k = 0;
  for (; k + 2 <= depth; k += 2) {
    const s0 = v128.load32_splat(pa);
    const s1 = v128.load32_splat(pa, 4);
    c00 = madd(s0, v128.load(pb), c00);
    c01 = madd(s0, v128.load(pb, 16), c01);
    c10 = madd(s1, v128.load(pb, NR << 2), c10);
    c11 = madd(s1, v128.load(pb, (NR << 2) + 16), c11);
    pa += 8;
    pb += NR << 3;
  }
  if (k < depth) {
    const s0 = v128.load32_splat(pa);
    c00 = madd(s0, v128.load(pb), c00);
    c01 = madd(s0, v128.load(pb, 16), c01);
  }
  const zero = f32x4.splat(0);
  finishTile(f32x4.add(c00, c10), f32x4.add(c01, c11), zero, zero, zero, zero, zero, zero, 1, cols, out, outRowStride, biasRow, biasCol, accumulate, act, actParams);
}

/**
 * The tile's epilogue: adds the bias (per-row scalar + per-column vector) or, when accumulating
 * over depth blocks, what C already holds; applies the activation; stores the valid part.
 */
// @ts-ignore: decorator
@inline function finishTile(
  c00: v128, c01: v128, c10: v128, c11: v128, c20: v128, c21: v128, c30: v128, c31: v128,
  rows: i32, cols: i32, out: usize, outRowStride: usize,
  biasRow: usize, biasCol: usize, accumulate: bool, act: i32, actParams: usize,
): void {
  const o1 = out + outRowStride;
  const o2 = o1 + outRowStride;
  const o3 = o2 + outRowStride;
  if (accumulate) {
    c00 = f32x4.add(c00, v128.load(out)); c01 = f32x4.add(c01, v128.load(out, 16));
    if (rows > 1) { c10 = f32x4.add(c10, v128.load(o1)); c11 = f32x4.add(c11, v128.load(o1, 16)); }
    if (rows > 2) { c20 = f32x4.add(c20, v128.load(o2)); c21 = f32x4.add(c21, v128.load(o2, 16)); }
    if (rows > 3) { c30 = f32x4.add(c30, v128.load(o3)); c31 = f32x4.add(c31, v128.load(o3, 16)); }
  } else {
    const col0 = v128.load(biasCol);
    const col1 = v128.load(biasCol, 16);
    let r = v128.load32_splat(biasRow);
    c00 = f32x4.add(c00, f32x4.add(r, col0)); c01 = f32x4.add(c01, f32x4.add(r, col1));
    if (rows > 1) { r = v128.load32_splat(biasRow, 4); c10 = f32x4.add(c10, f32x4.add(r, col0)); c11 = f32x4.add(c11, f32x4.add(r, col1)); }
    if (rows > 2) { r = v128.load32_splat(biasRow, 8); c20 = f32x4.add(c20, f32x4.add(r, col0)); c21 = f32x4.add(c21, f32x4.add(r, col1)); }
    if (rows > 3) { r = v128.load32_splat(biasRow, 12); c30 = f32x4.add(c30, f32x4.add(r, col0)); c31 = f32x4.add(c31, f32x4.add(r, col1)); }
  }
  // The activation's parameters are read only after the loop: f32 values live across it
  // would take two of the ~15 v128 registers V8 has.
  const p0 = load<f32>(actParams);
  const p1 = load<f32>(actParams, 4);
  storeRow(out, activate(c00, act, p0, p1), activate(c01, act, p0, p1), cols);
  if (rows > 1) storeRow(o1, activate(c10, act, p0, p1), activate(c11, act, p0, p1), cols);
  if (rows > 2) storeRow(o2, activate(c20, act, p0, p1), activate(c21, act, p0, p1), cols);
  if (rows > 3) storeRow(o3, activate(c30, act, p0, p1), activate(c31, act, p0, p1), cols);
}

/**
 * finishTile for a tile stored transposed: the accumulators are turned, four rows at a time,
 * into one vector per column (the MR rows side by side: one pixel's output channels), which then
 * take the bias, the activation and one store each, `colStride` bytes apart.
 */
// Called, not inlined: only few-channel NHWC layers store transposed, and inlined at each GEMM
// call site it took the simd build past its 64 KB budget (66.3 KB inlined, 60.5 KB called;
// J in NHWC 0.225 → 0.228 ms, a 2-channel 5×5 0.089 → 0.090, medians of 8 rounds).
function finishTileTransposed(
  c00: v128, c01: v128, c10: v128, c11: v128, c20: v128, c21: v128, c30: v128, c31: v128,
  rows: i32, cols: i32, out: usize, colStride: usize,
  biasRow: usize, biasCol: usize, accumulate: bool, act: i32, actParams: usize,
): void {
  // Columns 0–3 from the first vectors of each row, 4–7 from the second.
  let t0 = v128.shuffle<f32>(c00, c10, 0, 4, 1, 5);
  let t1 = v128.shuffle<f32>(c20, c30, 0, 4, 1, 5);
  let t2 = v128.shuffle<f32>(c00, c10, 2, 6, 3, 7);
  let t3 = v128.shuffle<f32>(c20, c30, 2, 6, 3, 7);
  let p0 = v128.shuffle<f32>(t0, t1, 0, 1, 4, 5);
  let p1 = v128.shuffle<f32>(t0, t1, 2, 3, 6, 7);
  let p2 = v128.shuffle<f32>(t2, t3, 0, 1, 4, 5);
  let p3 = v128.shuffle<f32>(t2, t3, 2, 3, 6, 7);
  t0 = v128.shuffle<f32>(c01, c11, 0, 4, 1, 5);
  t1 = v128.shuffle<f32>(c21, c31, 0, 4, 1, 5);
  t2 = v128.shuffle<f32>(c01, c11, 2, 6, 3, 7);
  t3 = v128.shuffle<f32>(c21, c31, 2, 6, 3, 7);
  const p4 = v128.shuffle<f32>(t0, t1, 0, 1, 4, 5);
  const p5 = v128.shuffle<f32>(t0, t1, 2, 3, 6, 7);
  const p6 = v128.shuffle<f32>(t2, t3, 0, 1, 4, 5);
  const p7 = v128.shuffle<f32>(t2, t3, 2, 3, 6, 7);
  // Lanes past `rows` read the floats beyond the bias (the heap keeps slack) and are not stored.
  const bias = accumulate ? f32x4.splat(0) : v128.load(biasRow);
  const a0 = load<f32>(actParams);
  const a1 = load<f32>(actParams, 4);
  storeColumn(out, p0, 0, rows, colStride, bias, biasCol, accumulate, act, a0, a1);
  if (cols > 1) storeColumn(out, p1, 1, rows, colStride, bias, biasCol, accumulate, act, a0, a1);
  if (cols > 2) storeColumn(out, p2, 2, rows, colStride, bias, biasCol, accumulate, act, a0, a1);
  if (cols > 3) storeColumn(out, p3, 3, rows, colStride, bias, biasCol, accumulate, act, a0, a1);
  if (cols > 4) storeColumn(out, p4, 4, rows, colStride, bias, biasCol, accumulate, act, a0, a1);
  if (cols > 5) storeColumn(out, p5, 5, rows, colStride, bias, biasCol, accumulate, act, a0, a1);
  if (cols > 6) storeColumn(out, p6, 6, rows, colStride, bias, biasCol, accumulate, act, a0, a1);
  if (cols > 7) storeColumn(out, p7, 7, rows, colStride, bias, biasCol, accumulate, act, a0, a1);
}

/** Column `j` of a transposed tile: its `rows` lanes at `out + j·colStride`, finished as finishTile's. */
// @ts-ignore: decorator
@inline function storeColumn(
  out: usize, v: v128, j: i32, rows: i32, colStride: usize,
  bias: v128, biasCol: usize, accumulate: bool, act: i32, a0: f32, a1: f32,
): void {
  const at = out + <usize>j * colStride;
  // With `accumulate`, lanes past `rows` read the next column's floats and are not stored.
  const init = accumulate ? v128.load(at) : f32x4.add(bias, v128.load32_splat(biasCol + (<usize>j << 2)));
  const y = activate(f32x4.add(v, init), act, a0, a1);
  if (rows >= 4) v128.store(at, y);
  else storeLanes(at, y, rows);
}

// @ts-ignore: decorator
@inline function storeRow(ptr: usize, v0: v128, v1: v128, cols: i32): void {
  if (cols >= 8) {
    v128.store(ptr, v0);
    v128.store(ptr, v1, 16);
  } else if (cols > 4) {
    v128.store(ptr, v0);
    storeLanes(ptr + 16, v1, cols - 4);
  } else {
    storeLanes(ptr, v0, cols);
  }
}

/**
 * tileOverRuns without SIMD, for engines that lack it: plain loops, f32 accumulation, the same
 * order of terms (row r's runs at `a_r + offsets[t]`).
 */
// @ts-ignore: decorator
@inline function scalarTileOverRuns(
  a0: usize, a1: usize, a2: usize, a3: usize, offsets: usize, runs: i32, runLength: i32, b: usize,
  rows: i32, cols: i32, out: usize, outRowStride: usize,
  biasRow: usize, biasCol: usize, accumulate: bool,
  act: i32, actParams: usize, transposed: bool,
): void {
  const p0 = load<f32>(actParams);
  const p1 = load<f32>(actParams, 4);
  for (let r = 0; r < rows; r++) {
    const origin = r == 0 ? a0 : r == 1 ? a1 : r == 2 ? a2 : a3;
    for (let c = 0; c < cols; c++) {
      const at = elementAt(out, r, c, outRowStride, transposed);
      let sum: f32 = accumulate
        ? load<f32>(at)
        : load<f32>(biasRow + (<usize>r << 2)) + load<f32>(biasCol + (<usize>c << 2));
      let pb = b + (<usize>c << 2);
      for (let t = 0; t < runs; t++) {
        let pa = origin + <usize>load<u32>(offsets + (<usize>t << 2));
        for (let k = 0; k < runLength; k++) {
          sum += load<f32>(pa) * load<f32>(pb);
          pa += 4;
          pb += NR << 2;
        }
      }
      store<f32>(at, activateScalar(sum, act, p0, p1));
    }
  }
}

/** Where C[r][c] lives: rows `stride` bytes apart, or (transposed) columns `stride` apart. */
// @ts-ignore: decorator
@inline function elementAt(out: usize, r: i32, c: i32, stride: usize, transposed: bool): usize {
  return transposed
    ? out + <usize>c * stride + (<usize>r << 2)
    : out + <usize>r * stride + (<usize>c << 2);
}

/**
 * gemmTile whose B rows are found through a table instead of a stride: row k of B is the NR
 * floats at `bBase + offsets[k]` (byte offsets, i32). This lets a convolution read its input
 * in place — no im2col copy — when the NR pixels of a panel are contiguous in memory (one
 * output row, on width-phase-split planes). XNNPACK calls this an indirection buffer.
 */
// @ts-ignore: decorator
@inline export function gemmTileIndirect(
  rows: i32, a: usize, aRowStride: usize,
  depth: i32, bBase: usize, offsets: usize,
  cols: i32, out: usize, outRowStride: usize,
  biasRow: usize, accumulate: bool,
  act: i32, actParams: usize, transposed: bool = false,
): void {
  if (!ASC_FEATURE_SIMD) {
    for (let r = 0; r < rows; r++) {
      const ar = a + <usize>r * aRowStride;
      for (let c = 0; c < cols; c++) {
        const at = elementAt(out, r, c, outRowStride, transposed);
        let sum: f32 = accumulate ? load<f32>(at) : load<f32>(biasRow + (<usize>r << 2));
        for (let k = 0; k < depth; k++) {
          const b = bBase + <usize>load<u32>(offsets + (<usize>k << 2)) + (<usize>c << 2);
          sum += load<f32>(ar + (<usize>k << 2)) * load<f32>(b);
        }
        store<f32>(at, activateScalar(sum, act, load<f32>(actParams), load<f32>(actParams, 4)));
      }
    }
    return;
  }
  let pa0 = a;
  let pa1 = rows > 1 ? a + aRowStride : a;
  let pa2 = rows > 2 ? a + 2 * aRowStride : a;
  let pa3 = rows > 3 ? a + 3 * aRowStride : a;
  let po = offsets;
  let c00 = f32x4.splat(0);
  let c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  for (let k = 0; k < depth; k++) {
    const pb = bBase + <usize>load<u32>(po);
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let s = v128.load32_splat(pa0);
    c00 = madd(s, b0, c00); c01 = madd(s, b1, c01);
    s = v128.load32_splat(pa1);
    c10 = madd(s, b0, c10); c11 = madd(s, b1, c11);
    s = v128.load32_splat(pa2);
    c20 = madd(s, b0, c20); c21 = madd(s, b1, c21);
    s = v128.load32_splat(pa3);
    c30 = madd(s, b0, c30); c31 = madd(s, b1, c31);
    pa0 += 4; pa1 += 4; pa2 += 4; pa3 += 4;
    po += 4;
  }
  if (transposed) {
    finishTileTransposed(c00, c01, c10, c11, c20, c21, c30, c31, rows, cols, out, outRowStride, biasRow, ZERO_COLUMNS, accumulate, act, actParams);
  } else {
    finishTile(c00, c01, c10, c11, c20, c21, c30, c31, rows, cols, out, outRowStride, biasRow, ZERO_COLUMNS, accumulate, act, actParams);
  }
}

/**
 * A full tile (MR rows) whose A rows are read in place as runs, XNNPACK's indirect GEMM: row r's
 * k-th run of `runLength` floats starts at `origins[r] + offsets[t]` (u32 byte addresses and
 * offsets), so an NHWC convolution reads each interior pixel's window in the image instead of
 * copying it into im2col rows. k runs over the runs in order and over each run, as im2col lays
 * them out, so B is the same packed panel and the sums are the same, bit for bit.
 */
// @ts-ignore: decorator
@inline export function gemmTileRuns(
  origins: usize, offsets: usize, runs: i32, runLength: i32, b: usize,
  cols: i32, out: usize, outRowStride: usize,
  biasRow: usize, biasCol: usize, accumulate: bool,
  act: i32, actParams: usize,
): void {
  const o0 = <usize>load<u32>(origins);
  const o1 = <usize>load<u32>(origins, 4);
  const o2 = <usize>load<u32>(origins, 8);
  const o3 = <usize>load<u32>(origins, 12);
  if (!ASC_FEATURE_SIMD) {
    scalarTileOverRuns(o0, o1, o2, o3, offsets, runs, runLength, b, MR, cols, out, outRowStride, biasRow, biasCol, accumulate, act, actParams, false);
    return;
  }
  tileOverRuns(o0, o1, o2, o3, offsets, runs, runLength, b, MR, cols, out, outRowStride, biasRow, biasCol, accumulate, act, actParams, false);
}
