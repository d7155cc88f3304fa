import { checkedOutputSize, type AxisGeometry } from '../options/axis-geometry.js';
import { CONV2D, resolveConv, type Conv2dOptions, type ConvParams } from '../options/conv.js';
import { conv3dShapeOf, resolveConv3d, type Conv3dOptions } from '../options/conv3d.js';
import { readOptions } from '../options/keys.js';
import { integerArgument } from '../options/numbers.js';
import { resolvePaddingAxes, type Padding1d } from '../options/padding.js';

/** Geometry of one axis for {@link convOutputSize}: `conv2d`'s option names, one number each. */
export interface AxisOptions {
  /** Cells the window moves between neighbouring output cells. Default 1. */
  readonly strides?: number;
  /** Spacing between kernel taps. Default 1. */
  readonly dilations?: number;
  /** A number (both sides), `[p]`, `[begin, end]`, or a padding word. Default 0. */
  readonly padding?: Padding1d;
}

/**
 * Output size of a convolution along one axis:
 * `floor((in + padBegin + padEnd − (d·(k−1)+1)) / s) + 1`. Throws a `RangeError` when the
 * result would be below 1 (the kernel does not fit in the padded input).
 *
 * @example
 * convOutputSize(224, 7, { strides: 2, padding: 3 });   // 112
 * convOutputSize(20, 5, { strides: 2, padding: [2, 2] }); // 10
 * convOutputSize(7, 3, { strides: 2, padding: 'same' });   // 4
 */
export function convOutputSize(inputSize: number, kernelSize: number, options: AxisOptions = {}): number {
  const fn = 'convOutputSize';
  const { axis } = resolveAxis(fn, inputSize, ['kernelSize', kernelSize], options, []);
  return checkedOutputSize(fn, 'size', axis);
}

/**
 * Validates the arguments of a one-axis size helper (the kernel or window size is passed with
 * its name, for messages) and resolves its padding; `extraKeys` are further options the caller
 * reads from the returned snapshot.
 */
export function resolveAxis(
  fn: string,
  inputSize: unknown,
  [kernelName, kernelSize]: readonly [string, unknown],
  options: unknown,
  extraKeys: readonly string[],
): { axis: AxisGeometry; options: Readonly<Record<string, unknown>> } {
  const input = integerArgument(fn, 'inputSize', inputSize, 1);
  const kernel = integerArgument(fn, kernelName, kernelSize, 1);
  const o = readOptions(fn, options, ['strides', 'dilations', 'padding', ...extraKeys]);
  const stride = integerArgument(fn, 'strides', o.strides, 1, 1);
  const dilation = integerArgument(fn, 'dilations', o.dilations, 1, 1);
  const context = { inputSize: [input], kernelSize: [kernel], strides: [stride], dilations: [dilation] };
  const [padBegin, padEnd] = resolvePaddingAxes(fn, o.padding, context, ['size']) as [number, number];
  return { axis: { inputSize: input, kernelSize: kernel, stride, dilation, padBegin, padEnd }, options: o };
}

/**
 * Output shape of {@link conv2d}, in the input's layout, validating exactly as `conv2d` does
 * (shapes, channels and groups, options, output size ≥ 1).
 *
 * @example
 * conv2dOutputShape([1, 3, 224, 224], [64, 3, 7, 7], { strides: 2, padding: 3 }); // [1, 64, 112, 112]
 * conv2dOutputShape([1, 224, 224, 3], [7, 7, 3, 64], { strides: 2, padding: 'same',
 *   inputLayout: 'nhwc', filterLayout: 'hwio' });                                // [1, 112, 112, 64]
 */
export function conv2dOutputShape(
  inputShape: readonly number[],
  filterShape: readonly number[],
  options: Conv2dOptions = {},
): number[] {
  const p = resolveConv({ ...CONV2D, fn: 'conv2dOutputShape' }, inputShape, filterShape, options);
  return outputShapeOf(p);
}

/**
 * The output shape of resolved convolution parameters, in their input layout; with
 * `spatialAxes` 1 (conv1d) the height axis of 1 is left out.
 */
export function outputShapeOf(p: ConvParams, spatialAxes: 1 | 2 = 2): number[] {
  const shape =
    p.inputLayout === 'nchw'
      ? [p.batch, p.outChannels, p.outHeight, p.outWidth]
      : [p.batch, p.outHeight, p.outWidth, p.outChannels];
  return spatialAxes === 2 ? shape : shape.filter((_, axis) => axis !== p.inputLayout.indexOf('h'));
}

/**
 * Output shape of {@link conv3d}, in the input's layout, validating exactly as `conv3d` does.
 *
 * @example
 * conv3dOutputShape([1, 3, 16, 112, 112], [64, 3, 3, 7, 7], { strides: [1, 2, 2], padding: [1, 3, 3] }); // [1, 64, 16, 56, 56]
 */
export function conv3dOutputShape(inputShape: readonly number[], filterShape: readonly number[], options: Conv3dOptions = {}): number[] {
  return conv3dShapeOf(resolveConv3d('conv3dOutputShape', inputShape, filterShape, options));
}
