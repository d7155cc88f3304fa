import * as A from './args';
import { arg, ptr } from './args';

// A per-channel PReLU over a finished output, `y < 0 ? slope[c] · y : y` (NaN stays NaN): the
// one activation whose parameter is a table, applied right after the kernels instead of in their
// epilogues, as a task of its own so that every thread of the call takes a share. The conv's
// argument block: the output at `A_OUTPUT` (`A_OUT_CHANNELS` × `A_OUT_HEIGHT` × `A_OUT_WIDTH` per
// image), the slopes at `A_PRELU_SLOPES`, `A_PRELU_NHWC` its layout. Tiles [begin, end) of the
// grid batch × output channels (NCHW: a plane each) or batch × output rows (NHWC: a row of
// pixels, every channel).

export function preluTask(args: usize, scratch: usize, begin: i32, end: i32): void {
  const channels = arg(args, A.A_OUT_CHANNELS);
  const width = arg(args, A.A_OUT_WIDTH);
  const plane = arg(args, A.A_OUT_HEIGHT) * width;
  const out = ptr(args, A.A_OUTPUT);
  const slopes = ptr(args, A.A_PRELU_SLOPES);
  if (arg(args, A.A_PRELU_NHWC) != 0) {
    for (let t = begin; t < end; t++) {
      // Tile t: output row t of the batch (images' rows one after the other).
      const row = out + ((<usize>t * width * channels) << 2);
      for (let px = 0; px < width; px++) pixel(row + ((<usize>px * channels) << 2), channels, slopes);
    }
    return;
  }
  for (let t = begin; t < end; t++) {
    const slope = load<f32>(slopes + (<usize>(t % channels) << 2));
    const base = out + ((<usize>t * plane) << 2);
    let k = 0;
    if (ASC_FEATURE_SIMD) {
      const s4 = f32x4.splat(slope);
      for (; k + 4 <= plane; k += 4) {
        const at = base + (<usize>k << 2);
        const v = v128.load(at);
        v128.store(at, v128.bitselect(f32x4.mul(v, s4), v, f32x4.lt(v, f32x4.splat(0))));
      }
    }
    for (; k < plane; k++) {
      const at = base + (<usize>k << 2);
      const v = load<f32>(at);
      if (v < 0) store<f32>(at, v * slope);
    }
  }
}

/** One NHWC pixel's `channels` values, each by its channel's slope. */
// @ts-ignore: decorator
@inline function pixel(at: usize, channels: i32, slopes: usize): void {
  let c = 0;
  if (ASC_FEATURE_SIMD) {
    for (; c + 4 <= channels; c += 4) {
      const p = at + (<usize>c << 2);
      const v = v128.load(p);
      v128.store(p, v128.bitselect(f32x4.mul(v, v128.load(slopes + (<usize>c << 2))), v, f32x4.lt(v, f32x4.splat(0))));
    }
  }
  for (; c < channels; c++) {
    const p = at + (<usize>c << 2);
    const v = load<f32>(p);
    if (v < 0) store<f32>(p, v * load<f32>(slopes + (<usize>c << 2)));
  }
}
