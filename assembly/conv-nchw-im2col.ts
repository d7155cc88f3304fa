import * as A from './args';
import { arg, ptr } from './args';
import { gemmTile, MR, NR } from './gemm';
import { im2colPanels } from './im2col';

/**
 * Dense or grouped convolution, NCHW in and out: per image and group, C[Mg × P] = W[Mg × K] ·
 * X̄[K × P], with W the filter rows (packRows: k = (c·kH + i)·kW + j) broadcast by the
 * microkernel and X̄ the im2col of a tile of output pixels packed in NR-wide panels. Output
 * rows are channel planes, so nothing is transposed. K is split in blocks of `A_DEPTH_BLOCK`
 * so that a tile's panels stay in cache; the bias enters with the first block and the
 * activation with the last.
 *
 * A 1×1, stride-1, unpadded convolution skips im2col: the input planes are the panels.
 */
export function convNchwIm2col(args: usize): void {
  const batch = arg(args, A.A_BATCH);
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
  const work = ptr(args, A.A_WORK);
  const zeros = ptr(args, A.A_ZEROS);
  const act = arg(args, A.A_ACT);
  const actParams = args + (<usize>A.A_ACT_P0 << 2);
  const tile = arg(args, A.A_TILE);
  const depthBlock = arg(args, A.A_DEPTH_BLOCK);

  const pixels = outH * outW;
  const plane = inH * inW;
  const groupIn = inC / groups;
  const groupOut = outC / groups;
  const depth = groupIn * kH * kW;
  const pointwise = kH == 1 && kW == 1 && sH == 1 && sW == 1 && pT == 0 && pL == 0 && outH == inH && outW == inW;
  const aRowStride = <usize>depth << 2;
  const outRowStride = <usize>pixels << 2;

  for (let n = 0; n < batch; n++) {
    for (let g = 0; g < groups; g++) {
      const x = input + (<usize>((n * inC + g * groupIn) * plane) << 2);
      const y = output + (<usize>((n * outC + g * groupOut) * pixels) << 2);
      const w = weights + (<usize>(g * groupOut * depth) << 2);
      const b = bias + (<usize>(g * groupOut) << 2);
      for (let first = 0; first < pixels; first += tile) {
        const count = min(tile, pixels - first);
        const panels = (count + NR - 1) / NR;
        for (let k0 = 0; k0 < depth; k0 += depthBlock) {
          const kc = min(depthBlock, depth - k0);
          const last = k0 + kc >= depth;
          let panelBase: usize;
          let panelStride: usize;
          let depthStride: usize;
          if (pointwise) {
            panelBase = x + (<usize>(k0 * plane + first) << 2);
            panelStride = NR << 2;
            depthStride = <usize>plane << 2;
          } else {
            im2colPanels(work, x, inH, inW, kH, kW, sH, sW, dH, dW, pT, pL, outW, first, count, k0, kc);
            panelBase = work;
            panelStride = <usize>(kc * NR) << 2;
            depthStride = NR << 2;
          }
          for (let m0 = 0; m0 < groupOut; m0 += MR) {
            const rows = min(MR, groupOut - m0);
            const a = w + (<usize>(m0 * depth + k0) << 2);
            const yRow = y + (<usize>(m0 * pixels + first) << 2);
            for (let p = 0; p < panels; p++) {
              gemmTile(
                rows, a, aRowStride,
                kc, panelBase + <usize>p * panelStride, depthStride,
                min(NR, count - p * NR), yRow + (<usize>(p * NR) << 2), outRowStride,
                b + (<usize>m0 << 2), zeros, k0 > 0,
                last ? act : 0, actParams,
              );
            }
          }
        }
      }
    }
  }
}
