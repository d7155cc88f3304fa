import { NR } from './gemm';
import { filterLine2, filterLine4, G2, G4, lineScalar } from './winograd-transforms';

// The filter side of Winograd F(m×m, 3×3): U = G g Gᵀ for every (output, input) channel pair,
// laid out as the n² GEMM B operands the microkernel reads: U[ξ][panel][c][NR], ξ = a·n + b
// the position in the n×n transformed tile, NR output channels per panel (zero-padded), K =
// the input channels rounded up to 4 (zero rows), so the input side can go 4 channels a v128.

/** The 3×3 taps of four output channels (one per lane), gathered here; then G·g; then G·g·Gᵀ. */
const taps = memory.data(9 * 16, 16);
const half = memory.data(6 * 3 * 16, 16);

/** Floats of the packed U for F(m×m): n² · panels · Cp · NR. */
// @ts-ignore: decorator
@inline export function winogradFilterFloats(m: i32, outChannels: i32, inChannels: i32): i32 {
  const n = m + 2;
  return n * n * ((outChannels + NR - 1) / NR) * NR * ((inChannels + 3) & ~3);
}

/**
 * Packs U for F(m×m, 3×3), m = 2 or 4. The source may be in any layout: element (o, c, i, j)
 * sits at src + (o·so + c·sc + i·sh + j·sw)·4, as in assembly/pack.ts; `flip` reads the kernel
 * rotated by 180°. Runs once per packed filter, so it goes four output channels a v128.
 */
export function packWinograd(
  src: usize, so: i32, sc: i32, sh: i32, sw: i32,
  outChannels: i32, inChannels: i32, flip: bool, m: i32, dst: usize,
): void {
  const n = m + 2;
  const panels = (outChannels + NR - 1) / NR;
  const depth = (inChannels + 3) & ~3;
  const xiStride = <usize>(panels * depth * NR) << 2; // bytes from U[ξ] to U[ξ + 1]
  for (let p = 0; p < panels; p++) {
    for (let c = 0; c < depth; c++) {
      for (let q = 0; q < NR; q += 4) {
        const o0 = p * NR + q;
        const at = dst + (<usize>((p * depth + c) * NR + q) << 2);
        // Gather the taps of output channels o0…o0+3 (zero where o or c is out of range).
        for (let i = 0; i < 3; i++) {
          const si = flip ? 2 - i : i;
          for (let j = 0; j < 3; j++) {
            const sj = flip ? 2 - j : j;
            for (let lane = 0; lane < 4; lane++) {
              const o = o0 + lane;
              const w: f32 = o < outChannels && c < inChannels
                ? load<f32>(src + (<usize>(o * so + c * sc + si * sh + sj * sw) << 2))
                : 0;
              store<f32>(taps + (<usize>((i * 3 + j) * 4 + lane) << 2), w);
            }
          }
        }
        transformTaps(n, at, xiStride);
      }
    }
  }
}

/** G·g·Gᵀ of the four kernels in `taps`, each of the n² results to at + ξ·xiStride. */
function transformTaps(n: i32, at: usize, xiStride: usize): void {
  if (ASC_FEATURE_SIMD) {
    // Columns: half[a][j] = Σ_i G[a][i] · g[i][j]; rows: U[a][b] = Σ_j half[a][j] · G[b][j].
    for (let j = 0; j < 3; j++) {
      const column = taps + (<usize>j << 4);
      const into = half + (<usize>j << 4);
      if (n == 4) filterLine2(column, 48, into, 48);
      else filterLine4(column, 48, into, 48);
    }
    for (let a = 0; a < n; a++) {
      const row = half + <usize>a * 48;
      const into = at + <usize>(a * n) * xiStride;
      if (n == 4) filterLine2(row, 16, into, xiStride);
      else filterLine4(row, 16, into, xiStride);
    }
  } else {
    const g = n == 4 ? G2 : G4;
    for (let lane = 0; lane < 4; lane++) {
      const lanes = <usize>lane << 2;
      for (let j = 0; j < 3; j++) lineScalar(g, n, 3, taps + lanes + (<usize>j << 4), 48, half + lanes + (<usize>j << 4), 48);
      for (let a = 0; a < n; a++) lineScalar(g, n, 3, half + lanes + <usize>a * 48, 16, at + lanes + <usize>(a * n) * xiStride, xiStride);
    }
  }
}
