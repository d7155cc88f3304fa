import { rangeError, show, typeError } from '../errors.js';
import { allocateFloat32 } from '../shape/element-limit.js';
import { checkTensor, tensorParts, type Tensor } from '../tensor.js';

/** The rank a tensor claims: any rank is accepted, then checked against its data like any tensor. */
function rankOf(fn: string, name: string, value: unknown): number {
  const { shape } = tensorParts(fn, name, value);
  // `gx shape`, as the tensor checks spell it (`gy shape must hold positive integers, …`).
  if (!Array.isArray(shape)) typeError(fn, `${name} shape must be an array of positive integers, got ${show(shape)}`);
  return shape.length;
}

/**
 * Gradient magnitude `√(gx² + gy²)`, element by element, of two same-shaped tensors, typically
 * the Sobel X and Y responses of one image. Squares are taken in f64, so large values do not
 * overflow before the root.
 *
 * @returns a new tensor of the same shape
 * @example
 * const gx = conv2d(image, kernels.sobelX, { padding: 'same' });
 * const gy = conv2d(image, kernels.sobelY, { padding: 'same' });
 * const edges = edgeMagnitude(gx, gy); // same shape as gx
 */
export function edgeMagnitude(gx: Tensor, gy: Tensor): Tensor {
  const fn = 'edgeMagnitude';
  const x = checkTensor(fn, 'gx', gx, rankOf(fn, 'gx', gx), '');
  const y = checkTensor(fn, 'gy', gy, rankOf(fn, 'gy', gy), '');
  if (x.shape.length !== y.shape.length || x.shape.some((dim, axis) => dim !== y.shape[axis])) {
    rangeError(fn, `gx and gy must have the same shape, got gx ${show(x.shape)} and gy ${show(y.shape)}`);
  }
  const out = allocateFloat32(fn, 'the output', x.shape);
  for (let i = 0; i < out.length; i++) {
    const a = x.data[i]!;
    const b = y.data[i]!;
    out[i] = Math.sqrt(a * a + b * b);
  }
  return { data: out, shape: x.shape };
}
