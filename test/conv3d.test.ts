// conv3d: the reference against worked examples and against conv2d (a depth of 1, and a sum of
// conv2d's over the kernel's depth taps); every engine (every build, threads with calls in the
// pool, js) against the reference on random volumes: layouts, groups, strides, dilations,
// padding forms and modes; layers; conv3dOutputShape.
import { describe, expect, it } from 'vitest';
import { conv3d, conv3dOutputShape, createEngineSync, reference, type Conv3dOptions, type Tensor } from '../src/index.js';
import { engineName, pooledEnginesForFile, wasmEngines } from './helpers/engines.js';
import { randomTensor, rng } from './helpers/random.js';
import { abs, expectWithinTolerance } from './helpers/tolerance.js';

const ones = (shape: number[]): Tensor => ({ data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(1), shape });

describe('conv3d reference', () => {
  it('a 3×3×3 box of ones over a 4³ volume of ones: 27 per input channel', () => {
    const y = reference.conv3d(ones([1, 2, 4, 4, 4]), ones([3, 2, 3, 3, 3]));
    expect(y.shape).toEqual([1, 3, 2, 2, 2]);
    expect(Array.from(y.data)).toEqual(new Array(24).fill(54));
    // Padding 1: a corner output sees 2×2×2 cells per channel.
    expect(reference.conv3d(ones([1, 2, 4, 4, 4]), ones([3, 2, 3, 3, 3]), { padding: 1 }).data[0]).toBe(16);
  });

  it('with a depth of 1 it is conv2d', () => {
    const rand = rng(3);
    const x = randomTensor([2, 4, 1, 7, 6], rand);
    const w = randomTensor([6, 2, 1, 3, 2], rand);
    const o2 = { padding: [1, 0, 2, 1] as const, strides: [2, 1] as const, groups: 2, bias: randomTensor([6], rand).data };
    const y3 = reference.conv3d(x, w, { ...o2, padding: [0, 0, 1, 0, 2, 1], strides: [1, 2, 1] });
    const y2 = reference.conv2d({ data: x.data, shape: [2, 4, 7, 6] }, { data: w.data, shape: [6, 2, 3, 2] }, o2);
    expect(y3.data).toEqual(y2.data);
  });

  it('is the sum over the depth taps of conv2d of the depth slices', () => {
    const rand = rng(4);
    const x = randomTensor([1, 2, 5, 6, 6], rand);
    const w = randomTensor([3, 2, 2, 3, 3], rand);
    const y = reference.conv3d(x, w, { strides: [2, 1, 1] });
    /** Depth slice `index` of a 5-D tensor (NCDHW or OIDHW) as 4-D. */
    const slice = (t: Tensor, index: number): Tensor => {
      const [a, b, d, h, wd] = t.shape as number[];
      const out = new Float32Array(a! * b! * h! * wd!);
      for (let i = 0; i < a!; i++) for (let j = 0; j < b!; j++) out.set(t.data.subarray(((i * b! + j) * d! + index) * h! * wd!, ((i * b! + j) * d! + index + 1) * h! * wd!), (i * b! + j) * h! * wd!);
      return { data: out, shape: [a!, b!, h!, wd!] };
    };
    for (const od of [0, 1]) {
      const expected = new Float64Array(3 * 4 * 4);
      for (const kd of [0, 1]) reference.conv2d(slice(x, 2 * od + kd), slice(w, kd)).data.forEach((v, i) => (expected[i] = expected[i]! + v));
      const got = Array.from({ length: 3 * 16 }, (_, i) => y.data[(Math.floor(i / 16) * 2 + od) * 16 + (i % 16)]!);
      got.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
    }
  });

  it('conv3dOutputShape', () => {
    expect(conv3dOutputShape([1, 3, 16, 112, 112], [64, 3, 3, 7, 7], { strides: [1, 2, 2], padding: [1, 3, 3] })).toEqual([1, 64, 16, 56, 56]);
    expect(conv3dOutputShape([2, 8, 9, 9, 4], [3, 3, 3, 4, 5], { inputLayout: 'ndhwc', filterLayout: 'dhwio', padding: 'same', strides: 2 })).toEqual([2, 4, 5, 5, 5]);
    expect(() => conv3dOutputShape([1, 3, 2, 8, 8], [4, 3, 3, 3, 3])).toThrow('conv3dOutputShape: output depth would be 0: the padded input depth 2 + 0 + 0 = 2 is smaller than the kernel\'s extent 3 (kernel 3, dilation 1); expected an output depth of at least 1');
  });
});

describe('conv3d on every engine', () => {
  const engines = [...wasmEngines(), ...pooledEnginesForFile(), createEngineSync({ backend: 'js' })];
  const rand = rng(Number(process.env.SIMDCONV_SEED ?? 99));
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const cases: { input: Tensor; filter: Tensor; options: Conv3dOptions }[] = [];
  while (cases.length < 80) {
    const groups = int(1, 2);
    const [d, h, w] = [int(1, 7), int(1, 8), int(1, 8)];
    const c = groups * int(1, 4);
    const m = groups * int(1, 4);
    const k = [int(1, 3), int(1, 3), int(1, 3)];
    const ndhwc = rand() < 0.5;
    const dhwio = rand() < 0.5;
    const options: Conv3dOptions = {
      padding: rand() < 0.3 ? 'same' : [int(0, 2), int(0, 2), int(0, 2), int(0, 2), int(0, 2), int(0, 2)],
      paddingMode: (['zeros', 'zeros', 'reflect', 'replicate', 'circular'] as const)[int(0, 4)],
      strides: [int(1, 2), int(1, 2), int(1, 2)],
      dilations: [int(1, 2), int(1, 2), 1],
      groups,
      inputLayout: ndhwc ? 'ndhwc' : 'ncdhw',
      filterLayout: dhwio ? 'dhwio' : 'oidhw',
      ...(rand() < 0.5 ? { bias: randomTensor([m], rand).data } : {}),
      ...(rand() < 0.3 ? { activation: 'relu' as const } : {}),
    };
    const input = randomTensor(ndhwc ? [int(1, 2), d, h, w, c] : [int(1, 2), c, d, h, w], rand);
    const filter = randomTensor(dhwio ? [k[0]!, k[1]!, k[2]!, c / groups, m] : [m, c / groups, k[0]!, k[1]!, k[2]!], rand);
    try {
      reference.conv3d(input, filter, options);
      cases.push({ input, filter, options });
    } catch {
      // the kernel does not fit, or a pad is too large for its mode: draw again
    }
  }
  const expected = cases.map((c) => {
    const { activation: _, bias, ...rest } = c.options;
    return { output: reference.conv3d(c.input, c.filter, c.options), bound: reference.conv3d(abs(c.input), abs(c.filter), { ...rest, ...(bias ? { bias: (bias as Float32Array).map(Math.abs) } : {}) }).data };
  });

  it.each(engines.map((e) => [engineName(e), e] as const))('%s: one-shot, as a layer and into engine tensors', (_, engine) => {
    cases.forEach((c, i) => {
      const { output, bound } = expected[i]!;
      const what = `input [${c.input.shape}], filter [${c.filter.shape}] ${JSON.stringify({ ...c.options, bias: undefined })}`;
      try {
        expectWithinTolerance(engine.conv3d(c.input, c.filter, c.options), output, bound);
        const layer = engine.createConv3d(c.filter, c.options);
        const x = engine.tensor(c.input.shape, c.input.data);
        const y = engine.tensor(layer.outputShape(c.input.shape));
        layer.run(x, y);
        expectWithinTolerance({ data: y.read(), shape: y.shape }, output, bound);
        layer.dispose();
        x.dispose();
        y.dispose();
      } catch (error) {
        throw new Error(`${engineName(engine)} differs on ${what}: ${(error as Error).message}`);
      }
    });
  });

  it.each(engines.map((e) => [engineName(e), e] as const))('%s: channel-wise (X3D), with a multiplier, padding modes, bias and activations, both layouts', (_, engine) => {
    const r = rng(55);
    for (const ndhwc of [false, true]) {
      for (const [activation, paddingMode] of [['relu', 'zeros'], [{ type: 'prelu', slope: randomTensor([12], r).data }, 'reflect'], ['gelu', 'replicate']] as const) {
        const input = randomTensor(ndhwc ? [2, 5, 6, 7, 6] : [2, 6, 5, 6, 7], r);
        const filter = randomTensor([12, 1, 3, 3, 3], r); // multiplier 2
        const options: Conv3dOptions = { groups: 6, padding: 1, strides: [2, 1, 1], paddingMode, inputLayout: ndhwc ? 'ndhwc' : 'ncdhw', bias: randomTensor([12], r).data, activation };
        const bound = reference.conv3d(abs(input), abs(filter), { ...options, activation: undefined, bias: (options.bias as Float32Array).map(Math.abs) }).data;
        expectWithinTolerance(engine.conv3d(input, filter, options), reference.conv3d(input, filter, options), bound.map((v) => 1.13 * v));
      }
    }
  });

  it('the top-level conv3d runs on the default engine', () => {
    const { input, filter, options } = cases[0]!;
    expectWithinTolerance(conv3d(input, filter, options), expected[0]!.output, expected[0]!.bound);
  });
});
