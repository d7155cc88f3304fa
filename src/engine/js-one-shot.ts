import { resolveConv, type ConvSpec } from '../options/conv.js';
import { resolvePool2d } from '../options/pool.js';
import { resolveConvTranspose, transposeOutputShape, type ConvTransposeSpec } from '../options/conv-transpose.js';
import { convolveTransposedResolved, convTranspose3dResolved } from '../reference/conv-transpose.js';
import { CONV_TRANSPOSE3D, resolveTransposeAxes } from '../options/conv-transpose.js';
import { transpose3dShape } from './conv-transpose3d-layer.js';
import { conv3dShapeOf, resolveConv3d } from '../options/conv3d.js';
import { conv3dResolved } from '../reference/conv3d.js';
import { convolveResolved } from '../reference/convolve.js';
import { poolResolved } from '../reference/pool2d.js';
import { checkLength, tensorParts, type Tensor } from '../tensor.js';
import { outputShapeOf } from '../shape/conv-shape.js';
import { poolOutputShapeOf } from '../shape/pool-shape.js';
import { checkOwnTensor } from './engine-tensor.js';
import { checkOutput } from './operands.js';

/**
 * One-shot calls of the js backend: the reference kernels, with the engine's tensors checked and
 * an optional `output` filled as a layer's `run(input, output)` fills it (one copy). Options are
 * resolved once, and every check comes before any work, in the wasm engines' order (shapes and
 * options, the lengths, then the output), so each mistake gets the same message on every backend.
 */
export function jsConvolve(owner: object, spec: ConvSpec, input: Tensor, filter: Tensor, options: unknown, output?: Tensor): Tensor {
  const { fn } = spec;
  checkOwnTensor(owner, fn, 'input', input);
  if (output !== undefined) checkOwnTensor(owner, fn, 'output', output);
  const x = tensorParts(fn, 'input', input);
  const w = tensorParts(fn, 'filter', filter);
  const p = resolveConv(spec, x.shape, w.shape, options);
  const wChecked = checkLength(fn, 'filter', w.data, w.shape as number[]);
  const xChecked = checkLength(fn, 'input', x.data, x.shape as number[]);
  if (output === undefined) return convolveResolved(spec, xChecked, wChecked, p);
  checkOutput(undefined, fn, output, outputShapeOf(p, spec.axes.length as 1 | 2), input, undefined);
  output.data.set(convolveResolved(spec, xChecked, wChecked, p).data);
  return output;
}

/** {@link jsConvolve} for the transposed convolutions. */
export function jsConvolveTransposed(owner: object, spec: ConvTransposeSpec, input: Tensor, filter: Tensor, options: unknown, output?: Tensor): Tensor {
  const { fn } = spec;
  checkOwnTensor(owner, fn, 'input', input);
  if (output !== undefined) checkOwnTensor(owner, fn, 'output', output);
  const x = tensorParts(fn, 'input', input);
  const w = tensorParts(fn, 'filter', filter);
  const p = resolveConvTranspose(spec, x.shape, w.shape, options);
  const wChecked = checkLength(fn, 'filter', w.data, w.shape as number[]);
  const xChecked = checkLength(fn, 'input', x.data, x.shape as number[]);
  if (output === undefined) return convolveTransposedResolved(spec, xChecked, wChecked, p);
  checkOutput(undefined, fn, output, transposeOutputShape(p, spec.axes.length as 1 | 2), input, undefined);
  output.data.set(convolveTransposedResolved(spec, xChecked, wChecked, p).data);
  return output;
}

/** {@link jsConvolve} for conv3d. */
export function jsConv3d(owner: object, input: Tensor, filter: Tensor, options: unknown, output?: Tensor): Tensor {
  const fn = 'conv3d';
  checkOwnTensor(owner, fn, 'input', input);
  if (output !== undefined) checkOwnTensor(owner, fn, 'output', output);
  const x = tensorParts(fn, 'input', input);
  const w = tensorParts(fn, 'filter', filter);
  const p = resolveConv3d(fn, x.shape, w.shape, options);
  const wChecked = checkLength(fn, 'filter', w.data, w.shape as number[]);
  const xChecked = checkLength(fn, 'input', x.data, x.shape as number[]);
  if (output === undefined) return conv3dResolved(xChecked, wChecked, p, fn);
  checkOutput(undefined, fn, output, conv3dShapeOf(p), input, undefined);
  output.data.set(conv3dResolved(xChecked, wChecked, p, fn).data);
  return output;
}

/** {@link jsConvolve} for convTranspose3d. */
export function jsConvTranspose3d(owner: object, input: Tensor, filter: Tensor, options: unknown, output?: Tensor): Tensor {
  const fn = 'convTranspose3d';
  checkOwnTensor(owner, fn, 'input', input);
  if (output !== undefined) checkOwnTensor(owner, fn, 'output', output);
  const x = tensorParts(fn, 'input', input);
  const w = tensorParts(fn, 'filter', filter);
  const r = resolveTransposeAxes(CONV_TRANSPOSE3D, x.shape, w.shape, options);
  const wChecked = checkLength(fn, 'filter', w.data, w.shape as number[]);
  const xChecked = checkLength(fn, 'input', x.data, x.shape as number[]);
  if (output === undefined) return convTranspose3dResolved(xChecked, wChecked, r, fn);
  checkOutput(undefined, fn, output, transpose3dShape(r), input, undefined);
  output.data.set(convTranspose3dResolved(xChecked, wChecked, r, fn).data);
  return output;
}

/** {@link jsConvolve} for max and average pooling. */
export function jsPool(owner: object, fn: 'maxPool2d' | 'avgPool2d', input: Tensor, options: unknown, output?: Tensor): Tensor {
  checkOwnTensor(owner, fn, 'input', input);
  if (output !== undefined) checkOwnTensor(owner, fn, 'output', output);
  const x = tensorParts(fn, 'input', input);
  const p = resolvePool2d(fn, x.shape, options, { countIncludePad: fn === 'avgPool2d' });
  const xChecked = checkLength(fn, 'input', x.data, x.shape as number[]);
  if (output === undefined) return poolResolved(fn, xChecked, p);
  checkOutput(undefined, fn, output, poolOutputShapeOf(p), input, undefined);
  output.data.set(poolResolved(fn, xChecked, p).data);
  return output;
}
