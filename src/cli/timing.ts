/**
 * The timing loop of `simdconv bench`: a warm-up, then time-boxed samples, each a batch of calls
 * long enough that the timer's resolution and the loop's overhead do not show.
 */
import { summarize, type Spread } from './stats.js';

export interface TimingBudget {
  /** Time for the samples, in ms, after the warm-up; sampling stops when it is spent… */
  readonly timeMs: number;
  /** …and at least this many samples are taken, however long they take. */
  readonly minSamples: number;
}

export interface Timing extends Spread {
  /** Calls per sample; every figure of the {@link Spread} is per call. */
  readonly callsPerSample: number;
}

// Why these numbers: Node's performance.now() resolves ~1 µs here, so a 1 ms batch keeps
// rounding and loop overhead below 0.1 %; the fastest cases (a 1×1 layer on simd, ~0.1 ms a
// call) then batch ~10 calls. The warm-up takes a tenth of the budget (at least one call): the
// first calls compile the js reference's hot loops and fault in the output's fresh pages
// (~12 µs per 4 KB page on a VM), which a steady-state figure must leave out. The sample cap
// bounds memory and sorting on a long --time.
const BATCH_MS = 1;
const WARM_UP_SHARE = 0.1;
const MAX_SAMPLES = 10_000;

/**
 * Times `run` (one call per invocation) after a warm-up: batches of calls until `timeMs` has
 * passed and `minSamples` were taken. Returns the per-call median, p25–p75 and min–max.
 *
 * @example
 * const t = timeCalls(() => layer.run(x, y), { timeMs: 300, minSamples: 5 });
 * t.median; // ms per call
 */
export function timeCalls(run: () => unknown, budget: TimingBudget, now: () => number = () => performance.now()): Timing {
  // The batch size comes from the fastest warm-up call: the first ones are the slow ones.
  const warmUpStart = now();
  let fastestCall = Infinity;
  let end = warmUpStart;
  do {
    const t0 = end;
    run();
    end = now();
    fastestCall = Math.min(fastestCall, end - t0);
  } while (end - warmUpStart < budget.timeMs * WARM_UP_SHARE);
  const callsPerSample = Math.max(1, Math.ceil(BATCH_MS / Math.max(fastestCall, 1e-6)));

  const samples: number[] = [];
  const start = now();
  while ((now() - start < budget.timeMs || samples.length < budget.minSamples) && samples.length < MAX_SAMPLES) {
    const t0 = now();
    for (let c = 0; c < callsPerSample; c++) run();
    samples.push((now() - t0) / callsPerSample);
  }
  return { ...summarize(samples), callsPerSample };
}
