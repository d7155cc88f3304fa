// A transposed convolution's phase outputs put in place (src/engine/transpose-phases.ts): the
// cells of one phase are every stride-th cell of the output, each a run of `run` floats (the
// pixel's channels in NHWC, one float in NCHW). Strides are in floats.

import { copyFloats } from './copy';

export function scatterPhase(
  src: usize, dst: usize,
  images: i32, srcImage: i32, dstImage: i32,
  channels: i32, srcChannel: i32, dstChannel: i32,
  rows: i32, srcRow: i32, dstRow: i32,
  cols: i32, srcCol: i32, dstCol: i32,
  run: i32,
): void {
  for (let n = 0; n < images; n++) {
    for (let c = 0; c < channels; c++) {
      const srcPlane = src + ((<usize>n * srcImage + <usize>c * srcChannel) << 2);
      const dstPlane = dst + ((<usize>n * dstImage + <usize>c * dstChannel) << 2);
      for (let u = 0; u < rows; u++) {
        let s = srcPlane + (<usize>(u * srcRow) << 2);
        let d = dstPlane + (<usize>(u * dstRow) << 2);
        const sStep = <usize>srcCol << 2;
        const dStep = <usize>dstCol << 2;
        if (run == 1) {
          for (let v = 0; v < cols; v++, s += sStep, d += dStep) store<f32>(d, load<f32>(s));
        } else {
          for (let v = 0; v < cols; v++, s += sStep, d += dStep) copyFloats(d, s, run);
        }
      }
    }
  }
}

/**
 * Two width phases of stride 2 in NCHW written together: each output row is
 * `a[0] b[0] a[1] b[1] …` (and a last `a` when the row is odd), so every output float is stored
 * once, four pairs at a time, instead of two strided passes.
 */
export function interleavePair(
  a: usize, b: usize, dst: usize,
  images: i32, aImage: i32, bImage: i32, dstImage: i32,
  channels: i32, aChannel: i32, bChannel: i32, dstChannel: i32,
  rows: i32, aRow: i32, bRow: i32, dstRow: i32,
  pairs: i32, tail: i32,
): void {
  for (let n = 0; n < images; n++) {
    for (let c = 0; c < channels; c++) {
      const aPlane = a + ((<usize>n * aImage + <usize>c * aChannel) << 2);
      const bPlane = b + ((<usize>n * bImage + <usize>c * bChannel) << 2);
      const dPlane = dst + ((<usize>n * dstImage + <usize>c * dstChannel) << 2);
      for (let u = 0; u < rows; u++) {
        const ar = aPlane + (<usize>(u * aRow) << 2);
        const br = bPlane + (<usize>(u * bRow) << 2);
        const dr = dPlane + (<usize>(u * dstRow) << 2);
        let v = 0;
        if (ASC_FEATURE_SIMD) {
          for (; v + 4 <= pairs; v += 4) {
            const x = v128.load(ar + (<usize>v << 2));
            const y = v128.load(br + (<usize>v << 2));
            v128.store(dr + (<usize>v << 3), v128.shuffle<f32>(x, y, 0, 4, 1, 5));
            v128.store(dr + (<usize>v << 3) + 16, v128.shuffle<f32>(x, y, 2, 6, 3, 7));
          }
        }
        for (; v < pairs; v++) {
          store<f32>(dr + (<usize>v << 3), load<f32>(ar + (<usize>v << 2)));
          store<f32>(dr + (<usize>v << 3) + 4, load<f32>(br + (<usize>v << 2)));
        }
        if (tail != 0) store<f32>(dr + (<usize>pairs << 3), load<f32>(ar + (<usize>pairs << 2)));
      }
    }
  }
}
