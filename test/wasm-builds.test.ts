// The three builds come from one source; this checks that each one holds what its name says,
// so an engine without SIMD really gets a module without SIMD instructions.
import { readFileSync } from 'node:fs';
import binaryen from 'binaryen';
import { describe, expect, it } from 'vitest';
import { wasmUrl } from '../src/wasm/binary.js';
import type { WasmBackend } from '../src/wasm/features.js';

function text(backend: WasmBackend): string {
  const module = binaryen.readBinary(readFileSync(wasmUrl(backend)));
  try {
    return module.emitText();
  } finally {
    module.dispose();
  }
}

describe('the three wasm builds', () => {
  it('scalar has no SIMD instruction at all', () => {
    expect(text('scalar')).not.toMatch(/v128|f32x4|i8x16/);
  });

  it('simd uses 128-bit SIMD but no relaxed instruction', () => {
    const simd = text('simd');
    expect(simd).toMatch(/f32x4\.mul/);
    expect(simd).not.toMatch(/relaxed/);
  });

  it('relaxed-simd fuses multiply and add', () => {
    expect(text('relaxed-simd')).toMatch(/f32x4\.relaxed_madd/);
  });

  it.each(['scalar', 'simd', 'relaxed-simd'] as const)('%s allocates nothing at run time (no mutable global)', (backend) => {
    // AssemblyScript's stub runtime keeps its bump pointer in a mutable global and allocates
    // from heapBase — where src/wasm/kernels.ts keeps the argument block and its heap — so a
    // `new` in a kernel would silently overwrite live data. Kernels take all memory from JS.
    expect(text(backend)).not.toMatch(/\(global \S+ \(mut /);
  });
});
