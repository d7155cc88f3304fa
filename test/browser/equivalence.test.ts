// The built package in a browser: dist/ served from localhost (demo/serve.mjs), imported as
// '/dist/index.js' by a page in headless Chromium, which reports the backend it chose and runs
// a subset of the equivalence tests on every wasm build against the package's own reference.
// The page code (page/equivalence.ts) is bundled with the Node suite's helpers by bundle.ts;
// simdconv stays external. Needs `npm run build` first (npm test does it).
// Replay with SIMDCONV_SEED=<seed> npx vitest run test/browser; SIMDCONV_BROWSER_VERBOSE=1 also
// prints the case where each worst error/bound ratio was reached.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '../../demo/serve.mjs';
import { bundlePage, ROOT } from './bundle.js';
import { launchChromium } from './chromium.js';
import type { LoadReport, SuiteName, SuiteResult } from './page/equivalence.js';

const BASE_SEED = Number(process.env.SIMDCONV_SEED ?? Date.now() % 1_000_000);

/** Cases per suite (each runs on all three builds); seeds apart so the suites draw different convs. */
const SUITES: readonly (readonly [SuiteName, count: number, seedOffset: number])[] = [
  ['conv2d', 100, 0],
  ['winograd', 30, 0],
  ['layers', 16, 10_000],
  ['engine-tensors', 16, 20_000],
  ['conv1d', 30, 1],
  ['pooling', 40, 2],
  ['operators', 24, 3],
];

let browser: Browser | undefined;
let bundle = '';

beforeAll(async () => {
  for (const file of ['dist/index.js', 'dist/wasm/simdconv.relaxed-simd.wasm']) {
    if (!existsSync(resolve(ROOT, file))) throw new Error(`${file} is missing: run \`npm run build\` first (npm test does)`);
  }
  [bundle, browser] = await Promise.all([bundlePage('test/browser/page/equivalence.ts'), launchChromium()]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/** A page on its own server, with everything that went wrong in it collected. */
interface TestPage {
  readonly page: Page;
  /** Base URL of the server, with a trailing slash. */
  readonly url: string;
  /** Page errors, console errors, failed requests and HTTP errors, as they happened. */
  readonly problems: string[];
  /** Evaluates an expression in the page (a string: vitest would rewrite a function's `import()`). */
  evaluate<T>(expression: string): Promise<T>;
  close(): Promise<void>;
}

/**
 * Serves the repository root (`serveOptions` as demo/serve.mjs takes them, e.g. another MIME
 * type for .wasm), opens the test page in a fresh browser context and waits until the bundled
 * page code has loaded simdconv from '/dist/index.js' and installed `window.simdconvTest`.
 * Another server setup is one more test:
 *   const tab = await openPage({ mime: { '.wasm': 'application/octet-stream' } });
 *   try { … await tab.evaluate<T>('(async () => { const m = await import("/dist/index.js"); … })()') … }
 *   finally { await tab.close(); }
 */
async function openPage(serveOptions: Parameters<typeof serve>[0] = {}): Promise<TestPage> {
  if (!browser) throw new Error('Chromium did not start (see beforeAll)');
  const server = await serve({ root: ROOT, ...serveOptions });
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.stack ?? error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  const close = async () => {
    await context.close();
    await server.close();
  };
  const withProblems = (what: string, error: unknown) =>
    new Error(`${what}: ${error instanceof Error ? error.message : String(error)}${problems.length ? `\nin the page:\n${problems.join('\n')}` : ''}`);
  try {
    // The bundle lives in memory, not in the served tree: hand it to the page's script request.
    await page.route(`${server.url}test/browser/page/equivalence.js`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: bundle }),
    );
    await page.goto(`${server.url}test/browser/page/`);
    await page.waitForFunction('window.simdconvTest !== undefined || window.simdconvTestFailed !== undefined', undefined, { timeout: 15_000 });
    const failed = await page.evaluate('window.simdconvTestFailed');
    if (failed !== undefined) throw new Error(String(failed));
  } catch (error) {
    await close();
    throw withProblems('the test page did not start', error);
  }
  return {
    page,
    url: server.url,
    problems,
    close,
    async evaluate<T>(expression: string) {
      try {
        return (await page.evaluate(expression)) as T;
      } catch (error) {
        throw withProblems(`in the page, ${expression}`, error);
      }
    },
  };
}

describe('the built package in headless Chromium', () => {
  let tab: TestPage;
  beforeAll(async () => {
    tab = await openPage();
  }, 30_000);
  afterAll(async () => {
    await tab?.close();
  });

  it('loads from /dist/index.js and chooses relaxed-simd', async () => {
    const report = await tab.evaluate<LoadReport>('window.simdconvTest.load()');
    console.log(`browser: ${report.userAgent}\nbrowser: getEngine().backend = '${report.backend}' (the browser validates the shipped builds: ${JSON.stringify(report.validates)})`);
    // Chromium ≥ 114 has relaxed SIMD; the package must pick the fastest build the browser validates.
    expect(report.validates, `Chromium should validate all three shipped builds (${report.userAgent})`).toEqual({ 'relaxed-simd': true, simd: true, scalar: true });
    expect(report.backend, `expected the default engine on 'relaxed-simd' (validated by this Chromium), got '${report.backend}'`).toBe('relaxed-simd');
    expect(report.quickStart, 'README quick start through the top-level conv2d').toEqual({ data: [-2, 2, -4, 4, 0, -1, 0, 0, 1], shape: [1, 1, 3, 3] });
    expect(tab.problems, 'errors in the page').toEqual([]);
  });

  it.each(SUITES)('%s: every wasm build within tolerance of the reference (%i random cases)', async (suite, count, seedOffset) => {
    const seed = BASE_SEED + seedOffset;
    const result = await tab.evaluate<SuiteResult>(`window.simdconvTest.run(${JSON.stringify(suite)}, ${seed}, ${count})`);
    console.log(
      `browser ${suite}: seed ${seed}, ${result.ms.toFixed(0)} ms; ` +
        result.results.map((r) => `${r.backend} ${r.cases} cases (${r.checks} outputs), worst |y − ref| / bound ${r.worst.toPrecision(2)}${process.env.SIMDCONV_BROWSER_VERBOSE ? ` at ${r.worstAt}` : ''}`).join('; '),
    );
    expect(result.results.map((r) => r.requested)).toEqual(['relaxed-simd', 'simd', 'scalar']);
    for (const r of result.results) {
      expect(r.failed, `${suite} on ${r.requested}: ${r.failed} of ${count} cases failed (seed ${seed}); the first:\n${r.failures.join('\n')}\n`).toBe(0);
      expect(r.backend, `createEngine({ backend: '${r.requested}' }).backend`).toBe(r.requested);
      expect(r.cases, `${suite} on ${r.backend}: cases run`).toBe(count);
      expect(r.checks, `${suite} on ${r.backend}: outputs compared`).toBeGreaterThanOrEqual(count);
    }
    expect(tab.problems, 'errors in the page').toEqual([]);
  });
});
