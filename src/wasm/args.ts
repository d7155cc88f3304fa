import type { ConvParams } from '../options/conv.js';

// Slots of the kernels' argument block: a mirror of assembly/args.ts.
export const A_BATCH = 0;
export const A_IN_CHANNELS = 1;
export const A_IN_HEIGHT = 2;
export const A_IN_WIDTH = 3;
export const A_OUT_CHANNELS = 4;
export const A_OUT_HEIGHT = 5;
export const A_OUT_WIDTH = 6;
export const A_KERNEL_HEIGHT = 7;
export const A_KERNEL_WIDTH = 8;
export const A_STRIDE_H = 9;
export const A_STRIDE_W = 10;
export const A_DILATION_H = 11;
export const A_DILATION_W = 12;
export const A_PAD_TOP = 13;
export const A_PAD_LEFT = 14;
export const A_PAD_BOTTOM = 15;
export const A_PAD_RIGHT = 16;
export const A_GROUPS = 17;
export const A_INPUT = 18;
export const A_WEIGHTS = 19;
export const A_BIAS = 20;
export const A_OUTPUT = 21;
export const A_WORK = 22;
export const A_ZEROS = 23;
export const A_ACT = 24;
export const A_ACT_P0 = 25;
export const A_ACT_P1 = 26;
export const A_TILE = 27;
export const A_DEPTH_BLOCK = 28;
export const A_FLAG = 29;
export const A_PHASE_LENGTH = 30;
export const ARG_SLOTS = 32;

/** The sizes of a sliding window over an image, as both convolution and pooling have them. */
export type WindowGeometry = Pick<
  ConvParams,
  | 'batch' | 'inChannels' | 'inHeight' | 'inWidth' | 'outChannels' | 'outHeight' | 'outWidth'
  | 'kernelHeight' | 'kernelWidth' | 'strides' | 'dilations' | 'padding'
>;

/** A fresh argument block with the window's sizes filled in; the caller adds the rest. */
export function windowSlots(g: WindowGeometry): number[] {
  const slots = new Array<number>(ARG_SLOTS).fill(0);
  slots[A_BATCH] = g.batch;
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
