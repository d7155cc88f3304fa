import type { ConvParams } from '../options/conv.js';
import type { ConvPlan } from './conv-plan.js';

/** A dense 3×3, stride-1, dilation-1 convolution: what Winograd's F(2×2, 3×3) computes. */
export function winogradApplies(p: ConvParams): boolean {
  return (
    p.kernelHeight === 3 && p.kernelWidth === 3 && p.groups === 1 &&
    p.strides[0] === 1 && p.strides[1] === 1 && p.dilations[0] === 1 && p.dilations[1] === 1
  );
}

/** Where `algorithm: 'auto'` takes the Winograd path. */
export function winogradWins(p: ConvParams): boolean {
  return winogradApplies(p) && p.inChannels >= WINOGRAD_MIN_CHANNELS && p.outChannels >= WINOGRAD_MIN_CHANNELS;
}

/** Provisional: measured in a later commit. */
export const WINOGRAD_MIN_CHANNELS = 16;

/** assembly/winograd-layout.ts's SKEW: floats added to every plane stride of U, V and M. */
const WINOGRAD_SKEW = 16;

/** Bytes of V and M per block of tiles: they should stay in L2 (1 MiB per core here). */
export const WINOGRAD_BLOCK_BYTES = 512 * 1024;

/** Sizes the Winograd path's buffers (see assembly/winograd.ts for the layout). */
export function planWinograd(p: ConvParams, nr: number): ConvPlan {
  const m = 2; // outputs per tile side; a tile is transformed into 16 = 4 × 4 positions
  const depth = roundUp(p.inChannels, 4);
  const width = roundUp(p.outChannels, nr);
  const tilesH = Math.ceil(p.outHeight / m);
  const tilesW = Math.ceil(p.outWidth / m);
  const perTile = 4 * 16 * (depth + width); // bytes of V and M per tile
  const block = Math.max(4, Math.min(roundUp(tilesH * tilesW, 4), Math.floor(WINOGRAD_BLOCK_BYTES / perTile / 4) * 4));
  const padded = (tilesH * m + 2) * (tilesW * m + 2) * depth;
  return {
    path: 'winograd',
    weightFloats: 16 * (width * depth + WINOGRAD_SKEW),
    biasFloats: width,
    workFloats: padded + block * 16 * (depth + width) + (16 + block) * WINOGRAD_SKEW,
    tile: block,
    depthBlock: 0,
    phaseLength: 0,
    packPanels: p.inputLayout === 'nhwc',
  };
}

function roundUp(value: number, multiple: number): number {
  return Math.ceil(value / multiple) * multiple;
}
