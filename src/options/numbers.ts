import { rangeError, show, typeError } from '../errors.js';

/** True for a finite integer ≥ `min`. */
export function isIntegerAtLeast(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min;
}

/**
 * An integer argument or option ≥ `min` (a size, a stride, a kernel side, `groups`).
 *
 * - `undefined`: `fallback` when there is one; otherwise a `TypeError`, `name is required: …`
 *   (a missing value is a value of the wrong kind).
 * - not a number (a string, `null`, a boolean…): a `TypeError`.
 * - a number that is not an integer ≥ `min` (`0`, `2.5`, `NaN`, `Infinity`): a `RangeError`.
 *
 * `expected` spells what is wanted; by default `an integer ≥ min`.
 *
 * @example
 * integerArgument('samePadding', 'stride', 0, 1); // RangeError: samePadding: stride must be an integer ≥ 1, got 0
 */
export function integerArgument(
  fn: string,
  name: string,
  value: unknown,
  min: number,
  fallback?: number,
  expected = `an integer ≥ ${min}`,
): number {
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    typeError(fn, `${name} is required: ${expected}`);
  }
  if (typeof value !== 'number') typeError(fn, `${name} must be ${expected}, got ${show(value)}`);
  if (!isIntegerAtLeast(value, min)) rangeError(fn, `${name} must be ${expected}, got ${show(value)}`);
  return value;
}

/**
 * One positive integer per spatial axis (`strides`, `dilations`, `windowDimensions`): a plain
 * number means every axis, otherwise an array with one entry per axis.
 */
export function perAxis(
  fn: string,
  name: string,
  value: unknown,
  axes: readonly string[],
  fallback: number | undefined,
): number[] {
  const expected = (): string => // spelt only for an error (per-call cost)
    axes.length === 1
      ? `a positive integer or [${axes[0]}]`
      : `a positive integer or a ${axes.length === 2 ? 'pair' : 'triple'} [${axes.join(', ')}] of them`;
  if (value === undefined) {
    if (fallback === undefined) typeError(fn, `${name} is required: ${expected()}`);
    return axes.map(() => fallback);
  }
  if (typeof value === 'number') {
    if (!isIntegerAtLeast(value, 1)) rangeError(fn, `${name} must be ${expected()}, got ${show(value)}`);
    return axes.map(() => value);
  }
  if (!Array.isArray(value)) typeError(fn, `${name} must be ${expected()}, got ${show(value)}`);
  if (value.length !== axes.length || !value.every((v) => isIntegerAtLeast(v, 1))) {
    rangeError(fn, `${name} must be ${expected()}, got ${show(value)}`);
  }
  return value.slice() as number[];
}

/** A boolean option, or its default when omitted. */
export function boolean(fn: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') typeError(fn, `${name} must be true or false, got ${show(value)}`);
  return value;
}

/**
 * The word of `words` that `value` spells with another case or separator (`'SAME'`,
 * `'same_upper'`, `'hard_swish'`), for a "did you mean" hint; empty when there is none.
 */
export function didYouMeanWord(value: unknown, words: readonly string[]): string {
  if (typeof value !== 'string') return '';
  const fold = (word: string) => word.toLowerCase().replace(/[-_ ]/g, '');
  const match = words.find((word) => fold(word) === fold(value));
  return match === undefined ? '' : `; did you mean '${match}'?`;
}

/** One of a fixed set of words, or its default when omitted. */
export function oneOf<T extends string>(
  fn: string,
  name: string,
  value: unknown,
  words: readonly T[],
  fallback: T | undefined,
): T {
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    typeError(fn, `${name} is required: one of ${words.map((w) => `'${w}'`).join(', ')}`);
  }
  if (typeof value !== 'string' || !(words as readonly string[]).includes(value)) {
    const list = words.map((w) => `'${w}'`).join(', ');
    const err = typeof value === 'string' ? rangeError : typeError;
    err(fn, `${name} must be one of ${list}, got ${show(value)}${didYouMeanWord(value, words)}`);
  }
  return value as T;
}
