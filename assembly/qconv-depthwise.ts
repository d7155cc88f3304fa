import * as A from './args';
import { arg, ptr } from './args';
import { QCONV_OC_BLOCK } from './abi.generated';
import { channelStepBytes, highOf, lowOf, outputAt, pixelStepBytes, storeBlock, storeOne } from './qconv-requantize';

// The int8 depthwise convolution (groups = input channels = output channels), over the
// prologue's padded int16 copy with one channel per group (A_Q_GROUP_STRIDE 1, pixels padded to
// a multiple of 8 channels). Packed filter: per block of 8 channels, per tap, 8 int16s
// `w − wZero`; bias and scales 8 per block. Each tap is a load of 8 channels of the pixel and
// two widening multiplies (i32x4.extmul_low/high_i16x8_s) into 2 accumulators.
// Tiles: batch × output rows.

export function qconvDepthwise(args: usize, scratch: usize, begin: i32, end: i32): void {
  const channels = arg(args, A.A_OUT_CHANNELS);
  const outHeight = arg(args, A.A_OUT_HEIGHT);
  const outWidth = arg(args, A.A_OUT_WIDTH);
  const kernelHeight = arg(args, A.A_KERNEL_HEIGHT);
  const kernelWidth = arg(args, A.A_KERNEL_WIDTH);
  const strideH = arg(args, A.A_STRIDE_H);
  const strideW = arg(args, A.A_STRIDE_W);
  const dilationH = arg(args, A.A_DILATION_H);
  const dilationW = arg(args, A.A_DILATION_W);
  const paddedHeight = arg(args, A.A_IN_HEIGHT) + arg(args, A.A_PAD_TOP) + arg(args, A.A_PAD_BOTTOM);
  const paddedWidth = arg(args, A.A_IN_WIDTH) + arg(args, A.A_PAD_LEFT) + arg(args, A.A_PAD_RIGHT);
  const pixelBytes = <usize>arg(args, A.A_Q_PIXEL_STRIDE) << 1;
  const flags = arg(args, A.A_Q_FLAGS);
  const low = lowOf(args);
  const high = highOf(args);
  const zero = arg(args, A.A_Q_OUTPUT_ZERO);
  const channelBytes = channelStepBytes(args, flags);
  const pixelStep = pixelStepBytes(args, flags);
  const taps = kernelHeight * kernelWidth;
  const blockBytes = <usize>taps << 4;
  const blocks = (channels + QCONV_OC_BLOCK - 1) / QCONV_OC_BLOCK;
  const work = ptr(args, A.A_WORK);
  const weights = ptr(args, A.A_WEIGHTS);
  const bias = ptr(args, A.A_BIAS);
  const scales = ptr(args, A.A_Q_SCALES);

  for (let t = begin; t < end; t++) {
    const n = t / outHeight;
    const oh = t - n * outHeight;
    const inRow = work + <usize>((n * paddedHeight + oh * strideH) * paddedWidth) * pixelBytes;
    for (let ow = 0; ow < outWidth; ow++) {
      const pixel = inRow + <usize>(ow * strideW) * pixelBytes;
      const out = outputAt(args, flags, n, oh * outWidth + ow, 0);
      for (let b = 0; b < blocks; b++) {
        const at = pixel + (<usize>b << 4);
        const block = weights + <usize>b * blockBytes;
        const valid = min(QCONV_OC_BLOCK, channels - b * QCONV_OC_BLOCK);
        if (ASC_FEATURE_SIMD) {
          let a0 = v128.load(bias + (<usize>b << 5));
          let a1 = v128.load(bias + (<usize>b << 5), 16);
          let w = block;
          for (let i = 0; i < kernelHeight; i++) {
            const rowAt = at + <usize>(i * dilationH * paddedWidth) * pixelBytes;
            for (let j = 0; j < kernelWidth; j++) {
              const x = v128.load(rowAt + <usize>(j * dilationW) * pixelBytes);
              const k = v128.load(w);
              w += 16;
              a0 = i32x4.add(a0, i32x4.extmul_low_i16x8_s(x, k));
              a1 = i32x4.add(a1, i32x4.extmul_high_i16x8_s(x, k));
            }
          }
          storeBlock(a0, a1, scales + (<usize>b << 5), low, high, zero, flags, out + <usize>(b * QCONV_OC_BLOCK) * channelBytes, channelBytes, valid, scratch);
        } else {
          for (let k = 0; k < valid; k++) {
            let acc = load<i32>(bias + (<usize>(b * QCONV_OC_BLOCK + k) << 2));
            for (let i = 0; i < kernelHeight; i++) {
              for (let j = 0; j < kernelWidth; j++) {
                const x = at + <usize>(i * dilationH * paddedWidth + j * dilationW) * pixelBytes + (<usize>k << 1);
                acc += <i32>load<i16>(x) * <i32>load<i16>(block + (<usize>((i * kernelWidth + j) * QCONV_OC_BLOCK + k) << 1));
              }
            }
            storeOne(acc, load<f32>(scales + (<usize>(b * QCONV_OC_BLOCK + k) << 2)), low, high, zero, flags, out + <usize>(b * QCONV_OC_BLOCK + k) * channelBytes);
          }
        }
      }
    }
  }
}
