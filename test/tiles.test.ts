// The kernels' contract for threads (docs/architecture.md, "Prologue and tasks"): after the
// prologue, the tiles of a grid may be split into any ranges, run in any order, and the output
// is bit-identical to one run over [0, tiles). Threads are simulated here on one thread: a
// random partition in random order, each task's scratch filled with NaN before it runs.
// Replay with SIMDCONV_SEED=<seed>.
import { describe, expect, it } from 'vitest';
import type { Engine, Tensor } from '../src/index.js';
import { withTileSchedule, type TileSchedule } from '../src/engine/tiles.js';
import { randomConv1dCase } from './helpers/conv1d-cases.js';
import { randomConvCase } from './helpers/conv-cases.js';
import { wasmEngines } from './helpers/engines.js';
import { PATH_SHAPES } from './helpers/path-shapes.js';
import { randomPoolCase } from './helpers/pool-cases.js';
import { randomTensor, rng } from './helpers/random.js';
import { randomWinogradCase } from './helpers/winograd-cases.js';

const BASE_SEED = Number(process.env.SIMDCONV_SEED ?? Date.now() % 1_000_000);
const CASES = 150;
const engines = wasmEngines();
const PATHS = ['planes', 'depthwise-nhwc', 'nchw-direct', 'nchw-pointwise', 'nhwc', 'winograd', 'pool'];

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
    for (const path of PATHS) expect(seen.get(path) ?? 0, `${path} split runs (seed ${seed})`).toBeGreaterThanOrEqual(3);
  });
});
