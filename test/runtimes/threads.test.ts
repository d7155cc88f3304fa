// Threads in Deno and Bun, the installed tarball: both run node:worker_threads, so an engine of
// 2 threads gives a one-thread engine's bits on random layers (run and runAsync), and the process
// exits by itself with a threaded engine left undisposed. Start-up times are logged, never
// asserted. Replay with SIMDCONV_SEED=<seed>.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, removePacked, tempDir } from '../package/packed.js';
import { consumerWith, runJson, runtimeBinary, runtimeVersion } from './runtimes.js';

const BASE_SEED = Number(process.env.SIMDCONV_SEED ?? Date.now() % 1_000_000);
const LAYERS = 12;

interface Quartiles {
  p25: number;
  median: number;
  p75: number;
}
interface Report {
  runtime: string;
  startup: { async: Quartiles; sync: Quartiles };
  left: number;
  engines: { threads: number; runs: number; differ: string[]; errors: string[]; bigMs: { one: number; run: number; runAsync: number } }[];
}

let consumer: string;
let denoDir: string;

beforeAll(async () => {
  consumer = await consumerWith('threads', ['threads.mjs', 'threads-suite.mjs']);
  await writeFile(join(consumer, 'deno.json'), JSON.stringify({ nodeModulesDir: 'manual' }, null, 2));
  denoDir = await tempDir('deno-dir');
}, 60_000);

afterAll(async () => {
  await removeDir(consumer);
  await removeDir(denoDir);
  await removePacked();
});

const show = (q: Quartiles) => `${q.median.toFixed(1)} ms (p25–p75 ${q.p25.toFixed(1)}–${q.p75.toFixed(1)})`;

function expectThreaded(report: Report, seed: number): void {
  const e = report.engines[0]!;
  console.log(
    `${report.runtime}: a 2-thread engine ready in ${show(report.startup.async)} (createEngine), ${show(report.startup.sync)} (createEngineSync), 9 starts each; ` +
      `64→64 3×3 96²: one thread ${e.bigMs.one.toFixed(2)} ms, run ${e.bigMs.run.toFixed(2)} ms, runAsync ${e.bigMs.runAsync.toFixed(2)} ms (medians of 15)`,
  );
  expect(e.threads).toBe(2);
  expect(e.errors, `${report.runtime}, seed ${seed}: errors`).toEqual([]);
  expect(e.differ, `${report.runtime}, seed ${seed}: results that differ from one thread's bits`).toEqual([]);
  expect(e.runs).toBe(2 * LAYERS);
  expect(report.left, 'the engine left undisposed').toBe(2);
}

describe('threads in other runtimes (node:worker_threads)', () => {
  it('Deno: 2 threads give one thread’s bits, and the process exits by itself', async () => {
    const deno = runtimeBinary('deno');
    console.log(`Deno: ${await runtimeVersion(deno, consumer)}`);
    const seed = BASE_SEED;
    // Read access to the package's builds is all it needs: the workers get the compiled module.
    const { report } = await runJson<Report>(
      deno,
      ['run', '--no-prompt', '--no-lock', '--cached-only', '--allow-read=node_modules/simdconv/dist', 'threads.mjs', JSON.stringify({ seed, count: LAYERS })],
      { cwd: consumer, env: { DENO_DIR: denoDir }, timeoutMs: 60_000 },
    );
    expectThreaded(report, seed);
  }, 90_000);

  it('Bun: 2 threads give one thread’s bits, and the process exits by itself', async () => {
    const bun = runtimeBinary('bun');
    const seed = BASE_SEED + 1;
    const { report } = await runJson<Report>(bun, ['run', '--no-install', 'threads.mjs', JSON.stringify({ seed, count: LAYERS })], {
      cwd: consumer,
      env: { BUN_RUNTIME_TRANSPILER_CACHE_PATH: '0' },
      timeoutMs: 60_000,
    });
    expectThreaded(report, seed);
  }, 90_000);
});
