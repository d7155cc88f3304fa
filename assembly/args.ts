// Kernels take their integers from an argument block in linear memory (one i32 per slot), so
// the many sizes of a convolution cross the JS boundary in one call. src/wasm/args.ts writes it.

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
export const A_ACT_P0 = 25; // f32 bits
export const A_ACT_P1 = 26; // f32 bits
export const A_TILE = 27; // output pixels per tile
export const A_DEPTH_BLOCK = 28; // K per block
export const A_FLAG = 29; // pooling: 1 = average, 2 = counting padding; NCHW direct: 1 = gather panels; NHWC: 1 = pointwise; Winograd: 1 = NHWC
export const A_PHASE_LENGTH = 30; // floats per width phase of a padded row; Winograd: the tile side m
export const ARG_SLOTS = 32;

// @ts-ignore: decorator
@inline export function arg(args: usize, slot: i32): i32 {
  return load<i32>(args + (<usize>slot << 2));
}

// @ts-ignore: decorator
@inline export function argF32(args: usize, slot: i32): f32 {
  return load<f32>(args + (<usize>slot << 2));
}

// @ts-ignore: decorator
@inline export function ptr(args: usize, slot: i32): usize {
  return <usize>load<u32>(args + (<usize>slot << 2));
}
