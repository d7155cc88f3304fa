// The kernels' contract for threads (docs/architecture.md, "Prologue and tasks"): after the
// prologue, the tiles of a grid may be split into any ranges, run in any order, and the output
// is bit-identical to one run over [0, tiles). Threads are simulated here on one thread: a
// random partition in random order, each task's scratch filled with NaN before it runs.
// Replay with SIMDCONV_SEED=<seed>.
import { describe, expect, it } from 'vitest';
import type { Engine, Tensor } from '../src/index.js';
import { withTileSchedule, type TileSchedule } from './helpers/tile-schedule.js';
import { randomConv1dCase } from './helpers/conv1d-cases.js';
import { randomConvCase } from './helpers/conv-cases.js';
import { wasmEngines } from './helpers/engines.js';
import { PATH_SHAPES, SEPARABLE_SHAPES } from './helpers/path-shapes.js';
import { indexedAsTensor } from './helpers/indexed-tensor.js';
import { randomPoolCase } from './helpers/pool-cases.js';
import { rankOneTensor, randomTensor, rng } from './helpers/random.js';
import { randomWinogradCase } from './helpers/winograd-cases.js';
import { tileRunner } from '../src/engine/tiles.js';
import { kernelsOf } from '../src/engine/kernels-of.js';
import { randomQConvCase } from './helpers/qconv-cases.js';

const BASE_SEED = Number(process.env.SIMDCONV_SEED ?? Date.now() % 1_000_000);
const CASES = 150;
const engines = wasmEngines();
// Every path's task, by export name: planes, separable, depthwise-nhwc, nchw-direct (and its prologue),
// nchw-pointwise, nhwc, winograd (and its prologue), and pooling.
const TASKS = ['convPlanes', 'convSeparable', 'depthwiseNhwc', 'convNchwDirect', 'convNchwDirectPrologue', 'convNchwPointwise', 'convNhwc', 'convWinograd', 'convWinogradPrologue', 'poolNhwc', 'maxPoolIndicesNhwc', 'lpPoolNhwc', 'preluTask', 'qconvPrologue', 'qconvDense', 'qconvDepthwise', 'qconvDepthwisePlanes', 'qconvWinogradInput', 'qconvWinogradOutput', 'qconvDotPrologue', 'qconvDenseDot'];

/** A random partition of [0, tiles) into ranges (some empty), in random order. */
function randomSchedule(rand: () => number, seen: Map<string, number>): TileSchedule {
  return (tiles, what) => {
    const cuts = [0, tiles];
    const extra = Math.floor(rand() * Math.min(tiles + 1, 12));
    for (let i = 0; i < extra; i++) cuts.push(Math.floor(rand() * (tiles + 1)));
    cuts.sort((a, b) => a - b);
    const ranges: [number, number][] = [];
    for (let i = 0; i + 1 < cuts.length; i++) ranges.push([cuts[i]!, cuts[i + 1]!]);
    for (let i = ranges.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [ranges[i], ranges[j]] = [ranges[j]!, ranges[i]!];
    }
    if (ranges.filter(([b, e]) => e > b).length > 1) seen.set(what, (seen.get(what) ?? 0) + 1);
    return ranges;
  };
}

const bits = (t: Tensor): Uint32Array => new Uint32Array(new Float32Array(t.data).buffer);

/** One run whole, one split by a random schedule: the same bits. */
function expectSameSplit(run: () => Tensor, rand: () => number, seen: Map<string, number>, what: string): void {
  const whole = run();
  const split = withTileSchedule(randomSchedule(rand, seen), run);
  expect(split.shape, what).toEqual(whole.shape);
  expect(bits(split), what).toEqual(bits(whole));
}

/** Every generator's cases on one engine; returns how often each path ran split in ≥ 2 ranges. */
function runAll(engine: Engine, seed: number): Map<string, number> {
  const rand = rng(seed);
  const seen = new Map<string, number>();
  for (const [inputShape, filterShape, options] of PATH_SHAPES) {
    const input = randomTensor(inputShape, rand);
    const filter = randomTensor(filterShape, rand);
    const what = `x${JSON.stringify(inputShape)} w${JSON.stringify(filterShape)} ${JSON.stringify(options)}`;
    for (let i = 0; i < 4; i++) expectSameSplit(() => engine.conv2d(input, filter, options), rand, seen, what);
  }
  // A per-channel PReLU: its own task after each path's (preluTask).
  for (const [inputShape, filterShape, options] of PATH_SHAPES) {
    const input = randomTensor(inputShape, rand);
    const filter = randomTensor(filterShape, rand);
    const slope = randomTensor([filterShape[0]!], rand).data;
    const o = { ...options, activation: { type: 'prelu' as const, slope } };
    expectSameSplit(() => engine.conv2d(input, filter, o), rand, seen, `prelu x${JSON.stringify(inputShape)} w${JSON.stringify(filterShape)} ${JSON.stringify(options)}`);
  }
  for (const [inputShape, [channels, kH, kW], options] of SEPARABLE_SHAPES) {
    const input = randomTensor(inputShape, rand);
    const filter = rankOneTensor(channels, kH, kW, rand);
    const what = `x${JSON.stringify(inputShape)} rank-1 w${JSON.stringify(filter.shape)} ${JSON.stringify(options)}`;
    for (let i = 0; i < 4; i++) expectSameSplit(() => engine.conv2d(input, filter, options), rand, seen, what);
  }
  for (let i = 0; i < CASES; i++) {
    const c = randomConvCase(seed + i);
    expectSameSplit(() => engine.conv2d(c.input, c.filter, c.options), rand, seen, c.description);
  }
  for (let i = 0; i < CASES / 3; i++) {
    for (const algorithm of ['winograd', 'winograd-4x4'] as const) {
      const c = randomWinogradCase(seed + i, algorithm);
      expectSameSplit(() => engine.conv2d(c.input, c.filter, c.options), rand, seen, c.description);
    }
  }
  for (let done = 0; done < CASES / 3; ) {
    const c = randomConv1dCase(rand);
    if (c === undefined) continue;
    done++;
    expectSameSplit(() => engine.conv1d(c.input, c.filter, c.options), rand, seen, c.description);
  }
  for (let done = 0; done < CASES / 3; ) {
    const c = randomPoolCase(rand);
    if (c === undefined) continue;
    done++;
    expectSameSplit(() => engine.maxPool2d(c.input, c.maxOptions), rand, seen, `max ${c.description}`);
    expectSameSplit(() => engine.avgPool2d(c.input, c.avgOptions), rand, seen, `avg ${c.description}`);
    expectSameSplit(() => engine.lpPool2d(c.input, c.maxOptions), rand, seen, `lp ${c.description}`);
    expectSameSplit(() => indexedAsTensor(engine.maxPool2dWithIndices(c.input, c.maxOptions)), rand, seen, `max with indices ${c.description}`);
  }
  // int8: every kernel, and the dot kernel forced on: its plain form on scalar and simd, its
  // instruction on relaxed-simd where the probe finds it exact (not under Node 20's V8 on some
  // CPUs, where the engine does not choose it either: test/qlinear-conv.test.ts).
  const asTensor = (t: { data: ArrayLike<number>; shape: readonly number[] }): Tensor => ({ data: Float32Array.from(t.data), shape: t.shape });
  for (let i = 0; i < CASES / 3; i++) {
    const c = randomQConvCase(rand, { maxSide: 14 });
    expectSameSplit(() => asTensor(engine.qlinearConv2d(c.input, c.filter, c.options)), rand, seen, `int8 ${c.description}`);
  }
  // Depthwise in both layouts (NCHW: a kernel of its own), 1×1 in NCHW and 3×3 stride 1 (Winograd: tasks of its own).
  for (let i = 0; i < CASES / 10; i++) {
    const c = randomQConvCase(rand, { maxSide: 20, depthwise: true, nchw: i % 2 === 0, unitStride: i % 2 === 0 });
    expectSameSplit(() => asTensor(engine.qlinearConv2d(c.input, c.filter, c.options)), rand, seen, `int8 depthwise ${c.description}`);
    const p = randomQConvCase(rand, { maxSide: 20, pointwise: true, nchw: true, unitStride: true });
    expectSameSplit(() => asTensor(engine.qlinearConv2d(p.input, p.filter, p.options)), rand, seen, `int8 1×1 ${p.description}`);
    const w = randomQConvCase(rand, { maxSide: 20, winograd: true }); // int8 Winograd's four tasks
    expectSameSplit(() => asTensor(engine.qlinearConv2d(w.input, w.filter, w.options)), rand, seen, `int8 Winograd ${w.description}`);
  }
  const dotRuns = kernelsOf(engine)!.exports.qdotKind() > 0 || engine.backend !== 'relaxed-simd';
  kernelsOf(engine)!.dotOverride = dotRuns;
  try {
    for (let i = 0; i < (dotRuns ? CASES / 10 : 0); i++) {
      const c = randomQConvCase(rand, { maxSide: 14, dotWeights: true });
      expectSameSplit(() => asTensor(engine.qlinearConv2d(c.input, c.filter, c.options)), rand, seen, `int8 dot ${c.description}`);
    }
  } finally {
    kernelsOf(engine)!.dotOverride = undefined;
  }
  return seen;
}

describe('tiles split into random ranges in random order give the bits of one whole run', () => {
  it.each(engines.map((e) => [e.backend, e] as const))('%s: every path', (backend, engine) => {
    const seed = BASE_SEED + 7919 * engines.findIndex((e) => e.backend === backend);
    let seen: Map<string, number>;
    try {
      seen = runAll(engine, seed);
    } catch (error) {
      throw new Error(`${backend}, seed ${seed}: ${(error as Error).message}`);
    }
    // Every path really ran in several ranges, several times.
    const dotRuns = kernelsOf(engine)!.exports.qdotKind() > 0 || engine.backend !== 'relaxed-simd';
    for (const task of TASKS) {
      if (!dotRuns && (task === 'qconvDotPrologue' || task === 'qconvDenseDot')) continue; // the probe said inexact: never chosen
      expect(seen.get(task) ?? 0, `${task} split runs (seed ${seed})`).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('Winograd cut into output-channel parts, as a threaded engine plans it', () => {
  // A threaded engine cuts a Winograd grid with few tiles into parts of the output channels
  // (src/engine/winograd-plan.ts): each part transforms its inputs again and multiplies only its
  // channels, in the same summation order, so the bits are those of one part. Planned here as
  // for 4 threads, then run split into random ranges on this one thread.
  it.each(engines.map((e) => [e.backend, e] as const))('%s', (backend, engine) => {
    const seed = BASE_SEED + 104_729 + 7919 * engines.findIndex((e) => e.backend === backend);
    const rand = rng(seed);
    const seen = new Map<string, number>();
    let cut = 0;
    for (let i = 0; i < CASES / 3; i++) {
      for (const algorithm of ['winograd', 'winograd-4x4'] as const) {
        const c = randomWinogradCase(seed + i, algorithm);
        const tilesOf = (threads: number): [Tensor, number] => {
          const threadsFor = tileRunner.threadsFor;
          tileRunner.threadsFor = () => threads;
          let tiles = 0;
          try {
            const layer = engine.createConv2d(c.filter, c.options);
            const schedule = randomSchedule(rand, seen);
            const out = withTileSchedule((n, what) => ((tiles = n), schedule(n, what)), () => layer.run(c.input));
            layer.dispose();
            return [out, tiles];
          } finally {
            tileRunner.threadsFor = threadsFor;
          }
        };
        const [one, tilesOne] = tilesOf(1);
        const [parts, tilesParts] = tilesOf(4);
        if (tilesParts > tilesOne) cut++;
        expect(bits(parts), `${c.description} (seed ${seed})`).toEqual(bits(one));
      }
    }
    // Many cases really were cut (about a third: those with more than one panel of output channels).
    expect(cut, `cases cut into parts (seed ${seed})`).toBeGreaterThanOrEqual(10);
  });
});

describe('the plan counts exactly the tiles of each kernel grid', () => {
  // Too few tiles would leave outputs unwritten (the tests above and the equivalence tests
  // would fail); too many would run tasks past the grid, writing outside the output. So the
  // first and the last tile must each write something: leaving either out leaves some output
  // as it was (NaN here). A Winograd grid with dilation may end in an empty tile (a phase with
  // fewer tiles than phase 0), so only undilated Winograd shapes are checked. The prologues run
  // whole here (a left-out block of padded rows would show stale rows, not NaN): a prologue grid
  // too large writes past the workspace (test/workspace-guard.test.ts), one too small leaves
  // rows unpadded, NaN in the random splits above (test/helpers/tile-schedule.ts).
  const engine = engines[0]!;
  const shapes = PATH_SHAPES.filter(([, , options]) => options.dilations === undefined || !String(options.algorithm ?? '').startsWith('winograd'));
  it.each(shapes.map((s) => [JSON.stringify(s), s] as const))('%s', (_, [inputShape, filterShape, options]) => {
    const rand = rng(5);
    const layer = engine.createConv2d(randomTensor(filterShape, rand), options);
    const input = engine.tensor(inputShape, randomTensor(inputShape, rand).data);
    const output = engine.tensor(layer.outputShape(inputShape));
    try {
      for (const leaveOut of ['first', 'last'] as const) {
        output.data.fill(Number.NaN);
        let tiles = 0;
        withTileSchedule((n, what) => {
          if (what.endsWith('Prologue')) return [[0, n]];
          tiles = n;
          return leaveOut === 'first' ? [[1, n]] : [[0, n - 1]];
        }, () => layer.run(input, output));
        expect(tiles).toBeGreaterThan(1);
        expect(output.data.some(Number.isNaN), `${leaveOut} tile of ${tiles} left out`).toBe(true);
      }
      output.data.fill(Number.NaN);
      layer.run(input, output);
      expect(output.data.some(Number.isNaN), 'whole run').toBe(false);
    } finally {
      layer.dispose();
      input.dispose();
      output.dispose();
    }
  });
  // NHWC only: an NCHW pooling's kernel writes a workspace that the transpose then copies out,
  // so a left-out tile would show the workspace's earlier contents, not the NaN put here.
  it('pooling', () => {
    const rand = rng(6);
    const shape = [2, 23, 17, 5];
    const layer = engine.createMaxPool2d({ windowDimensions: 3, strides: 2, padding: 1, inputLayout: 'nhwc' });
    const input = engine.tensor(shape, randomTensor(shape, rand).data);
    const output = engine.tensor(layer.outputShape(shape));
    try {
      for (const leaveOut of ['first', 'last'] as const) {
        output.data.fill(Number.NaN);
        let tiles = 0;
        withTileSchedule((n, what) => {
          if (what.endsWith('Prologue')) return [[0, n]];
          tiles = n;
          return leaveOut === 'first' ? [[1, n]] : [[0, n - 1]];
        }, () => layer.run(input, output));
        expect(tiles).toBeGreaterThan(1);
        expect(output.data.some(Number.isNaN), `${leaveOut} tile of ${tiles} left out`).toBe(true);
      }
    } finally {
      layer.dispose();
      input.dispose();
      output.dispose();
    }
  });
});
