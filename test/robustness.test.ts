// Values and views a demanding user will feed in: NaN and ±Inf (they must propagate as the
// reference does), Float32Array views at an offset into a larger (or shared) buffer, and an
// output that aliases the input. Every kernel path is hit: NCHW direct, 1×1, NHWC, depthwise
// and single-channel planes, NHWC depthwise, pooling.
import { describe, expect, it } from 'vitest';
import { reference, type Conv2dOptions, type Tensor } from '../src/index.js';
import { createEngineSync, type Engine } from '../src/engine/engine.js';
import { wasmEngines } from './helpers/engines.js';
import { expectedConv2d } from './helpers/expected.js';
import { randomTensor, rng } from './helpers/random.js';
import { expectWithinTolerance } from './helpers/tolerance.js';

const engines: Engine[] = [...wasmEngines(), createEngineSync({ backend: 'js' })];
const each = engines.map((e) => [e.backend, e] as const);

/** One conv per kernel path (src/engine/conv-plan.ts), with the options that select it. */
const PATHS: readonly (readonly [string, number[], number[], Conv2dOptions])[] = [
  ['NCHW direct 3×3', [2, 5, 9, 11], [6, 5, 3, 3], { padding: 1, algorithm: 'direct' }],
  ['NCHW direct, strided and dilated', [1, 4, 12, 13], [5, 4, 3, 2], { strides: 2, dilations: [2, 1], padding: 'same' }],
  ['NCHW 1×1', [2, 7, 6, 5], [9, 7, 1, 1], {}],
  ['NHWC dense', [2, 9, 11, 5], [6, 5, 3, 3], { padding: 1, inputLayout: 'nhwc', algorithm: 'direct' }],
  ['depthwise planes', [1, 6, 10, 12], [6, 1, 3, 3], { groups: 6, padding: 1 }],
  ['single-channel plane, stride 2', [2, 1, 13, 14], [1, 1, 3, 3], { strides: 2, padding: 1 }],
  ['NHWC depthwise', [1, 10, 12, 6], [6, 1, 3, 3], { groups: 6, padding: 1, inputLayout: 'nhwc' }],
  ['grouped with bias and relu', [1, 8, 7, 7], [4, 4, 3, 3], { groups: 2, padding: 1, bias: Float32Array.of(0.5, -1, 2, 0), activation: 'relu' }],
];

/** The non-finite pattern of a result: 'n' NaN, '+' +Inf, '-' −Inf, '.' finite. */
const pattern = (t: Tensor) => Array.from(t.data, (v) => (Number.isNaN(v) ? 'n' : v === Infinity ? '+' : v === -Infinity ? '-' : '.')).join('');

/** A copy of `t` with a few special values written at seeded positions. */
function sprinkle(t: Tensor, values: readonly number[], rand: () => number): Tensor {
  const data = t.data.slice();
  for (const v of values) data[Math.floor(rand() * data.length)] = v;
  return { data, shape: t.shape };
}

describe('NaN and ±Inf propagate as in the reference', () => {
  it.each(each)('%s: every kernel path, NaN and ±Inf in the input, the filter and the bias', (_, engine) => {
    const rand = rng(2024);
    let nonFinite = 0;
    for (const [name, xShape, wShape, options] of PATHS) {
      const x = randomTensor(xShape, rand);
      const w = randomTensor(wShape, rand);
      const cases: [string, Tensor, Tensor, Conv2dOptions][] = [
        ['NaN in the input', sprinkle(x, [NaN, NaN], rand), w, options],
        ['+Inf and −Inf in the input', sprinkle(x, [Infinity, -Infinity], rand), w, options],
        ['Inf in the filter (Inf · 0 over padding is NaN)', x, sprinkle(w, [Infinity], rand), options],
        ['NaN bias', x, w, { ...options, bias: new Float32Array(wShape[0]!).fill(0).map((_, i) => (i === 1 ? NaN : i)) }],
      ];
      for (const [what, input, filter, opts] of cases) {
        const expected = pattern(reference.conv2d(input, filter, opts));
        expect(pattern(engine.conv2d(input, filter, opts)), `${engine.backend}, ${name}, ${what}`).toBe(expected);
        if (/[n+-]/.test(expected)) nonFinite++;
      }
    }
    // A special value can land where a stride skips it; most must reach the output.
    expect(nonFinite).toBeGreaterThanOrEqual(PATHS.length * 3);
  });

  it.each(each)('%s: pooling: NaN is the max and the average of its windows, ±Inf likewise', (_, engine) => {
    const rand = rng(7);
    for (const inputLayout of ['nchw', 'nhwc'] as const) {
      const x = sprinkle(randomTensor([2, 5, 9, 9], rand), [NaN, Infinity, -Infinity, NaN], rand);
      const options = { windowDimensions: [3, 3] as [number, number], strides: 2, padding: 1, inputLayout };
      expect(pattern(engine.maxPool2d(x, options)), `${engine.backend} maxPool2d ${inputLayout}`).toBe(pattern(reference.maxPool2d(x, options)));
      expect(pattern(engine.avgPool2d(x, options)), `${engine.backend} avgPool2d ${inputLayout}`).toBe(pattern(reference.avgPool2d(x, options)));
    }
  });

  // The js backend has no Winograd path: the wasm builds only.
  it.each(each.filter(([backend]) => backend !== 'js'))("%s: Winograd spreads a non-finite input over its tile (documented), never hides one", (_, engine) => {
    const rand = rng(11);
    const x = sprinkle(randomTensor([1, 16, 12, 12], rand), [NaN, Infinity], rand);
    const w = randomTensor([8, 16, 3, 3], rand);
    const expected = pattern(reference.conv2d(x, w, { padding: 1 }));
    const actual = pattern(engine.conv2d(x, w, { padding: 1, algorithm: 'winograd' }));
    for (let i = 0; i < expected.length; i++) if (expected[i] !== '.') expect(actual[i], `index ${i}`).not.toBe('.');
    // With 'direct' the pattern is the reference's exactly.
    expect(pattern(engine.conv2d(x, w, { padding: 1, algorithm: 'direct' }))).toBe(expected);
  });
});

describe('huge values', () => {
  it.each(each)('%s: hardSwish of a pre-activation past FLT_MAX / 6 is the value itself, not an overflow', (_, engine) => {
    // (x · t) / 6 overflowed where x · (t / 6) does not (found by the fuzz test).
    const x = { data: Float32Array.of(5.6e37, 5.7e37, 1e38, 3e38, -3e38, -2, 1), shape: [1, 1, 1, 7] };
    const w = { data: Float32Array.of(1), shape: [1, 1, 1, 1] };
    expect(Array.from(engine.conv2d(x, w, { activation: 'hardSwish' }).data)).toEqual(Array.from(reference.conv2d(x, w, { activation: 'hardSwish' }).data));
  });
});

describe('the smooth and piecewise activations at the extremes', () => {
  // Pre-activations NaN, ±∞, ±0, past FLT_MAX's reach of their intermediates (x³, e^−x), and
  // ordinary ones; through a 1×1 identity conv on 4 pixels at a time (vector lanes) and 3 (scalar tail).
  const values = [NaN, Infinity, -Infinity, 0, -0, 3e38, -3e38, 1e13, -1e13, 100, -100, 30, -30, 1.5, -1.5, 1e-30, -1e-30];
  const x = { data: Float32Array.from(values), shape: [1, 1, 1, values.length] };
  const w = { data: Float32Array.of(1), shape: [1, 1, 1, 1] };
  const activations: readonly NonNullable<Conv2dOptions['activation']>[] = ['gelu', { type: 'gelu', approximate: 'tanh' }, 'silu', 'softplus', 'elu', { type: 'elu', alpha: 2 }, 'hardSigmoid', { type: 'hardSigmoid', alpha: 1e38, beta: 0 }];
  it.each(each)('%s: NaN and ±∞ exactly where the reference has them, the rest within the tolerance', (_, engine) => {
    for (const activation of activations) {
      const expected = reference.conv2d(x, w, { activation });
      const actual = engine.conv2d(x, w, { activation });
      values.forEach((v, i) => {
        const [y, ref] = [actual.data[i]!, expected.data[i]!];
        const what = `${JSON.stringify(activation)}(${v}) on ${engine.backend}: got ${y}, the reference ${ref}`;
        if (!Number.isFinite(ref)) expect(Object.is(y, ref) || (Number.isNaN(y) && Number.isNaN(ref)), what).toBe(true);
        else expect(Math.abs(y - ref), what).toBeLessThanOrEqual(1e-5 * 1.13 * Math.abs(v) + 1e-6);
      });
    }
  });
});

describe('Float32Array views', () => {
  /** `t` copied into a view at `offset` floats into a buffer `extra` floats longer, the rest filled with `fill`. */
  function view(t: Tensor, offset: number, fill: number, shared = false): Tensor {
    const bytes = (t.data.length + offset + 7) * 4;
    const buffer = shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
    new Float32Array(buffer).fill(fill);
    const data = new Float32Array(buffer, offset * 4, t.data.length);
    data.set(t.data);
    return { data, shape: t.shape };
  }

  it.each(each)('%s: input, filter and bias at an offset into larger buffers (also shared ones) read only their own elements', (_, engine) => {
    const rand = rng(99);
    for (const [name, xShape, wShape, options] of PATHS) {
      const x = randomTensor(xShape, rand);
      const w = randomTensor(wShape, rand);
      const bias = randomTensor([wShape[0]!], rand).data;
      const plain = engine.conv2d(x, w, { ...options, bias });
      // NaN around the views: reading one element outside them would show.
      for (const shared of [false, true]) {
        const biasView = view({ data: bias, shape: [bias.length] }, 3, NaN, shared).data;
        const y = engine.conv2d(view(x, 5, NaN, shared), view(w, 1, NaN, shared), { ...options, bias: biasView });
        expect(y.data, `${engine.backend}, ${name}, shared ${shared}`).toEqual(plain.data);
      }
      const expected = expectedConv2d(x, w, { ...options, bias });
      expectWithinTolerance(plain, expected.output, expected.bound);
    }
  });

  it.each(each)('%s: a layer writes only its output view, not the buffer around it', (_, engine) => {
    const rand = rng(3);
    const x = randomTensor([1, 4, 8, 8], rand);
    const w = randomTensor([3, 4, 3, 3], rand);
    const layer = engine.createConv2d(w, { padding: 1 });
    try {
      const buffer = new Float32Array(3 * 8 * 8 + 20).fill(-7);
      const out = { data: buffer.subarray(10, 10 + 3 * 8 * 8), shape: [1, 3, 8, 8] };
      layer.run(x, out);
      expect(Array.from(buffer.subarray(0, 10))).toEqual(new Array(10).fill(-7));
      expect(Array.from(buffer.subarray(10 + 3 * 64))).toEqual(new Array(10).fill(-7));
      expect(out.data).toEqual(layer.run(x).data);
    } finally {
      layer.dispose();
    }
  });
});

describe('an output that aliases the input', () => {
  it.each(each)('%s: the same tensor, the same data, or an overlapping view is a RangeError, and the layer works after it', (_, engine) => {
    const rand = rng(5);
    const w = randomTensor([2, 2, 1, 1], rand);
    const layer = engine.createConv2d(w); // 1×1, 2 → 2 channels: output shape = input shape
    try {
      const x = randomTensor([1, 2, 4, 4], rand);
      const message = 'conv2d: output overlaps the input (the same tensor, the same data, or overlapping views of one buffer); give a separate output';
      expect(() => layer.run(x, x)).toThrow(new RangeError(message));
      expect(() => layer.run(x, { data: x.data, shape: x.shape })).toThrow(message);
      const wide = new Float32Array(40);
      wide.set(x.data, 0);
      const input = { data: wide.subarray(0, 32), shape: [1, 2, 4, 4] };
      expect(() => layer.run(input, { data: wide.subarray(8, 40), shape: [1, 2, 4, 4] })).toThrow(message);
      expect(Array.from(wide.subarray(0, 32))).toEqual(Array.from(x.data)); // nothing was written
      // Adjacent but not overlapping is fine.
      const both = new Float32Array(64);
      both.set(x.data);
      const out = { data: both.subarray(32), shape: [1, 2, 4, 4] };
      layer.run({ data: both.subarray(0, 32), shape: [1, 2, 4, 4] }, out);
      expect(out.data).toEqual(layer.run(x).data);
    } finally {
      layer.dispose();
    }
  });
});
