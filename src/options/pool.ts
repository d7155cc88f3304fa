import { rangeError, show } from '../errors.js';
import { checkedOutputSize, paddingOnlyWindow, type AxisGeometry, type RoundingType } from './axis-geometry.js';
import type { InputLayout } from './conv.js';
import { readOptions } from './keys.js';
import { boolean, oneOf } from './numbers.js';
import type { Padding } from './padding.js';
import { resolveWindow, type WindowParams } from './window.js';

/**
 * Options of {@link maxPool2d}; names follow WebNN's `pool2d`. Pairs are `[height, width]`; a
 * plain number means both.
 *
 * @example
 * const options: Pool2dOptions = { windowDimensions: 3, strides: 2, padding: 1 }; // ResNet's stem
 */
export interface Pool2dOptions {
  /** Window size. Default: the whole input height and width (global pooling), as WebNN. */
  readonly windowDimensions?: number | readonly [number, number];
  /**
   * Input cells the window moves from one output cell to the next. A number means both axes. Default 1, as WebNN, ONNX and TensorFlow;
   * note that PyTorch's `MaxPool2d` / `AvgPool2d` default the stride to the window size.
   */
  readonly strides?: number | readonly [number, number];
  /** Spacing between window taps. Default 1. */
  readonly dilations?: number | readonly [number, number];
  /**
   * Padding, in the same forms as conv2d's: a number, `[h, w]`, `[beginH, endH, beginW, endW]`,
   * or `'valid'`, `'same'` (= `'same-upper'`), `'same-lower'`, `'full'`. Default 0.
   * Padded cells never win a max and never add to a sum.
   */
  readonly padding?: Padding;
  /** Default `'nchw'`; the output uses the same layout. (WebNN's pool2d calls it `layout`.) */
  readonly inputLayout?: InputLayout;
  /**
   * How the output size is rounded: `'floor'` (default) drops a last partial window, `'ceil'`
   * keeps it — except, as in PyTorch, a window that would start inside the end padding.
   */
  readonly roundingType?: RoundingType;
}

/**
 * Options of {@link avgPool2d}: those of {@link Pool2dOptions} plus `countIncludePad`.
 *
 * @example
 * const options: AvgPool2dOptions = { windowDimensions: 3, strides: 1, padding: 1, countIncludePad: true };
 */
export interface AvgPool2dOptions extends Pool2dOptions {
  /**
   * Whether padded cells count in the divisor. Default false, as ONNX, TensorFlow and WebNN
   * (the mean of the real cells); PyTorch's `AvgPool2d` defaults to true. When true the
   * divisor is the number of window taps inside the input plus its explicit padding; taps
   * beyond that (a last window kept by `roundingType: 'ceil'`) are not counted, as in PyTorch.
   */
  readonly countIncludePad?: boolean;
}

/** A pooling with every option resolved to integers: what kernels receive. */
export interface PoolParams extends WindowParams {
  readonly roundingType: RoundingType;
  /** Always false for max pooling, where it has no meaning. */
  readonly countIncludePad: boolean;
}

export const POOL_KEYS = ['windowDimensions', 'strides', 'dilations', 'padding', 'inputLayout', 'roundingType'];
const AVG_POOL_KEYS = [...POOL_KEYS, 'countIncludePad'];
/** The option keys max pooling (or, with `average`, average pooling) accepts. */
export function poolOptionKeys(average: boolean): readonly string[] {
  return average ? AVG_POOL_KEYS : POOL_KEYS;
}

const ROUNDING: readonly RoundingType[] = ['floor', 'ceil'];

/**
 * Validates a 2-D pooling's input shape and options and resolves them to {@link PoolParams}.
 * `allow.countIncludePad` is true for average pooling only; elsewhere the key is unknown.
 * Throws a `TypeError` or `RangeError` naming what was expected and what was given.
 */
export function resolvePool2d(
  fn: string,
  inputShape: unknown,
  options: unknown,
  allow: { readonly countIncludePad: boolean },
): PoolParams {
  const o = readOptions(fn, options, allow.countIncludePad ? AVG_POOL_KEYS : POOL_KEYS);
  const roundingType = oneOf(fn, 'roundingType', o.roundingType, ROUNDING, 'floor');
  const countIncludePad = boolean(fn, 'countIncludePad', o.countIncludePad, false);
  const window = resolveWindow(fn, 'input shape', inputShape, o, {
    // Global pooling when no window is given: one output cell per channel (stride 1, no padding).
    window: 'global',
    outputSize: (fnName, axisName, axis) => checkedPoolOutputSize(fnName, axisName, axis, roundingType),
  });
  return { ...window, roundingType, countIncludePad };
}

/**
 * The output size of one pooled axis ({@link checkedOutputSize} with the rounding), then checks
 * that every window covers at least one input cell: a window of padding only has no maximum
 * and no mean, so it is an error rather than −∞ or 0/0.
 */
export function checkedPoolOutputSize(
  fn: string,
  axisName: string,
  axis: AxisGeometry,
  rounding: RoundingType,
): number {
  const outputSize = checkedOutputSize(fn, axisName, axis, rounding, 'window');
  checkNoPaddingOnlyWindow(fn, `${axisName} `, axis, outputSize);
  return outputSize;
}

/**
 * Throws a `RangeError` when some window of a pooled axis of `outputSize` cells covers padding
 * only. `axisWord` (`'height '`, or `''` for a one-axis helper) names the axis in the message.
 */
export function checkNoPaddingOnlyWindow(fn: string, axisWord: string, axis: AxisGeometry, outputSize: number): void {
  const empty = paddingOnlyWindow(axis, outputSize);
  if (empty === undefined) return;
  const { inputSize, kernelSize: window, stride, dilation, padBegin, padEnd } = axis;
  rangeError(
    fn,
    `output ${axisWord}cell ${empty.cell} would pool padding only: its window taps input ${axisWord}` +
      `positions ${show(empty.taps)} but the input covers 0…${inputSize - 1} ` +
      `(window ${window}, stride ${stride}, dilation ${dilation}, padding [${padBegin}, ${padEnd}]); ` +
      `expected every window to cover at least one input cell — use less padding or dilation`,
  );
}
