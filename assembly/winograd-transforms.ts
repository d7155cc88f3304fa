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
// F(4×4, 3×3) (algorithm: 'winograd-4x4', opt-in) is at the end of this file: 9/4 fewer products
// than F(2×2), but its rounding errors are larger (see there).

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

// ---- F(4×4, 3×3): a tile of 4×4 outputs from a 6×6 input patch ------------------------------
//
// Interpolation points 0, 1, −1, 2, −½ and ∞ (k = 0…5), rows scaled by powers of two and signs:
//
//   Bᵀ = [1  3/2  −2  −3/2   1    0]   G = [ 1     0     0  ]   Aᵀ = [1  1  1  1  −4  0]
//        [0  −1  −5/2 −1/2   1    0]       [−1/3 −1/3  −1/3]        [0  1 −1  2   2  0]
//        [0   1   1/2 −5/2   1    0]       [ 1/3 −1/3   1/3]        [0  1  1  4  −1  0]
//        [0 −1/2  −1   1/2   1    0]       [1/15 2/15  4/15]        [0  1 −1  8  1/2 1]
//        [0   2   −1   −2    1    0]       [4/15 −2/15 1/15]
//        [0   1   3/2  −2  −3/2   1]       [ 0     0     1  ]
//
// Accuracy. Every rounding error that reaches output r (one axis) from patch value i is, to
// first order, at most u·K[r][i] times that value times the kernel's largest tap, K = |Aᵀ| ·
// diag(|G|·1) · |Bᵀ| (the triangle inequality through the three transforms; rescaling rows
// leaves K alone). The condition that matters is κ = max K² over both axes: (127/15)² = 71.7
// here, the smallest among the points 0, ±1, p, q with p, q = a/b (|a| ≤ 5, b ≤ 4); 0, ±1, ±2
// and 0, ±1, ±½ have 300. Measured worst errors on random padded convolutions, in units of the
// tolerance (docs/architecture.md#tolerance): 0, ±1, 2, −½ 26–36 (this code), 43 (commit 330bd5f);
// ±2 80, ±½ 86 (330bd5f). They
// follow the whole 6×6 patch's values, not the output's own window (worst where the window is
// mostly padding and the patch is not), so F(4×4) has its own bound, ε·Σ_c max|w_o,c|·Σ_patch
// |x_c| with ε = 1e-5·κ (README, the `algorithm` option; test/helpers/winograd-bound.ts).
//
// inputLine4 and outputLine4 apply one matrix to a line of values: input k at src + k·ss,
// output k at dst + k·ds (byte strides); filterTile4 works on values. T = v128 (four channels)
// in the SIMD builds, f32 (one lane) in the scalar build: the same operations in the same order.

// @ts-ignore: decorator
@inline function plus<T>(a: T, b: T): T {
  if (isVector<T>()) {
    return f32x4.add(a, b);
  } else {
    return a + b;
  }
}

// @ts-ignore: decorator
@inline function minus<T>(a: T, b: T): T {
  if (isVector<T>()) {
    return f32x4.sub(a, b);
  } else {
    return a - b;
  }
}

// @ts-ignore: decorator
@inline function times<T>(a: T, k: f32): T {
  if (isVector<T>()) {
    return f32x4.mul(a, f32x4.splat(k));
  } else {
    return a * k;
  }
}

/**
 * Bᵀ on six values. With D = d3 − d1 and E = d2 − d0 − 3/2·d1 (the coefficients of
 * x(x² − 1) and x² − 3/2·x − 1, factors shared by the rows' polynomials), and their shifts:
 * rows 0, 1, 2, 5 are x·C − E, x·C ± C, x³E − C (C = x·E), rows 3, 4 are x·D + D/2, x·D − 2D.
 */
// @ts-ignore: decorator
@inline export function inputLine4<T>(src: usize, ss: usize, dst: usize, ds: usize): void {
  const d0 = load<T>(src), d1 = load<T>(src + ss), d2 = load<T>(src + 2 * ss);
  const d3 = load<T>(src + 3 * ss), d4 = load<T>(src + 4 * ss), d5 = load<T>(src + 5 * ss);
  const d = minus<T>(d3, d1);
  const xd = minus<T>(d4, d2);
  const c = minus<T>(d, times<T>(d2, 1.5));
  const xc = minus<T>(xd, times<T>(d3, 1.5));
  const e = minus<T>(minus<T>(d2, d0), times<T>(d1, 1.5));
  const x3e = minus<T>(minus<T>(d5, d3), times<T>(d4, 1.5));
  store<T>(dst, minus<T>(xc, e));
  store<T>(dst + ds, plus<T>(xc, c));
  store<T>(dst + 2 * ds, minus<T>(xc, c));
  store<T>(dst + 3 * ds, plus<T>(xd, times<T>(d, 0.5)));
  store<T>(dst + 4 * ds, minus<T>(xd, plus<T>(d, d)));
  store<T>(dst + 5 * ds, minus<T>(x3e, c));
}

/**
 * G g Gᵀ of one kernel (or four, one per lane): G down each column gives the six rows of G g
 * (rows 1–2 and 3–4 share their parts), and each goes through G along the row (filterRow4),
 * element ξ = 6a + b to `to` + ξ·xiStride. In registers: through memory scratch, C's filter
 * transform took 1.0–1.8 ms instead of 0.6–0.8.
 */
// @ts-ignore: decorator
@inline export function filterTile4<T>(
  g00: T, g01: T, g02: T, g10: T, g11: T, g12: T, g20: T, g21: T, g22: T, to: usize, xiStride: usize,
): void {
  const row: usize = 6 * xiStride;
  filterRow4<T>(g00, g01, g02, to, xiStride);
  filterRow4<T>(g20, g21, g22, to + 5 * row, xiStride);
  const third = <f32>(1.0 / 3.0);
  const e0 = times<T>(plus<T>(g00, g20), third), o0 = times<T>(g10, third);
  const e1 = times<T>(plus<T>(g01, g21), third), o1 = times<T>(g11, third);
  const e2 = times<T>(plus<T>(g02, g22), third), o2 = times<T>(g12, third);
  filterRow4<T>(minus<T>(times<T>(e0, -1), o0), minus<T>(times<T>(e1, -1), o1), minus<T>(times<T>(e2, -1), o2), to + row, xiStride);
  filterRow4<T>(minus<T>(e0, o0), minus<T>(e1, o1), minus<T>(e2, o2), to + 2 * row, xiStride);
  const fifteenth = <f32>(1.0 / 15.0), twoFifteenths = <f32>(2.0 / 15.0);
  const h0 = times<T>(g10, twoFifteenths), h1 = times<T>(g11, twoFifteenths), h2 = times<T>(g12, twoFifteenths);
  filterRow4<T>(
    plus<T>(times<T>(plus<T>(g00, times<T>(g20, 4)), fifteenth), h0),
    plus<T>(times<T>(plus<T>(g01, times<T>(g21, 4)), fifteenth), h1),
    plus<T>(times<T>(plus<T>(g02, times<T>(g22, 4)), fifteenth), h2),
    to + 3 * row, xiStride,
  );
  filterRow4<T>(
    minus<T>(times<T>(plus<T>(times<T>(g00, 4), g20), fifteenth), h0),
    minus<T>(times<T>(plus<T>(times<T>(g01, 4), g21), fifteenth), h1),
    minus<T>(times<T>(plus<T>(times<T>(g02, 4), g22), fifteenth), h2),
    to + 4 * row, xiStride,
  );
}

/** G on three taps: six values, stored `stride` bytes apart (the same forms as filterTile4's columns). */
// @ts-ignore: decorator
@inline function filterRow4<T>(g0: T, g1: T, g2: T, dst: usize, stride: usize): void {
  const third = <f32>(1.0 / 3.0);
  const even = times<T>(plus<T>(g0, g2), third);
  const odd = times<T>(g1, third);
  const h = times<T>(g1, <f32>(2.0 / 15.0));
  store<T>(dst, g0);
  store<T>(dst + stride, minus<T>(times<T>(even, -1), odd));
  store<T>(dst + 2 * stride, minus<T>(even, odd));
  store<T>(dst + 3 * stride, plus<T>(times<T>(plus<T>(g0, times<T>(g2, 4)), <f32>(1.0 / 15.0)), h));
  store<T>(dst + 4 * stride, minus<T>(times<T>(plus<T>(times<T>(g0, 4), g2), <f32>(1.0 / 15.0)), h));
  store<T>(dst + 5 * stride, g2);
}

/** Aᵀ on six products: four outputs. */
// @ts-ignore: decorator
@inline export function outputLine4<T>(src: usize, ss: usize, dst: usize, ds: usize): void {
  const m0 = load<T>(src), m1 = load<T>(src + ss), m2 = load<T>(src + 2 * ss);
  const m3 = load<T>(src + 3 * ss), m4 = load<T>(src + 4 * ss), m5 = load<T>(src + 5 * ss);
  const s = plus<T>(m1, m2);
  const t = minus<T>(m1, m2);
  store<T>(dst, plus<T>(plus<T>(m0, s), minus<T>(m3, times<T>(m4, 4))));
  store<T>(dst + ds, plus<T>(t, times<T>(plus<T>(m3, m4), 2)));
  store<T>(dst + 2 * ds, plus<T>(s, minus<T>(times<T>(m3, 4), m4)));
  store<T>(dst + 3 * ds, plus<T>(plus<T>(t, m5), plus<T>(times<T>(m3, 8), times<T>(m4, 0.5))));
}
