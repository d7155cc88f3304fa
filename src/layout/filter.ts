import { oneOf } from '../options/numbers.js';
import type { FilterLayout } from '../options/conv.js';
import { spellLayout } from '../options/conv.js';
import { checkTensor, type Tensor } from '../tensor.js';
import { permute } from './permute.js';

export const FILTER_LAYOUTS: readonly FilterLayout[] = ['oihw', 'hwio', 'ohwi', 'ihwo'];

/**
 * Converts a conv2d filter between layouts: `'oihw'` (PyTorch, ONNX), `'hwio'` (TensorFlow),
 * `'ohwi'` and `'ihwo'` (WebNN). `o` is output channels, `i` input channels per group.
 *
 * A TensorFlow depthwise filter `[kH, kW, C, M]` is, in memory, the `'hwio'` filter
 * `[kH, kW, 1, C·M]` of a conv with `groups: C`: reshape it, no conversion needed.
 *
 * @example
 * const hwio = convertFilterLayout(oihwFilter, 'oihw', 'hwio');
 */
export function convertFilterLayout(filter: Tensor, from: FilterLayout, to: FilterLayout): Tensor {
  const fn = 'convertFilterLayout';
  const source = oneOf(fn, 'from', from, FILTER_LAYOUTS, undefined);
  const target = oneOf(fn, 'to', to, FILTER_LAYOUTS, undefined);
  return permute(checkTensor(fn, 'filter', filter, 4, `${spellLayout(source)} (${source})`), source, target, fn);
}
