import { reference, type AvgPool2dOptions, type Pool2dOptions, type Tensor } from '../../src/index.js';
import { randomTensor } from './random.js';
import { abs } from './tolerance.js';

/** A pooling to run: max pooling must equal `max` exactly; average within `avgBound`. */
export interface PoolCase {
  readonly input: Tensor;
  readonly maxOptions: Pool2dOptions;
  /** The same, and `countIncludePad`. */
  readonly avgOptions: AvgPool2dOptions;
  readonly max: Tensor;
  readonly avg: Tensor;
  /** The tolerance's Σ|x_i · w_i| (docs/architecture.md#tolerance) per average output: the average of |x| over the window. */
  readonly avgBound: Float32Array;
  readonly description: string;
}

/**
 * A random max/average pooling: 1–11 channels, sizes 1–20, windows 1–4, strides 1–3,
 * dilation 1 or 2, padding 0, 1 or 'same', floor or ceil rounding, both layouts, batch 2.
 * Undefined when the draw has no valid output (a window over padding only, or too large):
 * the caller draws again.
 */
export function randomPoolCase(rand: () => number): PoolCase | undefined {
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const channels = int(1, 11);
  const [h, w] = [int(1, 20), int(1, 20)];
  const inputLayout = rand() < 0.5 ? ('nchw' as const) : ('nhwc' as const);
  const base = {
    windowDimensions: [int(1, 4), int(1, 4)] as [number, number],
    strides: [int(1, 3), int(1, 3)] as [number, number],
    dilations: rand() < 0.7 ? 1 : 2,
    padding: rand() < 0.5 ? 0 : rand() < 0.5 ? ('same' as const) : 1,
    roundingType: rand() < 0.7 ? ('floor' as const) : ('ceil' as const),
    inputLayout,
  };
  const input = randomTensor(inputLayout === 'nchw' ? [2, channels, h, w] : [2, h, w, channels], rand);
  let max: Tensor;
  try {
    max = reference.maxPool2d(input, base);
  } catch {
    return undefined;
  }
  const avgOptions = { ...base, countIncludePad: rand() < 0.5 };
  return {
    input,
    maxOptions: base,
    avgOptions,
    max,
    avg: reference.avgPool2d(input, avgOptions),
    avgBound: reference.avgPool2d(abs(input), avgOptions).data,
    description: `pool x${JSON.stringify(input.shape)} ${JSON.stringify(avgOptions)}`,
  };
}
