import * as A from './args';
import { arg, argF32, ptr } from './args';
import { activate, activateScalar, madd, storeLanes } from './simd';

/**
 * Depthwise convolution (groups = C, output channel o = c·M + m for a channel multiplier M),
 * NHWC: each output pixel's channels four per v128, summed over the taps. With M = 1 a v128 of
 * outputs reads a v128 of inputs; otherwise its four lanes read input channels ⌊o/M⌋ one by
 * one. Weights are packTaps' [kH·kW][Mp] and the bias Mp floats (Mp = C·M rounded up to 4,
 * zero-padded). A tap over padding adds 0·w, as the reference does, so an infinite weight
 * there still gives NaN.
 *
 * No prologue and no scratch: tiles [begin, end) of the grid batch × blocks of `A_TILE_ROWS`
 * output rows × blocks of `A_TILE_CHANNELS` output channels (the channel block fastest), each
 * writing its channels of its rows. Each output's sum is the same whatever the blocks.
 */
export function depthwiseNhwc(args: usize, scratch: usize, begin: i32, end: i32): void {
  const channels = arg(args, A.A_IN_CHANNELS);
  const outChannels = arg(args, A.A_OUT_CHANNELS);
  const inH = arg(args, A.A_IN_HEIGHT);
  const inW = arg(args, A.A_IN_WIDTH);
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
  const zeros = ptr(args, A.A_ZEROS);
  const act = arg(args, A.A_ACT);
  const p0 = argF32(args, A.A_ACT_P0);
  const p1 = argF32(args, A.A_ACT_P1);

  const multiplier = outChannels / channels;
  const padded = (outChannels + 3) & ~3;
  const pixelBytes = <usize>channels << 2;
  const outPixelBytes = <usize>outChannels << 2;
  const tapBytes = <usize>padded << 2;
  const tapStep = <usize>dW * pixelBytes;
  const rowBlock = arg(args, A.A_TILE_ROWS);
  const rowBlocks = (outH + rowBlock - 1) / rowBlock;
  const channelBlock = arg(args, A.A_TILE_CHANNELS);
  const channelBlocks = (outChannels + channelBlock - 1) / channelBlock;
  for (let t = begin; t < end; t++) {
    const rest = t / channelBlocks;
    const cFirst = (t - rest * channelBlocks) * channelBlock;
    const cEnd = min(outChannels, cFirst + channelBlock);
    const n = rest / rowBlocks;
    const oh0 = (rest - n * rowBlocks) * rowBlock;
    const ohEnd = min(outH, oh0 + rowBlock);
    const image = input + <usize>(n * inH * inW) * pixelBytes;
    let out = output + <usize>(n * outH + oh0) * <usize>outW * outPixelBytes;
    for (let oh = oh0; oh < ohEnd; oh++) {
      for (let ow = 0; ow < outW; ow++) {
        // Two neighbouring pixels whose taps are all inside the row: each tap's four weight
        // vectors serve eight multiply-adds instead of four. The same operations in the same
        // order as one pixel at a time below, so the bits do not depend on the pairing.
        const w0 = ow * sW - pL;
        if (ASC_FEATURE_SIMD && multiplier == 1 && ow + 1 < outW && w0 >= 0 && w0 + sW + (kW - 1) * dW < inW) {
          const next = <usize>sW * pixelBytes;
          for (let c = cFirst; c < cEnd; c += 16) {
            const first = <usize>c << 2;
            let a0 = v128.load(bias + first);
            let a1 = v128.load(bias + first, 16);
            let a2 = v128.load(bias + first, 32);
            let a3 = v128.load(bias + first, 48);
            let b0 = a0, b1 = a1, b2 = a2, b3 = a3;
            let tap = weights + first;
            for (let i = 0; i < kH; i++) {
              const h = oh * sH + i * dH - pT;
              if (h >= 0 && h < inH) {
                let x = image + <usize>(h * inW + w0) * pixelBytes + first;
                for (let j = 0; j < kW; j++) {
                  const t0 = v128.load(tap), t1 = v128.load(tap, 16), t2 = v128.load(tap, 32), t3 = v128.load(tap, 48);
                  a0 = madd(v128.load(x), t0, a0);
                  a1 = madd(v128.load(x, 16), t1, a1);
                  a2 = madd(v128.load(x, 32), t2, a2);
                  a3 = madd(v128.load(x, 48), t3, a3);
                  const y = x + next;
                  b0 = madd(v128.load(y), t0, b0);
                  b1 = madd(v128.load(y, 16), t1, b1);
                  b2 = madd(v128.load(y, 32), t2, b2);
                  b3 = madd(v128.load(y, 48), t3, b3);
                  x += tapStep;
                  tap += tapBytes;
                }
              } else {
                const zero = v128.load(zeros);
                for (let j = 0; j < kW; j++) {
                  const t0 = v128.load(tap), t1 = v128.load(tap, 16), t2 = v128.load(tap, 32), t3 = v128.load(tap, 48);
                  a0 = madd(zero, t0, a0);
                  a1 = madd(zero, t1, a1);
                  a2 = madd(zero, t2, a2);
                  a3 = madd(zero, t3, a3);
                  b0 = madd(zero, t0, b0);
                  b1 = madd(zero, t1, b1);
                  b2 = madd(zero, t2, b2);
                  b3 = madd(zero, t3, b3);
                  tap += tapBytes;
                }
              }
            }
            storeSixteen(out + first, a0, a1, a2, a3, outChannels - c, act, p0, p1);
            storeSixteen(out + outPixelBytes + first, b0, b1, b2, b3, outChannels - c, act, p0, p1);
          }
          ow++;
          out += outPixelBytes << 1;
          continue;
        }
        if (ASC_FEATURE_SIMD && multiplier == 1) {
          // Sixteen channels (four v128) per pass over the taps, so each tap's bounds check and
          // addresses serve four multiply-adds. A tap over padding multiplies the zero vector.
          for (let c = cFirst; c < cEnd; c += 16) {
            const first = <usize>c << 2;
            let acc0 = v128.load(bias + first);
            let acc1 = v128.load(bias + first, 16);
            let acc2 = v128.load(bias + first, 32);
            let acc3 = v128.load(bias + first, 48);
            let tap = weights + first;
            // Pixels whose taps are all inside the row need no test per tap (most of them).
            const colsInside = w0 >= 0 && w0 + (kW - 1) * dW < inW;
            for (let i = 0; i < kH; i++) {
              const h = oh * sH + i * dH - pT;
              const rowInside = h >= 0 && h < inH;
              if (rowInside && colsInside) {
                let x = image + <usize>(h * inW + w0) * pixelBytes + first;
                for (let j = 0; j < kW; j++) {
                  acc0 = madd(v128.load(x), v128.load(tap), acc0);
                  acc1 = madd(v128.load(x, 16), v128.load(tap, 16), acc1);
                  acc2 = madd(v128.load(x, 32), v128.load(tap, 32), acc2);
                  acc3 = madd(v128.load(x, 48), v128.load(tap, 48), acc3);
                  x += tapStep;
                  tap += tapBytes;
                }
                continue;
              }
              for (let j = 0; j < kW; j++) {
                const w = w0 + j * dW;
                if (rowInside && w >= 0 && w < inW) {
                  const x = image + <usize>(h * inW + w) * pixelBytes + first;
                  acc0 = madd(v128.load(x), v128.load(tap), acc0);
                  acc1 = madd(v128.load(x, 16), v128.load(tap, 16), acc1);
                  acc2 = madd(v128.load(x, 32), v128.load(tap, 32), acc2);
                  acc3 = madd(v128.load(x, 48), v128.load(tap, 48), acc3);
                } else {
                  const zero = v128.load(zeros);
                  acc0 = madd(zero, v128.load(tap), acc0);
                  acc1 = madd(zero, v128.load(tap, 16), acc1);
                  acc2 = madd(zero, v128.load(tap, 32), acc2);
                  acc3 = madd(zero, v128.load(tap, 48), acc3);
                }
                tap += tapBytes;
              }
            }
            storeSixteen(out + first, acc0, acc1, acc2, acc3, outChannels - c, act, p0, p1);
          }
        } else if (ASC_FEATURE_SIMD) {
          for (let c = cFirst; c < cEnd; c += 4) {
            let acc = v128.load(bias + (<usize>c << 2));
            let tap = weights + (<usize>c << 2);
            for (let i = 0; i < kH; i++) {
              const h = oh * sH + i * dH - pT;
              for (let j = 0; j < kW; j++) {
                const w = ow * sW + j * dW - pL;
                const inside = h >= 0 && h < inH && w >= 0 && w < inW;
                const x = spread(image + <usize>(h * inW + w) * pixelBytes, c, multiplier, inside);
                acc = madd(x, v128.load(tap), acc);
                tap += tapBytes;
              }
            }
            storeLanes(out + (<usize>c << 2), activate(acc, act, p0, p1), outChannels - c);
          }
        } else {
          for (let c = cFirst; c < cEnd; c++) {
            let sum = load<f32>(bias + (<usize>c << 2));
            for (let i = 0; i < kH; i++) {
              const h = oh * sH + i * dH - pT;
              for (let j = 0; j < kW; j++) {
                const w = ow * sW + j * dW - pL;
                const inside = h >= 0 && h < inH && w >= 0 && w < inW;
                const x: f32 = inside ? load<f32>(image + <usize>(h * inW + w) * pixelBytes + (<usize>(c / multiplier) << 2)) : 0;
                sum += x * load<f32>(weights + (<usize>((i * kW + j) * padded + c) << 2));
              }
            }
            store<f32>(out + (<usize>c << 2), activateScalar(sum, act, p0, p1));
          }
        }
        out += outPixelBytes;
      }
    }
  }
}

/**
 * Sixteen channels of one pixel from four vectors, activated: the first `left` of them (lanes
 * past the last channel were computed on neighbouring data and are not stored). Whole vectors
 * without an activation go straight out, no lane tests: F NHWC 0.522 -> 0.49 ms, M14 0.090 ->
 * 0.086 resident; applying the activation on that path too gained little and cost 1.5 KB.
 */
// @ts-ignore: decorator
@inline function storeSixteen(o: usize, v0: v128, v1: v128, v2: v128, v3: v128, left: i32, act: i32, p0: f32, p1: f32): void {
  if (left >= 16 && act == A.ACT_NONE) {
    v128.store(o, v0);
    v128.store(o, v1, 16);
    v128.store(o, v2, 32);
    v128.store(o, v3, 48);
    return;
  }
  storeLanes(o, activate(v0, act, p0, p1), left);
  if (left > 4) storeLanes(o + 16, activate(v1, act, p0, p1), left - 4);
  if (left > 8) storeLanes(o + 32, activate(v2, act, p0, p1), left - 8);
  if (left > 12) storeLanes(o + 48, activate(v3, act, p0, p1), left - 12);
}

/** Inputs ⌊o/M⌋ of output channels o = c…c+3, lane by lane (zeros over padding). */
// @ts-ignore: decorator
@inline function spread(pixel: usize, c: i32, multiplier: i32, inside: bool): v128 {
  if (!inside) return f32x4.splat(0);
  let v = v128.load32_splat(pixel + (<usize>(c / multiplier) << 2));
  v = f32x4.replace_lane(v, 1, load<f32>(pixel + (<usize>((c + 1) / multiplier) << 2)));
  v = f32x4.replace_lane(v, 2, load<f32>(pixel + (<usize>((c + 2) / multiplier) << 2)));
  return f32x4.replace_lane(v, 3, load<f32>(pixel + (<usize>((c + 3) / multiplier) << 2)));
}
