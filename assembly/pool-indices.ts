import * as A from './args';
import { arg, ptr } from './args';

/**
 * 2-D max pooling that also stores where each maximum was (maxPool2dWithIndices), NHWC, four
 * channels per v128: the value at `A_OUTPUT` and its position, an i32, at the same place of
 * `A_POOL_INDICES`. A window's maximum is its first NaN if it holds one, otherwise the first of
 * equal maxima in row-major window order, +0 above −0 (src/reference/max-pool-indices.ts). The
 * position is `h·W + w` (`A_POOL_INDEXING` bit 0: `w·H + h`), plus `(n·C + c)·H·W` with bit 1
 * (numbered over the whole NCHW tensor). Same grid as poolNhwc: batch × blocks of `A_TILE_ROWS`
 * output rows; no scratch.
 */
export function maxPoolIndicesNhwc(args: usize, scratch: usize, begin: i32, end: i32): void {
  const channels = arg(args, A.A_IN_CHANNELS);
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
  const column = (arg(args, A.A_POOL_INDEXING) & 1) != 0;
  const whole = (arg(args, A.A_POOL_INDEXING) & 2) != 0;
  const input = ptr(args, A.A_INPUT);
  const output = ptr(args, A.A_OUTPUT);
  const indices = ptr(args, A.A_POOL_INDICES);

  const pixelBytes = <usize>channels << 2;
  const planeSize = inH * inW;
  const rowBlock = arg(args, A.A_TILE_ROWS);
  const rowBlocks = (outH + rowBlock - 1) / rowBlock;
  for (let t = begin; t < end; t++) {
    const n = t / rowBlocks;
    const oh0 = (t - n * rowBlocks) * rowBlock;
    const ohEnd = min(outH, oh0 + rowBlock);
    const image = input + <usize>(n * planeSize) * pixelBytes;
    const cellBytes = <usize>((n * outH + oh0) * outW) * pixelBytes;
    let out = output + cellBytes;
    let where = indices + cellBytes;
    for (let oh = oh0; oh < ohEnd; oh++) {
      for (let ow = 0; ow < outW; ow++) {
        let c = 0;
        if (ASC_FEATURE_SIMD) {
          for (; c + 4 <= channels; c += 4) {
            let best = f32x4.splat(-Infinity);
            let at = i32x4.splat(-1);
            let started = false;
            for (let i = 0; i < kH; i++) {
              const h = oh * sH + i * dH - pT;
              if (h < 0 || h >= inH) continue;
              for (let j = 0; j < kW; j++) {
                const w = ow * sW + j * dW - pL;
                if (w < 0 || w >= inW) continue;
                const v = v128.load(image + <usize>(h * inW + w) * pixelBytes + (<usize>c << 2));
                const here = i32x4.splat(column ? w * inH + h : h * inW + w);
                if (!started) {
                  best = v;
                  at = here;
                  started = true;
                  continue;
                }
                // A lane moves on unless it holds NaN already: to a NaN, a larger value, or +0 over −0
                // (equal as floats, larger as integers: the sign bit is the integer's).
                const larger = v128.or(v128.or(f32x4.ne(v, v), f32x4.gt(v, best)), v128.and(f32x4.eq(v, best), i32x4.gt_s(v, best)));
                const wins = v128.and(f32x4.eq(best, best), larger);
                best = v128.bitselect(v, best, wins);
                at = v128.bitselect(here, at, wins);
              }
            }
            if (whole) at = i32x4.add(at, i32x4.mul(i32x4.add(i32x4.splat(n * channels + c), v128(0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0)), i32x4.splat(planeSize)));
            v128.store(out + (<usize>c << 2), best);
            v128.store(where + (<usize>c << 2), at);
          }
        }
        for (; c < channels; c++) {
          let best: f32 = -Infinity;
          let at = -1;
          for (let i = 0; i < kH; i++) {
            const h = oh * sH + i * dH - pT;
            if (h < 0 || h >= inH) continue;
            for (let j = 0; j < kW; j++) {
              const w = ow * sW + j * dW - pL;
              if (w < 0 || w >= inW) continue;
              const v = load<f32>(image + <usize>(h * inW + w) * pixelBytes + (<usize>c << 2));
              const larger = v != v || v > best || (v == best && reinterpret<i32>(v) > reinterpret<i32>(best));
              if (at < 0 || (best == best && larger)) {
                best = v;
                at = column ? w * inH + h : h * inW + w;
              }
            }
          }
          store<f32>(out + (<usize>c << 2), best);
          store<i32>(where + (<usize>c << 2), whole ? at + (n * channels + c) * planeSize : at);
        }
        out += pixelBytes;
        where += pixelBytes;
      }
    }
  }
}
