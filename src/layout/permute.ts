import { allocateFloat32 } from '../shape/element-limit.js';
import type { Tensor } from '../tensor.js';

/**
 * Reorders the axes of a tensor named by letters, e.g. `permute(x, 'nchw', 'nhwc')`.
 * `from` and `to` must hold the same letters, one per axis of `x`. The new array is checked
 * against the element limit; `fn` is the public function its error would name, `what` the array.
 */
export function permute(x: Tensor, from: string, to: string, fn = 'permute', what = 'the output'): Tensor {
  if (from === to) return x;
  const rank = from.length;
  const outShape = [...to].map((letter) => x.shape[from.indexOf(letter)]!);
  // The element at output index (j0, j1, …) is read from input offset Σ j_k · inputStride[axis of k].
  const inStrides = new Array<number>(rank);
  for (let axis = rank - 1, stride = 1; axis >= 0; axis--) {
    inStrides[axis] = stride;
    stride *= x.shape[axis]!;
  }
  const readStrides = [...to].map((letter) => inStrides[from.indexOf(letter)]!);
  const out = allocateFloat32(fn, what, outShape);
  const index = new Array<number>(rank).fill(0);
  let source = 0;
  const last = rank - 1;
  const lastSize = outShape[last]!;
  const lastStride = readStrides[last]!;
  for (let target = 0; target < out.length; ) {
    // Innermost axis as a tight loop; the outer axes advance like an odometer.
    for (let j = 0, s = source; j < lastSize; j++, s += lastStride) out[target++] = x.data[s]!;
    for (let axis = last - 1; axis >= 0; axis--) {
      source += readStrides[axis]!;
      if (++index[axis]! < outShape[axis]!) break;
      source -= readStrides[axis]! * outShape[axis]!;
      index[axis] = 0;
    }
  }
  return { data: out, shape: outShape };
}
