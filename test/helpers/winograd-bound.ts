import { convertFilterLayout, nhwcToNchw, reference, type Conv2dOptions, type Tensor } from '../../src/index.js';
import { CONV2D, resolveConv } from '../../src/options/conv.js';
import { activationSlope } from './conv-cases.js';

// The error bound of Winograd F(4×4, 3×3) (algorithm: 'winograd-4x4'), which does not keep
// the ordinary tolerance (docs/architecture.md#tolerance): its rounding errors follow the values of the whole 6×6 input patch of
// an output's 4×4 tile, not those of the output's own 3×3 window. For output channel o at any
// pixel of a tile whose patch (padded-image rows 4·ty … 4·ty + 5, columns 4·tx … 4·tx + 5, or
// with dilation every dH-th row and dW-th column of its phase's lattice) is P:
//
//   |y − ref| ≤ ε · slope · (Σ_c max_k |w[o, c, k]| · Σ_{(i, j) ∈ P} |x[c, i, j]| + |bias[o]|) + 1e-6,
//
// ε = 1e-5 · κ. Derivation, to first order in the unit roundoff u = 2⁻²⁴: with K = |Aᵀ| ·
// diag(|G|·1) · |Bᵀ| (4 × 6), every intermediate that patch value x_ij passes on its way to
// output (r, s) (Bᵀ d B, G g Gᵀ, their products and sums, Aᵀ M A) carries it, times the
// coefficients that lead on to (r, s), with a weight of at most K[r][i]·K[s][j]·max|w| ≤
// κ·max|w|, κ = max K² = (127/15)² ≈ 71.7. Each rounding on the way adds at most u times such
// a term, and a path holds at most 22 roundings plus one per input channel: the input
// transform 3 + 3, the filter transform 4 + 4 (its constants 1/3 and 1/15 included), the
// product 1, the channel sum C, the output transform 3 + 3, the bias 1. The ordinary tolerance's
// 1e-5 ≈ 168·u covers them all up to 146 input channels; beyond, like that tolerance's own bound
// over 9·C terms, it relies on rounding errors not all taking one sign. The triangle inequality
// makes the bound loose: measured, errors reach a few thousandths of it (test/winograd.test.ts
// prints the worst ratio).

/** F(4×4, 3×3)'s matrices, points 0, 1, −1, 2, −½, ∞ (as in assembly/winograd-transforms.ts). */
export const F4X4 = {
  AT: [
    [1, 1, 1, 1, -4, 0],
    [0, 1, -1, 2, 2, 0],
    [0, 1, 1, 4, -1, 0],
    [0, 1, -1, 8, 1 / 2, 1],
  ],
  G: [
    [1, 0, 0],
    [-1 / 3, -1 / 3, -1 / 3],
    [1 / 3, -1 / 3, 1 / 3],
    [1 / 15, 2 / 15, 4 / 15],
    [4 / 15, -2 / 15, 1 / 15],
    [0, 0, 1],
  ],
  BT: [
    [1, 3 / 2, -2, -3 / 2, 1, 0],
    [0, -1, -5 / 2, -1 / 2, 1, 0],
    [0, 1, 1 / 2, -5 / 2, 1, 0],
    [0, -1 / 2, -1, 1 / 2, 1, 0],
    [0, 2, -1, -2, 1, 0],
    [0, 1, 3 / 2, -2, -3 / 2, 1],
  ],
} as const;

/** K = |Aᵀ| · diag(|G|·1) · |Bᵀ| (4 × 6) of a 1-D Winograd algorithm. */
export function amplification(m: { AT: readonly (readonly number[])[]; G: readonly (readonly number[])[]; BT: readonly (readonly number[])[] }): number[][] {
  const rowSums = m.G.map((row) => row.reduce((s, g) => s + Math.abs(g), 0));
  return m.AT.map((out) => m.BT[0]!.map((_, i) => out.reduce((s, a, k) => s + Math.abs(a) * rowSums[k]! * Math.abs(m.BT[k]![i]!), 0)));
}

/** κ = max K²: (127/15)² ≈ 71.7 for F4X4. */
export const KAPPA_4X4 = Math.max(...amplification(F4X4).flat()) ** 2;
/** ε of the bound: 1e-5 · κ ≈ 7.17e-4. */
export const EPSILON_4X4 = 1e-5 * KAPPA_4X4;

/**
 * The reference result of a conv2d and, per output, the magnitude that EPSILON_4X4 multiplies:
 * slope · (Σ_c max_k |w[o, c, k]| · Σ_patch |x[c]| + |bias[o]|), in the output's layout.
 */
export function expectedWinograd4x4(input: Tensor, filter: Tensor, options: Conv2dOptions): { output: Tensor; bound: Float64Array } {
  const output = reference.conv2d(input, filter, options);
  const p = resolveConv(CONV2D, input.shape, filter.shape, options);
  const x = p.inputLayout === 'nhwc' ? nhwcToNchw(input).data : input.data;
  const w = convertFilterLayout(filter, p.filterLayout, 'oihw').data;
  const { batch: N, inChannels: C, inHeight: H, inWidth: W, outChannels: O, outHeight: OH, outWidth: OW } = p;
  const [padTop, , padLeft] = p.padding;
  const [dH, dW] = p.dilations;
  // A dilated convolution runs as dH·dW undilated ones, one per phase (oy mod dH, ox mod dW),
  // each tiled on its own lattice: output (oy, ox)'s tile patch starts at padded row
  // py + dH·4·⌊⌊oy/dH⌋/4⌋ and steps dH rows (likewise columns).
  const patchStart = (o: number, d: number, pad: number) => (o % d) + d * 4 * Math.floor(Math.floor(o / d) / 4) - pad;
  const rowStart = Array.from({ length: OH }, (_, oy) => patchStart(oy, dH, padTop));
  const colStart = Array.from({ length: OW }, (_, ox) => patchStart(ox, dW, padLeft));
  // Σ |x| over a tile's 6×6 patch, per image and channel, cached per patch.
  const sums = new Map<string, number>();
  const patchSum = (n: number, c: number, top: number, left: number): number => {
    const key = `${n},${c},${top},${left}`;
    let sum = sums.get(key);
    if (sum !== undefined) return sum;
    sum = 0;
    const plane = (n * C + c) * H * W;
    for (let u = 0; u < 6; u++) {
      const i = top + u * dH;
      if (i < 0 || i >= H) continue;
      for (let v = 0; v < 6; v++) {
        const j = left + v * dW;
        if (j >= 0 && j < W) sum += Math.abs(x[plane + i * W + j]!);
      }
    }
    sums.set(key, sum);
    return sum;
  };
  const wMax = new Float64Array(O * C);
  for (let k = 0; k < w.length; k++) wMax[Math.floor(k / 9)] = Math.max(wMax[Math.floor(k / 9)]!, Math.abs(w[k]!));
  const slope = activationSlope(options.activation);
  const bias = p.bias;
  const bound = new Float64Array(N * O * OH * OW);
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) {
      for (let oy = 0; oy < OH; oy++) {
        for (let ox = 0; ox < OW; ox++) {
          let sum = bias === null ? 0 : Math.abs(bias[o]!);
          for (let c = 0; c < C; c++) sum += wMax[o * C + c]! * patchSum(n, c, rowStart[oy]!, colStart[ox]!);
          const at = p.inputLayout === 'nhwc' ? ((n * OH + oy) * OW + ox) * O + o : ((n * O + o) * OH + oy) * OW + ox;
          bound[at] = slope * sum;
        }
      }
    }
  }
  return { output, bound };
}
