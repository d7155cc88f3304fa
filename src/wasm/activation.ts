import type { ResolvedActivation } from '../options/activation.js';
import * as ABI from './abi.generated.js';

/** An activation as the kernels take it: a code and two f32 parameters (assembly/simd.ts). */
export interface ActivationCode {
  readonly code: number;
  readonly p0: number;
  readonly p1: number;
}

// The codes are declared once, in scripts/abi-table.mjs (the kernels read the same table).
const {
  ACT_NONE: NONE, ACT_CLAMP: CLAMP, ACT_LEAKY_RELU: LEAKY_RELU, ACT_HARD_SWISH: HARD_SWISH, ACT_SIGMOID: SIGMOID, ACT_TANH: TANH,
  ACT_GELU: GELU, ACT_GELU_TANH: GELU_TANH, ACT_SILU: SILU, ACT_SOFTPLUS: SOFTPLUS, ACT_ELU: ELU, ACT_HARD_SIGMOID: HARD_SIGMOID,
} = ABI;

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
    case 'gelu':
      return { code: GELU, p0: 0, p1: 0 };
    case 'geluTanh':
      return { code: GELU_TANH, p0: 0, p1: 0 };
    case 'silu':
      return { code: SILU, p0: 0, p1: 0 };
    case 'softplus':
      return { code: SOFTPLUS, p0: 0, p1: 0 };
    case 'elu':
      return { code: ELU, p0: activation.alpha, p1: 0 };
    case 'hardSigmoid':
      return { code: HARD_SIGMOID, p0: activation.alpha, p1: activation.beta };
    case 'prelu':
      // One slope per channel is more than the epilogues' two parameters: the kernels apply
      // none, and the layer runs preluTask over the output after them (src/engine/conv-layer.ts).
      return { code: NONE, p0: 0, p1: 0 };
  }
}
