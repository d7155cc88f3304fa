// int8 convolution (ONNX QLinearConv and ConvInteger): worked examples with known answers, the
// reference checked against the float reference's arithmetic, and every wasm build (and the dot
// kernel, on every build, forced) equal to the reference bit for bit on random configurations.
// Threads and random tile splits: test/threads.test.ts and test/tiles.test.ts.
// Replay with SIMDCONV_SEED=<seed>.
import { describe, expect, it } from 'vitest';
import {
  convInteger2d,
  createEngineSync,
  dequantizeLinear,
  qlinearConv2d,
  quantizationParams,
  quantizeLinear,
  reference,
  type Engine,
  type Padding,
  type QLinearConv1dOptions,
  type QuantizedTensor,
} from '../src/index.js';
import { kernelsOf } from '../src/engine/kernels-of.js';
import { planeBytes, qWinogradAlways, qWinogradExact, type QWinogradFilter } from '../src/engine/qconv-winograd.js';
import type { QFilterParams } from '../src/quant/qconv-options.js';
import { requantize, roundHalfEven } from '../src/quant/round.js';
import { wasmEngines } from './helpers/engines.js';
import { randomQConvCase } from './helpers/qconv-cases.js';
import { rng } from './helpers/random.js';

const BASE_SEED = Number(process.env.SIMDCONV_SEED ?? Date.now() % 1_000_000);
const CASES = 150;
const engines = wasmEngines();

/** The first index where two integer arrays differ, or −1; with their types. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

function expectSame(got: { data: ArrayLike<number>; shape: readonly number[] }, want: { data: ArrayLike<number>; shape: readonly number[] }, what: string): void {
  expect(got.shape, what).toEqual(want.shape);
  expect(got.data.constructor, what).toBe(want.data.constructor);
  const at = firstDifference(got.data, want.data);
  expect(at, `${what}: first difference at ${at}: got ${got.data[at]}, reference ${want.data[at]}`).toBe(-1);
}

describe('worked examples', () => {
  it('roundHalfEven: halves to even, as f32x4.nearest and onnxruntime', () => {
    expect([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, 2.4999, -2.5001].map(roundHalfEven)).toEqual([-2, -2, -0, 0, 2, 2, 4, 2, -3]);
  });

  it('requantize: f32 product, clamp, halves to even, plus the zero point', () => {
    expect(requantize(10, 0.25, 5, 0, 255)).toBe(7); // 2.5 → 2, + 5
    expect(requantize(30, 0.25, 5, 0, 255)).toBe(13); // 7.5 → 8
    expect(requantize(2 ** 31 - 1, 1000, 128, 0, 255)).toBe(255); // saturates, no overflow
    expect(requantize(-(2 ** 31), 1000, 128, 0, 255)).toBe(0);
    expect(requantize(-40, 0.5, 10, 10, 255)).toBe(10); // a relu's bound: the zero point
  });

  it('qlinearConv2d: a 1×1 filter with per-channel scales, by hand', () => {
    // x − 10 = [0, 10, 20, 30]; channel 0: × 1 · 0.5·1/2 = 0.25 → 0, 2.5, 5, 7.5 → 0, 2, 5, 8 (+ 5);
    // channel 1: × 2 · 0.5·0.5/2 = 0.25 → the same.
    const options = { inputScale: 0.5, inputZeroPoint: 10, filterScale: Float32Array.of(1, 0.5), outputScale: 2, outputZeroPoint: 5, activation: 'relu' as const };
    const x = { data: Uint8Array.of(10, 20, 30, 40), shape: [1, 1, 2, 2] };
    const w = { data: Int8Array.of(1, 2), shape: [2, 1, 1, 1] };
    const want = [5, 7, 10, 13, 5, 7, 10, 13];
    expect(Array.from(reference.qlinearConv2d(x, w, options).data)).toEqual(want);
    expect(Array.from(qlinearConv2d(x, w, options).data)).toEqual(want);
    for (const engine of engines) expect(Array.from(engine.qlinearConv2d(x, w, options).data), engine.backend).toEqual(want);
  });

  it('qlinearConv2d: padding holds the zero point (real 0), and relu6 clamps at the quantized 6', () => {
    // 3×3 ones over a 1×1 image of real 2 (q 12 at zero point 10), padding 1: only the centre
    // tap meets the image, so y = 2 · 1 = 2 → q = 2 / 0.5 + 100 = 104; relu6's bound is
    // 6 / 0.5 + 100 = 112, so a larger input stops there.
    const options = { padding: 1, inputScale: 1, inputZeroPoint: 10, filterScale: 1, outputScale: 0.5, outputZeroPoint: 100, activation: 'relu6' as const };
    const w = { data: new Int8Array(9).fill(1), shape: [1, 1, 3, 3] };
    expect(Array.from(reference.qlinearConv2d({ data: Uint8Array.of(12), shape: [1, 1, 1, 1] }, w, options).data)).toEqual([104]);
    expect(Array.from(reference.qlinearConv2d({ data: Uint8Array.of(30), shape: [1, 1, 1, 1] }, w, options).data)).toEqual([112]);
    for (const engine of engines) {
      expect(Array.from(engine.qlinearConv2d({ data: Uint8Array.of(12), shape: [1, 1, 1, 1] }, w, options).data), engine.backend).toEqual([104]);
      expect(Array.from(engine.qlinearConv2d({ data: Uint8Array.of(30), shape: [1, 1, 1, 1] }, w, options).data), engine.backend).toEqual([112]);
    }
  });

  it('convInteger2d: int32 sums of zero-point-shifted operands', () => {
    const x = { data: Uint8Array.of(1, 2, 3, 4), shape: [1, 1, 2, 2] };
    const w = { data: Int8Array.of(1, -1), shape: [1, 1, 1, 2] };
    expect(Array.from(convInteger2d(x, w, { inputZeroPoint: 1 }).data)).toEqual([-1, -1]);
    expect(convInteger2d(x, w, { inputZeroPoint: 1 }).data).toBeInstanceOf(Int32Array);
  });

  it('convInteger2d wraps as int32: 255·127 · 70000 taps', () => {
    // Σ = 255 · 127 · 70000 = 2 266 950 000 > 2³¹ − 1: the int32 sum is that minus 2³².
    const taps = 70_000;
    const x = { data: new Uint8Array(taps).fill(255), shape: [1, taps, 1, 1] };
    const w = { data: new Int8Array(taps).fill(127), shape: [1, taps, 1, 1] };
    const want = 255 * 127 * taps - 2 ** 32;
    expect(reference.convInteger2d(x, w).data[0]).toBe(want);
    for (const engine of engines) expect(engine.convInteger2d(x, w).data[0], engine.backend).toBe(want);
  });

  it('quantizeLinear, dequantizeLinear and quantizationParams', () => {
    expect(Array.from(quantizeLinear({ data: Float32Array.of(-1, 0, 0.5, 1, 2, -Infinity), shape: [6] }, 1 / 127, 0, 'int8').data)).toEqual([-127, 0, 64, 127, 127, -128]);
    expect(Array.from(quantizeLinear({ data: Float32Array.of(0.25, 0.75, 1.25), shape: [3] }, 0.5, 128).data)).toEqual([128, 130, 130]); // 0.5, 1.5, 2.5 → 0, 2, 2
    expect(Array.from(dequantizeLinear({ data: Uint8Array.of(0, 128, 255), shape: [3] }, 0.5, 128).data)).toEqual([-64, 0, 63.5]);
    expect(quantizationParams(-1, 3)).toEqual({ scale: Math.fround(4 / 255), zeroPoint: 64 });
    expect(quantizationParams(0.5, 2)).toEqual({ scale: Math.fround(2 / 255), zeroPoint: 0 }); // widened to hold 0
    expect(quantizationParams(-0.5, 0.8, { type: 'int8', symmetric: true })).toEqual({ scale: Math.fround(0.8 / 127), zeroPoint: 0 });
    expect(quantizationParams(-2, 1, { symmetric: true })).toEqual({ scale: Math.fround(2 / 127), zeroPoint: 128 });
    expect(quantizationParams(0, 0)).toEqual({ scale: 1, zeroPoint: 0 });
    // A round trip is exact on the grid.
    const { scale, zeroPoint } = quantizationParams(-1, 3);
    const q = quantizeLinear({ data: Float32Array.from([0, 1, 2, 3, 4, 255], (k) => (k - zeroPoint) * scale), shape: [6] }, scale, zeroPoint);
    expect(Array.from(q.data)).toEqual([0, 1, 2, 3, 4, 255]);
  });
});

describe('the reference', () => {
  it("accumulates what the float reference computes on the zero-point-shifted integers", () => {
    const rand = rng(BASE_SEED);
    for (let i = 0; i < 40; i++) {
      const c = randomQConvCase(rand, { maxSide: 8 });
      const o = c.integerOptions as { inputZeroPoint: number; filterZeroPoint: number | number[]; groups: number; filterLayout: string };
      const acc = reference.convInteger2d(c.input, c.filter, c.integerOptions);
      // Sums of products of 9-bit integers stay below 2²⁴ here: exact in the float reference too.
      const outChannels = c.filter.shape[o.filterLayout.indexOf('o')]!;
      const zeroOf = (index: number) => {
        const stride = c.filter.shape.slice(o.filterLayout.indexOf('o') + 1).reduce((a, b) => a * b, 1);
        const oc = Math.floor(index / stride) % outChannels;
        return typeof o.filterZeroPoint === 'number' ? o.filterZeroPoint : o.filterZeroPoint[oc]!;
      };
      const x = { data: Float32Array.from(c.input.data, (v) => v - o.inputZeroPoint), shape: c.input.shape };
      const w = { data: Float32Array.from(c.filter.data, (v, k) => v - zeroOf(k)), shape: c.filter.shape };
      const { inputZeroPoint, filterZeroPoint, ...geometry } = c.integerOptions;
      void inputZeroPoint;
      void filterZeroPoint;
      const float = reference.conv2d(x, w, geometry);
      expect(Array.from(acc.data), c.description).toEqual(Array.from(float.data));
    }
  });
});

/** The engines with the dot kernel forced on: the relaxed build where its instruction is exact here, the others emulating it. */
function dotEngines(): Engine[] {
  return engines.flatMap((e) => {
    const engine = createEngineSync({ backend: e.backend });
    const kernels = kernelsOf(engine)!;
    if (e.backend === 'relaxed-simd' && kernels.exports.qdotKind() === 0) return [];
    kernels.dotOverride = true;
    return [engine];
  });
}

describe('int8 Winograd: where it is exact', () => {
  it('qWinogradExact: 9 · C · max|x − xZero| · max|w − wZero| under 2²⁹', () => {
    const f = (channels: number) => ({ groupChannels: channels }) as QFilterParams;
    const w = (weightMax: number) => ({ weightMax }) as QWinogradFilter;
    expect(qWinogradExact(f(900), w(255), 'uint8', 0)).toBe(true); // 526,702,500
    expect(qWinogradExact(f(1000), w(255), 'uint8', 0)).toBe(false); // 585,225,000
    expect(qWinogradExact(f(1000), w(255), 'uint8', 128)).toBe(true); // |x − 128| ≤ 128
    expect(qWinogradExact(f(917), w(255), 'int8', -128)).toBe(true); // |x + 128| ≤ 255: 536,651,325
    expect(qWinogradExact(f(918), w(255), 'int8', -128)).toBe(false); // 537,236,550
  });

  it('a layer exact for every input packs no direct filter; one past the bound packs both', () => {
    expect(qWinogradAlways(({ groupChannels: 917 }) as QFilterParams, ({ weightMax: 255 }) as QWinogradFilter)).toBe(true);
    expect(qWinogradAlways(({ groupChannels: 918 }) as QFilterParams, ({ weightMax: 255 }) as QWinogradFilter)).toBe(false);
    const engine = engines.find((e) => e.backend === 'simd')!;
    const packed = (channels: number, strides: number) => {
      const filter = { data: new Int8Array(16 * channels * 9).fill(-128), shape: [16, channels, 3, 3] };
      const layer = engine.createConvInteger2d(filter, { strides, filterZeroPoint: 127 }); // |w − wZero| = 255
      try {
        return layer.packedBytes;
      } finally {
        layer.dispose();
      }
    };
    // U' is 16/9 of the direct filter's int16s: alone under twice the direct layer's, with it over.
    expect(packed(64, 1)).toBeLessThan(2 * packed(64, 2));
    expect(packed(1000, 1)).toBeGreaterThan(2.5 * packed(1000, 2));
  });

  it('planeBytes: V and M planes an odd number of cache lines apart, so a tile’s 16 planes fall in 16 L1 sets', () => {
    // Q1n's M: 784 tiles × 64 channels × 4 bytes = 200,704 bytes, exactly 49 pages.
    expect(planeBytes(200_704)).toBe(200_704 + 64);
    for (const bytes of [1, 63, 64, 100, 128, 4096, 100_352, 200_704, 123_457]) {
      const stride = planeBytes(bytes);
      expect(stride).toBeGreaterThanOrEqual(bytes);
      expect(stride - bytes).toBeLessThan(128);
      expect(stride % 64).toBe(0);
      expect((stride / 64) % 2).toBe(1);
      // Plane k starts in L1 set (k · stride / 64) mod 64: 16 different sets.
      expect(new Set(Array.from({ length: 16 }, (_, k) => ((k * stride) / 64) % 64)).size).toBe(16);
    }
  });
});

describe.each(engines.map((e) => [e.backend, e] as const))('%s: bit for bit the reference', (backend, engine) => {
  it(`qlinearConv2d and convInteger2d, ${CASES} random configurations`, () => {
    const seed = BASE_SEED + 7919 * engines.findIndex((e) => e.backend === backend);
    const rand = rng(seed);
    for (let i = 0; i < CASES; i++) {
      const c = randomQConvCase(rand);
      const what = `${c.description} (seed ${seed}, case ${i})`;
      expectSame(engine.qlinearConv2d(c.input, c.filter, c.options), reference.qlinearConv2d(c.input, c.filter, c.options), what);
      if (i % 3 === 0) expectSame(engine.convInteger2d(c.input, c.filter, c.integerOptions), reference.convInteger2d(c.input, c.filter, c.integerOptions), `convInteger2d ${what}`);
    }
  });

  it('qlinearConv1d, 40 random configurations', () => {
    const seed = BASE_SEED + 31 + 7919 * engines.findIndex((e) => e.backend === backend);
    const rand = rng(seed);
    for (let i = 0; i < 40; i++) {
      const c = randomQConvCase(rand, { oneD: true });
      const options = c.options as unknown as QLinearConv1dOptions;
      expectSame(engine.qlinearConv1d(c.input, c.filter, options), reference.qlinearConv1d(c.input, c.filter, options), `${c.description} (seed ${seed})`);
    }
  });

  it('NCHW depthwise (its own kernel, pixels in lanes): 90 random layers up to 40 wide, kernels to 7×7', () => {
    // Rows of 1 to 40 pixels cross the kernel's groups of 16 and 8 and its partial stores; bands
    // of rows, strides (horizontal 1 runs it, 2 and 3 the NHWC-copy kernel: a third of the
    // cases), dilations, batches.
    const seed = BASE_SEED + 401 + 7919 * engines.findIndex((e) => e.backend === backend);
    const rand = rng(seed);
    for (let i = 0; i < 90; i++) {
      const c = randomQConvCase(rand, { depthwise: true, nchw: true, unitStride: i % 3 !== 0, maxSide: 40 });
      const what = `${c.description} (seed ${seed}, case ${i})`;
      expectSame(engine.qlinearConv2d(c.input, c.filter, c.options), reference.qlinearConv2d(c.input, c.filter, c.options), what);
      if (i % 3 === 0) expectSame(engine.convInteger2d(c.input, c.filter, c.integerOptions), reference.convInteger2d(c.input, c.filter, c.integerOptions), `convInteger2d ${what}`);
    }
  });

  it('int8 Winograd F(2×2, 3×3): 60 random 3×3 stride-1 layers up to 30 wide, both layouts', () => {
    // Odd and even output sides (a last half tile), odd channel counts (a zero slot), paddings of
    // every form, per-channel zero points and scales, biases that wrap, fused activations.
    const seed = BASE_SEED + 419 + 7919 * engines.findIndex((e) => e.backend === backend);
    const rand = rng(seed);
    for (let i = 0; i < 60; i++) {
      const c = randomQConvCase(rand, { winograd: true, maxSide: 30 });
      const what = `${c.description} (seed ${seed}, case ${i})`;
      expectSame(engine.qlinearConv2d(c.input, c.filter, c.options), reference.qlinearConv2d(c.input, c.filter, c.options), what);
      if (i % 3 === 0) expectSame(engine.convInteger2d(c.input, c.filter, c.integerOptions), reference.convInteger2d(c.input, c.filter, c.integerOptions), `convInteger2d ${what}`);
    }
  });

  it('int8 Winograd at its bound: sums just under 2²⁹ exact; past it, the direct kernel', () => {
    // 900 channels of |x − xZero| = 255 against |w − wZero| = 255: 9 · 900 · 255² = 526,702,500,
    // under 2²⁹ = 536,870,912, so Winograd runs (qWinogradExact) and its 4·y must not lose a
    // bit; 1000 channels are past the bound and take the direct kernel. convInteger2d shows the
    // int32 sums themselves; random extremes make the intermediate products wrap.
    const rand = rng(BASE_SEED + 421);
    for (const channels of [900, 1000]) {
      const size = channels * 5 * 6;
      const input = { data: Uint8Array.from({ length: size }, (_, k) => (k % 7 === 0 ? Math.floor(rand() * 256) : 255)), shape: [1, channels, 5, 6] };
      const filter = { data: Uint8Array.from({ length: 2 * channels * 9 }, (_, k) => (k % 5 === 0 ? Math.floor(rand() * 256) : 0)), shape: [2, channels, 3, 3] };
      const options = { padding: 1, inputZeroPoint: 0, filterZeroPoint: 255 };
      const want = reference.convInteger2d(input, filter, options);
      expect(Math.max(...Array.from(want.data, Math.abs)), `${channels} channels: sums near the bound`).toBeGreaterThan(channels === 900 ? 4e8 : 4.5e8);
      expectSame(engine.convInteger2d(input, filter, options), want, `convInteger2d, ${channels} channels`);
      const requantized = { ...options, inputScale: 1e-4, filterScale: 1e-3, outputScale: 1, outputZeroPoint: 128 };
      expectSame(engine.qlinearConv2d(input, filter, requantized), reference.qlinearConv2d(input, filter, requantized), `qlinearConv2d, ${channels} channels`);
    }
  });

  it('NCHW 1×1 (the dense kernel, NCHW in and out): 60 random layers up to 40 wide', () => {
    // Rows of 1 to 40 pixels, whose pixel pairs and quads run on into the next row; odd channel
    // counts; vertical strides; paddings (a padded 1×1 reads zero points); up to 40 output
    // channels, two blocks of 8 at a time and then a last, partial or full, alone.
    const seed = BASE_SEED + 409 + 7919 * engines.findIndex((e) => e.backend === backend);
    const rand = rng(seed);
    for (let i = 0; i < 60; i++) {
      const c = randomQConvCase(rand, { pointwise: true, nchw: true, unitStride: true, maxSide: 40 });
      const what = `${c.description} (seed ${seed}, case ${i})`;
      expectSame(engine.qlinearConv2d(c.input, c.filter, c.options), reference.qlinearConv2d(c.input, c.filter, c.options), what);
      if (i % 3 === 0) expectSame(engine.convInteger2d(c.input, c.filter, c.integerOptions), reference.convInteger2d(c.input, c.filter, c.integerOptions), `convInteger2d ${what}`);
    }
  });

  it('layers of real sizes: every kernel path, both layouts, a reused layer and output', () => {
    const rand = rng(BASE_SEED + 101);
    const shapes: [number[], number[], Record<string, unknown>][] = [
      [[1, 64, 20, 21], [32, 64, 3, 3], { padding: 1 }],
      [[2, 24, 17, 16], [40, 24, 1, 1], {}],
      [[1, 48, 19, 18], [48, 1, 3, 3], { padding: 1, groups: 48 }],
      [[1, 32, 23, 23], [32, 1, 5, 5], { padding: 2, strides: 2, groups: 32 }],
      [[1, 3, 45, 46], [16, 3, 7, 7], { padding: 3, strides: 2 }],
      [[1, 36, 12, 13], [36, 9, 3, 3], { padding: 1, groups: 4 }],
    ];
    for (const [xs, ws, geometry] of shapes) {
      for (const [inputType, zero] of [['uint8', 131], ['int8', -3]] as const) {
        for (const nhwc of [false, true]) {
          const size = xs.reduce((a, b) => a * b);
          const data = inputType === 'int8' ? Int8Array.from({ length: size }, () => Math.floor(rand() * 256) - 128) : Uint8Array.from({ length: size }, () => Math.floor(rand() * 256));
          const input: QuantizedTensor = { data, shape: nhwc ? [xs[0]!, xs[2]!, xs[3]!, xs[1]!] : xs };
          const filter = { data: Int8Array.from({ length: ws.reduce((a, b) => a * b) }, () => Math.floor(rand() * 255) - 127), shape: ws };
          const options = {
            ...geometry,
            inputLayout: nhwc ? 'nhwc' : 'nchw',
            inputScale: 0.02,
            inputZeroPoint: zero,
            filterScale: Float32Array.from({ length: ws[0]! }, () => 0.002 + rand() * 0.01),
            outputScale: 0.3,
            outputZeroPoint: inputType === 'int8' ? 0 : 128,
            bias: Int32Array.from({ length: ws[0]! }, () => Math.floor(rand() * 20000) - 10000),
          } as const;
          const want = reference.qlinearConv2d(input, filter, options);
          const layer = engine.createQLinearConv2d(filter, options);
          const what = `${inputType} ${nhwc ? 'nhwc' : 'nchw'} x${JSON.stringify(input.shape)} w${JSON.stringify(ws)} ${JSON.stringify(geometry)}`;
          expectSame(layer.run(input), want, what);
          const out = { data: inputType === 'int8' ? new Int8Array(want.data.length) : new Uint8Array(want.data.length), shape: want.shape };
          expect(layer.run(input, out), what).toBe(out);
          expectSame(out, want, `${what}, into an output`);
          // The saturated tails matter: a good share of outputs at the ends of the range, not all.
          layer.dispose();
        }
      }
    }
  });

  it('extreme shapes: kernel over the input, strides past the kernel, 1×1 images, 1000+ channels, batch 16', () => {
    const rand = rng(BASE_SEED + 211);
    const bytes = (n: number, signed: boolean) =>
      signed ? Int8Array.from({ length: n }, () => Math.floor(rand() * 256) - 128) : Uint8Array.from({ length: n }, () => Math.floor(rand() * 256));
    const cases: [number[], number[], Record<string, unknown>][] = [
      [[1, 3, 4, 5], [8, 3, 7, 7], { padding: 3 }], // the kernel larger than the image
      [[1, 5, 9, 9], [6, 5, 2, 2], { strides: [5, 4] }], // strides past the kernel
      [[2, 7, 1, 1], [9, 7, 1, 1], {}], // 1×1 images
      [[1, 6, 1, 1], [4, 6, 3, 3], { padding: 'same' }], // a 1×1 image, SAME padding
      [[1, 1030, 3, 3], [17, 1030, 3, 3], { padding: 1 }], // 1000+ input channels: pairs past any block
      [[1, 9, 3, 4], [1030, 9, 1, 1], {}], // 1000+ output channels
      [[1, 1030, 4, 4], [1030, 1, 3, 3], { padding: 1, groups: 1030 }], // 1000+ depthwise channels
      [[16, 3, 5, 6], [5, 3, 3, 3], { padding: 1 }], // batch 16
      [[3, 8, 7, 7], [8, 2, 3, 3], { padding: [0, 2, 1, 0], dilations: [2, 3], groups: 4 }],
    ];
    for (const [xs, ws, geometry] of cases) {
      for (const nhwc of [false, true]) {
        const signed = rand() < 0.5;
        const input = { data: bytes(xs.reduce((a, b) => a * b), signed), shape: nhwc ? [xs[0]!, xs[2]!, xs[3]!, xs[1]!] : xs };
        const filter = { data: bytes(ws.reduce((a, b) => a * b), true), shape: ws };
        const options = {
          ...geometry,
          inputLayout: nhwc ? 'nhwc' : 'nchw',
          filterLayout: 'oihw',
          inputScale: 0.01,
          inputZeroPoint: signed ? -7 : 131,
          filterScale: Float32Array.from({ length: ws[0]! }, () => 0.0005 + rand() * 0.002),
          outputScale: 0.5,
          outputZeroPoint: signed ? 3 : 120,
          bias: Int32Array.from({ length: ws[0]! }, () => Math.floor(rand() * 4000) - 2000),
        } as const;
        const what = `x${JSON.stringify(input.shape)} w${JSON.stringify(ws)} ${JSON.stringify(geometry)}`;
        expectSame(engine.qlinearConv2d(input, filter, options), reference.qlinearConv2d(input, filter, options), what);
        const { inputScale, filterScale, outputScale, outputZeroPoint, bias, ...integer } = options;
        void [inputScale, filterScale, outputScale, outputZeroPoint, bias];
        expectSame(engine.convInteger2d(input, filter, integer), reference.convInteger2d(input, filter, integer), `convInteger2d ${what}`);
      }
    }
  });

  it('odd channel counts, a kernel row read as one run: C = 1, 3, 5, 9 × kernel widths 1, 3, 5, 7 × strides 1, 2 × both layouts and input types', () => {
    // The dense kernel pairs a row's kernelWidth · C values in order, an odd count's last pair
    // reading one value past the window (the next pixel, or the padded copy's slack) with a
    // zero weight (src/engine/qconv-pack.ts): paddings that put windows at the copy's last pixel,
    // more than 8 output channels (a partial second block), per-channel zero points; 9 channels
    // take the prologue's 8 × 8 transpose of an NCHW input into 9-channel pixels.
    const rand = rng(BASE_SEED + 307);
    const int = (low: number, high: number) => low + Math.floor(rand() * (high - low + 1));
    const bytes = (n: number, signed: boolean) => (signed ? Int8Array.from({ length: n }, () => int(-128, 127)) : Uint8Array.from({ length: n }, () => int(0, 255)));
    for (const channels of [1, 3, 5, 9]) {
      for (const kw of [1, 3, 5, 7]) {
        for (const stride of [1, 2]) {
          for (const nhwc of [false, true]) {
            for (const signed of [false, true]) {
              const kh = [1, 3, kw][int(0, 2)]!;
              const outChannels = int(2, 12); // 1 → 1 would be the depthwise kernel's
              const [n, h, w] = [int(1, 2), kh + int(0, 5), kw + int(0, 6)];
              const paddings: Padding[] = [0, [kh >> 1, kw >> 1], [int(0, 2), int(0, 2), int(0, 3), int(0, 3)], 'same'];
              const padding = paddings[int(0, 3)]!;
              const filterSigned = rand() < 0.5;
              const xs = nhwc ? [n, h, w, channels] : [n, channels, h, w];
              const input = { data: bytes(n * channels * h * w, signed), shape: xs };
              const filter = { data: bytes(outChannels * channels * kh * kw, filterSigned), shape: [outChannels, channels, kh, kw] };
              const integer = {
                padding,
                strides: [stride, stride],
                inputLayout: nhwc ? 'nhwc' : 'nchw',
                filterLayout: 'oihw',
                inputZeroPoint: signed ? int(-128, 127) : int(0, 255),
                filterZeroPoint: Array.from({ length: outChannels }, () => (filterSigned ? int(-128, 127) : int(0, 255))),
              } as const;
              const options = {
                ...integer,
                inputScale: 0.02,
                filterScale: Float32Array.from({ length: outChannels }, () => 0.0005 + rand() * 0.002),
                outputScale: 0.4,
                outputZeroPoint: signed ? 0 : 128,
                bias: Int32Array.from({ length: outChannels }, () => int(-5000, 5000)),
              } as const;
              const what = `C ${channels} x${JSON.stringify(xs)} w${JSON.stringify(filter.shape)} ${JSON.stringify(integer)}`;
              expectSame(engine.qlinearConv2d(input, filter, options), reference.qlinearConv2d(input, filter, options), what);
              expectSame(engine.convInteger2d(input, filter, integer), reference.convInteger2d(input, filter, integer), `convInteger2d ${what}`);
            }
          }
        }
      }
    }
  });

  it('worked: a grayscale 1×3 and an RGB 1×2 filter, by hand and as the reference', () => {
    // One channel: the row's 3 values are 2 pairs, the last with a zero weight.
    const gray = { data: Uint8Array.of(11, 12, 13, 14), shape: [1, 1, 1, 4] };
    const grayFilter = { data: Int8Array.of(1, 2, 3, -1, 0, 1), shape: [2, 1, 1, 3] };
    const grayOptions = { padding: [0, 1], inputZeroPoint: 10 } as const; // x − 10 = 1, 2, 3, 4
    const grayOut = engine.convInteger2d(gray, grayFilter, grayOptions);
    expect(Array.from(grayOut.data)).toEqual([8, 14, 20, 11, 2, 2, 2, -3]);
    expectSame(grayOut, reference.convInteger2d(gray, grayFilter, grayOptions), 'grayscale 1×3');
    // Three channels: the row's 2 pixels × 3 channels are 3 pairs, no zero channel in between.
    const rgb = { data: Int8Array.of(1, 2, 3, 4, 5, 6), shape: [1, 1, 2, 3] };
    const rgbFilter = { data: Int8Array.of(1, 0, -1, 2, 1, 0), shape: [1, 1, 2, 3] };
    const rgbOptions = { padding: [0, 0, 0, 1], inputLayout: 'nhwc', filterLayout: 'ohwi' } as const;
    const rgbOut = engine.convInteger2d(rgb, rgbFilter, rgbOptions);
    expect(Array.from(rgbOut.data)).toEqual([1 - 3 + 8 + 5, 4 - 6]);
    expectSame(rgbOut, reference.convInteger2d(rgb, rgbFilter, rgbOptions), 'RGB 1×2');
  });

  it('runAsync gives run()’s result', async () => {
    const c = randomQConvCase(rng(BASE_SEED + 5));
    const layer = engine.createQLinearConv2d(c.filter, c.options);
    expectSame(await layer.runAsync(c.input), reference.qlinearConv2d(c.input, c.filter, c.options), c.description);
    layer.dispose();
    expect(layer.packedBytes).toBe(0);
  });
});

describe('the relaxed dot kernel', () => {
  it('the probe: the relaxed build uses it only where it is exact and one instruction', () => {
    for (const engine of engines) {
      const kernels = kernelsOf(engine)!;
      const kind = kernels.exports.qdotKind();
      if (engine.backend === 'relaxed-simd') expect([0, 1, 2]).toContain(kind);
      else expect(kind, engine.backend).toBe(0);
      expect(kernels.exactDot, engine.backend).toBe(kind === 2);
    }
  });

  it('forced on, bit for bit the reference (the scalar and simd builds run its plain form)', () => {
    const forced = dotEngines();
    expect(forced.length).toBeGreaterThanOrEqual(2);
    const rand = rng(BASE_SEED + 977);
    for (const engine of forced) {
      for (let i = 0; i < 60; i++) {
        const c = randomQConvCase(rand, { dotWeights: true, maxSide: i % 10 === 0 ? 30 : 12 });
        expectSame(engine.qlinearConv2d(c.input, c.filter, c.options), reference.qlinearConv2d(c.input, c.filter, c.options), `${engine.backend} dot ${c.description}`);
        if (i % 4 === 0) expectSame(engine.convInteger2d(c.input, c.filter, c.integerOptions), reference.convInteger2d(c.input, c.filter, c.integerOptions), `${engine.backend} dot convInteger2d ${c.description}`);
      }
    }
  });
});

describe('operands', () => {
  it('a Uint8ClampedArray (canvas pixels) is a uint8 input and output, written in place', () => {
    const c = randomQConvCase(rng(BASE_SEED + 11));
    const options = { ...c.options, outputType: 'uint8' as const, outputZeroPoint: 128 };
    const want = reference.qlinearConv2d(c.input, c.filter, options);
    for (const engine of [...engines, createEngineSync({ backend: 'js' })]) {
      const out = { data: new Uint8ClampedArray(want.data.length), shape: want.shape };
      engine.qlinearConv2d(c.input, c.filter, options, out as unknown as QuantizedTensor);
      expect(Array.from(out.data), engine.backend).toEqual(Array.from(want.data));
    }
  });

  it('a layer keeps the filter it was made with, on every backend', () => {
    const c = randomQConvCase(rng(BASE_SEED + 13));
    const want = reference.qlinearConv2d(c.input, c.filter, c.options);
    const filter = { data: c.filter.data.slice(), shape: c.filter.shape };
    for (const engine of [...engines, createEngineSync({ backend: 'js' })]) {
      const layer = engine.createQLinearConv2d(filter, c.options);
      filter.data.fill(3); // after creation: no effect
      expectSame(layer.run(c.input), want, engine.backend);
      filter.data.set(c.filter.data);
    }
  });
});

describe('the js engine', () => {
  it('runs the reference’s arithmetic through the same API', () => {
    const js = createEngineSync({ backend: 'js' });
    const rand = rng(BASE_SEED + 3);
    for (let i = 0; i < 20; i++) {
      const c = randomQConvCase(rand);
      expectSame(js.qlinearConv2d(c.input, c.filter, c.options), reference.qlinearConv2d(c.input, c.filter, c.options), c.description);
      const layer = js.createConvInteger2d(c.filter, c.integerOptions);
      expectSame(layer.run(c.input), reference.convInteger2d(c.input, c.filter, c.integerOptions), c.description);
    }
  });
});
