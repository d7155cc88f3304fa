import type { WasmBackend } from './features.js';

/**
 * Builds compiled ahead of time by the host and handed over at import (the `workerd` entry,
 * `dist/workerd.js`, imports the three `.wasm` files as modules): where they are present the
 * engine never fetches or compiles, which Workers-style isolates forbid.
 */
let provided: Partial<Record<WasmBackend, WebAssembly.Module>> = {};

export function provideBuilds(modules: Partial<Record<WasmBackend, WebAssembly.Module>>): void {
  provided = { ...modules };
}

export function providedBuild(backend: WasmBackend): WebAssembly.Module | undefined {
  return provided[backend];
}

export function hasProvidedBuilds(): boolean {
  return Object.keys(provided).length > 0;
}
