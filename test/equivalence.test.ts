// Every WebAssembly build against the pure-JS reference, on hundreds of random convolutions and
// poolings per run. Replay one case with SIMDCONV_SEED=<seed> SIMDCONV_CASES=1 npx vitest run test/equivalence.test.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Conv2dOptions, Tensor } from '../src/index.js';
import { randomConv1dCase } from './helpers/conv1d-cases.js';
import { randomConvCase, type ConvCase } from './helpers/conv-cases.js';
import { expectedConv2d, type Expected } from './helpers/expected.js';
import { randomPoolCase } from './helpers/pool-cases.js';
import { engineName, pooledEnginesForFile, wasmEngines } from './helpers/engines.js';
import { randomTensor, rng } from './helpers/random.js';
import { expectWithinTolerance } from './helpers/tolerance.js';

const BASE_SEED = Number(process.env.SIMDCONV_SEED ?? Date.now() % 1_000_000);
const CASES = Number(process.env.SIMDCONV_CASES ?? 600);
// Every build, and the threaded builds on 3 threads with every call sent to the worker pool.
const threaded = pooledEnginesForFile();
const engines = [...wasmEngines(), ...threaded];

/** The reference result and each output's bound. */
const expectedOf = (c: ConvCase): Expected => expectedConv2d(c.input, c.filter, c.options);

describe('equivalence with the reference', () => {
  let cases: { c: ConvCase; expected: Expected }[] = [];
  beforeAll(() => {
    console.log(`equivalence: ${CASES} random conv2d cases from seed ${BASE_SEED} on ${engines.map(engineName).join(', ')}`);
    cases = Array.from({ length: CASES }, (_, i) => {
      const c = randomConvCase(BASE_SEED + i);
      return { c, expected: expectedOf(c) };
    });
  });

  it.each(engines.map((e) => [engineName(e), e] as const))('conv2d on %s: every random case within tolerance', (_, engine) => {
    expect(cases.length).toBe(CASES);
    for (const { c, expected } of cases) {
      let actual: Tensor;
      try {
        actual = engine.conv2d(c.input, c.filter, c.options);
      } catch (error) {
        throw new Error(`${engineName(engine)} threw on ${c.description}: ${(error as Error).message}`);
      }
      try {
        expectWithinTolerance(actual, expected.output, expected.bound);
      } catch (error) {
        throw new Error(`${engineName(engine)} differs on ${c.description}: ${(error as Error).message}`);
      }
    }
  });
});

describe('equivalence on shapes that cross the kernels’ internal boundaries', () => {
  const rand = rng(4242);
  // K > 256 (depth blocks), > 256 output pixels (several tiles), Cout not a multiple of NR,
  // 1×1 fast paths in both layouts, the 3×3 plane kernels at stride 1 and 2, depthwise NHWC.
  const shapes: [string, number[], number[], Conv2dOptions][] = [
    ['deep K, NCHW', [1, 70, 9, 9], [13, 70, 3, 3], { padding: 1 }],
    ['direct, gathered panels, 2 depth blocks', [1, 40, 8, 16], [36, 40, 3, 3], { padding: 1, activation: 'relu', bias: new Float32Array(36).fill(-0.25) }],
    ['direct, in place, 2 depth blocks', [2, 40, 8, 16], [12, 40, 3, 3], { padding: [0, 2, 1, 1] }],
    ['direct, wide, stride 2', [1, 3, 20, 130], [33, 3, 3, 3], { strides: 2, padding: 1 }],
    ['direct, grouped, dilated', [1, 8, 12, 64], [68, 4, 3, 3], { groups: 2, dilations: [2, 3], padding: 'same' }],
    ['direct, stride 3 phases', [1, 4, 9, 200], [5, 4, 2, 5], { strides: [2, 3], padding: [1, 0, 2, 2] }],
    ['deep K, NHWC', [1, 9, 9, 70], [3, 3, 70, 13], { padding: 1, inputLayout: 'nhwc', filterLayout: 'hwio' }],
    ['many tiles, NCHW', [2, 5, 40, 37], [9, 5, 3, 3], { padding: 'same', bias: new Float32Array(9).fill(0.5) }],
    ['many tiles, NHWC', [2, 40, 37, 5], [9, 5, 3, 3], { padding: 'same', inputLayout: 'nhwc' }],
    ['pointwise NCHW', [2, 37, 19, 23], [21, 37, 1, 1], { activation: 'relu' }],
    ['pointwise NHWC', [2, 19, 23, 37], [21, 37, 1, 1], { inputLayout: 'nhwc' }],
    ['pointwise NCHW on one pixel (the NHWC path, one GEMM row)', [1, 37, 1, 1], [21, 37, 1, 1], { activation: 'sigmoid', bias: new Float32Array(21).fill(0.125) }],
    ['pointwise NCHW on one pixel, batch 5, odd depth', [5, 13, 1, 1], [1, 1, 13, 19], { filterLayout: 'hwio' }],
    ['pointwise NHWC, 5 pixels (a one-row tile at the end)', [1, 1, 5, 40], [9, 40, 1, 1], { inputLayout: 'nhwc', activation: 'relu' }],
    ['depthwise 3×3 s1', [2, 7, 33, 35], [7, 1, 3, 3], { groups: 7, padding: 1 }],
    ['depthwise 3×3 s2', [2, 7, 33, 35], [7, 1, 3, 3], { groups: 7, padding: 1, strides: 2 }],
    ['depthwise 3×3 s2 odd pads', [1, 5, 31, 30], [10, 1, 3, 3], { groups: 5, padding: [0, 2, 1, 0], strides: [1, 2] }],
    ['depthwise 5×5 dilated', [1, 6, 30, 30], [6, 1, 5, 5], { groups: 6, padding: 'same', dilations: 2 }],
    ['depthwise NHWC', [2, 17, 19, 35], [3, 3, 1, 35], { groups: 35, padding: 1, strides: 2, inputLayout: 'nhwc', filterLayout: 'hwio' }],
    ['depthwise NHWC, 70 channels over padding', [1, 6, 7, 70], [3, 3, 1, 70], { groups: 70, padding: 2, inputLayout: 'nhwc', filterLayout: 'hwio' }],
    ['depthwise NHWC, multiplier 3', [2, 9, 11, 5], [3, 3, 1, 15], { groups: 5, padding: 1, dilations: 2, inputLayout: 'nhwc', filterLayout: 'hwio' }],
    ['depthwise NHWC, multiplier 2, odd channels', [1, 8, 8, 7], [2, 3, 1, 14], { groups: 7, padding: 'same', strides: 2, inputLayout: 'nhwc', filterLayout: 'hwio' }],
    ['depthwise 5×5 s1, 16-wide steps with a ragged end', [2, 6, 9, 37], [6, 1, 5, 5], { groups: 6, padding: 2, activation: 'relu6' }],
    ['depthwise 5×5 s(2,1), multiplier 2', [1, 5, 13, 61], [10, 1, 5, 5], { groups: 5, padding: [2, 1, 2, 2], strides: [2, 1] }],
    ['depthwise 3×5 and 7×5, dilated rows', [1, 4, 17, 18], [4, 1, 7, 5], { groups: 4, padding: [3, 3, 2, 2], dilations: [2, 1] }],
    ['depthwise 7×7 and 5×7, stride (2, 1)', [2, 3, 15, 23], [6, 1, 5, 7], { groups: 3, padding: [2, 2, 3, 3], strides: [2, 1], activation: 'hardSwish' }],
    ['depthwise 7×7 s1', [1, 8, 14, 50], [8, 1, 7, 7], { groups: 8, padding: 3 }],
    ['depthwise 7×7 s2, split rows (any width at stride 2)', [1, 4, 21, 45], [4, 1, 7, 7], { groups: 4, padding: [3, 2, 3, 4], strides: 2, activation: 'relu' }],
    ['depthwise 4×4 stride (1, 2), multiplier 3, even width', [2, 2, 9, 30], [6, 1, 4, 4], { groups: 2, padding: [1, 2, 1, 2], strides: [1, 2] }],
    ['depthwise 4×6, width dilation 3, multiplier 2 (any width)', [1, 3, 11, 41], [6, 1, 4, 6], { groups: 3, padding: [1, 2, 7, 8], dilations: [1, 3], activation: { type: 'leakyRelu', alpha: 0.2 } }],
    ['depthwise 5×5 s2, multiplier 2, split rows, ragged ends', [2, 4, 17, 45], [8, 1, 5, 5], { groups: 4, padding: [2, 1, 2, 2], strides: 2, activation: 'relu6' }],
    ['depthwise 3×5 stride (1, 2), dilated rows, odd width', [1, 3, 12, 30], [3, 1, 3, 5], { groups: 3, padding: [1, 1, 2, 1], strides: [1, 2], dilations: [2, 1] }],
    ['single channel 5×5, narrower than a step', [1, 1, 11, 9], [1, 1, 3, 5], { padding: 'same', bias: new Float32Array([0.25]) }],
    ['single channel, wide', [1, 1, 20, 203], [1, 1, 3, 3], { padding: 1 }],
    ['single channel, stride 3', [1, 1, 40, 40], [1, 1, 4, 5], { strides: 3, padding: [1, 2, 2, 1] }],
  ];
  it.each(engines.map((e) => [engineName(e), e] as const))('on %s', (_, engine) => {
    for (const [name, xShape, wShape, options] of shapes) {
      const c: ConvCase = { seed: 4242, input: randomTensor(xShape, rand), filter: randomTensor(wShape, rand), options, description: name };
      const expected = expectedOf(c);
      try {
        expectWithinTolerance(engine.conv2d(c.input, c.filter, options), expected.output, expected.bound);
      } catch (error) {
        throw new Error(`${engineName(engine)}, ${name}: ${(error as Error).message}`);
      }
    }
  });
});

describe('conv1d and pooling equivalence', () => {
  it.each(engines.map((e) => [engineName(e), e] as const))('conv1d on %s', (_, engine) => {
    const rand = rng(BASE_SEED + 1);
    let checked = 0;
    for (let i = 0; i < 100; i++) {
      const c = randomConv1dCase(rand);
      if (c === undefined) continue; // the kernel does not fit this length
      try {
        expectWithinTolerance(engine.conv1d(c.input, c.filter, c.options), c.output, c.bound);
      } catch (error) {
        throw new Error(`${engineName(engine)} differs on ${c.description}: ${(error as Error).message}`);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });

  it.each(engines.map((e) => [engineName(e), e] as const))('maxPool2d and avgPool2d on %s', (_, engine) => {
    const rand = rng(BASE_SEED + 2);
    let checked = 0;
    for (let i = 0; i < 200; i++) {
      const c = randomPoolCase(rand);
      if (c === undefined) continue; // a window of padding only, or one that does not fit
      // Max pooling picks one of the inputs: it must be exact.
      expect(engine.maxPool2d(c.input, c.maxOptions), c.description).toEqual(c.max);
      try {
        expectWithinTolerance(engine.avgPool2d(c.input, c.avgOptions), c.avg, c.avgBound);
      } catch (error) {
        throw new Error(`${engineName(engine)} differs on ${c.description}: ${(error as Error).message}`);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });
});
