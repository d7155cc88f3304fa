/** Order statistics of timing samples. */

/** The q-quantile (0 ≤ q ≤ 1) of ascending `sorted`, interpolating linearly between samples. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const at = q * (sorted.length - 1);
  const below = Math.floor(at);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (at - below);
}

/** The median of unsorted samples. */
export function median(samples: readonly number[]): number {
  return quantile(samples.slice().sort((a, b) => a - b), 0.5);
}

/** The geometric mean of positive values (NaN for none): the mean that suits ratios and rates. */
export function geomean(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  return Math.exp(values.reduce((s, v) => s + Math.log(v), 0) / values.length);
}
