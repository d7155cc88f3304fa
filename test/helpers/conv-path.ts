import type { ConvPath } from '../../src/engine/plan.js';
import { choosePath } from '../../src/engine/conv-plan.js';
import { rankOneFactors } from '../../src/engine/separable.js';
import { CONV2D, resolveConv, shape2d, type ConvParams } from '../../src/options/conv.js';
import type { Conv2dOptions, Tensor } from '../../src/index.js';

/** The path a wasm layer takes for this conv2d, its filter's values included (rank 1: separable), as src/engine/conv-layer.ts decides. */
export function convPathOf(input: Tensor, filter: Tensor, options: Conv2dOptions): ConvPath {
  const p: ConvParams = resolveConv(CONV2D, input.shape, filter.shape, options);
  const rankOne = choosePath(p) === 'planes' && rankOneFactors(p, new Float32Array(filter.data), shape2d(filter.shape, p.filterLayout)) !== undefined;
  return choosePath(p, rankOne);
}
