import { rangeError, show } from '../errors.js';

/**
 * The most elements the pure-JS code (the reference kernels, the js backend, the layout and
 * filter helpers) allocates in one array: 2^30, that is 4 GiB of float32.
 *
 * Why this figure: it is the whole address space of wasm32 (4 GiB), so the js backend accepts no
 * output that no WebAssembly engine could hold, whatever the backend; and it stays under what
 * JavaScript engines allow for one typed array (Node 20's V8: 2^32 elements, beyond which
 * `new Float32Array(n)` throws `Invalid typed array length: n`). A limit of our own, checked
 * before allocating, turns those engine errors into a message that names the function and the shape.
 */
export const MAX_ELEMENTS = 2 ** 30;

/** The product of a shape's dimensions (validated by the caller). */
function countOf(shape: readonly number[]): number {
  let count = 1;
  for (const dim of shape) count *= dim;
  return count;
}

/**
 * Checks that an array of `shape` stays within {@link MAX_ELEMENTS}, and returns its element
 * count. `what` names the array in the message (`'the output'`, `'the filter'`).
 *
 * @example
 * checkElementCount('conv2d', 'the output', [1, 1, 80001, 80001]);
 * // RangeError: conv2d: the output of shape [1, 1, 80001, 80001] would have 6400160001 elements, more than the limit of 1073741824 (2^30) elements per array
 */
export function checkElementCount(fn: string, what: string, shape: readonly number[]): number {
  const count = countOf(shape);
  if (count > MAX_ELEMENTS) {
    rangeError(fn, `${what} of shape ${show(shape)} would have ${count} elements, more than the limit of ${MAX_ELEMENTS} (2^30) elements per array`);
  }
  return count;
}

/** A typed-array constructor: `Float32Array`, `Float64Array`, … */
export type ArrayType<T> = { new (length: number): T; readonly BYTES_PER_ELEMENT: number };

/**
 * A zeroed typed array for an array of `shape`, after {@link checkElementCount}. An allocation
 * within the limit that the JavaScript engine still refuses (not enough memory for this process)
 * is rethrown as a `RangeError` that names the function and the shape, with the engine's reason.
 */
export function allocateArray<T>(fn: string, what: string, shape: readonly number[], Type: ArrayType<T>): T {
  const count = checkElementCount(fn, what, shape);
  try {
    return new Type(count);
  } catch (error) {
    // Within the limit but more than this process can have (V8: "Array buffer allocation failed").
    if (!(error instanceof RangeError)) throw error;
    return rangeError(
      fn,
      `could not allocate ${what} of shape ${show(shape)} (${count} elements, ${count * Type.BYTES_PER_ELEMENT} bytes): ${error.message}`,
    );
  }
}

/** A zeroed `Float32Array` for an array of `shape`, after {@link checkElementCount}. */
export function allocateFloat32(fn: string, what: string, shape: readonly number[]): Float32Array {
  return allocateArray(fn, what, shape, Float32Array);
}

/** A zeroed `Float64Array` (an f64 accumulator) for an array of `shape`, after {@link checkElementCount}. */
export function allocateFloat64(fn: string, what: string, shape: readonly number[]): Float64Array {
  return allocateArray(fn, what, shape, Float64Array);
}
