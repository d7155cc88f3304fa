import * as A from './args';
import { arg, ptr } from './args';
import { gemmTile, gemmTileRuns, MR, NR } from './gemm';
import { im2colRows } from './im2col';

/**
 * Dense or grouped convolution, NHWC in and out: per image and group, C[P × Mg] = X̄[P × K] ·
 * W[K × Mg], with X̄ the im2col rows of a tile of output pixels (broadcast by the microkernel)
 * and W the filter packed in NR-wide panels (packPanels: k = (i·kW + j)·Cg + c). Output rows
 * are pixels with channels contiguous. K is split in blocks as in convNchw.
 *
 * A 1×1, stride-1, unpadded convolution (`A_POINTWISE` set, by src/engine/conv-plan.ts's isPointwise)
 * skips im2col: the input pixels are the rows. Otherwise a block of MR pixels whose windows lie
 * inside the image is read in place (gemmTileRuns: per pixel an origin, per run of the window a
 * fixed offset; a kernel row is one run of kW·Cg floats without groups or width dilation), and
 * only the other blocks (borders, a last partial block) get im2col rows. K then goes in blocks
 * of whole runs, at most max(A_DEPTH_BLOCK, one run) floats.
 *
 * No prologue: tiles [begin, end) of the grid batch × groups × tiles of `A_TILE_PIXELS` pixels (the
 * pixel tile fastest), each writing its group's output channels over its pixels; `scratch`
 * holds the tile's im2col rows (A_TILE_PIXELS × K floats, + 4), then its pixels' origins
 * (A_TILE_PIXELS u32) and the runs' offsets (kH·kW u32).
 */
export function convNhwc(args: usize, scratch: usize, begin: i32, end: i32): void {
  const inC = arg(args, A.A_IN_CHANNELS);
  const inH = arg(args, A.A_IN_HEIGHT);
  const inW = arg(args, A.A_IN_WIDTH);
  const outC = arg(args, A.A_OUT_CHANNELS);
  const outH = arg(args, A.A_OUT_HEIGHT);
  const outW = arg(args, A.A_OUT_WIDTH);
  const kH = arg(args, A.A_KERNEL_HEIGHT);
  const kW = arg(args, A.A_KERNEL_WIDTH);
  const sH = arg(args, A.A_STRIDE_H);
  const sW = arg(args, A.A_STRIDE_W);
  const dH = arg(args, A.A_DILATION_H);
  const dW = arg(args, A.A_DILATION_W);
  const pT = arg(args, A.A_PAD_TOP);
  const pL = arg(args, A.A_PAD_LEFT);
  const groups = arg(args, A.A_GROUPS);
  const input = ptr(args, A.A_INPUT);
  const weights = ptr(args, A.A_WEIGHTS);
  const bias = ptr(args, A.A_BIAS);
  const output = ptr(args, A.A_OUTPUT);
  const work = scratch;
  const zeros = ptr(args, A.A_ZEROS);
  const act = arg(args, A.A_ACT);
  const actParams = args + (<usize>A.A_ACT_P0 << 2);
  const tile = arg(args, A.A_TILE_PIXELS);
  const depthBlock = arg(args, A.A_DEPTH_BLOCK);

  const pixels = outH * outW;
  const groupIn = inC / groups;
  const groupOut = outC / groups;
  const panels = (groupOut + NR - 1) / NR;
  const depth = groupIn * kH * kW;
  const pointwise = arg(args, A.A_POINTWISE) != 0;
  const outRowStride = <usize>outC << 2;

  // The window's runs: a kernel row's taps are adjacent pixels without groups or width dilation.
  const adjacent = groupIn == inC && dW == 1;
  const runLength = adjacent ? kW * groupIn : groupIn;
  const runs = depth / runLength;
  const runsPerBlock = max(1, depthBlock / runLength);
  const blockDepth = runsPerBlock * runLength;
  const origins = work + (<usize>(tile * depth + 4) << 2);
  const offsets = origins + (<usize>tile << 2);
  if (!pointwise) {
    for (let r = 0; r < runs; r++) {
      const i = adjacent ? r : r / kW;
      const j = adjacent ? 0 : r - i * kW;
      store<u32>(offsets + (<usize>r << 2), <u32>((i * dH * inW + j * dW) * inC) << 2);
    }
  }

  const pixelTiles = (pixels + tile - 1) / tile;
  for (let t = begin; t < end; t++) {
    const ng = t / pixelTiles;
    const first = (t - ng * pixelTiles) * tile;
    const n = ng / groups;
    const g = ng - n * groups;
    const image = input + (<usize>(n * inH * inW * inC) << 2);
    const count = min(tile, pixels - first);
    let rowsBase: usize;
    let aRowStride: usize;
    if (pointwise) {
      rowsBase = image + (<usize>(first * inC + g * groupIn) << 2);
      aRowStride = <usize>inC << 2;
    } else {
      rowsBase = work;
      aRowStride = <usize>depth << 2;
      // Each block of MR pixels: read in place (origins) if every window is inside the image,
      // else im2col rows (origin 0 marks the block).
      let oh = first / outW;
      let ow = first - oh * outW;
      const groupBase = image + (<usize>(g * groupIn) << 2);
      for (let m0 = 0; m0 < count; m0 += MR) {
        const rows = min(MR, count - m0);
        let inside = rows == MR;
        for (let r = 0; r < rows; r++) {
          const h = oh * sH - pT;
          const w = ow * sW - pL;
          inside = inside && h >= 0 && h + (kH - 1) * dH < inH && w >= 0 && w + (kW - 1) * dW < inW;
          store<u32>(origins + (<usize>(m0 + r) << 2), <u32>(groupBase + (<usize>((h * inW + w) * inC) << 2)));
          if (++ow == outW) {
            ow = 0;
            oh++;
          }
        }
        if (!inside) {
          store<u32>(origins + (<usize>m0 << 2), 0);
          im2colRows(work + <usize>m0 * aRowStride, image, inH, inW, inC, g * groupIn, groupIn, kH, kW, sH, sW, dH, dW, pT, pL, outW, first + m0, rows);
        }
      }
    }
    const y = output + (<usize>((n * pixels + first) * outC + g * groupOut) << 2);
    const step = pointwise ? depthBlock : blockDepth;
    for (let k0 = 0; k0 < depth; k0 += step) {
      const kc = min(step, depth - k0);
      const last = k0 + kc >= depth;
      for (let p = 0; p < panels; p++) {
        const panel = weights + (<usize>(((g * panels + p) * depth + k0) * NR) << 2);
        const panelBias = bias + (<usize>((g * panels + p) * NR) << 2);
        const cols = min(NR, groupOut - p * NR);
        for (let m0 = 0; m0 < count; m0 += MR) {
          if (!pointwise && load<u32>(origins + (<usize>m0 << 2)) != 0) {
            gemmTileRuns(
              origins + (<usize>m0 << 2), offsets + (<usize>(k0 / runLength) << 2), kc / runLength, runLength, panel,
              cols, y + <usize>m0 * outRowStride + (<usize>(p * NR) << 2), outRowStride,
              zeros, panelBias, k0 > 0,
              last ? act : 0, actParams,
            );
            continue;
          }
          gemmTile(
            min(MR, count - m0), rowsBase + <usize>m0 * aRowStride + (<usize>k0 << 2), aRowStride,
            kc, panel,
            cols, y + <usize>m0 * outRowStride + (<usize>(p * NR) << 2), outRowStride,
            zeros, panelBias, k0 > 0,
            last ? act : 0, actParams,
          );
        }
      }
    }
  }
}
