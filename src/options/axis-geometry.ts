import { rangeError } from '../errors.js';

/** The extent of shape/output-size.ts's `effectiveKernelSize`, of arguments already validated: `d·(k−1)+1`. */
export function kernelExtent(kernelSize: number, dilation: number): number {
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

/** The sizes of every spatial axis, one entry per axis, before padding. */
export interface AxesSizes {
  readonly inputSize: readonly number[];
  readonly kernelSize: readonly number[];
  readonly strides: readonly number[];
  readonly dilations: readonly number[];
}

/** Axis `a` of `sizes`, with its padding from `pads` (`[begin0, end0, begin1, end1, …]`). */
export function axisGeometry(sizes: AxesSizes, pads: readonly number[], a: number): AxisGeometry {
  return {
    inputSize: sizes.inputSize[a]!,
    kernelSize: sizes.kernelSize[a]!,
    stride: sizes.strides[a]!,
    dilation: sizes.dilations[a]!,
    padBegin: pads[2 * a]!,
    padEnd: pads[2 * a + 1]!,
  };
}

/**
 * `floor((in + padBegin + padEnd − (d·(k−1)+1)) / s) + 1`, or with `ceil` for pooling's ceil mode
 * (where, as in PyTorch, a last window that would start inside the end padding is dropped).
 * Returns a number below 1 when the kernel does not fit; callers turn that into an error.
 */
export function rawOutputSize(axis: AxisGeometry, rounding: RoundingType = 'floor'): number {
  const { inputSize, kernelSize, stride, dilation, padBegin, padEnd } = axis;
  const span = inputSize + padBegin + padEnd - kernelExtent(kernelSize, dilation);
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
    const effective = kernelExtent(kernelSize, dilation);
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

/**
 * The first output cell of a pooled axis whose window taps padding only (no input cell), with
 * the positions it taps, or `undefined` when every window covers at least one input cell. A
 * window of padding only has no maximum and no mean, so pooling turns it into an error.
 *
 * @example
 * paddingOnlyWindow({ inputSize: 2, kernelSize: 1, stride: 1, dilation: 1, padBegin: 1, padEnd: 1 }, 4);
 * // { cell: 0, taps: [-1] }
 */
export function paddingOnlyWindow(axis: AxisGeometry, outputSize: number): { cell: number; taps: number[] } | undefined {
  const { inputSize, kernelSize: window, stride, dilation, padBegin } = axis;
  for (let cell = 0; cell < outputSize; cell++) {
    // Window `cell` taps start, start + d, …, start + d·(k−1); find the first one ≥ 0.
    const start = cell * stride - padBegin;
    const firstInside = start >= 0 ? 0 : Math.ceil(-start / dilation);
    if (firstInside < window && start + firstInside * dilation < inputSize) continue;
    return { cell, taps: Array.from({ length: window }, (_, i) => start + i * dilation) };
  }
  return undefined;
}
