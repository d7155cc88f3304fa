import { rangeError, show, typeError } from '../errors.js';
import { didYouMeanWord } from './numbers.js';

/**
 * What a convolution reads outside the input (PyTorch's `padding_mode`): `'zeros'` (default);
 * `'reflect'` mirrors about the edge cell without repeating it (`d c b | a b c d | c b a`,
 * OpenCV's default `BORDER_REFLECT_101`, numpy's and ONNX Pad's `'reflect'`); `'replicate'`
 * repeats the edge cell (`a a | a b c d | d d`, ONNX's and WebNN's `'edge'`); `'circular'` wraps
 * around (`c d | a b c d | a b`, ONNX's `'wrap'`). WebNN's `'reflection'` is accepted for
 * `'reflect'`, `'edge'` for `'replicate'`, `'wrap'` for `'circular'`.
 */
export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';

const MODES: readonly PaddingMode[] = ['zeros', 'reflect', 'replicate', 'circular'];
/** Other standards' words for the modes. */
const ALIASES: Readonly<Record<string, PaddingMode>> = { reflection: 'reflect', edge: 'replicate', wrap: 'circular', constant: 'zeros' };

/** Validates a padding mode word (or an alias); omitted means zeros. */
export function resolvePaddingMode(fn: string, value: unknown): PaddingMode {
  if (value === undefined) return 'zeros';
  if (typeof value !== 'string') typeError(fn, `paddingMode must be one of ${MODES.map((m) => `'${m}'`).join(', ')}, got ${show(value)}`);
  if ((MODES as readonly string[]).includes(value)) return value as PaddingMode;
  const alias = ALIASES[value];
  if (alias !== undefined) return alias;
  rangeError(fn, `paddingMode must be one of ${MODES.map((m) => `'${m}'`).join(', ')} (or ONNX's and WebNN's 'edge', 'wrap', 'reflection', 'constant'), got ${show(value)}${didYouMeanWord(value, [...MODES, ...Object.keys(ALIASES)])}`);
}

/**
 * PyTorch's limits, per axis: `'reflect'` needs each pad below the input size (one mirror image
 * reaches no farther), `'circular'` at most the size (one wrap). `pads` is `[begin0, end0, …]`.
 */
export function checkModePadding(fn: string, mode: PaddingMode, pads: readonly number[], sizes: readonly number[], axisNames: readonly string[]): void {
  if (mode === 'zeros' || mode === 'replicate') return;
  axisNames.forEach((axis, a) => {
    const size = sizes[a]!;
    for (const pad of [pads[2 * a]!, pads[2 * a + 1]!]) {
      if (mode === 'reflect' && pad >= size) rangeError(fn, `paddingMode 'reflect' needs each padding below the input ${axis} (${size}), got ${pad}`);
      if (mode === 'circular' && pad > size) rangeError(fn, `paddingMode 'circular' needs each padding at most the input ${axis} (${size}), got ${pad}`);
    }
  });
}

/**
 * Which input cell a padded position reads: `i` in `[−padBegin, n + padEnd)`, the answer in
 * `[0, n)`, or −1 for a zero. Reflection repeats while it is out of range, so the standalone `pad`
 * may reach farther than one image.
 */
export function sourceIndex(mode: PaddingMode, i: number, n: number): number {
  if (i >= 0 && i < n) return i;
  switch (mode) {
    case 'zeros':
      return -1;
    case 'replicate':
      return i < 0 ? 0 : n - 1;
    case 'circular':
      return ((i % n) + n) % n;
    case 'reflect': {
      if (n === 1) return 0;
      const period = 2 * (n - 1);
      const k = ((i % period) + period) % period;
      return k < n ? k : period - k;
    }
  }
}

/** {@link sourceIndex} for every position of a padded axis. */
export function indexMap(mode: PaddingMode, n: number, padBegin: number, padEnd: number): Int32Array {
  return Int32Array.from({ length: n + padBegin + padEnd }, (_, j) => sourceIndex(mode, j - padBegin, n));
}
