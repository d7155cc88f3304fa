import { rangeError, show, typeError } from '../errors.js';
import { readOptions } from './keys.js';
import { didYouMeanWord } from './numbers.js';

/** Activations without parameters, by name. */
export type ActivationName = 'relu' | 'relu6' | 'sigmoid' | 'tanh' | 'hardSwish' | 'gelu' | 'silu' | 'softplus';

/**
 * A fused activation, applied to each output after the bias:
 * - `'relu'` max(0, x); `'relu6'` min(max(0, x), 6); `'sigmoid'` 1 / (1 + e^−x); `'tanh'`;
 * - `'hardSwish'` x · relu6(x + 3) / 6 (MobileNetV3);
 * - `'gelu'` x · Φ(x) = x/2 · (1 + erf(x/√2)); `{ type: 'gelu', approximate: 'tanh' }`
 *   x/2 · (1 + tanh(√(2/π) · (x + 0.044715 x³))) (PyTorch's `approximate='tanh'`);
 * - `'silu'` x · sigmoid(x) (also called swish); `'softplus'` ln(1 + e^x);
 * - `{ type: 'elu', alpha }` x for x > 0, alpha · (e^x − 1) below (alpha defaults to 1);
 * - `{ type: 'hardSigmoid', alpha, beta }` max(0, min(1, alpha · x + beta)) (defaults 0.2 and
 *   0.5, ONNX's and WebNN's; PyTorch's Hardsigmoid is alpha 1/6);
 * - `{ type: 'clamp', min, max }` (either bound may be omitted: ∓Infinity);
 * - `{ type: 'leakyRelu', alpha }` x for x ≥ 0, alpha · x below (alpha defaults to 0.01);
 * - `{ type: 'prelu', slope }` the same with a learned slope: one number, or a `Float32Array` of
 *   one slope per output channel (PyTorch PReLU(num_parameters=C), ONNX PRelu).
 */
export type Activation =
  | ActivationName
  | 'elu'
  | 'hardSigmoid'
  | { readonly type: ActivationName }
  | { readonly type: 'gelu'; readonly approximate?: 'none' | 'tanh' }
  | { readonly type: 'clamp'; readonly min?: number; readonly max?: number }
  | { readonly type: 'leakyRelu'; readonly alpha?: number }
  | { readonly type: 'elu'; readonly alpha?: number }
  | { readonly type: 'hardSigmoid'; readonly alpha?: number; readonly beta?: number }
  | { readonly type: 'prelu'; readonly slope: number | Float32Array };

/** An activation with every parameter filled in; `'none'` is the identity. */
export type ResolvedActivation =
  | { readonly type: 'none' | ActivationName | 'geluTanh' }
  | { readonly type: 'clamp'; readonly min: number; readonly max: number }
  | { readonly type: 'leakyRelu'; readonly alpha: number }
  | { readonly type: 'elu'; readonly alpha: number }
  | { readonly type: 'hardSigmoid'; readonly alpha: number; readonly beta: number }
  /** One slope per output channel (a single slope resolves to leakyRelu). */
  | { readonly type: 'prelu'; readonly slopes: Float32Array };

const NAMES: readonly ActivationName[] = ['relu', 'relu6', 'sigmoid', 'tanh', 'hardSwish', 'gelu', 'silu', 'softplus'];
const EXPECTED =
  `one of ${NAMES.map((n) => `'${n}'`).join(', ')}, 'elu', 'hardSigmoid', ` +
  `{ type: 'gelu', approximate: 'tanh' }, { type: 'elu', alpha }, { type: 'hardSigmoid', alpha, beta }, ` +
  `{ type: 'prelu', slope }, { type: 'clamp', min, max } or { type: 'leakyRelu', alpha }`;

/** A finite number parameter of an activation, or its default. */
function finiteParameter(fn: string, activation: string, name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) rangeError(fn, `${activation} activation needs a finite number ${name}, got ${show(value)}`);
  return value;
}

/** Validates the `activation` option; omitted means none. */
export function resolveActivation(fn: string, value: unknown): ResolvedActivation {
  if (value === undefined) return { type: 'none' };
  if (typeof value === 'string') {
    if (value === 'elu') return { type: 'elu', alpha: 1 };
    if (value === 'hardSigmoid') return { type: 'hardSigmoid', alpha: 0.2, beta: 0.5 };
    if (!(NAMES as readonly string[]).includes(value)) {
      const hint =
        value === 'clamp' ? "; clamp takes its bounds: { type: 'clamp', min, max }"
        : value === 'leakyRelu' ? "; leakyRelu takes its slope: { type: 'leakyRelu', alpha }"
        : value === 'swish' ? "; swish is 'silu'"
        : value === 'prelu' ? "; prelu takes its slope: { type: 'prelu', slope } (a number or one per output channel)"
        : didYouMeanWord(value, [...NAMES, 'clamp', 'leakyRelu', 'elu', 'hardSigmoid']);
      rangeError(fn, `activation must be ${EXPECTED}, got ${show(value)}${hint}`);
    }
    return { type: value as ActivationName };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    typeError(fn, `activation must be ${EXPECTED}, got ${show(value)}`);
  }
  const type = (value as { type?: unknown }).type;
  if (type === 'clamp') return readClamp(fn, value);
  if (type === 'leakyRelu') {
    const { alpha = 0.01 } = readOptions(`${fn}: activation`, value, ['type', 'alpha']);
    if (typeof alpha !== 'number' || !Number.isFinite(alpha)) {
      rangeError(fn, `leakyRelu activation needs a finite number alpha, got ${show(alpha)}`);
    }
    return { type, alpha };
  }
  if (type === 'prelu') {
    const { slope } = readOptions(`${fn}: activation`, value, ['type', 'slope']);
    if (typeof slope === 'number') {
      if (!Number.isFinite(slope)) rangeError(fn, `prelu activation needs a finite slope, got ${show(slope)}`);
      return { type: 'leakyRelu', alpha: slope };
    }
    if (!(slope instanceof Float32Array)) typeError(fn, `prelu activation needs slope: a number or a Float32Array of one slope per output channel, got ${show(slope)}`);
    const bad = slope.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) rangeError(fn, `prelu activation needs finite slopes, got ${slope[bad]} at channel ${bad}`);
    return { type: 'prelu', slopes: slope.slice() };
  }
  if (type === 'gelu') {
    const { approximate = 'none' } = readOptions(`${fn}: activation`, value, ['type', 'approximate']);
    if (approximate !== 'none' && approximate !== 'tanh') rangeError(fn, `gelu activation's approximate must be 'none' or 'tanh', got ${show(approximate)}`);
    return { type: approximate === 'tanh' ? 'geluTanh' : 'gelu' };
  }
  if (type === 'elu') {
    const { alpha } = readOptions(`${fn}: activation`, value, ['type', 'alpha']);
    return { type, alpha: finiteParameter(fn, 'elu', 'alpha', alpha, 1) };
  }
  if (type === 'hardSigmoid') {
    const { alpha, beta } = readOptions(`${fn}: activation`, value, ['type', 'alpha', 'beta']);
    return { type, alpha: finiteParameter(fn, 'hardSigmoid', 'alpha', alpha, 0.2), beta: finiteParameter(fn, 'hardSigmoid', 'beta', beta, 0.5) };
  }
  if (typeof type === 'string' && (NAMES as readonly string[]).includes(type)) {
    readOptions(`${fn}: activation`, value, ['type']);
    return { type: type as ActivationName };
  }
  rangeError(fn, `activation must be ${EXPECTED}, got { type: ${show(type)} }`);
}

/** A per-channel activation's length must be the output channels': checked where they are known. */
/**
 * `{ type: 'clamp', min?, max? }`'s bounds (default ∓Infinity), checked: numbers, min ≤ max. The
 * float and the quantized activations read clamp alike.
 */
export function readClamp(fn: string, value: object): { type: 'clamp'; min: number; max: number } {
  const { min = -Infinity, max = Infinity } = readOptions(`${fn}: activation`, value, ['type', 'min', 'max']);
  const message = `clamp activation needs numbers min ≤ max, got min ${show(min)}, max ${show(max)}`;
  if (typeof min !== 'number' || typeof max !== 'number') typeError(fn, message);
  if (Number.isNaN(min) || Number.isNaN(max) || min > max) rangeError(fn, message);
  return { type: 'clamp', min, max };
}

export function checkActivationChannels(fn: string, activation: ResolvedActivation, outChannels: number): void {
  if (activation.type === 'prelu' && activation.slopes.length !== outChannels) {
    rangeError(fn, `prelu activation has ${activation.slopes.length} slopes but the filter has ${outChannels} output channels`);
  }
}
