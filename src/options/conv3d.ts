import { rangeError } from '../errors.js';
import { checkShape, type Tensor } from '../tensor.js';
import { checkActivationChannels, resolveActivation, type Activation, type ResolvedActivation } from './activation.js';
import { axisGeometry, checkedOutputSize } from './axis-geometry.js';
import { resolveBias, spellLayout } from './conv.js';
import { checkInt32 } from './int32.js';
import { readOptions } from './keys.js';
import { integerArgument, oneOf, perAxis } from './numbers.js';
import { resolvePaddingAxes, type PaddingWord } from './padding.js';
import { checkModePadding, resolvePaddingMode, type PaddingMode } from './padding-mode.js';

/** 3-D activation layouts: `d` depth (or time), `h` height, `w` width. */
export type InputLayout3d = 'ncdhw' | 'ndhwc';
/** 3-D filter layouts: `'oidhw'` (PyTorch, ONNX), `'dhwio'` (TensorFlow). */
export type FilterLayout3d = 'oidhw' | 'dhwio';

/**
 * Padding of a 3-D window: a number (every side), `[d, h, w]`, `[beginD, endD, beginH, endH,
 * beginW, endW]`, or a word as in 2-D.
 */
export type Padding3d =
  | number
  | readonly [d: number, h: number, w: number]
  | readonly [beginD: number, endD: number, beginH: number, endH: number, beginW: number, endW: number]
  | PaddingWord;

/**
 * Options of {@link conv3d}: {@link Conv2dOptions}'s with three spatial axes, `[depth, height,
 * width]`; a plain number means every axis.
 *
 * @example
 * const options: Conv3dOptions = { padding: 1, strides: [1, 2, 2], bias, activation: 'relu' };
 */
export interface Conv3dOptions {
  readonly padding?: Padding3d;
  readonly paddingMode?: PaddingMode | 'edge' | 'wrap' | 'reflection';
  readonly strides?: number | readonly [number, number, number];
  readonly dilations?: number | readonly [number, number, number];
  readonly groups?: number;
  /** Default `'ncdhw'` (PyTorch, ONNX); TensorFlow's is `'ndhwc'`. The output uses the same. */
  readonly inputLayout?: InputLayout3d;
  /** Default `'oidhw'` `[Cout, C/groups, kD, kH, kW]`; TensorFlow's is `'dhwio'`. */
  readonly filterLayout?: FilterLayout3d;
  readonly bias?: Float32Array | Tensor;
  readonly activation?: Activation;
}

/** A 3-D convolution with every option resolved. */
export interface Conv3dParams {
  readonly batch: number;
  readonly inChannels: number;
  /** `[depth, height, width]` of the input, the output and the kernel. */
  readonly inSize: readonly [number, number, number];
  readonly outChannels: number;
  readonly outSize: readonly [number, number, number];
  readonly kernel: readonly [number, number, number];
  readonly strides: readonly [number, number, number];
  readonly dilations: readonly [number, number, number];
  /** `[beginD, endD, beginH, endH, beginW, endW]`. */
  readonly padding: readonly [number, number, number, number, number, number];
  readonly paddingMode: PaddingMode;
  readonly groups: number;
  readonly inputLayout: InputLayout3d;
  readonly filterLayout: FilterLayout3d;
  readonly bias: Float32Array | null;
  readonly activation: ResolvedActivation;
}

export const CONV3D_KEYS = ['padding', 'paddingMode', 'strides', 'dilations', 'groups', 'inputLayout', 'filterLayout', 'bias', 'activation'];
const AXES = ['depth', 'height', 'width'];

/** Validates a 3-D convolution's shapes and options and resolves them. */
export function resolveConv3d(fn: string, inputShape: unknown, filterShape: unknown, options: unknown): Conv3dParams {
  const o = readOptions(fn, options, CONV3D_KEYS);
  const inputLayout = oneOf(fn, 'inputLayout', o.inputLayout, ['ncdhw', 'ndhwc'], 'ncdhw') as InputLayout3d;
  const filterLayout = oneOf(fn, 'filterLayout', o.filterLayout, ['oidhw', 'dhwio'], 'oidhw') as FilterLayout3d;
  const input = checkShape(fn, 'input shape', inputShape, 5, `${spellLayout(inputLayout)} (${inputLayout})`);
  const filter = checkShape(fn, 'filter shape', filterShape, 5, `${spellLayout(filterLayout)} (${filterLayout})`);
  const inputDim = (l: string) => input[inputLayout.indexOf(l)]!;
  const filterDim = (l: string) => filter[filterLayout.indexOf(l)]!;
  const groups = integerArgument(fn, 'groups', o.groups, 1, 1, 'a positive integer');
  const inChannels = inputDim('c');
  const outChannels = filterDim('o');
  if (inChannels % groups !== 0) rangeError(fn, `input channels (${inChannels}) must be divisible by groups (${groups})`);
  if (outChannels % groups !== 0) rangeError(fn, `output channels (${outChannels}, the filter's O axis) must be divisible by groups (${groups})`);
  if (filterDim('i') * groups !== inChannels) {
    rangeError(fn, `input has ${inChannels} channels but filter expects ${filterDim('i') * groups} (${filterDim('i')} per group × groups=${groups})`);
  }
  const letters = ['d', 'h', 'w'];
  const kernelSize = letters.map(filterDim);
  const inputSize = letters.map(inputDim);
  const strides = perAxis(fn, 'strides', o.strides, AXES, 1);
  const dilations = perAxis(fn, 'dilations', o.dilations, AXES, 1);
  const sizes = { inputSize, kernelSize, strides, dilations };
  const pads = resolvePaddingAxes(fn, o.padding, sizes, AXES);
  const paddingMode = resolvePaddingMode(fn, o.paddingMode);
  checkModePadding(fn, paddingMode, pads, inputSize, AXES);
  checkInt32(fn, AXES, { ...sizes, pads });
  const outSize = AXES.map((axis, a) => checkedOutputSize(fn, axis, axisGeometry(sizes, pads, a)));
  const triple = (v: readonly number[]) => [v[0]!, v[1]!, v[2]!] as const;
  const activation = resolveActivation(fn, o.activation);
  checkActivationChannels(fn, activation, outChannels);
  return {
    batch: inputDim('n'),
    inChannels,
    inSize: triple(inputSize),
    outChannels,
    outSize: triple(outSize),
    kernel: triple(kernelSize),
    strides: triple(strides),
    dilations: triple(dilations),
    padding: [pads[0]!, pads[1]!, pads[2]!, pads[3]!, pads[4]!, pads[5]!],
    paddingMode,
    groups,
    inputLayout,
    filterLayout,
    bias: resolveBias(fn, o.bias, outChannels),
    activation,
  };
}

/** The output shape of resolved parameters, in their input layout. */
export function conv3dShapeOf(p: Conv3dParams): number[] {
  const [d, h, w] = p.outSize;
  return p.inputLayout === 'ncdhw' ? [p.batch, p.outChannels, d, h, w] : [p.batch, d, h, w, p.outChannels];
}
