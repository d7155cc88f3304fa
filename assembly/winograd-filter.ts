import { NR } from './gemm';
import { filterRow, G, lineScalar } from './winograd-transforms';

// The filter side of Winograd F(2×2, 3×3): U = G g Gᵀ for every (output, input) channel pair,
// laid out as the 16 GEMM B operands the microkernel reads: U[ξ][panel][c][NR], ξ = 4a + b the
// position in the 4×4 transformed tile, NR output channels per panel (zero-padded), K = the
// input channels rounded up to 4 (zero rows), so the input side can go 4 channels a v128.

/** The 3×3 taps of four output channels (one per lane), gathered here. */
const taps = memory.data(9 * 16, 16);
/** Scratch of the scalar build: G g, 4 × 3 × 4 lanes. */
const half = memory.data(4 * 3 * 16, 16);

/**
 * Packs U. The source may be in any layout: element (o, c, i, j) sits at
 * src + (o·so + c·sc + i·sh + j·sw)·4, as in assembly/pack.ts; `flip` reads the kernel rotated
 * by 180°. U[ξ] is `(outChannels rounded up to NR) × (inChannels rounded up to 4)` floats.
 */
export function packWinograd(
  src: usize, so: i32, sc: i32, sh: i32, sw: i32,
  outChannels: i32, inChannels: i32, flip: bool, dst: usize,
): void {
  const panels = (outChannels + NR - 1) / NR;
  const depth = (inChannels + 3) & ~3;
  const xiStride = <usize>(panels * depth * NR) << 2; // bytes from U[ξ] to U[ξ + 1]
  for (let p = 0; p < panels; p++) {
    for (let c = 0; c < depth; c++) {
      for (let q = 0; q < NR; q += 4) {
        const o0 = p * NR + q;
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
        filterTile(dst + (<usize>((p * depth + c) * NR + q) << 2), xiStride);
      }
    }
  }
}

/** G g Gᵀ of the four kernels in `taps`, element ξ to at + ξ·xiStride. */
// @ts-ignore: decorator
@inline function filterTile(at: usize, xiStride: usize): void {
  if (ASC_FEATURE_SIMD) {
    // G's rows 0 and 3 pick kernel rows 0 and 2; rows 1 and 2 are (g0 + g2)/2 ± g1/2.
    const g00 = v128.load(taps), g01 = v128.load(taps, 16), g02 = v128.load(taps, 32);
    const g10 = v128.load(taps, 48), g11 = v128.load(taps, 64), g12 = v128.load(taps, 80);
    const g20 = v128.load(taps, 96), g21 = v128.load(taps, 112), g22 = v128.load(taps, 128);
    const half = f32x4.splat(0.5);
    const e0 = f32x4.mul(f32x4.add(g00, g20), half), o0 = f32x4.mul(g10, half);
    const e1 = f32x4.mul(f32x4.add(g01, g21), half), o1 = f32x4.mul(g11, half);
    const e2 = f32x4.mul(f32x4.add(g02, g22), half), o2 = f32x4.mul(g12, half);
    const row = xiStride << 2;
    filterRow(g00, g01, g02, at, xiStride);
    filterRow(f32x4.add(e0, o0), f32x4.add(e1, o1), f32x4.add(e2, o2), at + row, xiStride);
    filterRow(f32x4.sub(e0, o0), f32x4.sub(e1, o1), f32x4.sub(e2, o2), at + 2 * row, xiStride);
    filterRow(g20, g21, g22, at + 3 * row, xiStride);
  } else {
    for (let lane = 0; lane < 4; lane++) {
      const l = <usize>lane << 2;
      for (let j = 0; j < 3; j++) lineScalar(G, 4, 3, taps + l + (<usize>j << 4), 48, half + l + (<usize>j << 4), 48);
      for (let a = 0; a < 4; a++) lineScalar(G, 4, 3, half + l + <usize>a * 48, 16, at + l + <usize>(a * 4) * xiStride, xiStride);
    }
  }
}
