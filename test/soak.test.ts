// Soak (issue "Robustness", part 3): many calls of mixed shapes and options keep wasm memory
// bounded with correct results; thousands of layers and engine tensors created and disposed
// leak nothing; two engines, and two worker threads, can be used at once.
//
// Budget (this file: ~17 s alone on the 2-core test machine): every wasm build gets the full
// 10 000 mixed calls, because the calls are cheap: the random suites' small shapes (at most
// 100k multiply-adds per conv2d; test/helpers/soak-units.ts) plus a few large calls cost
// ~0.15 ms a call on simd, ~0.4 ms on scalar. What would not fit is a reference per call, so
// the ~250 distinct calls repeat: each reference result is computed once, shared by the three
// builds, and every call is still checked (the first of each against the reference, the rest
// bit for bit against that first result, plus every 10th and every call after an error against
// the reference again). SIMDCONV_SEED replays a run; SIMDCONV_SOAK_CALLS sets the number of
// calls (and of layers and tensors) for a longer soak. The worker tests run the built package
// (dist/, which `npm test` builds first).
import { describe, expect, it } from 'vitest';
import { memoryStatsOf } from '../src/engine/engine.js';
import { createEngineSync, reference, type Engine, type EngineTensor, type Layer, type Tensor } from '../src/index.js';
import { randomConv1dCase } from './helpers/conv1d-cases.js';
import { wasmEngines } from './helpers/engines.js';
import { expectedConv2d } from './helpers/expected.js';
import { randomPoolCase } from './helpers/pool-cases.js';
import { randomTensor, rng } from './helpers/random.js';
import { churnLayers, churnTensors, layerSpecs, PERIOD, tensorSpecs, type ChurnReport } from './helpers/soak-churn.js';
import { checkExpected, makeLayers, runMix, type MixReport } from './helpers/soak-mix.js';
import { firstBitDifference, invalidUnits, largeUnits, ordinaryUnits, smallConvCases, snapshotInputs, type Expectation, type Unit } from './helpers/soak-units.js';
import { runWorkers, type WorkerOp } from './helpers/soak-workers.js';

const SEED = Number(process.env.SIMDCONV_SEED ?? Date.now() % 1_000_000);
const CALLS = Number(process.env.SIMDCONV_SOAK_CALLS ?? 10_000);
/** Whole periods of PERIOD objects, about CALLS of them. */
const OBJECTS = Math.max(PERIOD, Math.round(CALLS / PERIOD) * PERIOD);
const BACKENDS = wasmEngines().map((e) => e.backend);

/** The soak engines' memory limit, and a padding whose call needs more (a 1×1 image padded to 4201²: 70.6 MB out). */
const MAX_MEMORY = 64 * 2 ** 20;
const TOO_BIG_PADDING = 2100;

const MB = (bytes: number) => `${(bytes / 2 ** 20).toFixed(2)} MiB`;

/** The mix: ~250 units, shared by every build so that each reference result is computed once. */
const units: Unit[] = [...ordinaryUnits(SEED), ...largeUnits(SEED), ...invalidUnits(SEED, TOO_BIG_PADDING)];
const inputsUnchanged = snapshotInputs(units);

function describeMix(r: MixReport): string {
  const kinds = Object.entries(r.callsByKind).map(([kind, n]) => `${kind} ${n}`).join(', ');
  return (
    `soak mix, seed ${SEED}, ${r.backend}: ${r.calls} calls in ${r.rounds} rounds of ${units.length} units (${kinds}); ` +
    `${r.referenceChecks} checked against the reference, the others bit for bit; ${r.ms.toFixed(0)} ms (${((1000 * r.ms) / r.calls).toFixed(0)} µs a call). ` +
    `memoryBytes ${MB(r.initial.memoryBytes)} at creation → ${MB(r.warm.memoryBytes)} after the warm-up, the peak (${MB(r.final.memoryBytes)} at the end); ` +
    `peakLiveBytes ${MB(r.final.peakLiveBytes)}; largestBlockBytes ${MB(r.final.largestBlockBytes)}, the largest single call's need, by ${r.largestBlockUnit}; ` +
    `layers hold ${MB(r.baselineLiveBytes)} between calls`
  );
}

describe('soak: 10 000 mixed calls per build', () => {
  it.each(BACKENDS)('%s: memory stops growing after the warm-up, live bytes return to the baseline after every call, every result is right', (backend) => {
    const engine = createEngineSync({ backend, maxMemoryBytes: MAX_MEMORY });
    const report = runMix(engine, units, CALLS, SEED, `soak seed ${SEED}, ${backend}`);
    console.log(describeMix(report));
    expect(report.calls).toBe(CALLS);
    expect(report.final.memoryBytes).toBe(report.warm.memoryBytes);
    expect(report.final.memoryBytes).toBeLessThanOrEqual(MAX_MEMORY);
    expect(report.final.liveBytes).toBe(report.initial.liveBytes);
    expect(inputsUnchanged(), `seed ${SEED}, ${backend}`).toBeUndefined();
  });
});

function describeChurn(what: string, backend: string, r: ChurnReport): string {
  return (
    `soak churn, seed ${SEED}, ${backend}: ${r.created} ${what} created and disposed (${r.runs} used), ${r.ms.toFixed(0)} ms; ` +
    `memoryBytes ${MB(r.initial.memoryBytes)} → ${MB(r.firstPeriod.memoryBytes)} after the first ${PERIOD}, ${MB(r.final.memoryBytes)} at the end; ` +
    `peakLiveBytes ${MB(r.final.peakLiveBytes)}, largestBlockBytes ${MB(r.final.largestBlockBytes)}; live bytes ${r.final.liveBytes} at the end`
  );
}

describe('soak: 10 000 layers and 10 000 engine tensors created and disposed', () => {
  const layers = layerSpecs(SEED);
  const tensors = tensorSpecs(SEED);

  it.each(BACKENDS)('%s: layers (conv2d, conv1d, pooling; some run, plain or on engine tensors) leak nothing, and a disposed one throws', (backend) => {
    const engine = createEngineSync({ backend });
    const report = churnLayers(engine, layers, OBJECTS, SEED, `soak seed ${SEED}, ${backend}, layers`);
    console.log(describeChurn('layers', backend, report));
    expect(report.final.liveBytes).toBe(report.initial.liveBytes);
    expect(report.final.memoryBytes).toBe(report.firstPeriod.memoryBytes);
  });

  it.each(BACKENDS)('%s: engine tensors hold their values (zeros when made empty, in reused blocks too), leak nothing, and a disposed one throws', (backend) => {
    const engine = createEngineSync({ backend });
    const report = churnTensors(engine, tensors, OBJECTS, SEED, `soak seed ${SEED}, ${backend}, tensors`);
    console.log(describeChurn('engine tensors', backend, report));
    expect(report.final.liveBytes).toBe(report.initial.liveBytes);
    expect(report.final.memoryBytes).toBe(report.firstPeriod.memoryBytes);
  });
});

/** Runs a unit on an engine: its result, or the error's class and message for an invalid one. */
function outcome(unit: Unit, engine: Engine, layer: Layer | undefined): Tensor | string {
  if (unit.kind !== 'invalid') return unit.run(engine, layer);
  try {
    unit.run(engine, layer);
  } catch (error) {
    return `${(error as Error).constructor.name}: ${(error as Error).message}`;
  }
  return 'no error';
}

function sameOutcome(a: Tensor | string, b: Tensor | string): string | undefined {
  if (typeof a === 'string' || typeof b === 'string') return a === b ? undefined : `${String(b)} instead of ${String(a)}`;
  if (JSON.stringify(a.shape) !== JSON.stringify(b.shape)) return `shape ${JSON.stringify(b.shape)} instead of ${JSON.stringify(a.shape)}`;
  const k = firstBitDifference(b.data, a.data);
  return k < 0 ? undefined : `index ${k} is ${b.data[k]}, alone it was ${a.data[k]}`;
}

describe('two engines at once', () => {
  // Every 4th ordinary unit, the large Winograd call, and the invalid calls.
  const subset = units.filter((u, i) => (u.kind !== 'large' && u.kind !== 'invalid' && i % 4 === 0) || u.id === 'large#winograd' || u.kind === 'invalid');
  const engineBackends: Engine['backend'][] = ['simd', 'simd', 'scalar', ...BACKENDS.filter((b) => b === 'relaxed-simd')];

  it('interleaved calls (same build and other builds) give what each engine gives alone, bit for bit', () => {
    // Alone: one engine per build, the units in order.
    const alone = new Map<string, Map<string, Tensor | string>>();
    for (const backend of new Set(engineBackends)) {
      const engine = createEngineSync({ backend, maxMemoryBytes: MAX_MEMORY });
      const layers = makeLayers(engine, subset);
      alone.set(backend, new Map(subset.map((u) => [u.id, outcome(u, engine, layers.get(u.makeLayer))] as const)));
    }
    // Together: every engine's layers alive at once; call i runs on each engine in turn, each
    // engine going through the units in its own rotated order.
    const engines = engineBackends.map((backend) => createEngineSync({ backend, maxMemoryBytes: MAX_MEMORY }));
    const layers = engines.map((engine) => makeLayers(engine, subset));
    for (let i = 0; i < subset.length; i++) {
      engines.forEach((engine, e) => {
        const unit = subset[(i + 17 * e) % subset.length]!;
        const got = outcome(unit, engine, layers[e]!.get(unit.makeLayer));
        const problem = sameOutcome(alone.get(engine.backend)!.get(unit.id)!, got);
        if (problem !== undefined) throw new Error(`seed ${SEED}, engine ${e} (${engine.backend}) of ${engineBackends.join(', ')}, call ${i}, ${unit.id}: ${unit.description}: ${problem}`);
      });
    }
    for (const engineLayers of layers) for (const layer of engineLayers.values()) layer.dispose();
    for (const engine of engines) expect(memoryStatsOf(engine)!.liveBytes).toBe(0);
    // And each build's result is right: the alone results against the reference.
    for (const [backend, results] of alone) {
      for (const unit of subset) {
        if (unit.kind === 'invalid') continue;
        try {
          checkExpected(results.get(unit.id) as Tensor, unit.expected());
        } catch (error) {
          throw new Error(`seed ${SEED}, ${backend}, ${unit.id}: ${unit.description}: ${(error as Error).message}`);
        }
      }
    }
    expect(inputsUnchanged(), `seed ${SEED}`).toBeUndefined();
  });

  it("disposing in one engine, or growing its memory, leaves the other's layers, tensors and views alone", () => {
    const [c] = smallConvCases(SEED + 300_000, 1);
    const where = `seed ${SEED}, ${c!.description}`;
    const [a, b, s] = [createEngineSync({ backend: 'simd' }), createEngineSync({ backend: 'simd' }), createEngineSync({ backend: 'scalar' })];
    const make = (engine: Engine) => {
      const layer = engine.createConv2d(c!.filter, c!.options);
      const x = engine.tensor(c!.input.shape, c!.input.data);
      return { layer, x, y: engine.tensor(layer.outputShape(c!.input.shape)) };
    };
    const [inA, inB, inS] = [make(a), make(b), make(s)];
    const run = (k: { layer: Layer; x: EngineTensor; y: EngineTensor }) => (k.layer.run(k.x, k.y), k.y.read());
    const first = { a: run(inA), b: run(inB), s: run(inS) };
    expect(firstBitDifference(first.a, first.b), where).toBe(-1); // same build, same bits
    const expected = expectedConv2d(c!.input, c!.filter, c!.options);
    for (const result of [first.a, first.s]) checkExpected({ data: result, shape: inA.y.shape }, expected);

    const statsB = memoryStatsOf(b)!;
    const heldB = inB.x.data; // a view of b's memory, kept across a's growth
    inA.layer.dispose();
    inA.x.dispose();
    expect(() => inA.layer.run(c!.input)).toThrow(/disposed/);
    expect(() => inA.x.read()).toThrow(/was disposed/);
    const big = a.tensor([16, 1024, 1024]); // 64 MiB: a's memory grows, b's does not move
    expect(memoryStatsOf(a)!.memoryBytes).toBeGreaterThan(64 * 2 ** 20);
    expect(memoryStatsOf(b)).toEqual(statsB);
    expect(heldB.length, where).toBe(c!.input.data.length);
    expect(firstBitDifference(heldB, c!.input.data), where).toBe(-1);
    expect(firstBitDifference(run(inB), first.b), where).toBe(-1);
    expect(firstBitDifference(run(inS), first.s), where).toBe(-1);
    // The other way round: b disposes everything, a's new layer is unaffected.
    for (const t of [inB.layer, inB.x, inB.y]) t.dispose();
    expect(memoryStatsOf(b)!.liveBytes).toBe(0);
    const again = make(a);
    expect(firstBitDifference(run(again), first.a), where).toBe(-1);
    for (const t of [again.layer, again.x, again.y, inA.y, big, inS.layer, inS.x, inS.y]) t.dispose();
    expect(memoryStatsOf(a)!.liveBytes).toBe(0);
  });
});

describe('two worker threads', () => {
  // Operations for the workers: random conv2d (one-shot, prepacked on engine tensors, and the
  // worker's default engine), conv1d and pooling, plus five on one input in a SharedArrayBuffer
  // that both workers read at the same time (each engine copies it in; nobody writes it).
  const rand = rng(SEED ^ 0x3012);
  const ops: { op: WorkerOp; description: string; expected: () => Expectation }[] = [];
  const convKinds = ['conv2d', 'conv2d-layer', 'top-level-conv2d'] as const;
  for (const [i, c] of smallConvCases(SEED + 200_000, 36).entries()) {
    ops.push({ op: { kind: convKinds[i % 3]!, input: c.input, filter: c.filter, options: c.options }, description: `${convKinds[i % 3]} ${c.description}`, expected: () => expectedConv2d(c.input, c.filter, c.options) });
  }
  for (let i = 0; i < 12; i++) {
    const c = randomConv1dCase(rand);
    if (c) ops.push({ op: { kind: 'conv1d', input: c.input, filter: c.filter, options: c.options }, description: c.description, expected: () => ({ output: c.output, bound: c.bound }) });
    const p = randomPoolCase(rand);
    if (p && i % 2 === 0) ops.push({ op: { kind: 'maxPool2d', input: p.input, options: p.maxOptions }, description: `maxPool2d ${p.description}`, expected: () => ({ output: p.max, bound: undefined }) });
    if (p && i % 2 === 1) ops.push({ op: { kind: 'avgPool2d', input: p.input, options: p.avgOptions }, description: `avgPool2d ${p.description}`, expected: () => ({ output: p.avg, bound: p.avgBound }) });
  }
  const sharedData = new Float32Array(new SharedArrayBuffer(4 * 8 * 64 * 64));
  sharedData.set(randomTensor([1, 8, 64, 64], rand).data);
  const shared: Tensor = { data: sharedData, shape: [1, 8, 64, 64] };
  const sharedCopy = sharedData.slice();
  const w = randomTensor([16, 8, 3, 3], rand);
  const dw = randomTensor([8, 1, 5, 5], rand);
  for (const [kind, filter, options] of [
    ['conv2d', w, { padding: 1, activation: 'relu' }],
    ['conv2d-layer', w, { strides: 2, padding: 'same' }],
    ['conv2d', dw, { groups: 8, padding: 2 }],
  ] as const) {
    ops.push({ op: { kind, input: shared, filter, options }, description: `${kind} on the shared input, w${JSON.stringify(filter.shape)} ${JSON.stringify(options)}`, expected: () => expectedConv2d(shared, filter, options) });
  }
  ops.push({ op: { kind: 'maxPool2d', input: shared, options: { windowDimensions: 3, strides: 2 } }, description: 'maxPool2d on the shared input', expected: () => ({ output: reference.maxPool2d(shared, { windowDimensions: 3, strides: 2 }), bound: undefined }) });
  ops.push({ op: { kind: 'avgPool2d', input: shared, options: { windowDimensions: 2 } }, description: 'avgPool2d on the shared input', expected: () => ({ output: reference.avgPool2d(shared, { windowDimensions: 2 }), bound: reference.avgPool2d({ data: sharedData.map(Math.abs), shape: shared.shape }, { windowDimensions: 2 }).data }) });

  const check = (result: Tensor, i: number, who: string) => {
    try {
      checkExpected(result, ops[i]!.expected());
    } catch (error) {
      throw new Error(`seed ${SEED}, ${who}, op ${i}: ${ops[i]!.description}: ${(error as Error).message}`);
    }
  };

  it('two workers on the simd build, at the same time, on the built package: right results, the same bits in both, the shared input untouched', async () => {
    const expected = ops.map((o) => o.expected()); // computed before the workers start, not competing with them
    expect(expected.length).toBe(ops.length);
    const passes = 20; // about half a second of work per worker: long enough to see whether they overlap
    const order = ops.map((_, i) => i);
    const reversed = order.slice().reverse();
    const [w0, w1] = await runWorkers(
      [
        { backend: 'simd', ops: order.map((i) => ops[i]!.op), passes },
        { backend: 'simd', ops: reversed.map((i) => ops[i]!.op), passes },
      ],
      `soak seed ${SEED}`,
    );
    for (const [w, run, indices] of [[0, w0!, order], [1, w1!, reversed]] as const) {
      expect(run.backend).toBe('simd');
      expect(run.mismatch, `seed ${SEED}, worker ${w}`).toBeUndefined();
      run.results.forEach((result, k) => check(result, indices[k]!, `worker ${w}`));
    }
    // Same build, same calls: the two threads agree bit for bit.
    w0!.results.forEach((result, i) => {
      const other = w1!.results[ops.length - 1 - i]!;
      const k = firstBitDifference(result.data, other.data);
      if (k >= 0) throw new Error(`seed ${SEED}, op ${i}: ${ops[i]!.description}: worker 0 has ${result.data[k]} at ${k}, worker 1 ${other.data[k]}`);
    });
    expect(firstBitDifference(sharedData, sharedCopy), `seed ${SEED}: the shared input was written`).toBe(-1);
    const wall = Math.max(w0!.end, w1!.end) - Math.min(w0!.start, w1!.start);
    const busy = [w0!, w1!].map((r) => r.end - r.start);
    const overlap = Math.max(0, Math.min(w0!.end, w1!.end) - Math.max(w0!.start, w1!.start));
    console.log(
      `soak workers, seed ${SEED}: 2 workers × ${ops.length} ops × ${passes} passes on simd (${ops.length - 5} own inputs, 5 on a shared one); ` +
        `busy ${busy.map((b) => b.toFixed(0)).join(' and ')} ms, wall ${wall.toFixed(0)} ms, overlap ${overlap.toFixed(0)} ms, ` +
        `parallelism ${((busy[0]! + busy[1]!) / wall).toFixed(2)}× (2 = fully parallel); worker memory ${MB(w0!.memoryBytes)} and ${MB(w1!.memoryBytes)}`,
    );
  });

  it('two workers on different builds (relaxed-simd where available, and scalar) give right results', async () => {
    const builds = [BACKENDS.includes('relaxed-simd') ? 'relaxed-simd' : 'simd', 'scalar'];
    const runs = await runWorkers(builds.map((backend) => ({ backend, ops: ops.map((o) => o.op), passes: 1 })), `soak seed ${SEED}`);
    runs.forEach((run, w) => {
      expect(run.backend).toBe(builds[w]);
      run.results.forEach((result, i) => check(result, i, `worker ${w} (${run.backend}, default engine ${run.defaultBackend})`));
    });
    expect(firstBitDifference(sharedData, sharedCopy), `seed ${SEED}: the shared input was written`).toBe(-1);
    console.log(`soak workers, seed ${SEED}: ${builds.join(' and ')} workers, ${ops.length} ops each, ${runs.map((r) => (r.end - r.start).toFixed(0)).join(' and ')} ms; their default engines: ${runs.map((r) => r.defaultBackend).join(', ')}`);
  });
});
