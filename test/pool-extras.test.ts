// maxPool2dWithIndices, maxUnpool2d and lpPool2d: worked examples from PyTorch's and ONNX's
// documentation, both index conventions and storage orders, both layouts, NaN and ties, and the
// round trip pool → unpool.
import { describe, expect, it } from 'vitest';
import { lpPool2d, maxPool2d, maxPool2dWithIndices, maxUnpool2d, nchwToNhwc, nhwcToNchw, type Tensor } from '../src/index.js';
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
