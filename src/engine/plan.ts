/**
 * Which wasm kernel runs a convolution:
 * - `planes`: each output plane reads one input plane (depthwise NCHW with any channel
 *   multiplier; single-channel images in either layout) — vectorised along the width;
 * - `separable`: the planes' convolutions with a rank-1 filter (every channel w = u·vᵀ,
 *   src/engine/separable.ts) — a vertical then a horizontal 1-D pass per output row;
 * - `depthwise-nhwc`: depthwise NHWC (any channel multiplier) — four channels per v128;
 * - `nchw-direct`: dense and grouped NCHW, the GEMM microkernel on the padded input through a
 *   table of tap offsets (no im2col matrix): panels gathered into L1, or read in place; also
 *   NHWC layers of few input channels per group (`A_DIRECT_NHWC`: channel planes gathered from
 *   the interleaved input, tiles stored transposed);
 * - `nchw-pointwise`: 1×1 stride-1 unpadded NCHW, the input planes read as the GEMM operand;
 * - `nhwc`: dense and grouped NHWC (but few-channel layers), im2col rows + the GEMM microkernel;
 * - `winograd`: dense 3×3 stride-1 (any dilation), Winograd F(2×2, 3×3) in either layout
 *   (src/engine/winograd-plan.ts says when `algorithm: 'auto'` takes it), or F(4×4, 3×3)
 *   when asked for (`algorithm: 'winograd-4x4'`).
 * Nothing is transposed: each path works in the input's own layout.
 */
export type ConvPath = 'planes' | 'separable' | 'depthwise-nhwc' | 'nchw-direct' | 'nchw-pointwise' | 'nhwc' | 'winograd';

/**
 * A path's own slots of the argument block, by slot number (`A_*` of src/wasm/args.ts, declared
 * in scripts/abi-table.mjs, where each slot has one meaning): tiles, blocks and switches.
 */
export type PathArgs = Readonly<Record<number, number>>;

/** Everything the wasm call needs besides the data: sizes in floats, the path's own slots. */
export interface ConvPlan {
  readonly path: ConvPath;
  readonly weightFloats: number;
  readonly biasFloats: number;
  /** The call's shared workspace: what the prologue writes and the tasks read. */
  readonly workFloats: number;
  /** Tiles of the kernel's grid: its task runs [0, tiles) in any ranges (src/engine/tiles.ts). */
  readonly tiles: number;
  /**
   * Tiles of the prologue's grid (images, or planes, × row blocks: `A_PROLOGUE_BLOCKS`), run
   * before the task's like them; 0 for a path without a prologue.
   */
  readonly prologueTiles: number;
  /** Scratch of one task runner (one per thread), apart from the workspace. */
  readonly scratchFloats: number;
  /** Written into the argument block as given (slots not named stay 0). */
  readonly args: PathArgs;
}

/**
 * Tiles a grid aims at, where its layer allows: 4 per thread on 16 threads, so the threads of a
 * coming worker pool stay busy to the end when tiles take unequal time.
 */
export const TARGET_TILES = 64;

/** Pieces to cut each of `units` independent units into for about TARGET_TILES tiles in all. */
export function piecesPerUnit(units: number): number {
  return Math.max(1, Math.ceil(TARGET_TILES / units));
}

/** `value` rounded up to a multiple of `multiple`. */
export function roundUp(value: number, multiple: number): number {
  return Math.ceil(value / multiple) * multiple;
}
