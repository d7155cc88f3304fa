import { describe, expect, it } from 'vitest';
import { convertFilterLayout, nchwToNhwc, nhwcToNchw, type FilterLayout } from '../src/index.js';
import { rng, randomTensor } from './helpers/random.js';

const rand = rng(7);

describe('activation layouts', () => {
  it('moves channels last: a worked example', () => {
    // Two channels of a 2×2 image: c0 = 1..4, c1 = 5..8.
    const nchw = { data: Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8), shape: [1, 2, 2, 2] };
    expect(nchwToNhwc(nchw)).toEqual({ data: Float32Array.of(1, 5, 2, 6, 3, 7, 4, 8), shape: [1, 2, 2, 2] });
    const rgb = { data: Float32Array.of(1, 2, 3), shape: [1, 3, 1, 1] };
    expect(nchwToNhwc(rgb).shape).toEqual([1, 1, 1, 3]);
  });

  it('round trips are identities, on odd shapes and batches', () => {
    for (const shape of [[1, 1, 1, 1], [2, 3, 5, 7], [3, 17, 1, 4], [1, 4, 9, 1]]) {
      const x = randomTensor(shape, rand);
      expect(nhwcToNchw(nchwToNhwc(x))).toEqual(x);
      const nhwc = randomTensor(shape, rand);
      expect(nchwToNhwc(nhwcToNchw(nhwc))).toEqual(nhwc);
    }
  });

  it('places element [n, c, h, w] at [n, h, w, c]', () => {
    const [N, C, H, W] = [2, 3, 4, 5];
    const x = randomTensor([N, C, H, W], rand);
    const y = nchwToNhwc(x);
    expect(y.shape).toEqual([N, H, W, C]);
    for (let n = 0; n < N; n++)
      for (let c = 0; c < C; c++)
        for (let h = 0; h < H; h++)
          for (let w = 0; w < W; w++) expect(y.data[((n * H + h) * W + w) * C + c]).toBe(x.data[((n * C + c) * H + h) * W + w]);
  });
});

describe('filter layouts', () => {
  const layouts: FilterLayout[] = ['oihw', 'hwio', 'ohwi', 'ihwo'];
  const dims = { o: 5, i: 3, h: 2, w: 4 };
  const shapeOf = (layout: FilterLayout) => [...layout].map((letter) => dims[letter as keyof typeof dims]);

  it('gives each layout its axis order', () => {
    const oihw = randomTensor(shapeOf('oihw'), rand);
    expect(convertFilterLayout(oihw, 'oihw', 'hwio').shape).toEqual([2, 4, 3, 5]);
    expect(convertFilterLayout(oihw, 'oihw', 'ohwi').shape).toEqual([5, 2, 4, 3]);
    expect(convertFilterLayout(oihw, 'oihw', 'ihwo').shape).toEqual([3, 2, 4, 5]);
    // w[o=4, i=2, h=1, w=3] sits at HWIO [1, 3, 2, 4].
    const hwio = convertFilterLayout(oihw, 'oihw', 'hwio');
    expect(hwio.data[((1 * 4 + 3) * 3 + 2) * 5 + 4]).toBe(oihw.data[((4 * 3 + 2) * 2 + 1) * 4 + 3]);
  });

  it('converts between every pair, and every round trip is the identity', () => {
    const oihw = randomTensor(shapeOf('oihw'), rand);
    for (const from of layouts) {
      const source = convertFilterLayout(oihw, 'oihw', from);
      expect(source.shape).toEqual(shapeOf(from));
      for (const to of layouts) {
        const target = convertFilterLayout(source, from, to);
        expect(target).toEqual(convertFilterLayout(oihw, 'oihw', to));
        expect(convertFilterLayout(target, to, from)).toEqual(source);
      }
    }
  });
});
