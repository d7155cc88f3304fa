import type { ResolvedActivation } from '../options/activation.js';

/**
 * The scalar function of a resolved activation. NaN stays NaN (no comparison turns it into a
 * bound), as IEEE arithmetic would propagate it.
 */
export function activationFunction(activation: ResolvedActivation): (x: number) => number {
  switch (activation.type) {
    case 'none':
      return (x) => x;
    case 'relu':
      return (x) => (x < 0 ? 0 : x);
    case 'relu6':
      return (x) => (x < 0 ? 0 : x > 6 ? 6 : x);
    case 'sigmoid':
      return (x) => 1 / (1 + Math.exp(-x));
    case 'tanh':
      return Math.tanh;
    case 'hardSwish':
      return (x) => (x * (x + 3 < 0 ? 0 : x + 3 > 6 ? 6 : x + 3)) / 6;
    case 'clamp': {
      const { min, max } = activation;
      return (x) => (x < min ? min : x > max ? max : x);
    }
    case 'leakyRelu': {
      const { alpha } = activation;
      return (x) => (x < 0 ? alpha * x : x);
    }
  }
}
