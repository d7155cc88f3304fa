import { rangeError } from '../errors.js';

/**
 * Extent of a dilated kernel: `d·(k−1)+1` input cells from its first tap to its last.
 *
 * @example
 * effectiveKernelSize(3, 2); // 5
 */
export function effectiveKernelSize(kernelSize: number, dilation = 1): number {
  return dilation * (kernelSize - 1) + 1;
}

/** How the last partial window is treated by pooling: dropped (`floor`) or kept (`ceil`). */
export type RoundingType = 'floor' | 'ceil';

/** The geometry of one spatial axis, padding already resolved. */
export interface AxisGeometry {
  readonly inputSize: number;
  readonly kernelSize: number;
  readonly stride: number;
  readonly dilation: number;
  readonly padBegin: number;
  readonly padEnd: number;
}

/**
 * `floor((in + padBegin + padEnd − (d·(k−1)+1)) / s) + 1`, or with `ceil` for pooling's ceil mode
 * (where, as in PyTorch, a last window that would start inside the end padding is dropped).
 * Returns a number below 1 when the kernel does not fit; callers turn that into an error.
 */
export function rawOutputSize(axis: AxisGeometry, rounding: RoundingType = 'floor'): number {
  const { inputSize, kernelSize, stride, dilation, padBegin, padEnd } = axis;
  const span = inputSize + padBegin + padEnd - effectiveKernelSize(kernelSize, dilation);
  if (span < 0) return 0;
  if (rounding === 'floor') return Math.floor(span / stride) + 1;
  let size = Math.ceil(span / stride) + 1;
  if ((size - 1) * stride >= inputSize + padBegin) size -= 1;
  return size;
}

/** {@link rawOutputSize}, throwing a `RangeError` that explains why when the result is below 1. */
export function checkedOutputSize(
  fn: string,
  axisName: string,
  axis: AxisGeometry,
  rounding: RoundingType = 'floor',
  noun: 'kernel' | 'window' = 'kernel',
): number {
  const size = rawOutputSize(axis, rounding);
  if (size < 1) {
    const { inputSize, kernelSize, dilation, padBegin, padEnd } = axis;
    const effective = effectiveKernelSize(kernelSize, dilation);
    rangeError(
      fn,
      `output ${axisName} would be ${size}: the padded input ${axisName} ` +
        `${inputSize} + ${padBegin} + ${padEnd} = ${inputSize + padBegin + padEnd} is smaller than ` +
        `the ${noun}'s extent ${effective} (${noun} ${kernelSize}, dilation ${dilation}); ` +
        `expected an output ${axisName} of at least 1`,
    );
  }
  return size;
}
