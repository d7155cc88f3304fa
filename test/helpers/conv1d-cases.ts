import { reference, type Conv1dOptions, type Tensor } from '../../src/index.js';
import { randomTensor } from './random.js';
import { abs } from './tolerance.js';

/** A conv1d to run, its reference result and its bound per output (docs/architecture.md#tolerance). */
export interface Conv1dCase {
  readonly input: Tensor;
  readonly filter: Tensor;
  readonly options: Conv1dOptions;
  readonly output: Tensor;
  readonly bound: Float32Array;
  readonly description: string;
}

/**
 * A random conv1d: groups 1 or 3, 1–8 channels per group, lengths 1–60, kernels 1–7, strides
 * 1–3, dilation 1–2, 'same' or explicit padding, both layouts, half of them with bias and
 * relu. Undefined when the kernel does not fit the length: the caller draws again.
 */
export function randomConv1dCase(rand: () => number): Conv1dCase | undefined {
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const groups = rand() < 0.3 ? 3 : 1;
  const channels = groups * int(1, 8);
  const length = int(1, 60);
  const k = int(1, 7);
  const outChannels = groups * 2;
  const bias = rand() < 0.5 ? randomTensor([outChannels], rand).data : undefined;
  const plain: Conv1dOptions = {
    groups,
    strides: int(1, 3),
    dilations: int(1, 2),
    padding: rand() < 0.5 ? 'same' : [int(0, 2), int(0, 2)],
    inputLayout: rand() < 0.5 ? 'ncw' : 'nwc',
    // The filter is drawn as OIW; named, since an NWC input leaves a default ambiguous.
    filterLayout: 'oiw',
  };
  const options: Conv1dOptions = bias ? { ...plain, bias, activation: 'relu' } : plain;
  const input = randomTensor(plain.inputLayout === 'ncw' ? [2, channels, length] : [2, length, channels], rand);
  const filter = randomTensor([outChannels, channels / groups, k], rand);
  let output: Tensor;
  try {
    output = reference.conv1d(input, filter, options);
  } catch {
    return undefined;
  }
  // relu is 1-Lipschitz: the bound of the conv before it holds after it.
  const bound = reference.conv1d(abs(input), abs(filter), bias ? { ...plain, bias: bias.map(Math.abs) } : plain).data;
  const description = `conv1d x${JSON.stringify(input.shape)} w${JSON.stringify(filter.shape)} ${JSON.stringify({ ...options, bias: bias ? `[${outChannels}]` : undefined })}`;
  return { input, filter, options, output, bound, description };
}
