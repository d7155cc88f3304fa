/** What bench/peers/ort-web-process.ts and its child (./ort-web-child.ts) say to each other. */
import type { Conv2dOptions } from '../../src/index.js';
import type { TimingOptions } from '../time-task.js';

/** Starts every answer line on the child's stdout; any other line is the library's own output. */
export const REPLY_MARK = '@simdconv-reply ';

export type ChildRequest =
  | {
      readonly op: 'prepare';
      /** Input, filter and bias, float32 little-endian, one after the other. */
      readonly file: string;
      readonly inputShape: readonly number[];
      readonly filterShape: readonly number[];
      readonly biasLength: number;
      /** The case's options without the bias (it is in the file). */
      readonly options: Omit<Conv2dOptions, 'bias'>;
    }
  | { readonly op: 'once'; readonly out: string }
  | { readonly op: 'time'; readonly out: string; readonly options: TimingOptions }
  | { readonly op: 'release' };
