// Seeded fuzzing, bounded in time: every backend (the three WebAssembly builds, js, and the two
// threaded builds on 3 threads) against the reference on configurations from test/helpers/fuzz-cases.ts — the ordinary random space and
// its extremes (kernel larger than the input, stride larger than the kernel or than the input
// with SAME padding, dilations that do not fit, 1×1 inputs, 1000+ channels, batch 16, grouped
// and depthwise, Winograd, conv1d, pooling), with normal, zero, subnormal, huge and NaN/±∞
// values, as one-shot calls, prepacked layers and engine tensors; and int8 (qlinearConv2d,
// convInteger2d, qlinearConv1d), bit for bit. fuzz-cases.ts says what is checked for each output. `npm run fuzz -- --minutes N` runs the same for longer.
//
// SIMDCONV_SEED=<seed> sets the first seed (case i uses seed + i), SIMDCONV_FUZZ_MS the time
// budget, SIMDCONV_CASES a case count; replay one case with
// SIMDCONV_SEED=<seed> SIMDCONV_CASES=1 npx vitest run test/fuzz.test.ts.
import { describe, expect, it } from 'vitest';
import { createEngineSync } from '../src/index.js';
import { engineName, pooledEnginesForFile, wasmEngines } from './helpers/engines.js';
import { DELIVERIES, FAMILIES, FuzzStats, fuzzCase, runCase, VALUE_KINDS } from './helpers/fuzz-cases.js';

const BASE_SEED = Number(process.env.SIMDCONV_SEED ?? Date.now() % 1_000_000_000);
/** The suite runs on 2 cores in CI: ~40 s of fuzzing keeps this file near 45 s. */
const BUDGET_MS = Number(process.env.SIMDCONV_FUZZ_MS ?? 40_000);
const MAX_CASES = Number(process.env.SIMDCONV_CASES ?? Infinity);
/** Enough cases that every family, value kind and delivery has come up (each is ≥ 4 % of draws). */
const COVERAGE_CASES = 1000;
/** A broken build fails most cases: stop early rather than fill the log. */
const MAX_FAILURES = 20;

// Every build, js, and the threaded builds on 3 threads with every call sent to the worker pool.
const threaded = pooledEnginesForFile();
const engines = [...wasmEngines(), createEngineSync({ backend: 'js' }), ...threaded];
const backends = engines.map(engineName);
const replay = (seed: number) => `SIMDCONV_SEED=${seed} SIMDCONV_CASES=1 npx vitest run test/fuzz.test.ts`;

describe('fuzz', () => {
  it(
    `every backend against the reference, seed ${BASE_SEED}, for ${BUDGET_MS / 1000} s`,
    () => {
      console.log(`fuzz: seed ${BASE_SEED}, budget ${BUDGET_MS} ms, backends ${backends.join(', ')}`);
      const stats = new FuzzStats();
      const deadline = performance.now() + BUDGET_MS;
      for (let i = 0; i < MAX_CASES && performance.now() < deadline && stats.failures.length < MAX_FAILURES; i++) {
        const seed = BASE_SEED + i;
        const t0 = performance.now();
        try {
          stats.add(runCase(fuzzCase(seed), engines), performance.now() - t0);
        } catch (error) {
          stats.addCrash(seed, error);
        }
      }
      const summary = stats.summary(backends, replay);
      console.log(summary);

      expect(stats.cases).toBeGreaterThan(0);
      expect(stats.failures, `fuzz failures (seed ${BASE_SEED}):\n${summary}`).toEqual([]);
      if (stats.cases >= COVERAGE_CASES) {
        // The run compared what it claims to: every family on every backend, every value kind
        // and delivery, and each way of judging an output.
        for (const family of FAMILIES) {
          for (const backend of backends) expect(stats.perFamily.get(family)?.byBackend.get(backend)?.runs, `${family} on ${backend}`).toBeGreaterThan(0);
        }
        for (const values of VALUE_KINDS) expect(stats.perValues.get(values), values).toBeGreaterThan(0);
        for (const delivery of DELIVERIES) expect(stats.perDelivery.get(delivery), delivery).toBeGreaterThan(0);
        expect(stats.perFamily.get('errors')?.errors).toBeGreaterThan(0);
        for (const count of Object.values(stats.classes)) expect(count).toBeGreaterThan(0);
      }
    },
    BUDGET_MS + 60_000,
  );
});
