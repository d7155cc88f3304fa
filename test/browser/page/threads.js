// The page side of test/browser/threads.test.ts, plain JS served as is: imported on a page's
// main thread, and started as a module web worker on this same file. The suites are
// test/runtimes/fixtures/threads-suite.mjs; simdconv is the built package, /dist/index.js.
import { refusedSuite, startupSuite, threadsSuite } from '/test/runtimes/fixtures/threads-suite.mjs';

const simdconv = () => import(new URL('/dist/index.js', self.location.href).href);

export const threads = async (options) => threadsSuite((await simdconv()).createEngine, options);
export const refused = async () => refusedSuite((await simdconv()).createEngine);
export const startup = async () => startupSuite((await simdconv()).createEngine);

/** createEngine({ threads: 2 })'s error, where the page's Content-Security-Policy refuses blob: workers. */
export async function blocked() {
  try {
    await (await simdconv()).createEngine({ backend: 'simd', threads: 2 });
    return 'no error';
  } catch (error) {
    return error.message;
  }
}

// Started as a web worker: run the suite named in the first message, post the report back.
if (typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope) {
  self.onmessage = async (event) => {
    try {
      const { suite, options } = event.data;
      self.postMessage({ report: await (suite === 'startup' ? startup() : threads(options)) });
    } catch (error) {
      self.postMessage({ error: `${error.message}\n${error.stack}` });
    }
  };
}

/** Runs a suite ('threads' with its options, or 'startup') in a module web worker started by this page. */
export function inWorker(suite, options) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(import.meta.url, { type: 'module' });
    worker.onmessage = (event) => {
      worker.terminate();
      if (event.data.error) reject(new Error(event.data.error));
      else resolve(event.data.report);
    };
    worker.onerror = (event) => reject(new Error(`the worker failed: ${event.message}`));
    worker.postMessage({ suite, options });
  });
}
