import { expect } from 'vitest';
import type { Tensor } from '../../src/tensor.js';

/**
 * The comparison rule of docs/architecture.md#tolerance: `|y − ref| ≤ 1e-5 · Σ|x_i · w_i| + 1e-6`, element-wise, where
 * `magnitude[k]` is that output's Σ|x_i · w_i| (run the same conv on |x|, |w| and |bias|).
 * Fails with the first offending index, both values and the bound. `scale` replaces 1e-5 for
 * a bound of another form (test/helpers/winograd-bound.ts).
 */
export function expectWithinTolerance(actual: Tensor, expected: Tensor, magnitude: Float32Array | Float64Array, scale = 1e-5): void {
  expect(actual.shape).toEqual(expected.shape);
  expect(actual.data.length).toBe(expected.data.length);
  for (let k = 0; k < actual.data.length; k++) {
    const y = actual.data[k]!;
    const ref = expected.data[k]!;
    if (Number.isNaN(ref) || Number.isNaN(y)) {
      if (!(Number.isNaN(ref) && Number.isNaN(y))) expect.fail(`index ${k}: got ${y}, expected ${ref}`);
      continue;
    }
    const bound = scale * magnitude[k]! + 1e-6;
    if (!(Math.abs(y - ref) <= bound) && y !== ref) {
      expect.fail(`index ${k}: got ${y}, expected ${ref} (|diff| ${Math.abs(y - ref)} > bound ${bound})`);
    }
  }
}

/** The largest |y − ref| / (scale · magnitude + 1e-6) over the finite outputs: how close a result came to its bound. */
export function worstRatio(actual: Tensor, expected: Tensor, magnitude: Float32Array | Float64Array, scale = 1e-5): number {
  let worst = 0;
  for (let k = 0; k < actual.data.length; k++) {
    const diff = Math.abs(actual.data[k]! - expected.data[k]!);
    if (Number.isFinite(diff)) worst = Math.max(worst, diff / (scale * magnitude[k]! + 1e-6));
  }
  return worst;
}

/** Element-wise absolute value of a tensor, for computing the magnitude Σ|x_i · w_i|. */
export function abs(t: Tensor): Tensor {
  return { data: t.data.map(Math.abs), shape: t.shape };
}
