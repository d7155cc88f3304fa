// Random transposed convolutions and conv3d's with their reference results and tolerance bounds,
// through the package's public entry only (the browser page bundles this file too).
import { reference, type Conv3dOptions, type ConvTranspose2dOptions, type Tensor } from '../../src/index.js';
import { randomTensor, rng } from './random.js';
import { abs } from './tolerance.js';

export interface OperatorCase {
  readonly op: 'convTranspose2d' | 'conv3d';
  readonly input: Tensor;
  readonly filter: Tensor;
  readonly options: ConvTranspose2dOptions | Conv3dOptions;
  readonly expected: Tensor;
  /** Σ|x·w| (+|bias|) per output: the tolerance's bound (no activation, so no slope). */
  readonly bound: Float32Array;
  readonly description: string;
}

/** A transposed convolution or a conv3d drawn from `seed` (any layouts, groups, strides, padding forms and modes), with bias. */
export function randomOperatorCase(seed: number): OperatorCase {
  const rand = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  for (;;) {
    const groups = int(1, 2);
    const [cg, mg] = [int(1, 4), int(1, 4)];
    const bias = randomTensor([groups * mg], rand).data;
    const attempt = (): OperatorCase => {
      if (rand() < 0.5) {
        const s = [int(1, 3), int(1, 3)] as [number, number];
        const k = [int(1, 4), int(1, 4)];
        const nhwc = rand() < 0.5;
        const options: ConvTranspose2dOptions = { strides: s, padding: rand() < 0.3 ? 'same' : [int(0, 2), int(0, 2), int(0, 2), int(0, 2)], groups, inputLayout: nhwc ? 'nhwc' : 'nchw', bias };
        const size = [int(1, 9), int(1, 9)];
        const input = randomTensor(nhwc ? [1, size[0]!, size[1]!, groups * cg] : [1, groups * cg, size[0]!, size[1]!], rand);
        const filter = randomTensor([groups * cg, mg, k[0]!, k[1]!], rand);
        const expected = reference.convTranspose2d(input, filter, options);
        const bound = reference.convTranspose2d(abs(input), abs(filter), { ...options, bias: bias.map(Math.abs) }).data;
        return { op: 'convTranspose2d', input, filter, options, expected, bound, description: `convTranspose2d x[${input.shape}] w[${filter.shape}] ${JSON.stringify({ ...options, bias: undefined })}` };
      }
      const ndhwc = rand() < 0.5;
      const options: Conv3dOptions = {
        padding: [int(0, 1), int(0, 1), int(0, 1), int(0, 1), int(0, 1), int(0, 1)],
        paddingMode: (['zeros', 'reflect', 'replicate', 'circular'] as const)[int(0, 3)],
        strides: [int(1, 2), int(1, 2), int(1, 2)],
        groups,
        inputLayout: ndhwc ? 'ndhwc' : 'ncdhw',
        bias,
      };
      const size = [int(2, 5), int(2, 6), int(2, 6)];
      const input = randomTensor(ndhwc ? [1, ...size, groups * cg] : [1, groups * cg, ...size], rand);
      const filter = randomTensor([groups * mg, cg, int(1, 2), int(1, 3), int(1, 3)], rand);
      const expected = reference.conv3d(input, filter, options);
      const bound = reference.conv3d(abs(input), abs(filter), { ...options, bias: bias.map(Math.abs) }).data;
      return { op: 'conv3d', input, filter, options, expected, bound, description: `conv3d x[${input.shape}] w[${filter.shape}] ${JSON.stringify({ ...options, bias: undefined })}` };
    };
    try {
      return attempt();
    } catch {
      // the padding crops everything, or a pad is too large for its mode: draw again
    }
  }
}
