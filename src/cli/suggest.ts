/** "Did you mean …?" for a mistyped flag or command. */

/**
 * Levenshtein distance: the fewest single-character insertions, deletions and substitutions
 * that turn `a` into `b`.
 *
 * @example
 * editDistance('--qiuck', '--quick'); // 2
 */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

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
