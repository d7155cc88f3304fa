// fromImage and toImage: worked examples with known answers, the round trip, the value mapping
// of toImage (range, clamping, rounding, NaN), the layouts against nchwToNhwc, and an edge
// detection end to end against reference.conv2d. Their errors are in the catalogue.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { conv2d, fromImage, kernels, nchwToNhwc, reference, toImage, type ImageChannels, type ImageLike, type Tensor } from '../src/index.js';
import { DEFAULT_RANGE } from '../src/image/byte-range.js';
import { LUMA_BT601 } from '../src/image/luma.js';
import { rng } from './helpers/random.js';

/** An image from rows of [R, G, B, A] pixels. */
function image(rows: readonly (readonly (readonly number[])[])[]): ImageLike {
  return { data: Uint8ClampedArray.from(rows.flat(2)), width: rows[0]!.length, height: rows.length };
}

const RED = [255, 0, 0, 255];
const GREEN = [0, 255, 0, 128];
const BLUE = [0, 0, 255, 0];
const WHITE = [255, 255, 255, 255];
/** Red, green / blue, white: each channel's values are known by heart. */
const QUAD = image([
  [RED, GREEN],
  [BLUE, WHITE],
]);

/** Every byte value in every channel: 256 pixels, channel k of pixel p = (p + 64·k) mod 256. */
function allBytes(): ImageLike {
  const data = new Uint8ClampedArray(256 * 4);
  for (let p = 0; p < 256; p++) for (let k = 0; k < 4; k++) data[4 * p + k] = (p + 64 * k) % 256;
  return { data, width: 32, height: 8 };
}

function randomImage(width: number, height: number, seed: number): ImageLike {
  const rand = rng(seed);
  return { data: Uint8ClampedArray.from({ length: width * height * 4 }, () => Math.floor(rand() * 256)), width, height };
}

/** The bytes of toImage's result, as a plain array. */
const bytes = (x: Tensor, options?: Parameters<typeof toImage>[1]) => Array.from(toImage(x, options).data);

describe('fromImage: worked examples', () => {
  it("'rgb' (the default): the three colour planes, NCHW, bytes / 255", () => {
    const x = fromImage(QUAD);
    expect(x.shape).toEqual([1, 3, 2, 2]);
    // R plane, G plane, B plane; alpha is dropped. 255 / 255 is exactly 1.
    expect(Array.from(x.data)).toEqual([1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1]);
  });

  it("'rgba' with scale 1: four planes of the bytes themselves, alpha included", () => {
    const x = fromImage(QUAD, { channels: 'rgba', scale: 1 });
    expect(x.shape).toEqual([1, 4, 2, 2]);
    expect(Array.from(x.data)).toEqual([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 128, 0, 255]);
  });

  it("'grey': BT.601 luma 0.299·R + 0.587·G + 0.114·B, rounded once to f32", () => {
    const x = fromImage(QUAD, { channels: 'grey', scale: 1 });
    expect(x.shape).toEqual([1, 1, 2, 2]);
    // Pure red, green and blue give 255 times each weight; white gives 255 (the weights sum to 1).
    expect(Array.from(x.data)).toEqual([Math.fround(76.245), Math.fround(149.685), Math.fround(29.07), 255]);
    const unit = fromImage(QUAD, { channels: 'grey' });
    expect(Array.from(unit.data)).toEqual([Math.fround(0.299), Math.fround(0.587), Math.fround(0.114), 1]);
    // Back to bytes: round(0.299 · 255) = round(76.245) = 76, and so on.
    expect(bytes(unit)).toEqual([76, 76, 76, 255, 150, 150, 150, 255, 29, 29, 29, 255, 255, 255, 255, 255]);
  });

  it('grey uses the stored (sRGB-encoded) bytes, not linear light: mid grey stays mid grey', () => {
    const x = fromImage(image([[[128, 128, 128, 255], [10, 200, 30, 7]]]), { channels: 'grey', scale: 1 });
    expect(Array.from(x.data)).toEqual([128, Math.fround(0.299 * 10 + 0.587 * 200 + 0.114 * 30)]);
  });

  it('the weights are the documented ones, in one place', () => {
    expect(LUMA_BT601).toEqual([0.299, 0.587, 0.114]);
    expect(Object.isFrozen(LUMA_BT601)).toBe(true);
  });

  it('scale multiplies each byte: 1 keeps 0–255, 1/255 is the default, any positive factor works', () => {
    const px = image([[[0, 51, 255, 255]]]);
    expect(Array.from(fromImage(px, { scale: 1 }).data)).toEqual([0, 51, 255]);
    expect(Array.from(fromImage(px).data)).toEqual([0, Math.fround(51 / 255), 1]);
    expect(Array.from(fromImage(px, { scale: 2 }).data)).toEqual([0, 102, 510]);
  });

  it('takes a Uint8Array as well as a Uint8ClampedArray, and leaves the image untouched', () => {
    const data = Uint8Array.from(QUAD.data);
    const x = fromImage({ data, width: 2, height: 2 }, { channels: 'rgba' });
    expect(x).toEqual(fromImage(QUAD, { channels: 'rgba' }));
    expect(data).toEqual(Uint8Array.from(QUAD.data));
  });

  it('returns a new Float32Array and a frozen shape', () => {
    const x = fromImage(QUAD, { channels: 'grey' });
    expect(x.data).toBeInstanceOf(Float32Array);
    expect(Object.isFrozen(x.shape)).toBe(true);
  });

  it('reads pixel (row i, column j) at data[4·(i·width + j)]: a 3 × 2 image keeps its orientation', () => {
    // Width 3, height 2: pixel values 10·i + j in R, to see the rows and columns.
    const rows = [0, 1].map((i) => [0, 1, 2].map((j) => [10 * i + j, 0, 0, 255]));
    const x = fromImage(image(rows), { channels: 'rgba', scale: 1, layout: 'nhwc' });
    expect(x.shape).toEqual([1, 2, 3, 4]);
    expect(Array.from({ length: 6 }, (_, p) => x.data[4 * p])).toEqual([0, 1, 2, 10, 11, 12]);
  });
});

describe('layouts', () => {
  it.each(['grey', 'rgb', 'rgba'] as const)("'nhwc' is nchwToNhwc of 'nchw' (%s)", (channels: ImageChannels) => {
    const img = randomImage(7, 5, 11);
    const nchw = fromImage(img, { channels });
    const nhwc = fromImage(img, { channels, layout: 'nhwc' });
    expect(nhwc.shape).toEqual([1, 5, 7, { grey: 1, rgb: 3, rgba: 4 }[channels]]);
    expect(nhwc).toEqual(nchwToNhwc(nchw));
    // toImage reads either layout back to the same pixels.
    expect(toImage(nhwc, { layout: 'nhwc' })).toEqual(toImage(nchw));
  });
});

describe('the round trip fromImage → toImage', () => {
  it("is the identity at the default scale and range ('rgba'), for every byte value", () => {
    const img = allBytes();
    const back = toImage(fromImage(img, { channels: 'rgba' }));
    expect([back.width, back.height]).toEqual([img.width, img.height]);
    expect(back.data).toEqual(img.data);
  });

  it("keeps every colour byte ('rgb') and sets alpha to 255", () => {
    const img = allBytes();
    const back = toImage(fromImage(img));
    const expected = Uint8ClampedArray.from(img.data, (v, i) => (i % 4 === 3 ? 255 : v));
    expect(back.data).toEqual(expected);
  });

  it('is the identity with scale 1 and range [0, 255], in either layout', () => {
    const img = randomImage(9, 4, 3);
    expect(toImage(fromImage(img, { channels: 'rgba', scale: 1 }), { range: [0, 255] }).data).toEqual(img.data);
    const nhwc = fromImage(img, { channels: 'rgba', scale: 1, layout: 'nhwc' });
    expect(toImage(nhwc, { range: [0, 255], layout: 'nhwc' }).data).toEqual(img.data);
  });
});

describe('toImage: value mapping', () => {
  const grey = (...values: number[]): Tensor => ({ data: Float32Array.from(values), shape: [1, 1, 1, values.length] });
  /** The R byte of each pixel (grey images have R = G = B). */
  const reds = (x: Tensor, options?: Parameters<typeof toImage>[1]) => bytes(x, options).filter((_, i) => i % 4 === 0);

  it('grey becomes R = G = B with alpha 255; [H, W] is grey too', () => {
    expect(bytes(grey(0, 1))).toEqual([0, 0, 0, 255, 255, 255, 255, 255]);
    const flat = toImage({ data: Float32Array.of(0, 0.5, 1, 2), shape: [2, 2] });
    expect([flat.width, flat.height]).toEqual([2, 2]);
    // 0.5 · 255 = 127.5, a tie: to even, 128. 2 · 255 clamps to 255.
    expect(Array.from(flat.data)).toEqual([0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255, 255, 255, 255, 255]);
  });

  it('rgb gets alpha 255; rgba maps alpha like the colours', () => {
    const rgb = { data: Float32Array.of(1, 0, 0.2), shape: [1, 3, 1, 1] };
    expect(bytes(rgb)).toEqual([255, 0, 51, 255]);
    const rgba = { data: Float32Array.of(1, 0, 0.2, 0.2), shape: [1, 4, 1, 1] };
    expect(bytes(rgba)).toEqual([255, 0, 51, 51]);
  });

  it('the default range is [0, 1], the inverse of the default scale', () => {
    expect(DEFAULT_RANGE).toEqual([0, 1]);
    expect(reds(grey(0, 0.25, 1))).toEqual(reds(grey(0, 0.25, 1), { range: [0, 1] }));
  });

  it('[lo, hi] maps lo → 0 and hi → 255 linearly, then clamps', () => {
    // (v + 1) · 255 / 2: −1 → 0, 0 → 127.5 → 128 (tie to even), 1 → 255; outside clamps.
    expect(reds(grey(-1, 0, 1, -3, 7, 0.5), { range: [-1, 1] })).toEqual([0, 128, 255, 0, 255, 191]);
    expect(reds(grey(0, 17, 255, 256, -1), { range: [0, 255] })).toEqual([0, 17, 255, 255, 0]);
  });

  it('rounds to the nearest byte, ties to even (as Uint8ClampedArray stores)', () => {
    expect(reds(grey(0.5, 1.5, 2.5, 2.4, 2.6, 254.5), { range: [0, 255] })).toEqual([0, 2, 2, 2, 3, 254]);
  });

  it('NaN becomes 0; ±∞ clamp', () => {
    expect(reds(grey(NaN, Infinity, -Infinity, 0.5))).toEqual([0, 255, 0, 128]);
  });

  it('a reversed range inverts', () => {
    expect(reds(grey(0, 0.2, 1), { range: [1, 0] })).toEqual([255, 204, 0]);
  });

  it("'auto' stretches the finite min..max to 0..255", () => {
    expect(reds(grey(-2, 0, 2, 6), { range: 'auto' })).toEqual([0, 64, 128, 255]);
    // NaN and ±∞ are left out of min and max, then map as always.
    expect(reds(grey(NaN, 10, 20, Infinity, -Infinity), { range: 'auto' })).toEqual([0, 0, 255, 255, 0]);
  });

  it("'auto' on a constant tensor (or one with no finite value) maps everything to 0", () => {
    expect(reds(grey(3, 3, 3), { range: 'auto' })).toEqual([0, 0, 0]);
    expect(reds(grey(NaN, Infinity, 3), { range: 'auto' })).toEqual([0, 0, 0]);
    expect(reds(grey(NaN, NaN), { range: 'auto' })).toEqual([0, 0]);
  });

  it("'auto' spans the colour channels and alpha together", () => {
    const rgb = { data: Float32Array.of(0, 5, 10), shape: [1, 3, 1, 1] };
    expect(bytes(rgb, { range: 'auto' })).toEqual([0, 128, 255, 255]);
  });

  it('leaves the tensor untouched', () => {
    const x = grey(-1, 2, NaN);
    toImage(x, { range: 'auto' });
    expect(Array.from(x.data)).toEqual([-1, 2, NaN]);
  });
});

describe('toImage: what it returns', () => {
  const ORIGINAL = globalThis.ImageData;
  afterEach(() => {
    (globalThis as { ImageData?: unknown }).ImageData = ORIGINAL;
  });

  it("a plain object of ImageData's four fields where there is no ImageData (Node)", () => {
    expect(ORIGINAL, 'Node has no ImageData').toBeUndefined();
    const img = toImage({ data: new Float32Array(6), shape: [2, 3] });
    expect(Object.getPrototypeOf(img)).toBe(Object.prototype);
    expect(Object.keys(img).sort()).toEqual(['colorSpace', 'data', 'height', 'width']);
    expect(img.colorSpace).toBe('srgb');
    expect(img.data).toBeInstanceOf(Uint8ClampedArray);
    expect([img.width, img.height, img.data.length]).toEqual([3, 2, 24]);
  });

  it("the platform's ImageData where globalThis has one, built on the same bytes", () => {
    const made: unknown[][] = [];
    class FakeImageData {
      constructor(
        readonly data: Uint8ClampedArray,
        readonly width: number,
        readonly height: number,
      ) {
        made.push([data, width, height]);
      }
    }
    (globalThis as { ImageData?: unknown }).ImageData = FakeImageData;
    const img = toImage({ data: Float32Array.of(0, 1), shape: [1, 2] });
    expect(img).toBeInstanceOf(FakeImageData);
    expect(made).toEqual([[img.data, 2, 1]]);
    expect(Array.from(img.data)).toEqual([0, 0, 0, 255, 255, 255, 255, 255]);
  });
});

describe('edge detection end to end: fromImage → conv2d(kernels.sobelX) → toImage', () => {
  it('a vertical step edge: worked example', () => {
    // 4 × 3: two black columns, then two white. Luma 0 and 255 (scale 1).
    const B = [0, 0, 0, 255];
    const W = [255, 255, 255, 255];
    const grey = fromImage(image([[B, B, W, W], [B, B, W, W], [B, B, W, W]]), { channels: 'grey', scale: 1 });
    const gx = conv2d(grey, kernels.sobelX, { padding: 'same' });
    // Zero padding: the middle row sees (right − left) · (1 + 2 + 1), the top and bottom rows
    // (2 + 1); the last column's right neighbour is the padding (0), hence the negative edge.
    expect(Array.from(gx.data)).toEqual([0, 765, 765, -765, 0, 1020, 1020, -1020, 0, 765, 765, -765]);
    // 'auto': −1020 → 0, 1020 → 255, so byte = (v + 1020) / 8: 0 → 127.5 → 128, 765 → 223.125 → 223, −765 → 31.875 → 32.
    const edges = toImage(gx, { range: 'auto' });
    const reds = Array.from(edges.data).filter((_, i) => i % 4 === 0);
    expect(reds).toEqual([128, 223, 223, 32, 128, 255, 255, 0, 128, 223, 223, 32]);
    expect([edges.width, edges.height]).toEqual([4, 3]);
  });

  it('a random photo-like image: the same bytes as reference.conv2d mapped by hand', () => {
    const img = randomImage(23, 17, 2026);
    const grey = fromImage(img, { channels: 'grey' });
    const gx = conv2d(grey, kernels.sobelX, { padding: 'same' });
    const ref = reference.conv2d(grey, kernels.sobelX, { padding: 'same' });
    // The engine within the design's tolerance of the reference (Σ|x·w| ≤ 8 here, values ≤ 1).
    for (let k = 0; k < ref.data.length; k++) expect(Math.abs(gx.data[k]! - ref.data[k]!)).toBeLessThanOrEqual(1e-5 * 8 + 1e-6);
    // The bytes, from the reference's values by the documented formula, ties to even.
    const lo = Math.min(...ref.data);
    const hi = Math.max(...ref.data);
    const roundHalfEven = (t: number) => (t - Math.floor(t) === 0.5 ? 2 * Math.round(t / 2) : Math.round(t));
    const expectedReds = Array.from(ref.data, (v) => roundHalfEven(((v - lo) * 255) / (hi - lo)));
    const edges = toImage(ref, { range: 'auto' });
    expect(Array.from(edges.data).filter((_, i) => i % 4 === 0)).toEqual(expectedReds);
    expect(Array.from(edges.data).filter((_, i) => i % 4 === 3).every((a) => a === 255)).toBe(true);
    expect(expectedReds).toContain(0);
    expect(expectedReds).toContain(255);
    // The engine's result maps to the same picture, give or take one step where a value sits on a rounding edge.
    const engineReds = Array.from(toImage(gx, { range: 'auto' }).data).filter((_, i) => i % 4 === 0);
    expect(engineReds.every((v, k) => Math.abs(v - expectedReds[k]!) <= 1)).toBe(true);
  });
});

describe('README', () => {
  it('states the weights and defaults the code uses', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf('\n### Image helpers\n');
    expect(start, 'README has an "Image helpers" section').toBeGreaterThan(0);
    const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
    expect(section).toContain(`${LUMA_BT601[0]}·R + ${LUMA_BT601[1]}·G + ${LUMA_BT601[2]}·B`);
    expect(section).toContain(`[${DEFAULT_RANGE.join(', ')}]`);
  });
});
