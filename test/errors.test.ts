// Every invalid argument is a synchronous error naming what was expected and what was given.
import { describe, expect, it } from 'vitest';
import { conv1d, conv2d, convertFilterLayout, nchwToNhwc, reference, tensor, type Tensor } from '../src/index.js';

const zeros = (shape: number[]): Tensor => ({ data: new Float32Array(shape.reduce((a, b) => a * b, 1)), shape });
const x = zeros([1, 4, 8, 8]);
const w = zeros([2, 4, 3, 3]);
const call = (options: object, input: Tensor = x, filter: Tensor = w) => () => conv2d(input, filter, options as never);

describe('conv2d errors', () => {
  it('wrong rank, naming the expected axes and the given shape', () => {
    expect(() => conv2d(zeros([4, 8, 8]), w)).toThrow(RangeError);
    expect(() => conv2d(zeros([4, 8, 8]), w)).toThrow(
      'conv2d: input shape must have rank 4 [N, C, H, W] (nchw), got [4, 8, 8] (rank 3)',
    );
    expect(() => conv2d(x, zeros([4, 3, 3]))).toThrow(/filter shape must have rank 4 \[O, I, H, W\] \(oihw\), got \[4, 3, 3\]/);
    expect(call({ inputLayout: 'nhwc' }, zeros([8, 8, 4]))).toThrow(/\[N, H, W, C\] \(nhwc\)/);
  });

  it('data length not matching the shape', () => {
    const short = { data: new Float32Array(255), shape: [1, 4, 8, 8] };
    expect(() => conv2d(short, w)).toThrow('conv2d: input.data has 255 elements but shape [1, 4, 8, 8] needs 256');
    expect(() => conv2d(x, { data: new Float32Array(10), shape: [2, 4, 3, 3] })).toThrow(/filter\.data has 10 elements .* needs 72/);
  });

  it('non-tensor arguments', () => {
    expect(() => conv2d(null as never, w)).toThrow(TypeError);
    expect(() => conv2d(null as never, w)).toThrow(/input must be a tensor \{ data: Float32Array, shape \}, got null/);
    expect(() => conv2d({ data: new Float64Array(256), shape: [1, 4, 8, 8] } as never, w)).toThrow(
      /input\.data must be a Float32Array, got Float64Array\(256\)/,
    );
    expect(() => conv2d({ data: new Float32Array(256), shape: '1,4,8,8' } as never, w)).toThrow(/input shape must be an array/);
    expect(() => conv2d({ data: new Float32Array(0), shape: [1, 4, 0, 8] }, w)).toThrow(/positive integers .* got \[1, 4, 0, 8\]/);
  });

  it('input channels not matching the filter and groups', () => {
    expect(call({}, x, zeros([2, 3, 3, 3]))).toThrow('conv2d: input has 4 channels but filter expects 3 (3 per group × groups=1)');
    expect(call({}, x, zeros([4, 1, 3, 3]))).toThrow(/filter expects 1 .*; for a depthwise convolution set groups: 4/);
    expect(call({}, x, zeros([4, 2, 3, 3]))).toThrow(/filter expects 2 .*; with groups: 2 it would match/);
    expect(call({ groups: 2 }, x, zeros([2, 4, 3, 3]))).toThrow(/input has 4 channels but filter expects 8 \(4 per group × groups=2\)/);
  });

  it('channels not divisible by groups', () => {
    expect(call({ groups: 3 }, x, zeros([3, 1, 3, 3]))).toThrow('conv2d: input channels (4) must be divisible by groups (3)');
    expect(call({ groups: 2 }, x, zeros([3, 2, 3, 3]))).toThrow(/output channels \(3, the filter's O axis\) must be divisible by groups \(2\)/);
  });

  it.each([
    ['strides', 0],
    ['strides', -1],
    ['strides', 1.5],
    ['strides', [1, 0]],
    ['strides', [2]],
    ['dilations', 0],
    ['dilations', [1, 2.5]],
    ['dilations', NaN],
    ['groups', 0],
    ['groups', 1.5],
  ])('non-integer or non-positive %s = %j', (name, value) => {
    expect(call({ [name]: value })).toThrow(RangeError);
    expect(call({ [name]: value })).toThrow(new RegExp(`conv2d: ${name} must be a positive integer.*, got`));
  });

  it('strides of the wrong type', () => {
    expect(call({ strides: '2' })).toThrow(TypeError);
    expect(call({ strides: '2' })).toThrow(/strides must be a positive integer or a pair \[height, width\] of them, got "2"/);
  });

  it('negative or malformed padding', () => {
    expect(call({ padding: -1 })).toThrow(/conv2d: padding must be a non-negative integer.*, got -1/);
    expect(call({ padding: [1, -1] })).toThrow(/got \[1, -1\]/);
    expect(call({ padding: [1, 1, 1] })).toThrow(/\[beginHeight, endHeight, beginWidth, endWidth\].*got \[1, 1, 1\]/);
  });

  it('output size below 1', () => {
    expect(call({}, x, zeros([2, 4, 9, 3]))).toThrow(
      "conv2d: output height would be 0: the padded input height 8 + 0 + 0 = 8 is smaller than the kernel's extent 9 (kernel 9, dilation 1); expected an output height of at least 1",
    );
    expect(call({ dilations: [1, 4] })).toThrow(/output width would be 0.*extent 9 \(kernel 3, dilation 4\)/);
    expect(call({ dilations: [1, 4], padding: [0, 0, 1, 0] })).not.toThrow();
  });

  it('unknown layout, padding word or activation', () => {
    expect(call({ inputLayout: 'NCHW' })).toThrow(/inputLayout must be one of 'nchw', 'nhwc', got "NCHW"; did you mean 'nchw'\?/);
    expect(call({ filterLayout: 'iohw' })).toThrow(/filterLayout must be one of 'oihw', 'hwio', 'ohwi', 'ihwo', got "iohw"/);
    expect(call({ padding: 'SAME' })).toThrow(/one of 'valid', 'same', 'same-upper', 'same-lower', 'full', got "SAME"; did you mean 'same'\?/);
    expect(call({ padding: 'same_lower' })).toThrow(/got "same_lower"; did you mean 'same-lower'\?/);
    expect(call({ activation: 'hard_swish' })).toThrow(/got "hard_swish"; did you mean 'hardSwish'\?/);
    expect(call({ activation: 'mish' })).toThrow(/activation must be one of 'relu', .*got "mish"/);
    expect(call({ activation: { type: 'swish' } })).toThrow(/got \{ type: "swish" \}/);
    expect(call({ activation: { type: 'clamp', min: 2, max: 1 } })).toThrow(/min ≤ max, got min 2, max 1/);
    expect(call({ activation: { type: 'leakyRelu', alfa: 0.1 } })).toThrow(/unknown option `alfa`; did you mean `alpha`\?/);
    expect(call({ flip: 1 })).toThrow(/flip must be true or false, got 1/);
  });

  it('bias length ≠ output channels', () => {
    expect(call({ bias: new Float32Array(3) })).toThrow('conv2d: bias has 3 values but the filter has 2 output channels');
    expect(call({ bias: { data: new Float32Array(2), shape: [1, 2] } })).toThrow(/bias must have shape \[2\].*got \[1, 2\]/);
    expect(call({ bias: [1, 2] })).toThrow(/bias must be a Float32Array of length 2 or a tensor of shape \[2\], got \[1, 2\]/);
  });

  it.each([
    ['stride', 'strides'],
    ['dilation', 'dilations'],
    ['pads', 'padding'],
    ['group', 'groups'],
    ['data_format', 'inputLayout'],
    ['stides', 'strides'],
    ['Bias', 'bias'],
  ])('unknown option `%s` suggests `%s`', (key, hint) => {
    expect(call({ [key]: 1 })).toThrow(TypeError);
    expect(call({ [key]: 1 })).toThrow(`conv2d: unknown option \`${key}\`; did you mean \`${hint}\`?`);
  });

  it('an unrelated unknown option lists the valid ones', () => {
    expect(call({ fast: true })).toThrow(/unknown option `fast` \(expected one of: padding, paddingMode, strides, .*flip\)/);
    expect(() => conv2d(x, w, 'same' as never)).toThrow(/options must be an object, got "same"/);
  });

  it('options are read once: a getter cannot change the result after validation', () => {
    let reads = 0;
    const options = {
      get strides() {
        reads += 1;
        return reads === 1 ? 1 : 0;
      },
    };
    expect(conv2d(x, w, options).shape).toEqual([1, 2, 6, 6]);
    expect(reads).toBe(1);
    const inherited = Object.create({ strides: 2 }) as object;
    expect(conv2d(x, w, inherited).shape).toEqual([1, 2, 6, 6]); // only own keys count
  });

  it('an output past 2^30 elements, in the reference: a RangeError naming the function and the shape', () => {
    const one: Tensor = { data: Float32Array.of(1), shape: [1, 1, 1, 1] };
    expect(() => reference.conv2d(one, one, { padding: 40_000 })).toThrow(RangeError);
    expect(() => reference.conv2d(one, one, { padding: 40_000 })).toThrow(
      'conv2d: the output of shape [1, 1, 80001, 80001] would have 6400160001 elements, more than the limit of 1073741824 (2^30) elements per array',
    );
    const one1: Tensor = { data: Float32Array.of(1), shape: [1, 1, 1] };
    expect(() => reference.conv1d(one1, one1, { padding: 600_000_000 })).toThrow(/^conv1d: the output of shape \[1, 1, 1200000001\] would have 1200000001 elements/);
    expect(reference.conv2d(one, one, { padding: 1 }).shape).toEqual([1, 1, 3, 3]);
  });

  it('leaves nothing broken: the next valid call works', () => {
    expect(call({ strides: 0 })).toThrow();
    expect(conv2d(x, w).shape).toEqual([1, 2, 6, 6]);
  });
});

describe('conv1d errors', () => {
  const x1 = zeros([1, 2, 10]);
  const w1 = zeros([3, 2, 4]);
  it('speaks in 1-D terms', () => {
    expect(() => conv1d(zeros([2, 10]), w1)).toThrow('conv1d: input shape must have rank 3 [N, C, W] (ncw), got [2, 10] (rank 2)');
    expect(() => conv1d(x1, zeros([3, 2, 11]))).toThrow(/output length would be 0/);
    expect(() => conv1d(x1, w1, { strides: [1, 1] } as never)).toThrow(/strides must be a positive integer or \[length\], got \[1, 1\]/);
    expect(() => conv1d(x1, w1, { padding: [1, 2, 3] } as never)).toThrow(/\[p\], \[begin, end\].*got \[1, 2, 3\]/);
    expect(() => conv1d(x1, w1, { inputLayout: 'nchw' } as never)).toThrow(/inputLayout must be one of 'ncw', 'nwc', got "nchw"/);
  });
});

describe('layout and tensor errors', () => {
  it('rejects wrong ranks and unknown layouts', () => {
    expect(() => nchwToNhwc(zeros([3, 4, 4]))).toThrow(/nchwToNhwc: input shape must have rank 4 \[N, C, H, W\], got \[3, 4, 4\]/);
    expect(() => convertFilterLayout(w, 'oihw', 'hwoi' as never)).toThrow(/to must be one of 'oihw', 'hwio', 'ohwi', 'ihwo', got "hwoi"/);
    expect(() => convertFilterLayout(w, undefined as never, 'hwio')).toThrow(/from is required/);
  });

  it('tensor() checks the data length and copies plain arrays', () => {
    expect(tensor([1, 2, 3, 4], [2, 2]).data).toEqual(Float32Array.of(1, 2, 3, 4));
    expect(() => tensor([1, 2, 3], [2, 2])).toThrow('tensor: data has 3 elements but shape [2, 2] needs 4');
    expect(() => tensor([1], [1, 0])).toThrow(/positive integers/);
  });
});
