import { rangeError, show, typeError } from '../errors.js';
import { checkShape, type Tensor } from '../tensor.js';
import { checkActivationChannels, resolveActivation, type Activation, type ResolvedActivation } from './activation.js';
import { kernelExtent } from './axis-geometry.js';
import { resolveBias, spellLayout, with2dAxes, type InputLayout } from './conv.js';
import { MAX_INT32 } from './int32.js';
import { readOptions } from './keys.js';
import { didYouMeanWord, integerArgument, isIntegerAtLeast, oneOf, perAxis } from './numbers.js';

/**
 * Filter layouts of a transposed convolution: `i` input channels (all of them), `o` output
 * channels per group, `h`, `w` kernel size. `'iohw'` is PyTorch's and ONNX's ConvTranspose
 * weight, `'hwoi'` TensorFlow's `conv2dTranspose` filter.
 */
export type ConvTransposeFilterLayout = 'iohw' | 'hwoi' | 'ohwi';
/** 1-D filter layouts of {@link ConvTransposeFilterLayout}. */
export type ConvTransposeFilterLayout1d = 'iow' | 'woi' | 'owi';

/**
 * Padding of a transposed convolution: cells cropped from each end of the full output. A number
 * (every side), `[h, w]`, `[beginH, endH, beginW, endW]`, `'valid'` (none), or `'same'` /
 * `'same-upper'` / `'same-lower'`: ONNX ConvTranspose's `auto_pad`, an output of `input · stride`
 * cells, the odd cropped cell at the end (`'same'`, `'same-upper'`) or the beginning (`'same-lower'`).
 */
export type ConvTransposePadding =
  | number
  | readonly [h: number, w: number]
  | readonly [beginH: number, endH: number, beginW: number, endW: number]
  | ConvTransposePaddingWord;
/** {@link ConvTransposePadding} of a 1-D transposed convolution. */
export type ConvTransposePadding1d = number | readonly [p: number] | readonly [begin: number, end: number] | ConvTransposePaddingWord;
/** The padding words of a transposed convolution (see {@link ConvTransposePadding}). */
export type ConvTransposePaddingWord = 'valid' | 'same' | 'same-upper' | 'same-lower';

interface ConvTransposeOptionsBase {
  readonly strides?: number | readonly number[];
  readonly dilations?: number | readonly number[];
  /** Cells added at the end of each axis of the output (PyTorch `output_padding`); each below its stride or its dilation. Default 0. */
  readonly outputPadding?: number | readonly number[];
  /** Channel groups; each input group feeds its own `Cout / groups` outputs. Default 1. */
  readonly groups?: number;
  /** Added to each output channel: a `Float32Array` of length Cout, or a tensor of shape [Cout]. */
  readonly bias?: Float32Array | Tensor;
  /** Applied after the bias, fused. Default none. */
  readonly activation?: Activation;
}

/**
 * Options of {@link convTranspose2d}, with WebNN's names. Pairs are `[height, width]`; a plain
 * number means both.
 *
 * @example
 * const options: ConvTranspose2dOptions = { strides: 2, padding: 1, outputPadding: 1, bias };
 */
export interface ConvTranspose2dOptions extends ConvTransposeOptionsBase {
  readonly padding?: ConvTransposePadding;
  readonly strides?: number | readonly [number, number];
  readonly dilations?: number | readonly [number, number];
  readonly outputPadding?: number | readonly [number, number];
  /**
   * The output's `[height, width]`, instead of `outputPadding`: each within
   * `[computed, computed + stride)`, where `computed` is the size without output padding (WebNN's
   * `outputSizes`; the extra cells go at the end).
   */
  readonly outputSizes?: readonly [number, number];
  /** Default `'nchw'`; the output uses the same layout. */
  readonly inputLayout?: InputLayout;
  /** Default `'iohw'` (PyTorch, ONNX); TensorFlow's `conv2dTranspose` is `'hwoi'`. */
  readonly filterLayout?: ConvTransposeFilterLayout;
}

/**
 * Options of {@link convTranspose3d}: those of {@link ConvTranspose2dOptions} on
 * `[depth, height, width]`; padding `[beginD, endD, beginH, endH, beginW, endW]`.
 */
export interface ConvTranspose3dOptions extends ConvTransposeOptionsBase {
  readonly padding?: number | readonly [number, number, number] | readonly [number, number, number, number, number, number] | ConvTransposePaddingWord;
  readonly strides?: number | readonly [number, number, number];
  readonly dilations?: number | readonly [number, number, number];
  readonly outputPadding?: number | readonly [number, number, number];
  readonly outputSizes?: readonly [number, number, number];
  /** Default `'ncdhw'`. */
  readonly inputLayout?: 'ncdhw' | 'ndhwc';
  /** Default `'iodhw'` `[C, Cout/G, kD, kH, kW]` (PyTorch, ONNX); TensorFlow's conv3dTranspose is `'dhwoi'`. */
  readonly filterLayout?: 'iodhw' | 'dhwoi';
}

/** Options of {@link convTranspose1d}: those of {@link ConvTranspose2dOptions} on one axis. */
export interface ConvTranspose1dOptions extends ConvTransposeOptionsBase {
  readonly padding?: ConvTransposePadding1d;
  readonly strides?: number | readonly [number];
  readonly dilations?: number | readonly [number];
  readonly outputPadding?: number | readonly [number];
  readonly outputSizes?: readonly [number];
  /** Default `'ncw'`. */
  readonly inputLayout?: 'ncw' | 'nwc';
  /** Default `'iow'` (PyTorch, ONNX). */
  readonly filterLayout?: ConvTransposeFilterLayout1d;
}

/**
 * A transposed convolution with every option resolved, in 2-D terms (1-D: height 1). Output
 * cell `o` of an axis is cell `o + padBegin` of the full (uncropped) output, to which input cell
 * `i` and tap `k` contribute where `o + padBegin = i·stride + k·dilation`.
 */
export interface ConvTransposeParams {
  readonly batch: number;
  readonly inChannels: number;
  readonly inHeight: number;
  readonly inWidth: number;
  readonly outChannels: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly kernelHeight: number;
  readonly kernelWidth: number;
  readonly strides: readonly [number, number];
  readonly dilations: readonly [number, number];
  /** `[beginH, endH, beginW, endW]`: cells cropped from the full output. */
  readonly padding: readonly [number, number, number, number];
  readonly groups: number;
  readonly inputLayout: InputLayout;
  /** The 2-D filter layout (a 1-D one with its `h` axis of 1). */
  readonly filterLayout: ConvTransposeFilterLayout;
  readonly bias: Float32Array | null;
  readonly activation: ResolvedActivation;
}

/** What differs between the 1-D and 2-D transposed convolutions. */
export interface ConvTransposeSpec {
  readonly fn: string;
  readonly keys: readonly string[];
  readonly inputLayouts: readonly string[];
  readonly filterLayouts: readonly string[];
  readonly axes: readonly string[];
  readonly axisNames: readonly string[];
}

const KEYS = ['padding', 'strides', 'dilations', 'outputPadding', 'outputSizes', 'groups', 'inputLayout', 'filterLayout', 'bias', 'activation'];

export const CONV_TRANSPOSE2D: ConvTransposeSpec = {
  fn: 'convTranspose2d',
  keys: KEYS,
  inputLayouts: ['nchw', 'nhwc'],
  filterLayouts: ['iohw', 'hwoi', 'ohwi'],
  axes: ['h', 'w'],
  axisNames: ['height', 'width'],
};

export const CONV_TRANSPOSE3D: ConvTransposeSpec = {
  fn: 'convTranspose3d',
  keys: KEYS,
  inputLayouts: ['ncdhw', 'ndhwc'],
  filterLayouts: ['iodhw', 'dhwoi'],
  axes: ['d', 'h', 'w'],
  axisNames: ['depth', 'height', 'width'],
};

export const CONV_TRANSPOSE1D: ConvTransposeSpec = {
  fn: 'convTranspose1d',
  keys: KEYS,
  inputLayouts: ['ncw', 'nwc'],
  filterLayouts: ['iow', 'woi', 'owi'],
  axes: ['w'],
  axisNames: ['length'],
};

/** conv2d's and conv1d's filter layouts, refused with a word on what a transposed filter is. */
const CONV_LAYOUTS: readonly string[] = ['oihw', 'hwio', 'ihwo', 'oiw', 'wio', 'iwo', 'oidhw', 'dhwio'];

const WORDS: readonly ConvTransposePaddingWord[] = ['valid', 'same', 'same-upper', 'same-lower'];

/** A transposed convolution resolved per spatial axis, any number of axes: what the 1-D, 2-D and 3-D forms share. */
export interface TransposeAxes {
  readonly batch: number;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly groups: number;
  readonly inputSize: readonly number[];
  readonly outputSize: readonly number[];
  readonly kernelSize: readonly number[];
  readonly strides: readonly number[];
  readonly dilations: readonly number[];
  /** `[begin0, end0, begin1, end1, …]`. */
  readonly pads: readonly number[];
  readonly inputLayout: string;
  readonly filterLayout: string;
  readonly bias: Float32Array | null;
  readonly activation: ResolvedActivation;
}

/** Validates and resolves a transposed convolution on `spec`'s axes (1, 2 or 3 of them). */
export function resolveTransposeAxes(spec: ConvTransposeSpec, inputShape: unknown, filterShape: unknown, options: unknown): TransposeAxes {
  const { fn, axes, axisNames } = spec;
  const o = readOptions(fn, options, spec.keys);
  const inputLayout = oneOf(fn, 'inputLayout', o.inputLayout, spec.inputLayouts, spec.inputLayouts[0]!);
  if (CONV_LAYOUTS.includes(o.filterLayout as string)) {
    rangeError(fn, `filterLayout must be one of ${spec.filterLayouts.map((l) => `'${l}'`).join(', ')}, got "${String(o.filterLayout)}", a convolution's layout; a transposed convolution's filter is [I, O/groups, ${spec.axes.map((a) => a.toUpperCase()).join(', ')}] (${spec.filterLayouts[0]}), the same array as the conv${spec.axes.length}d it transposes`);
  }
  const filterLayout = oneOf(fn, 'filterLayout', o.filterLayout, spec.filterLayouts, spec.filterLayouts[0]!);
  const rank = axes.length + 2;
  const input = checkShape(fn, 'input shape', inputShape, rank, `${spellLayout(inputLayout)} (${inputLayout})`);
  const filter = checkShape(fn, 'filter shape', filterShape, rank, `${spellLayout(filterLayout)} (${filterLayout})`);
  const inputDim = (letter: string) => input[inputLayout.indexOf(letter)]!;
  const filterDim = (letter: string) => filter[filterLayout.indexOf(letter)]!;

  const groups = integerArgument(fn, 'groups', o.groups, 1, 1, 'a positive integer');
  const inChannels = inputDim('c');
  if (filterDim('i') !== inChannels) {
    rangeError(fn, `input has ${inChannels} channels but the filter's I axis (${spellLayout(filterLayout)}, ${filterLayout}) has ${filterDim('i')}; a transposed convolution's filter holds every input channel`);
  }
  if (inChannels % groups !== 0) rangeError(fn, `input channels (${inChannels}) must be divisible by groups (${groups})`);
  const outChannels = filterDim('o') * groups;

  const kernelSize = axes.map(filterDim);
  const inputSize = axes.map(inputDim);
  const strides = perAxis(fn, 'strides', o.strides, axisNames, 1);
  const dilations = perAxis(fn, 'dilations', o.dilations, axisNames, 1);
  const tooLarge = [...strides, ...dilations].find((v) => v > MAX_INT32);
  if (tooLarge !== undefined) rangeError(fn, `strides and dilations must be at most ${MAX_INT32}, got ${tooLarge}`);
  if (o.outputPadding !== undefined && o.outputSizes !== undefined) {
    rangeError(fn, 'give outputPadding or outputSizes, not both (outputSizes decides the output padding)');
  }
  const outputPadding = nonNegativeAxes(fn, 'outputPadding', o.outputPadding, axisNames);
  axisNames.forEach((axis, a) => {
    const limit = Math.max(strides[a]!, dilations[a]!);
    if (outputPadding[a]! >= limit) {
      rangeError(fn, `outputPadding must be smaller than the stride or the dilation on each axis, got ${outputPadding[a]} on the ${axis} axis (stride ${strides[a]}, dilation ${dilations[a]})`);
    }
  });
  const pads = transposePadding(fn, o.padding, axisNames, { inputSize, kernelSize, strides, dilations, outputPadding });

  // Full output size without output padding, cropped by the padding.
  const computed = axisNames.map((_, a) => (inputSize[a]! - 1) * strides[a]! + kernelExtent(kernelSize[a]!, dilations[a]!) - pads[2 * a]! - pads[2 * a + 1]!);
  const outputSize = outputSizesOf(fn, o.outputSizes, axisNames, computed, strides) ?? computed.map((c, a) => c + outputPadding[a]! + pads.extra[a]!);
  axisNames.forEach((axis, a) => {
    if (outputSize[a]! < 1) {
      const full = (inputSize[a]! - 1) * strides[a]! + kernelExtent(kernelSize[a]!, dilations[a]!);
      rangeError(
        fn,
        `the output ${axis} would be ${outputSize[a]}: the full output of ${full} cells ((input − 1)·stride + dilation·(kernel − 1) + 1 for input ${inputSize[a]}, kernel ${kernelSize[a]}, stride ${strides[a]}, dilation ${dilations[a]}) ` +
          `cropped by padding ${pads[2 * a]} + ${pads[2 * a + 1]}; expected an output ${axis} of at least 1`,
      );
    }
    if (outputSize[a]! > MAX_INT32) rangeError(fn, `the output ${axis} (${outputSize[a]}) must be at most ${MAX_INT32} (the kernels use 32-bit integers)`);
  });

  return {
    batch: inputDim('n'),
    inChannels,
    outChannels,
    groups,
    inputSize,
    outputSize,
    kernelSize,
    strides,
    dilations,
    pads: pads.slice(),
    inputLayout,
    filterLayout,
    bias: resolveBias(fn, o.bias, outChannels),
    activation: resolvedActivation(fn, o.activation, outChannels),
  };
}

/**
 * Validates a 1-D or 2-D transposed convolution's shapes and options and resolves them, in 2-D
 * terms. Throws a `TypeError` or `RangeError` naming what was expected and what was given.
 */
export function resolveConvTranspose(spec: ConvTransposeSpec, inputShape: unknown, filterShape: unknown, options: unknown): ConvTransposeParams {
  const r = resolveTransposeAxes(spec, inputShape, filterShape, options);
  const { inputSize, outputSize, kernelSize, strides, dilations, pads } = r;
  const is2d = spec.axes.length === 2;
  const last = spec.axes.length - 1;
  return {
    batch: r.batch,
    inChannels: r.inChannels,
    inHeight: is2d ? inputSize[0]! : 1,
    inWidth: inputSize[last]!,
    outChannels: r.outChannels,
    outHeight: is2d ? outputSize[0]! : 1,
    outWidth: outputSize[last]!,
    kernelHeight: is2d ? kernelSize[0]! : 1,
    kernelWidth: kernelSize[last]!,
    strides: is2d ? [strides[0]!, strides[1]!] : [1, strides[0]!],
    dilations: is2d ? [dilations[0]!, dilations[1]!] : [1, dilations[0]!],
    padding: is2d ? [pads[0]!, pads[1]!, pads[2]!, pads[3]!] : [0, 0, pads[0]!, pads[1]!],
    groups: r.groups,
    inputLayout: with2dAxes(r.inputLayout) as InputLayout,
    filterLayout: with2dAxes(r.filterLayout) as ConvTransposeFilterLayout,
    bias: r.bias,
    activation: r.activation,
  };
}

function resolvedActivation(fn: string, value: unknown, outChannels: number): ResolvedActivation {
  const activation = resolveActivation(fn, value);
  checkActivationChannels(fn, activation, outChannels);
  return activation;
}

/** The output shape of resolved parameters, in their input layout (1-D: without the height axis). */
export function transposeOutputShape(p: ConvTransposeParams, spatialAxes: 1 | 2): number[] {
  const shape = p.inputLayout === 'nchw' ? [p.batch, p.outChannels, p.outHeight, p.outWidth] : [p.batch, p.outHeight, p.outWidth, p.outChannels];
  return spatialAxes === 2 ? shape : shape.filter((_, axis) => axis !== p.inputLayout.indexOf('h'));
}

function nonNegativeAxes(fn: string, name: string, value: unknown, axes: readonly string[]): number[] {
  const expected = axes.length === 1 ? `a non-negative integer or [${axes[0]}]` : `a non-negative integer or a ${axes.length === 2 ? 'pair' : 'triple'} [${axes.join(', ')}] of them`;
  if (value === undefined) return axes.map(() => 0);
  if (typeof value === 'number') {
    if (!isIntegerAtLeast(value, 0)) rangeError(fn, `${name} must be ${expected}, got ${show(value)}`);
    return axes.map(() => value);
  }
  if (!Array.isArray(value)) typeError(fn, `${name} must be ${expected}, got ${show(value)}`);
  if (value.length !== axes.length || !value.every((v) => isIntegerAtLeast(v, 0))) rangeError(fn, `${name} must be ${expected}, got ${show(value)}`);
  return value.slice();
}

function outputSizesOf(fn: string, value: unknown, axes: readonly string[], computed: readonly number[], strides: readonly number[]): number[] | undefined {
  if (value === undefined) return undefined;
  const expected = `an array of ${axes.length} positive integers [${axes.join(', ')}]`;
  if (!Array.isArray(value)) typeError(fn, `outputSizes must be ${expected}, got ${show(value)}`);
  if (value.length !== axes.length || !value.every((v) => isIntegerAtLeast(v, 1))) rangeError(fn, `outputSizes must be ${expected}, got ${show(value)}`);
  axes.forEach((axis, a) => {
    const low = computed[a]!;
    const high = low + strides[a]! - 1;
    const size = value[a] as number;
    if (size < low || size > high) {
      rangeError(fn, `outputSizes ${show(value)}: the output ${axis} must be within [${low}, ${high}] (the computed size and up to stride − 1 more), got ${size}`);
    }
  });
  return value.slice();
}

/** The resolved padding `[begin0, end0, …]`, and per axis the output cells a `'same'` padding adds past a short kernel. */
function transposePadding(
  fn: string,
  padding: unknown,
  axisNames: readonly string[],
  g: { inputSize: readonly number[]; kernelSize: readonly number[]; strides: readonly number[]; dilations: readonly number[]; outputPadding: readonly number[] },
): number[] & { extra: number[] } {
  const rank = axisNames.length;
  const words = `one of ${WORDS.map((w) => `'${w}'`).join(', ')}`;
  const cap = (a: string) => a[0]!.toUpperCase() + a.slice(1);
  const expected = rank === 1
    ? `a non-negative integer, [p], [begin, end] or ${words}`
    : `a non-negative integer, [${axisNames.join(', ')}], [${axisNames.flatMap((a) => [`begin${cap(a)}`, `end${cap(a)}`]).join(', ')}] or ${words}`;
  const withExtra = (pads: number[], extra = new Array<number>(rank).fill(0)) => Object.assign(pads, { extra });
  if (padding === undefined) return withExtra(new Array<number>(2 * rank).fill(0));
  if (typeof padding === 'string') {
    if (padding === 'full') rangeError(fn, `padding 'full' has no meaning for a transposed convolution; give ${expected}`);
    if (!(WORDS as readonly string[]).includes(padding)) rangeError(fn, `padding must be ${expected}, got ${show(padding)}${didYouMeanWord(padding, WORDS)}`);
    if (padding === 'valid') return withExtra(new Array<number>(2 * rank).fill(0));
    // ONNX auto_pad: output = input · stride; the total cropped is what the full output has more.
    const pads: number[] = [];
    const extra: number[] = [];
    for (let a = 0; a < rank; a++) {
      const s = g.strides[a]!;
      const total = (g.inputSize[a]! - 1) * s + g.outputPadding[a]! + kernelExtent(g.kernelSize[a]!, g.dilations[a]!) - g.inputSize[a]! * s;
      const crop = Math.max(0, total);
      const half = Math.floor(crop / 2);
      pads.push(...(padding === 'same-lower' ? [crop - half, half] : [half, crop - half]));
      // A dilated kernel shorter than the stride leaves the last cells without taps: bias only.
      extra.push(Math.max(0, -total));
    }
    return withExtra(pads, extra);
  }
  if (typeof padding === 'number') {
    if (!isIntegerAtLeast(padding, 0)) rangeError(fn, `padding must be ${expected}, got ${show(padding)}`);
    return withExtra(new Array<number>(2 * rank).fill(padding));
  }
  if (!Array.isArray(padding)) typeError(fn, `padding must be ${expected}, got ${show(padding)}`);
  if ((padding.length !== rank && padding.length !== 2 * rank) || !padding.every((p) => isIntegerAtLeast(p, 0))) {
    rangeError(fn, `padding must be ${expected}, got ${show(padding)}`);
  }
  if (padding.some((p: number) => p > MAX_INT32)) rangeError(fn, `padding must be at most ${MAX_INT32} per side, got ${show(padding)}`);
  return withExtra(padding.length === rank ? padding.flatMap((p: number) => [p, p]) : padding.slice());
}
