import { rangeError, show, typeError } from '../errors.js';
import { elementCount } from '../tensor.js';

/** The 8-bit element types of quantized tensors, by their ONNX names. */
export type QuantizedType = 'uint8' | 'int8';

/** The arrays that hold them. */
export type QuantizedArray = Uint8Array | Int8Array;

/**
 * A dense, row-major 8-bit quantized tensor: each element stands for the real value
 * `(q − zeroPoint) · scale`, with the scale and zero point given beside it (as ONNX's QLinear
 * operators take them).
 *
 * @example
 * const x: QuantizedTensor = { data: new Uint8Array(3 * 32 * 32), shape: [1, 3, 32, 32] };
 */
export interface QuantizedTensor {
  readonly data: QuantizedArray;
  readonly shape: readonly number[];
}

/** A dense int32 tensor: what {@link convInteger2d} returns. */
export interface Int32Tensor {
  readonly data: Int32Array;
  readonly shape: readonly number[];
}

/** Each type's smallest and largest value. */
export const QUANTIZED_RANGE: Readonly<Record<QuantizedType, readonly [number, number]>> = Object.freeze({
  uint8: Object.freeze([0, 255] as const),
  int8: Object.freeze([-128, 127] as const),
});

export const QUANTIZED_TYPES: readonly QuantizedType[] = ['uint8', 'int8'];

/** The element type of a quantized array (the caller has checked that it is one). */
export function typeOfArray(data: QuantizedArray): QuantizedType {
  return data instanceof Int8Array ? 'int8' : 'uint8';
}

/**
 * Checks that `value` is `{ data: Uint8Array | Int8Array, shape }` and returns its parts; the
 * shape is checked by the caller. A `Uint8ClampedArray` (canvas pixels) is accepted as uint8:
 * it holds the same bytes. `floatHint` follows the message for float data.
 */
export function quantizedParts(
  fn: string,
  name: string,
  value: unknown,
  floatHint = `; quantize it first: quantizeLinear(${name}, scale, zeroPoint)`,
): { data: QuantizedArray; shape: unknown; type: QuantizedType } {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) {
    const hint = ArrayBuffer.isView(value) ? '; a bare array is not a tensor: give { data, shape }' : '';
    typeError(fn, `${name} must be a tensor { data: Uint8Array | Int8Array, shape }, got ${show(value)}${hint}`);
  }
  const { data, shape } = value as { data?: unknown; shape?: unknown };
  let bytes: QuantizedArray;
  if (data instanceof Uint8Array || data instanceof Int8Array) bytes = data;
  else if (data instanceof Uint8ClampedArray) bytes = new Uint8Array(data.buffer, data.byteOffset, data.length);
  else {
    const hint = data instanceof Float32Array ? floatHint : '';
    return typeError(fn, `${name}.data must be a Uint8Array or an Int8Array, got ${show(data)}${hint}`);
  }
  return { data: bytes, shape, type: typeOfArray(bytes) };
}

/** Checks that `data` holds exactly the elements `shape` needs. */
export function checkQuantizedLength(fn: string, name: string, data: ArrayLike<number>, shape: readonly number[]): void {
  const size = elementCount(shape);
  if (data.length !== size) rangeError(fn, `${name}.data has ${data.length} elements but shape ${show(shape)} needs ${size}`);
}

/** An integer in `type`'s range: a zero point. */
export function quantizedInteger(fn: string, name: string, value: unknown, type: QuantizedType, fallback?: number): number {
  const [low, high] = QUANTIZED_RANGE[type];
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number') typeError(fn, `${name} must be an integer in [${low}, ${high}] (${type}), got ${show(value)}`);
  if (!Number.isInteger(value) || value < low || value > high) {
    rangeError(fn, `${name} must be an integer in [${low}, ${high}] (${type}), got ${show(value)}`);
  }
  return value;
}

/**
 * A zero point whose tensor's type is not known yet (a layer's input, before it runs): an
 * integer in either type's range, [-128, 255]. It is checked against the type at run.
 */
export function eitherQuantizedInteger(fn: string, name: string, value: unknown): number {
  const message = `${name} must be an integer in [0, 255] (uint8) or [-128, 127] (int8), got ${show(value)}`;
  if (typeof value !== 'number') typeError(fn, message);
  if (!Number.isInteger(value) || value < QUANTIZED_RANGE.int8[0] || value > QUANTIZED_RANGE.uint8[1]) rangeError(fn, message);
  return value;
}

/**
 * A positive, finite scale: missing is a `TypeError` "is required", another kind a `TypeError`
 * (`hint` appended), a number out of range a `RangeError`.
 */
export function positiveScale(fn: string, name: string, value: unknown, hint = ''): number {
  if (value === undefined) typeError(fn, `${name} is required: a positive finite number, got undefined`);
  if (typeof value !== 'number') typeError(fn, `${name} must be a positive finite number, got ${show(value)}${hint}`);
  if (!(value > 0) || !Number.isFinite(value)) rangeError(fn, `${name} must be a positive finite number, got ${show(value)}`);
  return value;
}
