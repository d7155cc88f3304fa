// Threads in Chromium: the built package on a page served cross-origin isolated (COOP/COEP, from
// demo/serve.mjs's ISOLATION_HEADERS), so it has SharedArrayBuffer and web workers share the
// engine's memory. Engines of 2 and 3 threads on the page's main thread (runAsync, and the
// synchronous run, which polls there instead of Atomics.wait) and inside a web worker give the
// bits of a one-thread engine on random layers; a page that is not isolated gets the error naming
// the headers, and 'auto' one thread. Start-up and run times are logged, never asserted. The
// suites are test/runtimes/fixtures/threads-suite.mjs, which Deno and Bun run too.
// Needs `npm run build` first. Replay with SIMDCONV_SEED=<seed>.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ISOLATION_HEADERS, serve, type Served } from '../../demo/serve.mjs';
import { ROOT } from './bundle.js';
import { launchChromium } from './chromium.js';

const BASE_SEED = Number(process.env.SIMDCONV_SEED ?? Date.now() % 1_000_000);
const LAYERS = 12;

interface EngineResult {
  threads: number;
  startMs: number;
  runs: number;
  differ: string[];
  errors: string[];
  bigMs: { one: number; run?: number; runAsync: number };
}
interface Quartiles {
  p25: number;
  median: number;
  p75: number;
}
interface Startup {
  async: Quartiles;
}
interface SuiteReport {
  crossOriginIsolated: boolean;
  engines: EngineResult[];
}

let browser: Browser | undefined;

beforeAll(async () => {
  for (const file of ['dist/index.js', 'dist/wasm-threads/simdconv.simd-threads.wasm']) {
    if (!existsSync(resolve(ROOT, file))) throw new Error(`${file} is missing: run \`npm run build\` first (npm test does)`);
  }
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/** A page of test/browser/page/threads.html on its own server, its problems collected. */
async function openPage(headers: Readonly<Record<string, string>>): Promise<{ page: Page; problems: string[]; close(): Promise<void> }> {
  const server: Served = await serve({ root: ROOT, headers });
  const context = await browser!.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.stack ?? error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  await page.goto(`${server.url}test/browser/page/threads.html`);
  return {
    page,
    problems,
    close: async () => {
      await context.close();
      await server.close();
    },
  };
}

function expectSameBits(report: SuiteReport, where: string, seed: number, sync: boolean): void {
  expect(report.crossOriginIsolated, `${where}: crossOriginIsolated`).toBe(true);
  expect(report.engines.map((e) => e.threads)).toEqual([2, 3]);
  for (const e of report.engines) {
    const what = `${where}, ${e.threads} threads, seed ${seed}`;
    console.log(
      `Chromium ${where}, ${e.threads} threads: started in ${e.startMs.toFixed(1)} ms; 64→64 3×3 96²: one thread ${e.bigMs.one.toFixed(2)} ms, ` +
        `${sync ? `run ${e.bigMs.run!.toFixed(2)} ms, ` : ''}runAsync ${e.bigMs.runAsync.toFixed(2)} ms (medians of 15)`,
    );
    expect(e.errors, `${what}: errors`).toEqual([]);
    expect(e.differ, `${what}: results that differ from one thread's bits`).toEqual([]);
    expect(e.runs, `${what}: runs`).toBe(LAYERS * (sync ? 2 : 1));
  }
}

describe('threads in headless Chromium, cross-origin isolated (COOP/COEP)', () => {
  let tab: Awaited<ReturnType<typeof openPage>>;
  beforeAll(async () => {
    tab = await openPage(ISOLATION_HEADERS);
  }, 30_000);
  afterAll(async () => {
    await tab?.close();
  });

  it('main thread: runAsync and the synchronous run give one thread’s bits on 2 and 3 threads', async () => {
    const seed = BASE_SEED;
    const report = await tab.page.evaluate<SuiteReport>(
      `import('/test/browser/page/threads.js').then((m) => m.threads({ seed: ${seed}, count: ${LAYERS}, threads: [2, 3], sync: true }))`,
    );
    expectSameBits(report, 'main thread', seed, true);
    expect(tab.problems).toEqual([]);
  }, 120_000);

  it('a web worker: an engine made there gives one thread’s bits on 2 and 3 threads', async () => {
    const seed = BASE_SEED + 1;
    const report = await tab.page.evaluate<SuiteReport>(
      `import('/test/browser/page/threads.js').then((m) => m.inWorker('threads', { seed: ${seed}, count: ${LAYERS}, threads: [2, 3], sync: true }))`,
    );
    expectSameBits(report, 'web worker', seed, true);
    expect(tab.problems).toEqual([]);
  }, 120_000);

  it('start-up of a 2-thread engine (createEngine until its workers are ready), main thread and web worker', async () => {
    const main = await tab.page.evaluate<Startup>(`import('/test/browser/page/threads.js').then((m) => m.startup())`);
    const worker = await tab.page.evaluate<Startup>(`import('/test/browser/page/threads.js').then((m) => m.inWorker('startup'))`);
    for (const [where, s] of [['main thread', main], ['web worker', worker]] as const) {
      console.log(`Chromium ${where}: createEngine({ threads: 2 }) ready in ${s.async.median.toFixed(1)} ms (p25–p75 ${s.async.p25.toFixed(1)}–${s.async.p75.toFixed(1)}, 9 starts)`);
    }
    expect(tab.problems).toEqual([]);
  }, 60_000);
});

describe('threads in headless Chromium, workers refused', () => {
  it("a Content-Security-Policy without blob: workers: createEngine rejects saying the threads could not start", async () => {
    const tab = await openPage({ ...ISOLATION_HEADERS, 'content-security-policy': "worker-src 'self'" });
    try {
      const message = await tab.page.evaluate<string>(`import('/test/browser/page/threads.js').then((m) => m.blocked())`);
      console.log(`Chromium, CSP worker-src 'self': ${message}`);
      expect(message).toMatch(/^createEngine: could not start the engine's threads: (web workers: .*Content Security Policy.*|a web worker failed: .+)$/);
    } finally {
      await tab.close();
    }
  }, 60_000);
});

describe('threads in headless Chromium, not cross-origin isolated', () => {
  it("threads: 2 rejects naming the headers; 'auto' gives one thread", async () => {
    const tab = await openPage({});
    try {
      const report = await tab.page.evaluate<{ crossOriginIsolated: boolean; explicit: string; auto: number }>(`import('/test/browser/page/threads.js').then((m) => m.refused())`);
      expect(report.crossOriginIsolated).toBe(false);
      expect(report.explicit).toBe(
        "createEngine: threads is 2, but this page is not cross-origin isolated (crossOriginIsolated is false), so it has no SharedArrayBuffer to share memory with workers: serve the page with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp (or credentialless), or with Document-Isolation-Policy: isolate-and-require-corp; threads: 1 or 'auto' run on one thread here",
      );
      expect(report.auto).toBe(1);
      expect(tab.problems).toEqual([]);
    } finally {
      await tab.close();
    }
  }, 60_000);
});
