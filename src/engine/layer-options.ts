import { kernelExtent } from '../options/axis-geometry.js';
import { readOptions } from '../options/keys.js';
import { boolean, isIntegerAtLeast, oneOf, perAxis } from '../options/numbers.js';
import { poolOptionKeys } from '../options/pool.js';
import { resolvePaddingAxes } from '../options/padding.js';
import { resolveConv, type ConvParams, type ConvSpec } from '../options/conv.js';
import { checkLength, tensorParts, type Tensor } from '../tensor.js';

/** What a convolution layer fixes when it is created. */
export interface FixedConv {
  readonly filterShape: readonly number[];
  readonly filterData: Float32Array;
  /** The options as a plain snapshot, with the bias copied. */
  readonly options: Readonly<Record<string, unknown>>;
  /** The input shape the options were validated against: the caller's, or a nominal one. */
  readonly firstInput: unknown;
  /** The options resolved for `firstInput` (with the copied bias), so no caller resolves them again. */
  readonly firstParams: ConvParams;
}

/**
 * Validates a layer's filter and options once, as `conv2d`/`conv1d` would (against `inputShape`,
 * or without one against a nominal input that any valid options accept), and snapshots them:
 * options are read once (a getter cannot change them later), and with `copy` (a layer that
 * outlives the call) the filter and bias are copied, so later writes to the caller's arrays
 * change nothing.
 */
export function fixConv(spec: ConvSpec, filter: Tensor, options: unknown, copy: boolean, inputShape?: unknown): FixedConv {
  const { fn } = spec;
  const w = tensorParts(fn, 'filter', filter);
  // Unknown keys are refused here, before the snapshot drops undefined-valued ones.
  const o = { ...readOptions(fn, options, spec.keys) };
  const firstInput = inputShape !== undefined ? inputShape : nominalInputShape(spec, Array.isArray(w.shape) ? (w.shape as number[]) : [], o);
  const first = resolveConv(spec, firstInput, w.shape, o);
  const filterShape = Object.freeze((w.shape as number[]).slice());
  checkLength(fn, 'filter', w.data, filterShape);
  const bias = first.bias === null || !copy ? first.bias : first.bias.slice();
  return {
    filterShape,
    filterData: copy ? w.data.slice() : w.data,
    options: { ...o, bias: bias ?? undefined },
    firstInput,
    firstParams: { ...first, bias },
  };
}

/**
 * An input shape that any valid options accept: one image, the filter's channels, each spatial
 * size at least as large as the dilated kernel (32 otherwise, an ordinary feature map).
 */
function nominalInputShape(spec: ConvSpec, filterShape: readonly number[], o: Record<string, unknown>): number[] {
  const layoutOf = (value: unknown, layouts: readonly string[]) => (layouts.includes(value as string) ? (value as string) : layouts[0]!);
  const inputLayout = layoutOf(o.inputLayout, spec.inputLayouts);
  const filterLayout = layoutOf(o.filterLayout, spec.filterLayouts);
  const groups = isIntegerAtLeast(o.groups, 1) ? o.groups : 1;
  const dilation = Math.max(1, ...[o.dilations].flat().filter((d) => isIntegerAtLeast(d, 1)));
  const dim = (letter: string): number => {
    if (letter === 'n') return 1;
    if (letter === 'c') return (filterShape[filterLayout.indexOf('i')] ?? 1) * groups;
    const k = filterShape[filterLayout.indexOf(letter)] ?? 1;
    return Math.max(32, kernelExtent(k, dilation));
  };
  return inputLayout.split('').map(dim);
}

/**
 * Validates a pooling layer's options once, when it is created: every option's form (keys,
 * words, window, strides, dilations, padding), so a bad stride or word fails at creation
 * instead of at the first run. What depends on the input (does the window fit, does a window
 * pool padding only) is checked per input shape, with that shape in the message.
 */
export function fixPool(fn: 'maxPool2d' | 'avgPool2d', options: unknown): Readonly<Record<string, unknown>> {
  const o = readOptions(fn, options, poolOptionKeys(fn === 'avgPool2d'));
  oneOf(fn, 'inputLayout', o.inputLayout, ['nchw', 'nhwc'], 'nchw');
  oneOf(fn, 'roundingType', o.roundingType, ['floor', 'ceil'], 'floor');
  boolean(fn, 'countIncludePad', o.countIncludePad, false);
  const axes = ['height', 'width'];
  const kernelSize = o.windowDimensions === undefined ? [1, 1] : perAxis(fn, 'windowDimensions', o.windowDimensions, axes, undefined);
  const strides = perAxis(fn, 'strides', o.strides, axes, 1);
  const dilations = perAxis(fn, 'dilations', o.dilations, axes, 1);
  resolvePaddingAxes(fn, o.padding, { inputSize: [1, 1], kernelSize, strides, dilations }, axes);
  return o;
}

/**
 * A conv3d input that valid options accept (the layers' creation-time check, the same on every
 * backend): one image, the filter's channels, per axis 32 cells, the kernel's extent or the
 * largest padding + 1, whichever is largest.
 */
export function nominalConv3dInput(filterShape: readonly number[], o: Readonly<Record<string, unknown>>): number[] {
  const filterLayout = o.filterLayout === 'dhwio' ? 'dhwio' : 'oidhw';
  const groups = isIntegerAtLeast(o.groups, 1) ? o.groups : 1;
  const reach = Math.max(0, ...[o.padding].flat().filter((v): v is number => isIntegerAtLeast(v, 0))) + 1;
  const dilation = Math.max(1, ...[o.dilations].flat().filter((d): d is number => isIntegerAtLeast(d, 1)));
  const size = (l: string) => Math.max(32, reach, kernelExtent(filterShape[filterLayout.indexOf(l)] ?? 1, dilation));
  const c = (filterShape[filterLayout.indexOf('i')] ?? 1) * groups;
  return o.inputLayout === 'ndhwc' ? [1, size('d'), size('h'), size('w'), c] : [1, c, size('d'), size('h'), size('w')];
}

/**
 * A convTranspose3d input that valid options accept: 8 cells per axis, or more where the padding
 * crops more, or the size `outputSizes` asks for.
 */
export function nominalConvTranspose3dInput(filterShape: readonly number[], o: Readonly<Record<string, unknown>>): number[] {
  const layout = o.filterLayout === 'dhwoi' ? 'dhwoi' : 'iodhw';
  const pads = [o.padding].flat().filter((v): v is number => isIntegerAtLeast(v, 0));
  const side = Math.max(8, 2 * Math.max(0, ...pads) + 2);
  const c = filterShape[layout.indexOf('i')] ?? 1;
  let sizes = [side, side, side];
  if (Array.isArray(o.outputSizes)) {
    const strides = [o.strides].flat();
    sizes = (o.outputSizes as unknown[]).map((v, a) => Math.max(1, Math.ceil(Number(v) / (Number(strides[a] ?? strides[0] ?? 1) || 1))));
  }
  return o.inputLayout === 'ndhwc' ? [1, ...sizes, c] : [1, c, ...sizes];
}
