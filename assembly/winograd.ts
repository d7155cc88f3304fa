import * as A from './args';
import { arg, ptr } from './args';
import { gemmTile, MR, NR } from './gemm';
import { inputTile, padImageNhwc } from './winograd-input';
import { SKEW, uPlane, winogradDepth } from './winograd-layout';
import { outputTile } from './winograd-output';

/**
 * Dense 3×3, stride-1, dilation-1 convolution by Winograd's F(2×2, 3×3), NCHW or NHWC
 * (`A_FLAG` = 1) in and out. Per image:
 *   1. the image is copied once into a zero-padded NHWC buffer (padImageNhwc);
 *   2. per block of `A_TILE` tiles of 2×2 outputs, V[ξ] = Bᵀ d B of every tile's 4×4 patch
 *      (rows = tiles, K = input channels), for the 16 positions ξ of the transformed tile;
 *   3. M[ξ] = V[ξ] · U[ξ] by the GEMM microkernel, U = G g Gᵀ packed by packWinograd;
 *   4. Y = Aᵀ M A + bias, activated, into the output, clipped at the right and bottom edges.
 * Each output then costs 16/4 = 4 products per (c, o) instead of 9.
 *
 * Workspace, in this order: the padded image [(2·tilesH + 2) × (2·tilesW + 2) × Cp], then V and
 * M of one block (assembly/winograd-layout.ts; Cp = input channels rounded up to 4, T =
 * `A_TILE`). src/engine/winograd-plan.ts sizes it.
 */
export function convWinograd(args: usize): void {
  // Two copies of the driver, one per layout, so the stores need no test per output.
  if (arg(args, A.A_FLAG) != 0) winograd(args, false);
  else winograd(args, true);
}

// @ts-ignore: decorator
@inline function winograd(args: usize, nchw: bool): void {
  const batch = arg(args, A.A_BATCH);
  const inC = arg(args, A.A_IN_CHANNELS);
  const inH = arg(args, A.A_IN_HEIGHT);
  const inW = arg(args, A.A_IN_WIDTH);
  const outC = arg(args, A.A_OUT_CHANNELS);
  const outH = arg(args, A.A_OUT_HEIGHT);
  const outW = arg(args, A.A_OUT_WIDTH);
  const pT = arg(args, A.A_PAD_TOP);
  const pL = arg(args, A.A_PAD_LEFT);
  const input = ptr(args, A.A_INPUT);
  const bias = ptr(args, A.A_BIAS);
  const output = ptr(args, A.A_OUTPUT);
  const work = ptr(args, A.A_WORK);
  const zeros = ptr(args, A.A_ZEROS);
  const act = arg(args, A.A_ACT);
  const actParams = args + (<usize>A.A_ACT_P0 << 2);
  const block = arg(args, A.A_TILE);
  const m = 2; // outputs per tile side
  const xis = 16; // positions ξ of a transformed tile
  const depth = winogradDepth(inC);
  const panels = (outC + NR - 1) / NR;
  const width = panels * NR;
  const tilesH = (outH + m - 1) / m;
  const tilesW = (outW + m - 1) / m;
  const tiles = tilesH * tilesW;
  const paddedH = tilesH * m + 2;
  const paddedW = tilesW * m + 2;

  const padded = work;
  const v = padded + (<usize>(paddedH * paddedW * depth) << 2);
  const vPlane = block * depth + SKEW; // floats from V[ξ] to V[ξ + 1]
  const mTile = xis * width + SKEW; // floats from M[t] to M[t + 1]
  const mm = v + (<usize>(xis * vPlane) << 2);
  const u = ptr(args, A.A_WEIGHTS);

  const pixelIn = <usize>depth << 2;
  const rowIn = <usize>paddedW * pixelIn;
  const vXi = <usize>vPlane << 2;
  const vRow = <usize>depth << 2;
  const uXi = <usize>uPlane(outC, inC) << 2;
  const mRow = <usize>mTile << 2;
  const mXi = <usize>width << 2;
  const imageIn = <usize>(inC * inH * inW) << 2;
  const imageOut = <usize>(outC * outH * outW) << 2;
  // Output strides: NHWC pixels hold outC floats; NCHW channels are planes.
  const channelBytes: usize = nchw ? <usize>(outH * outW) << 2 : 4;
  const pixelBytes: usize = nchw ? 4 : <usize>outC << 2;
  const rowBytes = <usize>outW * pixelBytes;

  for (let image = 0; image < batch; image++) {
    padImageNhwc(padded, input + <usize>image * imageIn, nchw, inC, inH, inW, depth, pT, pL, paddedH, paddedW);
    const out = output + <usize>image * imageOut;
    for (let t0 = 0; t0 < tiles; t0 += block) {
      const count = min(block, tiles - t0);
      for (let t = 0; t < count; t++) {
        const ty = (t0 + t) / tilesW;
        const tx = (t0 + t) - ty * tilesW;
        const patch = padded + <usize>(ty * m) * rowIn + <usize>(tx * m) * pixelIn;
        for (let c = 0; c < depth; c += 4) {
          inputTile(patch + (<usize>c << 2), pixelIn, rowIn, v + <usize>t * vRow + (<usize>c << 2), vXi);
        }
      }
      for (let xi = 0; xi < xis; xi++) {
        const a = v + <usize>xi * vXi;
        for (let p = 0; p < panels; p++) {
          const b = u + <usize>xi * uXi + (<usize>(p * depth * NR) << 2);
          const c = mm + <usize>xi * mXi + (<usize>(p * NR) << 2);
          for (let r = 0; r < count; r += MR) {
            gemmTile(min(MR, count - r), a + <usize>r * vRow, vRow, depth, b, NR, c + <usize>r * mRow, mRow, zeros, zeros, false, 0, actParams);
          }
        }
      }
      for (let t = 0; t < count; t++) {
        const ty = (t0 + t) / tilesW;
        const tx = (t0 + t) - ty * tilesW;
        const y0 = ty * m;
        const x0 = tx * m;
        const rows = min(m, outH - y0);
        const cols = min(m, outW - x0);
        const pixel = out + <usize>y0 * rowBytes + <usize>x0 * pixelBytes;
        for (let o = 0; o < outC; o += 4) {
          outputTile(
            mm + <usize>t * mRow + (<usize>o << 2), mXi, bias + (<usize>o << 2), act, actParams,
            pixel + <usize>o * channelBytes, rows, cols, min(4, outC - o), !nchw, rowBytes, pixelBytes, channelBytes,
          );
        }
      }
    }
  }
}
