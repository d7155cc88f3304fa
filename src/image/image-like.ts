import { rangeError, show, typeError } from '../errors.js';

/** How many channels an image tensor has: grey (luma, 1), colour (3), colour and alpha (4). */
export type ImageChannels = 'grey' | 'rgb' | 'rgba';

/**
 * The values toImage maps to bytes: `[lo, hi]` sends `lo` to 0 and `hi` to 255, linearly;
 * `'auto'` takes the tensor's own finite minimum and maximum.
 */
export type ImageRange = readonly [lo: number, hi: number] | 'auto';

/**
 * Anything shaped like the DOM's `ImageData`: `width × height` pixels, row by row from the top
 * left, 4 bytes each (R, G, B, A), not premultiplied by alpha. A canvas's `getImageData()`
 * returns one; so do most decoders (`sharp(…).ensureAlpha().raw()`, `pngjs`) given RGBA output.
 *
 * @example
 * const image: ImageLike = { data: new Uint8ClampedArray(2 * 2 * 4), width: 2, height: 2 };
 */
export interface ImageLike {
  readonly data: Uint8ClampedArray | Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** What toImage returns outside browsers: the four fields of an `ImageData`, in a plain object. */
export interface ImageDataLike extends ImageLike {
  readonly data: Uint8ClampedArray;
  /** The bytes are sRGB-encoded, as a canvas's default `ImageData`. */
  readonly colorSpace: 'srgb';
}

/**
 * toImage's result type: `ImageData` where the DOM types are loaded (so `ctx.putImageData(toImage(y), 0, 0)`
 * type-checks), else {@link ImageDataLike}. At run time it is a real `ImageData` where the
 * platform has the constructor, else a plain object with the same four fields.
 */
export type ToImageResult = typeof globalThis extends { ImageData: { prototype: infer T } } ? T : ImageDataLike;

/** A positive integer dimension of an image (`width`, `height`). */
function dimension(fn: string, name: string, value: unknown): number {
  if (typeof value !== 'number') typeError(fn, `${name} must be a positive integer, got ${show(value)}`);
  if (!Number.isInteger(value) || value < 1) rangeError(fn, `${name} must be a positive integer, got ${show(value)}`);
  return value;
}

/**
 * Checks that `value` is an {@link ImageLike} whose data holds exactly `width · height · 4` bytes,
 * and returns a snapshot of its three parts (read once: a getter cannot change them afterwards).
 */
export function checkImage(fn: string, name: string, value: unknown): ImageLike {
  const expected = `an ImageData or { data: Uint8ClampedArray, width, height } of RGBA bytes`;
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) {
    const hint = ArrayBuffer.isView(value) ? '; a bare array of bytes has no width and height: give { data, width, height }' : '';
    typeError(fn, `${name} must be ${expected}, got ${show(value)}${hint}`);
  }
  const { data, width, height } = value as { data?: unknown; width?: unknown; height?: unknown };
  if (!(data instanceof Uint8ClampedArray || data instanceof Uint8Array)) {
    typeError(fn, `${name}.data must be a Uint8ClampedArray or Uint8Array of RGBA bytes, got ${show(data)}`);
  }
  const w = dimension(fn, `${name}.width`, width);
  const h = dimension(fn, `${name}.height`, height);
  if (data.length !== w * h * 4) {
    rangeError(fn, `${name}.data has ${data.length} bytes but width · height · 4 = ${w} · ${h} · 4 needs ${w * h * 4}`);
  }
  return { data, width: w, height: h };
}
