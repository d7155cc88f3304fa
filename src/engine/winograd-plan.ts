import { winogradApplies, type ConvParams } from '../options/conv.js';
import { A_PROLOGUE_BLOCKS, A_WINOGRAD_BLOCK, A_WINOGRAD_NHWC, A_WINOGRAD_PARTS, A_WINOGRAD_TILE, WINOGRAD_SKEW } from '../wasm/args.js';
import { piecesPerUnit, roundUp, TARGET_TILES, type ConvPlan } from './plan.js';

// When `algorithm: 'auto'` takes Winograd. Measured one-shot (conv2d end to end, where the filter
// transform runs on every call), direct time / Winograd time, padding 1, batch 1, best of 7:
//
//   simd, NCHW        7²    14²   28²   56²      simd, NHWC        7²    14²   28²   56²
//   4 → 4            0.99  1.13  0.88  0.69     4 → 4            0.95  1.14  1.43  1.74
//   8 → 8            0.98  1.00  1.15  0.96     8 → 8            1.05  1.15  1.47  1.57
//   16 → 16          1.00  1.25  1.46  1.32     16 → 16          1.17  1.33  1.63  1.66
//   64 → 64          1.37  1.77  1.91  1.90     64 → 64          1.97  2.00  1.92  1.97
//   3 → 64           0.72  0.72  0.68  0.68     3 → 64           0.90  0.90  0.88  0.87
//   8 → 64           0.87  1.01  1.04  1.06     8 → 64           1.13  1.20  1.13  1.11
//   64 → 4           1.25  1.52  1.59  0.92     64 → 4           1.19  1.53  1.85  2.00
//   64 → 1           1.25  1.42  1.59  0.89     64 → 1           1.18  1.52  1.91  2.01
//
// and below 7×7 outputs, NCHW, simd / relaxed-simd: 64 → 64 at 3², 5² 1.01, 1.02 / 0.96, 0.96;
// 512 → 512 0.86, 0.90 / 0.73, 0.83 (the filter transform outweighs the few tiles); at 7²
// 1.32 / 1.16. relaxed-simd NCHW 16 → 16 at 7², 14², 56²: 0.83, 1.09, 1.15; scalar wins from
// 8 channels (1.0–2.6). A prepacked layer pays the filter transform once and wins more widely.

/** Input channels from which Winograd wins: fewer, and the transforms outweigh the products. */
export const WINOGRAD_MIN_INPUT_CHANNELS = { nchw: 16, nhwc: 8 } as const;
/** NCHW: output channels from which Winograd wins (below, most of each NR-wide panel is padding). */
export const WINOGRAD_NCHW_MIN_OUTPUT_CHANNELS = 8;
/** Output pixels (all images) from which Winograd wins: 7×7. */
export const WINOGRAD_MIN_PIXELS = 49;

/** Where `algorithm: 'auto'` takes the Winograd path. */
export function winogradWins(p: Pick<ConvParams, 'kernelHeight' | 'kernelWidth' | 'strides' | 'groups' | 'inChannels' | 'outChannels' | 'inputLayout' | 'batch' | 'outHeight' | 'outWidth'>): boolean {
  return (
    winogradApplies(p) &&
    p.inChannels >= WINOGRAD_MIN_INPUT_CHANNELS[p.inputLayout] &&
    (p.inputLayout === 'nhwc' || p.outChannels >= WINOGRAD_NCHW_MIN_OUTPUT_CHANNELS) &&
    p.batch * p.outHeight * p.outWidth >= WINOGRAD_MIN_PIXELS
  );
}

/**
 * Bytes of V and M per block of tiles, kept in L2 (1 MiB per core here) between the phases.
 * Measured 64 KiB … 1 MiB (layer incl. copies, simd, best of 10, two rounds, B / C / E =
 * 128→128 at 28²): from 128 KiB on within the noise (B 50–56, C 59–64, E 62–65 GFLOPS);
 * 64 KiB 50–52 / 60–61 / 64–65. 512 KiB leaves half of L2 to U's planes and the image.
 */
export const WINOGRAD_BLOCK_BYTES = 512 * 1024;
/**
 * The smallest V and M block a grid tile gets when cutting more blocks for the threads: a
 * smaller block streams U from L3 more often. Prepacked C, simd / relaxed-simd, median ms of
 * `npm run bench -- --quick`, two runs each on a busy machine: 512 KiB 3.07, 3.12 / 2.57, 2.60;
 * 256 KiB 3.18, 3.08 / 2.66, 2.63; 128 KiB 3.43, 3.14 / 3.00, 2.69. B within the noise of all three.
 */
export const WINOGRAD_MIN_BLOCK_BYTES = 256 * 1024;

/**
 * Grid tiles per thread below which a threaded engine also cuts the output channels into parts
 * (each part transforms its block's inputs again). C (14², 256 → 256) has 7 blocks of tiles:
 * on 2 threads one does 4 of 7, at best 1.75× one thread; in 2 parts, 14 tiles. Measured
 * (bench/threads-style, simd, 2-core Xeon VM, medians of 40, two runs): C on 2 threads 1.72–1.73×
 * one thread uncut, 1.83–1.86× in parts; B (enough tiles already, 2 parts) 1.81–1.84 → 1.83–1.87.
 */
export const WINOGRAD_TILES_PER_THREAD = 4;

// F(4×4) against F(2×2) where 'auto' takes Winograd: F(2×2) time / F(4×4) time, one-shot |
// prepacked, padding 1, batch 1, medians (AMD Zen 5 VM, Node 20):
//
//   simd, NCHW     7²           14²          28²          56²
//   16 → 16        1.42 | 1.25  1.14 | 1.11  1.43 | 1.06  1.45 | 1.48
//   64 → 64        1.10 | 1.53  1.16 | 1.23  1.51 | 1.64  1.57 | 1.61
//   256 → 256      1.06 | 1.64  1.09 | 1.31  1.52 | 1.63
//   512 → 512      0.96 | 1.66  1.09 | 1.40
//   16 → 64        1.19 | 1.41  1.10 | 1.20  1.44 | 1.50  1.51 | 1.52
//   64 → 16        1.07 | 1.32  1.03 | 1.13  1.31 | 1.42  1.42 | 1.42
//
// NHWC (simd) 1.07–1.74 but for 512 → 512 one-shot at 7² and 14² (0.98, 0.95); relaxed-simd
// NCHW 1.04–1.65; scalar 1.18–1.75. Only one-shot calls on ≥ 512 channels at ≤ 14² lose (by up
// to 5 %: F(4×4)'s filter transform is 2.25× F(2×2)'s), so the rule has no size term.

/**
 * Whether every output window holds at most one row and one column of padding on each side:
 * padding ≤ dilation, per side. F(4×4)'s rounding errors follow its whole 6×6 input patch, so a
 * window that is mostly padding next to real data can exceed the tolerance (up to 31× measured
 * with padding 3; docs/architecture.md#winograds-error-bounds). Within this rule and 'auto''s
 * channel thresholds, random layers stay under 0.3× the tolerance on every build. A paddingMode
 * other than zeros fills the padding with input values, so its windows are all real data: as
 * padding 0 (what the padded input with no padding gave before the prologues filled the modes).
 */
export function paddingSuitsF4x4(p: ConvParams): boolean {
  if (p.paddingMode !== 'zeros') return true;
  const [top, bottom, left, right] = p.padding;
  const [dH, dW] = p.dilations;
  return top <= dH && bottom <= dH && left <= dW && right <= dW;
}

/**
 * The output tile's side m: 4 for `'winograd-4x4'`, and for `'auto'` where the padding suits
 * F(4×4) (faster wherever 'auto' takes Winograd, table above); 2 for `'winograd'` and otherwise.
 */
export function winogradTile(p: ConvParams): 2 | 4 {
  if (p.algorithm === 'winograd-4x4') return 4;
  return p.algorithm === 'auto' && paddingSuitsF4x4(p) ? 4 : 2;
}

/**
 * Sizes the Winograd path's buffers (see assembly/winograd.ts for the layout). `A_WINOGRAD_TILE`
 * carries the tile side m to the kernel and to packWinograd.
 */
export function planWinograd(p: ConvParams, nr: number, threads = 1): ConvPlan {
  const m = winogradTile(p);
  const xis = (m + 2) ** 2; // positions ξ of a transformed tile
  const depth = roundUp(p.inChannels, 4);
  const width = roundUp(p.outChannels, nr);
  // Phase 0 of a dilated convolution has the most outputs (see assembly/winograd.ts).
  const [dH, dW] = p.dilations;
  const tilesH = Math.ceil(Math.ceil(p.outHeight / dH) / m);
  const tilesW = Math.ceil(Math.ceil(p.outWidth / dW) / m);
  const perTile = 4 * xis * (depth + width); // bytes of V and M per tile
  // Enough blocks for TARGET_TILES grid tiles, but no block under WINOGRAD_MIN_BLOCK_BYTES nor
  // over WINOGRAD_BLOCK_BYTES, and at least 4 tiles (B: 32 tiles a block, 25 grid tiles; C: 8, 7;
  // H: 32, 28).
  const phaseTiles = tilesH * tilesW;
  const phases = p.batch * dH * dW;
  const fewest = Math.max(4, Math.floor(WINOGRAD_MIN_BLOCK_BYTES / perTile / 4) * 4);
  const most = Math.max(4, Math.floor(WINOGRAD_BLOCK_BYTES / perTile / 4) * 4);
  const wanted = roundUp(Math.ceil((phases * phaseTiles) / TARGET_TILES), 4);
  const block = Math.min(roundUp(phaseTiles, 4), most, Math.max(fewest, wanted));
  const paddedRows = (m * tilesH + 2) * dH;
  const padded = paddedRows * (m * tilesW + 2) * dW * depth;
  // The prologue pads each image in row blocks: about TARGET_TILES in all.
  const prologueBlocks = Math.min(paddedRows, piecesPerUnit(p.batch));
  const blockTiles = phases * Math.ceil(phaseTiles / block);
  const parts = threads === 1 ? 1 : Math.min(width / nr, Math.ceil((WINOGRAD_TILES_PER_THREAD * threads) / blockTiles));
  return {
    path: 'winograd',
    weightFloats: xis * (width * depth + WINOGRAD_SKEW),
    biasFloats: width,
    workFloats: p.batch * padded,
    tiles: blockTiles * parts,
    prologueTiles: p.batch * prologueBlocks,
    // V and M of one block, then the F(4×4) transforms' 256 floats (assembly/winograd.ts).
    scratchFloats: block * xis * (depth + width) + (xis + block) * WINOGRAD_SKEW + 256,
    args: { [A_WINOGRAD_TILE]: m, [A_WINOGRAD_BLOCK]: block, [A_WINOGRAD_NHWC]: p.inputLayout === 'nhwc' ? 1 : 0, [A_WINOGRAD_PARTS]: parts, [A_PROLOGUE_BLOCKS]: prologueBlocks },
  };
}
