import { NR } from './gemm';
import { uPlane, winogradDepth } from './winograd-layout';
import { filterRow, filterRowScalar, filterTile4 } from './winograd-transforms';

// The filter side of Winograd F(m×m, 3×3), m = 2 or 4: U = G g Gᵀ for every (output, input)
// channel pair, laid out as the (m + 2)² GEMM B operands the microkernel reads (see
// assembly/winograd-layout.ts): NR output channels per panel (zero-padded), input channels
// rounded up to 4 (zero rows). Both tile sizes share the gathers below.
//
// It runs on every one-shot call (C's 256×256 filter: 65 536 kernels), so the common layouts
// gather four output channels' taps with vector loads. Measured (simd, C's filter, best of 15):
// one float at a time 2.4 ms; with the gathers below 0.2–0.6 ms in every layout (OIHW, flipped
// OIHW, HWIO, IHWO, OHWI; several runs on a busy machine), about the time of writing U's 4 MiB.
// F(4×4) (U: 9.4 MiB; best of 21): 0.59 ms OIHW and flipped, 0.65–0.78 HWIO, IHWO, 0.77 OHWI;
// 1.0–1.8 ms when its G went through memory scratch rather than registers (filterTile4).

// The packer's scratch, given by the caller (PACK_WINOGRAD_SCRATCH bytes, 16-aligned; the module
// writes no static data):
/** The 3×3 taps of four output channels (one per lane): tap t = 3i + j at taps + 16t. */
// @ts-ignore: decorator
@inline function tapsAt(scratch: usize): usize { return scratch; }
/** filterInputs' taps: four input channels × nine taps × four output channels. */
// @ts-ignore: decorator
@inline function channelTapsAt(scratch: usize): usize { return scratch + 9 * 16; }
/** Byte offsets of the nine taps from a kernel's first, for the scalar gather. */
// @ts-ignore: decorator
@inline function tapOffsetsAt(scratch: usize): usize { return scratch + 9 * 16 + 4 * 9 * 16; }
/** Bytes of scratch packWinograd needs. */
export const PACK_WINOGRAD_SCRATCH: i32 = 9 * 16 + 4 * 9 * 16 + 9 * 4;

/**
 * Packs U for F(m×m, 3×3), m = 2 or 4. The source may be in any layout: element (o, c, i, j)
 * sits at src + (o·so + c·sc + i·sh + j·sw)·4, as in assembly/pack.ts; `flip` reads the kernel
 * rotated by 180°. `scratch`: PACK_WINOGRAD_SCRATCH bytes, 16-aligned.
 */
export function packWinograd(
  src: usize, so: i32, sc: i32, sh: i32, sw: i32,
  outChannels: i32, inChannels: i32, flip: bool, m: i32, dst: usize, scratch: usize,
): void {
  const tapOffsets = tapOffsetsAt(scratch);
  if (flip) {
    // The rotated kernel is the kernel read from its last tap backwards.
    src += <usize>(2 * sh + 2 * sw) << 2;
    sh = -sh;
    sw = -sw;
  }
  const panels = (outChannels + NR - 1) / NR;
  const depth = winogradDepth(inChannels);
  const xiStride = <usize>uPlane(outChannels, inChannels) << 2; // bytes from U[ξ] to U[ξ + 1]
  const outputsContiguous = so == 1; // HWIO, IHWO
  const tapsContiguous = sw == 1 && sh == 3; // OIHW
  const tapsReversed = sw == -1 && sh == -3; // OIHW, flipped
  for (let t = 0; t < 9; t++) store<i32>(tapOffsets + (<usize>t << 2), ((t / 3) * sh + (t % 3) * sw) << 2);
  const inputsContiguous = sc == 1; // OHWI
  // Both halves of a panel's row (q = 0, 4) in turn: each 32-byte row of each U[ξ] is written at
  // once. HWIO and IHWO go input channel by input channel for F(2×2): the outputs of each tap
  // are then read in order (HWIO, C's filter: 0.43–0.9 ms panel by panel, nine tap streams
  // 256 KiB apart). F(4×4) writes 36 planes, and panel by panel is the faster order there
  // (C's filter, HWIO / IHWO: 0.74–0.78 / 0.65 ms, against 0.92 / 0.84–1.0 channel by channel).
  if (outputsContiguous && m == 2) {
    for (let c = 0; c < depth; c++) {
      for (let p = 0; p < panels; p++) {
        for (let q = 0; q < NR; q += 4) packFour(src, so, sc, sh, sw, outChannels, inChannels, p, c, q, dst, xiStride, 1, m, scratch);
      }
    }
    return;
  }
  const layout = outputsContiguous ? 1 : tapsContiguous ? 2 : tapsReversed ? 3 : inputsContiguous ? 4 : 0;
  for (let p = 0; p < panels; p++) {
    for (let c = 0; c < depth; c++) {
      for (let q = 0; q < NR; q += 4) packFour(src, so, sc, sh, sw, outChannels, inChannels, p, c, q, dst, xiStride, layout, m, scratch);
    }
  }
}

/**
 * U's rows for input channel c and output channels p·NR + q … + 3, by the fastest gather the
 * `layout` allows (1 outputs contiguous, 2 taps contiguous, 3 taps reversed, 4 inputs
 * contiguous, 0 none) where all four outputs and the input exist; one float at a time elsewhere.
 */
// @ts-ignore: decorator
@inline function packFour(
  src: usize, so: i32, sc: i32, sh: i32, sw: i32, outChannels: i32, inChannels: i32,
  p: i32, c: i32, q: i32, dst: usize, xiStride: usize, layout: i32, m: i32, scratch: usize,
): void {
  const depth = winogradDepth(inChannels);
  const o0 = p * NR + q;
  const lanes = min(4, outChannels - o0);
  const at = src + (<usize>(o0 * so + c * sc) << 2);
  const to = dst + (<usize>((p * depth + c) * NR + q) << 2);
  const whole = ASC_FEATURE_SIMD && lanes == 4 && c < inChannels;
  if (whole && layout == 1) {
    filterOutputs(at, sh, sw, to, xiStride, m);
  } else if (whole && layout == 2) {
    filterTaps(at, so, to, xiStride, false, m);
  } else if (whole && layout == 3) {
    filterTaps(at - 32, so, to, xiStride, true, m); // `at` is tap 8, the rotated kernel's tap 0
  } else if (whole && layout == 4 && (c | 3) < inChannels) {
    // Four input channels at once, when the loop reaches the first of them.
    if ((c & 3) == 0) filterInputs(at, so, to, xiStride, m, scratch);
  } else {
    gatherScalar(at, so, c < inChannels ? lanes : 0, scratch);
    filterGathered(to, xiStride, m, scratch);
  }
}

/** Four consecutive output channels (HWIO, IHWO): one vector load per tap. */
// @ts-ignore: decorator
@inline function filterOutputs(at: usize, sh: i32, sw: i32, to: usize, xiStride: usize, m: i32): void {
  const h = <usize>sh << 2;
  const w = <usize>sw << 2;
  filterTile(
    v128.load(at), v128.load(at + w), v128.load(at + 2 * w),
    v128.load(at + h), v128.load(at + h + w), v128.load(at + h + 2 * w),
    v128.load(at + 2 * h), v128.load(at + 2 * h + w), v128.load(at + 2 * h + 2 * w),
    to, xiStride, m,
  );
}

/**
 * Nine consecutive taps per output channel (OIHW): each channel's taps 0–3 and 4–7 are one
 * vector, a 4×4 transpose makes them four channels' tap vectors; tap 8 is gathered.
 * `reversed`: the kernel rotated by 180° (flip), tap t read as tap 8 − t.
 */
// @ts-ignore: decorator
@inline function filterTaps(at: usize, so: i32, to: usize, xiStride: usize, reversed: bool, m: i32): void {
  const step = <usize>so << 2;
  const k0 = at, k1 = at + step, k2 = at + 2 * step, k3 = at + 3 * step;
  let x0 = v128.load(k0), x1 = v128.load(k1), x2 = v128.load(k2), x3 = v128.load(k3);
  let t0 = v128.shuffle<f32>(x0, x1, 0, 4, 1, 5);
  let t1 = v128.shuffle<f32>(x2, x3, 0, 4, 1, 5);
  let t2 = v128.shuffle<f32>(x0, x1, 2, 6, 3, 7);
  let t3 = v128.shuffle<f32>(x2, x3, 2, 6, 3, 7);
  const g0 = v128.shuffle<f32>(t0, t1, 0, 1, 4, 5);
  const g1 = v128.shuffle<f32>(t0, t1, 2, 3, 6, 7);
  const g2 = v128.shuffle<f32>(t2, t3, 0, 1, 4, 5);
  const g3 = v128.shuffle<f32>(t2, t3, 2, 3, 6, 7);
  x0 = v128.load(k0, 16); x1 = v128.load(k1, 16); x2 = v128.load(k2, 16); x3 = v128.load(k3, 16);
  t0 = v128.shuffle<f32>(x0, x1, 0, 4, 1, 5);
  t1 = v128.shuffle<f32>(x2, x3, 0, 4, 1, 5);
  t2 = v128.shuffle<f32>(x0, x1, 2, 6, 3, 7);
  t3 = v128.shuffle<f32>(x2, x3, 2, 6, 3, 7);
  const g4 = v128.shuffle<f32>(t0, t1, 0, 1, 4, 5);
  const g5 = v128.shuffle<f32>(t0, t1, 2, 3, 6, 7);
  const g6 = v128.shuffle<f32>(t2, t3, 0, 1, 4, 5);
  const g7 = v128.shuffle<f32>(t2, t3, 2, 3, 6, 7);
  let g8 = v128.load32_splat(k0, 32);
  g8 = v128.load32_lane(k1, g8, 1, 32);
  g8 = v128.load32_lane(k2, g8, 2, 32);
  g8 = v128.load32_lane(k3, g8, 3, 32);
  if (reversed) filterTile(g8, g7, g6, g5, g4, g3, g2, g1, g0, to, xiStride, m);
  else filterTile(g0, g1, g2, g3, g4, g5, g6, g7, g8, to, xiStride, m);
}

/**
 * Four consecutive input channels (OHWI): per tap, four output channels' vectors over c…c+3,
 * transposed into one vector per input channel; then all four channels' U rows (the rows of
 * c + 1…c + 3 are NR floats apart in U, where the loop would write them next).
 */
// @ts-ignore: decorator
@inline function filterInputs(at: usize, so: i32, to: usize, xiStride: usize, m: i32, scratch: usize): void {
  const tapOffsets = tapOffsetsAt(scratch);
  const channelTaps = channelTapsAt(scratch);
  const step = <usize>so << 2;
  for (let t = 0; t < 9; t++) {
    const tap = at + <usize>load<i32>(tapOffsets + (<usize>t << 2));
    const x0 = v128.load(tap), x1 = v128.load(tap + step), x2 = v128.load(tap + 2 * step), x3 = v128.load(tap + 3 * step);
    const t0 = v128.shuffle<f32>(x0, x1, 0, 4, 1, 5);
    const t1 = v128.shuffle<f32>(x2, x3, 0, 4, 1, 5);
    const t2 = v128.shuffle<f32>(x0, x1, 2, 6, 3, 7);
    const t3 = v128.shuffle<f32>(x2, x3, 2, 6, 3, 7);
    const into = channelTaps + (<usize>t << 4);
    v128.store(into, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
    v128.store(into, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7), 144);
    v128.store(into, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5), 288);
    v128.store(into, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7), 432);
  }
  for (let k = 0; k < 4; k++) {
    const from = channelTaps + <usize>k * 144;
    filterTile(
      v128.load(from), v128.load(from, 16), v128.load(from, 32),
      v128.load(from, 48), v128.load(from, 64), v128.load(from, 80),
      v128.load(from, 96), v128.load(from, 112), v128.load(from, 128),
      to + (<usize>(k * NR) << 2), xiStride, m,
    );
  }
}

/** Any layout, one float at a time (tapOffsets); lanes from `lanes` on are zero. */
function gatherScalar(at: usize, so: i32, lanes: i32, scratch: usize): void {
  const taps = tapsAt(scratch);
  const tapOffsets = tapOffsetsAt(scratch);
  for (let lane = 0; lane < 4; lane++) {
    const kernel = at + (<usize>(lane * so) << 2);
    const into = taps + (<usize>lane << 2);
    for (let t = 0; t < 9; t++) {
      const w: f32 = lane < lanes ? load<f32>(kernel + <usize>load<i32>(tapOffsets + (<usize>t << 2))) : 0;
      store<f32>(into + (<usize>t << 4), w);
    }
  }
}

/** filterTile of the taps gathered in `taps`; without SIMD the same, one lane at a time. */
function filterGathered(to: usize, xiStride: usize, m: i32, scratch: usize): void {
  const taps = tapsAt(scratch);
  if (ASC_FEATURE_SIMD) {
    filterTile(
      v128.load(taps), v128.load(taps, 16), v128.load(taps, 32),
      v128.load(taps, 48), v128.load(taps, 64), v128.load(taps, 80),
      v128.load(taps, 96), v128.load(taps, 112), v128.load(taps, 128),
      to, xiStride, m,
    );
    return;
  }
  if (m == 4) {
    for (let lane = 0; lane < 4; lane++) {
      const g = taps + (<usize>lane << 2);
      filterTile4<f32>(
        load<f32>(g), load<f32>(g, 16), load<f32>(g, 32), load<f32>(g, 48), load<f32>(g, 64),
        load<f32>(g, 80), load<f32>(g, 96), load<f32>(g, 112), load<f32>(g, 128), to + (<usize>lane << 2), xiStride,
      );
    }
    return;
  }
  const row = xiStride << 2;
  for (let lane = 0; lane < 4; lane++) {
    const g = taps + (<usize>lane << 2);
    const at = to + (<usize>lane << 2);
    const g00 = load<f32>(g), g01 = load<f32>(g, 16), g02 = load<f32>(g, 32);
    const g10 = load<f32>(g, 48), g11 = load<f32>(g, 64), g12 = load<f32>(g, 80);
    const g20 = load<f32>(g, 96), g21 = load<f32>(g, 112), g22 = load<f32>(g, 128);
    const e0 = (g00 + g20) * <f32>0.5, o0 = g10 * <f32>0.5;
    const e1 = (g01 + g21) * <f32>0.5, o1 = g11 * <f32>0.5;
    const e2 = (g02 + g22) * <f32>0.5, o2 = g12 * <f32>0.5;
    filterRowScalar(g00, g01, g02, at, xiStride);
    filterRowScalar(e0 + o0, e1 + o1, e2 + o2, at + row, xiStride);
    filterRowScalar(e0 - o0, e1 - o1, e2 - o2, at + 2 * row, xiStride);
    filterRowScalar(g20, g21, g22, at + 3 * row, xiStride);
  }
}

/**
 * G g Gᵀ of four kernels (tap gij of each in one lane), element ξ to `to` + ξ·xiStride. Not
 * inlined into its five callers: 2.5 KB less wasm, the same speed within the noise.
 */
function filterTile(
  g00: v128, g01: v128, g02: v128, g10: v128, g11: v128, g12: v128, g20: v128, g21: v128, g22: v128,
  to: usize, xiStride: usize, m: i32,
): void {
  if (m == 4) {
    filterTile4<v128>(g00, g01, g02, g10, g11, g12, g20, g21, g22, to, xiStride);
    return;
  }
  // G's rows 0 and 3 pick kernel rows 0 and 2; rows 1 and 2 are (g0 + g2)/2 ± g1/2.
  const half = f32x4.splat(0.5);
  const e0 = f32x4.mul(f32x4.add(g00, g20), half), o0 = f32x4.mul(g10, half);
  const e1 = f32x4.mul(f32x4.add(g01, g21), half), o1 = f32x4.mul(g11, half);
  const e2 = f32x4.mul(f32x4.add(g02, g22), half), o2 = f32x4.mul(g12, half);
  const row = xiStride << 2;
  filterRow(g00, g01, g02, to, xiStride);
  filterRow(f32x4.add(e0, o0), f32x4.add(e1, o1), f32x4.add(e2, o2), to + row, xiStride);
  filterRow(f32x4.sub(e0, o0), f32x4.sub(e1, o1), f32x4.sub(e2, o2), to + 2 * row, xiStride);
  filterRow(g20, g21, g22, to + 3 * row, xiStride);
}
