import { afterAll, beforeAll } from 'vitest';
import { createEngineSync, memoryStatsOf, type Engine } from '../../src/engine/engine.js';
import { tileRunner } from '../../src/engine/tiles.js';
import type { MemoryStats } from '../../src/wasm/kernels.js';
import { supports, WASM_BACKENDS } from '../../src/wasm/features.js';

/**
 * One engine per WebAssembly build this process can run. scalar and simd always; relaxed-simd
 * where the JavaScript engine has it — and vitest.config.ts makes sure it does, so a missing
 * relaxed build fails here instead of being skipped quietly.
 */
export function wasmEngines(): Engine[] {
  const backends = WASM_BACKENDS.filter((backend) => backend !== 'relaxed-simd' || supports(backend));
  if (process.env.SIMDCONV_EXPECT_RELAXED === '1' && !backends.includes('relaxed-simd')) {
    throw new Error('relaxed-simd is not available in this test process: is --experimental-wasm-relaxed-simd passed (Node 20)?');
  }
  return backends.map((backend) => createEngineSync({ backend }));
}

/**
 * The threaded engines the suites also run: each threaded build on `threads` threads (3 by
 * default: more than this machine's 2 cores, and an odd count, so chunks split unevenly). Calls
 * below the work floor stay on one thread, so a suite that wants every call in the pool sets
 * `tileRunner.workFloor = 0` (src/engine/tiles.ts) for its duration.
 */
export function threadedEngines(threads = 3): Engine[] {
  return wasmEngines()
    .filter((e) => e.backend !== 'scalar')
    .map((e) => createEngineSync({ backend: e.backend, threads }));
}

/**
 * threadedEngines() for a whole test file, every call sent to the pool: the work floor is 0 from
 * the file's first test to its last, then restored, and the engines are disposed.
 */
export function pooledEnginesForFile(threads = 3): Engine[] {
  const threaded = threadedEngines(threads);
  const workFloor = tileRunner.workFloor;
  beforeAll(() => {
    tileRunner.workFloor = 0;
  });
  afterAll(() => {
    tileRunner.workFloor = workFloor;
    for (const engine of threaded) engine.dispose();
  });
  return threaded;
}

/** How tests name an engine: its backend, and its threads when more than one. */
export function engineName(engine: Engine): string {
  return engine.threads > 1 ? `${engine.backend} on ${engine.threads} threads` : engine.backend;
}

/** A wasm engine's memory statistics; `what` names the test that needs them in the error. */
export function wasmStats(engine: Engine, what: string): MemoryStats {
  const stats = memoryStatsOf(engine);
  if (stats === undefined) throw new Error(`${what} needs a wasm engine, got '${engine.backend}'`);
  return stats;
}
