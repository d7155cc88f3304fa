import type { ConvParams } from '../options/conv.js';
import { filterStrides } from './pack.js';

/**
 * How far a rank-1 reconstruction may miss: every tap must satisfy
 * `|w[i,j] − u[i]·v[j]| ≤ RANK_ONE_SLACK · |w[i,j]|` (so a zero tap must come back zero). 2^−20 is
 * 16 f32 units in the last place: a filter built as an outer product and rounded to f32 (a
 * Gaussian: ≤ 5 units) passes, a filter that is only close to rank 1 does not.
 * docs/architecture.md, "The separable path under the same bound", shows the result then stays
 * within the design tolerance.
 */
export const RANK_ONE_SLACK = 2 ** -20;

/**
 * The largest kernel side the separable path takes: its rounding error grows with kH + kW, and
 * (kH + kW + 1)·2^−24 + RANK_ONE_SLACK stays under the tolerance's 1e-5 up to kH + kW = 150.
 */
export const SEPARABLE_MAX_SIDE = 64;

/**
 * The factors of a filter whose every output channel is rank 1 (w = u·vᵀ to f32 rounding, as
 * the kernel reads it: flipped if `p.flip`), for the planes' convolutions (one input channel
 * per group): u of every output channel ([M][kH]), then v ([M][kW]), as assembly/separable.ts
 * reads them. Undefined if one channel is not, or holds a non-finite value.
 *
 * @param shape the filter's 4-D shape in `p.filterLayout` (shape2d)
 * @example
 * rankOneFactors(params, gaussian(5).data, [1, 1, 5, 5]); // Float32Array(10): u, then v
 */
export function rankOneFactors(p: ConvParams, data: Float32Array, shape: readonly number[]): Float32Array | undefined {
  const { kernelHeight: kH, kernelWidth: kW, outChannels: m } = p;
  if (p.inChannels / p.groups !== 1 || kH > SEPARABLE_MAX_SIDE || kW > SEPARABLE_MAX_SIDE) return undefined;
  const [so, , sh, sw] = filterStrides(p.filterLayout, shape);
  const factors = new Float32Array(m * (kH + kW));
  const w = new Float64Array(kH * kW);
  for (let o = 0; o < m; o++) {
    // The taps as the kernel reads them, and the largest one: the pivot.
    let pivot = 0;
    for (let i = 0; i < kH; i++) {
      for (let j = 0; j < kW; j++) {
        const [si, sj] = p.flip ? [kH - 1 - i, kW - 1 - j] : [i, j];
        const value = data[o * so + si * sh + sj * sw]!;
        if (!Number.isFinite(value)) return undefined;
        w[i * kW + j] = value;
        if (Math.abs(value) > Math.abs(w[pivot]!)) pivot = i * kW + j;
      }
    }
    const r = Math.floor(pivot / kW);
    const c = pivot - r * kW;
    const u = factors.subarray(o * kH, (o + 1) * kH);
    const v = factors.subarray(m * kH + o * kW, m * kH + (o + 1) * kW);
    for (let i = 0; i < kH; i++) u[i] = w[i * kW + c]!;
    // An all-zero channel: u is zero, v anything finite.
    for (let j = 0; j < kW; j++) v[j] = w[pivot] === 0 ? 0 : w[r * kW + j]! / w[pivot]!;
    balance(u, v);
    for (let i = 0; i < kH; i++) {
      for (let j = 0; j < kW; j++) {
        const tap = w[i * kW + j]!;
        // u[i]·v[j] of two f32 is exact in f64.
        if (!(Math.abs(tap - u[i]! * v[j]!) <= RANK_ONE_SLACK * Math.abs(tap))) return undefined;
      }
    }
  }
  return factors;
}

/**
 * Moves a power of two from u to v (exact, so u·v is unchanged) until the vertical pass cannot
 * overflow where the direct sum would not: every nonzero |v[j]| ≥ 1, so a column's partial sum
 * Σ_i u[i]·x[i,j] = Σ_i w[i,j]·x[i,j] / v[j] is no larger than its direct terms; and
 * kH·max|u| ≤ 1, so a column whose v[j] is 0 (Sobel's middle one) sums to at most max|x|, not to
 * an infinity that 0·∞ would turn into NaN. Found by the fuzz's huge-value families: a 1×2 filter
 * on inputs near 1e38 overflowed in the first pass with the pivot's scale on u. A scale that
 * overflows v or underflows u is caught by the reconstruction check after it.
 */
function balance(u: Float32Array, v: Float32Array): void {
  let uMax = 0;
  for (const value of u) uMax = Math.max(uMax, Math.abs(value));
  let vMin = Infinity;
  for (const value of v) if (value !== 0) vMin = Math.min(vMin, Math.abs(value));
  if (uMax === 0 || vMin === Infinity) return;
  const scale = 2 ** Math.ceil(Math.log2(Math.max(1 / vMin, u.length * uMax)));
  for (let i = 0; i < u.length; i++) u[i] = u[i]! / scale;
  for (let j = 0; j < v.length; j++) v[j] = v[j]! * scale;
}
