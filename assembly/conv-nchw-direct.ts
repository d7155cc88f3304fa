import * as A from './args';
import { arg, ptr } from './args';
import { gemmTile, gemmTileIndirect, MR, NR } from './gemm';
import { copyFloats } from './copy';
import { padPlanePhases, rowOfBlock } from './pad';

/**
 * Dense or grouped convolution, NCHW in and out (or NHWC in and out with A_DIRECT_NHWC, for
 * layers of few input channels: the prologue then gathers each channel plane from the
 * interleaved image, and tiles are stored transposed), with no im2col matrix: per image and group,
 * C[Mg × P] = W[Mg × K] · X̄[K × P], W the filter rows (packRows: k = (c·kH + i)·kW + j)
 * broadcast by the microkernel. The prologue copies every image zero-padded (or with
 * paddingMode's border, from the tables at A_ROW_MAP and A_COL_MAP), each row split in
 * `strideW` phases (padPlanePhases), so that for NR consecutive outputs of one output row
 * every tap (c, i, j) is NR contiguous floats at a fixed offset from the row's origin: a table
 * of K offsets stands in for the im2col matrix. The workspace holds the table and the padded
 * images: O(input), whatever the kernel.
 *
 * Two ways to feed the microkernel, chosen in src/engine/conv-plan.ts with the figures:
 * - `A_GATHER_PANELS` set: panels of NR pixels in raster order (wrapping rows, so narrow outputs waste
 *   no lanes) are gathered into a contiguous L1 panel, then every MR-row slice of W runs on it;
 * - otherwise panels stay within an output row and the microkernel reads them in place through
 *   the table (cheaper when few output channels share each panel).
 * K goes in blocks of `A_DEPTH_BLOCK` (the bias enters with the first, the activation with the
 * last).
 */
export function convNchwDirectPrologue(args: usize, scratch: usize, begin: i32, end: i32): void {
  const inC = arg(args, A.A_IN_CHANNELS);
  const inH = arg(args, A.A_IN_HEIGHT);
  const inW = arg(args, A.A_IN_WIDTH);
  const kH = arg(args, A.A_KERNEL_HEIGHT);
  const kW = arg(args, A.A_KERNEL_WIDTH);
  const sW = arg(args, A.A_STRIDE_W);
  const dH = arg(args, A.A_DILATION_H);
  const dW = arg(args, A.A_DILATION_W);
  const pT = arg(args, A.A_PAD_TOP);
  const pL = arg(args, A.A_PAD_LEFT);
  const pB = arg(args, A.A_PAD_BOTTOM);
  const groupIn = inC / arg(args, A.A_GROUPS);
  const input = ptr(args, A.A_INPUT);
  const phaseLength = arg(args, A.A_PHASE_LENGTH);
  const blocks = arg(args, A.A_PROLOGUE_BLOCKS);
  const paddedH = inH + pT + pB;
  const rowLength = sW * phaseLength;
  const offsets = ptr(args, A.A_WORK);
  const padded = paddedImages(offsets, groupIn * kH * kW);
  const paddedPlane = <usize>(paddedH * rowLength) << 2;
  if (begin == 0 && end > 0) {
    // The tap table: tile 0's, written once.
    for (let c = 0, k = 0; c < groupIn; c++) {
      for (let i = 0; i < kH; i++) {
        for (let j = 0; j < kW; j++, k++) {
          const column = j * dW;
          const at = (c * paddedH + i * dH) * rowLength + (column % sW) * phaseLength + column / sW;
          store<u32>(offsets + (<usize>k << 2), <u32>at << 2);
        }
      }
    }
  }
  // Tile t: a block of rows of plane (image, c), image-major as the input. An NHWC input's
  // plane (n, c) is every inC-th float from element (n·H·W)·inC + c.
  const plane = inH * inW;
  const nhwc = arg(args, A.A_DIRECT_NHWC) != 0;
  // A paddingMode's tables (0: zeros): inH + pT + pB rows, inW + pL + pR columns.
  const rowMap = ptr(args, A.A_ROW_MAP);
  const colMap = ptr(args, A.A_COL_MAP);
  const mapCols = inW + pL + arg(args, A.A_PAD_RIGHT);
  // NHWC tiles go channel fastest, so the channels of a row block read the same input rows
  // while they are in cache.
  for (let t = begin; t < end; t++) {
    const image = t / (inC * blocks);
    const c = nhwc ? t % inC : (t / blocks) % inC;
    const block = nhwc ? (t / inC) % blocks : t % blocks;
    const p = image * inC + c;
    const firstRow = rowOfBlock(block, blocks, paddedH);
    const endRow = rowOfBlock(block + 1, blocks, paddedH);
    const to = padded + <usize>p * paddedPlane + (<usize>(firstRow * rowLength) << 2);
    const from = nhwc ? image * plane * inC + c : p * plane;
    padPlanePhases(to, input + (<usize>from << 2), inH, inW, pT, pL, firstRow, endRow, sW, phaseLength, nhwc ? inC : 1, rowMap, colMap, paddedH, mapCols);
  }
}

/** The padded images follow the offset table (K i32, rounded up to 64 bytes). */
// @ts-ignore: decorator
@inline function paddedImages(work: usize, depth: i32): usize {
  return work + ((<usize>(depth + 15) >> 4) << 6);
}

/**
 * Tiles [begin, end) of the grid batch × groups × blocks of `A_TILE_ROWS` output rows (the block
 * fastest), after convNchwDirectPrologue. Each tile writes all of its group's output channels
 * over its rows; `scratch` holds the gathered panel (depthBlock × NR floats) and the NR lane
 * origins of a panel that wraps rows.
 */
export function convNchwDirect(args: usize, scratch: usize, begin: i32, end: i32): void {
  const inC = arg(args, A.A_IN_CHANNELS);
  const inH = arg(args, A.A_IN_HEIGHT);
  const outC = arg(args, A.A_OUT_CHANNELS);
  const outH = arg(args, A.A_OUT_HEIGHT);
  const outW = arg(args, A.A_OUT_WIDTH);
  const kH = arg(args, A.A_KERNEL_HEIGHT);
  const kW = arg(args, A.A_KERNEL_WIDTH);
  const sH = arg(args, A.A_STRIDE_H);
  const sW = arg(args, A.A_STRIDE_W);
  const pT = arg(args, A.A_PAD_TOP);
  const pB = arg(args, A.A_PAD_BOTTOM);
  const groups = arg(args, A.A_GROUPS);
  const weights = ptr(args, A.A_WEIGHTS);
  const bias = ptr(args, A.A_BIAS);
  const output = ptr(args, A.A_OUTPUT);
  const act = arg(args, A.A_ACT);
  const actParams = args + (<usize>A.A_ACT_P0 << 2);
  const depthBlock = arg(args, A.A_DEPTH_BLOCK);
  const zeros = ptr(args, A.A_ZEROS);
  const rowBlock = arg(args, A.A_TILE_ROWS);

  const pixels = outH * outW;
  const groupIn = inC / groups;
  const groupOut = outC / groups;
  const depth = groupIn * kH * kW;
  const aRowStride = <usize>depth << 2;
  // NHWC output: one pixel's channels are adjacent, so tiles are stored transposed, the step
  // between their columns (pixels) being outC floats. NCHW: the step between rows (channels).
  const nhwc = arg(args, A.A_DIRECT_NHWC) != 0;
  const outRowStride = <usize>(nhwc ? outC : pixels) << 2;
  const channelStep = nhwc ? 1 : pixels; // floats from output channel m to m + 1
  const pixelStep = nhwc ? outC : 1; // floats from pixel q to q + 1
  const phaseLength = arg(args, A.A_PHASE_LENGTH);
  const rowLength = sW * phaseLength;
  const offsets = ptr(args, A.A_WORK);
  const paddedPlane = <usize>((inH + pT + pB) * rowLength) << 2;
  const padded = paddedImages(offsets, depth);
  const panel = scratch; // depthBlock × NR floats
  const laneOrigins = panel + (<usize>(depthBlock * NR) << 2); // NR addresses
  const packPanels = arg(args, A.A_GATHER_PANELS) != 0;
  const rowBlocks = (outH + rowBlock - 1) / rowBlock;

  for (let t = begin; t < end; t++) {
    const ng = t / rowBlocks;
    const oh0 = (t - ng * rowBlocks) * rowBlock;
    const n = ng / groups;
    const g = ng - n * groups;
    const ohEnd = min(outH, oh0 + rowBlock);
    const x = padded + <usize>(n * inC + g * groupIn) * paddedPlane;
    const y = output + (<usize>(n * outC * pixels + g * groupOut * channelStep) << 2);
    const w = weights + (<usize>(g * groupOut * depth) << 2);
    const b = bias + (<usize>(g * groupOut) << 2);
    if (packPanels) {
      // Panels run in raster order over the block's pixels, so a narrow output row wastes no
      // lanes: a panel inside one row is NR contiguous floats per tap, one that wraps to the
      // next row is gathered lane by lane. NCHW output pixels are contiguous across rows.
      const blockEnd = ohEnd * outW;
      for (let k0 = 0; k0 < depth; k0 += depthBlock) {
        const kc = min(depthBlock, depth - k0);
        const last = k0 + kc >= depth;
        for (let first = oh0 * outW; first < blockEnd; first += NR) {
          const cols = min(NR, blockEnd - first);
          const oh = first / outW;
          const ow = first - oh * outW;
          let po = offsets + (<usize>k0 << 2);
          let to = panel;
          if (cols == NR && ow + NR <= outW) {
            const from = x + (<usize>(oh * sH * rowLength + ow) << 2);
            for (let k = 0; k < kc; k++) {
              copyFloats(to, from + <usize>load<u32>(po), NR);
              po += 4;
              to += NR << 2;
            }
          } else {
            for (let r = 0, h = oh, c = ow; r < cols; r++) {
              store<u32>(laneOrigins + (<usize>r << 2), <u32>(x + (<usize>(h * sH * rowLength + c) << 2)));
              if (++c == outW) {
                c = 0;
                h++;
              }
            }
            for (let k = 0; k < kc; k++) {
              const offset = <usize>load<u32>(po);
              for (let r = 0; r < cols; r++) {
                store<f32>(to + (<usize>r << 2), load<f32>(<usize>load<u32>(laneOrigins + (<usize>r << 2)) + offset));
              }
              po += 4;
              to += NR << 2;
            }
          }
          for (let m0 = 0; m0 < groupOut; m0 += MR) {
            gemmTile(
              min(MR, groupOut - m0), w + (<usize>(m0 * depth + k0) << 2), aRowStride,
              kc, panel,
              cols, y + (<usize>(m0 * channelStep + first * pixelStep) << 2), outRowStride,
              b + (<usize>m0 << 2), zeros, k0 > 0,
              last ? act : 0, actParams, nhwc,
            );
          }
        }
      }
    } else if (nhwc) {
      // Transposed tiles: a panel's channel tiles in turn, so each pixel's outputs are written
      // together (whole cache lines) instead of a quarter line per pass over the block.
      for (let k0 = 0; k0 < depth; k0 += depthBlock) {
        const kc = min(depthBlock, depth - k0);
        const last = k0 + kc >= depth;
        for (let oh = oh0; oh < ohEnd; oh++) {
          const origin = x + (<usize>(oh * sH * rowLength) << 2);
          const yRow = y + (<usize>(oh * outW * outC) << 2);
          for (let ow = 0; ow < outW; ow += NR) {
            for (let m0 = 0; m0 < groupOut; m0 += MR) {
              gemmTileIndirect(
                min(MR, groupOut - m0), w + (<usize>(m0 * depth + k0) << 2), aRowStride,
                kc, origin + (<usize>ow << 2), offsets + (<usize>k0 << 2),
                min(NR, outW - ow), yRow + (<usize>(ow * outC + m0) << 2), outRowStride,
                b + (<usize>m0 << 2), k0 > 0,
                last ? act : 0, actParams, true,
              );
            }
          }
        }
      }
    } else {
      for (let k0 = 0; k0 < depth; k0 += depthBlock) {
        const kc = min(depthBlock, depth - k0);
        const last = k0 + kc >= depth;
        for (let m0 = 0; m0 < groupOut; m0 += MR) {
          const a = w + (<usize>(m0 * depth + k0) << 2);
          for (let oh = oh0; oh < ohEnd; oh++) {
            const origin = x + (<usize>(oh * sH * rowLength) << 2);
            const yRow = y + (<usize>(m0 * channelStep + oh * outW * pixelStep) << 2);
            for (let ow = 0; ow < outW; ow += NR) {
              gemmTileIndirect(
                min(MR, groupOut - m0), a, aRowStride,
                kc, origin + (<usize>ow << 2), offsets + (<usize>k0 << 2),
                min(NR, outW - ow), yRow + (<usize>(ow * pixelStep) << 2), outRowStride,
                b + (<usize>m0 << 2), k0 > 0,
                last ? act : 0, actParams, nhwc,
              );
            }
          }
        }
      }
    }
  }
}
