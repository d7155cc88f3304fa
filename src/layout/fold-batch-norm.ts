import { rangeError, show, typeError } from '../errors.js';
import { readOptions } from '../options/keys.js';
import { boolean, integerArgument, oneOf } from '../options/numbers.js';
import { spellLayout } from '../options/conv.js';
import { checkTensor, float32Hint, type Tensor } from '../tensor.js';

/** Batch normalisation's parameters, one value per channel (PyTorch `BatchNorm2d`, ONNX `BatchNormalization`). */
export interface BatchNormParams {
  /** Scale γ (PyTorch `weight`, ONNX `scale`). */
  readonly gamma: Float32Array;
  /** Shift β (PyTorch `bias`, ONNX `B`). */
  readonly beta: Float32Array;
  /** Running mean (ONNX `input_mean`). */
  readonly mean: Float32Array;
  /** Running variance (ONNX `input_var`). */
  readonly variance: Float32Array;
  /** Added to the variance. Default 1e-5 (PyTorch's and ONNX's default). */
  readonly epsilon?: number;
}

/** Options of {@link foldBatchNorm}: which filter it is. */
export interface FoldBatchNormOptions {
  /**
   * The filter's layout, as the convolution that uses it names it: `'oihw'` (default), `'hwio'`,
   * `'ohwi'`, `'ihwo'` (1-D `'oiw'`, `'wio'`, `'owi'`, `'iwo'`), or a transposed convolution's
   * `'iohw'`, `'hwoi'`, `'ohwi'` (1-D `'iow'`, `'woi'`, `'owi'`).
   */
  readonly filterLayout?: string;
  /** The filter is a transposed convolution's. Default: true for `'iohw'`, `'hwoi'`, `'iow'`, `'woi'`, else false. */
  readonly transposed?: boolean;
  /** A transposed convolution's groups: its O axis holds one group's outputs. Default 1. */
  readonly groups?: number;
}

const CONV_LAYOUTS = ['oihw', 'hwio', 'ohwi', 'ihwo', 'oiw', 'wio', 'owi', 'iwo'];
const TRANSPOSED_LAYOUTS = ['iohw', 'hwoi', 'ohwi', 'iow', 'woi', 'owi'];
/** Layouts only a transposed convolution has. */
const ONLY_TRANSPOSED = ['iohw', 'hwoi', 'iow', 'woi'];

/**
 * Folds a batch normalisation that follows a convolution (or a transposed convolution) into the
 * convolution's filter and bias: `bn(conv(x, w) + b) = conv(x, w') + b'` with, per output channel
 * o, `s = γ[o] / √(variance[o] + ε)`, `w'[o, …] = s · w[o, …]` and `b'[o] = s · (b[o] − mean[o]) + β[o]`
 * (computed in f64, rounded once). The filter keeps its layout and shape; `bias` may be omitted
 * (a convolution without one).
 *
 * @example
 * // PyTorch: Conv2d(…, bias=False) then BatchNorm2d(64).eval()
 * const folded = foldBatchNorm(w, undefined, { gamma, beta, mean: runningMean, variance: runningVar, epsilon: 1e-5 });
 * const layer = engine.createConv2d(folded.filter, { padding: 1, bias: folded.bias, activation: 'relu' });
 */
export function foldBatchNorm(filter: Tensor, bias: Float32Array | undefined | null, batchNorm: BatchNormParams, options: FoldBatchNormOptions = {}): { filter: Tensor; bias: Float32Array } {
  const fn = 'foldBatchNorm';
  const o = readOptions(fn, options, ['filterLayout', 'transposed', 'groups']);
  const transposed = boolean(fn, 'transposed', o.transposed, ONLY_TRANSPOSED.includes(o.filterLayout as string));
  const layouts = transposed ? TRANSPOSED_LAYOUTS : CONV_LAYOUTS;
  const letters = oneOf(fn, 'filterLayout', o.filterLayout, layouts, transposed ? 'iohw' : 'oihw');
  const layout = letters;
  const groups = transposed ? integerArgument(fn, 'groups', o.groups, 1, 1, 'a positive integer') : 1;
  if (!transposed && o.groups !== undefined) rangeError(fn, `groups is read for a transposed convolution's filter only (a convolution's O axis already holds every output channel), got filterLayout '${layout}'`);
  const w = checkTensor(fn, 'filter', filter, letters.length, `${spellLayout(letters)} (${layout})`);
  const axisO = letters.indexOf('o');
  const axisI = letters.indexOf('i');
  const perGroup = w.shape[axisO]!;
  const channels = perGroup * groups;
  if (transposed && w.shape[axisI]! % groups !== 0) rangeError(fn, `the filter's I axis (${w.shape[axisI]}) must be divisible by groups (${groups})`);

  const vector = (name: string, value: unknown): Float32Array => {
    if (!(value instanceof Float32Array)) typeError(fn, `${name} must be a Float32Array of length ${channels} (one per output channel), got ${show(value)}${float32Hint(name, value)}`);
    if (value.length !== channels) rangeError(fn, `${name} has ${value.length} values but the filter has ${channels} output channels`);
    return value;
  };
  if (batchNorm === null || typeof batchNorm !== 'object') typeError(fn, `batchNorm must be { gamma, beta, mean, variance, epsilon? }, got ${show(batchNorm)}`);
  const bn = readOptions(fn, batchNorm, ['gamma', 'beta', 'mean', 'variance', 'epsilon']);
  const gamma = vector('gamma', bn.gamma);
  const beta = vector('beta', bn.beta);
  const mean = vector('mean', bn.mean);
  const variance = vector('variance', bn.variance);
  const b = bias === undefined || bias === null ? new Float32Array(channels) : vector('bias', bias);
  const epsilon = bn.epsilon === undefined ? 1e-5 : bn.epsilon;
  if (typeof epsilon !== 'number' || !(epsilon >= 0) || !Number.isFinite(epsilon)) rangeError(fn, `epsilon must be a finite number ≥ 0, got ${show(epsilon)}`);
  const negative = variance.findIndex((v) => !(v + epsilon > 0));
  if (negative >= 0) rangeError(fn, `variance + epsilon must be positive, got ${variance[negative]} + ${epsilon} at channel ${negative}`);

  const scale = Array.from(gamma, (g, c) => g / Math.sqrt(variance[c]! + epsilon));
  // Output channel of each filter element: its O index, plus its group's offset when transposed
  // (the group is the I index's: channels g·C/G … of the input feed outputs g·M/G …).
  const strides = w.shape.map((_, a) => w.shape.slice(a + 1).reduce((p, d) => p * d, 1));
  const inputsPerGroup = transposed ? w.shape[axisI]! / groups : 1;
  const out = new Float32Array(w.data.length);
  for (let k = 0; k < out.length; k++) {
    const m = Math.floor(k / strides[axisO]!) % perGroup;
    const g = transposed ? Math.floor(Math.floor(k / strides[axisI]!) % w.shape[axisI]! / inputsPerGroup) : 0;
    out[k] = w.data[k]! * scale[g * perGroup + m]!;
  }
  const folded = Float32Array.from(scale, (s, c) => s * (b[c]! - mean[c]!) + beta[c]!);
  return { filter: { data: out, shape: w.shape.slice() }, bias: folded };
}
