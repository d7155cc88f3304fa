import { permute } from '../layout/permute.js';
import { readOptions } from '../options/keys.js';
import { oneOf } from '../options/numbers.js';
import { POOL3D_KEYS, pool3dShapeOf, resolvePool3d, type Pool3dOptions } from '../options/pool3d.js';
import { checkElementCount } from '../shape/element-limit.js';
import { checkLength, tensorParts, type Tensor } from '../tensor.js';
import { beats, INDEXINGS, maxUnpool, permuteInts, type IndexTensor, type PoolIndexing } from './max-pool-indices.js';
import { axisTaps } from './pool3d.js';

/** Options of {@link maxPool3dWithIndices}: maxPool3d's, and how indices number positions. */
export interface MaxPool3dWithIndicesOptions extends Pool3dOptions {
  /** `'plane'` (default; PyTorch: within each D×H×W volume) or `'tensor'` (ONNX: within the NCDHW tensor). */
  readonly indices?: PoolIndexing;
  /** ONNX's `storage_order`: `'row'` (default) numbers `(d·H + h)·W + w`, `'column'` numbers `(w·H + h)·D + d`. */
  readonly storageOrder?: 'row' | 'column';
}

/** Options of {@link maxUnpool3d}: the pooling's window, and how its indices number positions. */
export interface MaxUnpool3dOptions {
  readonly windowDimensions: number | readonly [number, number, number];
  /** Default 1 (ONNX's); PyTorch's default is the window. */
  readonly strides?: number | readonly [number, number, number];
  /** A number, `[d, h, w]` or `[beginD, endD, beginH, endH, beginW, endW]`. Default 0. */
  readonly padding?: number | readonly number[];
  /** The output's `[depth, height, width]`, instead of `(in − 1)·s − padBegin − padEnd + k`. */
  readonly outputSizes?: readonly [number, number, number];
  /** How the indices number positions, as {@link maxPool3dWithIndices} made them. Default `'plane'`. */
  readonly indices?: PoolIndexing;
  readonly inputLayout?: 'ncdhw' | 'ndhwc';
}

/**
 * 3-D max pooling that also says where each maximum was (PyTorch MaxPool3d with
 * `return_indices`, ONNX MaxPool's `Indices` on volumes): {@link maxPool2dWithIndices} on
 * `[depth, height, width]`, positions numbered in NCDHW whatever the layout. Runs in JavaScript on
 * every backend.
 *
 * @example
 * const { output, indices } = maxPool3dWithIndices(volume, { windowDimensions: 2, strides: 2 });
 * maxUnpool3d(output, indices, { windowDimensions: 2, strides: 2 }).shape; // volume.shape
 */
export function maxPool3dWithIndices(input: Tensor, options: MaxPool3dWithIndicesOptions = {}): { output: Tensor; indices: IndexTensor } {
  const fn = 'maxPool3dWithIndices';
  const x = tensorParts(fn, 'input', input);
  const { indices: indexing, storageOrder, ...rest } = readOptions(fn, options, [...POOL3D_KEYS, 'indices', 'storageOrder']);
  const whole = oneOf(fn, 'indices', indexing, INDEXINGS, 'plane') === 'tensor';
  const column = oneOf(fn, 'storageOrder', storageOrder, ['row', 'column'], 'row') === 'column';
  const q = resolvePool3d(fn, x.shape, rest, 'max');
  checkLength(fn, 'input', x.data, x.shape as number[]);
  const shape = pool3dShapeOf(q);
  checkElementCount(fn, 'the output', shape);
  const data = permute({ data: x.data, shape: x.shape as number[] }, q.inputLayout, 'ncdhw', fn, 'the NCDHW copy of the input').data;
  const [D, H, W] = q.inSize;
  const taps = q.outSize.map((size, axis) => Array.from({ length: size }, (_, o) => axisTaps(q, axis, o).inside));
  const volume = D * H * W;
  const values = new Float32Array(q.batch * q.channels * q.outSize[0] * q.outSize[1] * q.outSize[2]);
  const where = new Int32Array(values.length);
  let out = 0;
  for (let plane = 0; plane < q.batch * q.channels; plane++) {
    for (const ds of taps[0]!) {
      for (const hs of taps[1]!) {
        for (const ws of taps[2]!) {
          let best = -Infinity;
          let at = -1;
          for (const d of ds) {
            for (const h of hs) {
              for (const w of ws) {
                const v = data[plane * volume + (d * H + h) * W + w]!;
                if (at < 0 || beats(v, best)) [best, at] = [v, column ? (w * H + h) * D + d : (d * H + h) * W + w];
              }
            }
          }
          values[out] = best;
          where[out++] = (whole ? plane * volume : 0) + at;
        }
      }
    }
  }
  const ncdhwShape = [q.batch, q.channels, ...q.outSize];
  const output = permute({ data: values, shape: ncdhwShape }, 'ncdhw', q.inputLayout, fn);
  const indices = q.inputLayout === 'ncdhw' ? where : permuteInts(where, ncdhwShape, [...q.inputLayout].map((l) => 'ncdhw'.indexOf(l)));
  return { output: { data: output.data, shape }, indices: { data: indices, shape } };
}

/**
 * The inverse of 3-D max pooling's selection (PyTorch MaxUnpool3d, ONNX MaxUnpool on volumes):
 * {@link maxUnpool2d} on `[depth, height, width]`. Runs in JavaScript on every backend.
 *
 * @example
 * const { output, indices } = maxPool3dWithIndices(volume, { windowDimensions: 2, strides: 2 });
 * const restored = maxUnpool3d(output, indices, { windowDimensions: 2, strides: 2 });
 */
export function maxUnpool3d(input: Tensor, indices: IndexTensor, options: MaxUnpool3dOptions): Tensor {
  return maxUnpool('maxUnpool3d', ['depth', 'height', 'width'], ['ncdhw', 'ndhwc'], input, indices, options);
}
