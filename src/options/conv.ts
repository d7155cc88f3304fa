import { rangeError, show, typeError } from '../errors.js';
import { checkShape, float32Hint, type Tensor } from '../tensor.js';
import { checkActivationChannels, resolveActivation, type Activation, type ResolvedActivation } from './activation.js';
import { axisGeometry, checkedOutputSize } from './axis-geometry.js';
import { checkInt32 } from './int32.js';
import { readOptions } from './keys.js';
import { checkFilterLayoutChosen, layoutHint, type LayoutReading } from './layout-hints.js';
import { boolean, integerArgument, oneOf, perAxis } from './numbers.js';
import { resolvePaddingAxes, type Padding, type Padding1d } from './padding.js';
import { checkModePadding, resolvePaddingMode, type PaddingMode } from './padding-mode.js';

/** Activation layouts: `n` batch, `c` channels, `h` height, `w` width. */
export type InputLayout = 'nchw' | 'nhwc';
/** Filter layouts: `o` output channels, `i` input channels per group, `h`, `w` kernel size. */
export type FilterLayout = 'oihw' | 'hwio' | 'ohwi' | 'ihwo';
/** 1-D activation layouts (`w` is the length). */
export type InputLayout1d = 'ncw' | 'nwc';
/** 1-D filter layouts. */
export type FilterLayout1d = 'oiw' | 'wio' | 'owi' | 'iwo';

/** Options shared by the 1-D and 2-D convolutions; names follow WebNN's `conv2d`. */
interface ConvOptionsBase {
  /** Zero padding around the input: {@link Padding} (2-D) or {@link Padding1d} (1-D). Default 0. */
  readonly padding?: Padding | Padding1d;
  /**
   * How many input cells the kernel moves from one output cell to the next, per spatial axis;
   * a plain number means every axis. Stride 2 halves the output size. Default 1.
   */
  readonly strides?: number | readonly number[];
  /** Spacing between kernel taps (atrous convolution). Default 1. */
  readonly dilations?: number | readonly number[];
  /** Channel groups; `groups = C` with one input channel per filter is depthwise. Default 1. */
  readonly groups?: number;
  /** Added to each output channel: a `Float32Array` of length Cout, or a tensor of shape [Cout]. */
  readonly bias?: Float32Array | Tensor;
  /** Applied after the bias, fused with the convolution. Default none. */
  readonly activation?: Activation;
  /** `true` rotates the kernel 180°: true (signal-processing) convolution. Default false. */
  readonly flip?: boolean;
  /**
   * What the padding holds (PyTorch's `padding_mode`): `'zeros'` (default), `'reflect'`
   * (`c b | a b c d | c b`, OpenCV's default BORDER_REFLECT_101; each pad below the input size),
   * `'replicate'` (the edge cell repeated) or `'circular'` (wrapped; each pad at most the size).
   * ONNX's and WebNN's `'edge'`, `'wrap'`, `'reflection'` are accepted for them.
   */
  readonly paddingMode?: PaddingMode | 'edge' | 'wrap' | 'reflection';
}

/**
 * Options of {@link conv2d}. Pairs are `[height, width]`; a plain number means both.
 *
 * @example
 * const options: Conv2dOptions = { padding: 'same', strides: 2, bias, activation: 'relu' };
 */
export interface Conv2dOptions extends ConvOptionsBase {
  readonly padding?: Padding;
  readonly strides?: number | readonly [number, number];
  readonly dilations?: number | readonly [number, number];
  /** Default `'nchw'`; the output uses the same layout. */
  readonly inputLayout?: InputLayout;
  /** Default `'oihw'` (PyTorch, ONNX); TensorFlow's is `'hwio'`. */
  readonly filterLayout?: FilterLayout;
  /**
   * How the WebAssembly kernels compute a dense 3×3 convolution. `'winograd'`: Winograd's
   * F(2×2, 3×3), 4 multiplications per output and input channel instead of 9 (about twice as
   * fast on layers with many channels); only for a 3×3 kernel at strides 1 and groups 1 (any
   * dilations), a `RangeError` otherwise. `'direct'`: never. `'auto'` (default): where it was
   * measured to win (from 16 input channels, 8 in NHWC; 8 output channels in NCHW; 7×7
   * outputs; see src/engine/winograd-plan.ts). Its results pass the tests' tolerance by a wide
   * margin, but its rounding errors follow the largest values of each 4×4 input patch rather
   * than of each output's own window, and a NaN or infinity reaches the whole 2×2 output tiles
   * around it: prefer `'direct'` for data with a large dynamic range. `'winograd-4x4'`:
   * Winograd's F(4×4, 3×3), 2.25 multiplications instead of 9 (faster still on layers with many
   * channels), where the same conditions hold; never chosen by `'auto'`, because its errors are
   * larger: within `ε · Σ_c max_k |w[o, c, k]| · Σ_{6×6 patch} |x[c]|` (ε = 7.2e-4, see the README)
   * rather than the tests' ordinary tolerance; for inference that tolerates it. The pure-JS
   * reference validates the option and ignores it.
   */
  readonly algorithm?: ConvAlgorithm;
}

/** {@link Conv2dOptions.algorithm}. */
export type ConvAlgorithm = 'auto' | 'direct' | 'winograd' | 'winograd-4x4';

/** Options of {@link conv1d}: those of {@link Conv2dOptions} with one spatial axis. */
export interface Conv1dOptions extends ConvOptionsBase {
  readonly padding?: Padding1d;
  readonly strides?: number | readonly [number];
  readonly dilations?: number | readonly [number];
  /** Default `'ncw'` (PyTorch); TensorFlow's is `'nwc'`. The output uses the same layout. */
  readonly inputLayout?: InputLayout1d;
  /** Default `'oiw'` (PyTorch); TensorFlow's is `'wio'`. */
  readonly filterLayout?: FilterLayout1d;
}

/**
 * A convolution with every option resolved to integers, always in 2-D terms (a 1-D
 * convolution has height 1). This is what kernels receive: no defaults, no words.
 */
export interface ConvParams {
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
  /** `[beginH, endH, beginW, endW]`. */
  readonly padding: readonly [number, number, number, number];
  readonly groups: number;
  readonly inputLayout: InputLayout;
  readonly filterLayout: FilterLayout;
  readonly bias: Float32Array | null;
  readonly activation: ResolvedActivation;
  readonly flip: boolean;
  /** What the padding holds; `'zeros'` unless `paddingMode` said otherwise. */
  readonly paddingMode: PaddingMode;
  /** conv2d's `algorithm` (`'auto'` for conv1d); `'winograd'` and `'winograd-4x4'` only where they apply. */
  readonly algorithm: ConvAlgorithm;
}

const CONV_KEYS = ['padding', 'paddingMode', 'strides', 'dilations', 'groups', 'inputLayout', 'filterLayout', 'bias', 'activation', 'flip'];

const ALGORITHMS: readonly ConvAlgorithm[] = ['auto', 'direct', 'winograd', 'winograd-4x4'];

/** What differs between conv1d and conv2d: the function name, the layouts, the spatial axes. */
export interface ConvSpec {
  readonly fn: string;
  /** The option keys it accepts. */
  readonly keys: readonly string[];
  readonly inputLayouts: readonly string[];
  readonly filterLayouts: readonly string[];
  /** Spatial axes as layout letters (`['h', 'w']` or `['w']`) and as words for messages. */
  readonly axes: readonly string[];
  readonly axisNames: readonly string[];
}

export const CONV2D: ConvSpec = {
  fn: 'conv2d',
  keys: ['padding', 'paddingMode', 'strides', 'dilations', 'groups', 'inputLayout', 'filterLayout', 'bias', 'activation', 'algorithm', 'flip'],
  inputLayouts: ['nchw', 'nhwc'],
  filterLayouts: ['oihw', 'hwio', 'ohwi', 'ihwo'],
  axes: ['h', 'w'],
  axisNames: ['height', 'width'],
};

export const CONV1D: ConvSpec = {
  fn: 'conv1d',
  keys: CONV_KEYS,
  inputLayouts: ['ncw', 'nwc'],
  filterLayouts: ['oiw', 'wio', 'owi', 'iwo'],
  axes: ['w'],
  axisNames: ['length'],
};

const spelled = new Map<string, string>();

/** `'nchw'` → `'[N, C, H, W]'`, for messages (kept: resolveConv spells two per call). */
export function spellLayout(layout: string): string {
  let text = spelled.get(layout);
  if (text === undefined) spelled.set(layout, (text = `[${layout.toUpperCase().split('').join(', ')}]`));
  return text;
}

/** The 2-D layout a 1-D layout becomes when a height axis of 1 is added. */
export function with2dAxes(layout: string): string {
  return layout.length === 4 ? layout : layout.replace('w', 'hw');
}

/** A 1-D shape read as 2-D: a height of 1 inserted where the 2-D `layout` has its `h`. */
export function shape2d(shape: readonly number[], layout: string): number[] {
  if (shape.length === 4) return shape.slice();
  const at = layout.indexOf('h');
  return [...shape.slice(0, at), 1, ...shape.slice(at)];
}

/**
 * Validates a convolution's shapes and options and resolves them to {@link ConvParams}.
 * Throws a `TypeError` or `RangeError` naming what was expected and what was given.
 */
export function resolveConv(spec: ConvSpec, inputShape: unknown, filterShape: unknown, options: unknown): ConvParams {
  const { fn, axes, axisNames } = spec;
  const o = readOptions(fn, options, spec.keys);
  const inputLayout = oneOf(fn, 'inputLayout', o.inputLayout, spec.inputLayouts, spec.inputLayouts[0]!);
  const filterLayout = oneOf(fn, 'filterLayout', o.filterLayout, spec.filterLayouts, spec.filterLayouts[0]!);
  const rank = axes.length + 2;
  const input = checkShape(fn, 'input shape', inputShape, rank, `${spellLayout(inputLayout)} (${inputLayout})`);
  const filter = checkShape(fn, 'filter shape', filterShape, rank, `${spellLayout(filterLayout)} (${filterLayout})`);
  const inputDim = (letter: string) => input[inputLayout.indexOf(letter)]!;
  const filterDim = (letter: string) => filter[filterLayout.indexOf(letter)]!;

  const groups = integerArgument(fn, 'groups', o.groups, 1, 1, 'a positive integer');
  const inChannels = inputDim('c');
  const outChannels = filterDim('o');
  const filterInChannels = filterDim('i');
  const reading: LayoutReading = { input, inputLayout, filter, filterLayout, filterLayoutGiven: o.filterLayout !== undefined, groups };
  checkChannels(fn, inChannels, outChannels, filterInChannels, groups, () => layoutHint(reading));
  checkFilterLayoutChosen(fn, reading, axes);

  const kernelSize = axes.map(filterDim);
  const inputSize = axes.map(inputDim);
  const strides = perAxis(fn, 'strides', o.strides, axisNames, 1);
  const dilations = perAxis(fn, 'dilations', o.dilations, axisNames, 1);
  const sizes = { inputSize, kernelSize, strides, dilations };
  const pads = resolvePaddingAxes(fn, o.padding, sizes, axisNames);
  const paddingMode = resolvePaddingMode(fn, o.paddingMode);
  checkModePadding(fn, paddingMode, pads, inputSize, axisNames);
  checkInt32(fn, axisNames, { ...sizes, pads });
  const outputSize = axisNames.map((axisName, a) => checkedOutputSize(fn, axisName, axisGeometry(sizes, pads, a)));

  const bias = resolveBias(fn, o.bias, outChannels);
  const activation = resolveActivation(fn, o.activation);
  checkActivationChannels(fn, activation, outChannels);
  const flip = boolean(fn, 'flip', o.flip, false);
  const algorithm = oneOf(fn, 'algorithm', o.algorithm, ALGORITHMS, 'auto');

  const is2d = axes.length === 2;
  const params: ConvParams = {
    batch: inputDim('n'),
    inChannels,
    inHeight: is2d ? inputSize[0]! : 1,
    inWidth: inputSize[axes.length - 1]!,
    outChannels,
    outHeight: is2d ? outputSize[0]! : 1,
    outWidth: outputSize[axes.length - 1]!,
    kernelHeight: is2d ? kernelSize[0]! : 1,
    kernelWidth: kernelSize[axes.length - 1]!,
    strides: is2d ? [strides[0]!, strides[1]!] : [1, strides[0]!],
    dilations: is2d ? [dilations[0]!, dilations[1]!] : [1, dilations[0]!],
    padding: is2d ? [pads[0]!, pads[1]!, pads[2]!, pads[3]!] : [0, 0, pads[0]!, pads[1]!],
    groups,
    inputLayout: with2dAxes(inputLayout) as InputLayout,
    filterLayout: with2dAxes(filterLayout) as FilterLayout,
    bias,
    activation,
    flip,
    paddingMode,
    algorithm,
  };
  if (asksForWinograd(algorithm) && !winogradApplies(params)) {
    rangeError(
      fn,
      `algorithm '${algorithm}' needs a 3×3 kernel, strides 1 and groups 1, got a ${kernelSize.join('×')} kernel, ` +
        `strides ${show(strides)} and groups ${groups}; use algorithm 'auto' or 'direct'`,
    );
  }
  return params;
}

/** Whether `algorithm` names a Winograd variant (which then must apply; `'auto'` chooses). */
export function asksForWinograd(algorithm: ConvAlgorithm): boolean {
  return algorithm === 'winograd' || algorithm === 'winograd-4x4';
}

/**
 * Where Winograd's F(m×m, 3×3) computes the convolution: a dense 3×3 kernel at stride 1. A
 * dilated one too: it is dH·dW undilated ones on interleaved lattices (assembly/winograd.ts).
 * The one rule for both `algorithm: 'winograd'` (refused elsewhere) and `'auto'`.
 */
export function winogradApplies(p: Pick<ConvParams, 'kernelHeight' | 'kernelWidth' | 'strides' | 'groups'>): boolean {
  return p.kernelHeight === 3 && p.kernelWidth === 3 && p.groups === 1 && p.strides[0] === 1 && p.strides[1] === 1;
}

/** `layoutHint` says, for a mismatch no `groups` would fix, which layout would match. */
function checkChannels(fn: string, inChannels: number, outChannels: number, filterInChannels: number, groups: number, layoutHint: () => string) {
  if (inChannels % groups !== 0) {
    rangeError(fn, `input channels (${inChannels}) must be divisible by groups (${groups})`);
  }
  if (outChannels % groups !== 0) {
    rangeError(fn, `output channels (${outChannels}, the filter's O axis) must be divisible by groups (${groups})`);
  }
  if (filterInChannels !== inChannels / groups) {
    const matching = inChannels / filterInChannels;
    const fits = Number.isInteger(matching) && matching !== groups && outChannels % matching === 0;
    // A layout that would match is the likelier story than a groups count that would.
    const layout = layoutHint();
    const hint = layout !== '' || !fits
      ? layout
      : filterInChannels === 1
        ? `; for a depthwise convolution set groups: ${matching}`
        : `; with groups: ${matching} it would match`;
    rangeError(
      fn,
      `input has ${inChannels} channels but filter expects ${filterInChannels * groups} ` +
        `(${filterInChannels} per group × groups=${groups})${hint}`,
    );
  }
}

export function resolveBias(fn: string, bias: unknown, outChannels: number): Float32Array | null {
  if (bias === undefined) return null;
  let data: unknown = bias;
  let what = 'bias';
  if (!(bias instanceof Float32Array) && bias !== null && typeof bias === 'object' && 'data' in bias) {
    const shape = (bias as { shape?: unknown }).shape;
    if (!Array.isArray(shape) || shape.length !== 1 || shape[0] !== outChannels) {
      rangeError(fn, `bias must have shape [${outChannels}] (one value per output channel), got ${show(shape)}`);
    }
    data = (bias as { data: unknown }).data;
    what = 'bias.data';
  }
  if (!(data instanceof Float32Array)) {
    typeError(fn, `bias must be a Float32Array of length ${outChannels} or a tensor of shape [${outChannels}], got ${show(data)}${float32Hint(what, data)}`);
  }
  if (data.length !== outChannels) {
    rangeError(fn, `bias has ${data.length} values but the filter has ${outChannels} output channels`);
  }
  return data;
}
