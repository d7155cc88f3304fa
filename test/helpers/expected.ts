import { reference, type Conv2dOptions, type Tensor } from '../../src/index.js';
import { activationSlope } from './conv-cases.js';
import { abs } from './tolerance.js';

/** The reference result of a conv2d and the tolerance's bound (docs/architecture.md#tolerance) for each of its outputs. */
export interface Expected {
  readonly output: Tensor;
  /** Σ|x·w| (+|bias|) per output, stretched by the activation's slope. */
  readonly bound: Float32Array;
}

/** The reference result and, from Σ|x·w| (+|bias|), the tolerance of each output. */
export function expectedConv2d(input: Tensor, filter: Tensor, options: Conv2dOptions): Expected {
  const output = reference.conv2d(input, filter, options);
  const { activation, bias, ...rest } = options;
  const absBias = bias === undefined ? undefined : (bias instanceof Float32Array ? bias : bias.data).map(Math.abs);
  const magnitude = reference.conv2d(abs(input), abs(filter), { ...rest, ...(absBias ? { bias: absBias } : {}) });
  const slope = activationSlope(activation);
  return { output, bound: magnitude.data.map((m) => slope * m) };
}
