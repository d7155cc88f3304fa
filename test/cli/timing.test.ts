// simdconv bench's timing loop on a virtual clock (no real timing asserted), and the shared
// order statistics it reports.
import { describe, expect, it } from 'vitest';
import { median, quantile, summarize } from '../../src/cli/stats.js';
import { timeCalls } from '../../src/cli/timing.js';

/** A clock that only moves when the timed function "runs": each call costs `costs(i)` ms. */
function virtual(costs: (call: number) => number) {
  let time = 0;
  let calls = 0;
  return {
    run: () => {
      time += costs(calls++);
    },
    now: () => time,
    calls: () => calls,
  };
}

describe('timeCalls', () => {
  it('batches fast calls to 1 ms samples and samples for the time given, after a tenth of it as warm-up', () => {
    // 0.125 ms: exact in binary, so the virtual clock adds up without rounding.
    const clock = virtual(() => 0.125);
    const t = timeCalls(clock.run, { timeMs: 100, minSamples: 5 }, clock.now);
    expect(t.callsPerSample).toBe(8);
    expect(t.samples).toBe(100);
    expect([t.min, t.p25, t.median, t.p75, t.max]).toEqual([0.125, 0.125, 0.125, 0.125, 0.125]);
    // Warm-up of 10 ms (80 calls), then 100 samples of 8 calls.
    expect(clock.calls()).toBe(80 + 100 * 8);
  });

  it('takes the minimum number of samples from slow calls, whatever the time', () => {
    const clock = virtual(() => 50);
    const t = timeCalls(clock.run, { timeMs: 20, minSamples: 5 }, clock.now);
    expect([t.samples, t.callsPerSample, t.median]).toEqual([5, 1, 50]);
    expect(clock.calls()).toBe(1 + 5); // one warm-up call
  });

  it('leaves the slow first calls out of the samples and the batch size', () => {
    // 3 slow first calls (compiling, faulting in fresh pages), then 0.5 ms each.
    const clock = virtual((i) => (i < 3 ? 4 : 0.5));
    const t = timeCalls(clock.run, { timeMs: 200, minSamples: 5 }, clock.now);
    expect(t.callsPerSample).toBe(2);
    expect([t.min, t.median, t.max]).toEqual([0.5, 0.5, 0.5]);
  });

  it('reports the spread of the samples per call', () => {
    // Alternating 1 ms and 3 ms calls: every 1 ms batch holds one call, so samples alternate.
    const clock = virtual((i) => (i % 2 === 0 ? 3 : 1));
    const t = timeCalls(clock.run, { timeMs: 40, minSamples: 5 }, clock.now);
    expect(t.callsPerSample).toBe(1);
    expect([t.min, t.max]).toEqual([1, 3]);
    expect(t.median).toBeGreaterThanOrEqual(1);
    expect(t.median).toBeLessThanOrEqual(3);
  });
});

describe('order statistics', () => {
  it('interpolates quantiles linearly between sorted samples', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantile([10], 0.75)).toBe(10);
    expect(quantile([], 0.5)).toBeNaN();
    expect(median([3, 1, 2])).toBe(2);
  });

  it('summarizes median, p25–p75 and min–max of unsorted samples', () => {
    expect(summarize([4, 1, 3, 2, 5])).toEqual({ samples: 5, median: 3, p25: 2, p75: 4, min: 1, max: 5 });
    const none = summarize([]);
    expect(none.samples).toBe(0);
    expect([none.median, none.min, none.max]).toEqual([NaN, NaN, NaN]);
  });
});
