import * as A from './args';
import { arg, argF32, ptr } from './args';
import { zeroFloats } from './copy';
import { activate, activateScalar, madd, storeLanes } from './simd';

/**
 * Rank-1 filters w = u·vᵀ (src/engine/separable.ts finds them) on the planes' convolutions, NCHW
 * (a paddingMode's border read through the tables at A_ROW_MAP and A_COL_MAP, mappedVerticalPass):
 * depthwise (any channel multiplier) and single-channel images. Each output row is two 1-D
 * passes: down the kH input rows it reads (u, any dilation; taps that fall in the top or bottom
 * padding are skipped, they add zero) into a zero-bordered row, then along that row (v, any
 * stride and dilation), where the bias and the activation are applied. kH + kW multiply-adds
 * per output instead of kH·kW; the vertical pass first, so no row is computed twice, whatever
 * the row block, and a tile needs one row of scratch. Weights: u of every output channel
 * ([M][kH]), then v ([M][kW]).
 *
 * No prologue: tiles [begin, end) of the grid batch × output channels × blocks of
 * `A_TILE_ROWS` output rows (the block fastest). `scratch` holds one row of `A_ROW_LENGTH`
 * floats ≥ W + padLeft + padRight + 8·strideW + 8 (the last vectors' overreach, ≥ 16).
 */
export function convSeparable(args: usize, scratch: usize, begin: i32, end: i32): void {
  const inC = arg(args, A.A_IN_CHANNELS);
  const inH = arg(args, A.A_IN_HEIGHT);
  const inW = arg(args, A.A_IN_WIDTH);
  const outC = arg(args, A.A_OUT_CHANNELS);
  const outH = arg(args, A.A_OUT_HEIGHT);
  const outW = arg(args, A.A_OUT_WIDTH);
  const kH = arg(args, A.A_KERNEL_HEIGHT);
  const kW = arg(args, A.A_KERNEL_WIDTH);
  const sH = arg(args, A.A_STRIDE_H);
  const sW = arg(args, A.A_STRIDE_W);
  const dH = arg(args, A.A_DILATION_H);
  const dW = arg(args, A.A_DILATION_W);
  const pT = arg(args, A.A_PAD_TOP);
  const pL = arg(args, A.A_PAD_LEFT);
  const input = ptr(args, A.A_INPUT);
  const weights = ptr(args, A.A_WEIGHTS);
  const bias = ptr(args, A.A_BIAS);
  const output = ptr(args, A.A_OUTPUT);
  const rowBlock = arg(args, A.A_TILE_ROWS);
  const rowLength = arg(args, A.A_ROW_LENGTH);
  // A paddingMode's tables (0: zeros): the vertical pass reads mapped rows, the scratch row's
  // margins are copied from its interior.
  const rowMap = ptr(args, A.A_ROW_MAP);
  const colMap = ptr(args, A.A_COL_MAP);
  const mapRows = inH + pT + arg(args, A.A_PAD_BOTTOM);
  const mapCols = inW + pL + arg(args, A.A_PAD_RIGHT);
  const act = arg(args, A.A_ACT);
  const p0 = argF32(args, A.A_ACT_P0);
  const p1 = argF32(args, A.A_ACT_P1);

  const multiplier = outC / inC;
  const rowBlocks = (outH + rowBlock - 1) / rowBlock;
  const inRowBytes = <usize>inW << 2;
  const line = scratch + (<usize>pL << 2); // input column 0 of the scratch row
  for (let t = begin; t < end; t++) {
    const no = t / rowBlocks;
    const oh0 = (t - no * rowBlocks) * rowBlock;
    const rows = min(rowBlock, outH - oh0);
    const n = no / outC;
    const o = no - n * outC;
    const c = o / multiplier;
    const plane = input + (<usize>((n * inC + c) * inH) * inRowBytes);
    const u = weights + (<usize>(o * kH) << 2);
    const v = weights + (<usize>(outC * kH + o * kW) << 2);
    const biasValue = load<f32>(bias + (<usize>o << 2));
    // The borders stay zero: each row writes columns [padLeft, padLeft + W) only.
    zeroFloats(scratch, rowLength);
    for (let r = 0; r < rows; r++) {
      const oh = oh0 + r;
      const top = oh * sH - pT;
      if (rowMap != 0) {
        mappedVerticalPass(line, plane, inW, inRowBytes, u, kH, top + pT, dH, rowMap, mapRows);
        for (let k = 0; k < pL; k++) copyMargin(scratch, colMap, k, pL);
        for (let k = pL + inW; k < mapCols; k++) copyMargin(scratch, colMap, k, pL);
        horizontalPass(output + (<usize>((n * outC + o) * outH + oh) * outW << 2), scratch, outW, v, kW, sW, dW, biasValue, act, p0, p1);
        continue;
      }
      // Taps [first, last) read input rows top + i·dH inside [0, H); the others are padding.
      let first = 0;
      while (first < kH && top + first * dH < 0) first++;
      let last = kH;
      while (last > first && top + (last - 1) * dH >= inH) last--;
      if (last > first) {
        weightedSum(line, plane + <usize>(top + first * dH) * inRowBytes, inW, <usize>dH * inRowBytes, u + (<usize>first << 2), last - first, 0);
      } else {
        zeroFloats(line, inW);
      }
      const target = output + (<usize>((n * outC + o) * outH + oh) * outW << 2);
      horizontalPass(target, scratch, outW, v, kW, sW, dW, biasValue, act, p0, p1);
    }
  }
}

/**
 * dst[x] = bias + Σ_i w[i] · src[x + i·step] for x < width, `taps` ≥ 1 terms summed in order:
 * both passes (the vertical one with `step` a row and bias 0, the horizontal one at width
 * stride 1). The SIMD builds go sixteen columns a step, four chains hiding the adds' latency;
 * the last step reads ≤ 60 bytes past the run (the next row, or the slack every buffer has:
 * SLACK_BYTES in src/wasm/kernels.ts) into lanes it does not store.
 */
// @ts-ignore: decorator
@noinline function weightedSum(dst: usize, src: usize, width: i32, step: usize, w: usize, taps: i32, bias: f32): void {
  if (ASC_FEATURE_SIMD) {
    const w0 = v128.load32_splat(w);
    const b = f32x4.splat(bias);
    for (let x = 0; x < width; x += 16) {
      const at = src + (<usize>x << 2);
      let acc0 = f32x4.mul(w0, v128.load(at));
      let acc1 = f32x4.mul(w0, v128.load(at, 16));
      let acc2 = f32x4.mul(w0, v128.load(at, 32));
      let acc3 = f32x4.mul(w0, v128.load(at, 48));
      let q = at;
      for (let i = 1; i < taps; i++) {
        q += step;
        const weight = v128.load32_splat(w + (<usize>i << 2));
        acc0 = madd(weight, v128.load(q), acc0);
        acc1 = madd(weight, v128.load(q, 16), acc1);
        acc2 = madd(weight, v128.load(q, 32), acc2);
        acc3 = madd(weight, v128.load(q, 48), acc3);
      }
      const to = dst + (<usize>x << 2);
      const left = width - x;
      if (left >= 16) {
        v128.store(to, f32x4.add(acc0, b));
        v128.store(to, f32x4.add(acc1, b), 16);
        v128.store(to, f32x4.add(acc2, b), 32);
        v128.store(to, f32x4.add(acc3, b), 48);
        continue;
      }
      storeLanes(to, f32x4.add(acc0, b), left);
      storeLanes(to + 16, f32x4.add(acc1, b), left - 4);
      storeLanes(to + 32, f32x4.add(acc2, b), left - 8);
      storeLanes(to + 48, f32x4.add(acc3, b), left - 12);
    }
  } else {
    for (let x = 0; x < width; x++) {
      let q = src + (<usize>x << 2);
      let sum = load<f32>(w) * load<f32>(q);
      for (let i = 1; i < taps; i++) {
        q += step;
        sum += load<f32>(w + (<usize>i << 2)) * load<f32>(q);
      }
      store<f32>(dst + (<usize>x << 2), sum + bias);
    }
  }
}

/**
 * The vertical pass of a paddingMode's call: tap i reads source row `rowMap[padded + i·dH]`
 * (`padded`: the window's first padded row). Where those rows are a stride dH apart (every row
 * away from the border) it is weightedSum's; otherwise tap by tap, the first by weightedSum,
 * the rest added in order by accumulateRow: the same operations in the same order.
 */
function mappedVerticalPass(line: usize, plane: usize, inW: i32, inRowBytes: usize, u: usize, kH: i32, padded: i32, dH: i32, rowMap: usize, mapRows: i32): void {
  const first = mappedRow(rowMap, mapRows, padded);
  let regular = first >= 0;
  for (let i = 1; i < kH && regular; i++) regular = mappedRow(rowMap, mapRows, padded + i * dH) == first + i * dH;
  if (regular) {
    weightedSum(line, plane + <usize>first * inRowBytes, inW, <usize>dH * inRowBytes, u, kH, 0);
    return;
  }
  zeroFloats(line, inW);
  let started = false;
  for (let i = 0; i < kH; i++) {
    const row = mappedRow(rowMap, mapRows, padded + i * dH);
    if (row < 0) continue;
    const src = plane + <usize>row * inRowBytes;
    if (!started) weightedSum(line, src, inW, 0, u + (<usize>i << 2), 1, 0);
    else accumulateRow(line, src, inW, load<f32>(u + (<usize>i << 2)));
    started = true;
  }
}

// @ts-ignore: decorator
@inline function mappedRow(rowMap: usize, mapRows: i32, r: i32): i32 {
  return r >= 0 && r < mapRows ? load<i32>(rowMap + (<usize>r << 2)) : -1;
}

/** Scratch-row column k (a margin) from the interior's column `colMap[k]`; −1 leaves its zero. */
// @ts-ignore: decorator
@inline function copyMargin(row: usize, colMap: usize, k: i32, padLeft: i32): void {
  const sc = load<i32>(colMap + (<usize>k << 2));
  if (sc >= 0) store<f32>(row + (<usize>k << 2), load<f32>(row + (<usize>(padLeft + sc) << 2)));
}

/** dst[x] += w · src[x] for x < width, with madd as weightedSum's later taps (so the same bits). */
function accumulateRow(dst: usize, src: usize, width: i32, w: f32): void {
  if (ASC_FEATURE_SIMD) {
    // Vectors to the end, as weightedSum: the last reads ≤ 12 bytes past the row, into lanes not stored.
    const weight = f32x4.splat(w);
    for (let x = 0; x < width; x += 4) {
      const at = <usize>x << 2;
      storeLanes(dst + at, madd(weight, v128.load(src + at), v128.load(dst + at)), width - x);
    }
    return;
  }
  for (let x = 0; x < width; x++) {
    const at = <usize>x << 2;
    store<f32>(dst + at, load<f32>(dst + at) + w * load<f32>(src + at));
  }
}

// @ts-ignore: decorator
@inline function tapVector(at: usize, strideW: i32): v128 {
  if (strideW == 1) return v128.load(at);
  if (strideW == 2) return v128.shuffle<f32>(v128.load(at), v128.load(at, 16), 0, 2, 4, 6);
  const step = <usize>strideW << 2;
  let x = v128.load32_splat(at);
  x = f32x4.replace_lane(x, 1, load<f32>(at + step));
  x = f32x4.replace_lane(x, 2, load<f32>(at + 2 * step));
  return f32x4.replace_lane(x, 3, load<f32>(at + 3 * step));
}

/** out[x] = act(bias + Σ_j v[j] · row[x·sW + j·dW]) for x < outW. */
function horizontalPass(
  out: usize, row: usize, outW: i32, v: usize, kW: i32, sW: i32, dW: i32, bias: f32, act: i32, p0: f32, p1: f32,
): void {
  const tapStep = <usize>dW << 2;
  if (!ASC_FEATURE_SIMD) {
    // The scalar build: any stride, the activation fused.
    for (let x = 0; x < outW; x++) {
      let q = row + (<usize>(x * sW) << 2);
      let sum = load<f32>(v) * load<f32>(q);
      for (let j = 1; j < kW; j++) {
        q += tapStep;
        sum += load<f32>(v + (<usize>j << 2)) * load<f32>(q);
      }
      store<f32>(out + (<usize>x << 2), activateScalar(sum + bias, act, p0, p1));
    }
    return;
  }
  if (sW == 1) {
    weightedSum(out, row, outW, tapStep, v, kW, bias);
  } else {
    // Other strides four outputs at a time, their taps gathered by tapVector.
    const b = f32x4.splat(bias);
    const v0 = v128.load32_splat(v);
    for (let x = 0; x < outW; x += 4) {
      let q = row + (<usize>(x * sW) << 2);
      let acc = f32x4.mul(v0, tapVector(q, sW));
      for (let j = 1; j < kW; j++) {
        q += tapStep;
        acc = madd(v128.load32_splat(v + (<usize>j << 2)), tapVector(q, sW), acc);
      }
      storeLanes(out + (<usize>x << 2), f32x4.add(acc, b), outW - x);
    }
  }
  // The activation over the finished row, from L1: one copy of its code instead of one per
  // store. (The last vector reads ≤ 12 bytes past the row: lanes it does not store.)
  if (act != A.ACT_NONE) {
    for (let x = 0; x < outW; x += 4) {
      const o = out + (<usize>x << 2);
      storeLanes(o, activate(v128.load(o), act, p0, p1), outW - x);
    }
  }
}
