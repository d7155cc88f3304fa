/**
 * The luma weights of ITU-R BT.601 (R, G, B): what Pillow's `convert('L')`, OpenCV's
 * `cvtColor(…, COLOR_RGB2GRAY)` and most hand-written canvas code use for "greyscale" (CSS's
 * `grayscale()` filter uses other weights). They sum to 1, so white stays white. Applied to the
 * stored sRGB-encoded values, without linearising.
 */
export const LUMA_BT601: readonly [r: number, g: number, b: number] = Object.freeze([0.299, 0.587, 0.114]);

/** Luma of one pixel: `0.299·r + 0.587·g + 0.114·b`, in f64. */
export function luma(r: number, g: number, b: number): number {
  return LUMA_BT601[0] * r + LUMA_BT601[1] * g + LUMA_BT601[2] * b;
}
