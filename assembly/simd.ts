// Arithmetic shared by every kernel. One source builds three variants: `ASC_FEATURE_SIMD` and
// `ASC_FEATURE_RELAXED_SIMD` are compile-time constants, so the untaken branches vanish.

/** c + a·b on four lanes: one fused instruction where relaxed SIMD is on, mul + add otherwise. */
// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

// Activation codes (ACT_*) are declared once, in scripts/abi-table.mjs. Parameters: clamp
// (p0 = min, p1 = max), leaky ReLU and ELU (p0 = alpha), hard sigmoid (p0 = alpha, p1 = beta).
// relu and relu6 are clamps.
import {
  ACT_CLAMP, ACT_ELU, ACT_GELU, ACT_GELU_TANH, ACT_HARD_SIGMOID, ACT_HARD_SWISH, ACT_LEAKY_RELU, ACT_NONE, ACT_SIGMOID, ACT_SILU, ACT_SOFTPLUS, ACT_TANH,
} from './abi.generated';

/** The activation of one value, as the reference defines it (NaN stays NaN). */
// @ts-ignore: decorator
@inline export function activateScalar(x: f32, act: i32, p0: f32, p1: f32): f32 {
  if (act == ACT_NONE) return x;
  if (act == ACT_CLAMP) return x < p0 ? p0 : x > p1 ? p1 : x;
  if (act == ACT_LEAKY_RELU) return x < 0 ? p0 * x : x;
  if (act == ACT_HARD_SWISH) {
    // x · (t / 6), not (x · t) / 6: x · 6 overflows for |x| > FLT_MAX / 6 although the result,
    // x, is representable (found by the fuzz test).
    const t = x + 3;
    return x * ((t < 0 ? <f32>0 : t > 6 ? <f32>6 : t) / 6);
  }
  return smoothActivation(x, act, p0, p1);
}

/**
 * The activations beyond clamp, leaky ReLU and hardSwish, on one value. Out of line: the smooth
 * ones cost a call to exp, log or tanh anyway, and inlined into every lane of every epilogue
 * sigmoid and tanh alone made up 40 % of the module (simd build 67.9 KB → 39.4 KB out of line;
 * relaxed-simd 67.7 → 39.2 KB).
 */
// @ts-ignore: decorator
@noinline function smoothActivation(x: f32, act: i32, p0: f32, p1: f32): f32 {
  if (act == ACT_HARD_SIGMOID) {
    const y = p0 * x + p1;
    return y < 0 ? <f32>0 : y > 1 ? <f32>1 : y;
  }
  if (act == ACT_SIGMOID) return <f32>1 / (<f32>1 + Mathf.exp(-x));
  if (act == ACT_TANH) return Mathf.tanh(x);
  if (act == ACT_SILU) return x / (<f32>1 + Mathf.exp(-x));
  // e^x − 1 rather than expm1 (2 KB of code): near 0 it loses at most 6e-8 absolutely, inside the tolerance's 1e-6.
  if (act == ACT_ELU) return x > 0 ? x : p0 * (Mathf.exp(x) - 1);
  // max(x, 0) + ln(1 + e^−|x|): no overflow for any x (x > 0 is false for NaN, which the log
  // keeps). ln(1 + e) rather than log1p: for e below 6e-8 it gives 0, e at most off.
  if (act == ACT_SOFTPLUS) return (x > 0 ? x : <f32>0) + Mathf.log(<f32>1 + Mathf.exp(-Mathf.abs(x)));
  if (act == ACT_GELU_TANH) return <f32>0.5 * x * (<f32>1 + Mathf.tanh(<f32>0.7978845608028654 * (x + <f32>0.044715 * x * x * x)));
  // GELU: x/2 · (1 + erf(x/√2)) = x/2 · erfc(−x/√2), with erfc to a relative 1.2e-7, so that
  // the small values of negative x keep their digits.
  const y = x * <f32>0.7071067811865476;
  const c = erfcOfAbs(y);
  return <f32>0.5 * x * (y < 0 ? c : <f32>2 - c);
}

/**
 * erfc(|y|) to a relative error below 1.2e-7: a Chebyshev fit of ln(erfc) in t = 1/(1 + |y|/2)
 * (Press et al., Numerical Recipes, erfcc), in f32. erfc(∞) = 0; NaN stays NaN.
 */
function erfcOfAbs(y: f32): f32 {
  const z = Mathf.abs(y);
  const t = <f32>1 / (<f32>1 + <f32>0.5 * z);
  const p = <f32>-1.26551223 + t * (<f32>1.00002368 + t * (<f32>0.37409196 + t * (<f32>0.09678418 + t * (<f32>-0.18628806 +
    t * (<f32>0.27886807 + t * (<f32>-1.13520398 + t * (<f32>1.48851587 + t * (<f32>-0.82215223 + t * <f32>0.17087277))))))));
  return t * Mathf.exp(-z * z + p);
}

/**
 * The other activations on four lanes, out of line for the same reason: the hard sigmoid on the
 * vector (inlined into every epilogue, its few instructions cost 4 KB of module), the smooth
 * ones lane by lane.
 */
// @ts-ignore: decorator
@noinline function smoothActivationLanes(v: v128, act: i32, p0: f32, p1: f32): v128 {
  if (act == ACT_HARD_SIGMOID) {
    const y = f32x4.add(f32x4.mul(v, f32x4.splat(p0)), f32x4.splat(p1));
    return f32x4.min(f32x4.max(y, f32x4.splat(0)), f32x4.splat(1));
  }
  let r = v;
  r = f32x4.replace_lane(r, 0, smoothActivation(f32x4.extract_lane(v, 0), act, p0, p1));
  r = f32x4.replace_lane(r, 1, smoothActivation(f32x4.extract_lane(v, 1), act, p0, p1));
  r = f32x4.replace_lane(r, 2, smoothActivation(f32x4.extract_lane(v, 2), act, p0, p1));
  r = f32x4.replace_lane(r, 3, smoothActivation(f32x4.extract_lane(v, 3), act, p0, p1));
  return r;
}

/**
 * The activation of four lanes. f32x4.max/min propagate NaN like the reference's comparisons;
 * the smooth ones (sigmoid, tanh, GELU, SiLU, softplus, ELU) have no SIMD form and go lane by lane.
 */
// @ts-ignore: decorator
@inline export function activate(v: v128, act: i32, p0: f32, p1: f32): v128 {
  if (act == ACT_NONE) return v;
  if (act == ACT_CLAMP) return f32x4.min(f32x4.max(v, f32x4.splat(p0)), f32x4.splat(p1));
  if (act == ACT_LEAKY_RELU) {
    return v128.bitselect(f32x4.mul(v, f32x4.splat(p0)), v, f32x4.lt(v, f32x4.splat(0)));
  }
  if (act == ACT_HARD_SWISH) {
    const t = f32x4.min(f32x4.max(f32x4.add(v, f32x4.splat(3)), f32x4.splat(0)), f32x4.splat(6));
    return f32x4.mul(v, f32x4.div(t, f32x4.splat(6))); // x · (t / 6): see activateScalar
  }
  return smoothActivationLanes(v, act, p0, p1);
}

/** Stores the first `count` (0…4) lanes of `v` at `ptr`: the ragged edge of a row. */
// @ts-ignore: decorator
@inline export function storeLanes(ptr: usize, v: v128, count: i32): void {
  if (count >= 4) {
    v128.store(ptr, v);
    return;
  }
  if (count > 0) store<f32>(ptr, f32x4.extract_lane(v, 0));
  if (count > 1) store<f32>(ptr, f32x4.extract_lane(v, 1), 4);
  if (count > 2) store<f32>(ptr, f32x4.extract_lane(v, 2), 8);
}

/**
 * activate() with its parameters read from memory (two f32 at `params`) where they are used:
 * inner loops that keep many v128 values live cannot spare two registers for them.
 */
// @ts-ignore: decorator
@inline export function activateFrom(v: v128, act: i32, params: usize): v128 {
  if (act == ACT_NONE) return v;
  return activate(v, act, load<f32>(params), load<f32>(params, 4));
}
