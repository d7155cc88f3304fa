// The three matrices of Winograd's F(2×2, 3×3) (Lavin & Gray's form of Toom–Cook): a tile of
// 2×2 outputs from a 4×4 input patch d and a 3×3 kernel g is
//
//   Y = Aᵀ [ (G g Gᵀ) ⊙ (Bᵀ d B) ] A,
//
// and, summed over input channels, the ⊙ becomes 16 independent GEMMs (assembly/winograd.ts):
// 16 products per (input, output) channel pair and tile instead of 36.
//
// Interpolation points 0, ±1 and ∞; the matrices follow from the points (Vandermonde and its
// inverse) and hold only 0, ±1 and ±½, so the transforms themselves round little.
//
// Why not F(4×4, 3×3) (9/4 fewer products than F(2×2)): measured on this kernel with points
// 0, ±1, ±2 / 0, ±1, ±½ / 0, ±1, 2, −½, its worst error on random convolutions was 80 / 86 /
// 43 times DESIGN.md's tolerance (outputs whose window is mostly padding, in a tile whose patch
// is not), and 1.7 / 3.5 / 1.6 times even at padding 1. F(2×2)'s worst: 0.13 times.
// (Speed, simd, kernel only: F(4×4) 88–93 GFLOPS on B and C, F(2×2) 61–67; commit 330bd5f.)

/** Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 −1 0 1] on four vectors, stored `stride` bytes apart. */
// @ts-ignore: decorator
@inline export function inputRow(d0: v128, d1: v128, d2: v128, d3: v128, dst: usize, stride: usize): void {
  v128.store(dst, f32x4.sub(d0, d2));
  v128.store(dst + stride, f32x4.add(d1, d2));
  v128.store(dst + 2 * stride, f32x4.sub(d2, d1));
  v128.store(dst + 3 * stride, f32x4.sub(d3, d1));
}

/** G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1] on three vectors, stored `stride` bytes apart. */
// @ts-ignore: decorator
@inline export function filterRow(g0: v128, g1: v128, g2: v128, dst: usize, stride: usize): void {
  const half = f32x4.splat(0.5);
  const even = f32x4.mul(f32x4.add(g0, g2), half);
  const odd = f32x4.mul(g1, half);
  v128.store(dst, g0);
  v128.store(dst + stride, f32x4.add(even, odd));
  v128.store(dst + 2 * stride, f32x4.sub(even, odd));
  v128.store(dst + 3 * stride, g2);
}

/** Aᵀ's first row, [1 1 1 0]. */
// @ts-ignore: decorator
@inline export function outputFirst(m0: v128, m1: v128, m2: v128): v128 {
  return f32x4.add(f32x4.add(m0, m1), m2);
}

/** Aᵀ's second row, [0 1 −1 1]. */
// @ts-ignore: decorator
@inline export function outputSecond(m1: v128, m2: v128, m3: v128): v128 {
  return f32x4.add(f32x4.sub(m1, m2), m3);
}

// ---- The same forms on one lane, for the scalar build (the same operations in the same order,
// so both builds round alike) ----------------------------------------------------------------

// @ts-ignore: decorator
@inline export function inputRowScalar(d0: f32, d1: f32, d2: f32, d3: f32, dst: usize, stride: usize): void {
  store<f32>(dst, d0 - d2);
  store<f32>(dst + stride, d1 + d2);
  store<f32>(dst + 2 * stride, d2 - d1);
  store<f32>(dst + 3 * stride, d3 - d1);
}

// @ts-ignore: decorator
@inline export function filterRowScalar(g0: f32, g1: f32, g2: f32, dst: usize, stride: usize): void {
  const even = (g0 + g2) * <f32>0.5;
  const odd = g1 * <f32>0.5;
  store<f32>(dst, g0);
  store<f32>(dst + stride, even + odd);
  store<f32>(dst + 2 * stride, even - odd);
  store<f32>(dst + 3 * stride, g2);
}

// @ts-ignore: decorator
@inline export function outputFirstScalar(m0: f32, m1: f32, m2: f32): f32 {
  return m0 + m1 + m2;
}

// @ts-ignore: decorator
@inline export function outputSecondScalar(m1: f32, m2: f32, m3: f32): f32 {
  return m1 - m2 + m3;
}
