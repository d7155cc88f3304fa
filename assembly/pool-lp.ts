import * as A from './args';
import { arg, ptr } from './args';

/**
 * 2-D Lp pooling for p = 2 (WebNN l2Pool2d, ONNX LpPool's default: `y = √Σx²`) or p = 1
 * (`Σ|x|`), `A_POOL_NORM`, NHWC, over the window's cells inside the input. The sums are f64, in
 * row-major window order, as the reference's (src/reference/lp-pool.ts): each term is exact in
 * f64, so the result matches it bit for bit (f32 would overflow x² from |x| ≈ 1.8e19). Two
 * channels per f64x2. Other exponents stay in JavaScript: pow would add 7.4 KB to the module.
 * Same grid as poolNhwc: batch × blocks of `A_TILE_ROWS` output rows; no scratch.
 */
export function lpPoolNhwc(args: usize, scratch: usize, begin: i32, end: i32): void {
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
  const input = ptr(args, A.A_INPUT);
  const output = ptr(args, A.A_OUTPUT);
  const square = arg(args, A.A_POOL_NORM) == 2;

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
        let c = 0;
        if (ASC_FEATURE_SIMD) {
          for (; c + 2 <= channels; c += 2) {
            let sum = f64x2.splat(0);
            for (let i = 0; i < kH; i++) {
              const h = oh * sH + i * dH - pT;
              if (h < 0 || h >= inH) continue;
              for (let j = 0; j < kW; j++) {
                const w = ow * sW + j * dW - pL;
                if (w < 0 || w >= inW) continue;
                const v = f64x2.promote_low_f32x4(v128.load64_zero(image + <usize>(h * inW + w) * pixelBytes + (<usize>c << 2)));
                sum = f64x2.add(sum, square ? f64x2.mul(v, v) : f64x2.abs(v));
              }
            }
            v128.store64_lane(out + (<usize>c << 2), f32x4.demote_f64x2_zero(square ? f64x2.sqrt(sum) : sum), 0);
          }
        }
        for (; c < channels; c++) {
          let sum: f64 = 0;
          for (let i = 0; i < kH; i++) {
            const h = oh * sH + i * dH - pT;
            if (h < 0 || h >= inH) continue;
            for (let j = 0; j < kW; j++) {
              const w = ow * sW + j * dW - pL;
              if (w < 0 || w >= inW) continue;
              const v = <f64>load<f32>(image + <usize>(h * inW + w) * pixelBytes + (<usize>c << 2));
              sum += square ? v * v : abs(v);
            }
          }
          store<f32>(out + (<usize>c << 2), <f32>(square ? Math.sqrt(sum) : sum));
        }
        out += pixelBytes;
      }
    }
  }
}
