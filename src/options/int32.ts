import { rangeError, show } from '../errors.js';
import { axisGeometry, kernelExtent, type AxesSizes } from './axis-geometry.js';

/** The largest value the kernels' 32-bit integer arguments hold. */
export const MAX_INT32 = 2 ** 31 - 1;

const INT32_LIMIT = `at most ${MAX_INT32} (the kernels use 32-bit integers)`;

/**
 * Checks that every resolved size, stride, dilation and padding fits the kernels' 32-bit
 * integers, and so do the padded extent and the dilated kernel of each axis: a larger value
 * would otherwise wrap in the argument block and compute something else, silently.
 */
export function checkInt32(
  fn: string,
  axisNames: readonly string[],
  sizes: AxesSizes & { readonly pads: readonly number[] },
): void {
  const over = (value: number) => value > MAX_INT32;
  for (const name of ['strides', 'dilations'] as const) {
    if (sizes[name].some(over)) rangeError(fn, `${name} must be ${INT32_LIMIT}, got ${show(sizes[name])}`);
  }
  if (sizes.pads.some(over)) rangeError(fn, `padding must be ${INT32_LIMIT} per side, got ${show(sizes.pads)}`);
  axisNames.forEach((axis, a) => {
    const { inputSize, kernelSize, dilation, padBegin, padEnd } = axisGeometry(sizes, sizes.pads, a);
    const padded = inputSize + padBegin + padEnd;
    if (over(padded)) rangeError(fn, `the padded input ${axis} (${padded}) must be ${INT32_LIMIT}`);
    const extent = kernelExtent(kernelSize, dilation);
    if (over(extent)) rangeError(fn, `the dilated kernel ${axis} (${extent}) must be ${INT32_LIMIT}`);
  });
}
