// Timing several calls against each other, the way the demo page and `npm start` do it
// (bench/demo.ts imports this file; demo/timing.d.ts gives its types):
//
// - warm-up: each call runs for a while first (at least once), so the JIT has tiered up;
// - batches: each sample times a batch of calls, sized once so a batch lasts at least
//   `targetMs` (browsers round performance.now() to 0.1 ms, and a sub-millisecond call is at the
//   mercy of one GC pause or fresh page), and reports the mean per call of that batch;
// - interleaving: samples of the calls rotate (and which goes first rotates too), so a slow spell
//   of the machine hits all of them and ratios of their medians compare like with like;
// - the summary: median, p25–p75 and min–max of the samples. Yields between samples, so a page
//   stays usable.

/** The page's settings: shortest batch (timer rounding ≤ ~1 % of a sample), samples, budget. */
const PAGE = { targetMs: 10, samples: 15, minSamples: 5, budgetMs: 4000, warmupMs: 0 };

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Calls `run` `reps` times and returns ms per call. */
export function timeBatch(run, reps) {
  const start = performance.now();
  for (let r = 0; r < reps; r++) run();
  return (performance.now() - start) / reps;
}

/** Runs `run` for at least `ms` (at least once): the warm-up. */
function warmUp(run, ms) {
  const start = performance.now();
  do run();
  while (performance.now() - start < ms);
}

/** Calls per batch so one batch lasts at least `targetMs` (after one warm-up call). */
export function calibrate(run, targetMs) {
  run();
  let reps = 1;
  for (;;) {
    const start = performance.now();
    for (let r = 0; r < reps; r++) run();
    const elapsed = performance.now() - start;
    if (elapsed >= targetMs || reps >= 1 << 16) return { reps, perCall: elapsed / reps };
    reps *= elapsed > 0 ? Math.min(16, Math.ceil((1.2 * targetMs) / elapsed)) : 16;
  }
}

/** The q-quantile of sorted values (linear interpolation). */
function quantile(sorted, q) {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

/** Median, p25, p75, min and max of per-call times (ms), with the samples × calls behind them. */
export function summarize(times, reps) {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    p25: quantile(sorted, 0.25),
    p75: quantile(sorted, 0.75),
    min: sorted[0],
    max: sorted[sorted.length - 1],
    samples: sorted.length,
    reps,
  };
}

/**
 * Times each of `runs` (functions making one call), interleaved. The number of samples is
 * `samples`, fewer (never below `minSamples`) when one round of all would overrun `budgetMs`.
 * Returns one summary per run, in order, or null if `cancelled()` became true at a yield point.
 * @param {(() => unknown)[]} runs
 * @param {{ targetMs: number, samples: number, minSamples: number, budgetMs: number, warmupMs: number,
 *   cancelled?: () => boolean, progress?: (done: number, total: number) => void }} settings
 */
export async function timeInterleaved(runs, settings) {
  const cancelled = settings.cancelled ?? (() => false);
  const batches = [];
  for (const run of runs) {
    warmUp(run, settings.warmupMs);
    batches.push(calibrate(run, settings.targetMs));
    await tick();
    if (cancelled()) return null;
  }
  const roundMs = batches.reduce((sum, { reps, perCall }) => sum + reps * perCall, 0);
  const samples = Math.max(settings.minSamples, Math.min(settings.samples, Math.floor(settings.budgetMs / roundMs)));
  const times = runs.map(() => []);
  for (let s = 0; s < samples; s++) {
    await tick();
    if (cancelled()) return null;
    for (let k = 0; k < runs.length; k++) {
      const which = (s + k) % runs.length; // each run goes first in turn
      times[which].push(timeBatch(runs[which], batches[which].reps));
    }
    settings.progress?.(s + 1, samples);
  }
  return times.map((t, k) => summarize(t, batches[k].reps));
}

/**
 * The page's measurement: `a` and `b` (each a function making one call), alternating, with the
 * page's settings. Returns null if `cancelled()` became true at a yield point.
 * @param {() => unknown} a
 * @param {() => unknown} b
 * @param {{ cancelled: () => boolean, progress?: (done: number, total: number) => void }} control
 */
export async function timeAlternating(a, b, control) {
  const result = await timeInterleaved([a, b], { ...PAGE, ...control });
  return result === null ? null : { a: result[0], b: result[1] };
}
