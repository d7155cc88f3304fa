// Prepacked layers and engine tensors on every backend: the same answers as the reference for
// any input shape a layer accepts, in place or through JS, and the ownership rules.
import { describe, expect, it } from 'vitest';
import { createEngineSync, reference, type Conv2dOptions, type Engine, type Tensor } from '../src/index.js';
import { randomConvCase } from './helpers/conv-cases.js';
import { wasmEngines } from './helpers/engines.js';
import { expectedConv2d } from './helpers/expected.js';
import { randomTensor, rng } from './helpers/random.js';
import { expectWithinTolerance } from './helpers/tolerance.js';

const BASE_SEED = Number(process.env.SIMDCONV_SEED ?? Date.now() % 1_000_000);
const CASES = Number(process.env.SIMDCONV_CASES ?? 120);
const engines: Engine[] = [...wasmEngines(), createEngineSync({ backend: 'js' })];
const each = engines.map((e) => [e.backend, e] as const);

/** The same channels and layout as `x`, another batch and size (drawn from `rand`). */
function resized(x: Tensor, options: Conv2dOptions, rand: () => number): Tensor {
  const nhwc = options.inputLayout === 'nhwc';
  const [, a, b, c] = x.shape as [number, number, number, number];
  const channels = nhwc ? c : a;
  const batch = 1 + Math.floor(rand() * 3);
  const grow = () => Math.floor(rand() * 9);
  const [h, w] = nhwc ? [a + grow(), b + grow()] : [b + grow(), c + grow()];
  return randomTensor(nhwc ? [batch, h, w, channels] : [batch, channels, h, w], rand);
}

describe('prepacked conv2d layers', () => {
  it.each(each)('%s: a layer matches the reference on its input and on other sizes, plain and in place', (_, engine) => {
    console.log(`layers: ${CASES} random layers from seed ${BASE_SEED} on ${engine.backend}`);
    const rand = rng(BASE_SEED);
    for (let i = 0; i < CASES; i++) {
      const c = randomConvCase(BASE_SEED + i);
      const layer = engine.createConv2d(c.filter, c.options);
      const inputs = [c.input, resized(c.input, c.options, rand)];
      for (const x of inputs) {
        const expected = expectedConv2d(x, c.filter, c.options);
        const where = `${c.description} on input ${JSON.stringify(x.shape)}`;
        try {
          expectWithinTolerance(layer.run(x), expected.output, expected.bound);
          // In place: both operands in the engine's memory.
          const xs = engine.tensor(x.shape, x.data);
          const ys = engine.tensor(layer.outputShape(x.shape));
          expect(layer.run(xs, ys)).toBe(ys);
          expectWithinTolerance({ data: ys.read(), shape: ys.shape }, expected.output, expected.bound);
          // Into a plain output tensor.
          const out = { data: new Float32Array(expected.output.data.length), shape: expected.output.shape };
          expect(layer.run(xs, out)).toBe(out);
          expectWithinTolerance(out, expected.output, expected.bound);
          xs.dispose();
          ys.dispose();
        } catch (error) {
          throw new Error(`${engine.backend}, ${where}: ${(error as Error).message}`);
        }
      }
      layer.dispose();
    }
  });

  it.each(each)('%s: the filter and bias are fixed at creation', (_, engine) => {
    const rand = rng(7);
    const x = randomTensor([1, 8, 9, 9], rand);
    const w = randomTensor([16, 8, 3, 3], rand);
    const bias = randomTensor([16], rand).data;
    const before = reference.conv2d(x, w, { padding: 1, bias });
    const layer = engine.createConv2d(w, { padding: 1, bias });
    w.data.fill(0);
    bias.fill(0);
    const y = layer.run(x);
    for (let k = 0; k < y.data.length; k++) expect(Math.abs(y.data[k]! - before.data[k]!)).toBeLessThan(1e-4);
    layer.dispose();
  });

  it.each(each)('%s: options are read once (a getter cannot change a layer)', (_, engine) => {
    let reads = 0;
    const options = {
      get padding() {
        reads++;
        return reads === 1 ? 1 : 0;
      },
    };
    const layer = engine.createConv2d(randomTensor([2, 1, 3, 3], rng(1)), options);
    expect(layer.outputShape([1, 1, 5, 5])).toEqual([1, 2, 5, 5]);
    expect(layer.outputShape([3, 1, 7, 6])).toEqual([3, 2, 7, 6]);
    expect(reads).toBe(1);
    layer.dispose();
  });

  it.each(each)('%s: depthwise, grouped and 1-D layers', (_, engine) => {
    const rand = rng(11);
    const cases: [Tensor, Tensor, Conv2dOptions][] = [
      // depthwise NCHW with a channel multiplier of 2
      [randomTensor([2, 12, 10, 11], rand), randomTensor([24, 1, 3, 3], rand), { groups: 12, padding: 'same', strides: 2 }],
      // depthwise NHWC, TensorFlow's filter layout
      [randomTensor([1, 8, 12, 9], rand), randomTensor([3, 3, 1, 9], rand), { groups: 9, inputLayout: 'nhwc', filterLayout: 'hwio', padding: 1 }],
      // grouped
      [randomTensor([1, 16, 9, 9], rand), randomTensor([8, 4, 3, 3], rand), { groups: 4, padding: 1, activation: 'relu' }],
    ];
    for (const [x, filter, options] of cases) {
      const layer = engine.createConv2d(filter, options);
      for (const input of [x, resized(x, options, rand)]) {
        const expected = expectedConv2d(input, filter, options);
        expectWithinTolerance(layer.run(input), expected.output, expected.bound);
      }
      layer.dispose();
    }
    const x1 = randomTensor([2, 5, 40], rand);
    const w1 = randomTensor([7, 5, 4], rand);
    const conv1 = engine.createConv1d(w1, { padding: 'same', dilations: 2 });
    const want = reference.conv1d(x1, w1, { padding: 'same', dilations: 2 });
    const got = conv1.run(x1);
    expect(got.shape).toEqual(want.shape);
    for (let k = 0; k < got.data.length; k++) expect(Math.abs(got.data[k]! - want.data[k]!)).toBeLessThan(1e-4);
    conv1.dispose();
  });
});

describe('a chain of layers on engine tensors', () => {
  it.each(each)('%s: conv → pool → conv → global average, in place, equals the reference chain', (_, engine) => {
    const rand = rng(99);
    const x = randomTensor([2, 3, 20, 20], rand);
    const w1 = randomTensor([8, 3, 3, 3], rand);
    const w2 = randomTensor([12, 8, 3, 3], rand);
    const b1 = randomTensor([8], rand).data;
    const conv1 = engine.createConv2d(w1, { padding: 1, bias: b1, activation: 'relu' });
    const pool = engine.createMaxPool2d({ windowDimensions: 2, strides: 2 });
    const conv2 = engine.createConv2d(w2, { padding: 'same', activation: 'relu6' });
    const gap = engine.createAvgPool2d();

    const t0 = engine.tensor(x.shape, x.data);
    const t1 = engine.tensor(conv1.outputShape(t0.shape));
    const t2 = engine.tensor(pool.outputShape(t1.shape));
    const t3 = engine.tensor(conv2.outputShape(t2.shape));
    const t4 = engine.tensor(gap.outputShape(t3.shape));
    conv1.run(t0, t1);
    pool.run(t1, t2);
    conv2.run(t2, t3);
    gap.run(t3, t4);

    const r1 = reference.conv2d(x, w1, { padding: 1, bias: b1, activation: 'relu' });
    const r2 = reference.maxPool2d(r1, { windowDimensions: 2, strides: 2 });
    const r3 = reference.conv2d(r2, w2, { padding: 'same', activation: 'relu6' });
    const r4 = reference.avgPool2d(r3);
    expect(t4.shape).toEqual([2, 12, 1, 1]);
    const y = t4.read();
    for (let k = 0; k < y.length; k++) expect(Math.abs(y[k]! - r4.data[k]!)).toBeLessThan(1e-4);
    for (const t of [t0, t1, t2, t3, t4]) t.dispose();
    for (const l of [conv1, pool, conv2, gap]) l.dispose();
  });
});

describe('ownership and misuse', () => {
  it('a shape that joins like a cached one but is not numbers is still rejected (the shape cache compares elements)', () => {
    const engine = createEngineSync({ backend: 'simd' });
    const layer = engine.createConv2d({ shape: [1, 1, 1, 1], data: Float32Array.of(3) });
    expect(layer.run({ shape: [1, 1, 2, 2], data: new Float32Array(4).fill(1) }).data).toEqual(new Float32Array(4).fill(3));
    expect(() => layer.run({ shape: ['1', '1', '2', '2'] as unknown as number[], data: new Float32Array(4).fill(1) })).toThrow(
      'conv2d: input shape must hold positive integers [N, C, H, W] (nchw), got ["1", "1", "2", "2"]',
    );
    // and the numeric shape still runs, from the cache
    expect(layer.run({ shape: [1, 1, 2, 2], data: new Float32Array(4).fill(2) }).data).toEqual(new Float32Array(4).fill(6));
  });

  it.each(each)('%s: a disposed layer or tensor throws, and the engine keeps working', (_, engine) => {
    const rand = rng(3);
    const x = randomTensor([1, 2, 6, 6], rand);
    const w = randomTensor([3, 2, 3, 3], rand);
    const layer = engine.createConv2d(w);
    layer.dispose();
    expect(layer.disposed).toBe(true);
    expect(() => layer.run(x)).toThrow(/conv2d: this layer .*was disposed/);
    layer.dispose(); // twice is harmless
    const t = engine.tensor(x.shape, x.data);
    t.dispose();
    expect(t.disposed).toBe(true);
    expect(() => t.data).toThrow(/was disposed/);
    expect(() => t.read()).toThrow(/was disposed/);
    const live = engine.createConv2d(w);
    expect(() => live.run(t)).toThrow(/conv2d: input of shape \[1, 2, 6, 6\] was disposed/);
    expect(() => engine.conv2d(t, w)).toThrow(/was disposed/);
    const y = live.run(x);
    expect(y.shape).toEqual([1, 3, 4, 4]);
    live.dispose();
  });

  it.each(each)('%s: a wrong output shape, or an output that is the input, is rejected', (_, engine) => {
    const rand = rng(4);
    const x = randomTensor([1, 2, 6, 6], rand);
    const layer = engine.createConv2d(randomTensor([2, 2, 1, 1], rand));
    expect(() => layer.run(x, { data: new Float32Array(71), shape: [1, 2, 6, 6] })).toThrow(RangeError);
    expect(() => layer.run(x, { data: new Float32Array(72), shape: [1, 2, 3, 12] })).toThrow(
      'conv2d: output must have shape [1, 2, 6, 6] for an input of shape [1, 2, 6, 6], got [1, 2, 3, 12]',
    );
    expect(() => layer.run(x, x)).toThrow('conv2d: output overlaps the input (the same tensor, the same data, or overlapping views of one buffer); give a separate output');
    const t = engine.tensor(x.shape, x.data);
    if (engine.backend !== 'js') expect(() => layer.run(t, t)).toThrow(/output overlaps the input/);
    expect(layer.run(t).shape).toEqual([1, 2, 6, 6]);
    t.dispose();
    layer.dispose();
  });

  it.each(each)('%s: creating a layer validates its filter and options at once', (_, engine) => {
    const w = randomTensor([4, 2, 3, 3], rng(5));
    expect(() => engine.createConv2d(w, { strides: 0 })).toThrow('conv2d: strides must be a positive integer or a pair [height, width] of them, got 0');
    expect(() => engine.createConv2d(w, { stride: 2 } as Conv2dOptions)).toThrow(/unknown option `stride`; did you mean `strides`\?/);
    expect(() => engine.createConv2d(w, { bias: new Float32Array(3) })).toThrow(/bias has 3 values but the filter has 4 output channels/);
    expect(() => engine.createConv2d({ data: new Float32Array(5), shape: [4, 2, 3, 3] })).toThrow(/filter.data has 5 elements/);
    const layer = engine.createConv2d(w, { groups: 1 });
    expect(() => layer.run(randomTensor([1, 3, 5, 5], rng(6)))).toThrow(/input has 3 channels/);
    layer.dispose();
  });

  it('engine tensors belong to their engine', () => {
    const [a, b] = [createEngineSync({ backend: 'simd' }), createEngineSync({ backend: 'simd' })];
    const t = a.tensor([1, 1, 4, 4]);
    const layer = b.createConv2d(randomTensor([1, 1, 3, 3], rng(8)));
    expect(() => layer.run(t)).toThrow(/input belongs to another engine/);
    t.dispose();
    layer.dispose();
  });

  it("another engine's tensor is a TypeError as input or output, across builds, for layers and one-shot calls", () => {
    const [simd, scalar, js] = [createEngineSync({ backend: 'simd' }), createEngineSync({ backend: 'scalar' }), createEngineSync({ backend: 'js' })];
    const w = randomTensor([2, 1, 3, 3], rng(12));
    const conv = simd.createConv2d(w);
    const pool = simd.createMaxPool2d({ windowDimensions: 2 });
    const x = simd.tensor([1, 1, 4, 4]);
    const foreignIn = scalar.tensor([1, 1, 4, 4]);
    const foreignOut = scalar.tensor([1, 2, 2, 2]);
    const another = /belongs to another engine; tensors made by engine.tensor\(\) work only with layers of the same engine/;
    for (const call of [
      () => conv.run(foreignIn),
      () => conv.run(x, foreignOut),
      () => pool.run(foreignIn),
      () => pool.run(x, scalar.tensor([1, 1, 3, 3])),
      () => simd.conv2d(foreignIn, w),
      () => simd.maxPool2d(foreignIn),
      () => simd.conv1d(scalar.tensor([1, 1, 4]), randomTensor([1, 1, 2], rng(13))),
      () => conv.run(js.tensor([1, 1, 4, 4])), // a js-backend tensor is another engine's too
    ]) {
      expect(call).toThrow(TypeError);
      expect(call).toThrow(another);
    }
    expect(conv.run(x, simd.tensor([1, 2, 2, 2])).shape).toEqual([1, 2, 2, 2]); // the engine is still usable
    conv.dispose();
    pool.dispose();
  });

  it('an engine tensor stays readable when memory grows, and the values are kept', () => {
    const engine = createEngineSync({ backend: 'simd' });
    const t = engine.tensor([4], [1, 2, 3, 4]);
    const held = t.data;
    const big = engine.tensor([64, 1024, 1024]); // 256 MiB: memory must grow
    expect(held.length).toBe(0); // the JavaScript engine detached the old view
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4]);
    big.dispose();
    t.dispose();
  });

  it.each(each)('%s: creating and disposing layers and tensors leaks no memory', (_, engine) => {
    const rand = rng(9);
    const w = randomTensor([16, 8, 3, 3], rand);
    const x = randomTensor([1, 8, 16, 16], rand);
    const cycle = () => {
      const layer = engine.createConv2d(w, { padding: 1 });
      const t = engine.tensor(x.shape, x.data);
      const y = engine.tensor(layer.outputShape(x.shape));
      layer.run(t, y);
      layer.dispose();
      t.dispose();
      y.dispose();
    };
    cycle();
    const bytes = engine.memoryBytes;
    for (let i = 0; i < 300; i++) cycle();
    expect(engine.memoryBytes).toBe(bytes);
  });
});
