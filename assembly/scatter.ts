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
