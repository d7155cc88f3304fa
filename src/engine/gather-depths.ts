import type { WasmKernels } from '../wasm/kernels.js';

/**
 * The most floats a call's gathered depth planes may take before it goes in chunks of output
 * depths: 4 Mi floats (16 MiB), or the input's own size if that is larger (conv3d's gathered
 * buffer is kD / sD times the input; a chunk bounds it). conv3d and convTranspose3d share it.
 */
export const GATHER_FLOATS = 1 << 22;

/** A volume's geometry as the gather reads it. */
export interface VolumeGeometry {
  readonly ncdhw: boolean;
  readonly groups: number;
  /** Input channels, all groups. */
  readonly channels: number;
  readonly depth: number;
  /** Height × width. */
  readonly plane: number;
}

/**
 * Gathers, for each of `count` 2-D images, `J` depth planes of one input volume side by side as
 * `J · C` channels, group-major (`[g][j][c]`, so a 2-D convolution's groups stay contiguous): the
 * depth folded into the channels, as conv3d and convTranspose3d run it. `depthsOf(i)` gives image
 * `i`'s volume (`n`) and its `J` depths (−1: a plane of zeros). `dst` holds the images one after
 * another, NCHW or NHWC as the volume's layout.
 */
export function gatherDepthPlanes(kernels: WasmKernels, v: VolumeGeometry, src: number, dst: number, count: number, depthsOf: (i: number) => { readonly n: number; readonly depths: readonly number[] }): void {
  const { groups, channels: cin, depth, plane } = v;
  const cg = cin / groups;
  const mem = kernels.f32(0, kernels.buffer.byteLength >> 2);
  for (let i = 0; i < count; i++) {
    const { n, depths } = depthsOf(i);
    const J = depths.length;
    const image = (dst >> 2) + i * J * cin * plane;
    depths.forEach((d, j) => {
      if (v.ncdhw) {
        for (let g = 0; g < groups; g++) {
          for (let c = 0; c < cg; c++) {
            const to = image + ((g * J + j) * cg + c) * plane;
            if (d < 0) mem.fill(0, to, to + plane);
            else {
              const from = (src >> 2) + ((n * cin + g * cg + c) * depth + d) * plane;
              mem.copyWithin(to, from, from + plane);
            }
          }
        }
      } else if (d < 0) {
        for (let px = 0; px < plane; px++) {
          for (let g = 0; g < groups; g++) {
            const at = image + px * J * cin + (g * J + j) * cg;
            mem.fill(0, at, at + cg);
          }
        }
      } else {
        // Each pixel's C channels of depth d, group by group, to channels [g][j][·] of the gathered pixel.
        kernels.exports.scatterPhase(src + 4 * (n * depth + d) * plane * cin, dst + 4 * (i * plane * J * cin + j * cg), 1, 0, 0, groups, cg, J * cg, plane, cin, J * cin, 1, 0, 0, cg);
      }
    });
  }
}
