import { rangeError, show, typeError } from '../errors.js';
import type { ImageRange } from './image-like.js';


/** toImage's default: the inverse of fromImage's default scale (bytes / 255, so [0, 1]). */
export const DEFAULT_RANGE: readonly [number, number] = Object.freeze([0, 1]);

const EXPECTED = "a pair [lo, hi] of finite numbers with lo ≠ hi, or 'auto'";

/** The `range` option: `[lo, hi]` (copied) or `'auto'`, or the default [0, 1]. */
export function rangeOption(fn: string, value: unknown): ImageRange {
  if (value === undefined) return DEFAULT_RANGE;
  if (value === 'auto') return value;
  if (typeof value === 'string') rangeError(fn, `range must be ${EXPECTED}, got ${show(value)}`);
  if (!Array.isArray(value)) typeError(fn, `range must be ${EXPECTED}, got ${show(value)}`);
  const [lo, hi] = value as unknown[];
  if (value.length !== 2 || !Number.isFinite(lo) || !Number.isFinite(hi) || lo === hi) {
    rangeError(fn, `range must be ${EXPECTED}, got ${show(value)}`);
  }
  return [lo as number, hi as number];
}

/** `[lo, hi]` for the data: the given pair, or for 'auto' the finite min and max (NaN and ±∞ skipped; [0, 0] when none). */
export function resolveRange(range: ImageRange, data: Float32Array): readonly [number, number] {
  if (range !== 'auto') return range;
  let lo = Infinity;
  let hi = -Infinity;
  // An indexed loop: for…of over 2 M floats took 20 ms here, this 8 ms.
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [0, 0];
}

/**
 * The gain of `byte(v) = (v − lo) · gain`, `gain = 255 / (hi − lo)`, whose result is stored into
 * a `Uint8ClampedArray`: that clamps it to 0–255, rounds to the nearest integer (ties to even)
 * and stores NaN as 0. A constant tensor under 'auto' (lo = hi) gets gain 0: every value maps to
 * 0 (±∞ too, as ∞ · 0 is NaN).
 */
export function byteGain(lo: number, hi: number): number {
  return lo === hi ? 0 : 255 / (hi - lo);
}
