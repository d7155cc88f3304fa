import type { InputLayout } from '../options/conv.js';
import { oneOf } from '../options/numbers.js';

/** Where an image tensor keeps its channels: `[1, C, H, W]` or `[1, H, W, C]`, as conv2d's `inputLayout`. */
export const IMAGE_LAYOUTS: readonly InputLayout[] = Object.freeze(['nchw', 'nhwc']);

/** The `layout` option of fromImage and toImage: `'nchw'` (the default, as conv2d's) or `'nhwc'`. */
export function layoutOption(fn: string, value: unknown): InputLayout {
  return oneOf(fn, 'layout', value, IMAGE_LAYOUTS, 'nchw');
}
