import { rangeError, show, typeError } from '../errors.js';
import type { ImageChannels } from './image-like.js';


/** The count of each channels word: the one table fromImage and toImage both read. */
export const CHANNEL_COUNT: Readonly<Record<ImageChannels, number>> = Object.freeze({ grey: 1, rgb: 3, rgba: 4 });

const WORDS = Object.keys(CHANNEL_COUNT) as ImageChannels[];

/** The channels word of a tensor with `count` channels, if it is an image's (1, 3 or 4). */
export function channelsOfCount(count: number): ImageChannels | undefined {
  return WORDS.find((word) => CHANNEL_COUNT[word] === count);
}

/**
 * The `channels` option: one of the words, or `fallback`. `'gray'` and other cases
 * (`'RGB'`) are refused with the right spelling.
 */
export function channelsOption(fn: string, value: unknown, fallback: ImageChannels): ImageChannels {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (WORDS as string[]).includes(value)) return value as ImageChannels;
  const list = WORDS.map((w) => `'${w}'`).join(', ');
  const spelled = typeof value === 'string' ? value.toLowerCase().replace('gray', 'grey') : '';
  const hint = (WORDS as string[]).includes(spelled) ? `; did you mean '${spelled}'?` : '';
  return (typeof value === 'string' ? rangeError : typeError)(fn, `channels must be one of ${list}, got ${show(value)}${hint}`);
}
