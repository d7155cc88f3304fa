import { rangeError, show, typeError } from '../errors.js';

/**
 * An integer argument ≥ `min` of a shape or filter helper (a size, a stride, a kernel side).
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
  if (!Number.isInteger(value) || value < min) rangeError(fn, `${name} must be ${expected}, got ${show(value)}`);
  return value;
}

/** True for an object that can hold named fields: not null, not an array, not a function. */
export function isRecord(value: unknown): value is object {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
