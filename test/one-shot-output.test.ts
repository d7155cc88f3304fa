// One-shot calls with an `output`: `conv2d(input, filter, options, output)` and its siblings fill
// the given tensor with exactly the values the call without it returns (bit for bit, on every
// backend), return that very tensor, and follow a layer's `run(input, output)` contract: the
// exact output shape, no overlap with the input, engine tensors written in place, and a
// rejected call leaves the output untouched.
import { describe, expect, it } from 'vitest';
import { avgPool2d, conv1d, conv2d, conv2dOutputShape, createEngineSync, maxPool2d, pool2dOutputShape, type Engine, type Tensor } from '../src/index.js';
import { randomConv1dCase } from './helpers/conv1d-cases.js';
import { randomConvCase } from './helpers/conv-cases.js';
import { wasmEngines } from './helpers/engines.js';
import { randomPoolCase } from './helpers/pool-cases.js';
import { rng } from './helpers/random.js';

const engines: [string, Engine][] = [...wasmEngines(), createEngineSync({ backend: 'js' })].map((engine) => [engine.backend, engine]);
const CASES = 40;

/** A plain output tensor of `shape`, filled with a sentinel so that an unwritten cell shows. */
function sentinel(shape: readonly number[]): Tensor {
  let size = 1;
  for (const dim of shape) size *= dim;
  return { data: new Float32Array(size).fill(-12345), shape };
}

function drawn<T>(rand: () => number, draw: (rand: () => number) => T | undefined): T {
  for (;;) {
    const value = draw(rand);
    if (value !== undefined) return value;
  }
}

describe.each(engines)('%s: one-shot calls into a given output', (_, engine) => {
  it('conv2d fills the output with the values it returns without one, and returns it', () => {
    for (let seed = 1; seed <= CASES; seed++) {
      const c = randomConvCase(seed);
      const expected = engine.conv2d(c.input, c.filter, c.options);
      const out = sentinel(conv2dOutputShape(c.input.shape, c.filter.shape, c.options));
      expect(engine.conv2d(c.input, c.filter, c.options, out), c.description).toBe(out);
      expect(out.data, c.description).toEqual(expected.data);
    }
  });

  it('conv1d likewise', () => {
    const rand = rng(11);
    for (let k = 0; k < CASES; k++) {
      const c = drawn(rand, randomConv1dCase);
      const expected = engine.conv1d(c.input, c.filter, c.options);
      const out = sentinel(expected.shape);
      expect(engine.conv1d(c.input, c.filter, c.options, out), c.description).toBe(out);
      expect(out.data, c.description).toEqual(expected.data);
    }
  });

  it('maxPool2d and avgPool2d likewise', () => {
    const rand = rng(12);
    for (let k = 0; k < CASES; k++) {
      const c = drawn(rand, randomPoolCase);
      const max = engine.maxPool2d(c.input, c.maxOptions);
      const maxOut = sentinel(pool2dOutputShape(c.input.shape, c.maxOptions));
      expect(engine.maxPool2d(c.input, c.maxOptions, maxOut), c.description).toBe(maxOut);
      expect(maxOut.data, c.description).toEqual(max.data);
      const avg = engine.avgPool2d(c.input, c.avgOptions);
      const avgOut = sentinel(avg.shape);
      expect(engine.avgPool2d(c.input, c.avgOptions, avgOut), c.description).toBe(avgOut);
      expect(avgOut.data, c.description).toEqual(avg.data);
    }
  });

  it("writes an engine tensor in place, and a view into a larger buffer only within the view", () => {
    const c = randomConvCase(7);
    const expected = engine.conv2d(c.input, c.filter, c.options);
    const resident = engine.tensor(expected.shape);
    expect(engine.conv2d(c.input, c.filter, c.options, resident)).toBe(resident);
    expect(resident.read()).toEqual(expected.data);
    resident.dispose();

    const n = expected.data.length;
    const buffer = new Float32Array(n + 8).fill(7);
    const view = { data: buffer.subarray(4, 4 + n), shape: expected.shape };
    engine.conv2d(c.input, c.filter, c.options, view);
    expect(view.data).toEqual(expected.data);
    expect([...buffer.subarray(0, 4), ...buffer.subarray(4 + n)]).toEqual(new Array(8).fill(7));
  });

  it('rejects a wrong shape, an overlap and a non-tensor output, leaving the output untouched', () => {
    const x = { data: new Float32Array(2 * 6 * 6).fill(1), shape: [1, 2, 6, 6] };
    const w = { data: new Float32Array(3 * 2 * 3 * 3).fill(1), shape: [3, 2, 3, 3] };
    const wrong = sentinel([1, 3, 6, 6]);
    expect(() => engine.conv2d(x, w, {}, wrong)).toThrow(
      new RangeError('conv2d: output must have shape [1, 3, 4, 4] for an input of shape [1, 2, 6, 6], got [1, 3, 6, 6]'),
    );
    expect(wrong.data.every((v) => v === -12345)).toBe(true);
    const same = { data: new Float32Array(2 * 6 * 6), shape: [1, 2, 6, 6] };
    expect(() => engine.maxPool2d(same, { windowDimensions: 1 }, same)).toThrow(
      new RangeError('maxPool2d: output overlaps the input (the same tensor, the same data, or overlapping views of one buffer); give a separate output'),
    );
    expect(() => engine.avgPool2d(x, {}, new Float32Array(2) as never)).toThrow(TypeError);
    expect(() => engine.conv1d({ data: new Float32Array(5), shape: [1, 1, 5] }, { data: new Float32Array(3), shape: [1, 1, 3] }, {}, sentinel([1, 1, 4]))).toThrow(
      'conv1d: output must have shape [1, 1, 3] for an input of shape [1, 1, 5], got [1, 1, 4]',
    );
    // The engine is still usable, and the next call is right.
    const good = sentinel([1, 3, 4, 4]);
    engine.conv2d(x, w, {}, good);
    expect(good.data.every((v) => v === 18)).toBe(true);
  });
});

describe('the top-level functions take the output too', () => {
  it('conv2d, conv1d, maxPool2d and avgPool2d on the default engine', () => {
    const x = { data: Float32Array.of(1, 2, 0, 0, 5, 3, 0, 4, 2, 1, 3, 1, 0, 2, 1, 2), shape: [1, 1, 4, 4] };
    const w = { data: Float32Array.of(1, 0, 0, -1), shape: [1, 1, 2, 2] };
    const out = sentinel([1, 1, 3, 3]);
    expect(conv2d(x, w, {}, out)).toBe(out);
    expect([...out.data]).toEqual([-2, 2, -4, 4, 0, -1, 0, 0, 1]);

    const signal = { data: Float32Array.of(1, 2, 0, -1, 3, 1), shape: [1, 1, 6] };
    const out1 = sentinel([1, 1, 4]);
    conv1d(signal, { data: Float32Array.of(2, -1, 1), shape: [1, 1, 3] }, undefined, out1);
    expect([...out1.data]).toEqual([0, 3, 4, -4]);

    const pooled = sentinel([1, 1, 2, 2]);
    maxPool2d(x, { windowDimensions: 2, strides: 2 }, pooled);
    expect([...pooled.data]).toEqual([5, 4, 2, 3]);
    const mean = sentinel([1, 1, 1, 1]);
    avgPool2d(x, {}, mean);
    expect([...mean.data]).toEqual([27 / 16]);
  });
});
