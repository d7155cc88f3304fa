import { axisTaps } from '../reference/pool3d.js';
import { pool3dShapeOf, resolvePool3d, type Pool3dParams } from '../options/pool3d.js';
import { checkElementCount } from '../shape/element-limit.js';
import { checkLength, tensorParts, type Tensor } from '../tensor.js';
import { readOptions } from '../options/keys.js';
import type { AvgPool2dOptions, Pool2dOptions } from '../options/pool.js';
import { disposedLayer, type Layer } from './layer.js';
import { checkOutput } from './operands.js';

/** What 3-D pooling needs of an engine: its 2-D poolings. */
export interface Pools2d {
  maxPool2d(input: Tensor, options?: Pool2dOptions): Tensor;
  avgPool2d(input: Tensor, options?: AvgPool2dOptions): Tensor;
}

/**
 * 3-D pooling as 2-D pooling of every depth plane on the default engine (its wasm pooling
 * kernel), then a reduction over each window's depth taps: a box window's maximum is the
 * maximum over its depth planes' 2-D maxima, and its mean the mean of the planes' 2-D means
 * (every plane's 2-D window has the same cell count, so the divisors factor).
 */
export function pool3dOnEngine(engine: Pools2d, fn: 'maxPool3d' | 'avgPool3d', input: Tensor, options: unknown, output?: Tensor): Tensor {
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
  if (output !== undefined) checkOutput(undefined, fn, output, shape, input, undefined);
  const pooled = fn === 'maxPool3d' ? engine.maxPool2d(planes, options2d) : engine.avgPool2d(planes, { ...options2d, countIncludePad: q.countIncludePad });
  const data = reduceDepth(pooled.data, q, fn === 'maxPool3d');
  if (output === undefined) return { data, shape };
  output.data.set(data);
  return output;
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
 * A 3-D pooling layer of an engine: its options read once and their form checked when it is made
 * (against a volume large enough for any window they give); each input shape is checked on run.
 */
export class Pool3dLayer implements Layer {
  private readonly options: Readonly<Record<string, unknown>>;
  private isDisposed = false;

  constructor(
    private readonly engine: Pools2d,
    private readonly fn: 'maxPool3d' | 'avgPool3d',
    options: unknown,
  ) {
    const kind = fn === 'maxPool3d' ? 'max' : 'avg';
    this.options = readOptions(fn, options, kind === 'avg' ? [...POOL3D_KEYS, 'countIncludePad'] : POOL3D_KEYS);
    resolvePool3d(fn, nominalVolume(this.options), this.options, kind);
  }

  get disposed(): boolean {
    return this.isDisposed;
  }

  outputShape(inputShape: readonly number[]): number[] {
    this.checkAlive();
    return pool3dShapeOf(resolvePool3d(this.fn, inputShape, this.options, this.fn === 'maxPool3d' ? 'max' : 'avg'));
  }

  run(input: Tensor, output?: Tensor): Tensor {
    this.checkAlive();
    return pool3dOnEngine(this.engine, this.fn, input, this.options, output);
  }

  async runAsync(input: Tensor, output?: Tensor): Promise<Tensor> {
    return this.run(input, output);
  }

  dispose(): void {
    this.isDisposed = true;
  }

  private checkAlive(): void {
    if (this.isDisposed) throw disposedLayer(this.fn);
  }
}

const POOL3D_KEYS = ['windowDimensions', 'strides', 'dilations', 'padding', 'inputLayout', 'roundingType'];

/** A volume every window of `o` fits: each side its largest dilated window, twice its largest padding, and one. */
function nominalVolume(o: Readonly<Record<string, unknown>>): number[] {
  const numbers = (v: unknown) => [v].flat().filter((x): x is number => typeof x === 'number' && Number.isFinite(x) && x > 0);
  const side = Math.max(...numbers(o.windowDimensions), 1) * Math.max(...numbers(o.dilations), 1) + 2 * Math.max(...numbers(o.padding), 0) + 1;
  return o.inputLayout === 'ndhwc' ? [1, side, side, side, 1] : [1, 1, side, side, side];
}
