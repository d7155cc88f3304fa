import { rangeError, show, typeError } from '../errors.js';
import { CONV2D, resolveConv, type Conv2dOptions } from '../options/conv.js';
import { isRecord, readOptions } from '../options/keys.js';
import { boolean, integerArgument, perAxis } from '../options/numbers.js';

/** The layer description of {@link conv2dParameterCount}, in PyTorch's terms. */
export interface Conv2dLayer {
  readonly inChannels: number;
  readonly outChannels: number;
  /** A number (square) or `[kH, kW]`. */
  readonly kernelSize: number | readonly [number, number];
  /** Default 1. */
  readonly groups?: number;
  /** Whether the layer has a bias. Default true (as PyTorch's `Conv2d`). */
  readonly bias?: boolean;
}

/**
 * Learnable parameters of a conv2d layer: `Cout · (Cin/groups) · kH · kW` weights plus `Cout`
 * biases.
 *
 * @example
 * conv2dParameterCount({ inChannels: 3, outChannels: 64, kernelSize: 3 });  // 1792
 * conv2dParameterCount({ inChannels: 64, outChannels: 128, kernelSize: 3 }); // 73856
 */
export function conv2dParameterCount(layer: Conv2dLayer): number {
  const fn = 'conv2dParameterCount';
  if (!isRecord(layer)) {
    typeError(fn, `layer must be an object { inChannels, outChannels, kernelSize, groups?, bias? }, got ${show(layer)}`);
  }
  const o = readOptions(fn, layer, ['inChannels', 'outChannels', 'kernelSize', 'groups', 'bias']);
  const inChannels = integerArgument(fn, 'inChannels', o.inChannels, 1);
  const outChannels = integerArgument(fn, 'outChannels', o.outChannels, 1);
  const [kH, kW] = perAxis(fn, 'kernelSize', o.kernelSize, ['height', 'width'], undefined) as [number, number];
  const groups = integerArgument(fn, 'groups', o.groups, 1, 1, 'a positive integer');
  const hasBias = boolean(fn, 'bias', o.bias, true);
  if (inChannels % groups !== 0 || outChannels % groups !== 0) {
    rangeError(fn, `inChannels (${inChannels}) and outChannels (${outChannels}) must be divisible by groups (${show(groups)})`);
  }
  return outChannels * (inChannels / groups) * kH * kW + (hasBias ? outChannels : 0);
}

/**
 * Floating-point operations of a conv2d, counting a multiply-add as two:
 * `2 · N · Cout · Hout · Wout · (Cin/groups) · kH · kW` (bias and activation not counted).
 * Validates like `conv2d`.
 *
 * @example
 * conv2dFlops([1, 3, 224, 224], [64, 3, 7, 7], { strides: 2, padding: 3 }); // 236027904
 */
export function conv2dFlops(
  inputShape: readonly number[],
  filterShape: readonly number[],
  options: Conv2dOptions = {},
): number {
  const p = resolveConv({ ...CONV2D, fn: 'conv2dFlops' }, inputShape, filterShape, options);
  const macsPerOutput = (p.inChannels / p.groups) * p.kernelHeight * p.kernelWidth;
  return 2 * p.batch * p.outChannels * p.outHeight * p.outWidth * macsPerOutput;
}
