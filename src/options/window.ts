import { rangeError, show, typeError } from '../errors.js';
import { checkShape } from '../tensor.js';
import { axisGeometry, checkedOutputSize, type AxisGeometry } from './axis-geometry.js';
import { spellLayout, type InputLayout } from './conv.js';
import { checkInt32 } from './int32.js';
import { readOptions } from './keys.js';
import { oneOf, perAxis } from './numbers.js';
import { resolvePaddingAxes, type Padding } from './padding.js';

/**
 * Options of {@link im2col}: a window sliding over an image. Pairs are `[height, width]`; a
 * plain number means both.
 *
 * @example
 * const options: Im2colOptions = { windowDimensions: 3, strides: 2, padding: 'same' };
 */
export interface Im2colOptions {
  /** Window size `[kH, kW]` (the kernel size of the convolution it serves). Required. */
  readonly windowDimensions: number | readonly [number, number];
  /** Input cells the window moves from one output cell to the next. A number means both axes. Default 1. */
  readonly strides?: number | readonly [number, number];
  /** Spacing between window taps. Default 1. */
  readonly dilations?: number | readonly [number, number];
  /**
   * Zero padding, in the same forms as conv2d's: a number, `[h, w]`, `[beginH, endH, beginW, endW]`,
   * or `'valid'`, `'same'` (= `'same-upper'`), `'same-lower'`, `'full'`. Default 0.
   */
  readonly padding?: Padding;
  /** Layout of the image: `'nchw'` (default) or `'nhwc'`. The column order is (c, i, j) in both. */
  readonly inputLayout?: InputLayout;
}

/**
 * Options of {@link col2im}: those of {@link Im2colOptions} plus the shape of the image to rebuild.
 *
 * @example
 * const options: Col2imOptions = { windowDimensions: 3, padding: 1, inputShape: [1, 8, 32, 32] };
 */
export interface Col2imOptions extends Im2colOptions {
  /** Shape of the image `im2col` was (or would be) given, in `inputLayout`. Required. */
  readonly inputShape: readonly number[];
}

/** A sliding window with every option resolved to integers: what the kernels receive. */
export interface WindowParams {
  readonly batch: number;
  readonly channels: number;
  readonly inHeight: number;
  readonly inWidth: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly windowHeight: number;
  readonly windowWidth: number;
  readonly strides: readonly [number, number];
  readonly dilations: readonly [number, number];
  /** `[beginH, endH, beginW, endW]`. */
  readonly padding: readonly [number, number, number, number];
  readonly inputLayout: InputLayout;
}

const IM2COL_KEYS = ['windowDimensions', 'strides', 'dilations', 'padding', 'inputLayout'];
const COL2IM_KEYS = [...IM2COL_KEYS, 'inputShape'];
const AXIS_NAMES = ['height', 'width'];
const LAYOUTS: readonly InputLayout[] = ['nchw', 'nhwc'];

/**
 * Validates the options of {@link im2col} against its input shape and resolves them to
 * {@link WindowParams}. Throws a `TypeError` or `RangeError` naming what was expected and what was given.
 *
 * @example
 * resolveIm2col('im2col', [1, 3, 32, 32], { windowDimensions: 3, padding: 1 }).outHeight; // 32
 */
export function resolveIm2col(fn: string, inputShape: unknown, options: unknown): WindowParams {
  const o = readOptions(fn, options, IM2COL_KEYS);
  return resolveWindow(fn, 'input shape', inputShape, o);
}

/**
 * Validates the options of {@link col2im}, `inputShape` included, and resolves them to
 * {@link WindowParams}: the window of the `im2col` whose adjoint is wanted.
 *
 * @example
 * resolveCol2im('col2im', { windowDimensions: 2, inputShape: [1, 1, 3, 3] }).outWidth; // 2
 */
export function resolveCol2im(fn: string, options: unknown): WindowParams {
  const o = readOptions(fn, options, COL2IM_KEYS);
  if (o.inputShape === undefined) {
    typeError(fn, 'inputShape is required: the shape of the image to rebuild, [N, C, H, W] (nchw) or [N, H, W, C] (nhwc)');
  }
  return resolveWindow(fn, 'inputShape', o.inputShape, o);
}

/** Turns one axis's geometry into its output size, throwing when the window does not fit. */
export type AxisOutputSize = (fn: string, axisName: string, axis: AxisGeometry) => number;

/** How a sliding-window function differs from another: its default window and output rule. */
export interface WindowRules {
  /** `'required'` (im2col) or `'global'`: the whole image when omitted (pooling, as WebNN). */
  readonly window: 'required' | 'global';
  readonly outputSize: AxisOutputSize;
}

/** A window over padding only is allowed by im2col: it is a row of zeros, as in conv2d. */
const IM2COL_RULES: WindowRules = {
  window: 'required',
  outputSize: (fn, axisName, axis) => checkedOutputSize(fn, axisName, axis, 'floor', 'window'),
};

/**
 * The part every sliding-window function shares: layout, image shape, window, strides,
 * dilations, padding and output size, from options already read by {@link readOptions}.
 */
export function resolveWindow(
  fn: string,
  shapeName: string,
  imageShape: unknown,
  o: Readonly<Record<string, unknown>>,
  rules: WindowRules = IM2COL_RULES,
): WindowParams {
  const inputLayout = oneOf(fn, 'inputLayout', o.inputLayout, LAYOUTS, 'nchw');
  const image = checkShape(fn, shapeName, imageShape, 4, `${spellLayout(inputLayout)} (${inputLayout})`);
  const dim = (letter: string) => image[inputLayout.indexOf(letter)]!;
  const inputSize = [dim('h'), dim('w')];

  const windowSize =
    rules.window === 'global' && o.windowDimensions === undefined
      ? inputSize
      : perAxis(fn, 'windowDimensions', o.windowDimensions, AXIS_NAMES, undefined);
  const strides = perAxis(fn, 'strides', o.strides, AXIS_NAMES, 1);
  const dilations = perAxis(fn, 'dilations', o.dilations, AXIS_NAMES, 1);
  const context = { inputSize, kernelSize: windowSize, strides, dilations };
  const pads = resolvePaddingAxes(fn, o.padding, context, AXIS_NAMES);
  checkInt32(fn, AXIS_NAMES, { ...context, pads });
  const outputSize = AXIS_NAMES.map((axisName, a) => rules.outputSize(fn, axisName, axisGeometry(context, pads, a)));

  return {
    batch: dim('n'),
    channels: dim('c'),
    inHeight: inputSize[0]!,
    inWidth: inputSize[1]!,
    outHeight: outputSize[0]!,
    outWidth: outputSize[1]!,
    windowHeight: windowSize[0]!,
    windowWidth: windowSize[1]!,
    strides: [strides[0]!, strides[1]!],
    dilations: [dilations[0]!, dilations[1]!],
    padding: [pads[0]!, pads[1]!, pads[2]!, pads[3]!],
    inputLayout,
  };
}

/**
 * Shape of the im2col matrix: `[N·Hout·Wout, C·kH·kW]`, one row per output position.
 *
 * @example
 * columnsShape(resolveIm2col('im2col', [2, 3, 5, 5], { windowDimensions: 3 })); // [18, 27]
 */
export function columnsShape(p: WindowParams): [number, number] {
  return [p.batch * p.outHeight * p.outWidth, p.channels * p.windowHeight * p.windowWidth];
}

/**
 * Shape of the image, in its layout: `[N, C, H, W]` or `[N, H, W, C]`.
 *
 * @example
 * imageShapeOf(resolveCol2im('col2im', { windowDimensions: 2, inputShape: [1, 4, 4, 3], inputLayout: 'nhwc' })); // [1, 4, 4, 3]
 */
export function imageShapeOf(p: WindowParams): number[] {
  return p.inputLayout === 'nchw'
    ? [p.batch, p.channels, p.inHeight, p.inWidth]
    : [p.batch, p.inHeight, p.inWidth, p.channels];
}

/**
 * Checks that a columns tensor's shape is the one im2col produces for the window `p`, naming
 * both shapes and how the expected one is made when it is not.
 */
export function checkColumnsShape(fn: string, shape: unknown, p: WindowParams): [number, number] {
  const expected = columnsShape(p);
  if (Array.isArray(shape) && shape.length === 2 && shape[0] === expected[0] && shape[1] === expected[1]) {
    return expected;
  }
  const err = Array.isArray(shape) ? rangeError : typeError;
  err(
    fn,
    `columns shape must be ${show(expected)} ` +
      `(N·Hout·Wout = ${p.batch}·${p.outHeight}·${p.outWidth} rows, ` +
      `C·kH·kW = ${p.channels}·${p.windowHeight}·${p.windowWidth} columns) ` +
      `for inputShape ${show(imageShapeOf(p))} (${p.inputLayout}), got ${show(shape)}`,
  );
  return expected;
}
