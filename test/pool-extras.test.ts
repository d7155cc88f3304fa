// maxPool2dWithIndices, maxUnpool2d and lpPool2d: worked examples from PyTorch's and ONNX's
// documentation, both index conventions and storage orders, both layouts, NaN and ties, and the
// round trip pool → unpool; every engine (every build, and the threaded ones with every call in
// the pool) bit for bit against the reference on random cases. Replay with SIMDCONV_SEED=<seed>.
import { describe, expect, it } from 'vitest';
import { createEngineSync, lpPool2d, maxPool2d, maxPool2dWithIndices, maxPool3d, maxPool3dWithIndices, maxUnpool2d, maxUnpool3d, nchwToNhwc, nhwcToNchw, reference, type Tensor } from '../src/index.js';
import { permute } from '../src/layout/permute.js';
import type { MaxPool2dWithIndicesOptions } from '../src/index.js';
import { engineName, pooledEnginesForFile, wasmEngines } from './helpers/engines.js';
import { randomTensor, rng } from './helpers/random.js';

const t = (data: readonly number[], shape: readonly number[]): Tensor => ({ data: Float32Array.from(data), shape });
const X = t([1, 2, 5, 6, 3, 4, 7, 8, 9, 10, 13, 14, 11, 12, 15, 16], [1, 1, 4, 4]);

describe('maxPool2dWithIndices', () => {
  it("PyTorch's indices (within each plane) and ONNX's (within the tensor, either storage order)", () => {
    const plane = maxPool2dWithIndices(X, { windowDimensions: 2, strides: 2 });
    expect(Array.from(plane.output.data)).toEqual([4, 8, 12, 16]);
    expect(Array.from(plane.indices.data)).toEqual([5, 7, 13, 15]);
    expect(Array.from(maxPool2dWithIndices(X, { windowDimensions: 2, strides: 2, storageOrder: 'column' }).indices.data)).toEqual([5, 13, 7, 15]);
    const two = { data: Float32Array.from([...X.data, ...X.data.map((v) => -v)]), shape: [1, 2, 4, 4] };
    expect(Array.from(maxPool2dWithIndices(two, { windowDimensions: 2, strides: 2, indices: 'tensor' }).indices.data)).toEqual([5, 7, 13, 15, 16, 18, 24, 26]);
    expect(Array.from(maxPool2dWithIndices(two, { windowDimensions: 2, strides: 2, indices: 'plane' }).indices.data)).toEqual([5, 7, 13, 15, 0, 2, 8, 10]);
  });

  it("ONNX's maxpool_2d_precomputed_strides example (5×5, window 2, stride 2)", () => {
    const x = t(Array.from({ length: 25 }, (_, i) => i + 1), [1, 1, 5, 5]);
    const r = maxPool2dWithIndices(x, { windowDimensions: 2, strides: 2 });
    expect(Array.from(r.output.data)).toEqual([7, 9, 17, 19]);
    expect(Array.from(r.indices.data)).toEqual([6, 8, 16, 18]);
  });

  it('values equal maxPool2d on random inputs, in both layouts, with padding, dilation and ceil mode', () => {
    const rand = rng(5);
    const x = randomTensor([2, 3, 9, 8], rand);
    const options = { windowDimensions: [3, 2] as [number, number], strides: [2, 3] as [number, number], padding: 1, dilations: [1, 2] as [number, number], roundingType: 'ceil' as const };
    const r = maxPool2dWithIndices(x, options);
    expect(r.output.data).toEqual(maxPool2d(x, options).data);
    r.indices.data.forEach((index, k) => expect(x.data[Math.floor(k / (r.output.shape[2]! * r.output.shape[3]!)) * 72 + index]).toBe(r.output.data[k]));
    const rn = maxPool2dWithIndices(nchwToNhwc(x), { ...options, inputLayout: 'nhwc' });
    expect(nhwcToNchw(rn.output).data).toEqual(r.output.data);
    expect(Array.from(nhwcToNchw({ data: Float32Array.from(rn.indices.data), shape: rn.indices.shape }).data)).toEqual(Array.from(r.indices.data));
  });

  it('the first NaN wins; among equal maxima the first; +0 above −0', () => {
    const x = t([1, NaN, NaN, 1, 2, 2, -0, 0], [1, 1, 2, 4]);
    const r = maxPool2dWithIndices(x, { windowDimensions: [1, 2], strides: [1, 2] });
    expect(Array.from(r.indices.data)).toEqual([1, 2, 4, 7]);
    expect(Object.is(r.output.data[3], 0)).toBe(true);
  });
});

describe('maxUnpool2d', () => {
  it("puts each value back where it came from, zeros elsewhere (PyTorch's MaxUnpool2d example)", () => {
    const { output, indices } = maxPool2dWithIndices(X, { windowDimensions: 2, strides: 2 });
    const y = maxUnpool2d(output, indices, { windowDimensions: 2, strides: 2 });
    expect(y.shape).toEqual([1, 1, 4, 4]);
    expect(Array.from(y.data)).toEqual([0, 0, 0, 0, 0, 4, 0, 8, 0, 0, 0, 0, 0, 12, 0, 16]);
    // outputSizes: a 5×5 original (PyTorch's output_size), its indices still fit.
    expect(maxUnpool2d(output, indices, { windowDimensions: 2, strides: 2, outputSizes: [5, 5] }).shape).toEqual([1, 1, 5, 5]);
  });

  it('round trip in NHWC and with tensor indices', () => {
    const rand = rng(6);
    // Positive values: the unpooled zeros never win the second pooling.
    const x = { data: randomTensor([2, 3, 6, 6], rand).data.map((v) => Math.abs(v) + 0.125), shape: [2, 3, 6, 6] };
    for (const indices of ['plane', 'tensor'] as const) {
      const r = maxPool2dWithIndices(nchwToNhwc(x), { windowDimensions: 2, strides: 2, inputLayout: 'nhwc', indices });
      const y = nhwcToNchw(maxUnpool2d(r.output, r.indices, { windowDimensions: 2, strides: 2, inputLayout: 'nhwc', indices }));
      expect(maxPool2d(y, { windowDimensions: 2, strides: 2 }).data).toEqual(nhwcToNchw(r.output).data);
      expect(y.data.filter((v) => v !== 0).length).toBe(r.output.data.length);
      y.data.forEach((v, k) => expect(v === 0 || v === x.data[k]).toBe(true));
    }
  });

  it('names what is wrong', () => {
    const { output, indices } = maxPool2dWithIndices(X, { windowDimensions: 2, strides: 2 });
    expect(() => maxUnpool2d(output, { data: Int32Array.of(5, 7, 13, 99), shape: [1, 1, 2, 2] }, { windowDimensions: 2, strides: 2 })).toThrow('maxUnpool2d: index 99 (input cell 3 in NCHW order) is outside its plane\'s 16 cells (4×4)');
    expect(() => maxUnpool2d(output, { data: Float32Array.of(5, 7, 13, 15), shape: [1, 1, 2, 2] } as never, { windowDimensions: 2 })).toThrow(TypeError);
    expect(() => maxUnpool2d(output, indices, {} as never)).toThrow('maxUnpool2d: windowDimensions is required');
  });
});

describe('lpPool2d', () => {
  it('the p-norm of each window (ONNX LpPool, WebNN l2Pool2d)', () => {
    expect(Array.from(lpPool2d(t([3, -4, 0, 0], [1, 1, 2, 2])).data)).toEqual([5]);
    const y = lpPool2d(X, { windowDimensions: 2, strides: 2, p: 1 });
    expect(Array.from(y.data)).toEqual([10, 26, 42, 58]);
    const cube = lpPool2d(t([1, 2, 2, 0], [1, 1, 2, 2]), { p: 3 });
    expect(cube.data[0]).toBeCloseTo(Math.cbrt(17), 6);
  });

  it('padding adds nothing; p must be positive', () => {
    expect(Array.from(lpPool2d(t([3, 4], [1, 1, 1, 2]), { windowDimensions: [1, 3], padding: [0, 0, 1, 1] }).data)).toEqual([5, 5]);
    expect(() => lpPool2d(X, { p: 0 })).toThrow("lpPool2d: p must be a finite number > 0 (the norm's exponent), got 0");
  });
});

describe('maxPool3dWithIndices and maxUnpool3d', () => {
  it('a volume of one depth gives maxPool2dWithIndices\'s values and indices, in both storage orders and numberings', () => {
    const rand = rng(8);
    const x = randomTensor([2, 3, 7, 6], rand);
    const volume = { data: x.data, shape: [2, 3, 1, 7, 6] };
    for (const indices of ['plane', 'tensor'] as const) {
      for (const storageOrder of ['row', 'column'] as const) {
        const flat = maxPool2dWithIndices(x, { windowDimensions: [3, 2], strides: 2, padding: [1, 1, 0, 1], indices, storageOrder });
        const deep = maxPool3dWithIndices(volume, { windowDimensions: [1, 3, 2], strides: [1, 2, 2], padding: [0, 0, 1, 1, 0, 1], indices, storageOrder });
        expect(deep.output.data).toEqual(flat.output.data);
        expect(Array.from(deep.indices.data)).toEqual(Array.from(flat.indices.data));
      }
    }
  });

  it("values equal maxPool3d; each index names its value (NCDHW numbering, also from NDHWC); ONNX's column order is (w·H + h)·D + d", () => {
    const rand = rng(9);
    const x = randomTensor([2, 3, 5, 6, 4], rand);
    const options = { windowDimensions: [2, 3, 2] as const, strides: [2, 2, 1] as const, padding: 1, dilations: [1, 1, 2] as const, roundingType: 'ceil' as const };
    const r = maxPool3dWithIndices(x, { ...options, indices: 'tensor' });
    expect(r.output.data).toEqual(maxPool3d(x, options).data);
    r.indices.data.forEach((index, k) => expect(x.data[index]).toBe(r.output.data[k]));
    const column = maxPool3dWithIndices(x, { ...options, storageOrder: 'column' });
    const row = maxPool3dWithIndices(x, options);
    row.indices.data.forEach((index, k) => {
      const [d, h, w] = [Math.floor(index / 24), Math.floor(index / 4) % 6, index % 4];
      expect(column.indices.data[k]).toBe((w * 6 + h) * 5 + d);
    });
    const ndhwc = permute(x, 'ncdhw', 'ndhwc');
    const rn = maxPool3dWithIndices({ data: ndhwc.data, shape: ndhwc.shape }, { ...options, inputLayout: 'ndhwc', indices: 'tensor' });
    const back = permute({ data: Float32Array.from(rn.indices.data), shape: rn.indices.shape }, 'ndhwc', 'ncdhw');
    expect(Array.from(back.data)).toEqual(Array.from(r.indices.data));
  });

  it('unpooling puts each value back; the round trip pools to the same output, in NDHWC and with tensor indices', () => {
    const rand = rng(10);
    const x = { data: randomTensor([1, 2, 4, 6, 4], rand).data.map((v) => Math.abs(v) + 0.125), shape: [1, 2, 4, 6, 4] };
    const o = { windowDimensions: 2, strides: 2 };
    for (const indices of ['plane', 'tensor'] as const) {
      const { output, indices: where } = maxPool3dWithIndices(x, { ...o, indices });
      const y = maxUnpool3d(output, where, { ...o, indices });
      expect(y.shape).toEqual(x.shape);
      expect(maxPool3d(y, o).data).toEqual(output.data);
      expect(y.data.filter((v) => v !== 0).length).toBe(output.data.length);
      y.data.forEach((v, k) => expect(v === 0 || v === x.data[k]).toBe(true));
      const xn = permute(x, 'ncdhw', 'ndhwc');
      const rn = maxPool3dWithIndices(xn, { ...o, indices, inputLayout: 'ndhwc' });
      const yn = maxUnpool3d(rn.output, rn.indices, { ...o, indices, inputLayout: 'ndhwc' });
      expect(permute(yn, 'ndhwc', 'ncdhw').data).toEqual(y.data);
    }
    // outputSizes: an odd original depth, its indices still fit.
    const { output, indices } = maxPool3dWithIndices(x, o);
    expect(maxUnpool3d(output, indices, { ...o, outputSizes: [5, 6, 4] }).shape).toEqual([1, 2, 5, 6, 4]);
  });

  it('the first NaN wins; among equal maxima the first; +0 above −0', () => {
    const x = t([1, NaN, NaN, 1, 2, 2, -0, 0], [1, 1, 2, 2, 2]);
    const r = maxPool3dWithIndices(x, { windowDimensions: [2, 1, 2], strides: [1, 1, 2] });
    // Windows: depth 0–1 of row 0 ({1, NaN, 2, 2}: the NaN at 1) and of row 1 ({NaN, 1, −0, 0}: the NaN at 2).
    expect(Array.from(r.indices.data)).toEqual([1, 2]);
    const ties = maxPool3dWithIndices(t([2, 2, -0, 0, 5, 5, 0, -0], [1, 1, 2, 2, 2]), { windowDimensions: [1, 1, 2], strides: [1, 1, 2] });
    expect(Array.from(ties.indices.data)).toEqual([0, 3, 4, 6]);
  });
});

// ---------------------------------------------------------------------------------------------
// Every engine against the reference.

const BASE_SEED = Number(process.env.SIMDCONV_SEED ?? Date.now() % 1_000_000);
const CASES = Number(process.env.SIMDCONV_CASES ?? 120);
const engines = [...wasmEngines(), ...pooledEnginesForFile(), createEngineSync({ backend: 'js' })];

interface PoolCase {
  readonly input: Tensor;
  readonly options: MaxPool2dWithIndicesOptions;
  readonly description: string;
}

/**
 * A random pooling: any layout, window, stride, dilation, padding, rounding; channel counts
 * that leave vector tails; values with ties (multiples of 1/4), ±0, NaN, ±∞ and huge ones
 * (whose squares overflow f32 but not the f64 sums).
 */
function randomPoolCase(seed: number): PoolCase {
  const rand = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  for (;;) {
    const [n, c, h, w] = [int(1, 2), int(1, 11), int(1, 12), int(1, 12)];
    const window = [int(1, 4), int(1, 4)] as [number, number];
    const dilations = rand() < 0.3 ? ([int(1, 2), int(1, 2)] as [number, number]) : ([1, 1] as [number, number]);
    const extent = [0, 1].map((a) => (window[a]! - 1) * dilations[a]! + 1);
    const padding = [0, 1, 2, 3].map((i) => int(0, Math.max(0, Math.min(2, extent[i >> 1]! - 1)))) as [number, number, number, number];
    const nhwc = rand() < 0.5;
    const options: MaxPool2dWithIndicesOptions = {
      windowDimensions: window,
      strides: [int(1, 3), int(1, 3)],
      dilations,
      padding,
      roundingType: rand() < 0.3 ? 'ceil' : 'floor',
      inputLayout: nhwc ? 'nhwc' : 'nchw',
      indices: rand() < 0.5 ? 'plane' : 'tensor',
      storageOrder: rand() < 0.5 ? 'row' : 'column',
    };
    const input = { data: new Float32Array(n * c * h * w), shape: nhwc ? [n, h, w, c] : [n, c, h, w] };
    const special = [NaN, Infinity, -Infinity, 0, -0, 3e30, -3e30];
    for (let i = 0; i < input.data.length; i++) input.data[i] = rand() < 0.05 ? special[int(0, special.length - 1)]! : Math.round((rand() - 0.5) * 16) / 4;
    try {
      reference.maxPool2dWithIndices(input, options);
    } catch {
      continue; // a window that does not fit, or one over padding only: draw again
    }
    return { input, options, description: `seed ${seed}: input [${input.shape}] ${JSON.stringify(options)}` };
  }
}

/** Equal as bit patterns of f32 (NaN's payload aside: every NaN equals every NaN). */
function expectSameFloats(actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) throw new Error(`element ${i}: ${actual[i]} where the reference has ${expected[i]}`);
  }
}

describe('every engine against the reference, bit for bit', () => {
  const cases = Array.from({ length: CASES }, (_, i) => randomPoolCase(BASE_SEED + i));

  it.each(engines.map((e) => [engineName(e), e] as const))('%s: maxPool2dWithIndices, and lpPool2d with p = 1 and 2', (_, engine) => {
    for (const c of cases) {
      try {
        const expected = reference.maxPool2dWithIndices(c.input, c.options);
        const actual = engine.maxPool2dWithIndices(c.input, c.options);
        expect(actual.output.shape).toEqual(expected.output.shape);
        expect(actual.indices.shape).toEqual(expected.indices.shape);
        expectSameFloats(actual.output.data, expected.output.data);
        expect(Array.from(actual.indices.data)).toEqual(Array.from(expected.indices.data));
        const { indices: _, storageOrder: __, ...pooling } = c.options;
        for (const p of [1, 2]) {
          const ref = reference.lpPool2d(c.input, { ...pooling, p });
          const y = engine.lpPool2d(c.input, { ...pooling, p });
          expect(y.shape).toEqual(ref.shape);
          expectSameFloats(y.data, ref.data);
        }
      } catch (error) {
        throw new Error(`${engineName(engine)} differs on ${c.description}: ${(error as Error).message}`);
      }
    }
  });

  it.each(engines.map((e) => [engineName(e), e] as const))('%s: engine tensors in, outputs given, and an exponent the kernel leaves to the reference', (_, engine) => {
    const rand = rng(21);
    const x = randomTensor([2, 5, 9, 7], rand);
    const options = { windowDimensions: 3, strides: 2, padding: 1 };
    const resident = engine.tensor(x.shape, x.data);
    for (const p of [2, 1, 3, 0.5]) {
      const ref = reference.lpPool2d(x, { ...options, p });
      const out = engine.tensor(ref.shape);
      expect(engine.lpPool2d(resident, { ...options, p }, out)).toBe(out);
      expectSameFloats(out.read(), ref.data);
      const plain = { data: new Float32Array(ref.data.length), shape: ref.shape };
      expect(engine.lpPool2d(x, { ...options, p }, plain)).toBe(plain);
      expectSameFloats(plain.data, ref.data);
      out.dispose();
    }
    const indexed = engine.maxPool2dWithIndices(resident, options);
    expect(Array.from(indexed.indices.data)).toEqual(Array.from(reference.maxPool2dWithIndices(x, options).indices.data));
    resident.dispose();
  });
});
