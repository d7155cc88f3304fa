/**
 * Order statistics of timing samples, shared by `simdconv bench` (shipped) and `npm run bench`
 * (bench/stats.ts re-exports these), so both compute medians and spreads the same way.
 */

/**
 * The q-quantile (0 ≤ q ≤ 1) of ascending `sorted`, interpolating linearly between samples.
 *
 * @example
 * quantile([1, 2, 3, 4], 0.5); // 2.5
 */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const at = q * (sorted.length - 1);
  const below = Math.floor(at);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (at - below);
}

/**
 * The median of unsorted samples.
 *
 * @example
 * median([3, 1, 2]); // 2
 */
export function median(samples: readonly number[]): number {
  return quantile(samples.slice().sort((a, b) => a - b), 0.5);
}

/**
 * The geometric mean of positive values (NaN for none): the mean that suits ratios and rates.
 *
 * @example
 * geomean([1, 4]); // 2
 */
export function geomean(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  return Math.exp(values.reduce((s, v) => s + Math.log(v), 0) / values.length);
}

/** Median, quartiles and extremes of a set of samples. */
export interface Spread {
  readonly samples: number;
  readonly median: number;
  readonly p25: number;
  readonly p75: number;
  readonly min: number;
  readonly max: number;
}

/**
 * The median, p25–p75 and min–max of unsorted samples (NaN for none).
 *
 * @example
 * summarize([4, 1, 3, 2, 5]); // { samples: 5, median: 3, p25: 2, p75: 4, min: 1, max: 5 }
 */
export function summarize(samples: readonly number[]): Spread {
  const sorted = samples.slice().sort((a, b) => a - b);
  return {
    samples: sorted.length,
    median: quantile(sorted, 0.5),
    p25: quantile(sorted, 0.25),
    p75: quantile(sorted, 0.75),
    min: sorted.length === 0 ? NaN : sorted[0]!,
    max: sorted.length === 0 ? NaN : sorted[sorted.length - 1]!,
  };
}
