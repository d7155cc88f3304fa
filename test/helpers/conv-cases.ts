import type { Activation, Conv2dOptions, FilterLayout, InputLayout, Padding } from '../../src/index.js';
import { conv2dOutputShape, convertFilterLayout, nchwToNhwc } from '../../src/index.js';
import type { Tensor } from '../../src/tensor.js';
import { randomTensor, rng } from './random.js';

/** One random convolution: data, options, and a one-line description for failure messages. */
export interface ConvCase {
  readonly seed: number;
  readonly input: Tensor;
  readonly filter: Tensor;
  readonly options: Conv2dOptions;
  readonly description: string;
}

const ACTIVATIONS: readonly (Activation | undefined)[] = [
  undefined, undefined, undefined, 'relu', 'relu6', 'sigmoid', 'tanh', 'hardSwish',
  { type: 'clamp', min: -0.5, max: 0.75 }, { type: 'leakyRelu', alpha: 0.1 },
  'gelu', { type: 'gelu', approximate: 'tanh' }, 'silu', 'softplus', { type: 'elu', alpha: 0.7 }, { type: 'hardSigmoid', alpha: 0.3, beta: 0.4 },
];
const FILTER_LAYOUTS: readonly FilterLayout[] = ['oihw', 'hwio', 'ohwi', 'ihwo'];

/** Keeps each case small enough for the reference: at most this many multiply-adds. */
const MAX_MACS = 300_000;

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const int = (rand: () => number, lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));

/**
 * A random conv2d drawn from `seed`: batch 1–3, channels 1–70 (often not a multiple of 4),
 * sizes 1–40, kernels 1–7 (often not square), strides and dilations 1–3, every padding form,
 * dense / grouped / depthwise (with multiplier) / single-channel, both input layouts, all four
 * filter layouts, bias on or off, every activation, and flip. Draws again until the output is
 * non-empty and the work fits MAX_MACS.
 */
export function randomConvCase(seed: number): ConvCase {
  const rand = rng(seed);
  for (;;) {
    const batch = int(rand, 1, 3);
    const kind = pick(rand, ['dense', 'dense', 'grouped', 'depthwise', 'depthwise', 'single'] as const);
    let groups = 1;
    let inChannels: number;
    let outChannels: number;
    if (kind === 'single') {
      inChannels = 1;
      outChannels = 1;
    } else if (kind === 'depthwise') {
      inChannels = int(rand, 1, 70);
      groups = inChannels;
      outChannels = inChannels * pick(rand, [1, 1, 1, 2, 3]);
    } else if (kind === 'grouped') {
      groups = int(rand, 2, 6);
      inChannels = groups * int(rand, 1, Math.floor(70 / groups));
      outChannels = groups * int(rand, 1, Math.floor(70 / groups));
    } else {
      inChannels = int(rand, 1, 70);
      outChannels = int(rand, 1, 70);
    }
    const square = rand() < 0.5;
    const kH = pick(rand, [1, 1, 2, 3, 3, 3, 4, 5, 7]);
    const kW = square ? kH : int(rand, 1, 7);
    const height = int(rand, 1, 40);
    const width = int(rand, 1, 40);
    const strides: [number, number] = rand() < 0.5 ? [1, 1] : [int(rand, 1, 3), int(rand, 1, 3)];
    const dilations: [number, number] = rand() < 0.6 ? [1, 1] : [int(rand, 1, 3), int(rand, 1, 3)];
    const padding: Padding = pick(rand, [
      0, 1, 2, [int(rand, 0, 3), int(rand, 0, 3)], [int(rand, 0, 3), int(rand, 0, 3), int(rand, 0, 3), int(rand, 0, 3)],
      'same', 'same-lower', 'valid', 'full',
    ] as const);
    const inputLayout: InputLayout = rand() < 0.5 ? 'nchw' : 'nhwc';
    const filterLayout = pick(rand, FILTER_LAYOUTS);
    const activation = pick(rand, ACTIVATIONS);
    const flip = rand() < 0.2;
    const withBias = rand() < 0.5;

    const nchwShape = [batch, inChannels, height, width];
    const oihwShape = [outChannels, inChannels / groups, kH, kW];
    const base: Conv2dOptions = { padding, strides, dilations, groups };
    let outShape: number[];
    try {
      outShape = conv2dOutputShape(nchwShape, oihwShape, base);
    } catch {
      continue; // the kernel does not fit: draw again
    }
    const macs = outShape.reduce((a, b) => a * b, 1) * (inChannels / groups) * kH * kW;
    if (macs > MAX_MACS) continue;

    const x = randomTensor(nchwShape, rand);
    const w = randomTensor(oihwShape, rand);
    const bias = withBias ? randomTensor([outChannels], rand).data : undefined;
    const input = inputLayout === 'nchw' ? x : nchwToNhwc(x);
    const filter = convertFilterLayout(w, 'oihw', filterLayout);
    const options: Conv2dOptions = {
      ...base,
      inputLayout,
      filterLayout,
      flip,
      ...(bias ? { bias } : {}),
      ...(activation ? { activation } : {}),
    };
    const description =
      `seed ${seed}: ${kind} x${JSON.stringify(input.shape)} w${JSON.stringify(filter.shape)} ` +
      JSON.stringify({ ...options, bias: bias ? `[${outChannels}]` : undefined });
    return { seed, input, filter, options, description };
  }
}

/** The Lipschitz constant of an activation: how much it can stretch a rounding difference. */
export function activationSlope(activation: Activation | undefined): number {
  if (activation === 'hardSwish') return 1.5; // d/dx x·relu6(x+3)/6 = (2x+3)/6 ≤ 1.5 on [−3, 3]
  // GELU's derivative peaks at 1.129 (x ≈ 1.41), the tanh form's at 1.13; SiLU's at 1.0998 (x ≈ 2.40).
  if (activation === 'gelu' || activation === 'silu') return 1.13;
  if (typeof activation === 'object' && activation.type === 'gelu') return 1.13;
  if (typeof activation === 'object' && (activation.type === 'leakyRelu' || activation.type === 'elu')) return Math.max(1, Math.abs(activation.alpha ?? 1));
  if (typeof activation === 'object' && activation.type === 'hardSigmoid') return Math.abs(activation.alpha ?? 0.2);
  return 1;
}
