import * as A from './args';
import { arg, argF32, ptr } from './args';
import { padPlanePhases } from './pad';
import { activate, activateFrom, activateScalar, madd, storeLanes } from './simd';

/**
 * Convolutions where each output plane reads a single input plane, NCHW: depthwise (groups =
 * C, any channel multiplier) and single-channel images. Each input plane is copied once into
 * a zero-padded workspace plane (or bordered as paddingMode says, from the tables at A_ROW_MAP
 * and A_COL_MAP) (its rows split in even and odd columns for the 3×3 stride-2
 * kernel), then every output row is computed along the width with broadcast weights: 3×3 at
 * width stride 1 or 2 by plane3x3s1/s2, four outputs a step; anything else by planeKernel,
 * eight a step. Weights are packRows' [M][kH·kW].
 *
 * No prologue: tiles [begin, end) of the grid batch × input channels × blocks of
 * `A_TILE_ROWS` output rows (the block fastest). A tile pads the input rows its output rows
 * read into `scratch`, rows of `A_ROW_LENGTH` floats, where the row length `A_ROW_LENGTH` ≥ W + padLeft +
 * padRight + 8·strideW + 8 leaves room for the last vectors' overreach, then computes those
 * rows of the channel's M output planes.
 */
export function convPlanes(args: usize, scratch: usize, begin: i32, end: i32): void {
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
  const pB = arg(args, A.A_PAD_BOTTOM);
  const input = ptr(args, A.A_INPUT);
  const weights = ptr(args, A.A_WEIGHTS);
  const bias = ptr(args, A.A_BIAS);
  const output = ptr(args, A.A_OUTPUT);
  const work = scratch;
  const rowBlock = arg(args, A.A_TILE_ROWS);
  const act = arg(args, A.A_ACT);
  const p0 = argF32(args, A.A_ACT_P0);
  const p1 = argF32(args, A.A_ACT_P1);
  const actParams = args + (<usize>A.A_ACT_P0 << 2);
  const rowLength = arg(args, A.A_ROW_LENGTH);
  // A paddingMode's tables (0: zeros), filled into the padded rows as nchw-direct does.
  const rowMap = ptr(args, A.A_ROW_MAP);
  const colMap = ptr(args, A.A_COL_MAP);
  const mapCols = inW + pL + arg(args, A.A_PAD_RIGHT);

  const multiplier = outC / inC;
  const paddedH = inH + pT + pB;
  const taps = kH * kW;
  const fast3x3 = kH == 3 && kW == 3 && dW == 1 && (sW == 1 || sW == 2);
  const split = ASC_FEATURE_SIMD && sW == 2 && dW == 1 && kW > 1;
  const rowBlocks = (outH + rowBlock - 1) / rowBlock;
  for (let t = begin; t < end; t++) {
    const nc = t / rowBlocks;
    const oh0 = (t - nc * rowBlocks) * rowBlock;
    const rows = min(rowBlock, outH - oh0);
    const n = nc / inC;
    const c = nc - n * inC;
    // The padded rows these output rows read: from oh0·sH to the last one's bottom tap.
    const firstRow = oh0 * sH;
    const endRow = min(paddedH, (oh0 + rows - 1) * sH + (kH - 1) * dH + 1);
    const from = input + (<usize>((n * inC + c) * inH * inW) << 2);
    padPlanePhases(work, from, inH, inW, pT, pL, firstRow, endRow, split ? 2 : 1, split ? rowLength >> 1 : rowLength, 1, rowMap, colMap, paddedH, mapCols);
    for (let m = 0; m < multiplier; m++) {
      const o = c * multiplier + m;
      const filter = weights + (<usize>(o * taps) << 2);
      const biasValue = load<f32>(bias + (<usize>o << 2));
      const target = output + (<usize>((n * outC + o) * outH * outW + oh0 * outW) << 2);
      if (ASC_FEATURE_SIMD && fast3x3 && sW == 1) {
        plane3x3s1(work, rowLength, filter, bias + (<usize>o << 2), target, rows, outW, sH, dH, act, actParams);
      } else if (ASC_FEATURE_SIMD && fast3x3) {
        plane3x3s2(work, rowLength, filter, bias + (<usize>o << 2), target, rows, outW, sH, dH, act, actParams);
      } else if (split && kW == 5) {
        planeWidth5s2(work, rowLength, filter, bias + (<usize>o << 2), target, rows, outW, kH, sH, dH, act, actParams);
      } else if (split) {
        planeStride2(work, rowLength, filter, bias + (<usize>o << 2), target, rows, outW, kH, kW, sH, dH, act, actParams);
      } else if (ASC_FEATURE_SIMD && sW == 1) {
        planeWidthAny(work, rowLength, filter, bias + (<usize>o << 2), target, rows, outW, kH, kW, sH, dH, dW, act, actParams);
      } else {
        planeKernel(work, rowLength, filter, biasValue, target, rows, outW, kH, kW, sH, sW, dH, dW, act, p0, p1);
      }
    }
  }
}

// @ts-ignore: decorator
@inline function tapVector(at: usize, strideW: i32): v128 {
  if (strideW == 1) return v128.load(at);
  if (strideW == 2) return v128.shuffle<f32>(v128.load(at), v128.load(at, 16), 0, 2, 4, 6);
  const step = <usize>strideW << 2;
  let v = v128.load32_splat(at);
  v = f32x4.replace_lane(v, 1, load<f32>(at + step));
  v = f32x4.replace_lane(v, 2, load<f32>(at + 2 * step));
  return f32x4.replace_lane(v, 3, load<f32>(at + 3 * step));
}

function planeKernel(
  plane: usize, rowLength: i32, w: usize, bias: f32, out: usize, outH: i32, outW: i32,
  kH: i32, kW: i32, sH: i32, sW: i32, dH: i32, dW: i32, act: i32, p0: f32, p1: f32,
): void {
  const rowBytes = <usize>rowLength << 2;
  for (let oh = 0; oh < outH; oh++) {
    const top = plane + <usize>(oh * sH) * rowBytes;
    const outRow = out + (<usize>(oh * outW) << 2);
    if (ASC_FEATURE_SIMD) {
      const step = <usize>(4 * sW) << 2; // the second vector's outputs start 4 outputs later
      for (let ow = 0; ow < outW; ow += 8) {
        let acc0 = f32x4.splat(bias);
        let acc1 = acc0;
        for (let i = 0; i < kH; i++) {
          const row = top + <usize>(i * dH) * rowBytes + (<usize>(ow * sW) << 2);
          const wRow = w + (<usize>(i * kW) << 2);
          for (let j = 0; j < kW; j++) {
            const weight = v128.load32_splat(wRow + (<usize>j << 2));
            const at = row + (<usize>(j * dW) << 2);
            acc0 = madd(weight, tapVector(at, sW), acc0);
            acc1 = madd(weight, tapVector(at + step, sW), acc1);
          }
        }
        const left = outW - ow;
        storeLanes(outRow + (<usize>ow << 2), activate(acc0, act, p0, p1), left);
        if (left > 4) storeLanes(outRow + (<usize>(ow + 4) << 2), activate(acc1, act, p0, p1), left - 4);
      }
    } else {
      for (let ow = 0; ow < outW; ow++) {
        let sum = bias;
        for (let i = 0; i < kH; i++) {
          const row = top + <usize>(i * dH) * rowBytes + (<usize>(ow * sW) << 2);
          for (let j = 0; j < kW; j++) {
            sum += load<f32>(w + (<usize>(i * kW + j) << 2)) * load<f32>(row + (<usize>(j * dW) << 2));
          }
        }
        store<f32>(outRow + (<usize>ow << 2), activateScalar(sum, act, p0, p1));
      }
    }
  }
}

/**
 * 5-wide kernels at width stride 2, on rows split into even and odd columns as plane3x3s2's: the
 * five taps of four strided outputs are the contiguous runs evens[ow…], odds[ow…],
 * evens[ow + 1…], odds[ow + 1…], evens[ow + 2…]. Eight outputs a step, the even and the odd taps
 * in separate chains (four in all, for the adds' latency). The reads stay inside each half
 * row: the last even read is evens[outW + 8] at most, and a half holds ≥ (padded width)/2 + 12
 * floats (A_ROW_LENGTH). Measured (simd, layer.run into a preallocated output, 2-core Xeon
 * VM): depthwise 5×5 s2, 72 ch at 56², 0.44 ms by planeKernel; docs/kernels.md has this one's.
 */
function planeWidth5s2(
  plane: usize, rowLength: i32, w: usize, bias: usize, out: usize, outH: i32, outW: i32,
  kH: i32, sH: i32, dH: i32, act: i32, actParams: usize,
): void {
  const rowBytes = <usize>rowLength << 2;
  const rowStep = <usize>dH * rowBytes;
  const odd = <usize>(rowLength >> 1) << 2;
  for (let oh = 0; oh < outH; oh++) {
    const top = plane + <usize>(oh * sH) * rowBytes;
    const o = out + (<usize>(oh * outW) << 2);
    for (let ow = 0; ow < outW; ow += 8) {
      let e0 = v128.load32_splat(bias), e1 = e0;
      let d0 = f32x4.splat(0), d1 = d0;
      let r = top + (<usize>ow << 2);
      let k = w;
      for (let i = 0; i < kH; i++) {
        const q = r + odd;
        const k0 = v128.load32_splat(k, 0), k1 = v128.load32_splat(k, 4), k2 = v128.load32_splat(k, 8);
        const k3 = v128.load32_splat(k, 12), k4 = v128.load32_splat(k, 16);
        e0 = madd(k0, v128.load(r, 0), e0);
        e1 = madd(k0, v128.load(r, 16), e1);
        d0 = madd(k1, v128.load(q, 0), d0);
        d1 = madd(k1, v128.load(q, 16), d1);
        e0 = madd(k2, v128.load(r, 4), e0);
        e1 = madd(k2, v128.load(r, 20), e1);
        d0 = madd(k3, v128.load(q, 4), d0);
        d1 = madd(k3, v128.load(q, 20), d1);
        e0 = madd(k4, v128.load(r, 8), e0);
        e1 = madd(k4, v128.load(r, 24), e1);
        r += rowStep;
        k += 20;
      }
      storeEight(o + (<usize>ow << 2), f32x4.add(e0, d0), f32x4.add(e1, d1), outW - ow, act, actParams);
    }
  }
}

/**
 * Any other kernel width at width stride 2 without width dilation (7×7 or 4×4 at stride 2),
 * on rows split into even and odd columns as plane3x3s2's: tap j of four strided outputs is the
 * contiguous run evens[ow + j/2…] for even j, odds[ow + (j − 1)/2…] for odd j. Eight outputs a
 * step, even and odd taps in separate chains (four in all, for the adds' latency). The reads
 * stay inside each half row: the last even read is evens[outW + 6 + (kW − 1)/2] at most, under
 * the half's ≥ (padded width)/2 + 12 floats (A_ROW_LENGTH), whatever kW. On 5×5 s2 it is 9 %
 * slower than planeWidth5s2's constant offsets (M19 0.183 → 0.201 ms), which stays for 5 wide.
 * Figures in docs/kernels.md.
 */
function planeStride2(
  plane: usize, rowLength: i32, w: usize, bias: usize, out: usize, outH: i32, outW: i32,
  kH: i32, kW: i32, sH: i32, dH: i32, act: i32, actParams: usize,
): void {
  const rowBytes = <usize>rowLength << 2;
  const rowStep = <usize>dH * rowBytes;
  const odd = <usize>(rowLength >> 1) << 2;
  for (let oh = 0; oh < outH; oh++) {
    const top = plane + <usize>(oh * sH) * rowBytes;
    const o = out + (<usize>(oh * outW) << 2);
    for (let ow = 0; ow < outW; ow += 8) {
      let e0 = v128.load32_splat(bias), e1 = e0;
      let d0 = f32x4.splat(0), d1 = d0;
      let r = top + (<usize>ow << 2);
      let k = w;
      for (let i = 0; i < kH; i++) {
        let pe = r;
        let po = r + odd;
        let j = 0;
        for (; j + 1 < kW; j += 2) {
          const we = v128.load32_splat(k);
          const wo = v128.load32_splat(k, 4);
          e0 = madd(we, v128.load(pe), e0);
          e1 = madd(we, v128.load(pe, 16), e1);
          d0 = madd(wo, v128.load(po), d0);
          d1 = madd(wo, v128.load(po, 16), d1);
          pe += 4;
          po += 4;
          k += 8;
        }
        if (j < kW) {
          const we = v128.load32_splat(k);
          e0 = madd(we, v128.load(pe), e0);
          e1 = madd(we, v128.load(pe, 16), e1);
          k += 4;
        }
        r += rowStep;
      }
      storeEight(o + (<usize>ow << 2), f32x4.add(e0, d0), f32x4.add(e1, d1), outW - ow, act, actParams);
    }
  }
}

/**
 * Any kernel width and width dilation at width stride 1 (4 or 6 wide, 9×9, dilated 3×3): sixteen
 * outputs a step in four chains, each tap's weight splatted once for the four vectors, the taps
 * walked by a pointer. The reads reach 14 floats past the padded row at most: A_ROW_LENGTH
 * leaves 16 (≥ 8·strideW + 8). It replaced kernels unrolled for 5 and 7 wide (constant load
 * offsets), being as fast or 3–7 % faster on them; figures in docs/kernels.md.
 */
function planeWidthAny(
  plane: usize, rowLength: i32, w: usize, bias: usize, out: usize, outH: i32, outW: i32,
  kH: i32, kW: i32, sH: i32, dH: i32, dW: i32, act: i32, actParams: usize,
): void {
  const rowBytes = <usize>rowLength << 2;
  const rowStep = <usize>dH * rowBytes;
  const tapStep = <usize>dW << 2;
  for (let oh = 0; oh < outH; oh++) {
    const top = plane + <usize>(oh * sH) * rowBytes;
    const o = out + (<usize>(oh * outW) << 2);
    for (let ow = 0; ow < outW; ow += 16) {
      const b = v128.load32_splat(bias);
      let a0 = b, a1 = b, a2 = b, a3 = b;
      let r = top + (<usize>ow << 2);
      let k = w;
      for (let i = 0; i < kH; i++) {
        let q = r;
        for (let j = 0; j < kW; j++) {
          const weight = v128.load32_splat(k);
          a0 = madd(weight, v128.load(q, 0), a0);
          a1 = madd(weight, v128.load(q, 16), a1);
          a2 = madd(weight, v128.load(q, 32), a2);
          a3 = madd(weight, v128.load(q, 48), a3);
          q += tapStep;
          k += 4;
        }
        r += rowStep;
      }
      const at = o + (<usize>ow << 2);
      storeEight(at, a0, a1, outW - ow, act, actParams);
      if (outW - ow > 8) storeEight(at + 32, a2, a3, outW - ow - 8, act, actParams);
    }
  }
}

/**
 * planeKernel for the most common case, 3×3 with width stride 1 and no width dilation. The
 * nine weights stay in registers as splats, the input is reached by one pointer that moves by
 * a vector per step and constant load offsets, and each output vector sums its taps in two
 * chains. Measured on a 1024² plane: 26 GFLOPS in this form, 13.6 with per-tap index
 * arithmetic and one chain (V8 folds constant offsets into the loads, not computed ones).
 */
function plane3x3s1(
  plane: usize, rowLength: i32, w: usize, bias: usize, out: usize, outH: i32, outW: i32,
  sH: i32, dH: i32, act: i32, actParams: usize,
): void {
  const w0 = v128.load32_splat(w, 0), w1 = v128.load32_splat(w, 4), w2 = v128.load32_splat(w, 8);
  const w3 = v128.load32_splat(w, 12), w4 = v128.load32_splat(w, 16), w5 = v128.load32_splat(w, 20);
  const w6 = v128.load32_splat(w, 24), w7 = v128.load32_splat(w, 28), w8 = v128.load32_splat(w, 32);
  const rowBytes = <usize>rowLength << 2;
  const rowStep = <usize>dH * rowBytes;
  for (let oh = 0; oh < outH; oh++) {
    let p = plane + <usize>(oh * sH) * rowBytes;
    let o = out + (<usize>(oh * outW) << 2);
    for (let ow = 0; ow < outW; ow += 4) {
      const q = p + rowStep;
      const r = q + rowStep;
      let acc = f32x4.mul(w0, v128.load(p));
      acc = madd(w1, v128.load(p, 4), acc);
      acc = madd(w2, v128.load(p, 8), acc);
      let acc2 = f32x4.mul(w3, v128.load(q));
      acc2 = madd(w4, v128.load(q, 4), acc2);
      acc2 = madd(w5, v128.load(q, 8), acc2);
      acc = madd(w6, v128.load(r), acc);
      acc2 = madd(w7, v128.load(r, 4), acc2);
      acc = madd(w8, v128.load(r, 8), acc);
      // The bias and the activation's parameters come from memory: 9 weights + 2 chains +
      // 1 input is all the v128 state the loop keeps.
      const y = activateFrom(f32x4.add(f32x4.add(acc, acc2), v128.load32_splat(bias)), act, actParams);
      if (ow + 4 <= outW) v128.store(o, y);
      else storeLanes(o, y, outW - ow);
      p += 16;
      o += 16;
    }
  }
}

/**
 * plane3x3s1 for width stride 2, on rows that padPlanePhases split into their even and odd columns
 * (evens first, odds `half` floats later): tap columns 0, 1, 2 of four strided outputs are
 * then the contiguous runs evens[ow…], odds[ow…], evens[ow + 1…]. Measured on a 1024² plane:
 * 11.8 GFLOPS gathering with shuffles instead.
 */
function plane3x3s2(
  plane: usize, rowLength: i32, w: usize, bias: usize, out: usize, outH: i32, outW: i32,
  sH: i32, dH: i32, act: i32, actParams: usize,
): void {
  const w0 = v128.load32_splat(w, 0), w1 = v128.load32_splat(w, 4), w2 = v128.load32_splat(w, 8);
  const w3 = v128.load32_splat(w, 12), w4 = v128.load32_splat(w, 16), w5 = v128.load32_splat(w, 20);
  const w6 = v128.load32_splat(w, 24), w7 = v128.load32_splat(w, 28), w8 = v128.load32_splat(w, 32);
  const rowBytes = <usize>rowLength << 2;
  const rowStep = <usize>dH * rowBytes;
  const odd = <usize>(rowLength >> 1) << 2;
  for (let oh = 0; oh < outH; oh++) {
    let p = plane + <usize>(oh * sH) * rowBytes;
    let o = out + (<usize>(oh * outW) << 2);
    for (let ow = 0; ow < outW; ow += 4) {
      const q = p + rowStep;
      const r = q + rowStep;
      let acc = f32x4.mul(w0, v128.load(p));
      acc = madd(w1, v128.load(p + odd), acc);
      acc = madd(w2, v128.load(p, 4), acc);
      let acc2 = f32x4.mul(w3, v128.load(q));
      acc2 = madd(w4, v128.load(q + odd), acc2);
      acc2 = madd(w5, v128.load(q, 4), acc2);
      acc = madd(w6, v128.load(r), acc);
      acc2 = madd(w7, v128.load(r + odd), acc2);
      acc = madd(w8, v128.load(r, 4), acc);
      // The bias and the activation's parameters come from memory: 9 weights + 2 chains +
      // 1 input is all the v128 state the loop keeps.
      const y = activateFrom(f32x4.add(f32x4.add(acc, acc2), v128.load32_splat(bias)), act, actParams);
      if (ow + 4 <= outW) v128.store(o, y);
      else storeLanes(o, y, outW - ow);
      p += 16;
      o += 16;
    }
  }
}

/** Lanes 0, 2, 4, 6 of the eight floats at `at`: a stride-2 row of four taps. */
// @ts-ignore: decorator
@inline function evens(at: usize): v128 {
  return v128.shuffle<f32>(v128.load(at), v128.load(at, 16), 0, 2, 4, 6);
}

/** Eight outputs from two vectors, activated: the first `left` of them (a row's ragged end). */
// @ts-ignore: decorator
@inline function storeEight(at: usize, v0: v128, v1: v128, left: i32, act: i32, actParams: usize): void {
  storeLanes(at, activateFrom(v0, act, actParams), left);
  if (left > 4) storeLanes(at + 16, activateFrom(v1, act, actParams), left - 4);
}
