// maxPool2dWithIndices's results as one float tensor, for the suites that compare bits (no vitest
// import: scripts/fuzz.ts uses it outside vitest).
import type { Tensor } from '../../src/index.js';

/** maxPool2dWithIndices's output, then its indices' bits read as floats: one tensor to compare bit for bit. */
export function indexedAsTensor(r: { readonly output: Tensor; readonly indices: { readonly data: Int32Array } }): Tensor {
  const data = new Float32Array(2 * r.output.data.length);
  data.set(r.output.data);
  data.set(new Float32Array(r.indices.data.buffer, r.indices.data.byteOffset, r.indices.data.length), r.output.data.length);
  return { data, shape: [2, ...r.output.shape] };
}
