/**
 * Round half to even, as IEEE's default rounding and wasm's `f32x4.nearest` do (2.5 → 2,
 * 3.5 → 4, −2.5 → −2): the rounding of ONNX QuantizeLinear and of onnxruntime's requantization.
 * `Math.round` rounds halves up; a half that went to an odd integer steps back by one.
 *
 * @example
 * roundHalfEven(2.5); // 2
 */
export function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * One real value quantized as ONNX QuantizeLinear does: `real / scale` in f32, clamped to
 * `[low − zeroPoint, high − zeroPoint]` (±∞ saturate), rounded half to even, plus the zero point.
 * `quantizeLinear` and the quantized activations' bounds both use it.
 *
 * @example
 * quantizeValue(2.5, 1, 0, 0, 255); // 2
 */
export function quantizeValue(real: number, scale: number, zeroPoint: number, low: number, high: number): number {
  return clampRoundShift(Math.fround(real / scale), zeroPoint, low, high);
}

/** `v` clamped to `[low − zeroPoint, high − zeroPoint]`, rounded half to even, plus the zero point. */
function clampRoundShift(v: number, zeroPoint: number, low: number, high: number): number {
  return roundHalfEven(Math.min(Math.max(v, low - zeroPoint), high - zeroPoint)) + zeroPoint;
}

/**
 * Requantizes an int32 accumulator, the steps onnxruntime takes (MLAS's requantize): the
 * accumulator to f32, times the f32 scale, rounded to f32; clamped to `[low − zeroPoint,
 * high − zeroPoint]` (integers, so clamping before rounding equals clamping after, and a huge
 * product cannot overflow the integer), rounded half to even, plus the zero point. The wasm
 * kernels do exactly these operations (assembly/qconv-requantize.ts).
 */
export function requantize(acc: number, scale: number, zeroPoint: number, low: number, high: number): number {
  return clampRoundShift(Math.fround(Math.fround(acc) * scale), zeroPoint, low, high);
}
