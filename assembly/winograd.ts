import * as A from './args';
import { arg, ptr } from './args';
import { gemmTile, MR, NR } from './gemm';
import { inputTile, padImageNhwc } from './winograd-input';
import { mTile, uPlane, vPlane, winogradDepth, winogradWidth } from './winograd-layout';
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
 * Workspace, in this order: the padded image [(2·tilesH + 2) × (2·tilesW + 2) × Cp] (Cp = input
 * channels rounded up to 4), then V and M of one block (assembly/winograd-layout.ts).
 * src/engine/winograd-plan.ts sizes it.
 */
export function convWinograd(args: usize): void {
  const nhwc = arg(args, A.A_FLAG) != 0;
  const batch = arg(args, A.A_BATCH);
  const inC = arg(args, A.A_IN_CHANNELS);
  const inH = arg(args, A.A_IN_HEIGHT);
  const inW = arg(args, A.A_IN_WIDTH);
  const outC = arg(args, A.A_OUT_CHANNELS);
  const outH = arg(args, A.A_OUT_HEIGHT);
  const outW = arg(args, A.A_OUT_WIDTH);
  const input = ptr(args, A.A_INPUT);
  const output = ptr(args, A.A_OUTPUT);
  const block = arg(args, A.A_TILE);

  const depth = winogradDepth(inC);
  const tilesH = (outH + 1) >> 1;
  const tilesW = (outW + 1) >> 1;
  const tiles = tilesH * tilesW;
  const paddedH = 2 * tilesH + 2;
  const paddedW = 2 * tilesW + 2;
  const padded = ptr(args, A.A_WORK);
  const v = padded + (<usize>(paddedH * paddedW * depth) << 2);
  const m = v + (<usize>(16 * vPlane(block, inC)) << 2);
  const imageIn = <usize>(inC * inH * inW) << 2;
  const imageOut = <usize>(outC * outH * outW) << 2;

  for (let image = 0; image < batch; image++) {
    padImageNhwc(
      padded, input + <usize>image * imageIn, !nhwc, inC, inH, inW, depth,
      arg(args, A.A_PAD_TOP), arg(args, A.A_PAD_LEFT), paddedH, paddedW,
    );
    for (let t0 = 0; t0 < tiles; t0 += block) {
      const count = min(block, tiles - t0);
      transformInputs(padded, paddedW, inC, tilesW, t0, count, v, block);
      multiply(v, block, inC, ptr(args, A.A_WEIGHTS), outC, m, count, ptr(args, A.A_ZEROS));
      transformOutputs(args, m, outC, outH, outW, tilesW, t0, count, output + <usize>image * imageOut, nhwc);
    }
  }
}

/** V of tiles t0…t0 + count − 1 (raster order), four channels a step. */
function transformInputs(padded: usize, paddedW: i32, inC: i32, tilesW: i32, t0: i32, count: i32, v: usize, block: i32): void {
  const depth = winogradDepth(inC);
  const pixelBytes = <usize>depth << 2;
  const rowBytes = <usize>paddedW * pixelBytes;
  const xiStride = <usize>vPlane(block, inC) << 2;
  for (let t = 0; t < count; t++) {
    const ty = (t0 + t) / tilesW;
    const tx = (t0 + t) - ty * tilesW;
    const patch = padded + <usize>(2 * ty) * rowBytes + <usize>(2 * tx) * pixelBytes;
    const row = v + <usize>t * pixelBytes;
    for (let c = 0; c < depth; c += 4) inputTile(patch + (<usize>c << 2), pixelBytes, rowBytes, row + (<usize>c << 2), xiStride);
  }
}

/**
 * M[ξ] = V[ξ] · U[ξ] for the 16 ξ of a block of `count` tiles: the microkernel on MR tiles × NR
 * output channels, K = the input channels rounded up to 4, raw results (zero bias, no
 * activation). Measured alone (simd, best of 200): 32–34 GFLOPS for K = 64…256 and 16…64
 * tiles; relaxed-simd 44–47. A variant with V packed in MR-interleaved groups (one A pointer,
 * constant offsets) gave 33–34 and 48–51: not worth an interleaving input transform.
 */
function multiply(v: usize, block: i32, inC: i32, u: usize, outC: i32, m: usize, count: i32, zeros: usize): void {
  const depth = winogradDepth(inC);
  const panels = winogradWidth(outC) / NR;
  const vRow = <usize>depth << 2;
  const vXi = <usize>vPlane(block, inC) << 2;
  const uXi = <usize>uPlane(outC, inC) << 2;
  const mRow = <usize>mTile(outC) << 2;
  const panelBytes = <usize>(depth * NR) << 2;
  for (let xi = 0; xi < 16; xi++) {
    const a = v + <usize>xi * vXi;
    for (let p = 0; p < panels; p++) {
      const b = u + <usize>xi * uXi + <usize>p * panelBytes;
      const c = m + (<usize>((xi * panels + p) * NR) << 2); // M[0][ξ][p·NR]
      for (let r = 0; r < count; r += MR) {
        gemmTile(min(MR, count - r), a + <usize>r * vRow, vRow, depth, b, NR, c + <usize>r * mRow, mRow, zeros, zeros, false, 0, zeros);
      }
    }
  }
}

/** Y of tiles t0…t0 + count − 1, four output channels a step, into the image at `out`. */
function transformOutputs(
  args: usize, m: usize, outC: i32, outH: i32, outW: i32, tilesW: i32, t0: i32, count: i32, out: usize, nhwc: bool,
): void {
  const bias = ptr(args, A.A_BIAS);
  const act = arg(args, A.A_ACT);
  const actParams = args + (<usize>A.A_ACT_P0 << 2);
  const mRow = <usize>mTile(outC) << 2;
  const xiStride = <usize>winogradWidth(outC) << 2;
  // NHWC pixels hold outC floats; NCHW channels are planes.
  const channelBytes: usize = nhwc ? 4 : <usize>(outH * outW) << 2;
  const pixelBytes: usize = nhwc ? <usize>outC << 2 : 4;
  const rowBytes = <usize>outW * pixelBytes;
  for (let t = 0; t < count; t++) {
    const ty = (t0 + t) / tilesW;
    const tx = (t0 + t) - ty * tilesW;
    const rows = min(2, outH - 2 * ty);
    const cols = min(2, outW - 2 * tx);
    const pixel = out + <usize>(2 * ty) * rowBytes + <usize>(2 * tx) * pixelBytes;
    for (let o = 0; o < outC; o += 4) {
      outputTile(
        m + <usize>t * mRow + (<usize>o << 2), xiStride, bias + (<usize>o << 2), act, actParams,
        pixel + <usize>o * channelBytes, rows, cols, min(4, outC - o), nhwc, rowBytes, pixelBytes, channelBytes,
      );
    }
  }
}
