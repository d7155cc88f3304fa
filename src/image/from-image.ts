import { rangeError, show, typeError } from '../errors.js';
import type { InputLayout } from '../options/conv.js';
import { readOptions } from '../options/keys.js';
import { allocateFloat32 } from '../shape/element-limit.js';
import type { Tensor } from '../tensor.js';
import { CHANNEL_COUNT, channelsOption } from './channels.js';
import { checkImage, type ImageChannels, type ImageLike } from './image-like.js';
import { layoutOption } from './layout.js';
import { luma } from './luma.js';

/** Options of {@link fromImage}. */
export interface FromImageOptions {
  /** `'nchw'` (default): shape `[1, C, H, W]`, as conv2d takes by default; `'nhwc'`: `[1, H, W, C]`. */
  readonly layout?: InputLayout;
  /**
   * `'rgb'` (default, C = 3), `'grey'` (C = 1, BT.601 luma `0.299·R + 0.587·G + 0.114·B`) or
   * `'rgba'` (C = 4). Alpha is dropped by `'rgb'` and `'grey'`, never multiplied in.
   */
  readonly channels?: ImageChannels;
  /** What each byte value (and each luma) is multiplied by: default `1 / 255`, giving [0, 1]; `1` keeps 0–255. */
  readonly scale?: number;
}

const OPTIONS = ['layout', 'channels', 'scale'] as const;
const DEFAULT_SCALE = 1 / 255;

function scaleOption(fn: string, value: unknown): number {
  if (value === undefined) return DEFAULT_SCALE;
  const expected = 'a finite number > 0 (what each byte is multiplied by)';
  if (typeof value !== 'number') typeError(fn, `scale must be ${expected}, got ${show(value)}`);
  if (!Number.isFinite(value) || value <= 0) rangeError(fn, `scale must be ${expected}, got ${show(value)}`);
  return value;
}

/**
 * An RGBA image (an `ImageData` from a canvas's `getImageData()`, or any
 * `{ data: Uint8ClampedArray | Uint8Array, width, height }` of 4 bytes per pixel, row-major) as
 * a tensor for {@link conv2d}: shape `[1, C, H, W]` (`layout: 'nchw'`, the default) or
 * `[1, H, W, C]` (`'nhwc'`), in a new `Float32Array`.
 *
 * Each element is, for the pixel's bytes `R, G, B, A` (0–255) and `s = scale`:
 * - `channels: 'rgb'` (the default): `R·s, G·s, B·s`, in that channel order.
 * - `channels: 'grey'`: `(0.299·R + 0.587·G + 0.114·B)·s`, the ITU-R BT.601 luma of Pillow,
 *   OpenCV and most canvas code, computed on the stored sRGB-encoded bytes (not linearised).
 * - `channels: 'rgba'`: `R·s, G·s, B·s, A·s`.
 *
 * `scale` defaults to `1 / 255`, so values lie in [0, 1] (toImage's default range is its
 * inverse); `scale: 1` keeps 0–255. Each value is computed in f64 and rounded once to f32.
 * The colour bytes are used as stored, never multiplied by alpha (canvas `ImageData` is not
 * premultiplied); `'rgb'` and `'grey'` ignore alpha.
 *
 * Why `'rgb'` by default: it is the lossless view of a colour image and what CNN inputs and
 * TensorFlow.js's `browser.fromPixels` (3 channels) give; greyscale chooses a weighting and
 * discards colour, so it is asked for by name, as the classic filters (`kernels.*`, one input
 * channel) need: `fromImage(image, { channels: 'grey' })`.
 *
 * @param image RGBA bytes, `width · height · 4` of them
 * @returns a new tensor; `shape` is frozen
 * @example
 * const image = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
 * const grey = fromImage(image, { channels: 'grey' }); // [1, 1, H, W], values in [0, 1]
 * const edges = conv2d(grey, kernels.sobelX, { padding: 'same' });
 * @example
 * fromImage({ data: Uint8ClampedArray.of(255, 0, 0, 255), width: 1, height: 1 }, { scale: 1 }).data;
 * // Float32Array [255, 0, 0] (shape [1, 3, 1, 1])
 */
export function fromImage(image: ImageLike, options?: FromImageOptions): Tensor {
  const fn = 'fromImage';
  const { data, width, height } = checkImage(fn, 'image', image);
  const o = readOptions(fn, options, OPTIONS);
  const layout = layoutOption(fn, o.layout);
  const channels = channelsOption(fn, o.channels, 'rgb');
  const scale = scaleOption(fn, o.scale);

  const c = CHANNEL_COUNT[channels];
  const shape = layout === 'nchw' ? [1, c, height, width] : [1, height, width, c];
  const out = allocateFloat32(fn, 'the tensor', shape);
  const pixels = width * height;
  // Channel k of pixel p sits at k·pixels + p (nchw) or p·c + k (nhwc).
  const [channelStride, pixelStride] = layout === 'nchw' ? [pixels, 1] : [1, c];
  for (let p = 0, at = 0; p < pixels; p++, at += pixelStride) {
    const r = data[4 * p]!;
    const g = data[4 * p + 1]!;
    const b = data[4 * p + 2]!;
    if (c === 1) {
      out[at] = luma(r, g, b) * scale;
      continue;
    }
    out[at] = r * scale;
    out[at + channelStride] = g * scale;
    out[at + 2 * channelStride] = b * scale;
    if (c === 4) out[at + 3 * channelStride] = data[4 * p + 3]! * scale;
  }
  return { data: out, shape: Object.freeze(shape) };
}
