// Properties of the reference conv2d on random data: each states a fact about convolution that
// the formula must satisfy, checked against an independent computation.
import { describe, expect, it } from 'vitest';
import { convertFilterLayout, nchwToNhwc, reference, type Conv2dOptions, type Tensor } from '../src/index.js';
import { rng, randomTensor } from './helpers/random.js';
import { abs, expectWithinTolerance } from './helpers/tolerance.js';

const { conv1d, conv2d } = reference;
const rand = rng(20261121);

/** Σ|x_i · w_i| per output: the same conv on absolute values, for the tolerance (docs/architecture.md#tolerance). */
function magnitude(input: Tensor, filter: Tensor, options: Conv2dOptions = {}): Float32Array {
  const { activation: _, bias, ...rest } = options;
  const absBias = bias instanceof Float32Array ? bias.map(Math.abs) : undefined;
  return conv2d(abs(input), abs(filter), { ...rest, ...(absBias ? { bias: absBias } : {}) }).data;
}

/** Element [n, c, h, w] of an NCHW tensor. */
function at(t: Tensor, n: number, c: number, h: number, w: number): number {
  const [, C, H, W] = t.shape as [number, number, number, number];
  return t.data[((n * C + c) * H + h) * W + w]!;
}

/** Builds an NCHW tensor from a function of its indices. */
function build(shape: [number, number, number, number], f: (n: number, c: number, h: number, w: number) => number): Tensor {
  const [N, C, H, W] = shape;
  const data = new Float32Array(N * C * H * W);
  let k = 0;
  for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) data[k++] = f(n, c, h, w);
  return { data, shape };
}

/** Channels [from, to) of an NCHW tensor. */
function channels(t: Tensor, from: number, to: number): Tensor {
  const [N, , H, W] = t.shape as [number, number, number, number];
  return build([N, to - from, H, W], (n, c, h, w) => at(t, n, from + c, h, w));
}

/** Concatenates NCHW tensors along channels. */
function concatChannels(parts: Tensor[]): Tensor {
  const [N, , H, W] = parts[0]!.shape as [number, number, number, number];
  const offsets = parts.map((_, i) => parts.slice(0, i).reduce((s, p) => s + p.shape[1]!, 0));
  const C = offsets.at(-1)! + parts.at(-1)!.shape[1]!;
  return build([N, C, H, W], (n, c, h, w) => {
    const i = offsets.findLastIndex((o) => o <= c);
    return at(parts[i]!, n, c - offsets[i]!, h, w);
  });
}

describe('conv2d properties (reference)', () => {
  it('the identity kernel returns the input', () => {
    const x = randomTensor([2, 3, 7, 5], rand);
    const identity = build([3, 3, 3, 3], (o, i, h, w) => (o === i && h === 1 && w === 1 ? 1 : 0));
    expect(conv2d(x, identity, { padding: 'same' })).toEqual(x);
  });

  it('is linear: conv(a·x + b·z) = a·conv(x) + b·conv(z)', () => {
    const x = randomTensor([1, 4, 9, 8], rand);
    const z = randomTensor([1, 4, 9, 8], rand);
    const w = randomTensor([5, 4, 3, 2], rand);
    const options = { strides: [2, 1], dilations: [1, 2], padding: [1, 0, 2, 1] } as const;
    const a = 0.75;
    const b = -1.5;
    const mixed = { data: x.data.map((v, i) => a * v + b * z.data[i]!), shape: x.shape };
    const yx = conv2d(x, w, options);
    const yz = conv2d(z, w, options);
    const expected = { data: yx.data.map((v, i) => a * v + b * yz.data[i]!), shape: yx.shape };
    const bound = magnitude(x, w, options).map((m, i) => Math.abs(a) * m + Math.abs(b) * magnitude(z, w, options)[i]!);
    expectWithinTolerance(conv2d(mixed, w, options), expected, bound);
  });

  it('is translation equivariant away from the borders', () => {
    const big = randomTensor([1, 2, 14, 13], rand);
    const w = randomTensor([3, 2, 3, 3], rand);
    const [dy, dx] = [2, 3];
    const crop = (top: number, left: number) => build([1, 2, 10, 9], (n, c, h, w_) => at(big, n, c, h + top, w_ + left));
    const y = conv2d(crop(0, 0), w);
    const shifted = conv2d(crop(dy, dx), w);
    for (let m = 0; m < 3; m++) {
      for (let oh = 0; oh + dy < 8; oh++) {
        for (let ow = 0; ow + dx < 7; ow++) expect(at(shifted, 0, m, oh, ow)).toBe(at(y, 0, m, oh + dy, ow + dx));
      }
    }
  });

  it('depthwise (groups = C, channel multiplier 2) equals one single-channel conv per channel', () => {
    const x = randomTensor([2, 5, 8, 9], rand);
    const w = randomTensor([10, 1, 3, 3], rand);
    const options = { strides: 2, padding: 1, dilations: [2, 1] } as const;
    // Channel c owns output channels 2c and 2c + 1: filter rows [2c, 2c + 2), 9 weights each.
    const filterOf = (c: number) => ({ data: w.data.slice(c * 18, (c + 1) * 18), shape: [2, 1, 3, 3] });
    const perChannel = Array.from({ length: 5 }, (_, c) => conv2d(channels(x, c, c + 1), filterOf(c), options));
    expect(conv2d(x, w, { ...options, groups: 5 })).toEqual(concatChannels(perChannel));
  });

  it('a grouped conv equals one dense conv per group, concatenated', () => {
    const x = randomTensor([1, 6, 7, 7], rand);
    const w = randomTensor([9, 2, 3, 2], rand);
    const perGroup = [0, 1, 2].map((g) =>
      conv2d(channels(x, 2 * g, 2 * g + 2), { data: w.data.slice(g * 3 * 12, (g + 1) * 3 * 12), shape: [3, 2, 3, 2] }, { padding: [1, 1, 0, 1] }),
    );
    expect(conv2d(x, w, { groups: 3, padding: [1, 1, 0, 1] })).toEqual(concatChannels(perGroup));
  });

  it('a batch equals its images convolved one by one', () => {
    const x = randomTensor([3, 2, 6, 6], rand);
    const w = randomTensor([4, 2, 3, 3], rand);
    const bias = randomTensor([4], rand).data;
    const whole = conv2d(x, w, { padding: 1, bias });
    const image = (n: number) => ({ data: x.data.slice(n * 72, (n + 1) * 72), shape: [1, 2, 6, 6] });
    const parts = [0, 1, 2].map((n) => conv2d(image(n), w, { padding: 1, bias }).data);
    expect(whole.data).toEqual(Float32Array.from(parts.flatMap((p) => [...p])));
  });

  it('NCHW and NHWC give the same numbers', () => {
    const x = randomTensor([2, 3, 9, 7], rand);
    const w = randomTensor([4, 3, 3, 2], rand);
    const options = { strides: [1, 2], padding: 'same', dilations: 2, bias: randomTensor([4], rand).data, activation: 'tanh' } as const;
    const nchw = conv2d(x, w, options);
    const nhwc = conv2d(nchwToNhwc(x), w, { ...options, inputLayout: 'nhwc', filterLayout: 'oihw' });
    expect(nhwc).toEqual(nchwToNhwc(nchw));
  });

  it('every filter layout gives the same numbers', () => {
    const x = randomTensor([1, 6, 8, 8], rand);
    const w = randomTensor([4, 3, 3, 5], rand); // OIHW with groups 2
    const expected = conv2d(x, w, { groups: 2, padding: 2 });
    for (const layout of ['hwio', 'ohwi', 'ihwo'] as const) {
      const converted = convertFilterLayout(w, 'oihw', layout);
      expect(conv2d(x, converted, { groups: 2, padding: 2, filterLayout: layout })).toEqual(expected);
    }
  });

  it('a 1×1 conv is a matrix product W[Cout×Cin] · X[Cin×HW]', () => {
    const x = randomTensor([1, 7, 5, 6], rand);
    const w = randomTensor([3, 7, 1, 1], rand);
    const product = build([1, 3, 5, 6], (_, m, h, w_) => {
      let sum = 0;
      for (let c = 0; c < 7; c++) sum += w.data[m * 7 + c]! * at(x, 0, c, h, w_);
      return sum;
    });
    expectWithinTolerance(conv2d(x, w), product, magnitude(x, w));
  });

  it('padding equals a valid conv of the explicitly zero-padded input', () => {
    const x = randomTensor([1, 2, 5, 6], rand);
    const w = randomTensor([2, 2, 3, 3], rand);
    const [top, bottom, left, right] = [2, 0, 1, 3];
    const padded = build([1, 2, 5 + top + bottom, 6 + left + right], (n, c, h, w_) => {
      const [ih, iw] = [h - top, w_ - left];
      return ih >= 0 && ih < 5 && iw >= 0 && iw < 6 ? at(x, n, c, ih, iw) : 0;
    });
    expect(conv2d(x, w, { padding: [top, bottom, left, right] })).toEqual(conv2d(padded, w));
  });

  it('a strided conv is the stride-1 conv subsampled', () => {
    const x = randomTensor([1, 3, 11, 10], rand);
    const w = randomTensor([2, 3, 3, 2], rand);
    const dense = conv2d(x, w, { padding: 1 });
    const strided = conv2d(x, w, { padding: 1, strides: [3, 2] });
    const [, , H, W] = strided.shape as number[];
    expect(strided).toEqual(build([1, 2, H!, W!], (n, m, h, w_) => at(dense, n, m, 3 * h, 2 * w_)));
  });

  it('a dilated conv equals a conv with zeros inserted between the kernel taps', () => {
    const x = randomTensor([1, 2, 12, 12], rand);
    const w = randomTensor([3, 2, 3, 2], rand);
    const [dh, dw] = [3, 2];
    const spread = build([3, 2, 7, 3], (o, i, h, w_) => (h % dh === 0 && w_ % dw === 0 ? at(w, o, i, h / dh, w_ / dw) : 0));
    expect(conv2d(x, w, { dilations: [dh, dw], padding: 1 })).toEqual(conv2d(x, spread, { padding: 1 }));
  });

  it('flip: true correlates with the kernel rotated by 180°', () => {
    const x = randomTensor([1, 2, 6, 7], rand);
    const w = randomTensor([3, 2, 3, 2], rand);
    const rotated = build([3, 2, 3, 2], (o, i, h, w_) => at(w, o, i, 2 - h, 1 - w_));
    expect(conv2d(x, w, { flip: true, padding: 1 })).toEqual(conv2d(x, rotated, { padding: 1 }));
  });

  it('bias adds one value per output channel (Float32Array or [Cout] tensor)', () => {
    const x = randomTensor([2, 3, 5, 5], rand);
    const w = randomTensor([4, 3, 3, 3], rand);
    const bias = Float32Array.of(1, -2, 0.5, 100);
    const plain = conv2d(x, w);
    const expected = build(plain.shape as [number, number, number, number], (n, m, h, w_) => at(plain, n, m, h, w_) + bias[m]!);
    const bound = magnitude(x, w, { bias });
    expectWithinTolerance(conv2d(x, w, { bias }), expected, bound);
    expect(conv2d(x, w, { bias: { data: bias, shape: [4] } })).toEqual(conv2d(x, w, { bias }));
  });

  it.each([
    ['relu', (v: number) => Math.max(0, v)],
    ['relu6', (v: number) => Math.min(Math.max(0, v), 6)],
    ['sigmoid', (v: number) => 1 / (1 + Math.exp(-v))],
    ['tanh', Math.tanh],
    ['hardSwish', (v: number) => (v * Math.min(Math.max(v + 3, 0), 6)) / 6],
    [{ type: 'clamp', min: -0.5, max: 0.25 }, (v: number) => Math.min(Math.max(v, -0.5), 0.25)],
    [{ type: 'clamp', min: 0 }, (v: number) => Math.max(v, 0)],
    [{ type: 'leakyRelu', alpha: 0.2 }, (v: number) => (v < 0 ? 0.2 * v : v)],
    [{ type: 'leakyRelu' }, (v: number) => (v < 0 ? 0.01 * v : v)],
    [{ type: 'relu' }, (v: number) => Math.max(0, v)],
    // Φ(v) from the standard normal's table values below (worked examples): erf written out here.
    ['gelu', (v: number) => 0.5 * v * (1 + erfByQuadrature(v / Math.SQRT2))],
    [{ type: 'gelu', approximate: 'tanh' }, (v: number) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)))],
    ['silu', (v: number) => v / (1 + Math.exp(-v))],
    ['softplus', (v: number) => Math.log(1 + Math.exp(v))],
    ['elu', (v: number) => (v > 0 ? v : Math.exp(v) - 1)],
    [{ type: 'elu', alpha: 0.5 }, (v: number) => (v > 0 ? v : 0.5 * (Math.exp(v) - 1))],
    ['hardSigmoid', (v: number) => Math.min(Math.max(0.2 * v + 0.5, 0), 1)],
    [{ type: 'hardSigmoid', alpha: 1 / 6, beta: 0.5 }, (v: number) => Math.min(Math.max(v / 6 + 0.5, 0), 1)],
  ] as const)('activation %j is applied after the bias', (activation, f) => {
    const x = randomTensor([1, 3, 6, 6], rand);
    const w = { data: randomTensor([2, 3, 3, 3], rand).data.map((v) => 4 * v), shape: [2, 3, 3, 3] };
    const bias = Float32Array.of(0.5, -1);
    const linear = conv2d(x, w, { bias, padding: 1 });
    const activated = conv2d(x, w, { bias, padding: 1, activation });
    // One f32 rounding apart (before vs after the activation): relative 2⁻²³ plus a floor.
    activated.data.forEach((v, i) => expect(v).toBeCloseTo(f(linear.data[i]!), 5));
  });

  it('the smooth activations at known points (worked examples)', () => {
    const at = (activation: Conv2dOptions['activation'], v: number) => conv2d({ data: Float32Array.of(v), shape: [1, 1, 1, 1] }, { data: Float32Array.of(1), shape: [1, 1, 1, 1] }, { activation }).data[0]!;
    expect(at('gelu', 1)).toBeCloseTo(0.8413447460685429, 6); // 1 · Φ(1)
    expect(at('gelu', -2)).toBeCloseTo(-0.04550026389635842, 7); // −2 · Φ(−2)
    expect(at({ type: 'gelu', approximate: 'tanh' }, 1)).toBeCloseTo(0.8411919906082768, 6);
    expect(at('silu', 1)).toBeCloseTo(0.7310585786300049, 6);
    expect(at('softplus', 0)).toBeCloseTo(Math.LN2, 7);
    expect(at('softplus', 100)).toBe(100);
    expect(at('elu', -1)).toBeCloseTo(-0.6321205588285577, 6);
    expect(at('hardSigmoid', 0)).toBe(0.5);
    expect(at('hardSigmoid', 10)).toBe(1);
  });

  it('conv1d equals conv2d with a height of 1, in every 1-D layout', () => {
    const x = randomTensor([2, 3, 17], rand);
    const w = randomTensor([6, 1, 4], rand);
    const options = { strides: 2, dilations: 3, padding: [2, 1], groups: 3, bias: randomTensor([6], rand).data } as const;
    const as2d = conv2d({ data: x.data, shape: [2, 3, 1, 17] }, { data: w.data, shape: [6, 1, 1, 4] }, { ...options, padding: [0, 0, 2, 1] });
    const y = conv1d(x, w, options);
    expect(y.shape).toEqual([2, 6, 6]); // floor((17 + 3 − (3·3 + 1)) / 2) + 1
    expect(y.data).toEqual(as2d.data);
    const nwc = conv1d(
      { data: nchwToNhwc({ data: x.data, shape: [2, 3, 1, 17] }).data, shape: [2, 17, 3] },
      { data: convertFilterLayout({ data: w.data, shape: [6, 1, 1, 4] }, 'oihw', 'hwio').data, shape: [4, 1, 6] },
      { ...options, inputLayout: 'nwc', filterLayout: 'wio' },
    );
    expect(nwc.shape).toEqual([2, 6, 6]);
    expect(nwc.data).toEqual(nchwToNhwc({ data: y.data, shape: [2, 6, 1, 6] }).data);
  });

  it("conv1d accepts 'same' and pads like TensorFlow", () => {
    const x = randomTensor([1, 1, 10], rand);
    const w = randomTensor([1, 1, 4], rand);
    const y = conv1d(x, w, { padding: 'same', strides: 3 });
    expect(y.shape).toEqual([1, 1, 4]); // ceil(10 / 3)
    // total = (4 − 1)·3 + 4 − 10 = 3 → [1, 2]
    expect(y).toEqual(conv1d(x, w, { padding: [1, 2], strides: 3 }));
  });
});

/** erf by Simpson's rule on 2/√π ∫₀ˣ e^−t² dt (2000 panels): an independent check of the reference's series. */
function erfByQuadrature(x: number): number {
  const n = 2000;
  const h = x / n;
  let sum = 1 + Math.exp(-x * x);
  for (let i = 1; i < n; i++) sum += (i % 2 === 1 ? 4 : 2) * Math.exp(-((i * h) ** 2));
  return ((2 / Math.sqrt(Math.PI)) * sum * h) / 3;
}
