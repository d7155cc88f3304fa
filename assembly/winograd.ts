import * as A from './args';
import { arg, ptr } from './args';
import { gemmTile, MR, NR } from './gemm';
import { inputTile, inputTile4, padImageNhwc } from './winograd-input';
import { mTile, uPlane, vPlane, winogradDepth, winogradWidth } from './winograd-layout';
import { outputTile, outputTile4 } from './winograd-output';
import { rowOfBlock } from './pad';

/**
 * Dense 3×3, stride-1 convolution (any dilation) by Winograd's F(m×m, 3×3), m = 2 or 4
 * (`A_WINOGRAD_TILE`), NCHW or NHWC (`A_WINOGRAD_NHWC` = 1) in and out:
 *   1. the prologue copies every image once into a zero-padded NHWC buffer (padImageNhwc), or
 *      one bordered as paddingMode says (the tables at A_ROW_MAP, A_COL_MAP);
 *   2. per block of `A_WINOGRAD_BLOCK` tiles of m×m outputs, V[ξ] = Bᵀ d B of every tile's n×n patch
 *      (n = m + 2; rows = tiles, K = input channels), for the n² positions ξ of the
 *      transformed tile;
 *   3. M[ξ] = V[ξ] · U[ξ] by the GEMM microkernel, U = G g Gᵀ packed by packWinograd;
 *   4. Y = Aᵀ M A + bias, activated, into the output, clipped at the right and bottom edges.
 * Each output then costs n²/m² products per (c, o) instead of 9: 4 for F(2×2), 2.25 for F(4×4).
 *
 * Workspace: the padded images, each [(m·tilesH + 2)·dH × (m·tilesW + 2)·dW × Cp] (Cp = input
 * channels rounded up to 4). Scratch of a task: V and M of one block
 * (assembly/winograd-layout.ts), then 256 floats for the F(4×4) transforms.
 * src/engine/winograd-plan.ts sizes both.
 */
export function convWinogradPrologue(args: usize, scratch: usize, begin: i32, end: i32): void {
  const nhwc = arg(args, A.A_WINOGRAD_NHWC) != 0;
  const inC = arg(args, A.A_IN_CHANNELS);
  const inH = arg(args, A.A_IN_HEIGHT);
  const inW = arg(args, A.A_IN_WIDTH);
  const tile = tileSide(args);
  const paddedH = paddedHeight(args, tile);
  const paddedW = paddedWidth(args, tile);
  const depth = winogradDepth(inC);
  const blocks = arg(args, A.A_PROLOGUE_BLOCKS);
  const imageIn = <usize>(inC * inH * inW) << 2;
  const imagePadded = <usize>(paddedH * paddedW * depth) << 2;
  const pT = arg(args, A.A_PAD_TOP);
  const pL = arg(args, A.A_PAD_LEFT);
  // A paddingMode's tables (0: zeros): inH + pT + pB rows, inW + pL + pR columns, fewer than
  // the padded image's whole tiles may have.
  const rowMap = ptr(args, A.A_ROW_MAP);
  const colMap = ptr(args, A.A_COL_MAP);
  const mapRows = inH + pT + arg(args, A.A_PAD_BOTTOM);
  const mapCols = inW + pL + arg(args, A.A_PAD_RIGHT);
  // Tile t: rows block (t mod blocks) of image ⌊t / blocks⌋.
  for (let t = begin; t < end; t++) {
    const image = t / blocks;
    const block = t % blocks;
    padImageNhwc(
      ptr(args, A.A_WORK) + <usize>image * imagePadded, ptr(args, A.A_INPUT) + <usize>image * imageIn, !nhwc, inC, inH, inW, depth,
      pT, pL, paddedW, rowOfBlock(block, blocks, paddedH), rowOfBlock(block + 1, blocks, paddedH), rowMap, colMap, mapRows, mapCols,
    );
  }
}

/** The output tile's side m. */
// @ts-ignore: decorator
@inline function tileSide(args: usize): i32 {
  return arg(args, A.A_WINOGRAD_TILE) == 4 ? 4 : 2;
}

// Dilation d: the outputs whose rows and columns are ≡ (py, px) mod (dH, dW) form a dense 3×3
// convolution of the input pixels ≡ (py − pT, px − pL), so each of the dH·dW phases runs as an
// undilated one on the padded image read with strides dH rows and dW pixels. Phase 0 has the
// most outputs; the padded image holds every phase's tiles and their patches.

/** Phase 0's tiles down (the most of any phase). */
// @ts-ignore: decorator
@inline function tilesDown(args: usize, tile: i32): i32 {
  const dH = arg(args, A.A_DILATION_H);
  return ((arg(args, A.A_OUT_HEIGHT) + dH - 1) / dH + tile - 1) / tile;
}

/** Phase 0's tiles across (the most of any phase). */
// @ts-ignore: decorator
@inline function tilesAcross(args: usize, tile: i32): i32 {
  const dW = arg(args, A.A_DILATION_W);
  return ((arg(args, A.A_OUT_WIDTH) + dW - 1) / dW + tile - 1) / tile;
}

// @ts-ignore: decorator
@inline function paddedHeight(args: usize, tile: i32): i32 {
  return (tile * tilesDown(args, tile) + 2) * arg(args, A.A_DILATION_H);
}

// @ts-ignore: decorator
@inline function paddedWidth(args: usize, tile: i32): i32 {
  return (tile * tilesAcross(args, tile) + 2) * arg(args, A.A_DILATION_W);
}

/**
 * Tiles [begin, end) of the grid batch × dH·dW phases × blocks of `A_WINOGRAD_BLOCK` Winograd tiles
 * × `A_WINOGRAD_PARTS` parts of the output channels (as many blocks per phase as phase 0 has, so a
 * phase with fewer tiles has empty tasks; the part fastest, then the block), after
 * convWinogradPrologue. A task transforms its block's tiles (every part of a block transforms
 * them again), then multiplies and writes its part's output channels, with V, M and the
 * transforms' scratch in `scratch`. An output's sum does not depend on the parts.
 */
export function convWinograd(args: usize, scratch: usize, begin: i32, end: i32): void {
  const nhwc = arg(args, A.A_WINOGRAD_NHWC) != 0;
  const inC = arg(args, A.A_IN_CHANNELS);
  const outC = arg(args, A.A_OUT_CHANNELS);
  const outH = arg(args, A.A_OUT_HEIGHT);
  const outW = arg(args, A.A_OUT_WIDTH);
  const output = ptr(args, A.A_OUTPUT);
  const block = arg(args, A.A_WINOGRAD_BLOCK);
  const tile = tileSide(args);
  const xis = (tile + 2) * (tile + 2);
  const dH = arg(args, A.A_DILATION_H);
  const dW = arg(args, A.A_DILATION_W);
  const depth = winogradDepth(inC);
  const paddedH = paddedHeight(args, tile);
  const paddedW = paddedWidth(args, tile);
  const blocks = (tilesDown(args, tile) * tilesAcross(args, tile) + block - 1) / block;
  const parts = arg(args, A.A_WINOGRAD_PARTS);
  const panels = winogradWidth(outC) / NR;
  const v = scratch;
  const m = v + (<usize>(xis * vPlane(block, inC)) << 2);
  const transforms = m + (<usize>(block * mTile(outC, xis)) << 2); // 256 floats
  const imagePadded = <usize>(paddedH * paddedW * depth) << 2;
  const imageOut = <usize>(outC * outH * outW) << 2;
  const pixelIn = <usize>depth << 2;
  const rowIn = <usize>paddedW * pixelIn;
  // Output strides: NHWC pixels hold outC floats; NCHW channels are planes.
  const pixelOut: usize = nhwc ? <usize>outC << 2 : 4;
  const rowOut = <usize>outW * pixelOut;

  for (let task = begin; task < end; task++) {
    // Tile index: ((image · blocks + block) · dH·dW + phase) · parts + part. The phases of one
    // block are neighbours: phases that differ in px write alternate columns of the same output
    // lines, so two threads on them at once would share those lines (H, dilation 2: 1.77× one
    // thread with phase-major tiles, see docs/kernels.md).
    const part = task % parts;
    const rest = task / parts;
    const phase = rest % (dH * dW);
    const ib = rest / (dH * dW); // image · blocks + block
    const image = ib / blocks;
    const t0 = (ib - image * blocks) * block;
    // The part's NR-wide panels of output channels, and those channels.
    const p0 = (part * panels) / parts;
    const p1 = ((part + 1) * panels) / parts;
    const c1 = min(outC, p1 * NR);
    const py = phase / dW;
    const px = phase - py * dW;
    const phaseH = (outH - py + dH - 1) / dH;
    const phaseW = (outW - px + dW - 1) / dW;
    const phaseTilesW = (phaseW + tile - 1) / tile;
    const tiles = ((phaseH + tile - 1) / tile) * phaseTilesW;
    if (t0 >= tiles) continue;
    // The phase's lattices: first pixel, then the byte steps between columns and rows.
    const inputs = ptr(args, A.A_WORK) + <usize>image * imagePadded + <usize>py * rowIn + <usize>px * pixelIn;
    const outputs = output + <usize>image * imageOut + <usize>py * rowOut + <usize>px * pixelOut;
    const count = min(block, tiles - t0);
    transformInputs(tile, inputs, <usize>dW * pixelIn, <usize>dH * rowIn, inC, phaseTilesW, t0, count, v, block, transforms);
    multiply(xis, v, block, inC, ptr(args, A.A_WEIGHTS), outC, p0, p1, m, count, ptr(args, A.A_ZEROS));
    transformOutputs(tile, args, m, outC, p0 * NR, c1, outH, outW, phaseH, phaseW, phaseTilesW, t0, count, outputs, <usize>dW * pixelOut, <usize>dH * rowOut, nhwc, transforms);
  }
}

/**
 * V of tiles t0…t0 + count − 1 (raster order) of side `tile` on the lattice of input pixels at
 * `inputs`, `pixelBytes` and `rowBytes` apart; four channels a step.
 */
function transformInputs(
  tile: i32, inputs: usize, pixelBytes: usize, rowBytes: usize, inC: i32, tilesW: i32, t0: i32, count: i32, v: usize, block: i32,
  transforms: usize,
): void {
  const depth = winogradDepth(inC);
  const vRow = <usize>depth << 2;
  const xiStride = <usize>vPlane(block, inC) << 2;
  for (let t = 0; t < count; t++) {
    const ty = (t0 + t) / tilesW;
    const tx = (t0 + t) - ty * tilesW;
    const patch = inputs + <usize>(tile * ty) * rowBytes + <usize>(tile * tx) * pixelBytes;
    const row = v + <usize>t * vRow;
    if (tile == 4) {
      for (let c = 0; c < depth; c += 4) inputTile4(patch + (<usize>c << 2), pixelBytes, rowBytes, row + (<usize>c << 2), xiStride, transforms);
    } else {
      for (let c = 0; c < depth; c += 4) inputTile(patch + (<usize>c << 2), pixelBytes, rowBytes, row + (<usize>c << 2), xiStride);
    }
  }
}

/**
 * M[ξ] = V[ξ] · U[ξ] for the `xis` positions ξ of a block of `count` tiles, on panels [p0, p1) of
 * NR output channels: the microkernel on MR tiles × NR output channels, K = the input channels rounded up to 4, raw results (zero bias, no
 * activation). Measured alone (simd, best of 200): 32–34 GFLOPS for K = 64…256 and 16…64
 * tiles; relaxed-simd 44–47. A variant with V packed in MR-interleaved groups (one A pointer,
 * constant offsets) gave 33–34 and 48–51: not worth an interleaving input transform.
 */
function multiply(xis: i32, v: usize, block: i32, inC: i32, u: usize, outC: i32, p0: i32, p1: i32, m: usize, count: i32, zeros: usize): void {
  const depth = winogradDepth(inC);
  const panels = winogradWidth(outC) / NR;
  const vRow = <usize>depth << 2;
  const vXi = <usize>vPlane(block, inC) << 2;
  const uXi = <usize>uPlane(outC, inC) << 2;
  const mRow = <usize>mTile(outC, xis) << 2;
  const panelBytes = <usize>(depth * NR) << 2;
  for (let xi = 0; xi < xis; xi++) {
    const a = v + <usize>xi * vXi;
    for (let p = p0; p < p1; p++) {
      const b = u + <usize>xi * uXi + <usize>p * panelBytes;
      const c = m + (<usize>((xi * panels + p) * NR) << 2); // M[0][ξ][p·NR]
      for (let r = 0; r < count; r += MR) {
        gemmTile(min(MR, count - r), a + <usize>r * vRow, vRow, depth, b, NR, c + <usize>r * mRow, mRow, zeros, zeros, false, 0, zeros);
      }
    }
  }
}

/**
 * Y of tiles t0…t0 + count − 1 of side `tile` of a phase, output channels [c0, c1) (c0 a multiple
 * of 4): `phaseH` × `phaseW` outputs on the lattice at `outputs`, `pixelBytes` and `rowBytes`
 * apart; four output channels a step.
 */
function transformOutputs(
  tile: i32, args: usize, m: usize, outC: i32, c0: i32, c1: i32, outH: i32, outW: i32, phaseH: i32, phaseW: i32, tilesW: i32, t0: i32, count: i32,
  outputs: usize, pixelBytes: usize, rowBytes: usize, nhwc: bool, transforms: usize,
): void {
  const bias = ptr(args, A.A_BIAS);
  const act = arg(args, A.A_ACT);
  const actParams = args + (<usize>A.A_ACT_P0 << 2);
  const mRow = <usize>mTile(outC, (tile + 2) * (tile + 2)) << 2;
  const xiStride = <usize>winogradWidth(outC) << 2;
  // NHWC: a pixel's channels are adjacent; NCHW: channels are planes.
  const channelBytes: usize = nhwc ? 4 : <usize>(outH * outW) << 2;
  for (let t = 0; t < count; t++) {
    const ty = (t0 + t) / tilesW;
    const tx = (t0 + t) - ty * tilesW;
    const rows = min(tile, phaseH - tile * ty);
    const cols = min(tile, phaseW - tile * tx);
    const pixel = outputs + <usize>(tile * ty) * rowBytes + <usize>(tile * tx) * pixelBytes;
    for (let o = c0; o < c1; o += 4) {
      const src = m + <usize>t * mRow + (<usize>o << 2);
      const lanes = min(4, c1 - o);
      if (tile == 4) {
        outputTile4(src, xiStride, bias + (<usize>o << 2), act, actParams, pixel + <usize>o * channelBytes, rows, cols, lanes, nhwc, rowBytes, pixelBytes, channelBytes, transforms);
      } else {
        outputTile(src, xiStride, bias + (<usize>o << 2), act, actParams, pixel + <usize>o * channelBytes, rows, cols, lanes, nhwc, rowBytes, pixelBytes, channelBytes);
      }
    }
  }
}
