// The three builds come from one source; this checks that each one holds what its name says,
// so an engine without SIMD really gets a module without SIMD instructions.
import { readFileSync } from 'node:fs';
import binaryen from 'binaryen';
import { describe, expect, it } from 'vitest';
import { createEngineSync } from '../src/engine/engine.js';
import { kernelsOf } from '../src/engine/kernels-of.js';
import { convertFilterLayout, type Conv2dOptions, type FilterLayout } from '../src/index.js';
import { wasmUrl } from '../src/wasm/binary.js';
import type { WasmBackend } from '../src/wasm/features.js';
import { PATH_SHAPES } from './helpers/path-shapes.js';
import { randomTensor, rng } from './helpers/random.js';

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

describe('kernels write no static data', () => {
  // Threads will share one memory: a kernel (or packer) that kept scratch in the module's static
  // data, [0, heapBase), would race with itself. Every path, every packer's filter layout and
  // flip, and pooling run here; the static bytes must not change.
  const layouts: FilterLayout[] = ['oihw', 'hwio', 'ohwi', 'ihwo'];
  it.each(['scalar', 'simd', 'relaxed-simd'] as const)('%s', (backend) => {
    const engine = createEngineSync({ backend });
    const kernels = kernelsOf(engine)!;
    const heapBase = kernels.exports.heapBase();
    const before = new Uint8Array(kernels.buffer, 0, heapBase).slice();
    const rand = rng(99);
    let runs = 0;
    for (const [inputShape, filterShape, options] of PATH_SHAPES) {
      const input = randomTensor(inputShape, rand);
      const oihw = randomTensor(filterShape, rand);
      for (const filterLayout of layouts) {
        for (const flip of [false, true]) {
          const filter = convertFilterLayout(oihw, 'oihw', filterLayout);
          engine.conv2d(input, filter, { ...options, filterLayout, flip } as Conv2dOptions);
          runs++;
        }
      }
    }
    for (const inputLayout of ['nchw', 'nhwc'] as const) {
      const input = randomTensor([2, 9, 13, 11], rand);
      engine.maxPool2d(input, { windowDimensions: 3, strides: 2, padding: 1, inputLayout });
      engine.avgPool2d(input, { windowDimensions: [2, 3], padding: 1, countIncludePad: true, inputLayout });
    }
    expect(runs).toBe(PATH_SHAPES.length * 8);
    expect(new Uint8Array(kernels.buffer, 0, heapBase)).toEqual(before);
  });
});

