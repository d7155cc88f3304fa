import { rangeError, show, typeError } from '../errors.js';
import type { InputLayout } from '../options/conv.js';
import { readOptions } from '../options/keys.js';
import { allocateArray } from '../shape/element-limit.js';
import { checkLength, checkShape, tensorParts, type Tensor } from '../tensor.js';
import { byteGain, rangeOption, resolveRange } from './byte-range.js';
import { CHANNEL_COUNT, channelsOfCount } from './channels.js';
import type { ImageDataLike, ImageRange, ToImageResult } from './image-like.js';
import { layoutOption } from './layout.js';

/** Options of {@link toImage}. */
export interface ToImageOptions {
  /** How a rank-4 tensor holds its channels: `'nchw'` (default) `[1, C, H, W]` or `'nhwc'` `[1, H, W, C]`. */
  readonly layout?: InputLayout;
  /**
   * The values that become bytes 0 and 255: `[lo, hi]` (default `[0, 1]`, the inverse of
   * fromImage's default scale), or `'auto'`: the tensor's own finite min and max.
   */
  readonly range?: ImageRange;
}

const OPTIONS = ['layout', 'range'] as const;

/** Height, width and channel count of an image tensor, checked. */
interface ImageDims {
  readonly shape: number[];
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

function imageDims(fn: string, shape: unknown, layout: InputLayout): ImageDims {
  const spelled4 = layout === 'nchw' ? '[1, C, H, W] (nchw)' : '[1, H, W, C] (nhwc)';
  const expected = `rank 4 ${spelled4} or rank 2 [H, W]`;
  if (!Array.isArray(shape)) typeError(fn, `input shape must be an array of ${expected}, got ${show(shape)}`);
  if (shape.length === 2) {
    const [height, width] = checkShape(fn, 'input shape', shape, 2, '[H, W]') as [number, number];
    return { shape: [height, width], height, width, channels: 1 };
  }
  if (shape.length !== 4) rangeError(fn, `input shape must have ${expected}, got ${show(shape)} (rank ${shape.length})`);
  const dims = checkShape(fn, 'input shape', shape, 4, spelled4);
  const [n, a, b, c] = dims as [number, number, number, number];
  if (n !== 1) rangeError(fn, `input shape must have batch size 1 ${spelled4}, got ${show(dims)}; give one image at a time`);
  const [channels, height, width, other] = layout === 'nchw' ? [a, b, c, c] : [c, a, b, a];
  if (channelsOfCount(channels) === undefined) {
    // The channels may be on the other side: say so rather than guess.
    const hint = channelsOfCount(other) === undefined ? '' : `; if the channels are ${layout === 'nchw' ? 'last' : 'first'}, give { layout: '${layout === 'nchw' ? 'nhwc' : 'nchw'}' }`;
    const counts = Object.entries(CHANNEL_COUNT).map(([word, count]) => `${count} (${word})`);
    rangeError(fn, `input must have ${counts.slice(0, -1).join(', ')} or ${counts.at(-1)} channels ${spelled4}, got ${channels} in shape ${show(dims)}${hint}`);
  }
  return { shape: dims, height, width, channels };
}

/** An image given where a tensor is expected: an object with `width` and `height` but no `shape`. */
function isImageLike(value: unknown): value is { data: unknown } {
  return typeof value === 'object' && value !== null && 'width' in value && 'height' in value && !('shape' in value);
}

/** A real `ImageData` where the platform has the constructor (browsers, workers), else a plain object of its fields. */
function imageData(data: Uint8ClampedArray, width: number, height: number): ToImageResult {
  const ImageDataClass = (globalThis as { ImageData?: new (data: Uint8ClampedArray, width: number, height: number) => ImageDataLike }).ImageData;
  const image: ImageDataLike = typeof ImageDataClass === 'function' ? new ImageDataClass(data, width, height) : { data, width, height, colorSpace: 'srgb' };
  // ToImageResult is ImageData itself when the DOM types are loaded; this is an object of its shape.
  return image as unknown as ToImageResult;
}

/**
 * A tensor as an RGBA image: the inverse of {@link fromImage}, for showing a result on a canvas
 * (`ctx.putImageData(toImage(y), 0, 0)`) or handing it to an encoder.
 *
 * Accepts `[1, C, H, W]` (`layout: 'nchw'`, the default), `[1, H, W, C]` (`'nhwc'`) with C = 1
 * (grey), 3 (RGB) or 4 (RGBA), and `[H, W]` (grey; `layout` does not apply). Grey becomes
 * R = G = B; without an alpha channel, alpha is 255.
 *
 * Each value `v` becomes the byte `(v − lo) · 255 / (hi − lo)`, stored as a `Uint8ClampedArray`
 * stores numbers: clamped to 0–255, rounded to the nearest integer (ties to even: 0.5 → 0,
 * 1.5 → 2), NaN → 0. Alpha is mapped like the colours, so `toImage(fromImage(img, { channels: 'rgba' }))`
 * gives `img`'s bytes back.
 * - `range: [lo, hi]`: default `[0, 1]`, the inverse of fromImage's default scale; `[0, 255]`
 *   for 0–255 values; `[hi, lo]` reversed inverts the image.
 * - `range: 'auto'`: lo and hi are the tensor's smallest and largest finite values (NaN and
 *   ±∞ are skipped, then map as above: ±∞ clamps to 0 or 255), to look at an edge map or a
 *   feature map whatever its scale. A tensor with a single finite value (or none) maps every
 *   element to 0.
 *
 * @param input a tensor of one image, as above
 * @returns an `ImageData` where `globalThis.ImageData` exists (browsers, workers), else a plain
 *   `{ data: Uint8ClampedArray, width, height, colorSpace: 'srgb' }`; its data is a new array of
 *   `width · height · 4` bytes
 * @example
 * const grey = fromImage(ctx.getImageData(0, 0, w, h), { channels: 'grey' });
 * const gx = conv2d(grey, kernels.sobelX, { padding: 'same' });
 * ctx.putImageData(toImage(gx, { range: 'auto' }), 0, 0); // the edge map, stretched to 0–255
 * @example
 * toImage({ data: Float32Array.of(0, 0.5, 1, 2), shape: [2, 2] }).data;
 * // Uint8ClampedArray [0, 0, 0, 255,  128, 128, 128, 255,  255, 255, 255, 255,  255, 255, 255, 255]
 */
export function toImage(input: Tensor, options?: ToImageOptions): ToImageResult {
  const fn = 'toImage';
  if (isImageLike(input)) {
    typeError(fn, `input must be a tensor { data: Float32Array, shape }, got an image { data: ${show(input.data)}, width, height }: it is an image already (fromImage makes a tensor of one)`);
  }
  const { data, shape } = tensorParts(fn, 'input', input);
  const o = readOptions(fn, options, OPTIONS);
  const layout = layoutOption(fn, o.layout);
  const range = rangeOption(fn, o.range);
  const { height, width, channels, ...dims } = imageDims(fn, shape, layout);
  checkLength(fn, 'input', data, dims.shape);

  const out = allocateArray(fn, 'the image', [height, width, 4], Uint8ClampedArray);
  const [lo, hi] = resolveRange(range, data);
  const gain = byteGain(lo, hi);
  const pixels = width * height;
  // Channel k of pixel p is read from k·pixels + p (nchw, or [H, W]) or p·C + k (nhwc).
  const [channelStride, pixelStride] = layout === 'nchw' || dims.shape.length === 2 ? [pixels, 1] : [1, channels];
  for (let p = 0, at = 0; p < pixels; p++, at += pixelStride) {
    const q = 4 * p;
    const r = (data[at]! - lo) * gain;
    if (channels === 1) {
      out[q] = out[q + 1] = out[q + 2] = r;
    } else {
      out[q] = r;
      out[q + 1] = (data[at + channelStride]! - lo) * gain;
      out[q + 2] = (data[at + 2 * channelStride]! - lo) * gain;
    }
    out[q + 3] = channels === 4 ? (data[at + 3 * channelStride]! - lo) * gain : 255;
  }
  return imageData(out, width, height);
}
