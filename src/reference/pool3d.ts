import { permute } from '../layout/permute.js';
import { pool3dShapeOf, resolvePool3d, type AvgPool3dOptions, type LpPool3dOptions, type Pool3dOptions, type Pool3dParams } from '../options/pool3d.js';
import { allocateFloat32, checkElementCount } from '../shape/element-limit.js';
import { checkLength, tensorParts, type Tensor } from '../tensor.js';

/** The kinds of 3-D pooling. */
export type Pool3dKind = 'max' | 'avg' | 'lp';

/** One axis's taps of output cell `o`: the positions inside the input, and how many lie in the padded extent. */
export function axisTaps(q: Pool3dParams, axis: number, o: number): { inside: number[]; padded: number } {
  const n = q.inSize[axis]!;
  const [begin, end] = [q.padding[2 * axis]!, q.padding[2 * axis + 1]!];
  const inside: number[] = [];
  let padded = 0;
  for (let k = 0; k < q.window[axis]!; k++) {
    const t = o * q.strides[axis]! + k * q.dilations[axis]! - begin;
    if (t >= 0 && t < n) inside.push(t);
    if (t >= -begin && t < n + end) padded++;
  }
  return { inside, padded };
}

/**
 * 3-D pooling on an NCDHW input: over each window's cells inside the input, the maximum (NaN
 * wins, as `Math.max`), the mean (divided by those cells, or with `countIncludePad` by the cells
 * inside the padded extent, as PyTorch), or the p-norm `(Σ |x|^p)^(1/p)`. f64, rounded once.
 */
export function pool3dNcdhw(x: Float32Array, q: Pool3dParams, kind: Pool3dKind, fn: string): Float32Array {
  const [inD, inH, inW] = q.inSize;
  const [outD, outH, outW] = q.outSize;
  const y = allocateFloat32(fn, 'the output', [q.batch, q.channels, outD, outH, outW]);
  const taps = [outD, outH, outW].map((size, axis) => Array.from({ length: size }, (_, o) => axisTaps(q, axis, o)));
  let out = 0;
  for (let plane = 0; plane < q.batch * q.channels; plane++) {
    for (const td of taps[0]!) {
      for (const th of taps[1]!) {
        for (const tw of taps[2]!) {
          let acc = kind === 'max' ? -Infinity : 0;
          for (const d of td.inside) {
            for (const h of th.inside) {
              for (const w of tw.inside) {
                const v = x[((plane * inD + d) * inH + h) * inW + w]!;
                acc = kind === 'max' ? Math.max(acc, v) : kind === 'avg' ? acc + v : acc + Math.abs(v) ** q.p;
              }
            }
          }
          const count = q.countIncludePad ? td.padded * th.padded * tw.padded : td.inside.length * th.inside.length * tw.inside.length;
          y[out++] = kind === 'max' ? acc : kind === 'avg' ? acc / count : acc ** (1 / q.p);
        }
      }
    }
  }
  return y;
}

function pool3d(fn: string, kind: Pool3dKind, input: Tensor, options: unknown): Tensor {
  const x = tensorParts(fn, 'input', input);
  const q = resolvePool3d(fn, x.shape, options, kind);
  checkLength(fn, 'input', x.data, x.shape as number[]);
  const shape = pool3dShapeOf(q);
  checkElementCount(fn, 'the output', shape);
  const ncdhw = permute({ data: x.data, shape: x.shape as number[] }, q.inputLayout, 'ncdhw', fn, 'the NCDHW copy of the input').data;
  const y = pool3dNcdhw(ncdhw, q, kind, fn);
  return { data: permute({ data: y, shape: [q.batch, q.channels, ...q.outSize] }, 'ncdhw', q.inputLayout, fn).data, shape };
}

/**
 * 3-D max pooling (PyTorch MaxPool3d, ONNX MaxPool on volumes), pure JS. Input `[N, C, D, H, W]`
 * (or `'ndhwc'`); pool2d's options on `[depth, height, width]`.
 *
 * @example
 * maxPool3d(clip, { windowDimensions: [1, 2, 2], strides: [1, 2, 2] }); // halve H and W of every frame
 */
export function maxPool3d(input: Tensor, options: Pool3dOptions = {}): Tensor {
  return pool3d('maxPool3d', 'max', input, options);
}

/** 3-D average pooling, pure JS (see {@link maxPool3d}; `countIncludePad` as avgPool2d's). */
export function avgPool3d(input: Tensor, options: AvgPool3dOptions = {}): Tensor {
  return pool3d('avgPool3d', 'avg', input, options);
}

/**
 * 3-D Lp pooling (ONNX LpPool on volumes): `(Σ |x|^p)^(1/p)` over each window, pure JS; it is
 * also what the top-level `lpPool3d` runs, on every backend.
 */
export function lpPool3d(input: Tensor, options: LpPool3dOptions = {}): Tensor {
  return pool3d('lpPool3d', 'lp', input, options);
}
