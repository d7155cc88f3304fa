import { lpPool2d as lpPool2dReference, type LpPool2dOptions } from '../reference/lp-pool.js';
import { maxPool2dWithIndices as maxPool2dWithIndicesReference, type IndexTensor, type MaxPool2dWithIndicesOptions } from '../reference/max-pool-indices.js';
import type { Tensor } from '../tensor.js';
import type { WasmKernels } from '../wasm/kernels.js';
import { checkOwnTensor, residentPointer } from './engine-tensor.js';
import { checkOutput, liveData } from './operands.js';
import { WasmPoolLayer } from './pool-layer.js';

// lpPool2d and maxPool2dWithIndices on each kind of engine: the wasm kernels
// (assembly/pool-lp.ts, assembly/pool-indices.ts) where they apply, the reference otherwise.

/** The exponents the wasm kernel computes; any other runs the reference (pow would add 7.4 KB to each module). */
const KERNEL_NORMS: readonly unknown[] = [1, 2];

/** lpPool2d on a wasm engine. */
export function wasmLpPool2d(kernels: WasmKernels, input: Tensor, options: LpPool2dOptions, output?: Tensor): Tensor {
  const fn = 'lpPool2d';
  const inPtr = residentPointer(kernels, fn, 'input', input);
  const p = options !== null && typeof options === 'object' && 'p' in options ? options.p : 2;
  if (KERNEL_NORMS.includes(p)) return new WasmPoolLayer(kernels, fn, options).run(input, output);
  const y = lpPool2dReference(input, options);
  if (output === undefined) return y;
  const outPtr = checkOutput(kernels, fn, output, y.shape, input, inPtr);
  (outPtr === undefined ? liveData(fn, 'output', output.data, y.data.length) : kernels.f32(outPtr, y.data.length)).set(y.data);
  return output;
}

/** maxPool2dWithIndices on a wasm engine. */
export function wasmMaxPool2dWithIndices(kernels: WasmKernels, input: Tensor, options: MaxPool2dWithIndicesOptions): { output: Tensor; indices: IndexTensor } {
  return new WasmPoolLayer(kernels, 'maxPool2dWithIndices', options).runWithIndices(input);
}

/** lpPool2d on the js engine: the reference, into `output` when given. */
export function jsLpPool2d(owner: object, input: Tensor, options: LpPool2dOptions, output?: Tensor): Tensor {
  const fn = 'lpPool2d';
  checkOwnTensor(owner, fn, 'input', input);
  if (output !== undefined) checkOwnTensor(owner, fn, 'output', output);
  const y = lpPool2dReference(input, options);
  if (output === undefined) return y;
  checkOutput(undefined, fn, output, y.shape, input, undefined);
  output.data.set(y.data);
  return output;
}

/** maxPool2dWithIndices on the js engine: the reference. */
export function jsMaxPool2dWithIndices(owner: object, input: Tensor, options: MaxPool2dWithIndicesOptions): { output: Tensor; indices: IndexTensor } {
  checkOwnTensor(owner, 'maxPool2dWithIndices', 'input', input);
  return maxPool2dWithIndicesReference(input, options);
}
