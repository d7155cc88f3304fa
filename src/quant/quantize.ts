import { rangeError, show, typeError } from '../errors.js';
import { checkShape, checkLength, tensorParts, type Tensor } from '../tensor.js';
import { isRecord, readOptions } from '../options/keys.js';
import { oneOf, boolean } from '../options/numbers.js';
import { quantizeValue, roundHalfEven } from './round.js';
import { positiveScale, quantizedInteger, quantizedParts, QUANTIZED_RANGE, QUANTIZED_TYPES, checkQuantizedLength, type QuantizedTensor, type QuantizedType } from './tensor.js';

/** A shape of any rank: an array of positive integers (tensor()'s check). */
function anyShape(fn: string, name: string, shape: unknown): number[] {
  if (!Array.isArray(shape)) typeError(fn, `${name} must be an array of positive integers, got ${show(shape)}`);
  return checkShape(fn, name, shape, shape.length, '');
}

function allocate(type: QuantizedType, length: number): Uint8Array | Int8Array {
  return type === 'int8' ? new Int8Array(length) : new Uint8Array(length);
}

/**
 * ONNX QuantizeLinear with a per-tensor scale: `q = saturate(roundHalfEven(x / scale) + zeroPoint)`,
 * the division in f32, halves to even (2.5 → 2), saturated to the type's range (±∞ too). A NaN
 * has no quantized value: it is a `RangeError` naming its index.
 *
 * @example
 * quantizeLinear({ data: Float32Array.of(-1, 0, 0.5, 1), shape: [4] }, 1 / 127, 0, 'int8').data; // Int8Array [-127, 0, 64, 127]
 */
export function quantizeLinear(x: Tensor, scale: number, zeroPoint = 0, type: QuantizedType = 'uint8'): QuantizedTensor {
  const fn = 'quantizeLinear';
  const given = isRecord(x) && !ArrayBuffer.isView(x) ? (x as { data?: unknown }).data : undefined;
  if (given instanceof Uint8Array || given instanceof Int8Array) {
    typeError(fn, `x.data must be a Float32Array, got ${show(given)}; it is already quantized: quantizeLinear takes real-valued data`);
  }
  const parts = tensorParts(fn, 'x', x);
  const shape = anyShape(fn, 'x shape', parts.shape);
  checkLength(fn, 'x', parts.data, shape);
  const s = Math.fround(positiveScale(fn, 'scale', scale, isRecord(scale) && !ArrayBuffer.isView(scale) ? '; scale is the second argument: quantizeLinear(x, scale, zeroPoint, type)' : ''));
  const kind = oneOf(fn, 'type', type, QUANTIZED_TYPES, 'uint8');
  const zp = quantizedInteger(fn, 'zeroPoint', zeroPoint, kind);
  const [low, high] = QUANTIZED_RANGE[kind];
  const out = allocate(kind, parts.data.length);
  for (let i = 0; i < out.length; i++) {
    const v = parts.data[i]!;
    if (Number.isNaN(v)) rangeError(fn, `x.data[${i}] is NaN, which has no quantized value`);
    out[i] = quantizeValue(v, s, zp, low, high);
  }
  return { data: out, shape };
}

/**
 * ONNX DequantizeLinear with a per-tensor scale: `x = (q − zeroPoint) · scale` in f32.
 *
 * @example
 * dequantizeLinear({ data: Uint8Array.of(0, 128, 255), shape: [3] }, 0.5, 128).data; // Float32Array [-64, 0, 63.5]
 */
export function dequantizeLinear(q: QuantizedTensor, scale: number, zeroPoint = 0): Tensor {
  const fn = 'dequantizeLinear';
  const parts = quantizedParts(fn, 'q', q, '; it is already real-valued: dequantizeLinear takes quantized data');
  const shape = anyShape(fn, 'q shape', parts.shape);
  checkQuantizedLength(fn, 'q', parts.data, shape);
  const s = Math.fround(positiveScale(fn, 'scale', scale));
  const zp = quantizedInteger(fn, 'zeroPoint', zeroPoint, parts.type);
  const out = new Float32Array(parts.data.length);
  for (let i = 0; i < out.length; i++) out[i] = (parts.data[i]! - zp) * s;
  return { data: out, shape };
}

/** Options of {@link quantizationParams}. */
export interface QuantizationParamsOptions {
  /** Default `'uint8'`. */
  readonly type?: QuantizedType;
  /**
   * `true`: the scale from the larger magnitude, `max(|min|, |max|) / 127`, and the zero point
   * in the middle (0 for int8, 128 for uint8): how weights are usually quantized.
   * Default `false`: the range `[min, max]`, widened to hold 0, spread over the whole type
   * (ONNX DynamicQuantizeLinear's rule).
   */
  readonly symmetric?: boolean;
}

/**
 * A scale and zero point that map the real range `[min, max]` onto a quantized type, so that 0 is
 * exact: `scale = (max − min) / (qmax − qmin)` after widening the range to hold 0, `zeroPoint =
 * saturate(roundHalfEven(qmin − min / scale))` (ONNX DynamicQuantizeLinear). A range of only 0
 * gives scale 1.
 *
 * @example
 * quantizationParams(-1, 3);                             // { scale: 0.01568…, zeroPoint: 64 }
 * quantizationParams(-0.5, 0.8, { type: 'int8', symmetric: true }); // { scale: 0.8 / 127, zeroPoint: 0 }
 */
export function quantizationParams(min: number, max: number, options: QuantizationParamsOptions = {}): { scale: number; zeroPoint: number } {
  const fn = 'quantizationParams';
  const o = readOptions(fn, options, ['type', 'symmetric']);
  const type = oneOf(fn, 'type', o.type, QUANTIZED_TYPES, 'uint8');
  const symmetric = boolean(fn, 'symmetric', o.symmetric, false);
  for (const [name, v] of [['min', min], ['max', max]] as const) {
    if (typeof v !== 'number') typeError(fn, `${name} must be a finite number, got ${show(v)}`);
    if (!Number.isFinite(v)) rangeError(fn, `${name} must be a finite number, got ${show(v)}`);
  }
  if (min > max) rangeError(fn, `min (${min}) must not exceed max (${max})`);
  const [qmin, qmax] = QUANTIZED_RANGE[type];
  const low = Math.min(min, 0);
  const high = Math.max(max, 0);
  if (symmetric) {
    const magnitude = Math.max(-low, high);
    const scale = Math.fround(magnitude / 127);
    return { scale: scale > 0 ? scale : 1, zeroPoint: type === 'int8' ? 0 : 128 };
  }
  const scale = Math.fround((high - low) / (qmax - qmin));
  if (!(scale > 0)) return { scale: 1, zeroPoint: 0 }; // min = max = 0
  const zeroPoint = Math.min(Math.max(roundHalfEven(qmin - low / scale), qmin), qmax);
  return { scale, zeroPoint };
}
