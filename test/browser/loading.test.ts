// How the built package finds and compiles its .wasm in a browser (headless Chromium): streamed
// when served as application/wasm, from bytes when a server sends another type, a caller's URL,
// and the errors a user sees when the file is missing or a fallback page answers in its place.
import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type Served } from '../../demo/serve.mjs';
import { ROOT } from './bundle.js';
import { launchChromium } from './chromium.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

interface Tab {
  readonly page: Page;
  readonly server: Served;
  /** Every .wasm response: URL, status and content type. */
  readonly wasm: { url: string; status: number; type: string }[];
  readonly errors: string[];
  run<T>(body: string): Promise<T>;
  close(): Promise<void>;
}

/**
 * A blank page on its own server. Before any script runs, `WebAssembly.compileStreaming` is
 * wrapped to count its calls (`window.streamed`), so a test can tell which path compiled.
 */
async function openTab(mime: Record<string, string> = {}): Promise<Tab> {
  const server = await serve({ root: ROOT, mime });
  const context = await browser.newContext();
  const page = await context.newPage();
  const wasm: Tab['wasm'] = [];
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r: Response) => {
    if (r.url().endsWith('.wasm')) wasm.push({ url: r.url(), status: r.status(), type: r.headers()['content-type'] ?? '' });
  });
  await page.addInitScript(`
    window.streamed = 0;
    const compileStreaming = WebAssembly.compileStreaming;
    WebAssembly.compileStreaming = (...args) => { window.streamed++; return compileStreaming(...args); };
  `);
  await page.goto(`${server.url}test/browser/page/loading.html`);
  return {
    page,
    server,
    wasm,
    errors,
    // A string, not a function: vitest would rewrite a function's import().
    run: async <T>(body: string) => (await page.evaluate(`(async () => { const simdconv = await import('/dist/index.js'); ${body} })()`)) as T,
    close: async () => {
      await context.close();
      await server.close();
    },
  };
}

const WORKED = `
  const y = engine.conv2d({ data: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), shape: [1, 1, 3, 3] },
                          { data: new Float32Array(4).fill(1), shape: [1, 1, 2, 2] });
  return { backend: engine.backend, result: Array.from(y.data), streamed: window.streamed };`;

describe('loading the .wasm in Chromium', () => {
  it('the top-level functions need `await ready()` first, and say so', async () => {
    const tab = await openTab();
    try {
      const message = await tab.run<string>(`try { simdconv.getEngine(); return 'no error'; } catch (e) { return e.message; }`);
      expect(message).toBe('simdconv: the WebAssembly module is not loaded yet; call `await ready()` once before the first convolution in this environment (browsers and workers fetch it asynchronously)');
    } finally {
      await tab.close();
    }
  });

  it('served as application/wasm: ready() picks relaxed-simd and compiles it while streaming', async () => {
    const tab = await openTab();
    try {
      const report = await tab.run<{ backend: string; result: number[]; streamed: number }>(`const engine = await simdconv.ready();${WORKED}`);
      expect(report).toEqual({ backend: 'relaxed-simd', result: [12, 16, 24, 28], streamed: 1 });
      expect(tab.wasm).toEqual([{ url: `${tab.server.url}dist/wasm/simdconv.relaxed-simd.wasm`, status: 200, type: 'application/wasm' }]);
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.close();
    }
  });

  it('served as application/octet-stream (a server that does not know .wasm): compiled from the bytes instead', async () => {
    const tab = await openTab({ '.wasm': 'application/octet-stream' });
    try {
      const report = await tab.run<{ backend: string; result: number[]; streamed: number }>(`const engine = await simdconv.ready();${WORKED}`);
      expect(report).toEqual({ backend: 'relaxed-simd', result: [12, 16, 24, 28], streamed: 0 });
      expect(tab.wasm.map((w) => w.type)).toEqual(['application/octet-stream']);
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.close();
    }
  });

  it("a caller's URL, relative to the page, and a record by backend", async () => {
    const tab = await openTab();
    try {
      const scalar = await tab.run<{ backend: string; result: number[] }>(`const engine = await simdconv.createEngine({ wasm: '/dist/wasm/simdconv.scalar.wasm' });${WORKED}`);
      expect(scalar).toMatchObject({ backend: 'scalar', result: [12, 16, 24, 28] });
      const picked = await tab.run<{ backend: string }>(
        `const engine = await simdconv.createEngine({ wasm: { simd: new URL('/dist/wasm/simdconv.simd.wasm', location.href), scalar: '/dist/wasm/simdconv.scalar.wasm' } });${WORKED}`,
      );
      expect(picked.backend).toBe('simd');
      expect(tab.wasm.map((w) => w.url.replace(tab.server.url, ''))).toEqual(['dist/wasm/simdconv.scalar.wasm', 'dist/wasm/simdconv.simd.wasm']);
    } finally {
      await tab.close();
    }
  });

  it('a missing .wasm names the URL it expected and the status', async () => {
    const tab = await openTab();
    try {
      const message = await tab.run<string>(`try { await simdconv.createEngine({ backend: 'simd', wasm: '/assets/simdconv.simd.wasm' }); return 'no error'; } catch (e) { return e.message; }`);
      expect(message).toBe(
        `simdconv: could not load the 'simd' WebAssembly build: expected it at ${tab.server.url}assets/simdconv.simd.wasm. ` +
          'If you bundle simdconv, its dist/wasm/*.wasm files must be served next to its JS; or pass the build yourself: createEngine({ wasm }). The server answered HTTP 404 Not Found.',
      );
    } finally {
      await tab.close();
    }
  });

  it("an app server's HTML fallback in place of the package's .wasm is named as such, never 'expected magic word'", async () => {
    const tab = await openTab();
    try {
      // What a single-page-app dev server does for a file it does not have: 200 and index.html.
      await tab.page.route('**/*.wasm', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><html><body>app</body></html>' }));
      const message = await tab.run<string>(`try { await simdconv.ready(); return 'no error'; } catch (e) { return e.message; }`);
      expect(message).toBe(
        `simdconv: could not load the 'relaxed-simd' WebAssembly build: expected it at ${tab.server.url}dist/wasm/simdconv.relaxed-simd.wasm (served as text/html). ` +
          'If you bundle simdconv, its dist/wasm/*.wasm files must be served next to its JS; or pass the build yourself: createEngine({ wasm }). ' +
          'Got 44 bytes starting with "<!doctype html><html><bo" (an HTML page: a server or dev-server fallback answering for a missing file), not the WebAssembly magic number \\0asm.',
      );
    } finally {
      await tab.close();
    }
  });

  it('in a module web worker: ready() fetches the build relative to the package, as on a page', async () => {
    const tab = await openTab();
    try {
      const report = await tab.run<{ backend: string; result: number[] }>(`
        const source = \`
          import { ready, conv2d } from '\${location.origin}/dist/index.js';
          const engine = await ready();
          const y = conv2d({ data: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), shape: [1, 1, 3, 3] },
                           { data: new Float32Array(4).fill(1), shape: [1, 1, 2, 2] });
          postMessage({ backend: engine.backend, result: Array.from(y.data) });\`;
        const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })), { type: 'module' });
        return await new Promise((resolve, reject) => {
          worker.onmessage = (event) => resolve(event.data);
          worker.onerror = (event) => reject(new Error(event.message));
        });`);
      expect(report).toEqual({ backend: 'relaxed-simd', result: [12, 16, 24, 28] });
      expect(tab.wasm).toEqual([{ url: `${tab.server.url}dist/wasm/simdconv.relaxed-simd.wasm`, status: 200, type: 'application/wasm' }]);
    } finally {
      await tab.close();
    }
  });

  it("a Content-Security-Policy without 'wasm-unsafe-eval' is named, with the fix", async () => {
    const tab = await openTab();
    try {
      // The same blank page, now under a policy that allows scripts from the site but not WebAssembly.
      await tab.page.route('**/loading.html', async (route) => {
        const response = await route.fetch();
        await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': "script-src 'self'" } });
      });
      await tab.page.reload();
      const message = await tab.run<string>(`try { await simdconv.ready(); return 'no error'; } catch (e) { return e.message; }`);
      expect(message).toMatch(/^simdconv: could not load the 'relaxed-simd' WebAssembly build: expected it at .*simdconv\.relaxed-simd\.wasm \(served as application\/wasm\)\. .*This JavaScript engine could not compile it: .*Content Security Policy.*\. The page's Content-Security-Policy forbids compiling WebAssembly: add 'wasm-unsafe-eval' to its script-src\.$/s);
    } finally {
      await tab.close();
    }
  });
});
