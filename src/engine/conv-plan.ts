import { asksForWinograd, type ConvParams } from '../options/conv.js';
import { A_DEPTH_BLOCK, A_DIRECT_NHWC, A_GATHER_PANELS, A_PHASE_LENGTH, A_POINTWISE, A_PROLOGUE_BLOCKS, A_ROW_LENGTH, A_TILE_CHANNELS, A_TILE_PIXELS, A_TILE_ROWS } from '../wasm/args.js';
import { piecesPerUnit, roundUp, type ConvPath, type ConvPlan } from './plan.js';
import { planWinograd, winogradWins } from './winograd-plan.js';

/**
 * Which wasm kernel runs `p` (the paths are listed at {@link ConvPath}). `rankOne`: every
 * channel of the filter is rank 1 (src/engine/separable.ts), so the planes' convolutions may
 * take the separable path.
 */
export function choosePath(p: ConvParams, rankOne = false): ConvPath {
  if (asksForWinograd(p.algorithm) || (p.algorithm === 'auto' && winogradWins(p))) return 'winograd';
  const singleChannel = p.inChannels === 1 && p.outChannels === 1;
  const depthwise = p.groups === p.inChannels && p.groups > 1;
  if (singleChannel || (depthwise && p.inputLayout === 'nchw')) return rankOne && separableWins(p) ? 'separable' : 'planes';
  if (depthwise) return 'depthwise-nhwc';
  if (p.inputLayout === 'nhwc' && directNhwcWins(p)) return 'nchw-direct';
  // On one pixel per image an NCHW input and output are laid out as NHWC ones, and the NHWC 1×1
  // path makes each image one GEMM row (a matrix–vector product) where nchw-pointwise would fill
  // one lane of eight.
  if (p.inputLayout === 'nhwc' || (isPointwise(p) && p.inHeight * p.inWidth === 1)) return 'nhwc';
  return isPointwise(p) ? 'nchw-pointwise' : 'nchw-direct';
}

/**
 * NHWC layers of at most this many input channels per group run on nchw-direct (1 and 2 at any
 * stride, 3 at stride 1): the NHWC GEMM's windows are then runs of kW·C ≤ 9 floats, short inner
 * loops, while nchw-direct gathers each channel plane once. At stride 2 the gather is dearer
 * (two phases, an input four times the output) and from 3 channels the NHWC GEMM reading its
 * runs in place wins. Measured, engine tensors, 1 thread, simd, median of 6 interleaved rounds
 * in one process, nhwc → nchw-direct (ms), after gemmTileRuns: 1 channel 56² 3×3 →16 0.104 →
 * 0.073, stride 2 at 112² 0.095 → 0.076, 4×28² 5×5 →32 0.200 → 0.199; 2 channels 64² 5×5 →8
 * 0.122 → 0.084, 3×3 →32 0.299 → 0.290, stride 2 at 112² →16 0.127 → 0.124; 3 channels at
 * stride 1: J 0.263 → 0.221, 56² 5×5 →24 0.491 → 0.461, 3×3 →64 0.538 → 0.538; at stride 2:
 * M6 0.331 → 0.348, A 5.25 → 5.55, 224² 3×3 →32 0.668 → 0.746, 112² →16 0.154 → 0.162;
 * 4 channels 112² →32 0.817 → 0.861, stride 2 →64 0.409 → 0.424. (Before gemmTileRuns, when
 * the NHWC GEMM copied every window, nchw-direct also won M6 0.661 → 0.594 and tied A.)
 */
export const DIRECT_NHWC_MAX_GROUP_INPUTS = 3;
/** {@link DIRECT_NHWC_MAX_GROUP_INPUTS} when a stride exceeds 1. */
export const DIRECT_NHWC_MAX_GROUP_INPUTS_STRIDED = 2;

/**
 * Whether an NHWC layer runs on nchw-direct (planes gathered from the interleaved input, tiles
 * stored transposed) rather than the NHWC GEMM (1×1 layers keep the GEMM: no im2col there).
 */
function directNhwcWins(p: ConvParams): boolean {
  const strided = p.strides[0] > 1 || p.strides[1] > 1;
  const max = strided ? DIRECT_NHWC_MAX_GROUP_INPUTS_STRIDED : DIRECT_NHWC_MAX_GROUP_INPUTS;
  return !isPointwise(p) && p.inChannels / p.groups <= max;
}

/**
 * Whether two 1-D passes beat the planes kernel on a rank-1 filter: for every filter of two taps
 * or more. Measured, kernel only (engine tensors in and out), 1 thread, simd / relaxed-simd,
 * median ms of 11 interleaved runs, planes → separable (2-core Xeon VM):
 * 1024² single channel, padding 'same': Gaussian 3×3 1.02 → 0.62 / 0.94 → 0.54, 5×5 5.78 → 0.88 /
 * 5.36 → 0.74, 7×7 9.96 → 1.08 / 9.26 → 1.03, 2×2 1.45 → 0.97 / 1.36 → 0.58, 1×5 1.45 → 0.59 /
 * 1.40 → 0.56, 5×1 2.12 → 0.73 / 2.04 → 0.79, 3×3 stride 2 0.415 → 0.410 / 0.394 → 0.375 (the one
 * tie: the vertical pass computes every column), stride 3 0.70 → 0.27 / 0.58 → 0.26;
 * depthwise 5×5: 480 ch at 6×60 1.00 → 0.17 / 0.95 → 0.16, stride (2, 1) 0.54 → 0.09 / 0.50 →
 * 0.08, 88 ch at 3×96 0.141 → 0.023 / 0.132 → 0.019, 144 ch at 56² 2.43 → 0.44 / 2.29 → 0.39;
 * depthwise 3×3: 144 ch at 56² 0.45 → 0.32 / 0.44 → 0.30, stride 2 0.209 → 0.197 / 0.203 →
 * 0.186, 480 ch at 6×60 0.171 → 0.133 / 0.169 → 0.123; 64 ch at 76×32 1×3 0.22 → 0.13 /
 * 0.18 → 0.12, 3×1 0.21 → 0.16 / 0.21 → 0.11. A 1×1 filter (a scale) stays on the planes path.
 */
export function separableWins(p: ConvParams): boolean {
  return p.kernelHeight * p.kernelWidth >= 2;
}

/**
 * NCHW direct reads panels in place only if they fit output rows without waste: a width that is
 * a multiple of NR, or wide enough that the ragged last panel matters little. Measured in-place
 * row panels vs gathered raster panels on narrow outputs: C (14 wide) 24.3 vs 30.2 GFLOPS,
 * D (28 wide) 21.9 vs 29.1 (kernel only, simd, best of ≥ 10).
 */
export const DIRECT_MIN_WIDTH = 64;

/**
 * NCHW direct: from this many output channels per group, gathering each panel once (2 vector
 * copies per k) pays for itself over the ≥ 8 microkernel calls that reuse it, and the plain
 * microkernel beats the table-reading one (kernel only, simd, best of ≥ 10, gather vs in place):
 * B (64 per group) 29.8 vs 28.7 GFLOPS, H (64) 28.9 vs 27.5; but K (16) 22.9 vs 29.0 and
 * J (16) 19.0 vs 23.6. (Before the raster panels, an im2col path served narrow outputs:
 * C 27.7, D 25.8; it is gone.)
 */
export const PACK_MIN_OUTPUTS = 32;

// Tile sizes of the GEMM paths (see the closing note of the wasm engine issue for the figures).
/**
 * K per block: a 576-deep NR-wide panel is 18 KiB, so the microkernel's B stays in L1 (48 KiB
 * here) beside a slice of W. Measured on the AMD Zen 4 VM (simd, kernel only, best of ≥ 10,
 * B/C/D/H in GFLOPS): 256 → 31.0/30.3/29.7/30.7; 384 → 31.3/30.9/30.9/31.5; 576 →
 * 31.6/31.0/31.1/31.2; 4096 (no blocking) lost 20–35 % before the panels were gathered: within
 * the noise from 256 to 576 there. On the Intel Xeon VM (2026-12-05, simd, resident tensors,
 * medians of 20, runs alternated): D (K = 1152) 10.69–10.87 ms at 256, 10.57–10.61 at 512,
 * 10.41–10.54 at 576, 10.66 at 1152 (no blocking); A, E, K (K ≤ 147) and the Winograd layers
 * unchanged. So 576.
 */
export const DEPTH_BLOCK = 576;
/**
 * NCHW 1×1: the most output pixels per tile (the input planes are read in place). Fewer where
 * that leaves under TARGET_TILES tiles (E: 56 pixels, 56 tiles): each panel of NR pixels is
 * gathered once per depth block whatever the tile, so smaller tiles cost only the loop.
 */
export const NCHW_TILE_PIXELS = 256;
/**
 * NHWC: bytes of im2col rows per tile (the tile's pixels × K floats). Measured 2026-12-05 (2-core
 * Xeon VM, resident, simd, medians of 60), 32 / 64 / 128 / 256 / 512 KiB: M6 0.426–0.437 ms,
 * J 0.308–0.316, A 5.83–5.97, E 0.637–0.661, M17 0.241–0.251, all within the noise; D 10.9 at
 * 32 KiB, 10.1–10.5 from 64 up. 256 kept: the middle of the flat range.
 */
export const NHWC_TILE_BYTES = 256 * 1024;
/**
 * NCHW direct: output rows per tile hold at least this many NR-wide panels, so each K-block of
 * W is reused over that many panels (A: 1 row, 112 tiles; D: 2 rows, 14 tiles; J 128; K 112).
 * Prepacked, simd / relaxed-simd, median ms of `npm run bench -- --quick`, two runs each on a
 * busy machine: D with 16 panels (the block before tiling; 7 tiles) 12.3–12.8 / 10.5–11.2, with
 * 8 12.5–12.6 / 10.7–10.8, with 4 (28 tiles) 14.8–14.9 / 12.9; A and K within the noise.
 */
export const DIRECT_TILE_PANELS = 8;


/**
 * Sizes every buffer of a convolution's wasm call, bounded whatever the image size. `threads`:
 * the threads its calls will run on; a grid with too few tiles for them is cut finer where that
 * costs little (Winograd's output channels). The bits do not depend on it.
 */
export function planConv(p: ConvParams, mr: number, nr: number, threads = 1, rankOne = false): ConvPlan {
  const path = choosePath(p, rankOne);
  const taps = p.kernelHeight * p.kernelWidth;
  const groupIn = p.inChannels / p.groups;
  const groupOut = p.outChannels / p.groups;
  const depth = groupIn * taps;
  const pixels = p.outHeight * p.outWidth;
  const [padTop, padBottom, padLeft, padRight] = p.padding;
  const units = p.batch * p.groups; // the grid's independent images and groups
  switch (path) {
    case 'planes': {
      // Room for the last vector's overreach; a multiple of 8 so stride-2 rows split in halves.
      const rowLength = roundUp(p.inWidth + padLeft + padRight + 8 * p.strides[1] + 8, 8);
      // Whole planes when there are enough of them (no input row padded twice); else blocks of
      // rows, each padding the rows it reads (I, one 1024² plane: 64 tiles of 16 rows).
      const rows = Math.ceil(p.outHeight / piecesPerUnit(p.batch * p.inChannels));
      const paddedRows = Math.min(p.inHeight + padTop + padBottom, (rows - 1) * p.strides[0] + (p.kernelHeight - 1) * p.dilations[0] + 1);
      const tiles = p.batch * p.inChannels * Math.ceil(p.outHeight / rows);
      return { path, weightFloats: p.outChannels * taps, biasFloats: p.outChannels, workFloats: 0, tiles, prologueTiles: 0, scratchFloats: paddedRows * rowLength, args: { [A_ROW_LENGTH]: rowLength, [A_TILE_ROWS]: rows } };
    }
    case 'separable': {
      // One zero-bordered row per thread, as long as the planes' rows. No row is computed twice
      // whatever the block (the vertical pass comes first): blocks only feed the threads.
      const rowLength = roundUp(p.inWidth + padLeft + padRight + 8 * p.strides[1] + 8, 8);
      const rows = Math.ceil(p.outHeight / piecesPerUnit(p.batch * p.outChannels));
      const tiles = p.batch * p.outChannels * Math.ceil(p.outHeight / rows);
      const weightFloats = p.outChannels * (p.kernelHeight + p.kernelWidth);
      return { path, weightFloats, biasFloats: p.outChannels, workFloats: 0, tiles, prologueTiles: 0, scratchFloats: rowLength, args: { [A_ROW_LENGTH]: rowLength, [A_TILE_ROWS]: rows } };
    }
    case 'depthwise-nhwc': {
      const padded = roundUp(p.outChannels, 4);
      const rows = Math.ceil(p.outHeight / piecesPerUnit(p.batch));
      const rowTiles = p.batch * Math.ceil(p.outHeight / rows);
      // Few rows (a text line's 3, one small image): channel blocks too, of 16 (the kernel's
      // step), until there are 4 tiles a thread. M4, 480 channels on 3 output rows, ran 2 + 1
      // row tiles on 2 threads: 1.55x one thread on engine tensors.
      const pieces = rowTiles >= 4 * threads ? 1 : Math.ceil((4 * threads) / rowTiles);
      const channels = roundUp(Math.ceil(p.outChannels / pieces), 16);
      const tiles = rowTiles * Math.ceil(p.outChannels / channels);
      return { path, weightFloats: taps * padded, biasFloats: padded, workFloats: 0, tiles, prologueTiles: 0, scratchFloats: 0, args: { [A_TILE_ROWS]: rows, [A_TILE_CHANNELS]: channels } };
    }
    case 'nchw-direct': {
      // The padded images, each row in strideW phases; each phase long enough for the last
      // panel's NR-wide read at the farthest tap (see assembly/conv-nchw-direct.ts).
      const [strideW, dilationW] = [p.strides[1], p.dilations[1]];
      const paddedWidth = p.inWidth + padLeft + padRight;
      const reach = Math.floor(((p.kernelWidth - 1) * dilationW) / strideW);
      const phaseLength = roundUp(Math.max(Math.ceil(paddedWidth / strideW), p.outWidth + nr + reach), 4);
      const rowLength = strideW * phaseLength;
      const paddedImages = p.batch * p.inChannels * (p.inHeight + padTop + padBottom) * rowLength;
      const depthBlock = Math.min(DEPTH_BLOCK, depth);
      const rowPanelsFit = p.outWidth % nr === 0 || p.outWidth >= DIRECT_MIN_WIDTH;
      const gatherPanels = groupOut >= PACK_MIN_OUTPUTS || !rowPanelsFit;
      const rows = Math.ceil(DIRECT_TILE_PANELS / Math.ceil(p.outWidth / nr));
      const tiles = units * Math.ceil(p.outHeight / rows);
      // The prologue pads each plane in row blocks: about TARGET_TILES in all.
      const planes = p.batch * p.inChannels;
      const blocks = Math.min(p.inHeight + padTop + padBottom, piecesPerUnit(planes));
      const args = { [A_DEPTH_BLOCK]: depthBlock, [A_PHASE_LENGTH]: phaseLength, [A_GATHER_PANELS]: gatherPanels ? 1 : 0, [A_TILE_ROWS]: rows, [A_PROLOGUE_BLOCKS]: blocks, [A_DIRECT_NHWC]: p.inputLayout === 'nhwc' ? 1 : 0 };
      // Scratch: the gathered panel, then the lane origins of a panel that wraps rows.
      return { path, weightFloats: p.outChannels * depth, biasFloats: p.outChannels, workFloats: roundUp(depth, 16) + paddedImages, tiles, prologueTiles: planes * blocks, scratchFloats: depthBlock * nr + nr, args };
    }
    case 'nchw-pointwise': {
      const tile = Math.min(NCHW_TILE_PIXELS, roundUp(Math.ceil(pixels / piecesPerUnit(units)), nr));
      const depthBlock = Math.min(DEPTH_BLOCK, depth);
      const tiles = units * Math.ceil(pixels / tile);
      return { path, weightFloats: p.outChannels * depth, biasFloats: p.outChannels, workFloats: 0, tiles, prologueTiles: 0, scratchFloats: depthBlock * nr, args: { [A_TILE_PIXELS]: tile, [A_DEPTH_BLOCK]: depthBlock } };
    }
    case 'nhwc': {
      const panels = Math.ceil(groupOut / nr);
      const fit = Math.floor(NHWC_TILE_BYTES / (4 * depth) / mr) * mr;
      const tile = Math.max(mr, Math.min(fit, roundUp(Math.ceil(pixels / piecesPerUnit(units)), mr)));
      const pointwise = isPointwise(p);
      return {
        path,
        weightFloats: p.groups * panels * depth * nr,
        biasFloats: p.groups * panels * nr,
        workFloats: 0,
        tiles: units * Math.ceil(pixels / tile),
        prologueTiles: 0,
        // + 4: im2colRows copies runs in whole vectors, up to 3 floats past the last row; then
        // the pixels' origins and the window's run offsets (assembly/conv-nhwc.ts).
        scratchFloats: pointwise ? 0 : tile * depth + 4 + tile + taps,
        args: { [A_TILE_PIXELS]: tile, [A_DEPTH_BLOCK]: Math.min(DEPTH_BLOCK, depth), [A_POINTWISE]: pointwise ? 1 : 0 },
      };
    }
    case 'winograd':
      return planWinograd(p, nr, threads);
  }
}

/**
 * 1×1, stride 1, unpadded: the input is already the GEMM's operand (NCHW: the planes, its own
 * path; NHWC: the pixels, `A_POINTWISE` of the nhwc path). The one place this is decided.
 */
function isPointwise(p: ConvParams): boolean {
  const [top, bottom, left, right] = p.padding;
  return p.kernelHeight === 1 && p.kernelWidth === 1 && p.strides[0] === 1 && p.strides[1] === 1 && top + bottom + left + right === 0;
}
