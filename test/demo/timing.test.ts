// demo/timing.js, the batched, interleaved timing the demo page and `npm start` share: its
// summary statistics, its batching and its interleaving, checked in Node on calls that record
// what happened (no assertion on how fast anything is).
import { describe, expect, it } from 'vitest';
import { calibrate, summarize, timeInterleaved, type TimingSettings } from '../../demo/timing.js';

/** Spins for about `ms`, so a call has a known, non-zero duration. */
function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

const QUICK: TimingSettings = { targetMs: 1, samples: 6, minSamples: 3, budgetMs: 1000, warmupMs: 2 };

describe('demo/timing.js', () => {
  it('summarize: median, quartiles (linear interpolation) and range of the samples, in any order', () => {
    expect(summarize([5, 1, 4, 2, 3], 7)).toEqual({ median: 3, p25: 2, p75: 4, min: 1, max: 5, samples: 5, reps: 7 });
    expect(summarize([4, 1, 3, 2], 1)).toEqual({ median: 2.5, p25: 1.75, p75: 3.25, min: 1, max: 4, samples: 4, reps: 1 });
    expect(summarize([0.5], 3)).toEqual({ median: 0.5, p25: 0.5, p75: 0.5, min: 0.5, max: 0.5, samples: 1, reps: 3 });
  });

  it('calibrate: a batch of the chosen size lasts at least the target', () => {
    const { reps, perCall } = calibrate(() => spin(0.05), 2);
    expect(reps).toBeGreaterThan(1);
    expect(reps * perCall).toBeGreaterThanOrEqual(2);
  });

  it('timeInterleaved: warm-up, whole batches, each run first in turn, one summary per run in order', async () => {
    const log: string[] = [];
    const runs = ['a', 'b', 'c'].map((name) => () => {
      log.push(name);
      spin(0.05);
    });
    const result = await timeInterleaved(runs, QUICK);
    expect(result).toHaveLength(3);
    const summaries = result!;
    for (const s of summaries) {
      expect(s.samples).toBe(QUICK.samples); // the budget allows all of them
      expect(s.reps).toBeGreaterThan(1); // 0.05 ms calls, batched to ≥ 1 ms
      expect(s.min).toBeGreaterThan(0);
      expect([s.min, s.p25, s.median, s.p75]).toEqual([...[s.min, s.p25, s.median, s.p75]].sort((x, y) => x - y));
      expect(s.p75).toBeLessThanOrEqual(s.max);
    }
    // Each run was warmed up and calibrated before any sample: 'a' calls come first, then 'b', then 'c'.
    const firstSample = log.findIndex((name, k) => k > 0 && name === 'a' && log[k - 1] === 'c');
    expect(log.slice(0, firstSample).join('')).toMatch(/^a+b+c+$/);
    // Then the samples: whole batches, and the run that goes first rotates a, b, c, a, …
    const batches: { name: string; calls: number }[] = [];
    for (const name of log.slice(firstSample)) {
      const last = batches[batches.length - 1];
      if (last?.name === name) last.calls++;
      else batches.push({ name, calls: 1 });
    }
    // (With three runs no two batches of one run are adjacent, so each entry is one batch.)
    const reps = Object.fromEntries(['a', 'b', 'c'].map((name, k) => [name, summaries[k]!.reps]));
    for (const { name, calls } of batches) expect(calls).toBe(reps[name]);
    const expected = Array.from({ length: QUICK.samples }, (_, s) => [0, 1, 2].map((k) => 'abc'[(s + k) % 3]!)).flat();
    expect(batches.map((batch) => batch.name)).toEqual(expected);
  });

  it('timeInterleaved: fewer samples (never below minSamples) when the budget is short; null once cancelled', async () => {
    const slow = () => spin(2);
    const short = await timeInterleaved([slow, slow], { ...QUICK, budgetMs: 1 });
    expect(short!.map((s) => s.samples)).toEqual([QUICK.minSamples, QUICK.minSamples]);

    let calls = 0;
    const cancelled = await timeInterleaved([() => calls++], { ...QUICK, cancelled: () => calls > 0 });
    expect(cancelled).toBeNull();
  });
});
