// The Winograd path (algorithm: 'winograd', F(2×2, 3×3)) against the reference on every wasm
// build, the choice 'auto' makes, and the errors. Replay a failure with
// SIMDCONV_SEED=<seed> SIMDCONV_CASES=1 npx vitest run test/winograd.test.ts.
import { describe, expect, it } from 'vitest';
import { conv1d, conv2d, conv2dOutputShape, convertFilterLayout, nchwToNhwc, reference, type Activation, type Conv2dOptions, type FilterLayout, type Padding, type Tensor } from '../src/index.js';
import { choosePath } from '../src/engine/conv-plan.js';
import { CONV2D, resolveConv } from '../src/options/conv.js';
import { wasmEngines } from './helpers/engines.js';
import { expectedConv2d } from './helpers/expected.js';
import { randomTensor, rng } from './helpers/random.js';
import { expectWithinTolerance } from './helpers/tolerance.js';

const BASE_SEED = Number(process.env.SIMDCONV_SEED ?? Date.now() % 1_000_000);
const CASES = Number(process.env.SIMDCONV_CASES ?? 200);
const engines = wasmEngines();
const each = engines.map((e) => [e.backend, e] as const);

const ACTIVATIONS: readonly (Activation | undefined)[] = [
  undefined, undefined, 'relu', 'relu6', 'sigmoid', 'tanh', 'hardSwish',
  { type: 'clamp', min: -0.5, max: 0.75 }, { type: 'leakyRelu', alpha: 0.1 },
];
const FILTER_LAYOUTS: readonly FilterLayout[] = ['oihw', 'hwio', 'ohwi', 'ihwo'];
/** Keeps each case small enough for the reference. */
const MAX_MACS = 400_000;

interface Case {
  readonly input: Tensor;
  readonly filter: Tensor;
  readonly options: Conv2dOptions;
  readonly description: string;
}

/** A conv from NCHW/OIHW data, converted to the layouts asked for. */
function makeCase(x: Tensor, w: Tensor, options: Conv2dOptions, label: string): Case {
  const input = options.inputLayout === 'nhwc' ? nchwToNhwc(x) : x;
  const filter = convertFilterLayout(w, 'oihw', options.filterLayout ?? 'oihw');
  const shown = { ...options, bias: options.bias ? `[${w.shape[0]}]` : undefined };
  return { input, filter, options, description: `${label}: x${JSON.stringify(input.shape)} w${JSON.stringify(filter.shape)} ${JSON.stringify(shown)}` };
}

/**
 * A random dense 3×3 stride-1 conv: batch 1–3, channels 1–70 (often not a multiple of 4 or
 * 8), sizes 1–40 (often smaller than a tile), every padding form, both layouts, all four filter
 * layouts, bias on or off, every activation, flip.
 */
function randomWinogradCase(seed: number): Case {
  const rand = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  for (;;) {
    const batch = int(1, 3);
    const [inChannels, outChannels] = [pick([int(1, 9), int(1, 70)]), pick([int(1, 9), int(1, 70)])];
    const [height, width] = [pick([int(1, 5), int(1, 40)]), pick([int(1, 5), int(1, 40)])];
    const padding: Padding = pick([
      0, 1, 1, 2, [int(0, 3), int(0, 3)], [int(0, 3), int(0, 3), int(0, 3), int(0, 3)], 'same', 'same-lower', 'valid', 'full',
    ] as const);
    const options: Conv2dOptions = {
      padding,
      inputLayout: rand() < 0.5 ? 'nchw' : 'nhwc',
      filterLayout: pick(FILTER_LAYOUTS),
      flip: rand() < 0.25,
      algorithm: 'winograd',
    };
    let outShape: number[];
    try {
      outShape = conv2dOutputShape([batch, inChannels, height, width], [outChannels, inChannels, 3, 3], { padding });
    } catch {
      continue; // the kernel does not fit: draw again
    }
    if (outShape.reduce((a, b) => a * b, 1) * inChannels * 9 > MAX_MACS) continue;
    const x = randomTensor([batch, inChannels, height, width], rand);
    const w = randomTensor([outChannels, inChannels, 3, 3], rand);
    const activation = pick(ACTIVATIONS);
    const withBias = rand() < 0.5;
    const full: Conv2dOptions = {
      ...options,
      ...(withBias ? { bias: randomTensor([outChannels], rand).data } : {}),
      ...(activation ? { activation } : {}),
    };
    return makeCase(x, w, full, `seed ${seed}`);
  }
}

function check(engine: (typeof engines)[number], c: Case): void {
  const expected = expectedConv2d(c.input, c.filter, c.options);
  try {
    expectWithinTolerance(engine.conv2d(c.input, c.filter, c.options), expected.output, expected.bound);
  } catch (error) {
    throw new Error(`${engine.backend} differs on ${c.description}: ${(error as Error).message}`);
  }
}

describe('Winograd F(2×2, 3×3) against the reference', () => {
  it.each(each)('%s: random convolutions, algorithm forced', (_, engine) => {
    console.log(`winograd: ${CASES} random cases from seed ${BASE_SEED} on ${engine.backend}`);
    for (let i = 0; i < CASES; i++) check(engine, randomWinogradCase(BASE_SEED + i));
  });

  it.each(each)('%s: shapes at the kernel’s boundaries', (_, engine) => {
    const rand = rng(2024);
    const shapes: [string, number[], number[], Conv2dOptions][] = [
      ['1×1 image, smaller than a tile', [1, 3, 1, 1], [5, 3, 3, 3], { padding: 1 }],
      ['1×2 and 2×1 outputs', [2, 2, 3, 4], [3, 2, 3, 3], { padding: [0, 0, 0, 0] }],
      ['odd output, partial tiles both edges', [1, 5, 7, 9], [6, 5, 3, 3], { padding: [1, 1, 1, 1] }],
      ['only padding reaches the last outputs', [1, 4, 2, 3], [4, 4, 3, 3], { padding: 'full' }],
      ['asymmetric padding', [1, 6, 11, 10], [7, 6, 3, 3], { padding: [0, 3, 2, 1] }],
      ['channels a multiple of 8', [1, 16, 9, 9], [16, 16, 3, 3], { padding: 1 }],
      ['one input channel, many outputs', [1, 1, 12, 12], [33, 1, 3, 3], { padding: 1 }],
      ['several tile blocks, batch 3', [3, 64, 30, 34], [20, 64, 3, 3], { padding: 1, bias: randomTensor([20], rand).data, activation: 'relu' }],
      ['several tile blocks, NHWC, HWIO, flip', [2, 40, 33, 31], [13, 40, 3, 3], { padding: 1, inputLayout: 'nhwc', filterLayout: 'hwio', flip: true }],
      ['NCHW, OHWI, odd channels', [1, 7, 17, 6], [9, 7, 3, 3], { padding: 'same', filterLayout: 'ohwi' }],
      ['NHWC, IHWO, 70 channels', [1, 70, 8, 7], [70, 70, 3, 3], { padding: 'same-lower', inputLayout: 'nhwc', filterLayout: 'ihwo' }],
    ];
    for (const [label, xShape, wShape, options] of shapes) {
      const c = makeCase(randomTensor(xShape, rand), randomTensor(wShape, rand), { ...options, algorithm: 'winograd' }, label);
      check(engine, c);
    }
  });

  it.each(each)('%s: a prepacked layer on several input sizes', (_, engine) => {
    const rand = rng(99);
    const w = randomTensor([12, 10, 3, 3], rand);
    const bias = randomTensor([12], rand).data;
    const options: Conv2dOptions = { padding: 1, bias, activation: 'relu6', algorithm: 'winograd' };
    const layer = engine.createConv2d(w, options);
    try {
      for (const [h, wd] of [[1, 1], [8, 8], [13, 5], [24, 31]] as const) {
        const x = randomTensor([2, 10, h, wd], rand);
        const expected = expectedConv2d(x, w, options);
        expectWithinTolerance(layer.run(x), expected.output, expected.bound);
      }
    } finally {
      layer.dispose();
    }
  });

  it.each(each)('%s: a NaN reaches every output whose window holds it, and the rest of its tiles only', (_, engine) => {
    const x = randomTensor([1, 4, 8, 8], rng(5));
    x.data[3 * 8 + 3] = NaN; // channel 0, row 3, column 3 (padded: 4, 4)
    const w = randomTensor([2, 4, 3, 3], rng(6));
    const y = engine.conv2d(x, w, { padding: 1, algorithm: 'winograd' });
    // Direct: outputs 2–4 × 2–4 see it. Winograd: the 4×4 patches of tiles 1–2 × 1–2 hold
    // padded (4, 4), so the 2×2 tiles cover outputs 2–5 × 2–5.
    for (let k = 0; k < y.data.length; k++) {
      const [row, col] = [Math.floor(k / 8) % 8, k % 8];
      const inWindow = row >= 2 && row <= 4 && col >= 2 && col <= 4;
      const inTiles = row >= 2 && row <= 5 && col >= 2 && col <= 5;
      if (inWindow) expect(y.data[k]).toBeNaN();
      if (!inTiles) expect(Number.isFinite(y.data[k])).toBe(true);
    }
  });
});

describe("algorithm: 'auto' | 'direct' | 'winograd'", () => {
  const path = (inputShape: number[], filterShape: number[], options: Conv2dOptions) => choosePath(resolveConv(CONV2D, inputShape, filterShape, options));

  it("'auto' takes Winograd for ResNet's 3×3 layers (B, C) in both layouts", () => {
    expect(path([1, 64, 56, 56], [64, 64, 3, 3], { padding: 1 })).toBe('winograd');
    expect(path([1, 256, 14, 14], [256, 256, 3, 3], { padding: 1 })).toBe('winograd');
    expect(path([1, 56, 56, 64], [3, 3, 64, 64], { padding: 1, inputLayout: 'nhwc', filterLayout: 'hwio' })).toBe('winograd');
    expect(path([8, 128, 28, 28], [128, 128, 3, 3], { padding: 'same', algorithm: 'auto' })).toBe('winograd');
  });

  it("'auto' keeps the direct path where Winograd does not apply or does not win", () => {
    expect(path([1, 64, 56, 56], [64, 64, 3, 3], { padding: 1, strides: 2 })).not.toBe('winograd');
    expect(path([1, 64, 56, 56], [64, 64, 3, 3], { padding: 2, dilations: 2 })).not.toBe('winograd');
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

  it("'direct' never takes Winograd; 'winograd' always does", () => {
    expect(path([1, 64, 56, 56], [64, 64, 3, 3], { padding: 1, algorithm: 'direct' })).toBe('nchw-direct');
    expect(path([1, 56, 56, 64], [64, 64, 3, 3], { padding: 1, inputLayout: 'nhwc', algorithm: 'direct' })).toBe('nhwc');
    expect(path([1, 1, 5, 5], [1, 1, 3, 3], { algorithm: 'winograd' })).toBe('winograd');
  });

  it("'winograd' on a conv it cannot compute is a RangeError naming what it needs and what it got, on every backend", () => {
    const x = randomTensor([1, 4, 9, 9], rng(1));
    const cases: [Tensor, Conv2dOptions, RegExp][] = [
      [randomTensor([4, 4, 5, 5], rng(2)), {}, /a 5×5 kernel/],
      [randomTensor([4, 4, 3, 3], rng(2)), { strides: [1, 2] }, /strides \[1, 2\]/],
      [randomTensor([4, 4, 3, 3], rng(2)), { dilations: 2 }, /dilations \[2, 2\]/],
      [randomTensor([4, 2, 3, 3], rng(2)), { groups: 2 }, /groups 2/],
    ];
    for (const run of [...engines.map((e) => e.conv2d), reference.conv2d, conv2d]) {
      for (const [w, options, detail] of cases) {
        expect(() => run(x, w, { ...options, algorithm: 'winograd' })).toThrow(RangeError);
        expect(() => run(x, w, { ...options, algorithm: 'winograd' })).toThrow(detail);
        expect(() => run(x, w, { ...options, algorithm: 'winograd' })).toThrow(/^conv2d: algorithm 'winograd' needs a 3×3 kernel, strides 1, dilations 1 and groups 1/);
      }
    }
  });

  it('an unknown algorithm is an error; conv1d has no such option; the reference ignores it', () => {
    const x = randomTensor([1, 2, 6, 6], rng(3));
    const w = randomTensor([2, 2, 3, 3], rng(4));
    expect(() => conv2d(x, w, { algorithm: 'fft' as never })).toThrow(/algorithm must be one of 'auto', 'direct', 'winograd', got "fft"/);
    expect(() => conv2d(x, w, { algorithm: 'Winograd' as never })).toThrow(/did you mean 'winograd'/);
    expect(() => conv1d(randomTensor([1, 2, 6], rng(5)), randomTensor([2, 2, 3], rng(6)), { algorithm: 'auto' } as never)).toThrow(TypeError);
    expect(reference.conv2d(x, w, { padding: 1, algorithm: 'winograd' })).toEqual(reference.conv2d(x, w, { padding: 1 }));
  });
});
