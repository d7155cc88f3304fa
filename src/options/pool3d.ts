import { rangeError, show } from '../errors.js';
import { checkShape } from '../tensor.js';
import { axisGeometry, type RoundingType } from './axis-geometry.js';
import { spellLayout } from './conv.js';
import type { InputLayout3d, Padding3d } from './conv3d.js';
import { checkInt32 } from './int32.js';
import { readOptions } from './keys.js';
import { boolean, oneOf, perAxis } from './numbers.js';
import { resolvePaddingAxes } from './padding.js';
import { checkedPoolOutputSize } from './pool.js';

/** Options of {@link maxPool3d}, {@link avgPool3d} and {@link lpPool3d}: pool2d's on `[depth, height, width]`. */
export interface Pool3dOptions {
  /** Window size; default the whole volume (global pooling). */
  readonly windowDimensions?: number | readonly [number, number, number];
  /** Default 1 (PyTorch's default is the window: give it when porting). */
  readonly strides?: number | readonly [number, number, number];
  readonly dilations?: number | readonly [number, number, number];
  readonly padding?: Padding3d;
  /** Default `'ncdhw'`. */
  readonly inputLayout?: InputLayout3d;
  readonly roundingType?: RoundingType;
}

/** Options of {@link avgPool3d}. */
export interface AvgPool3dOptions extends Pool3dOptions {
  /** Count the padding in each window's divisor (PyTorch's default true; ONNX's, TensorFlow's and WebNN's false). Default false. */
  readonly countIncludePad?: boolean;
}

/** Options of {@link lpPool3d}. */
export interface LpPool3dOptions extends Pool3dOptions {
  /** The norm's exponent, a finite number > 0. Default 2. */
  readonly p?: number;
}

/** A 3-D pooling with every option resolved. */
export interface Pool3dParams {
  readonly batch: number;
  readonly channels: number;
  readonly inSize: readonly [number, number, number];
  readonly outSize: readonly [number, number, number];
  readonly window: readonly [number, number, number];
  readonly strides: readonly [number, number, number];
  readonly dilations: readonly [number, number, number];
  /** `[beginD, endD, beginH, endH, beginW, endW]`. */
  readonly padding: readonly [number, number, number, number, number, number];
  readonly inputLayout: InputLayout3d;
  readonly roundingType: RoundingType;
  readonly countIncludePad: boolean;
  readonly p: number;
}

const AXES = ['depth', 'height', 'width'];
/** The option keys every 3-D pooling accepts. */
export const POOL3D_KEYS = ['windowDimensions', 'strides', 'dilations', 'padding', 'inputLayout', 'roundingType'];
const KEYS = POOL3D_KEYS;

/** Validates a 3-D pooling's input shape and options; `kind` says which extra option it reads. */
export function resolvePool3d(fn: string, inputShape: unknown, options: unknown, kind: 'max' | 'avg' | 'lp'): Pool3dParams {
  const o = readOptions(fn, options, kind === 'avg' ? [...KEYS, 'countIncludePad'] : kind === 'lp' ? [...KEYS, 'p'] : KEYS);
  const inputLayout = oneOf(fn, 'inputLayout', o.inputLayout, ['ncdhw', 'ndhwc'], 'ncdhw') as InputLayout3d;
  const roundingType = oneOf(fn, 'roundingType', o.roundingType, ['floor', 'ceil'], 'floor') as RoundingType;
  const countIncludePad = boolean(fn, 'countIncludePad', o.countIncludePad, false);
  const p = o.p === undefined ? 2 : o.p;
  if (typeof p !== 'number' || !Number.isFinite(p) || !(p > 0)) rangeError(fn, `p must be a finite number > 0 (the norm's exponent), got ${show(p)}`);
  const shape = checkShape(fn, 'input shape', inputShape, 5, `${spellLayout(inputLayout)} (${inputLayout})`);
  const dim = (l: string) => shape[inputLayout.indexOf(l)]!;
  const inputSize = ['d', 'h', 'w'].map(dim);
  const kernelSize = o.windowDimensions === undefined ? inputSize : perAxis(fn, 'windowDimensions', o.windowDimensions, AXES, undefined);
  const strides = perAxis(fn, 'strides', o.strides, AXES, 1);
  const dilations = perAxis(fn, 'dilations', o.dilations, AXES, 1);
  const sizes = { inputSize, kernelSize, strides, dilations };
  const pads = resolvePaddingAxes(fn, o.padding, sizes, AXES);
  checkInt32(fn, AXES, { ...sizes, pads });
  const outSize = AXES.map((axis, a) => checkedPoolOutputSize(fn, axis, axisGeometry(sizes, pads, a), roundingType));
  const triple = (v: readonly number[]) => [v[0]!, v[1]!, v[2]!] as const;
  return {
    batch: dim('n'),
    channels: dim('c'),
    inSize: triple(inputSize),
    outSize: triple(outSize),
    window: triple(kernelSize),
    strides: triple(strides),
    dilations: triple(dilations),
    padding: [pads[0]!, pads[1]!, pads[2]!, pads[3]!, pads[4]!, pads[5]!],
    inputLayout,
    roundingType,
    countIncludePad,
    p,
  };
}

/** The output shape in the input's layout. */
export function pool3dShapeOf(q: Pool3dParams): number[] {
  const [d, h, w] = q.outSize;
  return q.inputLayout === 'ncdhw' ? [q.batch, q.channels, d, h, w] : [q.batch, d, h, w, q.channels];
}
