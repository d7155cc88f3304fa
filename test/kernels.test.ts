import { describe, expect, it } from 'vitest';
import { conv2d, edgeMagnitude, kernels, tensor, type Tensor } from '../src/index.js';

/** The filter's weights as k rows of plain numbers, for readable comparisons. */
function rows(filter: Tensor): number[][] {
  const k = filter.shape[3]!;
  return Array.from({ length: filter.shape[2]! }, (_, i) => Array.from(filter.data.subarray(i * k, (i + 1) * k)));
}

function sum(data: Float32Array): number {
  return data.reduce((total, v) => total + v, 0);
}

describe('kernels: 3×3 presets', () => {
  it.each([
    ['identity', [[0, 0, 0], [0, 1, 0], [0, 0, 0]]],
    ['sobelX', [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]],
    ['sobelY', [[-1, -2, -1], [0, 0, 0], [1, 2, 1]]],
    ['sharpen', [[0, -1, 0], [-1, 5, -1], [0, -1, 0]]],
    ['laplacian', [[0, 1, 0], [1, -4, 1], [0, 1, 0]]],
    ['emboss', [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]]],
  ] as const)('%s has the classic weights, shape [1, 1, 3, 3]', (name, expected) => {
    const filter = kernels[name];
    expect(filter.shape).toEqual([1, 1, 3, 3]);
    expect(filter.data).toBeInstanceOf(Float32Array);
    expect(rows(filter)).toEqual(expected);
  });

  it('sobelY is the transpose of sobelX', () => {
    const x = rows(kernels.sobelX);
    expect(rows(kernels.sobelY)).toEqual(x.map((_, i) => x.map((row) => row[i])));
  });

  it('sums: sharpen and emboss keep flat regions (1), laplacian and Sobel remove them (0)', () => {
    expect(sum(kernels.sharpen.data)).toBe(1);
    expect(sum(kernels.emboss.data)).toBe(1);
    expect(sum(kernels.laplacian.data)).toBe(0);
    expect(sum(kernels.sobelX.data)).toBe(0);
    expect(sum(kernels.sobelY.data)).toBe(0);
  });

  it('identity with padding same returns the image', () => {
    const image = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [1, 1, 3, 4]);
    const y = conv2d(image, kernels.identity, { padding: 'same' });
    expect(y.shape).toEqual([1, 1, 3, 4]);
    expect(Array.from(y.data)).toEqual(Array.from(image.data));
  });

  it('writing into a preset cannot change later presets or results', () => {
    const image = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1, 3, 3]);
    const before = conv2d(image, kernels.sobelX).data[0];
    const tampered = kernels.sobelX;
    tampered.data.fill(100);
    kernels.sobelX.data[4] = 42;
    expect(rows(kernels.sobelX)).toEqual([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]);
    expect(conv2d(image, kernels.sobelX).data[0]).toBe(before);
    expect(before).toBe(8);
  });

  it('shapes, presets and the namespace are frozen', () => {
    const filter = kernels.laplacian;
    expect(Object.isFrozen(filter.shape)).toBe(true);
    expect(Object.isFrozen(filter)).toBe(true);
    expect(Object.isFrozen(kernels)).toBe(true);
    expect(() => {
      (filter.shape as number[])[2] = 5;
    }).toThrow(TypeError);
    expect(() => {
      (kernels as { sobelX: unknown }).sobelX = tensor([0, 0, 0, 0, 0, 0, 0, 0, 0], [1, 1, 3, 3]);
    }).toThrow(TypeError);
    expect(() => {
      (kernels as { boxBlur: unknown }).boxBlur = () => null;
    }).toThrow(TypeError);
    expect(kernels.laplacian.shape).toEqual([1, 1, 3, 3]);
  });

  it('each read is a fresh tensor', () => {
    expect(kernels.emboss).not.toBe(kernels.emboss);
    expect(kernels.emboss.data).not.toBe(kernels.emboss.data);
  });
});

describe('kernels.boxBlur', () => {
  it.each([1, 2, 3, 4, 5, 7, 10])('boxBlur(%i) is n×n of 1/n², summing to 1', (n) => {
    const filter = kernels.boxBlur(n);
    expect(filter.shape).toEqual([1, 1, n, n]);
    for (const v of filter.data) expect(v).toBe(Math.fround(1 / (n * n)));
    expect(Math.abs(sum(filter.data) - 1)).toBeLessThanOrEqual(1e-6);
  });

  it('boxBlur(3) averages a 3×3 patch', () => {
    const image = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1, 3, 3]);
    expect(conv2d(image, kernels.boxBlur(3)).data[0]).toBeCloseTo(5, 6);
  });

  it('boxBlur(2) is four quarters', () => {
    expect(Array.from(kernels.boxBlur(2).data)).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it.each([0, -3, 2.5, NaN, Infinity])('rejects n = %s (RangeError)', (n) => {
    expect(() => kernels.boxBlur(n)).toThrow(RangeError);
    expect(() => kernels.boxBlur(n)).toThrow(/^boxBlur: n must be a positive integer .*, got /);
  });

  it.each(['3', null, true])('rejects n = %s, not a number (TypeError)', (n) => {
    expect(() => kernels.boxBlur(n as never)).toThrow(TypeError);
    expect(() => kernels.boxBlur(n as never)).toThrow(/^boxBlur: n must be a positive integer .*, got /);
  });

  it('rejects a missing n (TypeError)', () => {
    expect(() => (kernels.boxBlur as () => unknown)()).toThrow(TypeError);
    expect(() => (kernels.boxBlur as () => unknown)()).toThrow("boxBlur: n is required: a positive integer (the kernel's side)");
  });

  it('rejects n² past 2^30 elements before allocating, and accepts the largest side', () => {
    expect(() => kernels.boxBlur(32769)).toThrow(RangeError);
    expect(() => kernels.boxBlur(32769)).toThrow(
      'boxBlur: the filter of shape [1, 1, 32769, 32769] would have 1073807361 elements, more than the limit of 1073741824 (2^30) elements per array',
    );
  });
});

describe('kernels.gaussian', () => {
  it('default sigma follows 0.3·((n−1)·0.5 − 1) + 0.8', () => {
    expect(kernels.defaultGaussianSigma(1)).toBeCloseTo(0.5, 12);
    expect(kernels.defaultGaussianSigma(3)).toBeCloseTo(0.8, 12);
    expect(kernels.defaultGaussianSigma(5)).toBeCloseTo(1.1, 12);
    expect(kernels.defaultGaussianSigma(7)).toBeCloseTo(1.4, 12);
  });

  it('gaussian(3) with its default σ = 0.8 has the expected weights', () => {
    // 1-D: exp(−x²/1.28) at x = −1, 0, 1, normalised: [0.23899427, 0.52201147, 0.23899427].
    const filter = kernels.gaussian(3);
    expect(filter.shape).toEqual([1, 1, 3, 3]);
    expect(filter.data[4]).toBeCloseTo(0.27249597, 7);
    expect(filter.data[0]).toBeCloseTo(0.05711826, 7);
    expect(filter.data[1]).toBeCloseTo(0.23899427 * 0.52201147, 7);
    expect(Array.from(filter.data)).toEqual(Array.from(kernels.gaussian(3, 0.8).data));
  });

  it('gaussian(5, 1.1) centre and corner', () => {
    const filter = kernels.gaussian(5, 1.1);
    expect(filter.data[12]).toBeCloseTo(0.13656459, 7);
    expect(filter.data[0]).toBeCloseTo(0.00500788, 7);
  });

  it.each([
    [1, undefined],
    [2, undefined],
    [3, undefined],
    [4, 1],
    [5, undefined],
    [7, 2],
    [9, 0.3],
    [15, 5],
  ])('gaussian(%i, %s) sums to 1, is symmetric and peaks in the centre', (n, sigma) => {
    const filter = kernels.gaussian(n, sigma);
    const w = rows(filter);
    expect(filter.shape).toEqual([1, 1, n, n]);
    expect(Math.abs(sum(filter.data) - 1)).toBeLessThanOrEqual(1e-6);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        expect(w[i]![j]).toBe(w[j]![i]); // transpose
        expect(w[i]![j]).toBe(w[n - 1 - i]![j]); // mirror rows
        expect(w[i]![j]).toBe(w[i]![n - 1 - j]); // mirror columns
        expect(w[i]![j]).toBeGreaterThanOrEqual(0); // a narrow σ underflows far corners to 0 in f32
      }
    }
    const peak = Math.max(...filter.data);
    const centre = Math.floor((n - 1) / 2); // for even n, the four middle cells share the peak
    expect(w[centre]![centre]).toBe(peak);
    if (n > 2) expect(w[0]![0]).toBeLessThan(peak); // n = 2: all four cells are the middle
  });

  it('a wider sigma spreads the weight', () => {
    expect(kernels.gaussian(5, 3).data[12]!).toBeLessThan(kernels.gaussian(5, 0.5).data[12]!);
  });

  it('keeps a flat image flat', () => {
    const image = tensor(new Array<number>(25).fill(7), [1, 1, 5, 5]);
    expect(conv2d(image, kernels.gaussian(3)).data[0]).toBeCloseTo(7, 5);
  });

  it.each([0, -1, 3.5, NaN])('rejects n = %s (RangeError)', (n) => {
    expect(() => kernels.gaussian(n, 1)).toThrow(RangeError);
    expect(() => kernels.gaussian(n, 1)).toThrow(/^gaussian: n must be a positive integer .*, got /);
  });

  it.each(['5', null])('rejects n = %s, not a number (TypeError)', (n) => {
    expect(() => kernels.gaussian(n as never, 1)).toThrow(TypeError);
    expect(() => kernels.gaussian(n as never)).toThrow(/^gaussian: n must be a positive integer .*, got /);
  });

  it.each([0, -0.5, NaN, Infinity, -Infinity])('rejects sigma = %s (RangeError)', (sigma) => {
    expect(() => kernels.gaussian(5, sigma)).toThrow(RangeError);
    expect(() => kernels.gaussian(5, sigma)).toThrow(/^gaussian: sigma must be a finite number > 0 .*, got /);
  });

  it.each(['1', null])('rejects sigma = %s, not a number (TypeError)', (sigma) => {
    expect(() => kernels.gaussian(5, sigma as never)).toThrow(TypeError);
    expect(() => kernels.gaussian(5, sigma as never)).toThrow(/^gaussian: sigma must be a finite number > 0 .*, got /);
  });

  it('an omitted sigma is the default one', () => {
    expect(Array.from(kernels.gaussian(5).data)).toEqual(Array.from(kernels.gaussian(5, kernels.defaultGaussianSigma(5)).data));
    expect(Array.from(kernels.gaussian(5, undefined).data)).toEqual(Array.from(kernels.gaussian(5).data));
  });

  it('defaultGaussianSigma rejects what is not a kernel side, under its own name', () => {
    expect(() => kernels.defaultGaussianSigma(-3)).toThrow(RangeError);
    expect(() => kernels.defaultGaussianSigma(-3)).toThrow("defaultGaussianSigma: n must be a positive integer (the kernel's side), got -3");
    expect(() => kernels.defaultGaussianSigma(0)).toThrow(RangeError);
    expect(() => kernels.defaultGaussianSigma(2.5)).toThrow(RangeError);
    expect(() => kernels.defaultGaussianSigma('5' as never)).toThrow(TypeError);
    // gaussian validates n before it computes the default sigma, so its own name is the one given.
    expect(() => kernels.gaussian(-3)).toThrow("gaussian: n must be a positive integer (the kernel's side), got -3");
  });

  it('rejects n² past 2^30 elements before allocating', () => {
    expect(() => kernels.gaussian(40_000)).toThrow(RangeError);
    expect(() => kernels.gaussian(40_000)).toThrow(/^gaussian: the filter of shape \[1, 1, 40000, 40000\] would have 1600000000 elements, more than the limit/);
  });
});

describe('edgeMagnitude', () => {
  it('√(gx² + gy²) element-wise: 3-4-5 and friends', () => {
    const gx = tensor([3, -3, 0, 5, -8, 0], [1, 1, 2, 3]);
    const gy = tensor([4, -4, 0, 12, 15, -2], [1, 1, 2, 3]);
    const m = edgeMagnitude(gx, gy);
    expect(m.shape).toEqual([1, 1, 2, 3]);
    expect(Array.from(m.data)).toEqual([5, 5, 0, 13, 17, 2]);
  });

  it('works on any rank and returns a new tensor', () => {
    const gx = tensor([6], [1]);
    const gy = tensor([8], [1]);
    const m = edgeMagnitude(gx, gy);
    expect(Array.from(m.data)).toEqual([10]);
    expect(m.data).not.toBe(gx.data);
  });

  it('does not overflow for large f32 values', () => {
    const big = 3e38;
    const m = edgeMagnitude(tensor([big], [1]), tensor([big], [1]));
    expect(m.data[0]).toBe(Infinity); // √2 · 3e38 exceeds f32's max ≈ 3.4e38 …
    const fits = edgeMagnitude(tensor([2e38], [1]), tensor([1e38], [1]));
    expect(fits.data[0]).toBeCloseTo(Math.fround(Math.sqrt(5) * 1e38), -32); // … but squaring did not overflow
  });

  it('NaN propagates', () => {
    const m = edgeMagnitude(tensor([NaN, 1], [2]), tensor([1, 0], [2]));
    expect(m.data[0]).toBeNaN();
    expect(m.data[1]).toBe(1);
  });

  it('is exported at the namespace and matches the Sobel pipeline', () => {
    const image = tensor([0, 0, 10, 10, 0, 0, 10, 10, 0, 0, 10, 10, 0, 0, 10, 10], [1, 1, 4, 4]);
    const gx = conv2d(image, kernels.sobelX);
    const gy = conv2d(image, kernels.sobelY);
    expect(Array.from(edgeMagnitude(gx, gy).data)).toEqual([40, 40, 40, 40]);
  });

  it('rejects different shapes, naming both', () => {
    const a = tensor([1, 2, 3, 4], [1, 1, 2, 2]);
    const b = tensor([1, 2, 3, 4], [1, 1, 4, 1]);
    const c = tensor([1, 2, 3, 4], [2, 2]);
    expect(() => edgeMagnitude(a, b)).toThrow(RangeError);
    expect(() => edgeMagnitude(a, b)).toThrow(
      'edgeMagnitude: gx and gy must have the same shape, got gx [1, 1, 2, 2] and gy [1, 1, 4, 1]',
    );
    expect(() => edgeMagnitude(a, c)).toThrow('got gx [1, 1, 2, 2] and gy [2, 2]');
  });

  it('rejects non-tensors and inconsistent tensors', () => {
    const a = tensor([1, 2, 3, 4], [1, 1, 2, 2]);
    expect(() => edgeMagnitude(a, null as unknown as Tensor)).toThrow(/^edgeMagnitude: gy must be a tensor/);
    expect(() => edgeMagnitude({ data: [1, 2, 3, 4], shape: [4] } as unknown as Tensor, a)).toThrow(
      /^edgeMagnitude: gx\.data must be a Float32Array/,
    );
    expect(() => edgeMagnitude(a, { data: new Float32Array(3), shape: [1, 1, 2, 2] })).toThrow(
      'edgeMagnitude: gy.data has 3 elements but shape [1, 1, 2, 2] needs 4',
    );
    expect(() => edgeMagnitude(a, { data: new Float32Array(4), shape: 'abc' } as unknown as Tensor)).toThrow(
      'edgeMagnitude: gy shape must be an array of positive integers, got "abc"',
    );
    // The same spelling as the tensor checks' own messages: `gy shape`, not `gy.shape`.
    expect(() => edgeMagnitude(a, { data: new Float32Array(0), shape: [1, 0] })).toThrow('edgeMagnitude: gy shape must hold positive integers, got [1, 0]');
  });
});
