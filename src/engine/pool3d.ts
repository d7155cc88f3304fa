import { axisTaps } from '../reference/pool3d.js';
import { pool3dShapeOf, resolvePool3d, type AvgPool3dOptions, type Pool3dOptions, type Pool3dParams } from '../options/pool3d.js';
import { checkElementCount } from '../shape/element-limit.js';
import { checkLength, tensorParts, type Tensor } from '../tensor.js';
import { getEngine } from './default.js';

/**
 * 3-D pooling as 2-D pooling of every depth plane on the default engine (its wasm pooling
 * kernel), then a reduction over each window's depth taps: a box window's maximum is the
 * maximum over its depth planes' 2-D maxima, and its mean the mean of the planes' 2-D means
 * (every plane's 2-D window has the same cell count, so the divisors factor).
 */
function pool3dOnEngine(fn: 'maxPool3d' | 'avgPool3d', input: Tensor, options: unknown): Tensor {
  const x = tensorParts(fn, 'input', input);
  const q = resolvePool3d(fn, x.shape, options, fn === 'maxPool3d' ? 'max' : 'avg');
  checkLength(fn, 'input', x.data, x.shape as number[]);
  const shape = pool3dShapeOf(q);
  checkElementCount(fn, 'the output', shape);
  const [inD, inH, inW] = q.inSize;
  const ncdhw = q.inputLayout === 'ncdhw';
  // Depth planes as 2-D images: NCDHW is [N, C·D, H, W] in memory, NDHWC is [N·D, H, W, C].
  const planes = { data: x.data, shape: ncdhw ? [q.batch, q.channels * inD, inH, inW] : [q.batch * inD, inH, inW, q.channels] };
  const [, , top, bottom, left, right] = q.padding;
  const options2d = {
    windowDimensions: [q.window[1], q.window[2]] as [number, number],
    strides: [q.strides[1], q.strides[2]] as [number, number],
    dilations: [q.dilations[1], q.dilations[2]] as [number, number],
    padding: [top, bottom, left, right] as [number, number, number, number],
    inputLayout: ncdhw ? ('nchw' as const) : ('nhwc' as const),
    roundingType: q.roundingType,
  };
  const engine = getEngine();
  const pooled = fn === 'maxPool3d' ? engine.maxPool2d(planes, options2d) : engine.avgPool2d(planes, { ...options2d, countIncludePad: q.countIncludePad });
  return { data: reduceDepth(pooled.data, q, fn === 'maxPool3d'), shape };
}

/** Each output depth from its window's depth planes of the 2-D pooled planes: their maximum, or their mean. */
function reduceDepth(p: Float32Array, q: Pool3dParams, max: boolean): Float32Array {
  const inD = q.inSize[0];
  const [outD, outH, outW] = q.outSize;
  const ncdhw = q.inputLayout === 'ncdhw';
  // A run of `run` floats per (outer, depth): NCDHW a plane of one channel, NDHWC a plane of all channels.
  const run = ncdhw ? outH * outW : outH * outW * q.channels;
  const outers = ncdhw ? q.batch * q.channels : q.batch;
  const y = new Float32Array(outers * outD * run);
  for (let outer = 0; outer < outers; outer++) {
    for (let od = 0; od < outD; od++) {
      const { inside, padded } = axisTaps(q, 0, od);
      const to = (outer * outD + od) * run;
      const divisor = q.countIncludePad ? padded : inside.length;
      for (let k = 0; k < run; k++) {
        let acc = max ? -Infinity : 0;
        for (const d of inside) {
          const v = p[(outer * inD + d) * run + k]!;
          acc = max ? Math.max(acc, v) : acc + v;
        }
        y[to + k] = max ? acc : acc / divisor;
      }
    }
  }
  return y;
}

/**
 * 3-D max pooling on the default engine: input `[N, C, D, H, W]` (or `'ndhwc'`), pool2d's
 * options on `[depth, height, width]`. The same values as `reference.maxPool3d`, bit for bit.
 *
 * @example
 * maxPool3d(clip, { windowDimensions: [2, 2, 2], strides: 2 }); // C3D's pool
 */
export function maxPool3d(input: Tensor, options: Pool3dOptions = {}): Tensor {
  return pool3dOnEngine('maxPool3d', input, options);
}

/**
 * 3-D average pooling on the default engine (see {@link maxPool3d}); `countIncludePad` as
 * avgPool2d's. The same values as `reference.avgPool3d`, to rounding.
 *
 * @example
 * avgPool3d(features); // global average over depth, height and width → [N, C, 1, 1, 1]
 */
export function avgPool3d(input: Tensor, options: AvgPool3dOptions = {}): Tensor {
  return pool3dOnEngine('avgPool3d', input, options);
}
