import { rangeError, show, typeError } from '../errors.js';
import { didYouMeanWord, integerArgument, perAxis } from '../options/numbers.js';
import { resolvePaddingAxes, samePaddingOf, type Padding, type SamePaddingMode } from '../options/padding.js';

const SAME_MODES: readonly SamePaddingMode[] = ['upper', 'lower'];

/**
 * SAME padding of one axis, as TensorFlow and ONNX define it: the output has `ceil(in / s)`
 * cells and the padding needed for that, `max(0, (out−1)·s + d·(k−1)+1 − in)`, is split in two;
 * `'upper'` puts the odd cell at the end, `'lower'` at the beginning.
 *
 * The sizes, the stride and the dilation must be integers ≥ 1 and `mode` one of `'upper'`,
 * `'lower'`: a value that is not a number (or not a string, for `mode`) is a `TypeError`, one out
 * of range a `RangeError`.
 *
 * @returns `[begin, end]`
 * @example
 * samePadding(7, 3, 2);          // [1, 1]: out = 4, total = 3·2 + 3 − 7 = 2
 * samePadding(6, 3, 2);          // [0, 1]
 * samePadding(6, 3, 2, 1, 'lower'); // [1, 0]
 */
export function samePadding(
  inputSize: number,
  kernelSize: number,
  stride = 1,
  dilation = 1,
  mode: SamePaddingMode = 'upper',
): [number, number] {
  const fn = 'samePadding';
  const input = integerArgument(fn, 'inputSize', inputSize, 1);
  const kernel = integerArgument(fn, 'kernelSize', kernelSize, 1);
  const s = integerArgument(fn, 'stride', stride, 1);
  const d = integerArgument(fn, 'dilation', dilation, 1);
  const list = SAME_MODES.map((m) => `'${m}'`).join(', ');
  if (typeof mode !== 'string') typeError(fn, `mode must be one of ${list}, got ${show(mode)}`);
  if (!(SAME_MODES as readonly string[]).includes(mode)) {
    // 'same-lower' and 'SAME_UPPER' are the padding words of the options: suggest the mode they hold.
    const hint = didYouMeanWord(mode.replace(/^same[-_ ]?/i, ''), SAME_MODES);
    rangeError(fn, `mode must be one of ${list}, got ${show(mode)}${hint}`);
  }
  return samePaddingOf(input, kernel, s, d, mode);
}

/**
 * Resolves any padding form to explicit numbers for a 2-D window. The geometry is checked
 * whatever the padding: `inputSize` and `kernelSize` (required), `strides` and `dilations`
 * (default 1) are each a positive integer (both axes) or a pair `[height, width]` of them.
 *
 * @returns `[beginH, endH, beginW, endW]`
 * @example
 * resolvePadding('same', [224, 224], [7, 7], [2, 2]); // [2, 3, 2, 3]
 * resolvePadding([1, 2], [32, 32], [3, 3]);           // [1, 1, 2, 2]
 */
export function resolvePadding(
  padding: Padding,
  inputSize: number | readonly [number, number],
  kernelSize: number | readonly [number, number],
  strides: number | readonly [number, number] = [1, 1],
  dilations: number | readonly [number, number] = [1, 1],
): [number, number, number, number] {
  const fn = 'resolvePadding';
  const axes = ['height', 'width'];
  const context = {
    inputSize: perAxis(fn, 'inputSize', inputSize, axes, undefined),
    kernelSize: perAxis(fn, 'kernelSize', kernelSize, axes, undefined),
    strides: perAxis(fn, 'strides', strides, axes, 1),
    dilations: perAxis(fn, 'dilations', dilations, axes, 1),
  };
  return resolvePaddingAxes(fn, padding, context, axes) as [number, number, number, number];
}
