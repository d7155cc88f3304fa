import { rangeError, show, typeError } from '../errors.js';
import { readOptions } from '../options/keys.js';
import { oneOf, perAxis } from '../options/numbers.js';
import { resolvePaddingAxes } from '../options/padding.js';
import { POOL_KEYS, resolvePool2d, type Pool2dOptions, type PoolParams } from '../options/pool.js';
import { checkElementCount } from '../shape/element-limit.js';
import { poolOutputShapeOf } from '../shape/pool-shape.js';
import { checkLength, checkShape, tensorParts, type Tensor } from '../tensor.js';
import { permute } from '../layout/permute.js';
import { forEachTap } from './pool2d.js';

/**
 * Which position an index names: `'plane'` (PyTorch's `return_indices`: within the cell's own
 * H×W plane) or `'tensor'` (ONNX MaxPool's `Indices`: within the whole NCHW tensor).
 */
export type PoolIndexing = 'plane' | 'tensor';

/** Options of {@link maxPool2dWithIndices}. */
export interface MaxPool2dWithIndicesOptions extends Pool2dOptions {
  /** Default `'plane'` (PyTorch). */
  readonly indices?: PoolIndexing;
  /** ONNX's `storage_order`: `'row'` (default) numbers `h·W + w`, `'column'` numbers `w·H + h`. */
  readonly storageOrder?: 'row' | 'column';
}

/** An integer tensor: the indices of {@link maxPool2dWithIndices}. */
export interface IndexTensor {
  readonly data: Int32Array;
  readonly shape: readonly number[];
}

export const INDEXINGS: readonly PoolIndexing[] = ['plane', 'tensor'];

/**
 * Max pooling that also says where each maximum was: `output` as {@link maxPool2d}, and
 * `indices` of the same shape, each the position of its window's maximum in the input, numbered
 * as `indices` and `storageOrder` say (NCHW numbering whatever the layout). Where a window holds
 * NaN, the first NaN is the maximum; otherwise the first of equal maxima in row-major window
 * order (+0 counts above −0). The readable reference; the package's `maxPool2dWithIndices` runs
 * on the default engine.
 *
 * @example
 * const { output, indices } = maxPool2dWithIndices(x, { windowDimensions: 2, strides: 2 });
 * const restored = maxUnpool2d(output, indices, { windowDimensions: 2, strides: 2 }); // SegNet's decoder
 */
export function maxPool2dWithIndices(input: Tensor, options: MaxPool2dWithIndicesOptions = {}): { output: Tensor; indices: IndexTensor } {
  const fn = 'maxPool2dWithIndices';
  const x = tensorParts(fn, 'input', input);
  const { params: p, whole, column } = resolveMaxPoolIndices(fn, x.shape, options);
  checkLength(fn, 'input', x.data, x.shape as number[]);
  const shape = poolOutputShapeOf(p);
  checkElementCount(fn, 'the output', shape);
  const data = permute({ data: x.data, shape: x.shape as number[] }, p.inputLayout, 'nchw', fn, 'the NCHW copy of the input').data;
  const { inHeight: H, inWidth: W } = p;
  const values = new Float32Array(p.batch * p.channels * p.outHeight * p.outWidth);
  const where = new Int32Array(values.length);
  let out = 0;
  for (let plane = 0; plane < p.batch * p.channels; plane++) {
    for (let oh = 0; oh < p.outHeight; oh++) {
      for (let ow = 0; ow < p.outWidth; ow++) {
        let best = -Infinity;
        let at = -1;
        forEachTap(p, oh, ow, (h, w) => {
          if (h < 0 || h >= H || w < 0 || w >= W) return;
          const v = data[(plane * H + h) * W + w]!;
          if (at < 0 || beats(v, best)) [best, at] = [v, column ? w * H + h : h * W + w];
        });
        values[out] = best;
        where[out++] = (whole ? plane * H * W : 0) + at;
      }
    }
  }
  const nchwShape = [p.batch, p.channels, p.outHeight, p.outWidth];
  const output = permute({ data: values, shape: nchwShape }, 'nchw', p.inputLayout, fn);
  const order = [...p.inputLayout].map((l) => 'nchw'.indexOf(l));
  const indices = p.inputLayout === 'nchw' ? where : permuteInts(where, nchwShape, order);
  return { output: { data: output.data, shape }, indices: { data: indices, shape } };
}

/**
 * Validates maxPool2dWithIndices's options against an input shape: the pooling, and how indices
 * number positions (`whole`: over the tensor; `column`: storage order `w·H + h`).
 */
export function resolveMaxPoolIndices(fn: string, shape: unknown, options: unknown): { params: PoolParams; whole: boolean; column: boolean } {
  const { indices: indexing, storageOrder, ...rest } = readOptions(fn, options, [...POOL_KEYS, 'indices', 'storageOrder']);
  const whole = oneOf(fn, 'indices', indexing, INDEXINGS, 'plane') === 'tensor';
  const column = oneOf(fn, 'storageOrder', storageOrder, ['row', 'column'], 'row') === 'column';
  return { params: resolvePool2d(fn, shape, rest, { countIncludePad: false }), whole, column };
}

/**
 * Whether `v` takes a window's maximum from `best`, the first holder in window order: Math.max's
 * order, NaN above everything (so the first NaN stays), +0 above −0; equal values keep the first.
 */
export function beats(v: number, best: number): boolean {
  return !Number.isNaN(best) && (Number.isNaN(v) || v > best || (v === 0 && best === 0 && Object.is(best, -0) && !Object.is(v, -0)));
}

/** An NCHW Int32Array reordered to the axes `order` (indices into NCHW). */
export function permuteInts(a: Int32Array, shape: readonly number[], order: readonly number[]): Int32Array {
  const out = new Int32Array(a.length);
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((q, d) => q * d, 1));
  const outShape = order.map((i) => shape[i]!);
  const index = new Array<number>(shape.length).fill(0);
  for (let k = 0; k < out.length; k++) {
    let src = 0;
    for (let i = 0; i < order.length; i++) src += index[i]! * strides[order[i]!]!;
    out[k] = a[src]!;
    for (let i = order.length - 1; i >= 0; i--) {
      if (++index[i]! < outShape[i]!) break;
      index[i] = 0;
    }
  }
  return out;
}

/** Options of {@link maxUnpool2d}: the pooling's window, and how its indices number positions. */
export interface MaxUnpool2dOptions {
  readonly windowDimensions: number | readonly [number, number];
  /** Default 1 (WebNN's and ONNX's); PyTorch's default is the window. */
  readonly strides?: number | readonly [number, number];
  /** A number, `[h, w]` or `[beginH, endH, beginW, endW]`. Default 0. */
  readonly padding?: number | readonly number[];
  /** The output's `[height, width]`, instead of `(in − 1)·s − padBegin − padEnd + k` (PyTorch `output_size`, ONNX `output_shape`). */
  readonly outputSizes?: readonly [number, number];
  /** How the indices number positions, as {@link maxPool2dWithIndices} made them. Default `'plane'`. */
  readonly indices?: PoolIndexing;
  readonly inputLayout?: 'nchw' | 'nhwc';
}

/**
 * The inverse of max pooling's selection (PyTorch MaxUnpool2d, ONNX MaxUnpool): an output of
 * zeros with each input value written at its index (numbered in NCHW, row-major, as
 * {@link maxPool2dWithIndices} gives them with `storageOrder: 'row'`). Where two indices coincide
 * the later one wins. Runs in JavaScript on every backend.
 *
 * @example
 * const { output, indices } = maxPool2dWithIndices(x, { windowDimensions: 2, strides: 2 });
 * maxUnpool2d(output, indices, { windowDimensions: 2, strides: 2 }).shape; // x.shape
 */
export function maxUnpool2d(input: Tensor, indices: IndexTensor, options: MaxUnpool2dOptions): Tensor {
  return maxUnpool('maxUnpool2d', ['height', 'width'], ['nchw', 'nhwc'], input, indices, options);
}

/**
 * {@link maxUnpool2d} on any number of spatial axes (`axes`, in order), `layouts` the channels-
 * first one then the channels-last one: the one implementation of 2-D and 3-D unpooling.
 */
export function maxUnpool(fn: string, axes: readonly string[], layouts: readonly [string, string], input: Tensor, indices: IndexTensor, options: unknown): Tensor {
  const x = tensorParts(fn, 'input', input);
  const o = readOptions(fn, options, ['windowDimensions', 'strides', 'padding', 'outputSizes', 'indices', 'inputLayout']);
  const layout = oneOf(fn, 'inputLayout', o.inputLayout, layouts, layouts[0]);
  const rank = axes.length + 2;
  const shape = checkShape(fn, 'input shape', x.shape, rank, `[${layout.toUpperCase().split('').join(', ')}] (${layout})`);
  checkLength(fn, 'input', x.data, shape);
  if (indices === null || typeof indices !== 'object' || !(indices.data instanceof Int32Array)) {
    const given = indices === null || typeof indices !== 'object' ? show(indices) : `data ${show((indices as { data?: unknown }).data)}`;
    typeError(fn, `indices must be a tensor { data: Int32Array, shape } (${fn === 'maxUnpool2d' ? 'maxPool2dWithIndices' : 'maxPool3dWithIndices'}'s indices), got ${given}`);
  }
  if (!Array.isArray(indices.shape) || indices.shape.length !== rank || indices.shape.some((d, i) => d !== shape[i]) || indices.data.length !== x.data.length) {
    rangeError(fn, `indices must have the input's shape ${show(shape)}, got ${show(indices.shape)} with ${indices.data.length} values`);
  }
  const whole = oneOf(fn, 'indices', o.indices, INDEXINGS, 'plane') === 'tensor';
  const window = perAxis(fn, 'windowDimensions', o.windowDimensions, axes, undefined);
  const strides = perAxis(fn, 'strides', o.strides, axes, 1);
  const at = (l: string) => shape[layout.indexOf(l)]!;
  const spatialLetters = layouts[0].slice(2).split('');
  const [n, c] = [at('n'), at('c')];
  const inSize = spatialLetters.map(at);
  const pads = resolvePaddingAxes(fn, o.padding, { inputSize: inSize, kernelSize: window, strides, dilations: axes.map(() => 1) }, axes);
  let size = inSize.map((v, a) => (v - 1) * strides[a]! - pads[2 * a]! - pads[2 * a + 1]! + window[a]!);
  if (o.outputSizes !== undefined) {
    const given = o.outputSizes;
    if (!Array.isArray(given) || given.length !== axes.length || !given.every((v) => Number.isInteger(v) && v >= 1)) {
      rangeError(fn, `outputSizes must be [${axes.join(', ')}], ${axes.length === 2 ? 'two' : 'three'} positive integers, got ${show(given)}`);
    }
    size = given.slice();
  }
  if (size.some((v) => v < 1)) rangeError(fn, `the output would be ${size.join('×')}: the padding crops more than the windows cover`);
  const outShape = layout === layouts[0] ? [n, c, ...size] : [n, ...size, c];
  checkElementCount(fn, 'the output', outShape);
  const planeSize = size.reduce((a, b) => a * b, 1);
  const y = new Float32Array(n * c * planeSize);
  const first = layouts[0];
  const src = permute({ data: x.data, shape }, layout, first, fn).data;
  const idx = layout === first ? indices.data : permuteInts(indices.data, shape, [...first].map((l) => layout.indexOf(l)));
  const perPlane = inSize.reduce((a, b) => a * b, 1);
  for (let k = 0; k < src.length; k++) {
    const plane = Math.floor(k / perPlane);
    const target = whole ? idx[k]! : plane * planeSize + idx[k]!;
    const low = whole ? 0 : plane * planeSize;
    const high = whole ? y.length : low + planeSize;
    if (!(target >= low && target < high)) {
      rangeError(fn, `index ${idx[k]} (input cell ${k} in ${first.toUpperCase()} order) is outside ${whole ? `the output's ${y.length} cells` : `its ${axes.length === 3 ? 'volume' : 'plane'}'s ${planeSize} cells (${size.join('×')})`}`);
    }
    y[target] = src[k]!;
  }
  return permute({ data: y, shape: [n, c, ...size] }, first, layout, fn);
}
