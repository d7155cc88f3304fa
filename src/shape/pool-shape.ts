import { checkedOutputSize, type RoundingType } from '../options/axis-geometry.js';
import { oneOf } from '../options/numbers.js';
import { checkNoPaddingOnlyWindow, resolvePool2d, type AvgPool2dOptions, type PoolParams } from '../options/pool.js';
import { resolveAxis, type AxisOptions } from './conv-shape.js';

/** Geometry of one axis for {@link poolOutputSize}. */
export interface PoolAxisOptions extends AxisOptions {
  /** `'floor'` (default) or `'ceil'` (PyTorch's `ceil_mode`). */
  readonly roundingType?: RoundingType;
}

/**
 * Output size of a pooling along one axis:
 * `floor((in + padBegin + padEnd − (d·(k−1)+1)) / s) + 1`, or `ceil` of the quotient with
 * `roundingType: 'ceil'`, where, as in PyTorch, a last window that would start inside the end
 * padding is dropped. Throws a `RangeError` when the window does not fit in the padded input or
 * when some window would cover padding only.
 *
 * @example
 * poolOutputSize(112, 3, { strides: 2, padding: 1 });                        // 56 (ResNet's max pool)
 * poolOutputSize(5, 2, { strides: 2, roundingType: 'ceil' });                // 3 (floor gives 2)
 * poolOutputSize(5, 2, { strides: 2, padding: 1, roundingType: 'ceil' });    // 3, not 4: the 4th window would start in the padding
 * poolOutputSize(7, 3, { strides: 2, padding: 'same' });                     // 4
 */
export function poolOutputSize(inputSize: number, windowSize: number, options: PoolAxisOptions = {}): number {
  const fn = 'poolOutputSize';
  const { axis, options: o } = resolveAxis(fn, inputSize, ['windowSize', windowSize], options, ['roundingType']);
  const roundingType = oneOf(fn, 'roundingType', o.roundingType, ['floor', 'ceil'], 'floor');
  const outputSize = checkedOutputSize(fn, 'size', axis, roundingType, 'window');
  checkNoPaddingOnlyWindow(fn, '', axis, outputSize);
  return outputSize;
}

/**
 * Output shape of {@link maxPool2d} and {@link avgPool2d}, in the input's layout, validating
 * exactly as they do (shape, options, output size ≥ 1, no window of padding only). Accepts
 * `countIncludePad`, so avgPool2d's options can be passed as they are; it does not change the shape.
 *
 * @example
 * pool2dOutputShape([1, 64, 112, 112], { windowDimensions: 3, strides: 2, padding: 1 }); // [1, 64, 56, 56]
 * pool2dOutputShape([1, 7, 7, 512], { inputLayout: 'nhwc' });                                // [1, 1, 1, 512] (global)
 */
export function pool2dOutputShape(inputShape: readonly number[], options: AvgPool2dOptions = {}): number[] {
  return poolOutputShapeOf(resolvePool2d('pool2dOutputShape', inputShape, options, { countIncludePad: true }));
}

/** The output shape of resolved pooling parameters, in their input layout. */
export function poolOutputShapeOf(p: PoolParams): number[] {
  return p.inputLayout === 'nchw' ? [p.batch, p.channels, p.outHeight, p.outWidth] : [p.batch, p.outHeight, p.outWidth, p.channels];
}
