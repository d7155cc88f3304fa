// layer.runAsync on threaded engines in Node (src/engine/run-queue.ts): the bits of run() on
// every layer kind, async runs of one engine queued in call order, a synchronous call while an
// async run's workers are still busy, and a worker dying during an async run (a rejection, not a
// hang). The browser's main thread, where runAsync matters, is test/browser/threads.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine, type Layer, type Tensor } from '../src/index.js';
import { kernelsOf } from '../src/engine/kernels-of.js';
import { tileRunner } from '../src/engine/tiles.js';
import { randomTensor, rng } from './helpers/random.js';

const BASE_SEED = Number(process.env.SIMDCONV_SEED ?? Date.now() % 1_000_000);
const bits = (t: Tensor): Uint32Array => new Uint32Array(new Float32Array(t.data).buffer);

/** Whether the engine's pool has an async run whose workers may still be busy. */
const pending = (engine: Engine): boolean => (kernelsOf(engine)!.pool as unknown as { pending?: unknown }).pending !== undefined;

describe('runAsync on threaded engines', () => {
  let one: Engine;
  let two: Engine;
  let three: Engine;
  let floor: number;
  beforeAll(async () => {
    floor = tileRunner.workFloor;
    tileRunner.workFloor = 0; // every run goes to the workers
    [one, two, three] = await Promise.all([createEngine({ backend: 'simd' }), createEngine({ backend: 'simd', threads: 2 }), createEngine({ backend: 'simd', threads: 3 })]);
  });
  afterAll(() => {
    tileRunner.workFloor = floor;
    two.dispose();
    three.dispose();
  });

  it('gives the bits of run() on every layer kind, on 1, 2 and 3 threads', async () => {
    const seed = BASE_SEED;
    const rand = rng(seed);
    const kinds: [string, (e: Engine) => Layer, number[]][] = [
      ['conv2d direct', (e) => e.createConv2d(w3, { padding: 'same', algorithm: 'direct' }), [1, 16, 20, 20]],
      ['conv2d winograd nhwc', (e) => e.createConv2d(w3hwio, { padding: 'same', inputLayout: 'nhwc', filterLayout: 'hwio', algorithm: 'winograd' }), [2, 20, 20, 16]],
      ['conv2d 1×1', (e) => e.createConv2d(w1, {}), [1, 16, 24, 24]],
      ['depthwise', (e) => e.createConv2d(wd, { groups: 16, padding: 'same' }), [1, 16, 24, 24]],
      ['conv1d', (e) => e.createConv1d(w1d, { padding: 'same' }), [1, 16, 300]],
      ['maxPool2d', (e) => e.createMaxPool2d({ windowDimensions: [3, 3], strides: 2 }), [1, 16, 25, 25]],
      ['avgPool2d', (e) => e.createAvgPool2d({ windowDimensions: [2, 2] }), [1, 16, 24, 24]],
    ];
    const w3 = randomTensor([16, 16, 3, 3], rand);
    const w3hwio = randomTensor([3, 3, 16, 16], rand);
    const w1 = randomTensor([16, 16, 1, 1], rand);
    const wd = randomTensor([16, 1, 3, 3], rand);
    const w1d = randomTensor([16, 16, 5], rand);
    for (const [kind, make, shape] of kinds) {
      const x = randomTensor(shape, rand);
      const expected = bits(make(one).run(x));
      for (const engine of [one, two, three]) {
        const layer = make(engine);
        expect(bits(await layer.runAsync(x)), `${kind}, ${engine.threads} threads, seed ${seed}`).toEqual(expected);
        expect(bits(layer.run(x)), `${kind}, ${engine.threads} threads (run)`).toEqual(expected);
        layer.dispose();
      }
    }
  });

  it('queues the async runs of one engine: many at once give each its own result', async () => {
    const rand = rng(BASE_SEED + 1);
    const w = randomTensor([8, 8, 3, 3], rand);
    const inputs = Array.from({ length: 8 }, () => randomTensor([1, 8, 32, 32], rand));
    const expected = inputs.map((x) => bits(one.createConv2d(w, { padding: 'same' }).run(x)));
    const layer = two.createConv2d(w, { padding: 'same' });
    const pool = two.createMaxPool2d({ windowDimensions: [2, 2], strides: 2 });
    const results = await Promise.all(inputs.flatMap((x) => [layer.runAsync(x), pool.runAsync(x)]));
    results.forEach((y, i) => {
      if (i % 2 === 0) expect(bits(y), `run ${i / 2}`).toEqual(expected[i / 2]);
      else expect(y.shape).toEqual([1, 8, 16, 16]);
    });
    layer.dispose();
  });

  it('a synchronous call while an async run waits for its workers: both get their own bits', async () => {
    const rand = rng(BASE_SEED + 2);
    // 340 M multiply-adds in few tiles here, so the worker's last one takes milliseconds.
    const big = randomTensor([1, 256, 24, 24], rand);
    const w = randomTensor([256, 256, 3, 3], rand);
    const small = randomTensor([1, 256, 4, 4], rand);
    const direct = { padding: 'same', algorithm: 'direct' } as const;
    const [bigExpected, smallExpected] = [big, small].map((x) => bits(one.conv2d(x, w, direct)));
    const layer = two.createConv2d(w, direct);
    const pool = kernelsOf(two)!.pool!;
    const runAsync = pool.runAsync.bind(pool);
    // Thread 0 computes its first chunk, then holds on until the worker has claimed every other
    // tile, so the run usually has to wait for the worker's last one. On a busy machine the worker
    // may finish first; each try checks the bits either way, and one of them must catch the wait.
    // 40 tries: with 10, a CI run with another test file busy on the second core (the worker and
    // the stand-in thread 0 sharing one core) caught none (2026-12-06).
    let caught = 0;
    for (let attempt = 0; attempt < 40 && caught === 0; attempt++) {
      pool.runAsync = (fn, task, args, scratch, stride, tiles) => {
        pool.runAsync = runAsync; // this run only
        let first = true;
        const standIn: typeof task = (a, s, b, e) => {
          task(a, s, b, e);
          if (first) for (const until = Date.now() + 5_000; pool.claimedTiles < tiles && Date.now() < until; );
          first = false;
        };
        pool.alias(standIn, task);
        return runAsync(fn, standIn, args, scratch, stride, tiles);
      };
      const running = layer.runAsync(big);
      let waited = 0;
      while (!pending(two) && waited++ < 100) await Promise.resolve(); // until thread 0 has done its share
      if (pending(two)) caught++;
      expect(bits(two.conv2d(small, w, direct)), `the synchronous call, attempt ${attempt}`).toEqual(smallExpected);
      expect(bits(await running), `the async run, attempt ${attempt}`).toEqual(bigExpected);
    }
    expect(caught, 'tries that caught the async run waiting for its worker').toBe(1);
    layer.dispose();
  });

  it('errors reject: a bad input, and a worker that dies during an async run (then a new engine works)', async () => {
    const rand = rng(BASE_SEED + 3);
    const w = randomTensor([8, 8, 3, 3], rand);
    const layer = two.createConv2d(w);
    await expect(layer.runAsync({ data: new Float32Array(10), shape: [1, 4, 2, 2] })).rejects.toThrow(/^conv2d: /);
    const engine = await createEngine({ backend: 'simd', threads: 2 });
    const x = randomTensor([1, 8, 32, 32], rand);
    const expected = bits(one.conv2d(x, w));
    const doomed = engine.createConv2d(w);
    expect(bits(await doomed.runAsync(x))).toEqual(expected);
    await kernelsOf(engine)!.pool!.workerHandles[0]!.terminate(); // as a crash would
    await new Promise((resolve) => setTimeout(resolve, 10)); // the exit event
    await expect(doomed.runAsync(x)).rejects.toThrow(/^conv2d: this engine can no longer run: a worker thread exited \(code 1\)\. Create a new engine$/);
    const fresh = await createEngine({ backend: 'simd', threads: 2 });
    expect(bits(await fresh.createConv2d(w).runAsync(x))).toEqual(expected);
    fresh.dispose();
    engine.dispose();
  });

  it('the js backend and one-thread engines give run()’s result as a promise', async () => {
    const rand = rng(BASE_SEED + 4);
    const w = randomTensor([4, 4, 3, 3], rand);
    const x = randomTensor([1, 4, 8, 8], rand);
    const js = await createEngine({ backend: 'js' });
    for (const engine of [js, one]) {
      const layer = engine.createConv2d(w);
      const pending = layer.runAsync(x);
      expect(pending).toBeInstanceOf(Promise);
      expect(await pending).toEqual(layer.run(x));
    }
  });
});
