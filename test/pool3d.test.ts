// 3-D pooling: the reference against worked examples and against 2-D pooling (a depth of 1),
// and the engine-backed maxPool3d/avgPool3d (2-D pooling of each depth plane on the default
// engine, then the depth taps) against the reference on every backend: max bit for bit, the
// mean within the tolerance; both layouts, padding, dilation, ceil mode, countIncludePad.
import { describe, expect, it } from 'vitest';
import { avgPool3d, createEngineSync, lpPool3d, maxPool2d, maxPool3d, ready, reference, type AvgPool3dOptions, type Backend, type Tensor } from '../src/index.js';
import { wasmEngines } from './helpers/engines.js';
import { randomTensor, rng } from './helpers/random.js';
import { expectWithinTolerance } from './helpers/tolerance.js';

const volume = (d: number, h: number, w: number): Tensor => ({ data: Float32Array.from({ length: d * h * w }, (_, i) => i + 1), shape: [1, 1, d, h, w] });

describe('3-D pooling reference', () => {
  it('a 2×2×2 window with stride 2 over a 4×4×4 volume numbered 1…64', () => {
    const x = volume(4, 4, 4);
    expect(Array.from(reference.maxPool3d(x, { windowDimensions: 2, strides: 2 }).data)).toEqual([22, 24, 30, 32, 54, 56, 62, 64]);
    // The mean of a 2×2×2 block starting at value v: v + (0 + 1 + 4 + 5 + 16 + 17 + 20 + 21) / 8 = v + 10.5.
    expect(Array.from(reference.avgPool3d(x, { windowDimensions: 2, strides: 2 }).data)).toEqual([11.5, 13.5, 19.5, 21.5, 43.5, 45.5, 51.5, 53.5]);
    expect(reference.lpPool3d({ data: Float32Array.of(1, 2, 2, 0, 0, 0, 0, 4), shape: [1, 1, 2, 2, 2] }).data[0]).toBe(5);
  });

  it('countIncludePad counts the padding in the divisor, as PyTorch', () => {
    const x = { data: new Float32Array(8).fill(1), shape: [1, 1, 2, 2, 2] };
    expect(reference.avgPool3d(x, { windowDimensions: 2, padding: 1 }).data[0]).toBe(1);
    expect(reference.avgPool3d(x, { windowDimensions: 2, padding: 1, countIncludePad: true }).data[0]).toBe(1 / 8);
  });

  it('with a depth of 1 it is 2-D pooling', () => {
    const x = randomTensor([2, 3, 1, 7, 6], rng(1));
    const y = reference.maxPool3d(x, { windowDimensions: [1, 3, 2], strides: [1, 2, 2], padding: [0, 0, 1, 1, 0, 1] });
    expect(y.data).toEqual(maxPool2d({ data: x.data, shape: [2, 3, 7, 6] }, { windowDimensions: [3, 2], strides: 2, padding: [1, 1, 0, 1] }).data);
  });
});

describe('maxPool3d and avgPool3d on every backend', () => {
  const backends: Backend[] = [...wasmEngines().map((e) => e.backend), 'js'];
  const rand = rng(Number(process.env.SIMDCONV_SEED ?? 33));
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const cases: { input: Tensor; options: AvgPool3dOptions }[] = [];
  while (cases.length < 60) {
    const [d, h, w] = [int(1, 6), int(1, 7), int(1, 7)];
    const ndhwc = rand() < 0.5;
    const options: AvgPool3dOptions = {
      windowDimensions: [int(1, 3), int(1, 3), int(1, 3)],
      strides: [int(1, 2), int(1, 2), int(1, 2)],
      dilations: [int(1, 2), 1, int(1, 2)],
      padding: [int(0, 1), int(0, 1), int(0, 1), int(0, 1), int(0, 1), int(0, 1)],
      roundingType: rand() < 0.3 ? 'ceil' : 'floor',
      countIncludePad: rand() < 0.5,
      inputLayout: ndhwc ? 'ndhwc' : 'ncdhw',
    };
    const c = int(1, 5);
    const input = randomTensor(ndhwc ? [int(1, 2), d, h, w, c] : [int(1, 2), c, d, h, w], rand);
    try {
      reference.avgPool3d(input, options);
      cases.push({ input, options });
    } catch {
      // a window of padding only, or a window larger than the padded input: draw again
    }
  }

  it.each(backends)('%s', async (backend) => {
    await ready({ backend });
    for (const { input, options } of cases) {
      const { countIncludePad: _, ...maxOptions } = options;
      expect(maxPool3d(input, maxOptions).data).toEqual(reference.maxPool3d(input, maxOptions).data);
      const expected = reference.avgPool3d(input, options);
      const bound = reference.avgPool3d({ data: input.data.map(Math.abs), shape: input.shape }, options).data;
      expectWithinTolerance(avgPool3d(input, options), expected, bound);
    }
    await ready();
  });

  it('lpPool3d is the reference on every backend', () => {
    const x = randomTensor([1, 2, 4, 5, 5], rng(9));
    expect(lpPool3d(x, { windowDimensions: 2, p: 3 }).data).toEqual(reference.lpPool3d(x, { windowDimensions: 2, p: 3 }).data);
  });
});

describe('3-D pooling layers and engine methods', () => {
  it.each([...wasmEngines(), createEngineSync({ backend: 'js' })].map((e) => [e.backend, e] as const))('%s: createMaxPool3d and createAvgPool3d, into fresh and given outputs', (_, engine) => {
    const x = randomTensor([2, 3, 5, 6, 7], rng(10));
    const options = { windowDimensions: [2, 3, 2] as [number, number, number], strides: 2, padding: 1 };
    const max = engine.createMaxPool3d(options);
    const avg = engine.createAvgPool3d({ ...options, countIncludePad: true });
    expect(max.run(x).data).toEqual(reference.maxPool3d(x, options).data);
    const shape = avg.outputShape(x.shape);
    const out = { data: new Float32Array(shape.reduce((a, b) => a * b, 1)), shape };
    expect(avg.run(x, out)).toBe(out);
    expectWithinTolerance(out, reference.avgPool3d(x, { ...options, countIncludePad: true }), reference.avgPool3d({ data: x.data.map(Math.abs), shape: x.shape }, { ...options, countIncludePad: true }).data);
    expect(engine.maxPool3d(x, options).data).toEqual(max.run(x).data);
    max.dispose();
    expect(() => max.run(x)).toThrow('maxPool3d: this layer was disposed; create a new one with engine.createMaxPool3d()');
    expect(() => engine.createMaxPool3d({ strides: 0 })).toThrow('maxPool3d: strides must be a positive integer or a triple [depth, height, width] of them, got 0');
  });
});
