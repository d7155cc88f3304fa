import { kernelExtent } from '../options/axis-geometry.js';
import { integerArgument } from '../options/numbers.js';

/**
 * Extent of a dilated kernel: `d·(k−1)+1` input cells from its first tap to its last.
 * `kernelSize` and `dilation` must be integers ≥ 1 (`TypeError` for a value that is not a
 * number, `RangeError` for one out of range).
 *
 * @example
 * effectiveKernelSize(3, 2); // 5
 */
export function effectiveKernelSize(kernelSize: number, dilation = 1): number {
  const fn = 'effectiveKernelSize';
  return kernelExtent(integerArgument(fn, 'kernelSize', kernelSize, 1), integerArgument(fn, 'dilation', dilation, 1));
}
