import { describe, expect, it } from 'vitest';
import { nchwToNhwc } from '../src/layout/activation.js';
import type { Im2colOptions } from '../src/options/window.js';
import { col2im } from '../src/reference/col2im.js';
import { conv2d } from '../src/reference/conv2d.js';
import { im2col } from '../src/reference/im2col.js';
import { rawOutputSize } from '../src/options/axis-geometry.js';
import { resolvePadding } from '../src/shape/padding.js';
import type { Tensor } from '../src/tensor.js';
import { randomTensor, rng } from './helpers/random.js';
import { abs, expectWithinTolerance } from './helpers/tolerance.js';

const rand = rng(20261121);

/** 1, 2, …, 9 as a 1×1×3×3 image. */
const nine: Tensor = { data: Float32Array.from({ length: 9 }, (_, k) => k + 1), shape: [1, 1, 3, 3] };

/** `a · bᵀ` for row-major `a` [rows, k] and `b` [cols, k], accumulated in f32 as a wasm GEMM would. */
function matmulTransposed(a: Float32Array, b: Float32Array, rows: number, cols: number, k: number): Float32Array {
  const c = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let m = 0; m < cols; m++) {
      let sum = 0;
      for (let t = 0; t < k; t++) sum = Math.fround(sum + Math.fround(a[r * k + t]! * b[m * k + t]!));
      c[r * cols + m] = sum;
    }
  }
  return c;
}

/** Σ a_k · b_k and Σ |a_k · b_k| in f64. */
function dot(a: Float32Array, b: Float32Array): { value: number; magnitude: number } {
  let value = 0;
  let magnitude = 0;
  for (let k = 0; k < a.length; k++) {
    value += a[k]! * b[k]!;
    magnitude += Math.abs(a[k]! * b[k]!);
  }
  return { value, magnitude };
}

describe('im2col: worked examples', () => {
  it('1×1×3×3 image 1..9, 2×2 window, stride 1 → the 4×4 matrix of its windows', () => {
    const cols = im2col(nine, { windowDimensions: 2 });
    expect(cols.shape).toEqual([4, 4]);
    // prettier-ignore
    expect(Array.from(cols.data)).toEqual([
      1, 2, 4, 5, // (oh, ow) = (0, 0)
      2, 3, 5, 6, // (0, 1)
      4, 5, 7, 8, // (1, 0)
      5, 6, 8, 9, // (1, 1)
    ]);
  });

  it('padding 1, stride 2: taps over the padding read 0', () => {
    const cols = im2col(nine, { windowDimensions: [2, 2], strides: 2, padding: 1 });
    expect(cols.shape).toEqual([4, 4]);
    // prettier-ignore
    expect(Array.from(cols.data)).toEqual([
      0, 0, 0, 1, // window over rows −1…0, columns −1…0
      0, 0, 2, 3, // rows −1…0, columns 1…2
      0, 4, 0, 7, // rows 1…2, columns −1…0
      5, 6, 8, 9, // rows 1…2, columns 1…2
    ]);
  });

  it('asymmetric padding [0, 1, 1, 0] and dilation 2 along the width', () => {
    // Output 3×2: window rows 0…1, 1…2, 2…3 (row 3 is padding); width taps {−1, 1} and {0, 2}.
    const cols = im2col(nine, { windowDimensions: 2, dilations: [1, 2], padding: [0, 1, 1, 0] });
    expect(cols.shape).toEqual([6, 4]);
    // prettier-ignore
    expect(Array.from(cols.data)).toEqual([
      0, 2, 0, 5, // (oh, ow) = (0, 0)
      1, 3, 4, 6, // (0, 1)
      0, 5, 0, 8, // (1, 0)
      4, 6, 7, 9, // (1, 1)
      0, 8, 0, 0, // (2, 0)
      7, 9, 0, 0, // (2, 1)
    ]);
  });

  it('columns are ordered (c, i, j), the order of a flattened OIHW filter row, in both layouts', () => {
    // Two channels [[1, 2], [3, 4]] and [[5, 6], [7, 8]], a 1×2 window: output 2×1.
    const x: Tensor = { data: Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8), shape: [1, 2, 2, 2] };
    const expected = [1, 2, 5, 6, 3, 4, 7, 8];
    const nchw = im2col(x, { windowDimensions: [1, 2] });
    expect(nchw.shape).toEqual([2, 4]);
    expect(Array.from(nchw.data)).toEqual(expected);
    const nhwc = im2col(nchwToNhwc(x), { windowDimensions: [1, 2], inputLayout: 'nhwc' });
    expect(nhwc.shape).toEqual([2, 4]);
    expect(Array.from(nhwc.data)).toEqual(expected);
  });

  it('an NHWC image gives the same matrix as its NCHW transpose (random, padded, strided)', () => {
    const x = randomTensor([2, 3, 6, 7], rand);
    const options = { windowDimensions: [3, 2], strides: [2, 1], dilations: [1, 2], padding: [1, 0, 2, 1] } as const;
    const fromNhwc = im2col(nchwToNhwc(x), { ...options, inputLayout: 'nhwc' });
    expect(fromNhwc).toEqual(im2col(x, options));
  });
});

/** A conv2d configuration: image shape in `inputLayout`, output channels, window, other options. */
interface Case {
  readonly name: string;
  readonly inputShape: readonly number[];
  readonly outChannels: number;
  readonly options: Im2colOptions;
}

const CASES: readonly Case[] = [
  { name: 'batch 2, 3 channels, 3×3, no padding', inputShape: [2, 3, 5, 6], outChannels: 4, options: { windowDimensions: 3 } },
  { name: 'strides [2, 3]', inputShape: [2, 3, 7, 8], outChannels: 4, options: { windowDimensions: [3, 2], strides: [2, 3] } },
  {
    name: 'dilations [2, 1], asymmetric padding [1, 2, 0, 3]',
    inputShape: [2, 3, 6, 7],
    outChannels: 5,
    options: { windowDimensions: [2, 3], dilations: [2, 1], padding: [1, 2, 0, 3] },
  },
  { name: "'same', stride 2", inputShape: [2, 3, 7, 6], outChannels: 4, options: { windowDimensions: 3, strides: 2, padding: 'same' } },
  {
    name: "'same-lower', dilation 2",
    inputShape: [1, 3, 6, 5],
    outChannels: 3,
    options: { windowDimensions: [3, 2], dilations: 2, padding: 'same-lower' },
  },
  { name: "'full', strides [1, 2]", inputShape: [2, 2, 4, 4], outChannels: 3, options: { windowDimensions: 3, strides: [1, 2], padding: 'full' } },
  { name: "'valid', 1×1 window, stride 2", inputShape: [2, 3, 5, 4], outChannels: 2, options: { windowDimensions: 1, strides: 2, padding: 'valid' } },
  {
    name: 'NHWC, strides [2, 1], padding [1, 0]',
    inputShape: [2, 5, 6, 3],
    outChannels: 4,
    options: { windowDimensions: 3, strides: [2, 1], padding: [1, 0], inputLayout: 'nhwc' },
  },
  {
    name: "NHWC, 'same', dilations [1, 2]",
    inputShape: [2, 6, 5, 3],
    outChannels: 4,
    options: { windowDimensions: [2, 3], dilations: [1, 2], padding: 'same', inputLayout: 'nhwc' },
  },
];

describe('im2col · Wᵀ = conv2d', () => {
  it.each(CASES)('$name', ({ inputShape, outChannels, options }) => {
    const x = randomTensor(inputShape, rand);
    const layout = options.inputLayout ?? 'nchw';
    const channels = inputShape[layout.indexOf('c')]!;
    const [kH, kW] = typeof options.windowDimensions === 'number' ? [options.windowDimensions, options.windowDimensions] : options.windowDimensions;
    const w = randomTensor([outChannels, channels, kH, kW], rand);
    // The filter is OIHW whatever the input's layout: say so (an NHWC input makes a default ambiguous).
    const { windowDimensions: _, ...windowOptions } = options;
    const convOptions = { ...windowOptions, filterLayout: 'oihw' as const };

    const cols = im2col(x, options);
    const [rows, k] = cols.shape as [number, number];
    expect(k).toBe(channels * kH * kW);
    const y = matmulTransposed(cols.data, w.data, rows, outChannels, k);

    // conv2d's output in NHWC [N, Hout, Wout, Cout] is exactly the [N·Hout·Wout, Cout] product.
    const toNhwc = (t: Tensor) => (layout === 'nhwc' ? t : nchwToNhwc(t));
    const ref = toNhwc(conv2d(x, w, convOptions));
    const magnitude = toNhwc(conv2d(abs(x), abs(w), convOptions)).data;
    expect(rows).toBe(ref.shape[0]! * ref.shape[1]! * ref.shape[2]!);
    expectWithinTolerance({ data: y, shape: ref.shape }, ref, magnitude);
  });
});

describe('col2im', () => {
  it.each(CASES)('is the adjoint of im2col: ⟨im2col(x), Y⟩ = ⟨x, col2im(Y)⟩ ($name)', ({ inputShape, options }) => {
    const x = randomTensor(inputShape, rand);
    const cols = im2col(x, options);
    const y = randomTensor(cols.shape, rand);
    const image = col2im(y, { ...options, inputShape });
    expect(image.shape).toEqual(inputShape);
    const left = dot(cols.data, y.data);
    const right = dot(x.data, image.data);
    expect(Math.abs(left.value - right.value)).toBeLessThanOrEqual(1e-5 * left.magnitude);
  });

  it('folds the worked example back: each cell times the windows covering it', () => {
    const image = col2im(im2col(nine, { windowDimensions: 2 }), { windowDimensions: 2, inputShape: [1, 1, 3, 3] });
    expect(image.shape).toEqual([1, 1, 3, 3]);
    // Coverage [[1, 2, 1], [2, 4, 2], [1, 2, 1]] times 1..9.
    expect(Array.from(image.data)).toEqual([1, 4, 3, 8, 20, 12, 7, 16, 9]);
  });

  it('drops the entries that came from padding', () => {
    // Window 2, stride 2, padding 1 on 3×3: the four windows tile the padded 4×4 without overlap.
    const options = { windowDimensions: 2, strides: 2, padding: 1 };
    const fold = { ...options, inputShape: [1, 1, 3, 3] };
    const ones: Tensor = { data: new Float32Array(16).fill(1), shape: [4, 4] };
    expect(Array.from(col2im(ones, fold).data)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(col2im(im2col(nine, options), fold)).toEqual(nine);
  });

  /** How many windows tap each cell of one axis, counted window by window. */
  function coverage(inputSize: number, kernelSize: number, stride: number, dilation: number, padBegin: number, padEnd: number): number[] {
    const count = new Array<number>(inputSize).fill(0);
    const outputSize = rawOutputSize({ inputSize, kernelSize, stride, dilation, padBegin, padEnd });
    for (let o = 0; o < outputSize; o++) {
      for (let i = 0; i < kernelSize; i++) {
        const at = o * stride + i * dilation - padBegin;
        if (at >= 0 && at < inputSize) count[at]! += 1;
      }
    }
    return count;
  }

  it.each([
    { name: 'stride 1, 3×2 window, no padding', window: [3, 2], strides: [1, 1], dilations: [1, 1], padding: 0 },
    { name: "stride 1, 'same', dilations [2, 1]", window: [3, 3], strides: [1, 1], dilations: [2, 1], padding: 'same' },
    { name: 'stride 3 > window 2: cells between windows get 0', window: [2, 2], strides: [3, 3], dilations: [1, 1], padding: 0 },
  ] as const)('col2im(im2col(x)) = x · coverage ($name)', ({ window, strides, dilations, padding }) => {
    const inputShape = [2, 3, 7, 8];
    const x = randomTensor(inputShape, rand);
    const options = { windowDimensions: window, strides, dilations, padding };
    const image = col2im(im2col(x, options), { ...options, inputShape });
    const pads = resolvePadding(padding, [7, 8], window, strides, dilations);
    const rowsCovered = coverage(7, window[0], strides[0], dilations[0], pads[0], pads[1]);
    const colsCovered = coverage(8, window[1], strides[1], dilations[1], pads[2], pads[3]);
    // Summing `count` copies of an f32 in f64 is exact, so the result is exactly fround(count · x);
    // a cell no window covers is +0 (nothing was added), not x · 0 (which is −0 for negative x).
    const expected = x.data.map((v, k) => {
      const count = rowsCovered[Math.floor(k / 8) % 7]! * colsCovered[k % 8]!;
      return count === 0 ? 0 : Math.fround(v * count);
    });
    expect(image.shape).toEqual(inputShape);
    expect(Array.from(image.data)).toEqual(Array.from(expected));
    if (strides[0] === 1) expect(rowsCovered.every((c) => c > 0)).toBe(true);
  });

  it.each([
    { layout: 'nchw', inputShape: [2, 3, 4, 6] },
    { layout: 'nhwc', inputShape: [2, 4, 6, 3] },
  ] as const)('stride = window (non-overlapping) gives back exactly x ($layout)', ({ layout, inputShape }) => {
    const x = randomTensor(inputShape, rand);
    const options = { windowDimensions: [2, 3], strides: [2, 3], inputLayout: layout } as const;
    const cols = im2col(x, options);
    expect(cols.shape).toEqual([2 * 2 * 2, 3 * 2 * 3]);
    expect(col2im(cols, { ...options, inputShape })).toEqual(x);
  });
});

describe('im2col and col2im: errors', () => {
  const x = nine;
  const cols4x4: Tensor = { data: new Float32Array(16), shape: [4, 4] };
  const fold = { windowDimensions: 2, inputShape: [1, 1, 3, 3] };

  it('windowDimensions is required and must be positive integers', () => {
    expect(() => im2col(x, {} as Im2colOptions)).toThrow(TypeError);
    expect(() => im2col(x, {} as Im2colOptions)).toThrow(/^im2col: windowDimensions is required: a positive integer or a pair \[height, width\]/);
    expect(() => im2col(x, undefined as unknown as Im2colOptions)).toThrow(/im2col: windowDimensions is required/);
    expect(() => col2im(cols4x4, { inputShape: [1, 1, 3, 3] } as unknown as typeof fold)).toThrow(/col2im: windowDimensions is required/);
    expect(() => im2col(x, { windowDimensions: [2, 0] as unknown as [number, number] })).toThrow(RangeError);
    expect(() => im2col(x, { windowDimensions: [2, 0] as unknown as [number, number] })).toThrow(/windowDimensions must be .*, got \[2, 0\]/);
    expect(() => im2col(x, { windowDimensions: '2' as unknown as number })).toThrow(TypeError);
  });

  it('unknown keys are rejected with a did-you-mean', () => {
    const asOptions = (o: object) => o as unknown as Im2colOptions;
    expect(() => im2col(x, asOptions({ kernel_size: 2 }))).toThrow(TypeError);
    expect(() => im2col(x, asOptions({ kernel_size: 2 }))).toThrow(
      /^im2col: unknown option `kernel_size`; did you mean `windowDimensions`\?/,
    );
    expect(() => im2col(x, asOptions({ windowDimensions: 2, stides: 2 }))).toThrow(/unknown option `stides`; did you mean `strides`\?/);
    // Pooling spells it `layout`; here it is `inputLayout`, as in conv2d.
    expect(() => col2im(cols4x4, { ...fold, layout: 'nchw' } as unknown as typeof fold)).toThrow(
      /^col2im: unknown option `layout`; did you mean `inputLayout`\?/,
    );
    // inputShape belongs to col2im only.
    expect(() => im2col(x, asOptions({ windowDimensions: 2, inputShape: [1, 1, 3, 3] }))).toThrow(/unknown option `inputShape`/);
    expect(() => im2col(x, 2 as unknown as Im2colOptions)).toThrow(/im2col: options must be an object, got 2/);
  });

  it('col2im: a columns shape that im2col of inputShape would not produce names both shapes', () => {
    const wrong: Tensor = { data: new Float32Array(20), shape: [4, 5] };
    expect(() => col2im(wrong, fold)).toThrow(RangeError);
    expect(() => col2im(wrong, fold)).toThrow(
      'col2im: columns shape must be [4, 4] (N·Hout·Wout = 1·2·2 rows, C·kH·kW = 1·2·2 columns) ' +
        'for inputShape [1, 1, 3, 3] (nchw), got [4, 5]',
    );
    const rank3: Tensor = { data: new Float32Array(16), shape: [1, 4, 4] };
    expect(() => col2im(rank3, fold)).toThrow(/columns shape must be \[4, 4\] .* got \[1, 4, 4\]/);
    const batch2 = { ...fold, inputShape: [2, 1, 3, 3] };
    expect(() => col2im(cols4x4, batch2)).toThrow(/must be \[8, 4\] .*for inputShape \[2, 1, 3, 3\] \(nchw\), got \[4, 4\]/);
    expect(() => col2im({ data: new Float32Array(16) } as unknown as Tensor, fold)).toThrow(TypeError);
    expect(() => col2im({ data: new Float32Array(16) } as unknown as Tensor, fold)).toThrow(/got undefined/);
  });

  it('columns and input must be tensors whose data matches their shape', () => {
    expect(() => col2im({ data: new Float32Array(15), shape: [4, 4] }, fold)).toThrow(RangeError);
    expect(() => col2im({ data: new Float32Array(15), shape: [4, 4] }, fold)).toThrow(
      /^col2im: columns.data has 15 elements but shape \[4, 4\] needs 16/,
    );
    expect(() => col2im({ data: [1, 2] } as unknown as Tensor, fold)).toThrow(/^col2im: columns.data must be a Float32Array, got \[1, 2\]/);
    expect(() => im2col({ data: new Float32Array(8), shape: [1, 1, 3, 3] }, { windowDimensions: 2 })).toThrow(
      /^im2col: input.data has 8 elements but shape \[1, 1, 3, 3\] needs 9/,
    );
    expect(() => im2col({ data: new Float32Array(9), shape: [1, 3, 3] }, { windowDimensions: 2 })).toThrow(
      /^im2col: input shape must have rank 4 \[N, C, H, W\] \(nchw\), got \[1, 3, 3\] \(rank 3\)/,
    );
    expect(() => im2col(null as unknown as Tensor, { windowDimensions: 2 })).toThrow(TypeError);
  });

  it('an output size below 1 is a RangeError that explains why', () => {
    expect(() => im2col(x, { windowDimensions: 4 })).toThrow(RangeError);
    expect(() => im2col(x, { windowDimensions: 4 })).toThrow(
      /^im2col: output height would be 0: the padded input height 3 \+ 0 \+ 0 = 3 is smaller than the window's extent 4/,
    );
    expect(() => im2col(x, { windowDimensions: 2, dilations: [1, 3] })).toThrow(/output width would be 0: .* extent 4 \(window 2, dilation 3\)/);
    expect(() => col2im(cols4x4, { ...fold, windowDimensions: [2, 5] })).toThrow(/^col2im: output width would be 0/);
    // Padding makes it fit: a window partly over padding is fine.
    expect(im2col(x, { windowDimensions: 4, padding: [1, 0, 0, 1] }).shape).toEqual([1, 16]);
  });

  it('a result past 2^30 elements is a RangeError, before allocating', () => {
    const one: Tensor = { data: Float32Array.of(1), shape: [1, 1, 1, 1] };
    expect(() => im2col(one, { windowDimensions: 1, padding: 40_000 })).toThrow(RangeError);
    expect(() => im2col(one, { windowDimensions: 1, padding: 40_000 })).toThrow(
      'im2col: the columns of shape [6400160001, 1] would have 6400160001 elements, more than the limit of 1073741824 (2^30) elements per array',
    );
    // col2im's image comes from inputShape: one window of one cell, and 10^10 cells to rebuild.
    const single: Tensor = { data: Float32Array.of(1), shape: [1, 1] };
    const huge = { windowDimensions: 1, strides: 100_000, inputShape: [1, 1, 100_000, 100_000] };
    expect(() => col2im(single, huge)).toThrow(RangeError);
    expect(() => col2im(single, huge)).toThrow(
      'col2im: the image of shape [1, 1, 100000, 100000] would have 10000000000 elements, more than the limit of 1073741824 (2^30) elements per array',
    );
    // The same geometry on a small image works: the cell the window sees gets the value.
    expect(Array.from(col2im(single, { windowDimensions: 1, strides: 100_000, inputShape: [1, 1, 2, 2] }).data)).toEqual([1, 0, 0, 0]);
  });

  it('inputShape is required and must be 4 positive integers in inputLayout', () => {
    const withShape = (inputShape: unknown) => ({ windowDimensions: 2, inputShape }) as typeof fold;
    expect(() => col2im(cols4x4, { windowDimensions: 2 } as typeof fold)).toThrow(TypeError);
    expect(() => col2im(cols4x4, { windowDimensions: 2 } as typeof fold)).toThrow(/^col2im: inputShape is required/);
    expect(() => col2im(cols4x4, withShape([1, 3, 3]))).toThrow(RangeError);
    expect(() => col2im(cols4x4, withShape([1, 3, 3]))).toThrow(
      /^col2im: inputShape must have rank 4 \[N, C, H, W\] \(nchw\), got \[1, 3, 3\] \(rank 3\)/,
    );
    expect(() => col2im(cols4x4, withShape([1, 0, 3, 3]))).toThrow(/inputShape must hold positive integers .*got \[1, 0, 3, 3\]/);
    expect(() => col2im(cols4x4, withShape([1, 1, 2.5, 3]))).toThrow(/got \[1, 1, 2.5, 3\]/);
    expect(() => col2im(cols4x4, withShape('1x1x3x3'))).toThrow(TypeError);
    expect(() => col2im(cols4x4, withShape('1x1x3x3'))).toThrow(/inputShape must be an array of 4 dimensions .*got "1x1x3x3"/);
    expect(() => col2im(cols4x4, { ...withShape([1, 3, 3, 1]), inputLayout: 'nhwc' })).not.toThrow();
    expect(() => col2im(cols4x4, { ...withShape([1, 3, 3]), inputLayout: 'nhwc' })).toThrow(/\[N, H, W, C\] \(nhwc\)/);
  });

  it('inputLayout and padding words are checked', () => {
    expect(() => im2col(x, { windowDimensions: 2, inputLayout: 'NCHW' as 'nchw' })).toThrow(RangeError);
    expect(() => im2col(x, { windowDimensions: 2, inputLayout: 'NCHW' as 'nchw' })).toThrow(
      /^im2col: inputLayout must be one of 'nchw', 'nhwc', got "NCHW"/,
    );
    expect(() => im2col(x, { windowDimensions: 2, padding: 'same_upper' as 'same' })).toThrow(RangeError);
    expect(() => im2col(x, { windowDimensions: 2, padding: 'same_upper' as 'same' })).toThrow(/padding must be .*got "same_upper"/);
    // @ts-expect-error: three numbers are no form of Padding (the type says so too)
    expect(() => im2col(x, { windowDimensions: 2, padding: [1, 2, 3] })).toThrow(/padding must be .*got \[1, 2, 3\]/);
    expect(() => im2col(x, { windowDimensions: 2, strides: 0 })).toThrow(/^im2col: strides must be .*got 0/);
  });
});
