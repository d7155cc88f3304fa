import type { ResolvedActivation } from '../options/activation.js';

/** An activation as the kernels take it: a code and two f32 parameters (assembly/simd.ts). */
export interface ActivationCode {
  readonly code: number;
  readonly p0: number;
  readonly p1: number;
}

const NONE = 0;
const CLAMP = 1;
const LEAKY_RELU = 2;
const HARD_SWISH = 3;
const SIGMOID = 4;
const TANH = 5;

/** relu and relu6 are clamps; the rest map one to one. */
export function activationCode(activation: ResolvedActivation): ActivationCode {
  switch (activation.type) {
    case 'none':
      return { code: NONE, p0: 0, p1: 0 };
    case 'relu':
      return { code: CLAMP, p0: 0, p1: Infinity };
    case 'relu6':
      return { code: CLAMP, p0: 0, p1: 6 };
    case 'clamp':
      return { code: CLAMP, p0: activation.min, p1: activation.max };
    case 'leakyRelu':
      return { code: LEAKY_RELU, p0: activation.alpha, p1: 0 };
    case 'hardSwish':
      return { code: HARD_SWISH, p0: 0, p1: 0 };
    case 'sigmoid':
      return { code: SIGMOID, p0: 0, p1: 0 };
    case 'tanh':
      return { code: TANH, p0: 0, p1: 0 };
  }
}
