// Short copies and fills of f32 runs (a pixel's channels), four lanes at a time.

// @ts-ignore: decorator
@inline export function copyFloats(dst: usize, src: usize, count: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= count; i += 4) v128.store(dst + (<usize>i << 2), v128.load(src + (<usize>i << 2)));
  }
  for (; i < count; i++) store<f32>(dst + (<usize>i << 2), load<f32>(src + (<usize>i << 2)));
}

// @ts-ignore: decorator
@inline export function zeroFloats(dst: usize, count: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= count; i += 4) v128.store(dst + (<usize>i << 2), f32x4.splat(0));
  }
  for (; i < count; i++) store<f32>(dst + (<usize>i << 2), 0);
}

/** `dst[i] += src[i]` for `count` floats: the sum of a channel-wise conv3d's depth taps. */
export function accumulateFloats(dst: usize, src: usize, count: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= count; i += 4) {
      const at = dst + (<usize>i << 2);
      v128.store(at, f32x4.add(v128.load(at), v128.load(src + (<usize>i << 2))));
    }
  }
  for (; i < count; i++) {
    const at = dst + (<usize>i << 2);
    store<f32>(at, load<f32>(at) + load<f32>(src + (<usize>i << 2)));
  }
}
