// Arithmetic shared by every kernel. One source builds three variants: `ASC_FEATURE_SIMD` and
// `ASC_FEATURE_RELAXED_SIMD` are compile-time constants, so the untaken branches vanish.

/** c + a·b on four lanes: one fused instruction where relaxed SIMD is on, mul + add otherwise. */
// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

// Activation codes (ACT_*) are declared once, in scripts/abi-table.mjs. Parameters: clamp
// (p0 = min, p1 = max), leaky ReLU (p0 = alpha). relu and relu6 are clamps.
import { ACT_CLAMP, ACT_HARD_SWISH, ACT_LEAKY_RELU, ACT_NONE, ACT_SIGMOID } from './abi.generated';

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
  return smoothActivation(x, act);
}

/**
 * Sigmoid or tanh of one value. Out of line: it costs a call to exp or tanh anyway, and inlined
 * into every lane of every epilogue it made up 40 % of the module (simd build 67.9 KB → 39.4 KB
 * out of line; relaxed-simd 67.7 → 39.2 KB).
 */
// @ts-ignore: decorator
@noinline function smoothActivation(x: f32, act: i32): f32 {
  if (act == ACT_SIGMOID) return <f32>1 / (<f32>1 + Mathf.exp(-x));
  return Mathf.tanh(x);
}

/** Sigmoid or tanh on four lanes, out of line for the same reason. */
// @ts-ignore: decorator
@noinline function smoothActivationLanes(v: v128, act: i32): v128 {
  let r = v;
  r = f32x4.replace_lane(r, 0, smoothActivation(f32x4.extract_lane(v, 0), act));
  r = f32x4.replace_lane(r, 1, smoothActivation(f32x4.extract_lane(v, 1), act));
  r = f32x4.replace_lane(r, 2, smoothActivation(f32x4.extract_lane(v, 2), act));
  r = f32x4.replace_lane(r, 3, smoothActivation(f32x4.extract_lane(v, 3), act));
  return r;
}

/**
 * The activation of four lanes. f32x4.max/min propagate NaN like the reference's comparisons;
 * sigmoid and tanh have no SIMD form and go lane by lane.
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
  return smoothActivationLanes(v, act);
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
