import { NR } from './gemm';

// Filter packing. The source may be in any layout: element (o, c, i, j) — output channel, input
// channel within its group, kernel row, kernel column — sits at src + (o·so + c·sc + i·sh + j·sw)·4.
// `flip` reads the kernel rotated by 180° (true convolution).

// @ts-ignore: decorator
@inline function weightAt(src: usize, so: i32, sc: i32, sh: i32, sw: i32, o: i32, c: i32, i: i32, j: i32): f32 {
  return load<f32>(src + (<usize>(o * so + c * sc + i * sh + j * sw) << 2));
}

/** Rows [M][K] with k = (c·kH + i)·kW + j: the OIHW filter, flattened per output channel. */
export function packRows(
  src: usize, so: i32, sc: i32, sh: i32, sw: i32,
  outChannels: i32, groupChannels: i32, kernelH: i32, kernelW: i32, flip: bool, dst: usize,
): void {
  let d = dst;
  for (let o = 0; o < outChannels; o++) {
    for (let c = 0; c < groupChannels; c++) {
      for (let i = 0; i < kernelH; i++) {
        const si = flip ? kernelH - 1 - i : i;
        for (let j = 0; j < kernelW; j++) {
          const sj = flip ? kernelW - 1 - j : j;
          store<f32>(d, weightAt(src, so, sc, sh, sw, o, c, si, sj));
          d += 4;
        }
      }
    }
  }
}

/**
 * Panels [G][P][K][NR] for the NHWC GEMM: per group, its output channels in panels of NR
 * (zero-padded), K-major with k = (i·kW + j)·Cg + c, the order of an NHWC im2col row.
 */
export function packPanels(
  src: usize, so: i32, sc: i32, sh: i32, sw: i32,
  outChannels: i32, groupChannels: i32, kernelH: i32, kernelW: i32, flip: bool, groups: i32, dst: usize,
): void {
  const perGroup = outChannels / groups;
  const panels = (perGroup + NR - 1) / NR;
  let d = dst;
  for (let g = 0; g < groups; g++) {
    for (let p = 0; p < panels; p++) {
      for (let i = 0; i < kernelH; i++) {
        const si = flip ? kernelH - 1 - i : i;
        for (let j = 0; j < kernelW; j++) {
          const sj = flip ? kernelW - 1 - j : j;
          for (let c = 0; c < groupChannels; c++) {
            for (let r = 0; r < NR; r++) {
              const o = p * NR + r;
              store<f32>(d, o < perGroup ? weightAt(src, so, sc, sh, sw, g * perGroup + o, c, si, sj) : 0);
              d += 4;
            }
          }
        }
      }
    }
  }
}

/** Depthwise NHWC taps [kH·kW][Mp]: each tap's weights for all channels, zero-padded to Mp. */
export function packTaps(
  src: usize, so: i32, sc: i32, sh: i32, sw: i32,
  outChannels: i32, paddedChannels: i32, kernelH: i32, kernelW: i32, flip: bool, dst: usize,
): void {
  let d = dst;
  for (let i = 0; i < kernelH; i++) {
    const si = flip ? kernelH - 1 - i : i;
    for (let j = 0; j < kernelW; j++) {
      const sj = flip ? kernelW - 1 - j : j;
      for (let o = 0; o < paddedChannels; o++) {
        store<f32>(d, o < outChannels ? weightAt(src, so, sc, sh, sw, o, 0, si, sj) : 0);
        d += 4;
      }
    }
  }
}
