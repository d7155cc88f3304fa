import * as A from './args';
import { arg, ptr } from './args';

/**
 * 2-D max or average pooling, NHWC, four channels per v128. Max ignores padded cells (f32x4.max
 * is IEEE maximum: NaN wins, −0 < +0, as the reference's Math.max). Average divides the sum of
 * the real cells by their count, or (`POOL_AVERAGE_COUNT_PAD`) by the taps inside input + explicit padding.
 * No prologue and no scratch: tiles [begin, end) of the grid batch × blocks of `A_TILE_ROWS` output
 * rows (the block fastest), each writing every channel of its rows.
 */
export function poolNhwc(args: usize, scratch: usize, begin: i32, end: i32): void {
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
  const pB = arg(args, A.A_PAD_BOTTOM);
  const pR = arg(args, A.A_PAD_RIGHT);
  const input = ptr(args, A.A_INPUT);
  const output = ptr(args, A.A_OUTPUT);
  const mode = arg(args, A.A_POOL_MODE);
  const average = mode != A.POOL_MAX;
  const countPadding = mode == A.POOL_AVERAGE_COUNT_PAD;

  const pixelBytes = <usize>channels << 2;
  const rowBlock = arg(args, A.A_TILE_ROWS);
  const rowBlocks = (outH + rowBlock - 1) / rowBlock;
  for (let t = begin; t < end; t++) {
    const n = t / rowBlocks;
    const oh0 = (t - n * rowBlocks) * rowBlock;
    const ohEnd = min(outH, oh0 + rowBlock);
    const image = input + <usize>(n * inH * inW) * pixelBytes;
    let out = output + <usize>(n * outH + oh0) * <usize>outW * pixelBytes;
    for (let oh = oh0; oh < ohEnd; oh++) {
      for (let ow = 0; ow < outW; ow++) {
        let count = 0;
        for (let i = 0; i < kH; i++) {
          const h = oh * sH + i * dH - pT;
          for (let j = 0; j < kW; j++) {
            const w = ow * sW + j * dW - pL;
            if (h >= 0 && h < inH && w >= 0 && w < inW) count++;
            else if (countPadding && h >= -pT && h < inH + pB && w >= -pL && w < inW + pR) count++;
          }
        }
        const divisor = <f32>count;
        let c = 0;
        if (ASC_FEATURE_SIMD) {
          for (; c + 4 <= channels; c += 4) {
            let acc = average ? f32x4.splat(0) : f32x4.splat(-Infinity);
            for (let i = 0; i < kH; i++) {
              const h = oh * sH + i * dH - pT;
              if (h < 0 || h >= inH) continue;
              for (let j = 0; j < kW; j++) {
                const w = ow * sW + j * dW - pL;
                if (w < 0 || w >= inW) continue;
                const v = v128.load(image + <usize>(h * inW + w) * pixelBytes + (<usize>c << 2));
                acc = average ? f32x4.add(acc, v) : f32x4.max(acc, v);
              }
            }
            v128.store(out + (<usize>c << 2), average ? f32x4.div(acc, f32x4.splat(divisor)) : acc);
          }
        }
        for (; c < channels; c++) {
          let acc: f32 = average ? 0 : -Infinity;
          for (let i = 0; i < kH; i++) {
            const h = oh * sH + i * dH - pT;
            if (h < 0 || h >= inH) continue;
            for (let j = 0; j < kW; j++) {
              const w = ow * sW + j * dW - pL;
              if (w < 0 || w >= inW) continue;
              const v = load<f32>(image + <usize>(h * inW + w) * pixelBytes + (<usize>c << 2));
              acc = average ? acc + v : max(acc, v);
            }
          }
          store<f32>(out + (<usize>c << 2), average ? acc / divisor : acc);
        }
        out += pixelBytes;
      }
    }
  }
}
