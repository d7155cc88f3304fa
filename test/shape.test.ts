import { describe, expect, it } from 'vitest';
import {
  conv2dFlops,
  conv2dOutputShape,
  conv2dParameterCount,
  convOutputSize,
  effectiveKernelSize,
  receptiveField,
  resolvePadding,
  samePadding,
} from '../src/index.js';

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
    expect(convOutputSize(input, kernel, { stride, padding })).toBe(expected);
  });

  it('length 20, k5 s2, total padding 4 → 10', () => {
    expect(convOutputSize(20, 5, { stride: 2, padding: [2, 2] })).toBe(10);
    expect(convOutputSize(20, 5, { stride: 2, padding: [1, 3] })).toBe(10);
  });

  it('follows floor((in + pads − (d(k−1)+1)) / s) + 1 with dilation', () => {
    expect(effectiveKernelSize(3, 2)).toBe(5);
    expect(convOutputSize(10, 3, { dilation: 2 })).toBe(6); // floor((10 − 5) / 1) + 1
    expect(convOutputSize(10, 3, { dilation: 3, stride: 2, padding: [1, 0] })).toBe(3); // floor((11 − 7) / 2) + 1
  });

  it('rejects an output below 1 instead of returning an empty size', () => {
    expect(() => convOutputSize(4, 5)).toThrow(RangeError);
    expect(() => convOutputSize(4, 5)).toThrow(/output size would be 0.*kernel's extent 5/);
    expect(() => convOutputSize(4, 3, { dilation: 2 })).toThrow(/extent 5 \(kernel 3, dilation 2\)/);
    expect(convOutputSize(4, 5, { padding: 1 })).toBe(2);
  });

  it('rejects bad sizes and unknown options', () => {
    expect(() => convOutputSize(0, 3)).toThrow(/inputSize must be an integer ≥ 1, got 0/);
    expect(() => convOutputSize(8, 2.5)).toThrow(/kernelSize must be an integer ≥ 1, got 2.5/);
    expect(() => convOutputSize(8, 3, { strides: 2 } as never)).toThrow(/unknown option `strides`; did you mean `stride`\?/);
    expect(() => convOutputSize(8, 3, { padding: -1 })).toThrow(/padding must be .* got -1/);
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
            const out = convOutputSize(input, kernel, { stride, dilation, padding: 'same' });
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

  it('rejects negative or fractional padding, wrong lengths and unknown words, naming the value', () => {
    expect(() => resolvePadding(-1, [8, 8], [3, 3])).toThrow(/got -1/);
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
    const field = receptiveField([{ kernel: 3 }, { kernel: 3, stride: 2 }, { kernel: 3 }]);
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
    const field = receptiveField([{ kernel: 3, padding: 1 }, { kernel: 3, dilation: 2 }]);
    expect(field.layers[0]).toEqual({ size: 3, jump: 1, start: 0 });
    expect(field.layers[1]).toEqual({ size: 7, jump: 1, start: 2 });
    // ResNet stem: 7×7 s2 p3 then a 3×3 s2 p1 max pool.
    const stem = receptiveField([{ kernel: 7, stride: 2, padding: 3 }, { kernel: 3, stride: 2, padding: 1 }], 224);
    expect(stem).toMatchObject({ size: 11, jump: 4, start: 0, outputSize: 56 });
  });

  it('rejects an empty stack and bad layers', () => {
    expect(() => receptiveField([])).toThrow(/non-empty array/);
    expect(() => receptiveField([{ kernel: 0 }])).toThrow(/layers\[0\]\.kernel must be an integer ≥ 1, got 0/);
    expect(() => receptiveField([{ kernel: 3, strides: 2 } as never])).toThrow(/did you mean `stride`/);
    expect(() => receptiveField([{ kernel: 5 }], 3)).toThrow(/output size would be 0/);
  });
});
