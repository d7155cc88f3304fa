/** "Did you mean …?" for a mistyped flag or command. */
import { editDistance } from '../util/edit-distance.js';

/**
 * The closest of `known` to `typed`, if it is close enough to be a typo (at most a third of
 * its length away, and at most 3 edits), else `undefined`.
 *
 * @example
 * closest('--shape', ['--shapes', '--time']); // '--shapes'
 * closest('--zzz', ['--shapes', '--time']);   // undefined
 */
export function closest(typed: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = editDistance(typed.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= Math.min(3, Math.ceil(typed.length / 3)) ? best : undefined;
}
