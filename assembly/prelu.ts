// A per-channel PReLU over a finished output, `y < 0 ? slope[c] · y : y` (NaN stays NaN): the
// one activation whose parameter is a table, applied right after the kernels instead of in their
// epilogues. NCHW: `images` × `channels` planes of `plane` floats; NHWC: `images` × `plane`
// pixels of `channels` floats (called with plane = pixels and nhwc = 1).

export function preluChannels(out: usize, images: i32, channels: i32, plane: i32, nhwc: i32, slopes: usize): void {
  if (nhwc != 0) {
    const pixels = images * plane;
    for (let px = 0; px < pixels; px++) {
      const row = out + ((<usize>px * channels) << 2);
      let c = 0;
      if (ASC_FEATURE_SIMD) {
        for (; c + 4 <= channels; c += 4) {
          const at = row + (<usize>c << 2);
          const v = v128.load(at);
          v128.store(at, v128.bitselect(f32x4.mul(v, v128.load(slopes + (<usize>c << 2))), v, f32x4.lt(v, f32x4.splat(0))));
        }
      }
      for (; c < channels; c++) {
        const at = row + (<usize>c << 2);
        const v = load<f32>(at);
        if (v < 0) store<f32>(at, v * load<f32>(slopes + (<usize>c << 2)));
      }
    }
    return;
  }
  for (let n = 0; n < images; n++) {
    for (let c = 0; c < channels; c++) {
      const slope = load<f32>(slopes + (<usize>c << 2));
      const base = out + ((<usize>(n * channels + c) * plane) << 2);
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
}
