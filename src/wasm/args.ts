import type { ConvParams } from '../options/conv.js';

import { A_DILATION_H, A_DILATION_W, A_IN_CHANNELS, A_IN_HEIGHT, A_IN_WIDTH, A_KERNEL_HEIGHT, A_KERNEL_WIDTH, A_OUT_CHANNELS, A_OUT_HEIGHT, A_OUT_WIDTH, A_PAD_BOTTOM, A_PAD_LEFT, A_PAD_RIGHT, A_PAD_TOP, A_STRIDE_H, A_STRIDE_W, ARG_SLOTS } from './abi.generated.js';

// The slots of the kernels' argument block are declared once, in scripts/abi-table.mjs.
export * from './abi.generated.js';

/** The sizes of a sliding window over an image, as both convolution and pooling have them. */
export type WindowGeometry = Pick<
  ConvParams,
  | 'inChannels' | 'inHeight' | 'inWidth' | 'outChannels' | 'outHeight' | 'outWidth'
  | 'kernelHeight' | 'kernelWidth' | 'strides' | 'dilations' | 'padding'
>;

/** A fresh argument block with the window's sizes filled in; the caller adds the rest. */
export function windowSlots(g: WindowGeometry): number[] {
  const slots = new Array<number>(ARG_SLOTS).fill(0);
  slots[A_IN_CHANNELS] = g.inChannels;
  slots[A_IN_HEIGHT] = g.inHeight;
  slots[A_IN_WIDTH] = g.inWidth;
  slots[A_OUT_CHANNELS] = g.outChannels;
  slots[A_OUT_HEIGHT] = g.outHeight;
  slots[A_OUT_WIDTH] = g.outWidth;
  slots[A_KERNEL_HEIGHT] = g.kernelHeight;
  slots[A_KERNEL_WIDTH] = g.kernelWidth;
  [slots[A_STRIDE_H], slots[A_STRIDE_W]] = g.strides;
  [slots[A_DILATION_H], slots[A_DILATION_W]] = g.dilations;
  [slots[A_PAD_TOP], slots[A_PAD_BOTTOM], slots[A_PAD_LEFT], slots[A_PAD_RIGHT]] = g.padding;
  return slots;
}

/**
 * An argument block as the kernels read it: `slots`, with `floats` ([slot]: value) written as
 * f32 bits. Made once per resolved call; a call copies it in whole (one typed copy).
 */
export function encodeArgs(slots: readonly number[], floats: Readonly<Record<number, number>> = {}): Int32Array {
  const block = Int32Array.from(slots);
  const asFloats = new Float32Array(block.buffer);
  for (const [slot, value] of Object.entries(floats)) asFloats[Number(slot)] = value;
  return block;
}
