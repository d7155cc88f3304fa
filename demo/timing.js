// The "wasm vs JS" timing: the same conv2d call (same input, filter and options) on two
// engines, end to end as a user calls it (copy in, compute, copy out to a new Float32Array).
//
// Browsers round performance.now() (to 0.1 ms without cross-origin isolation), so each sample
// times a batch of calls, sized once so a batch lasts at least TARGET_MS, and reports the mean
// per call of that batch. Samples of the two engines alternate (and which goes first alternates
// too), so a slow spell of the machine hits both; the page yields between samples to stay usable.

/** Shortest batch, in ms, so the timer's rounding is at most ~1 % of a sample. */
const TARGET_MS = 10;

/** Samples per engine, fewer (never below MIN_SAMPLES) when one pair would take long. */
const SAMPLES = 15;
const MIN_SAMPLES = 5;
/** Rough budget for the whole measurement, in ms. */
const BUDGET_MS = 4000;

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Calls `run` `reps` times and returns ms per call. */
function timeBatch(run, reps) {
  const start = performance.now();
  for (let r = 0; r < reps; r++) run();
  return (performance.now() - start) / reps;
}

/** Calls per batch so one batch lasts at least TARGET_MS (after one warm-up call). */
function calibrate(run) {
  run();
  let reps = 1;
  for (;;) {
    const start = performance.now();
    for (let r = 0; r < reps; r++) run();
    const elapsed = performance.now() - start;
    if (elapsed >= TARGET_MS || reps >= 1 << 16) return { reps, perCall: elapsed / reps };
    reps *= elapsed > 0 ? Math.min(16, Math.ceil((1.2 * TARGET_MS) / elapsed)) : 16;
  }
}

/** The q-quantile of sorted values (linear interpolation). */
function quantile(sorted, q) {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

function summary(times, reps) {
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
 * Times `a` and `b` (each a function making one call), alternating. Returns null if `cancelled()`
 * became true at a yield point.
 * @param {() => unknown} a
 * @param {() => unknown} b
 * @param {{ cancelled: () => boolean, progress?: (done: number, total: number) => void }} control
 */
export async function timeAlternating(a, b, control) {
  const ca = calibrate(a);
  await tick();
  if (control.cancelled()) return null;
  const cb = calibrate(b);
  const pairMs = ca.reps * ca.perCall + cb.reps * cb.perCall;
  const samples = Math.max(MIN_SAMPLES, Math.min(SAMPLES, Math.floor(BUDGET_MS / pairMs)));
  const ta = [];
  const tb = [];
  for (let s = 0; s < samples; s++) {
    await tick();
    if (control.cancelled()) return null;
    if (s % 2 === 0) {
      ta.push(timeBatch(a, ca.reps));
      tb.push(timeBatch(b, cb.reps));
    } else {
      tb.push(timeBatch(b, cb.reps));
      ta.push(timeBatch(a, ca.reps));
    }
    control.progress?.(s + 1, samples);
  }
  return { a: summary(ta, ca.reps), b: summary(tb, cb.reps) };
}
