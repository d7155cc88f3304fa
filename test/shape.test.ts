import { describe, expect, it } from 'vitest';
import {
  conv2dFlops,
  conv2dOutputShape,
  conv2dParameterCount,
  convOutputSize,
  effectiveKernelSize,
  poolOutputSize,
  receptiveField,
  resolvePadding,
  samePadding,
} from '../src/index.js';
import { allocateArray, allocateFloat32, checkElementCount, MAX_ELEMENTS } from '../src/shape/element-limit.js';

describe('convOutputSize', () => {
  it.each([
    // [input, kernel, stride, padding, expected]
    [7, 3, 2, 1, 4],
    [224, 7, 2, 3, 112],
    [128, 5, 2, 2, 64],
    [64, 5, 2, 2, 32],
    [224, 3, 1, 0, 222],
    [224, 3, 2, 1, 112],
  ] as const)('in %i, k %i, s %i, p %i → %i', (input, kernel, stride, padding, expected) => {
    expect(convOutputSize(input, kernel, { strides: stride, padding })).toBe(expected);
  });

  it('length 20, k5 s2, total padding 4 → 10', () => {
    expect(convOutputSize(20, 5, { strides: 2, padding: [2, 2] })).toBe(10);
    expect(convOutputSize(20, 5, { strides: 2, padding: [1, 3] })).toBe(10);
  });

  it('follows floor((in + pads − (d(k−1)+1)) / s) + 1 with dilation', () => {
    expect(effectiveKernelSize(3, 2)).toBe(5);
    expect(convOutputSize(10, 3, { dilations: 2 })).toBe(6); // floor((10 − 5) / 1) + 1
    expect(convOutputSize(10, 3, { dilations: 3, strides: 2, padding: [1, 0] })).toBe(3); // floor((11 − 7) / 2) + 1
  });

  it('rejects an output below 1 instead of returning an empty size', () => {
    expect(() => convOutputSize(4, 5)).toThrow(RangeError);
    expect(() => convOutputSize(4, 5)).toThrow(/output size would be 0.*kernel's extent 5/);
    expect(() => convOutputSize(4, 3, { dilations: 2 })).toThrow(/extent 5 \(kernel 3, dilation 2\)/);
    expect(convOutputSize(4, 5, { padding: 1 })).toBe(2);
  });

  it('rejects bad sizes and unknown options', () => {
    expect(() => convOutputSize(0, 3)).toThrow(/inputSize must be an integer ≥ 1, got 0/);
    expect(() => convOutputSize(8, 2.5)).toThrow(/kernelSize must be an integer ≥ 1, got 2.5/);
    // Not a number at all is a TypeError; a number out of range a RangeError.
    expect(() => convOutputSize('8' as never, 3)).toThrow(TypeError);
    expect(() => convOutputSize(8, 3, { strides: null } as never)).toThrow('convOutputSize: strides must be an integer ≥ 1, got null');
    expect(() => convOutputSize(8, undefined as never)).toThrow('convOutputSize: kernelSize is required: an integer ≥ 1');
    expect(() => convOutputSize(8, 3, { stride: 2 } as never)).toThrow(/unknown option `stride`; did you mean `strides`\?/);
    expect(() => convOutputSize(8, 3, { padding: -1 })).toThrow(/padding must be .* got -1/);
  });
});

describe('effectiveKernelSize', () => {
  it('is d·(k−1)+1, with dilation 1 by default', () => {
    expect(effectiveKernelSize(3)).toBe(3);
    expect(effectiveKernelSize(1, 7)).toBe(1);
    expect(effectiveKernelSize(5, 3)).toBe(13);
  });

  it('rejects a kernel or dilation that is not an integer ≥ 1', () => {
    expect(() => effectiveKernelSize(2.5)).toThrow(RangeError);
    expect(() => effectiveKernelSize(2.5)).toThrow('effectiveKernelSize: kernelSize must be an integer ≥ 1, got 2.5');
    expect(() => effectiveKernelSize(0, 1)).toThrow('effectiveKernelSize: kernelSize must be an integer ≥ 1, got 0');
    expect(() => effectiveKernelSize(3, 0)).toThrow('effectiveKernelSize: dilation must be an integer ≥ 1, got 0');
    expect(() => effectiveKernelSize(3, Infinity)).toThrow(RangeError);
    expect(() => effectiveKernelSize('3' as never)).toThrow(TypeError);
    expect(() => effectiveKernelSize(3, null as never)).toThrow('effectiveKernelSize: dilation must be an integer ≥ 1, got null');
  });
});

describe('conv2dOutputShape', () => {
  it('(1,1,6,6), k3 s2 p1, 2 filters → (1,2,3,3)', () => {
    expect(conv2dOutputShape([1, 1, 6, 6], [2, 1, 3, 3], { strides: 2, padding: 1 })).toEqual([1, 2, 3, 3]);
  });

  it('(2,3,32,32), k3 p1, 8 filters (weight (8,3,3,3), bias (8)) → (2,8,32,32)', () => {
    const bias = new Float32Array(8);
    expect(conv2dOutputShape([2, 3, 32, 32], [8, 3, 3, 3], { padding: 1, bias })).toEqual([2, 8, 32, 32]);
    expect(() => conv2dOutputShape([2, 3, 32, 32], [8, 3, 3, 3], { padding: 1, bias: new Float32Array(7) })).toThrow(
      /bias has 7 values but the filter has 8 output channels/,
    );
  });

  it('(1,1,8,8) k3 p1, 4 filters → (1,4,8,8)', () => {
    expect(conv2dOutputShape([1, 1, 8, 8], [4, 1, 3, 3], { padding: 1 })).toEqual([1, 4, 8, 8]);
  });

  it('7×7 k3 s2 p1 → 4×4, in both layouts', () => {
    expect(conv2dOutputShape([1, 1, 7, 7], [1, 1, 3, 3], { strides: 2, padding: 1 })).toEqual([1, 1, 4, 4]);
    const nhwc = { strides: 2, padding: 1, inputLayout: 'nhwc', filterLayout: 'hwio' } as const;
    expect(conv2dOutputShape([1, 7, 7, 1], [3, 3, 1, 1], nhwc)).toEqual([1, 4, 4, 1]);
  });

  it('handles non-square kernels, strides, dilations and asymmetric padding per axis', () => {
    // height: floor((10 + 1 + 2 − (2·(3−1)+1)) / 2) + 1 = 5; width: floor((9 + 0 + 0 − 5) / 3) + 1 = 2
    const options = { strides: [2, 3], dilations: [2, 1], padding: [1, 2, 0, 0] } as const;
    expect(conv2dOutputShape([1, 2, 10, 9], [4, 2, 3, 5], options)).toEqual([1, 4, 5, 2]);
  });
});

describe('padding resolution', () => {
  it('expands numbers and pairs to [beginH, endH, beginW, endW]', () => {
    expect(resolvePadding(2, [8, 8], [3, 3])).toEqual([2, 2, 2, 2]);
    expect(resolvePadding([1, 2], [8, 8], [3, 3])).toEqual([1, 1, 2, 2]);
    expect(resolvePadding([0, 1, 2, 3], [8, 8], [3, 3])).toEqual([0, 1, 2, 3]);
    expect(resolvePadding('valid', [8, 8], [3, 3])).toEqual([0, 0, 0, 0]);
  });

  it("'full' pads d·(k−1) on both sides", () => {
    expect(resolvePadding('full', [8, 8], [3, 5], [1, 1], [2, 1])).toEqual([4, 4, 4, 4]);
    expect(conv2dOutputShape([1, 1, 4, 4], [1, 1, 3, 3], { padding: 'full' })).toEqual([1, 1, 6, 6]);
  });

  it("'same' is same-upper: the odd cell goes at the end; same-lower puts it first", () => {
    expect(resolvePadding('same', [224, 224], [7, 7], [2, 2])).toEqual([2, 3, 2, 3]);
    expect(resolvePadding('same-upper', [224, 224], [7, 7], [2, 2])).toEqual([2, 3, 2, 3]);
    expect(resolvePadding('same-lower', [224, 224], [7, 7], [2, 2])).toEqual([3, 2, 3, 2]);
    expect(samePadding(6, 3, 2)).toEqual([0, 1]);
    expect(samePadding(6, 3, 2, 1, 'lower')).toEqual([1, 0]);
  });

  it('SAME matches the TensorFlow definition for every size, kernel, stride and dilation up to 9', () => {
    // TensorFlow's documented rule, written independently of samePadding's:
    // pad_along = max(k_eff − (in mod s), 0) if in mod s ≠ 0 else max(k_eff − s, 0).
    for (let input = 1; input <= 12; input++) {
      for (let kernel = 1; kernel <= 5; kernel++) {
        for (let stride = 1; stride <= 9; stride++) {
          for (let dilation = 1; dilation <= 3; dilation++) {
            const effective = dilation * (kernel - 1) + 1;
            const total = input % stride === 0 ? Math.max(effective - stride, 0) : Math.max(effective - (input % stride), 0);
            const [begin, end] = samePadding(input, kernel, stride, dilation);
            expect([begin, end]).toEqual([Math.floor(total / 2), total - Math.floor(total / 2)]);
            const out = convOutputSize(input, kernel, { strides: stride, dilations: dilation, padding: 'same' });
            expect(out).toBe(Math.ceil(input / stride));
          }
        }
      }
    }
  });

  it('SAME with a stride larger than the input gives one output cell', () => {
    expect(samePadding(3, 3, 5)).toEqual([0, 0]);
    expect(samePadding(2, 3, 4)).toEqual([0, 1]);
    expect(conv2dOutputShape([1, 1, 2, 3], [1, 1, 3, 3], { strides: [4, 5], padding: 'same' })).toEqual([1, 1, 1, 1]);
  });

  it('samePadding rejects sizes, strides and dilations that are not integers ≥ 1, and unknown modes', () => {
    expect(() => samePadding(7, 3, 0)).toThrow(RangeError);
    expect(() => samePadding(7, 3, 0)).toThrow('samePadding: stride must be an integer ≥ 1, got 0');
    expect(() => samePadding(0, 3)).toThrow('samePadding: inputSize must be an integer ≥ 1, got 0');
    expect(() => samePadding(7, 3, 1, 1.5)).toThrow('samePadding: dilation must be an integer ≥ 1, got 1.5');
    expect(() => samePadding('7' as never, 3)).toThrow(TypeError);
    expect(() => (samePadding as (n: number) => unknown)(7)).toThrow('samePadding: kernelSize is required: an integer ≥ 1');
    expect(() => samePadding(6, 3, 2, 1, 'middle' as never)).toThrow(RangeError);
    expect(() => samePadding(6, 3, 2, 1, 'middle' as never)).toThrow(`samePadding: mode must be one of 'upper', 'lower', got "middle"`);
    expect(() => samePadding(6, 3, 2, 1, 'same-lower' as never)).toThrow(/got "same-lower"; did you mean 'lower'\?$/);
    expect(() => samePadding(6, 3, 2, 1, 'Upper' as never)).toThrow(/did you mean 'upper'\?$/);
    expect(() => samePadding(6, 3, 2, 1, 0 as never)).toThrow(TypeError);
    // Omitted arguments take their defaults.
    expect(samePadding(6, 3, undefined, undefined, undefined)).toEqual(samePadding(6, 3, 1, 1, 'upper'));
  });

  it('resolvePadding checks its whole geometry, whatever the padding', () => {
    const pair = 'a positive integer or a pair [height, width] of them';
    expect(() => resolvePadding('same', [8, 8], [3, 3], [0, 0])).toThrow(`resolvePadding: strides must be ${pair}, got [0, 0]`);
    expect(() => resolvePadding(1, [8, 8], [3, 3], [0, 0])).toThrow(RangeError);
    expect(() => resolvePadding('same', [8] as never, [3, 3])).toThrow(`resolvePadding: inputSize must be ${pair}, got [8]`);
    expect(() => resolvePadding('same', '8' as never, [3, 3])).toThrow(TypeError);
    expect(() => resolvePadding('same', '8' as never, [3, 3])).toThrow(`resolvePadding: inputSize must be ${pair}, got "8"`);
    expect(() => (resolvePadding as (p: unknown, i: unknown) => unknown)('valid', [8, 8])).toThrow(`resolvePadding: kernelSize is required: ${pair}`);
    expect(() => resolvePadding('same', [8, 8], [3, 3], [1, 1], [1, 0])).toThrow(`resolvePadding: dilations must be ${pair}, got [1, 0]`);
    // A plain number means both axes, as everywhere a pair is expected.
    expect(resolvePadding('same', 224, 7, 2)).toEqual(resolvePadding('same', [224, 224], [7, 7], [2, 2]));
  });

  it('rejects negative or fractional padding, wrong lengths and unknown words, naming the value', () => {
    expect(() => resolvePadding(-1, [8, 8], [3, 3])).toThrow(/got -1/);
    // @ts-expect-error: three numbers are no form of Padding (the type says so too)
    expect(() => resolvePadding([1, 1, 1], [8, 8], [3, 3])).toThrow(/got \[1, 1, 1\]/);
    expect(() => resolvePadding([0, 0.5], [8, 8], [3, 3])).toThrow(RangeError);
    expect(() => resolvePadding('same_upper' as never, [8, 8], [3, 3])).toThrow(/got "same_upper"/);
    expect(() => resolvePadding('same_upper' as never, [8, 8], [3, 3])).toThrow(/'same-upper'/);
  });
});

describe('parameter and FLOP counts', () => {
  it('counts weights plus biases', () => {
    expect(conv2dParameterCount({ inChannels: 3, outChannels: 64, kernelSize: 3 })).toBe(1792);
    expect(conv2dParameterCount({ inChannels: 3, outChannels: 32, kernelSize: 5 })).toBe(2432);
    expect(conv2dParameterCount({ inChannels: 3, outChannels: 16, kernelSize: 3, bias: false })).toBe(432);
    expect(conv2dParameterCount({ inChannels: 64, outChannels: 128, kernelSize: [3, 3] })).toBe(73856);
  });

  it('divides the weights by groups (depthwise: one kernel per channel)', () => {
    expect(conv2dParameterCount({ inChannels: 32, outChannels: 32, kernelSize: 3, groups: 32 })).toBe(32 * 9 + 32);
    expect(() => conv2dParameterCount({ inChannels: 6, outChannels: 8, kernelSize: 3, groups: 4 })).toThrow(
      /inChannels \(6\) and outChannels \(8\) must be divisible by groups \(4\)/,
    );
  });

  it('names the layer argument and treats every missing field alike', () => {
    const fields = '{ inChannels, outChannels, kernelSize, groups?, bias? }';
    expect(() => conv2dParameterCount(3 as never)).toThrow(`conv2dParameterCount: layer must be an object ${fields}, got 3`);
    expect(() => conv2dParameterCount(undefined as never)).toThrow(TypeError);
    // Missing is a TypeError for every required field.
    expect(() => conv2dParameterCount({ outChannels: 3, kernelSize: 3 } as never)).toThrow(TypeError);
    expect(() => conv2dParameterCount({ outChannels: 3, kernelSize: 3 } as never)).toThrow('conv2dParameterCount: inChannels is required: an integer ≥ 1');
    expect(() => conv2dParameterCount({ inChannels: 3, outChannels: 3 } as never)).toThrow(TypeError);
    expect(() => conv2dParameterCount({ inChannels: 3, outChannels: 3, kernelSize: 3, groups: '3' } as never)).toThrow(TypeError);
    expect(() => conv2dParameterCount({ inChannels: 0, outChannels: 3, kernelSize: 3 })).toThrow(RangeError);
  });

  it('counts 2·N·Cout·Hout·Wout·(Cin/groups)·kH·kW FLOPs', () => {
    expect(conv2dFlops([1, 3, 224, 224], [64, 3, 7, 7], { strides: 2, padding: 3 })).toBe(2 * 64 * 112 * 112 * 3 * 49);
    expect(conv2dFlops([8, 3, 32, 32], [16, 3, 3, 3], { padding: 1 })).toBe(2 * 8 * 16 * 32 * 32 * 27);
    expect(conv2dFlops([1, 64, 56, 56], [64, 16, 3, 3], { padding: 1, groups: 4 })).toBe(2 * 64 * 56 * 56 * 16 * 9);
  });
});

describe('receptiveField', () => {
  it('two 3×3 stride-1 layers see 5 cells', () => {
    expect(receptiveField([{ kernel: 3 }, { kernel: 3 }]).size).toBe(5);
  });

  it('kernels [3, 3, 3] with strides [1, 2, 1] see 9 cells, with jump 2', () => {
    const field = receptiveField([{ kernel: 3 }, { kernel: 3, strides: 2 }, { kernel: 3 }]);
    expect(field.size).toBe(9);
    expect(field.jump).toBe(2);
    expect(field.layers.map((l) => l.size)).toEqual([3, 5, 9]);
  });

  it('three unpadded 3×3 layers on 32×32 give 30, 28, 26', () => {
    const field = receptiveField([{ kernel: 3 }, { kernel: 3 }, { kernel: 3 }], 32);
    expect(field.layers.map((l) => l.outputSize)).toEqual([30, 28, 26]);
    expect(field.size).toBe(7);
    expect(field.start).toBe(3); // the first output's field is cells 0..6, centred on 3
  });

  it('tracks the start offset through padding and dilation', () => {
    // Padded 3×3 (pad 1): first output centred on cell 0; a dilated 3×3 (d=2) adds 4 cells.
    const field = receptiveField([{ kernel: 3, padding: 1 }, { kernel: 3, dilations: 2 }]);
    expect(field.layers[0]).toEqual({ size: 3, jump: 1, start: 0 });
    expect(field.layers[1]).toEqual({ size: 7, jump: 1, start: 2 });
    // ResNet stem: 7×7 s2 p3 then a 3×3 s2 p1 max pool.
    const stem = receptiveField([{ kernel: 7, strides: 2, padding: 3 }, { kernel: 3, strides: 2, padding: 1 }], 224);
    expect(stem).toMatchObject({ size: 11, jump: 4, start: 0, outputSize: 56 });
  });

  it('rejects an empty stack and bad layers', () => {
    expect(() => receptiveField([])).toThrow(RangeError);
    expect(() => receptiveField([])).toThrow(/non-empty array/);
    expect(() => receptiveField(null as never)).toThrow(TypeError);
    expect(() => receptiveField([{ kernel: 3 }, { kernel: 3 }, 3 as never])).toThrow(
      'receptiveField: layers[2] must be an object { kernel, strides?, dilations?, padding? }, got 3',
    );
    expect(() => receptiveField([{ kernel: 3 }, { kernel: 3, stride: 2 } as never])).toThrow(/^receptiveField: layers\[1\]: unknown option `stride`/);
    expect(() => receptiveField([{} as never])).toThrow('receptiveField: layers[0].kernel is required: an integer ≥ 1');
    expect(() => receptiveField([{ kernel: 3, padding: [1, -1] }])).toThrow(
      'receptiveField: layers[0].padding must be a non-negative integer or [begin, end], got [1, -1]',
    );
    expect(() => receptiveField([{ kernel: 0 }])).toThrow(/layers\[0\]\.kernel must be an integer ≥ 1, got 0/);
    expect(() => receptiveField([{ kernel: 3, stride: 2 } as never])).toThrow(/did you mean `strides`/);
    expect(() => receptiveField([{ kernel: 5 }], 3)).toThrow(/output size would be 0/);
  });
});

describe('poolOutputSize', () => {
  it('names the output cell that would pool padding only, in one-axis words', () => {
    expect(() => poolOutputSize(2, 1, { padding: 1 })).toThrow(RangeError);
    expect(() => poolOutputSize(2, 1, { padding: 1 })).toThrow(
      'poolOutputSize: output cell 0 would pool padding only: its window taps input positions [-1] but the input covers 0…1 (window 1, stride 1, dilation 1, padding [1, 1]); expected every window to cover at least one input cell — use less padding or dilation',
    );
    // The last window, not the first: cells 0 and 1 reach the input, cell 2 taps 4 and 5 of 0…2.
    expect(() => poolOutputSize(3, 2, { strides: 2, padding: [0, 3] })).toThrow(/^poolOutputSize: output cell 2 would pool padding only: its window taps input positions \[4, 5\] /);
    expect(poolOutputSize(3, 2, { strides: 2, padding: [0, 1] })).toBe(2);
  });
});

describe('the element limit (src/shape/element-limit.ts)', () => {
  it('is 2^30 elements per array, checked before allocating', () => {
    expect(MAX_ELEMENTS).toBe(2 ** 30);
    expect(checkElementCount('f', 'the output', [2 ** 15, 2 ** 15])).toBe(2 ** 30);
    expect(() => checkElementCount('f', 'the output', [2 ** 15, 2 ** 15 + 1])).toThrow(RangeError);
    expect(() => checkElementCount('conv2d', 'the output', [1, 1, 80001, 80001])).toThrow(
      'conv2d: the output of shape [1, 1, 80001, 80001] would have 6400160001 elements, more than the limit of 1073741824 (2^30) elements per array',
    );
    expect(allocateFloat32('f', 'the output', [2, 3])).toEqual(new Float32Array(6));
  });

  it('names the function when the JavaScript engine refuses an allocation within the limit', () => {
    // A stand-in for a process without the memory: V8 throws a RangeError of its own.
    class Refused {
      static readonly BYTES_PER_ELEMENT = 4;
      constructor() {
        throw new RangeError('Array buffer allocation failed');
      }
    }
    expect(() => allocateArray('im2col', 'the columns', [1000, 1000], Refused)).toThrow(RangeError);
    expect(() => allocateArray('im2col', 'the columns', [1000, 1000], Refused)).toThrow(
      'im2col: could not allocate the columns of shape [1000, 1000] (1000000 elements, 4000000 bytes): Array buffer allocation failed',
    );
    // Other failures are not ours to rename.
    class Broken {
      static readonly BYTES_PER_ELEMENT = 4;
      constructor() {
        throw new Error('something else');
      }
    }
    expect(() => allocateArray('im2col', 'the columns', [2], Broken)).toThrow(/^something else$/);
  });
});
