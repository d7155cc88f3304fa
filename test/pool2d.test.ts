import { describe, it, expect } from 'vitest';
import { permute } from '../src/layout/permute.js';
import { avgPool2d, maxPool2d } from '../src/reference/pool2d.js';
import { conv2d } from '../src/reference/conv2d.js';
import { pool2dOutputShape, poolOutputSize } from '../src/shape/pool-shape.js';
import type { AvgPool2dOptions } from '../src/options/pool.js';
import type { Tensor } from '../src/tensor.js';

/** 1, 2, 3, … laid out row-major in `shape`. */
function counting(shape: number[]): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return { data: Float32Array.from({ length: size }, (_, i) => i + 1), shape };
}

/** Deterministic uniform values in [−1, 1) (mulberry32), so failures reproduce. */
function random(shape: number[], seed: number): Tensor {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const size = shape.reduce((a, b) => a * b, 1);
  return { data: Float32Array.from({ length: size }, () => next() * 2 - 1), shape };
}

/** The error `run` throws; fails the test when it throws nothing. */
function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  return expect.fail('expected an error, none was thrown');
}

/** Asserts the error's class, that its message starts with `fn: `, and that it holds every fragment. */
function expectError(run: () => unknown, type: typeof TypeError | typeof RangeError, fn: string, ...fragments: string[]) {
  const error = thrown(run);
  expect(error).toBeInstanceOf(type);
  expect(error.message.startsWith(`${fn}: `), error.message).toBe(true);
  for (const fragment of fragments) expect(error.message).toContain(fragment);
}

const f32 = (values: number[]) => Array.from(Float32Array.from(values));

describe('maxPool2d: worked examples', () => {
  it('4×4, window 2×2, stride 2', () => {
    // 1  2  3  4
    // 5  6  7  8
    // 9 10 11 12
    // 13 14 15 16
    const y = maxPool2d(counting([1, 1, 4, 4]), { windowDimensions: 2, strides: 2 });
    expect(y.shape).toEqual([1, 1, 2, 2]);
    expect(Array.from(y.data)).toEqual([6, 8, 14, 16]);
  });

  it('padded cells are −∞, not 0: an all-negative input keeps its values at the border', () => {
    const x = counting([1, 1, 4, 4]);
    const negative = { data: x.data.map((v) => -v), shape: x.shape };
    // out = floor((4 + 2 − 2) / 2) + 1 = 3; corner windows hold one real cell each.
    const y = maxPool2d(negative, { windowDimensions: 2, strides: 2, padding: 1 });
    expect(y.shape).toEqual([1, 1, 3, 3]);
    // rows {0}, {1,2}, {3}; columns likewise: the max of a negative block is its top-left cell.
    expect(Array.from(y.data)).toEqual([-1, -2, -4, -5, -6, -8, -13, -14, -16]);
  });

  it('ceil mode keeps the last partial window: 5×5, window 2, stride 2 → 3×3', () => {
    const x = counting([1, 1, 5, 5]);
    expect(Array.from(maxPool2d(x, { windowDimensions: 2, strides: 2 }).data)).toEqual([7, 9, 17, 19]);
    const y = maxPool2d(x, { windowDimensions: 2, strides: 2, roundingType: 'ceil' });
    expect(y.shape).toEqual([1, 1, 3, 3]);
    // Row blocks {0,1}, {2,3}, {4}; column blocks likewise.
    expect(Array.from(y.data)).toEqual([7, 9, 10, 17, 19, 20, 22, 24, 25]);
  });

  it('dilation 2 spreads the taps: 4×4, window 2, dilation 2 → 2×2', () => {
    // Output (0, 0) sees cells (0,0) (0,2) (2,0) (2,2) = 1, 3, 9, 11.
    const y = maxPool2d(counting([1, 1, 4, 4]), { windowDimensions: 2, dilations: 2 });
    expect(y.shape).toEqual([1, 1, 2, 2]);
    expect(Array.from(y.data)).toEqual([11, 12, 15, 16]);
  });

  it('rectangular window and strides per axis', () => {
    // 4×4, window [1, 4], stride [2, 1]: rows 0 and 2, each row's max.
    const y = maxPool2d(counting([1, 1, 4, 4]), { windowDimensions: [1, 4], strides: [2, 1] });
    expect(y.shape).toEqual([1, 1, 2, 1]);
    expect(Array.from(y.data)).toEqual([4, 12]);
  });

  it('NaN in a window gives NaN whatever its position; other windows are untouched', () => {
    const x = { data: Float32Array.of(NaN, 5, 1, 2, 3, 9, 0, NaN), shape: [1, 1, 1, 8] };
    const y = maxPool2d(x, { windowDimensions: [1, 2], strides: [1, 2] });
    expect(Array.from(y.data)).toEqual([NaN, 2, 9, NaN]);
  });

  it('+∞ wins, and +0 beats −0 (IEEE maximum, as wasm f32x4.max)', () => {
    const x = { data: Float32Array.of(-0, 0, 0, -0, Infinity, 1, -0, -0), shape: [1, 1, 1, 8] };
    const y = maxPool2d(x, { windowDimensions: [1, 2], strides: [1, 2] });
    expect(Object.is(y.data[0], 0)).toBe(true);
    expect(Object.is(y.data[1], 0)).toBe(true);
    expect(y.data[2]).toBe(Infinity);
    expect(Object.is(y.data[3], -0)).toBe(true);
  });

  it('pools each channel and image separately', () => {
    const y = maxPool2d(counting([2, 3, 2, 2]));
    expect(y.shape).toEqual([2, 3, 1, 1]);
    expect(Array.from(y.data)).toEqual([4, 8, 12, 16, 20, 24]);
  });
});

describe('avgPool2d: worked examples', () => {
  // 1 2 3
  // 4 5 6
  // 7 8 9
  const x = counting([1, 1, 3, 3]);

  it('window 3, padding 1, countIncludePad false (default): the mean of the real cells', () => {
    const y = avgPool2d(x, { windowDimensions: 3, padding: 1 });
    expect(y.shape).toEqual([1, 1, 3, 3]);
    // Corner (0,0): (1+2+4+5)/4 = 3; edge (0,1): (1+2+3+4+5+6)/6 = 3.5; centre 45/9 = 5.
    expect(Array.from(y.data)).toEqual([3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7]);
  });

  it('window 3, padding 1, countIncludePad true: always divided by 9', () => {
    const y = avgPool2d(x, { windowDimensions: 3, padding: 1, countIncludePad: true });
    expect(Array.from(y.data)).toEqual(f32([12, 21, 16, 27, 45, 33, 24, 39, 28].map((s) => s / 9)));
  });

  it('ceil mode with countIncludePad: taps past the explicit padding are not counted (PyTorch)', () => {
    // Length 6, window 3, stride 2, padding 1: ceil gives 4 windows starting at −1, 1, 3, 5.
    // The last one taps 5 (real, value 6), 6 (padding), 7 (beyond the padding).
    const row = counting([1, 1, 1, 6]);
    const options: AvgPool2dOptions = { windowDimensions: [1, 3], strides: [1, 2], padding: [0, 0, 1, 1], roundingType: 'ceil' };
    expect(avgPool2d(row, options).shape).toEqual([1, 1, 1, 4]);
    expect(Array.from(avgPool2d(row, options).data)).toEqual([1.5, 3, 5, 6]);
    expect(Array.from(avgPool2d(row, { ...options, countIncludePad: true }).data)).toEqual([1, 3, 5, 3]);
    // The same along the height.
    const column = counting([1, 1, 6, 1]);
    const transposed: AvgPool2dOptions = { windowDimensions: [3, 1], strides: [2, 1], padding: [1, 1, 0, 0], roundingType: 'ceil' };
    expect(Array.from(avgPool2d(column, transposed).data)).toEqual([1.5, 3, 5, 6]);
    expect(Array.from(avgPool2d(column, { ...transposed, countIncludePad: true }).data)).toEqual([1, 3, 5, 3]);
  });

  it('ceil mode without padding: the partial last window averages what it has, either way', () => {
    const row = counting([1, 1, 1, 5]);
    const options: AvgPool2dOptions = { windowDimensions: [1, 2], strides: [1, 2], roundingType: 'ceil' };
    expect(Array.from(avgPool2d(row, options).data)).toEqual([1.5, 3.5, 5]);
    expect(Array.from(avgPool2d(row, { ...options, countIncludePad: true }).data)).toEqual([1.5, 3.5, 5]);
  });

  it('dilation 2: 4×4, window 2 → means of spread taps', () => {
    const y = avgPool2d(counting([1, 1, 4, 4]), { windowDimensions: 2, dilations: 2 });
    // (1+3+9+11)/4, (2+4+10+12)/4, (5+7+13+15)/4, (6+8+14+16)/4
    expect(Array.from(y.data)).toEqual([6, 7, 10, 11]);
  });

  it('the TSDoc example', () => {
    const small = { data: Float32Array.of(1, 2, 3, 4), shape: [1, 1, 2, 2] };
    expect(Array.from(avgPool2d(small).data)).toEqual([2.5]);
    expect(Array.from(avgPool2d(small, { windowDimensions: 2, padding: 1 }).data)).toEqual([1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4]);
    expect(avgPool2d(small, { windowDimensions: 2, padding: 1, countIncludePad: true }).data[0]).toBe(0.25);
  });

  it('NaN and opposite infinities propagate', () => {
    const row = { data: Float32Array.of(1, NaN, Infinity, -Infinity, Infinity, 2), shape: [1, 1, 1, 6] };
    const y = avgPool2d(row, { windowDimensions: [1, 2], strides: [1, 2] });
    expect(Array.from(y.data)).toEqual([NaN, NaN, Infinity]);
  });

  it('accumulates in f64: 2^24 + 1 + 1 … is not lost to f32 rounding', () => {
    // In f32, 16777216 + 1 = 16777216; the f64 sum of [2^24, 1, 1, 2] is 16777220, /4 = 4194305.
    const y = avgPool2d({ data: Float32Array.of(16777216, 1, 1, 2), shape: [1, 1, 2, 2] });
    expect(y.data[0]).toBe(4194305);
  });

  it('with countIncludePad true and explicit padding it is a depthwise conv2d with weights 1/(kH·kW)', () => {
    const input = random([2, 3, 7, 6], 7);
    const options = { windowDimensions: [3, 2] as [number, number], strides: [2, 1] as [number, number], padding: [1, 1, 0, 1] as const };
    const pooled = avgPool2d(input, { ...options, countIncludePad: true });
    const filter = { data: new Float32Array(3 * 3 * 2).fill(1 / 6), shape: [3, 1, 3, 2] };
    const convolved = conv2d(input, filter, { strides: options.strides, padding: options.padding, groups: 3 });
    const magnitude = conv2d({ data: input.data.map(Math.abs), shape: input.shape }, filter, {
      strides: options.strides,
      padding: options.padding,
      groups: 3,
    });
    expect(pooled.shape).toEqual(convolved.shape);
    pooled.data.forEach((y, k) => {
      expect(Math.abs(y - convolved.data[k]!)).toBeLessThanOrEqual(1e-5 * magnitude.data[k]! + 1e-6);
    });
  });
});

describe('global pooling by default', () => {
  it('one output per channel: the max and the mean of the whole plane', () => {
    const x = random([2, 3, 5, 4], 1);
    const max = maxPool2d(x);
    const avg = avgPool2d(x);
    expect(max.shape).toEqual([2, 3, 1, 1]);
    expect(avg.shape).toEqual([2, 3, 1, 1]);
    for (let plane = 0; plane < 6; plane++) {
      const values = Array.from(x.data.subarray(plane * 20, plane * 20 + 20));
      expect(max.data[plane]).toBe(Math.max(...values));
      expect(avg.data[plane]).toBe(Math.fround(values.reduce((a, b) => a + b, 0) / 20));
    }
  });

  it('in NHWC the window is still H × W, and the output is [N, 1, 1, C]', () => {
    const x = random([2, 5, 4, 3], 2);
    expect(avgPool2d(x, { inputLayout: 'nhwc' }).shape).toEqual([2, 1, 1, 3]);
    expect(pool2dOutputShape([1, 7, 7, 512], { inputLayout: 'nhwc' })).toEqual([1, 1, 1, 512]);
    expect(pool2dOutputShape([1, 512, 7, 7])).toEqual([1, 512, 1, 1]);
  });
});

describe('NHWC equals NCHW', () => {
  const cases: AvgPool2dOptions[] = [
    { windowDimensions: 3, strides: 2, padding: 1 },
    { windowDimensions: [2, 3], strides: [1, 2], dilations: [2, 1], padding: 'same' },
    { windowDimensions: 3, strides: 2, padding: [0, 1, 1, 0], roundingType: 'ceil', countIncludePad: true },
    { windowDimensions: 2, padding: 'full', countIncludePad: true },
    {},
  ];
  it.each(cases.map((options, i) => [i, options] as const))('case %i', (i, options) => {
    const nchw = random([2, 3, 7, 6], 100 + i);
    const nhwc = permute(nchw, 'nchw', 'nhwc');
    const { countIncludePad: _, ...maxOptions } = options;
    for (const [name, run] of [
      ['max', (x: Tensor, layout: 'nchw' | 'nhwc') => maxPool2d(x, { ...maxOptions, inputLayout: layout })],
      ['avg', (x: Tensor, layout: 'nchw' | 'nhwc') => avgPool2d(x, { ...options, inputLayout: layout })],
    ] as const) {
      const expected = run(nchw, 'nchw');
      const actual = run(nhwc, 'nhwc');
      expect(actual.shape, name).toEqual(permute(expected, 'nchw', 'nhwc').shape);
      expect(Array.from(actual.data), name).toEqual(Array.from(permute(expected, 'nchw', 'nhwc').data));
    }
  });
});

describe('poolOutputSize', () => {
  it.each([
    // [input, window, options, expected]
    [112, 3, { strides: 2, padding: 1 }, 56],
    [112, 3, { strides: 2, padding: 1, roundingType: 'ceil' }, 57],
    [5, 2, { strides: 2 }, 2],
    [5, 2, { strides: 2, roundingType: 'ceil' }, 3],
    // ceil((4 + 2 − 2) / 2) + 1 = 3, the same as floor: nothing to drop.
    [4, 2, { strides: 2, padding: 1, roundingType: 'ceil' }, 3],
    // ceil((5 + 2 − 2) / 2) + 1 = 4, but window 3 would start at 3·2 − 1 = 5 = in: in the end padding → 3.
    [5, 2, { strides: 2, padding: 1, roundingType: 'ceil' }, 3],
    [6, 3, { strides: 2, padding: 1 }, 3],
    [6, 3, { strides: 2, padding: 1, roundingType: 'ceil' }, 4],
    [10, 3, { dilations: 2 }, 6],
    [7, 3, { strides: 2, padding: 'same' }, 4],
    [7, 3, { padding: 'full' }, 9],
    [7, 3, { strides: 2, padding: [0, 2], roundingType: 'floor' }, 4],
  ] as const)('in %i, window %i, %o → %i', (input, window, options, expected) => {
    expect(poolOutputSize(input, window, options)).toBe(expected);
  });

  it("SAME gives ceil(in / s) for every size, window, stride and dilation that fits", () => {
    for (let input = 1; input <= 20; input++) {
      for (let window = 1; window <= 5; window++) {
        for (let stride = 1; stride <= 3; stride++) {
          for (const padding of ['same', 'same-lower'] as const) {
            expect(poolOutputSize(input, window, { strides: stride, padding })).toBe(Math.ceil(input / stride));
          }
        }
      }
    }
  });

  it('pool2dOutputShape: SAME with stride 2 is ceil(in / 2) on both axes', () => {
    expect(pool2dOutputShape([1, 8, 7, 10], { windowDimensions: 3, strides: 2, padding: 'same' })).toEqual([1, 8, 4, 5]);
    expect(pool2dOutputShape([1, 9, 6, 8], { windowDimensions: [2, 3], strides: 2, padding: 'same-lower', inputLayout: 'nhwc' })).toEqual([1, 5, 3, 8]);
  });

  it('pool2dOutputShape: ResNet stem and ceil mode', () => {
    expect(pool2dOutputShape([1, 64, 112, 112], { windowDimensions: 3, strides: 2, padding: 1 })).toEqual([1, 64, 56, 56]);
    expect(pool2dOutputShape([1, 64, 112, 112], { windowDimensions: 3, strides: 2, padding: 1, roundingType: 'ceil' })).toEqual([1, 64, 57, 57]);
    expect(pool2dOutputShape([2, 5, 5, 3], { windowDimensions: 2, strides: 2, roundingType: 'ceil', inputLayout: 'nhwc', countIncludePad: true })).toEqual([2, 3, 3, 3]);
  });

  it('pool2dOutputShape agrees with the kernels', () => {
    const x = random([1, 2, 9, 8], 3);
    const cases: AvgPool2dOptions[] = [
      { windowDimensions: 3, strides: 2, padding: 1, roundingType: 'ceil' },
      { windowDimensions: [2, 4], strides: [3, 1], dilations: [2, 1], padding: 'same-lower' },
      { windowDimensions: 3, strides: 3, padding: [1, 0, 0, 1] },
    ];
    for (const options of cases) {
      expect(avgPool2d(x, options).shape).toEqual(pool2dOutputShape(x.shape, options));
      const { countIncludePad: _, ...maxOptions } = options;
      expect(maxPool2d(x, maxOptions).shape).toEqual(pool2dOutputShape(x.shape, maxOptions));
    }
  });
});

describe('errors', () => {
  const x = counting([1, 1, 4, 4]);

  it('unknown option keys, with did-you-mean', () => {
    expectError(() => maxPool2d(x, { kernel_size: 2 } as never), TypeError, 'maxPool2d', 'unknown option `kernel_size`', 'did you mean `windowDimensions`?');
    expectError(() => avgPool2d(x, { stride: 2 } as never), TypeError, 'avgPool2d', 'unknown option `stride`', 'did you mean `strides`?');
    expectError(() => avgPool2d(x, { ceil_mode: true } as never), TypeError, 'avgPool2d', '`ceil_mode`', 'did you mean `roundingType`?');
    expectError(() => avgPool2d(x, { count_include_pad: true } as never), TypeError, 'avgPool2d', '`count_include_pad`', 'did you mean `countIncludePad`?');
    expectError(() => maxPool2d(x, { windowDimension: 2 } as never), TypeError, 'maxPool2d', '`windowDimension`', 'did you mean `windowDimensions`?');
    expectError(() => pool2dOutputShape([1, 1, 4, 4], { pads: 1 } as never), TypeError, 'pool2dOutputShape', '`pads`', 'did you mean `padding`?');
  });

  it('countIncludePad is unknown to maxPool2d', () => {
    expectError(
      () => maxPool2d(x, { countIncludePad: true } as never),
      TypeError,
      'maxPool2d',
      'unknown option `countIncludePad`',
      'expected one of: windowDimensions, strides, dilations, padding, inputLayout, roundingType',
    );
  });

  it('bad layout, roundingType, countIncludePad values', () => {
    expectError(() => maxPool2d(x, { inputLayout: 'NHWC' as never }), RangeError, 'maxPool2d', "inputLayout must be one of 'nchw', 'nhwc'", 'got "NHWC"');
    expectError(() => maxPool2d(x, { inputLayout: 4 as never }), TypeError, 'maxPool2d', 'inputLayout', 'got 4');
    expectError(() => avgPool2d(x, { roundingType: 'round' as never }), RangeError, 'avgPool2d', "roundingType must be one of 'floor', 'ceil'", 'got "round"');
    expectError(() => avgPool2d(x, { countIncludePad: 'yes' as never }), TypeError, 'avgPool2d', 'countIncludePad must be true or false', 'got "yes"');
    expectError(() => maxPool2d(x, 'nhwc' as never), TypeError, 'maxPool2d', 'options must be an object', 'got "nhwc"');
  });

  it('non-integer or non-positive strides, dilations, windows', () => {
    expectError(() => maxPool2d(x, { strides: 1.5 }), RangeError, 'maxPool2d', 'strides must be a positive integer or a pair [height, width]', 'got 1.5');
    expectError(() => maxPool2d(x, { strides: [2, 0.5] }), RangeError, 'maxPool2d', 'strides', 'got [2, 0.5]');
    expectError(() => avgPool2d(x, { dilations: 0 }), RangeError, 'avgPool2d', 'dilations', 'got 0');
    expectError(() => avgPool2d(x, { windowDimensions: [2, 2, 2] as never }), RangeError, 'avgPool2d', 'windowDimensions', 'got [2, 2, 2]');
    expectError(() => avgPool2d(x, { padding: -1 }), RangeError, 'avgPool2d', 'padding must be', 'got -1');
    expectError(() => avgPool2d(x, { padding: 'same-middle' as never }), RangeError, 'avgPool2d', 'padding must be', 'got "same-middle"');
  });

  it('a window bigger than the padded input', () => {
    expectError(
      () => maxPool2d(x, { windowDimensions: 7, padding: 1 }),
      RangeError,
      'maxPool2d',
      'output height would be 0',
      '4 + 1 + 1 = 6 is smaller than',
      'extent 7',
    );
    expectError(() => poolOutputSize(4, 3, { dilations: 3 }), RangeError, 'poolOutputSize', 'extent 7 (window 3, dilation 3)');
  });

  it('a window covering padding only, from large padding', () => {
    // Height 4, window 2, padding 2: window 0 taps rows −2 and −1.
    expectError(
      () => avgPool2d(x, { windowDimensions: 2, padding: 2 }),
      RangeError,
      'avgPool2d',
      'output height cell 0 would pool padding only',
      'positions [-2, -1]',
      'padding [2, 2]',
    );
    // Only the width is at fault: window 3 over width 4 with 3 cells of padding each side.
    expectError(
      () => maxPool2d(x, { windowDimensions: [1, 3], padding: [0, 0, 3, 3] }),
      RangeError,
      'maxPool2d',
      'output width cell 0 would pool padding only',
      'positions [-3, -2, -1]',
    );
    expectError(() => poolOutputSize(2, 2, { padding: 2 }), RangeError, 'poolOutputSize', 'output cell 0 would pool padding only', 'input positions [-2, -1]');
    expectError(() => pool2dOutputShape([1, 1, 4, 4], { windowDimensions: 2, padding: [0, 2, 0, 0] }), RangeError, 'pool2dOutputShape', 'output height cell 4');
  });

  it('a window covering padding only, from dilation', () => {
    // Width 1, window 2, dilation 2, padding 1: the only window taps −1 and 1, skipping cell 0.
    const column = counting([1, 1, 3, 1]);
    expectError(
      () => maxPool2d(column, { windowDimensions: [1, 2], dilations: [1, 2], padding: [0, 0, 1, 1] }),
      RangeError,
      'maxPool2d',
      'output width cell 0 would pool padding only',
      'positions [-1, 1]',
      'dilation 2',
    );
    // Length 2, window 2, dilation 2, padding 1: window 0 taps −1 and 1, window 1 taps 0 and 2: both fine.
    expect(poolOutputSize(2, 2, { dilations: 2, padding: 1 })).toBe(2);
  });

  it('bad input tensors', () => {
    expectError(() => maxPool2d({ data: new Float32Array(16), shape: [1, 4, 4] }), RangeError, 'maxPool2d', 'input shape must have rank 4', 'got [1, 4, 4]');
    expectError(() => maxPool2d({ data: new Float32Array(15), shape: [1, 1, 4, 4] }), RangeError, 'maxPool2d', 'input.data has 15 elements', 'needs 16');
    expectError(() => avgPool2d({ data: [1, 2, 3, 4] as never, shape: [1, 1, 2, 2] }), TypeError, 'avgPool2d', 'input.data must be a Float32Array');
    expectError(() => avgPool2d(null as never), TypeError, 'avgPool2d', 'input must be a tensor');
    expectError(() => pool2dOutputShape([1, 0, 4, 4]), RangeError, 'pool2dOutputShape', 'positive integers', 'got [1, 0, 4, 4]');
  });

  it('poolOutputSize arguments', () => {
    expectError(() => poolOutputSize(0, 2), RangeError, 'poolOutputSize', 'inputSize must be an integer ≥ 1', 'got 0');
    expectError(() => poolOutputSize(4, 2.5), RangeError, 'poolOutputSize', 'windowSize', 'got 2.5');
    expectError(() => poolOutputSize(4, 2, { strides: 1.5 }), RangeError, 'poolOutputSize', 'strides', 'got 1.5');
    expectError(() => poolOutputSize(4, 2, { stride: 2 } as never), TypeError, 'poolOutputSize', 'did you mean `strides`?');
    expectError(() => poolOutputSize(4, 2, { roundingType: 'up' as never }), RangeError, 'poolOutputSize', 'roundingType', 'got "up"');
    expectError(() => poolOutputSize('4' as never, 2), TypeError, 'poolOutputSize', 'inputSize must be an integer ≥ 1', 'got "4"');
    expectError(() => poolOutputSize(4, undefined as never), TypeError, 'poolOutputSize', 'windowSize is required');
  });

  it('an output past 2^30 elements, before allocating: every window reaches the one input cell', () => {
    const one: Tensor = { data: Float32Array.of(1), shape: [1, 1, 1, 1] };
    const wide = { windowDimensions: 40_000, padding: 39_999 };
    expect(pool2dOutputShape(one.shape, wide)).toEqual([1, 1, 40_000, 40_000]); // valid, only too big to allocate
    for (const [name, pool] of [['maxPool2d', maxPool2d], ['avgPool2d', avgPool2d]] as const) {
      expectError(() => pool(one, wide), RangeError, name, 'the output of shape [1, 1, 40000, 40000] would have 1600000000 elements', 'limit of 1073741824 (2^30)');
    }
    // NHWC reports the shape in the input's layout.
    expectError(() => maxPool2d({ data: Float32Array.of(1), shape: [1, 1, 1, 1] }, { ...wide, inputLayout: 'nhwc' }), RangeError, 'maxPool2d', 'the output of shape [1, 40000, 40000, 1]');
  });
});
