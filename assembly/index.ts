// The WebAssembly kernels (SGEMM microkernel, im2col, depthwise, transposes) are written here
// by the wasm engine issue. Until then this module exports only its layout version, so the
// AssemblyScript toolchain and the three build targets are exercised by `npm run build`.

/** Bumped whenever the memory layout the TypeScript side relies on changes. */
export function layoutVersion(): i32 {
  return 1;
}
