// foldBatchNorm against the operation it replaces: a convolution (or transposed convolution)
// followed by batch normalisation, in every filter layout, with and without a bias.
import { describe, expect, it } from 'vitest';
import { convertFilterLayout, foldBatchNorm, reference, type FilterLayout, type Tensor } from '../src/index.js';
import { randomTensor, rng } from './helpers/random.js';

/** y[n, c, …] → γ (y − mean) / √(var + ε) + β, in f64. */
function batchNorm(y: Tensor, p: { gamma: Float32Array; beta: Float32Array; mean: Float32Array; variance: Float32Array }, epsilon: number): Float64Array {
  const [n, c] = y.shape as number[];
  const plane = y.data.length / (n! * c!);
  return Float64Array.from(y.data, (v, k) => {
    const ch = Math.floor(k / plane) % c!;
    return (p.gamma[ch]! * (v - p.mean[ch]!)) / Math.sqrt(p.variance[ch]! + epsilon) + p.beta[ch]!;
  });
}

function expectClose(actual: Float32Array, expected: Float64Array): void {
  const scale = Math.max(1, ...Array.from(expected, Math.abs));
  for (let k = 0; k < actual.length; k++) expect(Math.abs(actual[k]! - expected[k]!), `index ${k}`).toBeLessThanOrEqual(1e-5 * scale);
}

const rand = rng(31);
const bnOf = (c: number) => ({
  gamma: randomTensor([c], rand).data,
  beta: randomTensor([c], rand).data,
  mean: randomTensor([c], rand).data,
  variance: randomTensor([c], rand).data.map((v) => Math.abs(v) + 0.1),
});

describe('foldBatchNorm', () => {
  const x = randomTensor([2, 6, 7, 7], rand);
  const w = randomTensor([4, 3, 3, 3], rand); // OIHW, groups 2
  const bias = randomTensor([4], rand).data;
  const bn = bnOf(4);

  it.each(['oihw', 'hwio', 'ohwi', 'ihwo'] as FilterLayout[])("conv2d then batch norm = conv2d with the folded filter and bias ('%s')", (layout) => {
    const expected = batchNorm(reference.conv2d(x, w, { padding: 1, groups: 2, bias }), bn, 1e-3);
    const filter = convertFilterLayout(w, 'oihw', layout);
    const folded = foldBatchNorm(filter, bias, { ...bn, epsilon: 1e-3 }, { filterLayout: layout });
    expect(folded.filter.shape).toEqual(filter.shape);
    expectClose(reference.conv2d(x, folded.filter, { padding: 1, groups: 2, bias: folded.bias, filterLayout: layout }).data, expected);
  });

  it('a convolution without a bias; the default epsilon 1e-5', () => {
    const expected = batchNorm(reference.conv2d(x, w, { groups: 2 }), bn, 1e-5);
    const folded = foldBatchNorm(w, undefined, bn);
    expectClose(reference.conv2d(x, folded.filter, { groups: 2, bias: folded.bias }).data, expected);
  });

  it.each(['iohw', 'hwoi', 'ohwi'] as const)("a grouped transposed convolution ('%s')", (layout) => {
    const wt = randomTensor([6, 2, 3, 3], rand); // IOHW: 6 inputs, groups 3, 2 outputs each → 6 outputs
    const bnT = bnOf(6);
    const biasT = randomTensor([6], rand).data;
    const expected = batchNorm(reference.convTranspose2d(x, wt, { strides: 2, groups: 3, bias: biasT }), bnT, 1e-5);
    const dims: Record<string, number> = { i: 6, o: 2, h: 3, w: 3 };
    const order = [...layout];
    const filter = { data: new Float32Array(wt.data.length), shape: order.map((l) => dims[l]!) };
    const strideOf = (l: string) => order.slice(order.indexOf(l) + 1).reduce((p, q) => p * dims[q]!, 1);
    let k = 0;
    for (let i = 0; i < 6; i++) for (let o = 0; o < 2; o++) for (let h = 0; h < 3; h++) for (let v = 0; v < 3; v++) filter.data[i * strideOf('i') + o * strideOf('o') + h * strideOf('h') + v * strideOf('w')] = wt.data[k++]!;
    const folded = foldBatchNorm(filter, biasT, bnT, { filterLayout: layout, transposed: true, groups: 3 });
    expectClose(reference.convTranspose2d(x, folded.filter, { strides: 2, groups: 3, bias: folded.bias, filterLayout: layout }).data, expected);
  });

  it('a 1-D filter', () => {
    const x1 = randomTensor([1, 3, 9], rand);
    const w1 = randomTensor([5, 3, 2], rand);
    const bn5 = bnOf(5);
    const expected = batchNorm(reference.conv1d(x1, w1), bn5, 1e-5);
    const folded = foldBatchNorm(w1, null, bn5, { filterLayout: 'oiw' });
    expectClose(reference.conv1d(x1, folded.filter, { bias: folded.bias }).data, expected);
  });

  it('names what is wrong', () => {
    expect(() => foldBatchNorm(w, bias, { ...bn, gamma: new Float32Array(3) })).toThrow('foldBatchNorm: gamma has 3 values but the filter has 4 output channels');
    expect(() => foldBatchNorm(w, bias, { ...bn, variance: Float32Array.of(1, 1, -1, 1), epsilon: 0 })).toThrow('foldBatchNorm: variance + epsilon must be positive, got -1 + 0 at channel 2');
    expect(() => foldBatchNorm(w, bias, bn, { groups: 2 })).toThrow("foldBatchNorm: groups is read for a transposed convolution's filter only");
    expect(() => foldBatchNorm(w, bias, bn, { filterLayout: 'iohw', transposed: false })).toThrow(RangeError);
  });
});
