// The three matrices of Winograd's F(m×m, 3×3) (Lavin & Gray's form of Toom–Cook): for a tile
// of m×m outputs read from an n×n input patch, n = m + 2,
//
//   Y = Aᵀ [ (G g Gᵀ) ⊙ (Bᵀ d B) ] A          g: the 3×3 kernel, d: the patch,
//
// and, summed over input channels, the ⊙ becomes n² independent GEMMs (assembly/winograd.ts).
// Each 2-D transform is the 1-D one on every column, then on every row.
//
// Interpolation points (plus ∞): F(2×2) 0, ±1; F(4×4) 0, ±1, ±2. The matrices follow from the
// points (Vandermonde and its inverse); each Bᵀ row is scaled to small integers and G carries
// the inverse scale. For F(4×4) the points 0, ±1, ±½ and the asymmetric 0, ±1, 2, −½ were
// measured too (see src/engine/conv-plan.ts): none brings F(4×4) within DESIGN.md's tolerance
// on every input, and 0, ±1, ±2 keeps the cheapest symmetric factoring.
//
// The functions below apply one matrix to a line of vectors (4 channels each): input k at
// `src + k·ss`, output k at `dst + k·ds` (byte strides). They are hand-factored for SIMD; the
// scalar build multiplies by the same matrices, stored as tables (lineScalar).

// @ts-ignore: decorator
@inline function ld(p: usize, stride: usize, k: i32): v128 {
  return v128.load(p + <usize>k * stride);
}

// @ts-ignore: decorator
@inline function st(p: usize, stride: usize, k: i32, v: v128): void {
  v128.store(p + <usize>k * stride, v);
}

// ---- F(2×2, 3×3) --------------------------------------------------------------------------

/** Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 −1 0 1]: four inputs → four. */
// @ts-ignore: decorator
@inline export function inputLine2(src: usize, ss: usize, dst: usize, ds: usize): void {
  const d0 = ld(src, ss, 0), d1 = ld(src, ss, 1), d2 = ld(src, ss, 2), d3 = ld(src, ss, 3);
  st(dst, ds, 0, f32x4.sub(d0, d2));
  st(dst, ds, 1, f32x4.add(d1, d2));
  st(dst, ds, 2, f32x4.sub(d2, d1));
  st(dst, ds, 3, f32x4.sub(d3, d1));
}

/** G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1]: three taps → four. */
// @ts-ignore: decorator
@inline export function filterLine2(src: usize, ss: usize, dst: usize, ds: usize): void {
  const g0 = ld(src, ss, 0), g1 = ld(src, ss, 1), g2 = ld(src, ss, 2);
  const half = f32x4.splat(0.5);
  const even = f32x4.mul(f32x4.add(g0, g2), half);
  const odd = f32x4.mul(g1, half);
  st(dst, ds, 0, g0);
  st(dst, ds, 1, f32x4.add(even, odd));
  st(dst, ds, 2, f32x4.sub(even, odd));
  st(dst, ds, 3, g2);
}

/** Aᵀ = [1 1 1 0; 0 1 −1 1]: four products → two outputs. */
// @ts-ignore: decorator
@inline export function outputLine2(src: usize, ss: usize, dst: usize, ds: usize): void {
  const m0 = ld(src, ss, 0), m1 = ld(src, ss, 1), m2 = ld(src, ss, 2), m3 = ld(src, ss, 3);
  st(dst, ds, 0, f32x4.add(f32x4.add(m0, m1), m2));
  st(dst, ds, 1, f32x4.add(f32x4.sub(m1, m2), m3));
}

// ---- F(4×4, 3×3) --------------------------------------------------------------------------

/**
 * Bᵀ = [4 0 −5 0 1 0; 0 4 4 −1 −1 0; 0 −4 4 1 −1 0; 0 −2 −1 2 1 0; 0 2 −1 −2 1 0; 0 4 0 −5 0 1]:
 * six inputs → six; rows 1–2 and 3–4 share their even and odd parts.
 */
// @ts-ignore: decorator
@inline export function inputLine4(src: usize, ss: usize, dst: usize, ds: usize): void {
  const d0 = ld(src, ss, 0), d1 = ld(src, ss, 1), d2 = ld(src, ss, 2);
  const d3 = ld(src, ss, 3), d4 = ld(src, ss, 4), d5 = ld(src, ss, 5);
  const four = f32x4.splat(4), five = f32x4.splat(5), two = f32x4.splat(2);
  st(dst, ds, 0, f32x4.add(f32x4.sub(f32x4.mul(d0, four), f32x4.mul(d2, five)), d4));
  const even1 = f32x4.sub(f32x4.mul(d2, four), d4);
  const odd1 = f32x4.sub(f32x4.mul(d1, four), d3);
  st(dst, ds, 1, f32x4.add(even1, odd1));
  st(dst, ds, 2, f32x4.sub(even1, odd1));
  const even2 = f32x4.sub(d4, d2);
  const odd2 = f32x4.mul(f32x4.sub(d3, d1), two);
  st(dst, ds, 3, f32x4.add(even2, odd2));
  st(dst, ds, 4, f32x4.sub(even2, odd2));
  st(dst, ds, 5, f32x4.add(f32x4.sub(f32x4.mul(d1, four), f32x4.mul(d3, five)), d5));
}

/** G = [¼ 0 0; ⅙ ⅙ ⅙; ⅙ −⅙ ⅙; 1⁄24 1⁄12 ⅙; 1⁄24 −1⁄12 ⅙; 0 0 1]: three taps → six. */
// @ts-ignore: decorator
@inline export function filterLine4(src: usize, ss: usize, dst: usize, ds: usize): void {
  const g0 = ld(src, ss, 0), g1 = ld(src, ss, 1), g2 = ld(src, ss, 2);
  const sixth = f32x4.splat(<f32>(1.0 / 6.0));
  const quarter = f32x4.splat(0.25), half = f32x4.splat(0.5);
  st(dst, ds, 0, f32x4.mul(g0, quarter));
  const even1 = f32x4.mul(f32x4.add(g0, g2), sixth);
  const odd1 = f32x4.mul(g1, sixth);
  st(dst, ds, 1, f32x4.add(even1, odd1));
  st(dst, ds, 2, f32x4.sub(even1, odd1));
  const even2 = f32x4.mul(f32x4.add(f32x4.mul(g0, quarter), g2), sixth);
  const odd2 = f32x4.mul(odd1, half);
  st(dst, ds, 3, f32x4.add(even2, odd2));
  st(dst, ds, 4, f32x4.sub(even2, odd2));
  st(dst, ds, 5, g2);
}

/** Aᵀ = [1 1 1 1 1 0; 0 1 −1 2 −2 0; 0 1 1 4 4 0; 0 1 −1 8 −8 1]: six products → four. */
// @ts-ignore: decorator
@inline export function outputLine4(src: usize, ss: usize, dst: usize, ds: usize): void {
  const m0 = ld(src, ss, 0), m1 = ld(src, ss, 1), m2 = ld(src, ss, 2);
  const m3 = ld(src, ss, 3), m4 = ld(src, ss, 4), m5 = ld(src, ss, 5);
  const sum1 = f32x4.add(m1, m2), diff1 = f32x4.sub(m1, m2);
  const sum2 = f32x4.add(m3, m4), diff2 = f32x4.sub(m3, m4);
  st(dst, ds, 0, f32x4.add(f32x4.add(m0, sum1), sum2));
  st(dst, ds, 1, f32x4.add(diff1, f32x4.mul(diff2, f32x4.splat(2))));
  st(dst, ds, 2, f32x4.add(sum1, f32x4.mul(sum2, f32x4.splat(4))));
  st(dst, ds, 3, f32x4.add(f32x4.add(diff1, f32x4.mul(diff2, f32x4.splat(8))), m5));
}

// ---- The same matrices as tables, for the scalar build ------------------------------------

export const BT2 = memory.data<f32>([1, 0, -1, 0, 0, 1, 1, 0, 0, -1, 1, 0, 0, -1, 0, 1]);
export const G2 = memory.data<f32>([1, 0, 0, 0.5, 0.5, 0.5, 0.5, -0.5, 0.5, 0, 0, 1]);
export const AT2 = memory.data<f32>([1, 1, 1, 0, 0, 1, -1, 1]);
export const BT4 = memory.data<f32>([
  4, 0, -5, 0, 1, 0,
  0, 4, 4, -1, -1, 0,
  0, -4, 4, 1, -1, 0,
  0, -2, -1, 2, 1, 0,
  0, 2, -1, -2, 1, 0,
  0, 4, 0, -5, 0, 1,
]);
export const G4 = memory.data<f32>([
  0.25, 0, 0,
  <f32>(1.0 / 6), <f32>(1.0 / 6), <f32>(1.0 / 6),
  <f32>(1.0 / 6), <f32>(-1.0 / 6), <f32>(1.0 / 6),
  <f32>(1.0 / 24), <f32>(1.0 / 12), <f32>(1.0 / 6),
  <f32>(1.0 / 24), <f32>(-1.0 / 12), <f32>(1.0 / 6),
  0, 0, 1,
]);
export const AT4 = memory.data<f32>([
  1, 1, 1, 1, 1, 0,
  0, 1, -1, 2, -2, 0,
  0, 1, 1, 4, 4, 0,
  0, 1, -1, 8, -8, 1,
]);

/** dst[r] = Σ_k matrix[r][k] · src[k] for a row-major `rows × cols` f32 matrix (scalar build). */
export function lineScalar(matrix: usize, rows: i32, cols: i32, src: usize, ss: usize, dst: usize, ds: usize): void {
  for (let r = 0; r < rows; r++) {
    let sum: f32 = 0;
    for (let k = 0; k < cols; k++) {
      sum += load<f32>(matrix + (<usize>(r * cols + k) << 2)) * load<f32>(src + <usize>k * ss);
    }
    store<f32>(dst + <usize>r * ds, sum);
  }
}
