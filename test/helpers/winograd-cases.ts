import { conv2dOutputShape, convertFilterLayout, nchwToNhwc, type Activation, type ConvAlgorithm, type Conv2dOptions, type FilterLayout, type Padding, type Tensor } from '../../src/index.js';
import { randomTensor, rng } from './random.js';

/** A conv to run, with a description that says how to find it again. */
export interface Case {
  readonly input: Tensor;
  readonly filter: Tensor;
  readonly options: Conv2dOptions;
  readonly description: string;
}

const ACTIVATIONS: readonly (Activation | undefined)[] = [
  undefined, undefined, 'relu', 'relu6', 'sigmoid', 'tanh', 'hardSwish',
  { type: 'clamp', min: -0.5, max: 0.75 }, { type: 'leakyRelu', alpha: 0.1 },
  'gelu', { type: 'gelu', approximate: 'tanh' }, 'silu', 'softplus', { type: 'elu', alpha: 0.7 }, { type: 'hardSigmoid', alpha: 0.3, beta: 0.4 },
];
const FILTER_LAYOUTS: readonly FilterLayout[] = ['oihw', 'hwio', 'ohwi', 'ihwo'];
/** Keeps each case small enough for the reference. */
const MAX_MACS = 400_000;

/** A conv from NCHW/OIHW data, converted to the layouts asked for. */
export function caseFromNchw(x: Tensor, w: Tensor, options: Conv2dOptions, label: string): Case {
  const input = options.inputLayout === 'nhwc' ? nchwToNhwc(x) : x;
  const filter = convertFilterLayout(w, 'oihw', options.filterLayout ?? 'oihw');
  const shown = { ...options, bias: options.bias ? `[${w.shape[0]}]` : undefined };
  return { input, filter, options, description: `${label}: x${JSON.stringify(input.shape)} w${JSON.stringify(filter.shape)} ${JSON.stringify(shown)}` };
}

/**
 * A random dense 3×3 stride-1 conv, where Winograd applies: batch 1–3, channels 1–70 (often not
 * a multiple of 4 or 8), sizes 1–40 (often smaller than a tile), dilations 1–3 (often not
 * square), every padding form, both layouts, all four filter layouts, bias on or off, every
 * activation, flip.
 */
export function randomWinogradCase(seed: number, algorithm: ConvAlgorithm = 'winograd'): Case {
  const rand = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  for (;;) {
    const batch = int(1, 3);
    const [inChannels, outChannels] = [pick([int(1, 9), int(1, 70)]), pick([int(1, 9), int(1, 70)])];
    const [height, width] = [pick([int(1, 5), int(1, 40)]), pick([int(1, 5), int(1, 40)])];
    const padding: Padding = pick([
      0, 1, 1, 2, [int(0, 3), int(0, 3)], [int(0, 3), int(0, 3), int(0, 3), int(0, 3)], 'same', 'same-lower', 'valid', 'full',
    ] as const);
    const dilations: [number, number] = rand() < 0.6 ? [1, 1] : [int(1, 3), int(1, 3)];
    const options: Conv2dOptions = {
      padding,
      dilations,
      inputLayout: rand() < 0.5 ? 'nchw' : 'nhwc',
      filterLayout: pick(FILTER_LAYOUTS),
      flip: rand() < 0.25,
      algorithm,
    };
    let outShape: number[];
    try {
      outShape = conv2dOutputShape([batch, inChannels, height, width], [outChannels, inChannels, 3, 3], { padding, dilations });
    } catch {
      continue; // the kernel does not fit: draw again
    }
    if (outShape.reduce((a, b) => a * b, 1) * inChannels * 9 > MAX_MACS) continue;
    const x = randomTensor([batch, inChannels, height, width], rand);
    const w = randomTensor([outChannels, inChannels, 3, 3], rand);
    const activation = pick(ACTIVATIONS);
    const withBias = rand() < 0.5;
    const full: Conv2dOptions = {
      ...options,
      ...(withBias ? { bias: randomTensor([outChannels], rand).data } : {}),
      ...(activation ? { activation } : {}),
    };
    return caseFromNchw(x, w, full, `seed ${seed}`);
  }
}
