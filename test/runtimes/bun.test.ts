// The installed tarball in Bun (JavaScriptCore, not V8): imported by name from the project's
// node_modules, the default engine reading its build from disk, and each build on its own engine.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WORKED, removeDir, removePacked } from '../package/packed.js';
import { consumerWith, runJson, runtimeBinary, runtimeVersion, type ConvReport } from './runtimes.js';

let bun: string;
let consumer: string;

beforeAll(async () => {
  bun = runtimeBinary('bun');
  consumer = await consumerWith('bun', ['bun.mjs']);
  console.log(`Bun: ${await runtimeVersion(bun, consumer)}`);
}, 60_000);

afterAll(async () => {
  await removeDir(consumer);
  await removePacked();
});

function expectWorked(result: ConvReport, where: string): void {
  expect(result.shape, `${where}: output shape`).toEqual(WORKED.expected.shape);
  expect(result.data, `${where}: output values`).toEqual(WORKED.expected.data);
}

it('imports simdconv from node_modules: the default engine loads from disk synchronously, and every build runs', async () => {
  interface Report {
    version: string;
    revision: string;
    resolved: string;
    backend: string;
    result: ConvReport;
    engines: (ConvReport & { asked: string; backend: string })[];
  }
  const { report } = await runJson<Report>(bun, ['run', '--no-install', 'bun.mjs', JSON.stringify({ input: WORKED.input, filter: WORKED.filter })], {
    cwd: consumer,
    // --no-install and no transpiler cache: nothing fetched, nothing written outside the temp folder.
    env: { BUN_RUNTIME_TRANSPILER_CACHE_PATH: '0' },
  });
  console.log(`Bun ${report.version} (${report.revision.slice(0, 10)}): getEngine().backend = '${report.backend}'`);
  expect(report.resolved).toBe(pathToFileURL(join(consumer, 'node_modules/simdconv/dist/index.js')).href);
  // Bun 1.4's JavaScriptCore validates relaxed SIMD, so the default is the fastest build.
  expect(report.backend).toBe('relaxed-simd');
  expectWorked(report.result, 'default engine');
  expect(report.engines.map((e) => e.backend)).toEqual(['relaxed-simd', 'simd', 'scalar']);
  for (const engine of report.engines) expectWorked(engine, `await createEngine({ backend: '${engine.asked}' })`);
});
