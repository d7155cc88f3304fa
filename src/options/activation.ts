import { rangeError, show, typeError } from '../errors.js';
import { readOptions } from './keys.js';
import { didYouMeanWord } from './numbers.js';

/** Activations without parameters, by name. */
export type ActivationName = 'relu' | 'relu6' | 'sigmoid' | 'tanh' | 'hardSwish';

/**
 * A fused activation, applied to each output after the bias:
 * - `'relu'` max(0, x); `'relu6'` min(max(0, x), 6); `'sigmoid'` 1 / (1 + e^−x); `'tanh'`;
 * - `'hardSwish'` x · relu6(x + 3) / 6 (MobileNetV3);
 * - `{ type: 'clamp', min, max }` (either bound may be omitted: ∓Infinity);
 * - `{ type: 'leakyRelu', alpha }` x for x ≥ 0, alpha · x below (alpha defaults to 0.01).
 */
export type Activation =
  | ActivationName
  | { readonly type: ActivationName }
  | { readonly type: 'clamp'; readonly min?: number; readonly max?: number }
  | { readonly type: 'leakyRelu'; readonly alpha?: number };

/** An activation with every parameter filled in; `'none'` is the identity. */
export type ResolvedActivation =
  | { readonly type: 'none' | ActivationName }
  | { readonly type: 'clamp'; readonly min: number; readonly max: number }
  | { readonly type: 'leakyRelu'; readonly alpha: number };

const NAMES: readonly ActivationName[] = ['relu', 'relu6', 'sigmoid', 'tanh', 'hardSwish'];
const EXPECTED =
  `one of ${NAMES.map((n) => `'${n}'`).join(', ')}, ` +
  `{ type: 'clamp', min, max } or { type: 'leakyRelu', alpha }`;

/** Validates the `activation` option; omitted means none. */
export function resolveActivation(fn: string, value: unknown): ResolvedActivation {
  if (value === undefined) return { type: 'none' };
  if (typeof value === 'string') {
    if (!(NAMES as readonly string[]).includes(value)) {
      const hint =
        value === 'clamp' ? "; clamp takes its bounds: { type: 'clamp', min, max }"
        : value === 'leakyRelu' ? "; leakyRelu takes its slope: { type: 'leakyRelu', alpha }"
        : didYouMeanWord(value, [...NAMES, 'clamp', 'leakyRelu']);
      rangeError(fn, `activation must be ${EXPECTED}, got ${show(value)}${hint}`);
    }
    return { type: value as ActivationName };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    typeError(fn, `activation must be ${EXPECTED}, got ${show(value)}`);
  }
  const type = (value as { type?: unknown }).type;
  if (type === 'clamp') {
    const { min = -Infinity, max = Infinity } = readOptions(`${fn}: activation`, value, ['type', 'min', 'max']);
    const message = `clamp activation needs numbers min ≤ max, got min ${show(min)}, max ${show(max)}`;
    if (typeof min !== 'number' || typeof max !== 'number') typeError(fn, message);
    if (Number.isNaN(min) || Number.isNaN(max) || min > max) rangeError(fn, message);
    return { type, min, max };
  }
  if (type === 'leakyRelu') {
    const { alpha = 0.01 } = readOptions(`${fn}: activation`, value, ['type', 'alpha']);
    if (typeof alpha !== 'number' || !Number.isFinite(alpha)) {
      rangeError(fn, `leakyRelu activation needs a finite number alpha, got ${show(alpha)}`);
    }
    return { type, alpha };
  }
  if (typeof type === 'string' && (NAMES as readonly string[]).includes(type)) {
    readOptions(`${fn}: activation`, value, ['type']);
    return { type: type as ActivationName };
  }
  rangeError(fn, `activation must be ${EXPECTED}, got { type: ${show(type)} }`);
}
