// Types of demo/timing.js, for bench/demo.ts (TypeScript) which shares it with the page.

/** Per-call times of one function, in ms: order statistics of its batch samples. */
export interface TimingSummary {
  median: number;
  p25: number;
  p75: number;
  min: number;
  max: number;
  /** Samples taken, each the mean of a batch of `reps` calls. */
  samples: number;
  reps: number;
}

export interface TimingSettings {
  /** Shortest batch, ms: calls per sample are chosen so a batch lasts at least this long. */
  targetMs: number;
  samples: number;
  minSamples: number;
  /** Rough budget for all samples of all runs, ms; fewer samples (≥ minSamples) past it. */
  budgetMs: number;
  /** Each run is called for at least this long before it is calibrated and timed. */
  warmupMs: number;
  cancelled?: () => boolean;
  progress?: (done: number, total: number) => void;
}

export function timeBatch(run: () => unknown, reps: number): number;
export function calibrate(run: () => unknown, targetMs: number): { reps: number; perCall: number };
export function summarize(times: readonly number[], reps: number): TimingSummary;
export function timeInterleaved(runs: readonly (() => unknown)[], settings: TimingSettings): Promise<TimingSummary[] | null>;
export function timeAlternating(
  a: () => unknown,
  b: () => unknown,
  control: { cancelled: () => boolean; progress?: (done: number, total: number) => void },
): Promise<{ a: TimingSummary; b: TimingSummary } | null>;
