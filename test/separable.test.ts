// The separable path (src/engine/separable.ts, assembly/separable.ts): which filters are rank 1,
// and that the two 1-D passes stay within the design tolerance of the reference on every build,
// threaded ones included, while filters that are only close to rank 1 keep the planes path.
// Replay with SIMDCONV_SEED=<seed>.
import { describe, expect, it } from 'vitest';
import { kernels, type Conv2dOptions, type Engine, type Tensor } from '../src/index.js';
import { rankOneFactors, RANK_ONE_SLACK } from '../src/engine/separable.js';
import { tileRunner } from '../src/engine/tiles.js';
import { CONV2D, resolveConv } from '../src/options/conv.js';
import { convPathOf } from './helpers/conv-path.js';
import { engineName, pooledEnginesForFile, wasmEngines } from './helpers/engines.js';
import { expectedConv2d } from './helpers/expected.js';
import { rankOneTensor, randomTensor, rng } from './helpers/random.js';
import { expectWithinTolerance } from './helpers/tolerance.js';

const BASE_SEED = Number(process.env.SIMDCONV_SEED ?? Date.now() % 1_000_000);
const CASES = 60;
const threaded = pooledEnginesForFile();
const engines = [...wasmEngines(), ...threaded];

const factorsOf = (filter: Tensor, options: Conv2dOptions = {}, inputShape = [1, filter.shape[0]!, 16, 16]) =>
  rankOneFactors(resolveConv(CONV2D, inputShape, filter.shape, { groups: filter.shape[0]!, ...options }), new Float32Array(filter.data), filter.shape);

/** The task exports `body` ran, by name. */
function tasksRun<T>(body: () => T): [T, Set<string>] {
  const run = tileRunner.run;
  const seen = new Set<string>();
  tileRunner.run = (k, task, ...rest) => {
    seen.add(Object.entries(k.exports).find(([, f]) => f === task)?.[0] ?? 'unknown');
    run(k, task, ...rest);
  };
  try {
    return [body(), seen];
  } finally {
    tileRunner.run = run;
  }
}

describe('rank-1 detection', () => {
  it('finds the factors of Gaussians, boxes, Sobel and u·vᵀ, flipped or not, u·vᵀ reproducing every tap', () => {
    const rand = rng(BASE_SEED);
    const filters: Tensor[] = [kernels.sobelX, kernels.sobelY, kernels.boxBlur(3), kernels.boxBlur(6), rankOneTensor(5, 4, 7, rand), rankOneTensor(3, 1, 5, rand), rankOneTensor(3, 6, 1, rand)];
    // σ ≥ n/4: no tap underflows to a subnormal (see the refusals below).
    for (let n = 2; n <= 15; n++) filters.push(kernels.gaussian(n), kernels.gaussian(n, n / 4 + 3 * rand()));
    for (const filter of filters) {
      const [m, , kH, kW] = filter.shape as number[];
      for (const flip of [false, true]) {
        const f = factorsOf(filter, { flip });
        expect(f, `${JSON.stringify(filter.shape)} flip ${flip}`).toBeDefined();
        for (let o = 0; o < m!; o++) {
          for (let i = 0; i < kH!; i++) {
            for (let j = 0; j < kW!; j++) {
              const [si, sj] = flip ? [kH! - 1 - i, kW! - 1 - j] : [i, j];
              const tap = filter.data[(o * kH! + si) * kW! + sj]!;
              const product = f![o * kH! + i]! * f![m! * kH! + o * kW! + j]!;
              expect(Math.abs(tap - product)).toBeLessThanOrEqual(RANK_ONE_SLACK * Math.abs(tap));
            }
          }
        }
      }
    }
  });

  it('refuses filters of rank > 1, nearly rank 1, with one channel of rank > 1, or non-finite', () => {
    const rand = rng(BASE_SEED + 1);
    const nearly = rankOneTensor(1, 5, 5, rand);
    nearly.data[7]! *= 1 + 1e-5; // ~80 f32 units off: a filter close to, not exactly, rank 1
    const oneBad = rankOneTensor(4, 3, 3, rand);
    oneBad.data[2 * 9 + 4] = oneBad.data[2 * 9 + 4]! + 0.25;
    const infinite = rankOneTensor(1, 3, 3, rand);
    infinite.data[4] = Infinity;
    const zeroTap = kernels.boxBlur(3);
    const withZero = { data: Float32Array.from(zeroTap.data, (v, k) => (k === 4 ? 0 : v)), shape: zeroTap.shape };
    // σ 0.3 on a side of 10: the corner taps underflow (to 0 or subnormals), u·vᵀ cannot give them to relative precision.
    const underflow = kernels.gaussian(10, 0.3);
    for (const filter of [kernels.sharpen, kernels.laplacian, kernels.emboss, randomTensor([3, 1, 3, 3], rand), nearly, oneBad, infinite, withZero, underflow]) {
      expect(factorsOf(filter), JSON.stringify(Array.from(filter.data.slice(0, 9)))).toBeUndefined();
    }
  });

  it('balances the factors so the vertical pass cannot overflow first: nonzero |v| ≥ 1, kH·max|u| ≤ 1, by a power of two', () => {
    const rand = rng(BASE_SEED + 2);
    const filters: Tensor[] = [kernels.sobelX, kernels.sobelY, kernels.gaussian(5), rankOneTensor(4, 3, 5, rand), { data: Float32Array.of(2, 0.5), shape: [1, 1, 1, 2] }];
    for (const filter of filters) {
      const [m, , kH, kW] = filter.shape as number[];
      const f = factorsOf(filter)!;
      for (let o = 0; o < m!; o++) {
        const u = f.subarray(o * kH!, (o + 1) * kH!);
        const v = f.subarray(m! * kH! + o * kW!, m! * kH! + (o + 1) * kW!);
        for (const value of v) if (value !== 0) expect(Math.abs(value)).toBeGreaterThanOrEqual(1);
        expect(kH! * Math.max(...Array.from(u, Math.abs))).toBeLessThanOrEqual(1);
      }
    }
  });

  it('an all-zero channel is rank 1 (u = 0)', () => {
    const zero = { data: new Float32Array(2 * 9), shape: [2, 1, 3, 3] };
    zero.data.set(kernels.gaussian(3).data, 9);
    expect(factorsOf(zero)).toBeDefined();
  });
});

describe('the separable path against the reference', () => {
  /** Random rank-1 convolutions the planes path would run: one channel (either layout), or depthwise NCHW. */
  function randomCase(seed: number): { input: Tensor; filter: Tensor; options: Conv2dOptions; description: string } {
    const rand = rng(seed);
    const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
    const kind = int(0, 4);
    const single = kind < 2;
    const channels = single ? 1 : int(2, 9);
    const multiplier = single ? 1 : int(1, 2);
    const [kH, kW] = [int(1, 7), int(1, 7)];
    let filter: Tensor;
    if (single && kind === 0 && kH > 1) filter = rand() < 0.5 ? kernels.gaussian(kH, 0.3 + 2 * rand()) : kernels.boxBlur(kH);
    else filter = rankOneTensor(channels * multiplier, kH, kW, rand);
    const [fH, fW] = [filter.shape[2]!, filter.shape[3]!];
    const [dH, dW] = [int(1, 2), int(1, 2)];
    const [h, w] = [int((fH - 1) * dH + 1, 40), int((fW - 1) * dW + 1, 70)];
    const nhwc = single && rand() < 0.5;
    const n = int(1, 2);
    const input = randomTensor(nhwc ? [n, h, w, 1] : [n, channels, h, w], rand);
    const activations = [undefined, 'relu', 'relu6', 'hardSwish', 'sigmoid', { type: 'leakyRelu', alpha: 0.1 }] as const;
    const options: Conv2dOptions = {
      groups: channels,
      strides: [int(1, 3), int(1, 3)],
      dilations: [dH, dW],
      padding: [int(0, fH), int(0, fH), int(0, fW), int(0, fW)],
      flip: rand() < 0.3,
      ...(rand() < 0.5 ? { bias: randomTensor([channels * multiplier], rand).data } : {}),
      ...(nhwc ? { inputLayout: 'nhwc', filterLayout: 'oihw' } : {}),
      activation: activations[int(0, activations.length - 1)] as Conv2dOptions['activation'],
    };
    return { input, filter, options, description: `seed ${seed}: x${JSON.stringify(input.shape)} w${JSON.stringify(filter.shape)} ${JSON.stringify(options)}` };
  }

  it.each(engines.map((e) => [engineName(e), e] as const))('%s: random rank-1 cases within tolerance, on the separable path', (_, engine: Engine) => {
    let separable = 0;
    for (let i = 0; i < CASES; i++) {
      const c = randomCase(BASE_SEED + i);
      const expected = expectedConv2d(c.input, c.filter, c.options);
      const [actual, ran] = tasksRun(() => engine.conv2d(c.input, c.filter, c.options));
      const path = convPathOf(c.input, c.filter, c.options);
      // 1×1 filters keep the planes path (a scale: separableWins).
      expect(path, c.description).toBe(c.filter.shape[2]! * c.filter.shape[3]! === 1 ? 'planes' : 'separable');
      expect(ran.has(path === 'separable' ? 'convSeparable' : 'convPlanes'), c.description).toBe(true);
      if (path === 'separable') separable++;
      try {
        expectWithinTolerance(actual, expected.output, expected.bound);
      } catch (error) {
        throw new Error(`${engineName(engine)} differs on ${c.description}: ${(error as Error).message}`);
      }
    }
    expect(separable).toBeGreaterThan(CASES / 2);
  });

  it.each(engines.map((e) => [engineName(e), e] as const))('%s: inputs near the f32 limit give the reference’s finite results, and Sobel’s zero column no NaN', (_, engine: Engine) => {
    // w = [2, 0.5]: 0.5 · −3e38 and 2 · −1e37 are finite, and so is their sum; the pivot's scale
    // on u (2 · −3e38) overflowed, and hardSwish(−∞) is NaN (found by the fuzz).
    const input = { data: Float32Array.of(-1e37, -3e38, 1e37, -3e38), shape: [1, 1, 2, 2] };
    const filter = { data: Float32Array.of(2, 0.5), shape: [1, 1, 1, 2] };
    for (const activation of [undefined, 'hardSwish'] as const) {
      const options: Conv2dOptions = activation === undefined ? {} : { activation };
      expect(convPathOf(input, filter, options)).toBe('separable');
      const expected = expectedConv2d(input, filter, options);
      const actual = engine.conv2d(input, filter, options);
      expect(Array.from(actual.data).every(Number.isFinite), Array.from(actual.data).join()).toBe(true);
      expectWithinTolerance(actual, expected.output, expected.bound);
    }
    // Sobel X over a column of 1e38: where it is under the middle taps (weights 0) the reference
    // is 0; its vertical sum with u = (1, 2, 1) was −4e38, an infinity that 0·∞ made NaN. (The
    // outputs with it under the side taps are beyond f32, where only NaN propagation is judged.)
    const plane = { data: Float32Array.from({ length: 25 }, (_, k) => (k % 5 === 2 ? 1e38 : 0)), shape: [1, 1, 5, 5] };
    const edges = engine.conv2d(plane, kernels.sobelX);
    for (let row = 0; row < 3; row++) expect(edges.data[row * 3 + 1], `output (${row}, 1)`).toSatisfy((value: number) => value === 0);
  });

  it.each(engines.map((e) => [engineName(e), e] as const))('%s: a filter close to rank 1 keeps the planes path, and conv1d takes the separable one', (_, engine: Engine) => {
    const rand = rng(BASE_SEED + 99);
    const input = randomTensor([1, 3, 30, 40], rand);
    const filter = rankOneTensor(3, 5, 5, rand);
    filter.data[12]! *= 1 + 1e-4;
    const options: Conv2dOptions = { groups: 3, padding: 2 };
    const [actual, ran] = tasksRun(() => engine.conv2d(input, filter, options));
    expect([...ran]).toEqual(['convPlanes']);
    const expected = expectedConv2d(input, filter, options);
    expectWithinTolerance(actual, expected.output, expected.bound);

    const signal = randomTensor([2, 1, 300], rand);
    const taps = randomTensor([1, 1, 9], rand);
    const [y, ran1d] = tasksRun(() => engine.conv1d(signal, taps, { padding: 4, strides: 2 }));
    expect([...ran1d]).toEqual(['convSeparable']);
    const as2d = expectedConv2d({ data: signal.data, shape: [2, 1, 1, 300] }, { data: taps.data, shape: [1, 1, 1, 9] }, { padding: [0, 0, 4, 4], strides: [1, 2] });
    expectWithinTolerance({ data: y.data, shape: [2, 1, 1, y.shape[2]!] }, as2d.output, as2d.bound);
  });
});
