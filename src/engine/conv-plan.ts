import type { ConvParams } from '../options/conv.js';

/**
 * Which wasm kernel runs a convolution:
 * - `planes`: each output plane reads one input plane (depthwise NCHW with any channel
 *   multiplier; single-channel images in either layout) — vectorised along the width;
 * - `depthwise-nhwc`: depthwise, one output per channel, NHWC — four channels per v128;
 * - `nchw` / `nhwc`: dense and grouped convolutions, im2col tiles + the GEMM microkernel, in
 *   the input's own layout (nothing is transposed).
 */
export type ConvPath = 'planes' | 'depthwise-nhwc' | 'nchw' | 'nhwc';

export function choosePath(p: ConvParams): ConvPath {
  const singleChannel = p.inChannels === 1 && p.outChannels === 1;
  const depthwise = p.groups === p.inChannels && p.groups > 1;
  if (singleChannel || (depthwise && p.inputLayout === 'nchw')) return 'planes';
  if (depthwise && p.outChannels === p.inChannels) return 'depthwise-nhwc';
  return p.inputLayout === 'nchw' ? 'nchw' : 'nhwc';
}

// Tile sizes of the GEMM paths (see the closing note of the wasm engine issue for the figures).
/** K per block: a 256-deep NR-wide panel is 8 KiB, so the microkernel's B stays in L1. */
export const DEPTH_BLOCK = 256;
/** NCHW: output pixels per tile; its im2col panels are TILE × DEPTH_BLOCK floats (256 KiB). */
export const NCHW_TILE_PIXELS = 256;
/** NHWC: bytes of im2col rows per tile (the tile's pixels × K floats). */
export const NHWC_TILE_BYTES = 256 * 1024;

/** Everything the wasm call needs besides the data: sizes in floats, tiles. */
export interface ConvPlan {
  readonly path: ConvPath;
  readonly weightFloats: number;
  readonly biasFloats: number;
  readonly workFloats: number;
  /** Pixels per tile (GEMM paths) or the padded row length (planes). */
  readonly tile: number;
  readonly depthBlock: number;
}

/** Sizes every buffer of a convolution's wasm call, bounded whatever the image size. */
export function planConv(p: ConvParams, mr: number, nr: number): ConvPlan {
  const path = choosePath(p);
  const taps = p.kernelHeight * p.kernelWidth;
  const groupIn = p.inChannels / p.groups;
  const groupOut = p.outChannels / p.groups;
  const depth = groupIn * taps;
  const pixels = p.outHeight * p.outWidth;
  const [padTop, padBottom, padLeft, padRight] = p.padding;
  switch (path) {
    case 'planes': {
      // Room for the last vector's overreach; a multiple of 8 so stride-2 rows split in halves.
      const rowLength = roundUp(p.inWidth + padLeft + padRight + 16 * p.strides[1] + 8, 8);
      const work = (p.inHeight + padTop + padBottom + 1) * rowLength; // + a scratch row
      return { path, weightFloats: p.outChannels * taps, biasFloats: p.outChannels, workFloats: work, tile: rowLength, depthBlock: 0 };
    }
    case 'depthwise-nhwc': {
      const padded = roundUp(p.outChannels, 4);
      return { path, weightFloats: taps * padded, biasFloats: padded, workFloats: 0, tile: 0, depthBlock: 0 };
    }
    case 'nchw': {
      const tile = Math.min(NCHW_TILE_PIXELS, roundUp(pixels, nr));
      const depthBlock = Math.min(DEPTH_BLOCK, depth);
      return { path, weightFloats: p.outChannels * depth, biasFloats: p.outChannels, workFloats: tile * depthBlock, tile, depthBlock };
    }
    case 'nhwc': {
      const panels = Math.ceil(groupOut / nr);
      const fit = Math.floor(NHWC_TILE_BYTES / (4 * depth) / mr) * mr;
      const tile = Math.max(mr, Math.min(fit, roundUp(pixels, mr)));
      return {
        path,
        weightFloats: p.groups * panels * depth * nr,
        biasFloats: p.groups * panels * nr,
        workFloats: tile * depth,
        tile,
        depthBlock: Math.min(DEPTH_BLOCK, depth),
      };
    }
  }
}

function roundUp(value: number, multiple: number): number {
  return Math.ceil(value / multiple) * multiple;
}
