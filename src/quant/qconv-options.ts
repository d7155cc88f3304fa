import { rangeError, show, typeError } from '../errors.js';
import { eitherQuantizedInteger, positiveScale, quantizedInteger, QUANTIZED_RANGE, QUANTIZED_TYPES, type QuantizedType } from './tensor.js';
import { quantizeValue } from './round.js';
import { checkShape } from '../tensor.js';
import { readOptions, isRecord } from '../options/keys.js';
import { didYouMeanWord, integerArgument, isIntegerAtLeast, oneOf } from '../options/numbers.js';
import { kernelExtent } from '../options/axis-geometry.js';
import { readClamp } from '../options/activation.js';
import { CONV1D, CONV2D, resolveConv, shape2d, spellLayout, with2dAxes, type Conv1dOptions, type Conv2dOptions, type ConvParams, type ConvSpec } from '../options/conv.js';

/** conv2d's geometry options: what a quantized convolution shares with the float one. */
type Geometry2d = Pick<Conv2dOptions, 'padding' | 'strides' | 'dilations' | 'groups' | 'inputLayout' | 'filterLayout'>;
type Geometry1d = Pick<Conv1dOptions, 'padding' | 'strides' | 'dilations' | 'groups' | 'inputLayout' | 'filterLayout'>;

/**
 * The fused activation of a quantized convolution, applied in the quantized domain: `'relu'`
 * clamps at the output zero point (real 0), `'relu6'` also at the quantized 6, and
 * `{ type: 'clamp', min, max }` at the quantized real bounds (either may be omitted). The bounds
 * are quantized as {@link quantizeLinear} does (halves to even, saturated).
 */
export type QuantizedActivation = 'relu' | 'relu6' | { readonly type: 'clamp'; readonly min?: number; readonly max?: number } | { readonly type: 'relu' | 'relu6' };

/** What {@link ConvIntegerOptions} and {@link QLinearConv2dOptions} share: the input's and filter's zero points. */
interface ZeroPoints {
  /** The input's zero point, in the input's type. Default 0. */
  readonly inputZeroPoint?: number;
  /**
   * The filter's zero point, in the filter's type: one number, or one per output channel (an
   * `Int32Array`, `Int8Array`, `Uint8Array` or array of integers). Default 0.
   */
  readonly filterZeroPoint?: number | ArrayLike<number>;
}

/** The quantization options of {@link QLinearConv2dOptions} (ONNX QLinearConv's inputs). */
interface Quantization extends ZeroPoints {
  /** The input's scale: element q stands for `(q − inputZeroPoint) · inputScale`. Required. */
  readonly inputScale: number;
  /** The filter's scale: one number, or a `Float32Array` of one per output channel. Required. */
  readonly filterScale: number | Float32Array;
  /** The output's scale. Required. */
  readonly outputScale: number;
  /** The output's zero point, in the output's type. Default 0. */
  readonly outputZeroPoint?: number;
  /** Added to each output channel's int32 accumulator: an `Int32Array` of length Cout, at scale `inputScale · filterScale`. */
  readonly bias?: Int32Array;
  /** Fused, in the quantized domain. Default none. */
  readonly activation?: QuantizedActivation;
  /** The output's element type. Default: the input's. */
  readonly outputType?: QuantizedType;
}

/**
 * Options of {@link qlinearConv2d}: conv2d's geometry (`padding`, `strides`, `dilations`,
 * `groups`, `inputLayout`, `filterLayout`) and ONNX QLinearConv's quantization.
 *
 * @example
 * const options: QLinearConv2dOptions = { padding: 1, inputScale: 0.02, inputZeroPoint: 128,
 *   filterScale: perChannelScales, outputScale: 0.05, outputZeroPoint: 128, bias, activation: 'relu' };
 */
export interface QLinearConv2dOptions extends Geometry2d, Quantization {}

/** Options of {@link qlinearConv1d}: conv1d's geometry and the quantization of {@link QLinearConv2dOptions}. */
export interface QLinearConv1dOptions extends Geometry1d, Quantization {}

/** Options of {@link convInteger2d}: conv2d's geometry and ONNX ConvInteger's zero points. */
export interface ConvInteger2dOptions extends Geometry2d, ZeroPoints {}
/** Options of {@link convInteger1d}. */
export interface ConvInteger1dOptions extends Geometry1d, ZeroPoints {}

const GEOMETRY_KEYS = ['padding', 'strides', 'dilations', 'groups', 'inputLayout', 'filterLayout'];
const ZERO_POINT_KEYS = ['inputZeroPoint', 'filterZeroPoint'];
const QUANTIZATION_KEYS = [...ZERO_POINT_KEYS, 'inputScale', 'filterScale', 'outputScale', 'outputZeroPoint', 'bias', 'activation', 'outputType'];

/** The quantized convolutions' specs: conv1d's and conv2d's geometry under their own names. */
export const QLINEAR_CONV2D: ConvSpec = { ...CONV2D, fn: 'qlinearConv2d', keys: GEOMETRY_KEYS };
export const QLINEAR_CONV1D: ConvSpec = { ...CONV1D, fn: 'qlinearConv1d', keys: GEOMETRY_KEYS };
export const CONV_INTEGER2D: ConvSpec = { ...CONV2D, fn: 'convInteger2d', keys: GEOMETRY_KEYS };
export const CONV_INTEGER1D: ConvSpec = { ...CONV1D, fn: 'convInteger1d', keys: GEOMETRY_KEYS };

/** A quantized convolution with every option resolved: what the reference and the kernels read. */
export interface QConvParams {
  /** The geometry, in 2-D terms (no bias, no activation: those are below). */
  readonly conv: ConvParams;
  readonly inputType: QuantizedType;
  readonly filterType: QuantizedType;
  readonly inputZeroPoint: number;
  /** One per output channel. */
  readonly filterZeroPoints: Int32Array;
  /** Requantization only (absent for convInteger): */
  readonly requant: Requantization | null;
}

/** How int32 accumulators become the output's 8-bit values. */
export interface Requantization {
  readonly outputType: QuantizedType;
  /** One per output channel: f32(f32(inputScale · filterScale[m]) / outputScale), as onnxruntime computes it. */
  readonly scales: Float32Array;
  readonly outputZeroPoint: number;
  /** One per output channel, or null. */
  readonly bias: Int32Array | null;
  /** The clamp in the output's integers: the type's range narrowed by the activation. */
  readonly low: number;
  readonly high: number;
}

/** The geometry through resolveConv, under the quantized function's name. */
function geometry(spec: ConvSpec, o: Readonly<Record<string, unknown>>, inputShape: unknown, filterShape: unknown): ConvParams {
  const picked: Record<string, unknown> = {};
  for (const key of GEOMETRY_KEYS) if (o[key] !== undefined) picked[key] = o[key];
  return resolveConv(spec, inputShape, filterShape, picked);
}

/** filterZeroPoint: one number for every output channel, or one per channel. */
function filterZeroPointsOf(fn: string, value: unknown, type: QuantizedType, outChannels: number): Int32Array {
  const points = new Int32Array(outChannels);
  if (value === undefined) return points;
  if (typeof value === 'number') return points.fill(quantizedInteger(fn, 'filterZeroPoint', value, type));
  const list = Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView) && !(value instanceof Float32Array) && !(value instanceof Float64Array));
  if (!list) typeError(fn, `filterZeroPoint must be an integer or an array of ${outChannels} integers (one per output channel), got ${show(value)}`);
  const values = value as ArrayLike<unknown>;
  if (values.length !== outChannels) rangeError(fn, `filterZeroPoint has ${values.length} values but the filter has ${outChannels} output channels`);
  for (let m = 0; m < outChannels; m++) points[m] = quantizedInteger(fn, `filterZeroPoint[${m}]`, values[m], type);
  return points;
}

/** filterScale: one positive number, or a Float32Array of one per output channel. */
function filterScales(fn: string, value: unknown, outChannels: number): Float32Array {
  if (value instanceof Float32Array) {
    if (value.length !== outChannels) rangeError(fn, `filterScale has ${value.length} values but the filter has ${outChannels} output channels`);
    value.forEach((s, m) => positiveScale(fn, `filterScale[${m}]`, s));
    return value.slice();
  }
  if (typeof value !== 'number' && value !== undefined) {
    typeError(fn, `filterScale must be a positive number or a Float32Array of ${outChannels} (one per output channel), got ${show(value)}`);
  }
  return new Float32Array(outChannels).fill(positiveScale(fn, 'filterScale', value));
}

/** A quantized activation's form, validated: its bounds are real values, quantized per output type. */
export type QActivationForm = { readonly type: 'none' | 'relu' | 'relu6' } | { readonly type: 'clamp'; readonly min: number; readonly max: number };

const Q_ACTIVATIONS = "one of 'relu', 'relu6' or { type: 'clamp', min, max } (applied in the quantized domain)";
/** conv2d's activations that have no quantized form here. */
const FLOAT_ONLY = ['sigmoid', 'tanh', 'hardSwish', 'gelu', 'silu', 'swish', 'softplus', 'elu', 'hardSigmoid', 'leakyRelu', 'prelu'];

/** What to add to the message for an activation word that is not one of ours. */
function activationHint(word: unknown): string {
  if (word === 'clamp') return "; clamp takes its bounds: { type: 'clamp', min, max }";
  const near = didYouMeanWord(word, ['relu', 'relu6', 'clamp']);
  if (near !== '' || typeof word !== 'string') return near;
  const fold = (w: string) => w.toLowerCase().replace(/[-_ ]/g, '');
  const floatOnly = FLOAT_ONLY.find((name) => fold(name) === fold(word));
  return floatOnly === undefined ? '' : `; ${floatOnly} is not supported in the quantized domain (conv2d applies it to float data)`;
}

/**
 * Validates the `activation` option of a quantized convolution, as conv2d's `resolveActivation`
 * does its own (the same wording for the same mistakes): an unknown word is a `RangeError` with
 * a hint, another kind a `TypeError`, the object's keys are the activation's.
 */
export function readQActivation(fn: string, value: unknown): QActivationForm {
  if (value === undefined) return { type: 'none' };
  if (typeof value === 'string') {
    if (value !== 'relu' && value !== 'relu6') rangeError(fn, `activation must be ${Q_ACTIVATIONS}, got ${show(value)}${activationHint(value)}`);
    return { type: value };
  }
  if (!isRecord(value)) typeError(fn, `activation must be ${Q_ACTIVATIONS}, got ${show(value)}`);
  const type = (value as { type?: unknown }).type;
  if (type === 'relu' || type === 'relu6') {
    readOptions(`${fn}: activation`, value, ['type']);
    return { type };
  }
  if (type === 'clamp') return readClamp(fn, value);
  return rangeError(fn, `activation must be ${Q_ACTIVATIONS}, got { type: ${show(type)} }${activationHint(type)}`);
}

/**
 * The activation's bounds in the output's integers: clamp's real bounds quantized as
 * quantizeLinear does (halves to even, saturated; ∓Infinity to the type's ends).
 */
function activationBounds(form: QActivationForm, type: QuantizedType, scale: number, zeroPoint: number): [number, number] {
  const [low, high] = QUANTIZED_RANGE[type];
  const quantize = (real: number) => quantizeValue(real, scale, zeroPoint, low, high);
  switch (form.type) {
    case 'none':
      return [low, high];
    case 'relu':
      return [Math.max(low, zeroPoint), high];
    case 'relu6':
      return [Math.max(low, zeroPoint), quantize(6)];
    case 'clamp':
      return [quantize(form.min), quantize(form.max)];
  }
}

/** What a quantized convolution's filter and options fix before any input is seen: what a layer packs. */
export interface QFilterParams {
  /** The options' snapshot. */
  readonly options: Readonly<Record<string, unknown>>;
  readonly filterType: QuantizedType;
  readonly filterLayout: string;
  /** The filter's shape in 2-D terms, in its layout. */
  readonly filterShape: readonly number[];
  readonly groups: number;
  readonly outChannels: number;
  /** Input channels per group (the filter's I axis). */
  readonly groupChannels: number;
  readonly kernelHeight: number;
  readonly kernelWidth: number;
  /** One per output channel. */
  readonly filterZeroPoints: Int32Array;
  /** QLinearConv only: one per output channel, f32(f32(inputScale · filterScale[m]) / outputScale). */
  readonly scales: Float32Array | null;
  readonly bias: Int32Array | null;
  /** QLinearConv only (`none` for ConvInteger): the activation's form; its bounds depend on the output's type. */
  readonly activation: QActivationForm;
  /** QLinearConv's `outputType` if given (undefined: the input's type). */
  readonly outputType: QuantizedType | undefined;
}

/**
 * The filter's side of a quantized convolution: its shape and layout, groups, zero points,
 * scales and bias, validated. `resolveQConv` completes it with an input.
 */
export function resolveQFilter(spec: ConvSpec, quantized: boolean, filterShape: unknown, filterType: QuantizedType, options: unknown): QFilterParams {
  const { fn } = spec;
  if (quantized && options === undefined) typeError(fn, 'options are required: inputScale, filterScale and outputScale at least');
  const o = readOptions(fn, options, [...GEOMETRY_KEYS, ...(quantized ? QUANTIZATION_KEYS : ZERO_POINT_KEYS)]);
  const layout = oneOf(fn, 'filterLayout', o.filterLayout, spec.filterLayouts, spec.filterLayouts[0]!);
  const rank = spec.axes.length + 2;
  const given = checkShape(fn, 'filter shape', filterShape, rank, `${spellLayout(layout)} (${layout})`);
  const filterLayout = with2dAxes(layout);
  const shape = shape2d(given, filterLayout);
  const dim = (letter: string) => shape[filterLayout.indexOf(letter)]!;
  const groups = integerArgument(fn, 'groups', o.groups, 1, 1, 'a positive integer');
  const outChannels = dim('o');
  if (outChannels % groups !== 0) rangeError(fn, `output channels (${outChannels}, the filter's O axis) must be divisible by groups (${groups})`);
  const filterZeroPoints = filterZeroPointsOf(fn, o.filterZeroPoint, filterType, outChannels);
  let scales: Float32Array | null = null;
  let bias: Int32Array | null = null;
  let activation: QActivationForm = { type: 'none' };
  let outputType: QuantizedType | undefined;
  if (quantized) {
    const inputScale = Math.fround(positiveScale(fn, 'inputScale', o.inputScale));
    const weightScales = filterScales(fn, o.filterScale, outChannels);
    const outputScale = Math.fround(positiveScale(fn, 'outputScale', o.outputScale));
    scales = new Float32Array(outChannels);
    for (let m = 0; m < outChannels; m++) {
      scales[m] = Math.fround(Math.fround(inputScale * weightScales[m]!) / outputScale);
      if (!Number.isFinite(scales[m]!)) {
        // The values as given (a Float32Array's per-channel scale is one already), not f32-widened.
        const filterScale = typeof o.filterScale === 'number' ? o.filterScale : weightScales[m];
        rangeError(fn, `inputScale · filterScale / outputScale overflows f32 for output channel ${m} (${show(o.inputScale)} · ${show(filterScale)} / ${show(o.outputScale)})`);
      }
    }
    if (o.bias !== undefined) {
      if (!(o.bias instanceof Int32Array)) {
        const hint = o.bias instanceof Float32Array ? '; quantize it at scale inputScale · filterScale with zero point 0' : '';
        typeError(fn, `bias must be an Int32Array of length ${outChannels}, got ${show(o.bias)}${hint}`);
      }
      if (o.bias.length !== outChannels) rangeError(fn, `bias has ${o.bias.length} values but the filter has ${outChannels} output channels`);
      bias = o.bias.slice();
    }
    activation = readQActivation(fn, o.activation);
    if (o.outputType !== undefined) outputType = oneOf(fn, 'outputType', o.outputType, QUANTIZED_TYPES, undefined);
  }
  return {
    options: o,
    filterType,
    filterLayout,
    filterShape: shape,
    groups,
    outChannels,
    groupChannels: dim('i'),
    kernelHeight: dim('h'),
    kernelWidth: dim('w'),
    filterZeroPoints,
    scales,
    bias,
    activation,
    outputType,
  };
}

/**
 * An input shape that any valid geometry accepts (as the float layers' nominalInputShape in
 * src/engine/layer-options.ts): one image, the filter's channels, each spatial size at least
 * the dilated kernel's extent (32 otherwise).
 */
function nominalInput(spec: ConvSpec, filter: QFilterParams, o: Readonly<Record<string, unknown>>): number[] {
  const inputLayout = spec.inputLayouts.includes(o.inputLayout as string) ? (o.inputLayout as string) : spec.inputLayouts[0]!;
  const dilation = Math.max(1, ...[o.dilations].flat().filter((d): d is number => isIntegerAtLeast(d, 1)));
  const size = (kernel: number) => Math.max(32, kernelExtent(kernel, dilation));
  return inputLayout.split('').map((letter) =>
    letter === 'n' ? 1 : letter === 'c' ? filter.groupChannels * filter.groups : size(letter === 'h' ? filter.kernelHeight : filter.kernelWidth),
  );
}

/**
 * What a quantized layer checks when it is made, beyond {@link resolveQFilter}: every option's
 * form, as a float layer does. The geometry is resolved against a nominal input, so a stride,
 * dilation, padding or layout gets the message `run` would give; the zero points are checked
 * against either 8-bit type (the input's is not known yet), the output's against `outputType`
 * when it is given. What depends on the input (its channels, its type, a kernel that must fit)
 * is checked at each run.
 */
export function checkQLayerOptions(spec: ConvSpec, filter: QFilterParams, givenFilterShape: unknown): void {
  const { fn } = spec;
  const o = filter.options;
  geometry(spec, o, nominalInput(spec, filter, o), givenFilterShape);
  if (o.inputZeroPoint !== undefined) eitherQuantizedInteger(fn, 'inputZeroPoint', o.inputZeroPoint);
  if (o.outputZeroPoint !== undefined) {
    if (filter.outputType === undefined) eitherQuantizedInteger(fn, 'outputZeroPoint', o.outputZeroPoint);
    else quantizedInteger(fn, 'outputZeroPoint', o.outputZeroPoint, filter.outputType);
  }
}

/** What a layer's options say of its window, for choosing and packing its kernels. */
export interface QLayerWindow {
  /** The input is NCHW (NCW). */
  readonly channelsFirst: boolean;
  /** One per spatial axis (the last horizontal), 1 where not given. */
  readonly strides: readonly number[];
  readonly dilations: readonly number[];
}

/**
 * A layer's {@link QLayerWindow}, read from its options once they are checked
 * (checkQLayerOptions, or a one-shot call's input): when its filter is packed, before any input.
 */
export function qLayerWindow(spec: ConvSpec, o: Readonly<Record<string, unknown>>): QLayerWindow {
  const perAxis = (v: unknown): number[] => (v === undefined || typeof v === 'number' ? spec.axes.map(() => (v as number | undefined) ?? 1) : Array.from(v as ArrayLike<number>));
  const layout = typeof o.inputLayout === 'string' ? o.inputLayout : spec.inputLayouts[0]!;
  return { channelsFirst: layout.startsWith('nc'), strides: perAxis(o.strides), dilations: perAxis(o.dilations) };
}

/** The geometry of a quantized convolution for an input shape: what its output shape needs, whatever the input's type. */
export function resolveQGeometry(spec: ConvSpec, filter: QFilterParams, inputShape: unknown, givenFilterShape: unknown): ConvParams {
  return geometry(spec, filter.options, inputShape, givenFilterShape);
}

/**
 * Validates a quantized convolution (QLinearConv when `quantized`, ConvInteger otherwise) and
 * resolves it to {@link QConvParams}. The operands' types come from their arrays; `filter` is
 * the filter's side, resolved once ({@link resolveQFilter}).
 */
export function resolveQConv(spec: ConvSpec, quantized: boolean, inputShape: unknown, inputType: QuantizedType, filter: QFilterParams, givenFilterShape: unknown): QConvParams {
  const { fn } = spec;
  const o = filter.options;
  const conv = geometry(spec, o, inputShape, givenFilterShape);
  const inputZeroPoint = quantizedInteger(fn, 'inputZeroPoint', o.inputZeroPoint, inputType, 0);
  const base = { conv, inputType, filterType: filter.filterType, inputZeroPoint, filterZeroPoints: filter.filterZeroPoints };
  if (!quantized) return { ...base, requant: null };
  const outputType = filter.outputType ?? inputType;
  const outputZeroPoint = quantizedInteger(fn, 'outputZeroPoint', o.outputZeroPoint, outputType, 0);
  const outputScale = Math.fround(o.outputScale as number);
  const [low, high] = activationBounds(filter.activation, outputType, outputScale, outputZeroPoint);
  return { ...base, requant: { outputType, scales: filter.scales!, outputZeroPoint, bias: filter.bias, low, high } };
}
