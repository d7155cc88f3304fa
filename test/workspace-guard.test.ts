// The plan sizes every buffer a kernel writes (src/engine/conv-plan.ts, winograd-plan.ts, and
// pool-layer.ts for pooling); the kernels compute their own extent from the argument block. If
// the two formulas drift apart, a kernel writes past its buffer into the next heap block —
// another layer's weights, a resident tensor — silently. This puts a guard region after every
// block and every buffer the engine hands out, filled with a NaN canary, runs random shapes on
// every path and every build, and checks at each release that no guard was written. A kernel
// that *reads* past a buffer and uses what it read turns its outputs into NaN: the outputs are
// required to be finite (the inputs are). Replay with SIMDCONV_SEED=<seed> (printed).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { choosePath } from '../src/engine/conv-plan.js';
import { WasmConvLayer } from '../src/engine/conv-layer.js';
import type { ConvPath } from '../src/engine/plan.js';
import { WasmPoolLayer } from '../src/engine/pool-layer.js';
import type { Conv2dOptions, Tensor } from '../src/index.js';
import { CONV2D, resolveConv, winogradApplies } from '../src/options/conv.js';
import { wasmUrl } from '../src/wasm/binary.js';
import { supports, WASM_BACKENDS, type WasmBackend } from '../src/wasm/features.js';
import { WasmKernels } from '../src/wasm/kernels.js';
import { randomConvCase } from './helpers/conv-cases.js';
import { randomPoolCase } from './helpers/pool-cases.js';
import { convPathOf } from './helpers/conv-path.js';
import { rankOneTensor, randomTensor, rng } from './helpers/random.js';

const CASES = Number(process.env.SIMDCONV_CASES ?? 300);
const BASE_SEED = Number(process.env.SIMDCONV_SEED ?? Date.now() % 1_000_000);
/** A NaN with a payload no arithmetic produces: what the guard holds until something writes it. */
const CANARY = 0x7fc0_dead;
const backends = WASM_BACKENDS.filter((b) => b !== 'relaxed-simd' || supports(b) || process.env.SIMDCONV_EXPECT_RELAXED === '1');

interface Guard {
  readonly start: number;
  readonly bytes: number;
  readonly what: string;
}

/**
 * An engine's kernels whose every allocation (`alloc`, and each buffer of `reserve`) is
 * followed by a canary-filled guard as long as the buffer itself (at least 1 KiB), checked when
 * the block is released. `shrink` lets a test hand out less than was asked for.
 */
function guardedKernels(backend: WasmBackend, shrink: (sizes: readonly number[]) => number[] = (s) => [...s]) {
  const kernels = new WasmKernels(new WebAssembly.Module(readFileSync(wasmUrl(backend))), backend, 'test');
  const guards = new Map<number, Guard[]>(); // by the block they belong to
  const violations: string[] = [];
  const guardBytes = (bytes: number) => Math.max(1024, Math.ceil(bytes / 4) * 4);
  const arm = (block: number, start: number, bytes: number, what: string) => {
    new Uint32Array(kernels.buffer, start, bytes / 4).fill(CANARY);
    guards.set(block, [...(guards.get(block) ?? []), { start, bytes, what }]);
  };
  const alloc = kernels.alloc.bind(kernels);
  const reserve = kernels.reserve.bind(kernels);
  const release = kernels.release.bind(kernels);
  kernels.alloc = (fn, bytes) => {
    const padded = Math.ceil(bytes / 4) * 4;
    const ptr = alloc(fn, padded + guardBytes(padded));
    arm(ptr, ptr + padded, guardBytes(padded), `after a ${bytes}-byte block`);
    return ptr;
  };
  kernels.reserve = (fn, asked) => {
    const sizes = shrink(asked).map((s) => Math.ceil(s / 4) * 4);
    const pointers = reserve(fn, sizes.map((s) => s + guardBytes(s)));
    sizes.forEach((s, i) => arm(pointers[0]!, pointers[i]! + s, guardBytes(s), `after buffer ${i} (${s} of ${asked[i]} bytes asked) of a workspace`));
    return pointers;
  };
  kernels.release = (ptr) => {
    for (const guard of guards.get(ptr) ?? []) {
      const words = new Uint32Array(kernels.buffer, guard.start, guard.bytes / 4);
      const hit = words.findIndex((w) => w !== CANARY);
      if (hit >= 0) violations.push(`written ${4 * hit} bytes ${guard.what}`);
    }
    guards.delete(ptr);
    release(ptr);
  };
  return { kernels, violations };
}

/** Runs one conv2d through a one-shot layer (packing and workspace both guarded). */
function conv(kernels: WasmKernels, input: Tensor, filter: Tensor, options: Conv2dOptions): Tensor {
  const layer = new WasmConvLayer(kernels, CONV2D, filter, options, { inputShape: input.shape });
  try {
    return layer.run(input);
  } finally {
    layer.dispose();
  }
}

/** The random cases, plus Winograd F(2×2) and F(4×4) wherever Winograd applies. */
function convCases(): { input: Tensor; filter: Tensor; options: Conv2dOptions; description: string; path: ConvPath }[] {
  const cases = [];
  for (let i = 0; i < CASES; i++) {
    const c = randomConvCase(BASE_SEED + i);
    const variants: Conv2dOptions[] = [c.options];
    const params = resolveConv(CONV2D, c.input.shape, c.filter.shape, c.options);
    if (winogradApplies(params)) variants.push({ ...c.options, algorithm: 'winograd' }, { ...c.options, algorithm: 'winograd-4x4' });
    // A paddingMode: nchw-direct and winograd read its tables in their prologue (the rows and
    // columns their padded buffers add past the tables stay zero); the others pad first.
    const paddingMode = (['reflect', 'replicate', 'circular'] as const)[i % 3]!;
    for (const options of [...variants]) {
      try {
        resolveConv(CONV2D, c.input.shape, c.filter.shape, { ...options, paddingMode });
        variants.push({ ...options, paddingMode });
      } catch {
        // reflect's or circular's padding limit: left out
      }
    }
    for (const options of variants) {
      const path = convPathOf(c.input, c.filter, options);
      cases.push({ input: c.input, filter: c.filter, options, description: `${c.description} ${options.algorithm ?? ''}`, path });
    }
  }
  // 1×1 stride-1 unpadded convolutions are rare among the random cases: add some in each layout
  // (nchw-pointwise, and nhwc's A_POINTWISE branch).
  const rand = rng(BASE_SEED);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  for (let i = 0; i < CASES / 10; i++) {
    const [n, c, o, h, w] = [int(1, 3), int(1, 300), int(1, 40), int(1, 24), int(1, 24)];
    const inputLayout = i % 2 === 0 ? ('nchw' as const) : ('nhwc' as const);
    const input = randomTensor(inputLayout === 'nchw' ? [n, c, h, w] : [n, h, w, c], rand);
    const filter = randomTensor([o, c, 1, 1], rand);
    const options: Conv2dOptions = { inputLayout, filterLayout: 'oihw' };
    const path = choosePath(resolveConv(CONV2D, input.shape, filter.shape, options));
    cases.push({ input, filter, options, description: `1×1 ${inputLayout} x${JSON.stringify(input.shape)} w${JSON.stringify(filter.shape)}`, path });
  }
  // Rank-1 filters (the separable path) are rarer still: single-channel and depthwise ones.
  for (let i = 0; i < CASES / 10; i++) {
    const [n, c, m, h, w, kH, kW] = [int(1, 2), int(1, 12), int(1, 2), int(1, 30), int(1, 30), int(1, 7), int(1, 7)];
    const channels = i % 3 === 0 ? 1 : c;
    const input = randomTensor([n, channels, h, w], rand);
    const filter = rankOneTensor(channels === 1 ? 1 : channels * m, kH, kW, rand);
    const [sH, sW, dH, dW] = [int(1, 3), int(1, 3), int(1, 2), int(1, 2)];
    const pads = [int(0, kH), int(0, kW), int(0, kH), int(0, kW)];
    const options: Conv2dOptions = { groups: channels, strides: [sH, sW], dilations: [dH, dW], padding: [pads[0]!, pads[2]!, pads[1]!, pads[3]!] };
    try {
      resolveConv(CONV2D, input.shape, filter.shape, options);
    } catch {
      continue; // the kernel does not fit this input
    }
    const path = convPathOf(input, filter, options);
    cases.push({ input, filter, options, description: `rank 1 x${JSON.stringify(input.shape)} w${JSON.stringify(filter.shape)} ${JSON.stringify(options)}`, path });
  }
  return cases;
}

describe('no kernel writes past the buffers the plan sized', () => {
  it.each(backends)('conv2d on %s: every path, random shapes', (backend) => {
    const { kernels, violations } = guardedKernels(backend);
    const perPath = new Map<ConvPath, number>();
    const cases = convCases();
    for (const c of cases) {
      const output = conv(kernels, c.input, c.filter, c.options);
      expect(violations, c.description).toEqual([]);
      expect(output.data.every(Number.isFinite), `non-finite output (read past a buffer?) on ${c.description}`).toBe(true);
      perPath.set(c.path, (perPath.get(c.path) ?? 0) + 1);
    }
    console.log(`workspace guard, seed ${BASE_SEED}, ${backend}, cases per path: ${JSON.stringify(Object.fromEntries(perPath))}`);
    // Every path was exercised, several times.
    for (const path of ['planes', 'separable', 'depthwise-nhwc', 'nchw-direct', 'nchw-pointwise', 'nhwc', 'winograd'] as const) {
      expect(perPath.get(path) ?? 0, path).toBeGreaterThanOrEqual(CASES >= 300 ? 5 : 0);
    }
  });

  it.each(backends)('maxPool2d and avgPool2d on %s', (backend) => {
    const { kernels, violations } = guardedKernels(backend);
    const rand = rng(BASE_SEED);
    let ran = 0;
    while (ran < CASES) {
      const c = randomPoolCase(rand);
      if (c === undefined) continue;
      for (const [fn, options] of [['maxPool2d', c.maxOptions], ['avgPool2d', c.avgOptions]] as const) {
        const output = new WasmPoolLayer(kernels, fn, options).run(c.input);
        expect(violations, `${fn} ${c.description}`).toEqual([]);
        expect(output.data.every(Number.isFinite), `${fn} ${c.description}`).toBe(true);
      }
      ran++;
    }
  });
});

describe('the guard catches an undersized workspace', () => {
  // The same shapes with the workspace (the last buffer a conv reserves) cut by a quarter: each
  // path that uses one must trip the guard, or the test above could not catch a drift.
  const cases: [ConvPath, number[], number[], Conv2dOptions][] = [
    ['planes', [1, 8, 20, 20], [8, 1, 3, 3], { groups: 8, padding: 1 }],
    ['separable', [1, 8, 20, 200], [8, 1, 3, 3], { groups: 8, padding: 1 }], // wide: its one row is most of its scratch
    ['nchw-direct', [1, 8, 12, 20], [16, 8, 3, 3], { padding: 1 }],
    ['nchw-pointwise', [1, 300, 4, 4], [16, 300, 1, 1], {}],
    ['nhwc', [1, 20, 20, 8], [16, 8, 3, 3], { padding: 1, inputLayout: 'nhwc', algorithm: 'direct' }],
    ['winograd', [1, 16, 14, 14], [16, 16, 3, 3], { padding: 1, algorithm: 'winograd' }],
    ['winograd', [1, 16, 14, 14], [16, 16, 3, 3], { padding: 1, algorithm: 'winograd-4x4', inputLayout: 'nchw' }],
  ];
  it.each(cases)('%s %j ← %j %j', (path, inputShape, filterShape, options) => {
    const input = { data: new Float32Array(inputShape.reduce((a, b) => a * b)).fill(1), shape: inputShape };
    // All ones (rank 1) for the separable path; else 1s and 2s in no rank-1 pattern.
    const filter = { data: Float32Array.from({ length: filterShape.reduce((a, b) => a * b) }, (_, k) => (path === 'separable' || k % 4 !== 0 ? 1 : 2)), shape: filterShape };
    expect(convPathOf(input, filter, options)).toBe(path);
    const cut = (sizes: readonly number[]) => sizes.map((s, i) => (i === sizes.length - 1 ? Math.floor((s * 3) / 4) : s));
    const { kernels, violations } = guardedKernels('simd', cut);
    conv(kernels, input, filter, options);
    expect(violations.length).toBeGreaterThan(0);
  });
});
