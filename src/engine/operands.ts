import { rangeError, show, typeError } from '../errors.js';
import { checkLength, tensorParts, type Tensor } from '../tensor.js';
import type { WasmKernels } from '../wasm/kernels.js';
import { residentPointer, WasmTensor } from './engine-tensor.js';

/** The kernels read the input while they write the output, so the two must not share memory. */
const OVERLAP = 'output overlaps the input (the same tensor, the same data, or overlapping views of one buffer); give a separate output';

/**
 * A layer's output operand, checked: its shape must be `expected`, and it must not overlap the
 * input (the kernels read the input while writing). Returns its address if it is a tensor in
 * this engine's memory (written in place), undefined for a plain tensor (filled by a copy).
 * `kernels` is undefined on the js backend, where every tensor is plain memory.
 */
export function checkOutput(kernels: WasmKernels | undefined, fn: string, output: Tensor, expected: readonly number[], input: Tensor, inPtr: number | undefined): number | undefined {
  const outPtr = kernels === undefined ? undefined : residentPointer(kernels, fn, 'output', output);
  const o = tensorParts(fn, 'output', output);
  const given = o.shape;
  if (!Array.isArray(given)) typeError(fn, `output must have shape ${show(expected)} for an input of shape ${show(input.shape)}, got ${show(given)}`);
  if (given.length !== expected.length || given.some((d, i) => d !== expected[i])) {
    rangeError(fn, `output must have shape ${show(expected)} for an input of shape ${show(input.shape)}, got ${show(given)}`);
  }
  if (outPtr === undefined) checkLength(fn, 'output', o.data, expected);
  // Any two operands that share memory are refused, whatever their kinds (plain arrays, views of
  // wasm memory, engine tensors): one rule on every backend.
  if (inPtr !== undefined && outPtr !== undefined && input instanceof WasmTensor && output instanceof WasmTensor) {
    if (outPtr < inPtr + input.bytes && inPtr < outPtr + output.bytes) rangeError(fn, OVERLAP);
  } else if (sharesMemory(o.data, input.data)) {
    rangeError(fn, OVERLAP);
  }
  return outPtr;
}

/**
 * `data`, checked not to have been detached meanwhile: a plain tensor whose data is a view of
 * this engine's memory is detached when the call grows the memory.
 */
export function liveData(fn: string, name: string, data: Float32Array, length: number): Float32Array {
  if (data.length !== length) {
    throw new Error(`${fn}: ${name}.data was detached when WebAssembly memory grew during the call (it is a view of the engine's memory); pass the engine tensor itself`);
  }
  return data;
}

function sharesMemory(a: Float32Array, b: Float32Array): boolean {
  return a.buffer === b.buffer && a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}
