import { expect } from 'vitest';
import type { Tensor } from '../../src/tensor.js';

/**
 * DESIGN.md's comparison rule: `|y − ref| ≤ 1e-5 · Σ|x_i · w_i| + 1e-6`, element-wise, where
 * `magnitude[k]` is that output's Σ|x_i · w_i| (run the same conv on |x|, |w| and |bias|).
 * Fails with the first offending index, both values and the bound.
 */
export function expectWithinTolerance(actual: Tensor, expected: Tensor, magnitude: Float32Array | Float64Array): void {
  expect(actual.shape).toEqual(expected.shape);
  expect(actual.data.length).toBe(expected.data.length);
  for (let k = 0; k < actual.data.length; k++) {
    const y = actual.data[k]!;
    const ref = expected.data[k]!;
    if (Number.isNaN(ref) || Number.isNaN(y)) {
      if (!(Number.isNaN(ref) && Number.isNaN(y))) expect.fail(`index ${k}: got ${y}, expected ${ref}`);
      continue;
    }
    const bound = 1e-5 * magnitude[k]! + 1e-6;
    if (!(Math.abs(y - ref) <= bound) && y !== ref) {
      expect.fail(`index ${k}: got ${y}, expected ${ref} (|diff| ${Math.abs(y - ref)} > bound ${bound})`);
    }
  }
}

/** Element-wise absolute value of a tensor, for computing the magnitude Σ|x_i · w_i|. */
export function abs(t: Tensor): Tensor {
  return { data: t.data.map(Math.abs), shape: t.shape };
}
