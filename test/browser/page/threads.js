// The page side of test/browser/threads.test.ts, plain JS served as is: run on a page's main
// thread (imported) and inside a web worker (started as a module worker on this file). It only
// measures and returns JSON; the Node test asserts. simdconv is the built package, /dist/index.js.

const PACKAGE = new URL('/dist/index.js', self.location.href).href;

/** mulberry32, as test/helpers/random.ts. */
function rng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const tensor = (shape, rand) => ({ shape, data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => Math.round((rand() * 2 - 1) * 2 ** 23) / 2 ** 23) });
const pick = (rand, items) => items[Math.floor(rand() * items.length)];

/**
 * Random layers, every one above the engine's work floor (1 M multiply-adds or taps) so the
 * workers take part: dense 3×3 (direct or Winograd), 1×1, depthwise, grouped, strided, NHWC
 * and NCHW, conv1d, and max and average pooling.
 */
function randomLayers(seed, count) {
  const rand = rng(seed);
  const layers = [];
  for (let i = 0; i < count; i++) {
    const kind = pick(rand, ['dense', 'pointwise', 'depthwise', 'grouped', 'winograd', 'conv1d', 'max', 'avg']);
    const nhwc = rand() < 0.5;
    const size = 24 + Math.floor(rand() * 24);
    const c = 8 * (2 + Math.floor(rand() * 3));
    const image = (channels) => tensor(nhwc ? [1, size, size, channels] : [1, channels, size, size], rand);
    const layout = nhwc ? { inputLayout: 'nhwc', filterLayout: 'hwio' } : {};
    const filter = (o, i, k) => tensor(nhwc ? [k, k, i, o] : [o, i, k, k], rand);
    let layer;
    if (kind === 'dense') layer = { input: image(c), filter: filter(c, c, 3), options: { ...layout, padding: 'same', strides: pick(rand, [1, 2]), algorithm: 'direct', activation: 'relu' } };
    else if (kind === 'winograd') layer = { input: image(c), filter: filter(c, c, 3), options: { ...layout, padding: 'same', algorithm: pick(rand, ['winograd', 'winograd-4x4']) } };
    else if (kind === 'pointwise') layer = { input: image(4 * c), filter: filter(4 * c, 4 * c, 1), options: layout };
    else if (kind === 'depthwise') layer = { input: image(4 * c), filter: filter(4 * c, 1, 3), options: { ...layout, groups: 4 * c, padding: 'same' } };
    else if (kind === 'grouped') layer = { input: image(2 * c), filter: filter(2 * c, c, 3), options: { ...layout, groups: 2, padding: 'valid' } };
    else if (kind === 'conv1d') layer = { conv1d: true, input: tensor([1, 2 * c, 40 * size], rand), filter: tensor([2 * c, 2 * c, 5], rand), options: { padding: 'same' } };
    else layer = { pool: kind, input: image(4 * c), options: { ...(nhwc ? { inputLayout: 'nhwc' } : {}), windowDimensions: [3, 3], strides: 1, padding: 'same' } };
    layers.push({ kind: `${kind}${nhwc ? ' nhwc' : ''}`, ...layer });
  }
  return layers;
}

const make = (engine, l) => (l.pool === 'max' ? engine.createMaxPool2d(l.options) : l.pool === 'avg' ? engine.createAvgPool2d(l.options) : l.conv1d ? engine.createConv1d(l.filter, l.options) : engine.createConv2d(l.filter, l.options));
const sameBits = (a, b) => {
  const x = new Uint32Array(new Float32Array(a.data).buffer);
  const y = new Uint32Array(new Float32Array(b.data).buffer);
  return x.length === y.length && x.every((v, i) => v === y[i]);
};
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Creates a one-thread engine and one per entry of `threads`; runs `count` random layers on each
 * with runAsync (and with the synchronous run where `sync`), and reports which differ from the
 * one-thread bits, plus how long each threaded engine took to start (createEngine until its
 * workers are ready) and, on the largest layer, the median times of run and runAsync.
 */
export async function threadsSuite({ seed, count, threads, sync }) {
  const { createEngine } = await import(PACKAGE);
  const one = await createEngine({ backend: 'simd' });
  const report = { crossOriginIsolated: self.crossOriginIsolated, engines: [] };
  const layers = randomLayers(seed, count);
  const expected = layers.map((l) => make(one, l).run(l.input));
  for (const n of threads) {
    const started = performance.now();
    const engine = await createEngine({ backend: 'simd', threads: n });
    const startMs = performance.now() - started;
    const result = { threads: engine.threads, startMs, runs: 0, differ: [], errors: [] };
    for (const [i, l] of layers.entries()) {
      const layer = make(engine, l);
      for (const mode of sync ? ['runAsync', 'run'] : ['runAsync']) {
        try {
          const y = mode === 'run' ? layer.run(l.input) : await layer.runAsync(l.input);
          result.runs++;
          if (!sameBits(y, expected[i])) result.differ.push(`${mode} ${l.kind} ${JSON.stringify(l.input.shape)}`);
        } catch (error) {
          result.errors.push(`${mode} ${l.kind}: ${error.message}`);
        }
      }
      layer.dispose();
    }
    // Timing on one large dense layer (340 M multiply-adds), run and runAsync interleaved (logged,
    // never asserted). On a 32 → 32 64² layer (38 M) this 2-core VM's Chromium often ran the
    // whole run on one thread: its other processes took the second core for milliseconds.
    const w = tensor([64, 64, 3, 3], rng(seed + 1));
    const x = tensor([1, 64, 96, 96], rng(seed + 2));
    const big = engine.createConv2d(w, { padding: 'same', algorithm: 'direct' });
    const bigOne = one.createConv2d(w, { padding: 'same', algorithm: 'direct' });
    const times = { one: [], run: [], runAsync: [] };
    for (let r = 0; r < 15; r++) {
      let t = performance.now();
      bigOne.run(x);
      times.one.push(performance.now() - t);
      if (sync) {
        t = performance.now();
        big.run(x);
        times.run.push(performance.now() - t);
      }
      t = performance.now();
      await big.runAsync(x);
      times.runAsync.push(performance.now() - t);
    }
    result.bigMs = { one: median(times.one), run: sync ? median(times.run) : undefined, runAsync: median(times.runAsync) };
    engine.dispose();
    report.engines.push(result);
  }
  return report;
}

/** What asking for threads gives where the page is not cross-origin isolated. */
export async function refusedSuite() {
  const { createEngine } = await import(PACKAGE);
  const report = { crossOriginIsolated: self.crossOriginIsolated };
  try {
    await createEngine({ backend: 'simd', threads: 2 });
    report.explicit = 'no error';
  } catch (error) {
    report.explicit = error.message;
  }
  report.auto = (await createEngine({ backend: 'simd', threads: 'auto' })).threads;
  return report;
}

// Started as a web worker: run the suite named in the first message, post the report back.
if (typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope) {
  self.onmessage = async (event) => {
    try {
      self.postMessage({ report: await threadsSuite(event.data) });
    } catch (error) {
      self.postMessage({ error: `${error.message}\n${error.stack}` });
    }
  };
}

/** Runs threadsSuite in a module web worker started by this page. */
export function inWorker(options) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(import.meta.url, { type: 'module' });
    worker.onmessage = (event) => {
      worker.terminate();
      if (event.data.error) reject(new Error(event.data.error));
      else resolve(event.data.report);
    };
    worker.onerror = (event) => reject(new Error(`the worker failed: ${event.message}`));
    worker.postMessage(options);
  });
}
