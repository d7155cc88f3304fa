// convTranspose3d: the reference against a worked example and conv3d through the adjoint
// identity; every engine (builds, threads with calls in the pool, js) against the reference on
// random volumes: layouts, groups, strides beyond the kernel, dilations, padding forms, output
// padding, bias, activations (per-channel PReLU too), one-shot and as layers.
import { describe, expect, it } from 'vitest';
import { convTranspose3d, createEngineSync, reference, type ConvTranspose3dOptions, type Tensor } from '../src/index.js';
import { engineName, pooledEnginesForFile, wasmEngines } from './helpers/engines.js';
import { randomTensor, rng } from './helpers/random.js';
import { abs, expectWithinTolerance } from './helpers/tolerance.js';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + v * b[i]!, 0);

describe('convTranspose3d reference', () => {
  it('each input cell spreads a 2×2×2 block (stride 2, a filter of ones)', () => {
    const x = { data: Float32Array.of(1, 2), shape: [1, 1, 2, 1, 1] };
    const y = reference.convTranspose3d(x, { data: new Float32Array(8).fill(1), shape: [1, 1, 2, 2, 2] }, { strides: 2 });
    expect(y.shape).toEqual([1, 1, 4, 2, 2]);
    expect(Array.from(y.data)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2]);
  });

  it('is the adjoint of conv3d with the same filter array', () => {
    const rand = rng(8);
    for (let i = 0; i < 10; i++) {
      const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
      const s = [int(1, 2), int(1, 2), int(1, 2)] as [number, number, number];
      const k = [int(1, 3), int(1, 3), int(1, 3)];
      const size = [int(3, 6), int(3, 6), int(3, 6)];
      const x = randomTensor([1, 2, ...size], rand);
      const w = randomTensor([3, 2, ...k], rand); // conv3d OIDHW = convTranspose3d IODHW
      const y0 = reference.conv3d(x, w, { strides: s, padding: 1 });
      const y = randomTensor(y0.shape, rand);
      const outputPadding = [0, 1, 2].map((a) => size[a]! - ((y.shape[2 + a]! - 1) * s[a]! - 2 + k[a]!)) as [number, number, number];
      const back = reference.convTranspose3d(y, w, { strides: s, padding: 1, outputPadding });
      expect(back.shape).toEqual(x.shape);
      expect(Math.abs(dot(y0.data, y.data) - dot(x.data, back.data))).toBeLessThan(1e-4 * (1 + dot(abs(y0).data, abs(y).data)));
    }
  });
});

describe('convTranspose3d on every engine', () => {
  const engines = [...wasmEngines(), ...pooledEnginesForFile(), createEngineSync({ backend: 'js' })];
  const rand = rng(Number(process.env.SIMDCONV_SEED ?? 44));
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const cases: { input: Tensor; filter: Tensor; options: ConvTranspose3dOptions }[] = [];
  while (cases.length < 60) {
    const groups = int(1, 2);
    const [cg, mg] = [int(1, 3), int(1, 3)];
    const s = [int(1, 3), int(1, 2), int(1, 3)];
    const d = [int(1, 2), 1, int(1, 2)];
    const k = [int(1, 3), int(1, 3), int(1, 3)];
    const ndhwc = rand() < 0.5;
    const dhwoi = rand() < 0.5;
    const options: ConvTranspose3dOptions = {
      strides: s as [number, number, number],
      dilations: d as [number, number, number],
      padding: rand() < 0.2 ? 'same' : [int(0, 2), int(0, 2), int(0, 2), int(0, 2), int(0, 2), int(0, 2)],
      outputPadding: [int(0, Math.max(s[0]!, d[0]!) - 1), int(0, Math.max(s[1]!, d[1]!) - 1), int(0, Math.max(s[2]!, d[2]!) - 1)],
      groups,
      inputLayout: ndhwc ? 'ndhwc' : 'ncdhw',
      filterLayout: dhwoi ? 'dhwoi' : 'iodhw',
      ...(rand() < 0.5 ? { bias: randomTensor([groups * mg], rand).data } : {}),
      ...(rand() < 0.3 ? { activation: { type: 'prelu' as const, slope: randomTensor([groups * mg], rand).data } } : {}),
    };
    const size = [int(1, 5), int(1, 6), int(1, 6)];
    const input = randomTensor(ndhwc ? [int(1, 2), ...size, groups * cg] : [int(1, 2), groups * cg, ...size], rand);
    const filter = randomTensor(dhwoi ? [k[0]!, k[1]!, k[2]!, mg, groups * cg] : [groups * cg, mg, k[0]!, k[1]!, k[2]!], rand);
    try {
      reference.convTranspose3d(input, filter, options);
      cases.push({ input, filter, options });
    } catch {
      // the padding crops the whole output: draw again
    }
  }
  const expected = cases.map((c) => {
    const { activation: _, bias, ...rest } = c.options;
    return { output: reference.convTranspose3d(c.input, c.filter, c.options), bound: reference.convTranspose3d(abs(c.input), abs(c.filter), { ...rest, ...(bias ? { bias: (bias as Float32Array).map(Math.abs) } : {}) }).data };
  });

  it.each(engines.map((e) => [engineName(e), e] as const))('%s: one-shot, and as a layer into engine tensors', (_, engine) => {
    cases.forEach((c, i) => {
      const { output, bound } = expected[i]!;
      try {
        expectWithinTolerance(engine.convTranspose3d(c.input, c.filter, c.options), output, bound);
        const layer = engine.createConvTranspose3d(c.filter, c.options);
        const x = engine.tensor(c.input.shape, c.input.data);
        const y = engine.tensor(layer.outputShape(c.input.shape));
        layer.run(x, y);
        expectWithinTolerance({ data: y.read(), shape: y.shape }, output, bound);
        layer.dispose();
        x.dispose();
        y.dispose();
      } catch (error) {
        throw new Error(`${engineName(engine)} differs on input [${c.input.shape}], filter [${c.filter.shape}] ${JSON.stringify({ ...c.options, bias: undefined, activation: undefined })}: ${(error as Error).message}`);
      }
    });
  });

  it('the top-level convTranspose3d runs on the default engine', () => {
    expectWithinTolerance(convTranspose3d(cases[0]!.input, cases[0]!.filter, cases[0]!.options), expected[0]!.output, expected[0]!.bound);
  });
});
