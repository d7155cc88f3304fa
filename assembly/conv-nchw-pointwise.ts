import * as A from './args';
import { arg, ptr } from './args';
import { copyFloats } from './copy';
import { gemmTile, MR, NR } from './gemm';

/**
 * 1×1, stride-1, unpadded convolution, NCHW in and out: per image and group, C[Mg × P] =
 * W[Mg × Cg] · X[Cg × P]. The input planes already are B: row c of a panel is NR pixels at
 * c·H·W; each panel is gathered into L1 once and shared by all the output channels. The depth
 * (channels) goes in blocks of `A_DEPTH_BLOCK`; the bias enters with the first block, the
 * activation with the last. No prologue: tiles [begin, end) of the grid batch × groups × tiles
 * of `A_TILE_PIXELS` pixels (the pixel tile fastest), each writing all of its group's output channels
 * over its pixels; `scratch` holds the gathered panel (depthBlock × NR floats).
 */
export function convNchwPointwise(args: usize, scratch: usize, begin: i32, end: i32): void {
  const inC = arg(args, A.A_IN_CHANNELS);
  const outC = arg(args, A.A_OUT_CHANNELS);
  const pixels = arg(args, A.A_OUT_HEIGHT) * arg(args, A.A_OUT_WIDTH);
  const groups = arg(args, A.A_GROUPS);
  const input = ptr(args, A.A_INPUT);
  const weights = ptr(args, A.A_WEIGHTS);
  const bias = ptr(args, A.A_BIAS);
  const output = ptr(args, A.A_OUTPUT);
  const zeros = ptr(args, A.A_ZEROS);
  const act = arg(args, A.A_ACT);
  const actParams = args + (<usize>A.A_ACT_P0 << 2);
  const tile = arg(args, A.A_TILE_PIXELS);
  const depthBlock = arg(args, A.A_DEPTH_BLOCK);
  const panel = scratch; // depthBlock × NR floats

  const groupIn = inC / groups;
  const groupOut = outC / groups;
  const aRowStride = <usize>groupIn << 2;
  const planeBytes = <usize>pixels << 2;
  const pixelTiles = (pixels + tile - 1) / tile;
  for (let t = begin; t < end; t++) {
    const ng = t / pixelTiles;
    const first = (t - ng * pixelTiles) * tile;
    const n = ng / groups;
    const g = ng - n * groups;
    const x = input + (<usize>((n * inC + g * groupIn) * pixels) << 2);
    const y = output + (<usize>((n * outC + g * groupOut) * pixels) << 2);
    const w = weights + (<usize>(g * groupOut * groupIn) << 2);
    const b = bias + (<usize>(g * groupOut) << 2);
    const count = min(tile, pixels - first);
    for (let k0 = 0; k0 < groupIn; k0 += depthBlock) {
      const kc = min(depthBlock, groupIn - k0);
      const last = k0 + kc >= groupIn;
      for (let p = 0; p < count; p += NR) {
        // Gather the panel's kc channel rows (NR floats each, a plane apart) into L1 once;
        // the Mg/MR microkernel calls then read it at a constant stride.
        let from = x + <usize>k0 * planeBytes + (<usize>(first + p) << 2);
        let to = panel;
        for (let k = 0; k < kc; k++) {
          copyFloats(to, from, NR);
          from += planeBytes;
          to += NR << 2;
        }
        const cols = min(NR, count - p);
        for (let m0 = 0; m0 < groupOut; m0 += MR) {
          gemmTile(
            min(MR, groupOut - m0), w + (<usize>(m0 * groupIn + k0) << 2), aRowStride,
            kc, panel,
            cols, y + (<usize>(m0 * pixels + first + p) << 2), planeBytes,
            b + (<usize>m0 << 2), zeros, k0 > 0,
            last ? act : 0, actParams,
          );
        }
      }
    }
  }
}
