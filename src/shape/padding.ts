import { rangeError, show, typeError } from '../errors.js';
import { didYouMeanWord, isIntegerAtLeast, perAxis } from '../options/numbers.js';
import { integerArgument } from './arguments.js';
import { kernelExtent } from './output-size.js';

/** Padding chosen by rule rather than by number. `'same'` means `'same-upper'`. */
export type PaddingWord = 'valid' | 'same' | 'same-upper' | 'same-lower' | 'full';

/**
 * Padding of the spatial axes. For 2-D: a number (every side), `[h, w]` (both sides of each
 * axis), `[beginH, endH, beginW, endW]`, or a {@link PaddingWord}. For 1-D: a number, `[p]`,
 * `[begin, end]`, or a word.
 */
export type Padding = number | readonly number[] | PaddingWord;

export const PADDING_WORDS: readonly PaddingWord[] = ['valid', 'same', 'same-upper', 'same-lower', 'full'];

/** The sides `samePadding` can put the odd padding cell on. */
export type SamePaddingMode = 'upper' | 'lower';

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

/** {@link samePadding} of arguments already validated. */
function samePaddingOf(inputSize: number, kernelSize: number, stride: number, dilation: number, mode: SamePaddingMode): [number, number] {
  const outputSize = Math.ceil(inputSize / stride);
  const total = Math.max(0, (outputSize - 1) * stride + kernelExtent(kernelSize, dilation) - inputSize);
  const half = Math.floor(total / 2);
  return mode === 'upper' ? [half, total - half] : [total - half, half];
}

/** The geometry a padding word needs on each axis. */
export interface PaddingContext {
  readonly inputSize: readonly number[];
  readonly kernelSize: readonly number[];
  readonly strides: readonly number[];
  readonly dilations: readonly number[];
}

/**
 * Resolves a padding option to explicit `[begin0, end0, begin1, end1, …]` for each spatial
 * axis (for 2-D: `[beginH, endH, beginW, endW]`, WebNN's order).
 * `axisNames` only spells the axes in error messages.
 */
export function resolvePaddingAxes(
  fn: string,
  padding: unknown,
  context: PaddingContext,
  axisNames: readonly string[],
): number[] {
  const rank = axisNames.length;
  const forms =
    rank === 1
      ? 'a non-negative integer, [p], [begin, end]'
      : `a non-negative integer, [${axisNames.join(', ')}], [${axisNames.flatMap((a) => [`begin${cap(a)}`, `end${cap(a)}`]).join(', ')}]`;
  const expected = `${forms} or one of ${PADDING_WORDS.map((w) => `'${w}'`).join(', ')}`;
  if (padding === undefined) return new Array<number>(2 * rank).fill(0);
  if (typeof padding === 'string') {
    if (!(PADDING_WORDS as readonly string[]).includes(padding)) {
      rangeError(fn, `padding must be ${expected}, got ${show(padding)}${didYouMeanWord(padding, PADDING_WORDS)}`);
    }
    return wordPadding(padding as PaddingWord, context);
  }
  if (typeof padding === 'number') {
    if (!isIntegerAtLeast(padding, 0)) rangeError(fn, `padding must be ${expected}, got ${show(padding)}`);
    return new Array<number>(2 * rank).fill(padding);
  }
  if (!Array.isArray(padding)) typeError(fn, `padding must be ${expected}, got ${show(padding)}`);
  if ((padding.length !== rank && padding.length !== 2 * rank) || !padding.every((p) => isIntegerAtLeast(p, 0))) {
    rangeError(fn, `padding must be ${expected}, got ${show(padding)}`);
  }
  return padding.length === rank ? padding.flatMap((p: number) => [p, p]) : padding.slice();
}

function wordPadding(word: PaddingWord, context: PaddingContext): number[] {
  return context.inputSize.flatMap((inputSize, axis) => {
    const kernelSize = context.kernelSize[axis]!;
    const stride = context.strides[axis]!;
    const dilation = context.dilations[axis]!;
    switch (word) {
      case 'valid':
        return [0, 0];
      case 'full': {
        const reach = dilation * (kernelSize - 1);
        return [reach, reach];
      }
      case 'same-lower':
        return samePaddingOf(inputSize, kernelSize, stride, dilation, 'lower');
      default:
        return samePaddingOf(inputSize, kernelSize, stride, dilation, 'upper');
    }
  });
}

function cap(word: string): string {
  return word[0]!.toUpperCase() + word.slice(1);
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
