// The Winograd paths (algorithm: 'winograd', F(2×2, 3×3), and 'winograd-4x4', F(4×4, 3×3))
// against the reference on every wasm build, the choice 'auto' makes, and the errors. F(2×2) is
// held to the tolerance (docs/architecture.md#tolerance), F(4×4) to its own bound (test/helpers/winograd-bound.ts).
// Replay a failure with SIMDCONV_SEED=<seed> SIMDCONV_CASES=1 npx vitest run test/winograd.test.ts.
import { describe, expect, it } from 'vitest';
import { conv1d, conv2d, reference, type Conv2dOptions, type Tensor } from '../src/index.js';
import { choosePath, planConv } from '../src/engine/conv-plan.js';
import { CONV2D, resolveConv } from '../src/options/conv.js';
import { A_WINOGRAD_TILE } from '../src/wasm/args.js';
import { wasmEngines } from './helpers/engines.js';
import { expectedConv2d } from './helpers/expected.js';
import { randomTensor, rng } from './helpers/random.js';
import { expectWithinTolerance, worstRatio } from './helpers/tolerance.js';
import { caseFromNchw, randomWinogradCase, type Case } from './helpers/winograd-cases.js';
import { amplification, EPSILON_4X4, expectedWinograd4x4, F4X4, KAPPA_4X4 } from './helpers/winograd-bound.js';

const BASE_SEED = Number(process.env.SIMDCONV_SEED ?? Date.now() % 1_000_000);
const CASES = Number(process.env.SIMDCONV_CASES ?? 200);
const engines = wasmEngines();
const each = engines.map((e) => [e.backend, e] as const);

/**
 * The engine's result against the reference: within the ordinary tolerance, or F(4×4)'s bound for
 * algorithm 'winograd-4x4'. Returns how close it came (the largest |y − ref| / bound).
 */
function check(engine: (typeof engines)[number], c: Case, run = () => engine.conv2d(c.input, c.filter, c.options)): number {
  const wide = c.options.algorithm === 'winograd-4x4';
  const expected = wide ? expectedWinograd4x4(c.input, c.filter, c.options) : expectedConv2d(c.input, c.filter, c.options);
  const scale = wide ? EPSILON_4X4 : 1e-5;
  const actual = run();
  try {
    expectWithinTolerance(actual, expected.output, expected.bound, scale);
  } catch (error) {
    throw new Error(`${engine.backend} differs on ${c.description}: ${(error as Error).message}`);
  }
  return worstRatio(actual, expected.output, expected.bound, scale);
}

const WINOGRAD = [['winograd', 2], ['winograd-4x4', 4]] as const;

describe.each(WINOGRAD)('algorithm %s (F(m×m, 3×3), m = %i) against the reference', (algorithm, m) => {
  it.each(each)('%s: random convolutions', (_, engine) => {
    let worst = 0;
    for (let i = 0; i < CASES; i++) worst = Math.max(worst, check(engine, randomWinogradCase(BASE_SEED + i, algorithm)));
    console.log(`${algorithm}: ${CASES} random cases from seed ${BASE_SEED} on ${engine.backend}: worst |y − ref| / bound ${worst.toPrecision(2)}`);
  });

  it.each(each)('%s: shapes at the kernel’s boundaries', (_, engine) => {
    const rand = rng(2024);
    const shapes: [string, number[], number[], Conv2dOptions][] = [
      ['1×1 image, smaller than a tile', [1, 3, 1, 1], [5, 3, 3, 3], { padding: 1 }],
      ['1×2 and 2×1 outputs', [2, 2, 3, 4], [3, 2, 3, 3], { padding: [0, 0, 0, 0] }],
      ['odd output, partial tiles both edges', [1, 5, 7, 9], [6, 5, 3, 3], { padding: [1, 1, 1, 1] }],
      ['outputs of 4 and 5: one whole 4×4 tile, then a sliver', [1, 6, 6, 7], [5, 6, 3, 3], { padding: 0 }],
      ['only padding reaches the last outputs', [1, 4, 2, 3], [4, 4, 3, 3], { padding: 'full' }],
      ['windows mostly padding, patches not', [2, 9, 6, 6], [4, 9, 3, 3], { padding: 3 }],
      ['asymmetric padding', [1, 6, 11, 10], [7, 6, 3, 3], { padding: [0, 3, 2, 1] }],
      ['channels a multiple of 8', [1, 16, 9, 9], [16, 16, 3, 3], { padding: 1 }],
      ['one input channel, many outputs', [1, 1, 12, 12], [33, 1, 3, 3], { padding: 1 }],
      ['several tile blocks, batch 3', [3, 64, 30, 34], [20, 64, 3, 3], { padding: 1, bias: randomTensor([20], rand).data, activation: 'relu' }],
      ['several tile blocks, NHWC, HWIO, flip', [2, 40, 33, 31], [13, 40, 3, 3], { padding: 1, inputLayout: 'nhwc', filterLayout: 'hwio', flip: true }],
      ['NCHW, OHWI, odd channels', [1, 7, 17, 6], [9, 7, 3, 3], { padding: 'same', filterLayout: 'ohwi' }],
      ['NHWC, IHWO, 70 channels', [1, 70, 8, 7], [70, 70, 3, 3], { padding: 'same-lower', inputLayout: 'nhwc', filterLayout: 'ihwo' }],
    ];
    for (const [label, xShape, wShape, options] of shapes) {
      const c = caseFromNchw(randomTensor(xShape, rand), randomTensor(wShape, rand), { ...options, algorithm }, label);
      check(engine, c);
    }
  });

  it.each(each)('%s: a prepacked layer on several input sizes', (_, engine) => {
    const rand = rng(99);
    const w = randomTensor([12, 10, 3, 3], rand);
    const bias = randomTensor([12], rand).data;
    const options: Conv2dOptions = { padding: 1, bias, activation: 'relu6', algorithm };
    const layer = engine.createConv2d(w, options);
    try {
      for (const [h, wd] of [[1, 1], [8, 8], [13, 5], [24, 31]] as const) {
        const c = caseFromNchw(randomTensor([2, 10, h, wd], rand), w, options, `${h}×${wd}`);
        check(engine, c, () => layer.run(c.input));
      }
    } finally {
      layer.dispose();
    }
  });

  it.each(each)('%s: a NaN reaches every output whose window holds it, and the rest of its tiles only', (_, engine) => {
    const size = 4 * m;
    const x = randomTensor([1, 4, size, size], rng(5));
    x.data[3 * size + 3] = NaN; // channel 0, row 3, column 3 (padded: 4, 4)
    const w = randomTensor([2, 4, 3, 3], rng(6));
    const y = engine.conv2d(x, w, { padding: 1, algorithm });
    // Direct: outputs 2–4 see it (each axis). Winograd: the (m + 2)² patches of the tiles t with
    // m·t ≤ 4 ≤ m·t + m + 1 hold padded (4, 4): outputs 2–5 for m = 2, 0–7 for m = 4.
    const [first, last] = m === 2 ? [2, 5] : [0, 7];
    for (let k = 0; k < y.data.length; k++) {
      const [row, col] = [Math.floor(k / size) % size, k % size];
      const inWindow = row >= 2 && row <= 4 && col >= 2 && col <= 4;
      const inTiles = row >= first && row <= last && col >= first && col <= last;
      if (inWindow) expect(y.data[k]).toBeNaN();
      if (!inTiles) expect(Number.isFinite(y.data[k])).toBe(true);
    }
  });
});

describe('F(4×4, 3×3): its bound and its accuracy on real layers', () => {
  it('the matrices compute the convolution exactly, and κ = max(|Aᵀ| diag(|G|·1) |Bᵀ|)² = (127/15)²', () => {
    // Y = Aᵀ[(G g) ⊙ (Bᵀ d)] on one axis, in f64 with small integers: exact.
    const rand = rng(11);
    for (let trial = 0; trial < 20; trial++) {
      const d = Array.from({ length: 6 }, () => Math.floor(rand() * 21) - 10);
      const g = Array.from({ length: 3 }, () => Math.floor(rand() * 21) - 10);
      const u = F4X4.G.map((row) => row.reduce((s, v, j) => s + v * g[j]!, 0));
      const v = F4X4.BT.map((row) => row.reduce((s, b, i) => s + b * d[i]!, 0));
      const y = F4X4.AT.map((row) => row.reduce((s, a, k) => s + a * u[k]! * v[k]!, 0));
      y.forEach((value, r) => expect(value).toBeCloseTo(g[0]! * d[r]! + g[1]! * d[r + 1]! + g[2]! * d[r + 2]!, 9));
    }
    expect(Math.max(...amplification(F4X4).flat())).toBeCloseTo(127 / 15, 12);
    expect(KAPPA_4X4).toBeCloseTo(71.684, 3);
    expect(EPSILON_4X4).toBeCloseTo(7.17e-4, 6);
  });

  it.each(each)('%s: inputs with outliers 10⁴ times larger, the bound’s hard case', (_, engine) => {
    let worst = 0;
    for (let i = 0; i < 40; i++) {
      const c = randomWinogradCase(BASE_SEED + 7919 * i, 'winograd-4x4');
      const rand = rng(BASE_SEED + i);
      for (let k = 0; k < c.input.data.length; k++) if (rand() < 0.02) c.input.data[k]! *= 1e4;
      worst = Math.max(worst, check(engine, c));
    }
    console.log(`winograd-4x4 with outliers on ${engine.backend}: worst |y − ref| / bound ${worst.toPrecision(2)}`);
  });

  // What 'auto' hands F(4×4): ≥ 16 input channels NCHW (8 NHWC), ≥ 49 outputs, padding ≤ dilation
  // on every side (src/engine/winograd-plan.ts). There it keeps the ordinary tolerance, also on
  // non-negative, half-zero (ReLU'd) and wide-ranged (e^8) inputs; 1 200 such layers measured
  // 0.29× the tolerance at worst on each build when 'auto' was changed.
  it.each(each)("%s: random layers where 'auto' takes F(4×4), within the ordinary tolerance", (_, engine) => {
    let worst = 0;
    for (let i = 0; i < 40; i++) {
      const rand = rng(BASE_SEED + 104_729 * i);
      const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
      const inputLayout = rand() < 0.5 ? 'nchw' : 'nhwc';
      const [inC, outC] = [int(inputLayout === 'nchw' ? 16 : 8, 48), int(8, 24)];
      const dilations: [number, number] = rand() < 0.7 ? [1, 1] : [int(1, 3), int(1, 3)];
      const padding: [number, number, number, number] = [int(0, dilations[0]), int(0, dilations[0]), int(0, dilations[1]), int(0, dilations[1])];
      const [h, w] = [int(7 + 2 * dilations[0], 20), int(7 + 2 * dilations[1], 20)];
      const kind = (['uniform', 'non-negative', 'relu', 'wide'] as const)[i % 4];
      const x = randomTensor([1, inC, h, w], rand);
      if (kind === 'non-negative') x.data.forEach((v, k) => (x.data[k] = Math.abs(v)));
      if (kind === 'relu') x.data.forEach((v, k) => (x.data[k] = Math.max(0, v)));
      if (kind === 'wide') x.data.forEach((v, k) => (x.data[k] = v * Math.exp(8 * rand())));
      const c = caseFromNchw(x, randomTensor([outC, inC, 3, 3], rand), { padding, dilations, inputLayout, algorithm: 'auto' }, `${kind} ${i}`);
      const plan = planConv(resolveConv(CONV2D, c.input.shape, c.filter.shape, c.options), 4, 8);
      expect([plan.path, plan.args[A_WINOGRAD_TILE]]).toEqual(['winograd', 4]);
      const expected = expectedConv2d(c.input, c.filter, c.options);
      const y = engine.conv2d(c.input, c.filter, c.options);
      try {
        expectWithinTolerance(y, expected.output, expected.bound);
      } catch (error) {
        throw new Error(`${engine.backend} differs on ${c.description}: ${(error as Error).message}`);
      }
      worst = Math.max(worst, worstRatio(y, expected.output, expected.bound));
    }
    console.log(`'auto' F(4×4) from seed ${BASE_SEED} on ${engine.backend}: worst |y − ref| / the ordinary tolerance ${worst.toPrecision(2)}`);
  });

  // The benchmark's B and C (ResNet's 3×3 layers), as in bench/suite.ts, with a bias: here F(4×4)
  // keeps the ordinary tolerance. The reference runs once for all builds.
  const layers = [
    ['B', [1, 64, 56, 56], [64, 64, 3, 3]],
    ['C', [1, 256, 14, 14], [256, 256, 3, 3]],
  ] as const;
  const cases = layers.map(([name, xShape, wShape], i) => {
    const rand = rng(31 + i);
    const [x, w] = [randomTensor(xShape, rand), randomTensor(wShape, rand)];
    const options: Conv2dOptions = { padding: 1, bias: randomTensor([wShape[0]], rand).data, algorithm: 'winograd-4x4' };
    return { name, c: caseFromNchw(x, w, options, name), expected: undefined as ReturnType<typeof expectedConv2d> | undefined };
  });

  it.each(each)('%s: B and C within the ordinary tolerance', (_, engine) => {
    for (const entry of cases) {
      const { c } = entry;
      entry.expected ??= expectedConv2d(c.input, c.filter, c.options);
      const y = engine.conv2d(c.input, c.filter, c.options);
      expectWithinTolerance(y, entry.expected.output, entry.expected.bound);
      console.log(`winograd-4x4, ${entry.name} on ${engine.backend}: worst |y − ref| / the ordinary tolerance ${worstRatio(y, entry.expected.output, entry.expected.bound).toPrecision(2)}`);
    }
  });
});

describe("algorithm: 'auto' | 'direct' | 'winograd' | 'winograd-4x4'", () => {
  const path = (inputShape: number[], filterShape: number[], options: Conv2dOptions) => choosePath(resolveConv(CONV2D, inputShape, filterShape, options));

  it("'auto' takes Winograd for ResNet's 3×3 layers (B, C) in both layouts, and for dilated ones (H)", () => {
    expect(path([1, 64, 56, 56], [64, 64, 3, 3], { padding: 2, dilations: 2 })).toBe('winograd');
    expect(path([1, 64, 56, 56], [64, 64, 3, 3], { padding: 1 })).toBe('winograd');
    expect(path([1, 256, 14, 14], [256, 256, 3, 3], { padding: 1 })).toBe('winograd');
    expect(path([1, 56, 56, 64], [3, 3, 64, 64], { padding: 1, inputLayout: 'nhwc', filterLayout: 'hwio' })).toBe('winograd');
    expect(path([8, 128, 28, 28], [128, 128, 3, 3], { padding: 'same', algorithm: 'auto' })).toBe('winograd');
  });

  it("'auto' keeps the direct path where Winograd does not apply or does not win", () => {
    expect(path([1, 64, 56, 56], [64, 64, 3, 3], { padding: 1, strides: 2 })).not.toBe('winograd');
    expect(path([1, 64, 56, 56], [64, 16, 3, 3], { padding: 1, groups: 4 })).not.toBe('winograd');
    expect(path([1, 64, 56, 56], [64, 64, 5, 5], { padding: 2 })).not.toBe('winograd');
    expect(path([8, 3, 32, 32], [16, 3, 3, 3], { padding: 1 })).not.toBe('winograd'); // 3 input channels
  });

  it("'auto' follows the measured thresholds: input channels (16 NCHW, 8 NHWC), NCHW output channels (8), 7×7 outputs", () => {
    expect(path([1, 16, 28, 28], [16, 16, 3, 3], { padding: 1 })).toBe('winograd');
    expect(path([1, 8, 28, 28], [16, 8, 3, 3], { padding: 1 })).not.toBe('winograd');
    expect(path([1, 28, 28, 8], [16, 8, 3, 3], { padding: 1, inputLayout: 'nhwc' })).toBe('winograd');
    expect(path([1, 28, 28, 4], [16, 4, 3, 3], { padding: 1, inputLayout: 'nhwc' })).not.toBe('winograd');
    expect(path([1, 64, 28, 28], [4, 64, 3, 3], { padding: 1 })).not.toBe('winograd');
    expect(path([1, 28, 28, 64], [4, 64, 3, 3], { padding: 1, inputLayout: 'nhwc' })).toBe('winograd');
    expect(path([1, 256, 7, 7], [256, 256, 3, 3], { padding: 1 })).toBe('winograd');
    expect(path([1, 256, 5, 5], [256, 256, 3, 3], { padding: 1 })).not.toBe('winograd');
    expect(path([2, 256, 5, 5], [256, 256, 3, 3], { padding: 1 })).toBe('winograd'); // 50 outputs in all
  });

  it("'direct' never takes Winograd; 'winograd' and 'winograd-4x4' always do", () => {
    expect(path([1, 64, 56, 56], [64, 64, 3, 3], { padding: 1, algorithm: 'direct' })).toBe('nchw-direct');
    expect(path([1, 56, 56, 64], [64, 64, 3, 3], { padding: 1, inputLayout: 'nhwc', algorithm: 'direct' })).toBe('nhwc');
    expect(path([1, 1, 5, 5], [1, 1, 3, 3], { algorithm: 'winograd' })).toBe('winograd');
    expect(path([1, 1, 5, 5], [1, 1, 3, 3], { algorithm: 'winograd-4x4' })).toBe('winograd');
  });

  it("'auto' computes F(4×4) where no window holds two rows or columns of padding on a side; 'winograd' keeps F(2×2)", () => {
    // The plan's A_WINOGRAD_TILE slot carries the tile side m to the kernel.
    const tile = (options: Conv2dOptions) => planConv(resolveConv(CONV2D, [1, 64, 56, 56], [64, 64, 3, 3], { padding: 1, ...options }), 4, 8).args[A_WINOGRAD_TILE];
    expect(tile({})).toBe(4);
    expect(tile({ padding: 0 })).toBe(4);
    expect(tile({ padding: 'same' })).toBe(4);
    expect(tile({ padding: [0, 1, 1, 0] })).toBe(4);
    expect(tile({ padding: 2, dilations: 2 })).toBe(4); // one padded tap per side at dilation 2
    expect(tile({ padding: [2, 2, 1, 1], dilations: [2, 1] })).toBe(4);
    expect(tile({ padding: 2 })).toBe(2); // windows of one real row next to real patches: F(2×2)
    expect(tile({ padding: [1, 1, 1, 2] })).toBe(2);
    expect(tile({ padding: 3, dilations: 2 })).toBe(2);
    expect(tile({ padding: 'full' })).toBe(2);
    expect(tile({ algorithm: 'winograd' })).toBe(2);
    expect(tile({ algorithm: 'winograd-4x4', padding: 3 })).toBe(4);
  });

  it.each(WINOGRAD)("'%s' on a conv it cannot compute is a RangeError naming what it needs and what it got, on every backend", (algorithm) => {
    const x = randomTensor([1, 4, 9, 9], rng(1));
    const cases: [Tensor, Conv2dOptions, RegExp][] = [
      [randomTensor([4, 4, 5, 5], rng(2)), {}, /a 5×5 kernel/],
      [randomTensor([4, 4, 3, 3], rng(2)), { strides: [1, 2] }, /strides \[1, 2\]/],
      [randomTensor([4, 2, 3, 3], rng(2)), { groups: 2 }, /groups 2/],
    ];
    const message = new RegExp(`^conv2d: algorithm '${algorithm}' needs a 3×3 kernel, strides 1 and groups 1`);
    for (const run of [...engines.map((e) => e.conv2d), ...engines.map((e) => (_: Tensor, w: Tensor, o: Conv2dOptions) => e.createConv2d(w, o).run(x)), reference.conv2d, conv2d]) {
      for (const [w, options, detail] of cases) {
        expect(() => run(x, w, { ...options, algorithm })).toThrow(RangeError);
        expect(() => run(x, w, { ...options, algorithm })).toThrow(detail);
        expect(() => run(x, w, { ...options, algorithm })).toThrow(message);
      }
    }
  });

  it('an unknown algorithm is an error; conv1d has no such option; the reference ignores it', () => {
    const x = randomTensor([1, 2, 6, 6], rng(3));
    const w = randomTensor([2, 2, 3, 3], rng(4));
    expect(() => conv2d(x, w, { algorithm: 'fft' as never })).toThrow(/algorithm must be one of 'auto', 'direct', 'winograd', 'winograd-4x4', got "fft"/);
    expect(() => conv2d(x, w, { algorithm: 'Winograd' as never })).toThrow(/did you mean 'winograd'/);
    expect(() => conv2d(x, w, { algorithm: 'winograd_4x4' as never })).toThrow(/did you mean 'winograd-4x4'/);
    expect(() => conv1d(randomTensor([1, 2, 6], rng(5)), randomTensor([2, 2, 3], rng(6)), { algorithm: 'auto' } as never)).toThrow(TypeError);
    expect(reference.conv2d(x, w, { padding: 1, algorithm: 'winograd' })).toEqual(reference.conv2d(x, w, { padding: 1 }));
    expect(reference.conv2d(x, w, { padding: 1, algorithm: 'winograd-4x4' })).toEqual(reference.conv2d(x, w, { padding: 1 }));
  });
});
