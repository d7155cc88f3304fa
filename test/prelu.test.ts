// PReLU with one slope per output channel: applied right after the kernels (preluTask), so
// every path, layout, the transposed convolution's stacked phases and conv3d's folded depth get
// it; checked against the reference on every engine. One slope is leaky ReLU, fused.
import { describe, expect, it } from 'vitest';
import { createEngineSync, reference, type Activation, type Tensor } from '../src/index.js';
import { engineName, pooledEnginesForFile, wasmEngines } from './helpers/engines.js';
import { randomTensor, rng } from './helpers/random.js';
import { abs, expectWithinTolerance } from './helpers/tolerance.js';

const engines = [...wasmEngines(), ...pooledEnginesForFile(), createEngineSync({ backend: 'js' })];
const rand = rng(12);

describe('prelu', () => {
  it('is x for x ≥ 0 and slope[c] · x below, per output channel (worked example)', () => {
    const x = { data: Float32Array.of(-2, 3), shape: [1, 1, 1, 2] };
    const w = { data: Float32Array.of(1, -1), shape: [2, 1, 1, 1] }; // channel 0: x, channel 1: −x
    const y = reference.conv2d(x, w, { activation: { type: 'prelu', slope: Float32Array.of(0.5, 0.25) } });
    expect(Array.from(y.data)).toEqual([-1, 3, 2, -0.75]);
    expect(reference.conv2d(x, w, { activation: { type: 'prelu', slope: 0.1 } }).data).toEqual(reference.conv2d(x, w, { activation: { type: 'leakyRelu', alpha: 0.1 } }).data);
  });

  const cases: { name: string; run: (e: (typeof engines)[number]) => Tensor; expected: Tensor; bound: Float32Array }[] = [];
  for (const layout of ['nchw', 'nhwc'] as const) {
    const x = randomTensor(layout === 'nchw' ? [2, 6, 7, 9] : [2, 7, 9, 6], rand);
    for (const [kind, filterShape, options] of [
      ['3×3 dense', [5, 6, 3, 3], { padding: 1 }],
      ['1×1', [13, 6, 1, 1], {}],
      ['depthwise', [6, 1, 3, 3], { groups: 6, padding: 1 }],
      ['winograd', [8, 6, 3, 3], { padding: 1, algorithm: 'winograd' }],
    ] as const) {
      const filter = randomTensor([...filterShape], rand);
      const activation: Activation = { type: 'prelu', slope: randomTensor([filterShape[0]], rand).data };
      const o = { ...options, inputLayout: layout, filterLayout: 'oihw' as const, activation, bias: randomTensor([filterShape[0]], rand).data };
      const { activation: _, ...plain } = o;
      cases.push({ name: `conv2d ${kind} ${layout}`, run: (e) => e.conv2d(x, filter, o), expected: reference.conv2d(x, filter, o), bound: reference.conv2d(abs(x), abs(filter), { ...plain, bias: o.bias.map(Math.abs) }).data });
    }
    const wt = randomTensor([6, 3, 4, 4], rand);
    const ot = { strides: 2, padding: 1, inputLayout: layout, activation: { type: 'prelu' as const, slope: randomTensor([3], rand).data } };
    cases.push({ name: `convTranspose2d ${layout}`, run: (e) => e.convTranspose2d(x, wt, ot), expected: reference.convTranspose2d(x, wt, ot), bound: reference.convTranspose2d(abs(x), abs(wt), { strides: 2, padding: 1, inputLayout: layout }).data });
  }
  const x3 = randomTensor([1, 3, 4, 5, 5], rand);
  const w3 = randomTensor([4, 3, 2, 3, 3], rand);
  const o3 = { padding: 1, activation: { type: 'prelu' as const, slope: randomTensor([4], rand).data } };
  cases.push({ name: 'conv3d', run: (e) => e.conv3d(x3, w3, o3), expected: reference.conv3d(x3, w3, o3), bound: reference.conv3d(abs(x3), abs(w3), { padding: 1 }).data });

  it.each(engines.map((e) => [engineName(e), e] as const))('%s: every path and operator against the reference', (_, engine) => {
    for (const c of cases) {
      try {
        expectWithinTolerance(c.run(engine), c.expected, c.bound);
      } catch (error) {
        throw new Error(`${c.name}: ${(error as Error).message}`);
      }
    }
  });

  it('names what is wrong', () => {
    const x = randomTensor([1, 2, 4, 4], rand);
    const w = randomTensor([3, 2, 3, 3], rand);
    expect(() => reference.conv2d(x, w, { activation: { type: 'prelu', slope: new Float32Array(2) } })).toThrow('conv2d: prelu activation has 2 slopes but the filter has 3 output channels');
    expect(() => reference.conv2d(x, w, { activation: { type: 'prelu', slope: [1, 2, 3] as never } })).toThrow(TypeError);
    expect(() => reference.conv2d(x, w, { activation: 'prelu' as never })).toThrow("prelu takes its slope: { type: 'prelu', slope } (a number or one per output channel)");
  });
});
