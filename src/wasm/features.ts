/** The three builds of the WebAssembly module, fastest first. */
export type WasmBackend = 'relaxed-simd' | 'simd' | 'scalar';

/** Every backend an engine can run: the wasm builds, or the pure-JS reference. */
export type Backend = WasmBackend | 'js';

export const WASM_BACKENDS: readonly WasmBackend[] = ['relaxed-simd', 'simd', 'scalar'];

// Two tiny modules, each one function returning a v128: the first uses f32x4.add (SIMD), the
// second f32x4.relaxed_madd. WebAssembly.validate on them answers "does this engine have the
// feature?" without downloading or compiling the real module. (Assembled with binaryen's wasm-as.)
const V128 = [253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const HEADER = [0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10];
const SIMD_PROBE = Uint8Array.from([...HEADER, 43, 1, 41, 0, ...V128, ...V128, 253, 228, 1, 11]);
const RELAXED_PROBE = Uint8Array.from([...HEADER, 61, 1, 59, 0, ...V128, ...V128, ...V128, 253, 133, 2, 11]);

/** Whether this JavaScript engine has WebAssembly at all. */
export function hasWebAssembly(): boolean {
  return typeof WebAssembly === 'object' && typeof WebAssembly.validate === 'function';
}

/**
 * Whether this JavaScript engine can run a build. Relaxed SIMD is on by default from Node 22
 * and Chrome 114; Node 20 needs `--experimental-wasm-relaxed-simd`.
 */
export function supports(backend: Backend): boolean {
  if (backend === 'js') return true;
  if (!hasWebAssembly()) return false;
  if (backend === 'scalar') return true;
  if (backend === 'simd') return WebAssembly.validate(SIMD_PROBE);
  return WebAssembly.validate(RELAXED_PROBE);
}

/** The fastest build this engine can run, or `'js'` where WebAssembly is missing. */
export function bestBackend(): Backend {
  return WASM_BACKENDS.find(supports) ?? 'js';
}
