import { rangeError, show, typeError } from '../errors.js';
import { kernelExtent, type AxesSizes } from './axis-geometry.js';
import { didYouMeanWord, isIntegerAtLeast } from './numbers.js';

/** Padding chosen by rule rather than by number. `'same'` means `'same-upper'`. */
export type PaddingWord = 'valid' | 'same' | 'same-upper' | 'same-lower' | 'full';

/**
 * Zero padding of a 2-D window (conv2d, pooling, im2col): a number (every side), `[h, w]` (both
 * sides of each axis), `[beginH, endH, beginW, endW]` (WebNN's order), or a {@link PaddingWord}.
 * Each number is an integer ≥ 0.
 *
 * @example
 * const padding: Padding = [1, 2, 1, 2]; // one row above, two below, one column left, two right
 */
export type Padding =
  | number
  | readonly [h: number, w: number]
  | readonly [beginH: number, endH: number, beginW: number, endW: number]
  | PaddingWord;

/**
 * Zero padding of a 1-D window (conv1d): a number (both ends), `[p]`, `[begin, end]`, or a
 * {@link PaddingWord}. Each number is an integer ≥ 0.
 *
 * @example
 * const padding: Padding1d = [2, 0]; // causal padding for a kernel of 3
 */
export type Padding1d = number | readonly [p: number] | readonly [begin: number, end: number] | PaddingWord;

export const PADDING_WORDS: readonly PaddingWord[] = ['valid', 'same', 'same-upper', 'same-lower', 'full'];

/** The sides `samePadding` can put the odd padding cell on. */
export type SamePaddingMode = 'upper' | 'lower';

/** SAME padding of one axis (shape/padding.ts's `samePadding`), of arguments already validated. */
export function samePaddingOf(inputSize: number, kernelSize: number, stride: number, dilation: number, mode: SamePaddingMode): [number, number] {
  const outputSize = Math.ceil(inputSize / stride);
  const total = Math.max(0, (outputSize - 1) * stride + kernelExtent(kernelSize, dilation) - inputSize);
  const half = Math.floor(total / 2);
  return mode === 'upper' ? [half, total - half] : [total - half, half];
}

/**
 * Resolves a padding option to explicit `[begin0, end0, begin1, end1, …]` for each spatial
 * axis (for 2-D: `[beginH, endH, beginW, endW]`, WebNN's order). `context` is the geometry a
 * padding word needs on each axis.
 * `axisNames` only spells the axes in error messages.
 */
export function resolvePaddingAxes(
  fn: string,
  padding: unknown,
  context: AxesSizes,
  axisNames: readonly string[],
): number[] {
  const rank = axisNames.length;
  // Spelt only for an error: building it took an eighth of a tiny one-shot call.
  const expected = (): string => {
    const forms =
      rank === 1
        ? 'a non-negative integer, [p], [begin, end]'
        : `a non-negative integer, [${axisNames.join(', ')}], [${axisNames.flatMap((a) => [`begin${cap(a)}`, `end${cap(a)}`]).join(', ')}]`;
    return `${forms} or one of ${PADDING_WORDS.map((w) => `'${w}'`).join(', ')}`;
  };
  if (padding === undefined) return new Array<number>(2 * rank).fill(0);
  if (typeof padding === 'string') {
    if (!(PADDING_WORDS as readonly string[]).includes(padding)) {
      rangeError(fn, `padding must be ${expected()}, got ${show(padding)}${didYouMeanWord(padding, PADDING_WORDS)}`);
    }
    return wordPadding(padding as PaddingWord, context);
  }
  if (typeof padding === 'number') {
    if (!isIntegerAtLeast(padding, 0)) rangeError(fn, `padding must be ${expected()}, got ${show(padding)}`);
    return new Array<number>(2 * rank).fill(padding);
  }
  if (!Array.isArray(padding)) typeError(fn, `padding must be ${expected()}, got ${show(padding)}`);
  if ((padding.length !== rank && padding.length !== 2 * rank) || !padding.every((p) => isIntegerAtLeast(p, 0))) {
    rangeError(fn, `padding must be ${expected()}, got ${show(padding)}`);
  }
  return padding.length === rank ? padding.flatMap((p: number) => [p, p]) : padding.slice();
}

function wordPadding(word: PaddingWord, context: AxesSizes): number[] {
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
