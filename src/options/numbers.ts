import { rangeError, show, typeError } from '../errors.js';

/** True for a finite integer ≥ `min`. */
export function isIntegerAtLeast(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min;
}

/** An integer argument ≥ `min` (sizes, counts), with no default. */
export function checkSize(fn: string, name: string, value: unknown, min = 1): number {
  if (typeof value !== 'number') typeError(fn, `${name} must be an integer ≥ ${min}, got ${show(value)}`);
  if (!isIntegerAtLeast(value, min)) {
    rangeError(fn, `${name} must be an integer ≥ ${min}, got ${show(value)}`);
  }
  return value;
}

/** A positive integer option (`groups`), or its default when omitted. */
export function positiveInteger(fn: string, name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') typeError(fn, `${name} must be a positive integer, got ${show(value)}`);
  if (!isIntegerAtLeast(value, 1)) rangeError(fn, `${name} must be a positive integer, got ${show(value)}`);
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
  const expected =
    axes.length === 1
      ? `a positive integer or [${axes[0]}]`
      : `a positive integer or a pair [${axes.join(', ')}] of them`;
  if (value === undefined) {
    if (fallback === undefined) typeError(fn, `${name} is required: ${expected}`);
    return axes.map(() => fallback);
  }
  if (typeof value === 'number') {
    if (!isIntegerAtLeast(value, 1)) rangeError(fn, `${name} must be ${expected}, got ${show(value)}`);
    return axes.map(() => value);
  }
  if (!Array.isArray(value)) typeError(fn, `${name} must be ${expected}, got ${show(value)}`);
  if (value.length !== axes.length || !value.every((v) => isIntegerAtLeast(v, 1))) {
    rangeError(fn, `${name} must be ${expected}, got ${show(value)}`);
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
