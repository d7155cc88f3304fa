import { rangeError, show, typeError } from '../errors.js';
import { readOptions } from '../options/keys.js';
import { sourceIndex, type PaddingMode } from '../options/padding-mode.js';
import { didYouMeanWord } from '../options/numbers.js';
import { allocateFloat32 } from '../shape/element-limit.js';
import { checkLength, checkShape, tensorParts, type Tensor } from '../tensor.js';

/** {@link pad}'s modes: ONNX Pad's words, with PyTorch's `'replicate'` and `'circular'` and WebNN's `'reflection'` accepted too. */
export type PadMode = 'constant' | 'reflect' | 'edge' | 'wrap' | 'replicate' | 'circular' | 'reflection';

/** Options of {@link pad}. */
export interface PadOptions {
  /** Default `'constant'`. */
  readonly mode?: PadMode;
  /** The constant of `'constant'` mode. Default 0. */
  readonly value?: number;
}

const MODES: readonly PadMode[] = ['constant', 'reflect', 'edge', 'wrap', 'replicate', 'circular', 'reflection'];
const AS_PADDING_MODE: Readonly<Record<PadMode, PaddingMode>> = { constant: 'zeros', reflect: 'reflect', edge: 'replicate', replicate: 'replicate', wrap: 'circular', circular: 'circular', reflection: 'reflect' };

/**
 * Pads (or crops) a tensor of any rank, as ONNX's `Pad`: `padding` holds one `[begin, end]` pair
 * per axis in axis order, `[begin0, end0, begin1, end1, …]` (the order of conv2d's
 * `[beginH, endH, beginW, endW]`; ONNX lists all begins, then all ends). A negative count crops
 * that many cells, and the padding then reads the cropped tensor's edges. Modes: `'constant'`
 * (with `value`), `'reflect'` (mirror without repeating the edge: `c b | a b c d | c b`),
 * `'edge'` (repeat the edge; PyTorch's `'replicate'`), `'wrap'` (PyTorch's `'circular'`);
 * reflections and wraps repeat as far as the padding reaches.
 *
 * @example
 * pad({ data: Float32Array.of(1, 2, 3), shape: [3] }, [2, 1], { mode: 'reflect' }).data; // [3, 2, 1, 2, 3, 2]
 * pad(image, [0, 0, 0, 0, 1, 1, 1, 1]);                                                  // a zero frame around each NCHW plane
 */
export function pad(input: Tensor, padding: readonly number[], options: PadOptions = {}): Tensor {
  const fn = 'pad';
  const x = tensorParts(fn, 'input', input);
  if (!Array.isArray(x.shape) || x.shape.length === 0) typeError(fn, `input shape must be a non-empty array of positive integers, got ${show(x.shape)}`);
  const shape = checkShape(fn, 'input shape', x.shape, x.shape.length, '');
  checkLength(fn, 'input', x.data, shape);
  const rank = shape.length;
  const o = readOptions(fn, options, ['mode', 'value']);
  const modeWord = o.mode ?? 'constant';
  if (typeof modeWord !== 'string' || !(MODES as readonly string[]).includes(modeWord)) {
    rangeError(fn, `mode must be one of ${MODES.map((m) => `'${m}'`).join(', ')}, got ${show(modeWord)}${typeof modeWord === 'string' ? didYouMeanWord(modeWord, MODES) : ''}`);
  }
  const mode = AS_PADDING_MODE[modeWord as PadMode];
  const value = o.value ?? 0;
  if (typeof value !== 'number') typeError(fn, `value must be a number, got ${show(value)}`);
  if (o.value !== undefined && mode !== 'zeros') rangeError(fn, `value is read in 'constant' mode only, got mode '${modeWord}'`);
  if (!Array.isArray(padding) || padding.length !== 2 * rank || !padding.every((p) => Number.isInteger(p))) {
    rangeError(fn, `padding must be ${2 * rank} integers, a [begin, end] pair per axis of the rank-${rank} input ([begin0, end0, begin1, end1, …]; negative crops), got ${show(padding)}`);
  }

  // Per axis: the cells kept after cropping, [lo, lo + kept), and each output cell's source.
  const maps = shape.map((n, a) => {
    const [begin, end] = [padding[2 * a]!, padding[2 * a + 1]!];
    const lo = Math.max(0, -begin);
    const kept = n - lo - Math.max(0, -end);
    const size = kept + Math.max(0, begin) + Math.max(0, end);
    if (kept < 1 || size < 1) rangeError(fn, `padding [${begin}, ${end}] on axis ${a} (size ${n}) crops every cell; at least one must remain`);
    return Int32Array.from({ length: size }, (_, j) => {
      const s = sourceIndex(mode, j - Math.max(0, begin), kept);
      return s < 0 ? -1 : lo + s;
    });
  });
  const outShape = maps.map((m) => m.length);
  const out = allocateFloat32(fn, 'the output', outShape);
  const inStrides = shape.map((_, a) => shape.slice(a + 1).reduce((p, d) => p * d, 1));
  const last = rank - 1;
  const lastMap = maps[last]!;
  let at = 0;
  // Odometer over the outer axes; a row of the last axis at a time.
  const index = new Array<number>(rank).fill(0);
  for (;;) {
    let base = 0;
    let outside = false;
    for (let a = 0; a < last; a++) {
      const s = maps[a]![index[a]!]!;
      if (s < 0) outside = true;
      base += s * inStrides[a]!;
    }
    for (let j = 0; j < lastMap.length; j++) {
      const s = lastMap[j]!;
      out[at++] = outside || s < 0 ? value : x.data[base + s]!;
    }
    let a = last - 1;
    for (; a >= 0; a--) {
      if (++index[a]! < outShape[a]!) break;
      index[a] = 0;
    }
    if (a < 0) break;
  }
  return { data: out, shape: outShape };
}
