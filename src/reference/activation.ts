import type { ResolvedActivation } from '../options/activation.js';

/**
 * The scalar function of a resolved activation for output channel `channel` (only a
 * per-channel PReLU depends on it). NaN stays NaN (no comparison turns it into a bound), as IEEE
 * arithmetic would propagate it.
 */
export function activationFunction(activation: ResolvedActivation, channel = 0): (x: number) => number {
  switch (activation.type) {
    case 'prelu': {
      const alpha = activation.slopes[channel]!;
      return (x) => (x < 0 ? alpha * x : x);
    }
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
    case 'gelu':
      return (x) => 0.5 * x * (1 + erf(x * Math.SQRT1_2));
    case 'geluTanh':
      return (x) => 0.5 * x * (1 + Math.tanh(GELU_TANH_SCALE * (x + 0.044715 * x * x * x)));
    case 'silu':
      return (x) => x / (1 + Math.exp(-x));
    case 'softplus':
      // max(x, 0) + ln(1 + e^−|x|): no overflow for any x, and ln(1 + e^x) exactly where it matters.
      return (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    case 'elu': {
      const { alpha } = activation;
      return (x) => (x > 0 ? x : alpha * Math.expm1(x));
    }
    case 'hardSigmoid': {
      const { alpha, beta } = activation;
      return (x) => {
        const y = alpha * x + beta;
        return y < 0 ? 0 : y > 1 ? 1 : y;
      };
    }
  }
}

/** √(2/π), the tanh approximation's scale (PyTorch's GELU with approximate='tanh'). */
export const GELU_TANH_SCALE = Math.sqrt(2 / Math.PI);

/**
 * The error function in f64, to ~1e-15: its Maclaurin series below |x| = 2.5, and above it
 * erfc(x) = e^−x² / (√π · K(x)) with K the continued fraction x + (1/2)/(x + 1/(x + (3/2)/(x + …))),
 * summed from 60 levels down.
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return x;
  const a = Math.abs(x);
  if (a < 2.5) {
    let term = x;
    let sum = x;
    const x2 = x * x;
    for (let n = 1; n < 80 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
      term *= -x2 / n;
      sum += term / (2 * n + 1);
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  if (a > 6) return Math.sign(x); // erfc(6) ≈ 2e-17: below f64's resolution of 1
  let k = a;
  for (let level = 60; level >= 1; level--) k = a + level / 2 / k;
  const erfc = Math.exp(-a * a) / (Math.sqrt(Math.PI) * k);
  return Math.sign(x) * (1 - erfc);
}
