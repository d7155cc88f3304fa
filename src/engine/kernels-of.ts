import type { WasmKernels } from '../wasm/kernels.js';

/** The kernels behind each wasm engine (not public API: memoryStatsOf and tests read it). */
export const kernelsOfEngine = new WeakMap<object, WasmKernels>();

/** A wasm engine's kernels (undefined for the js backend), for tests that read its memory. */
export function kernelsOf(engine: object): WasmKernels | undefined {
  return kernelsOfEngine.get(engine);
}
