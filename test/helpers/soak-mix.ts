// Runs the soak's call mix (test/helpers/soak-units.ts) on one engine and checks every call:
// its result (against the reference, or bit for bit against the first result of the same
// call) and the engine's memory (src/wasm/heap.ts's statistics) after it.
import { wasmStats } from './engines.js';
import type { ConvLayer, Engine, Layer, Tensor } from '../../src/index.js';
import type { MemoryStats } from '../../src/wasm/kernels.js';
import { rng } from './random.js';
import { firstBitDifference, type Expectation, type Unit, type UnitKind } from './soak-units.js';
import { expectWithinTolerance } from './tolerance.js';

/** What a soak run saw, for its report. */
export interface MixReport {
  readonly backend: string;
  readonly calls: number;
  readonly rounds: number;
  readonly callsByKind: Readonly<Partial<Record<UnitKind, number>>>;
  /** Calls compared with the reference (the others: bit for bit with an earlier, checked result). */
  readonly referenceChecks: number;
  readonly ms: number;
  readonly initial: MemoryStats;
  /** After the warm-up (two rounds): nothing may change after it. */
  readonly warm: MemoryStats;
  readonly final: MemoryStats;
  /** Live bytes between calls once the layers were packed for every path: the layers alone. */
  readonly baselineLiveBytes: number;
  /** The unit whose call asked for the largest block. */
  readonly largestBlockUnit: string;
}

const statsOf = (engine: Engine): MemoryStats => wasmStats(engine, 'the soak');

/** The result against its expectation: the tolerance (docs/architecture.md#tolerance), or exactly for max pooling. */
export function checkExpected(result: Tensor, expected: Expectation): void {
  if (expected.bound !== undefined) {
    expectWithinTolerance(result, expected.output, expected.bound);
    return;
  }
  if (JSON.stringify(result.shape) !== JSON.stringify(expected.output.shape)) {
    throw new Error(`shape ${JSON.stringify(result.shape)}, expected ${JSON.stringify(expected.output.shape)}`);
  }
  const k = firstBitDifference(result.data, expected.output.data);
  if (k >= 0) throw new Error(`index ${k}: got ${result.data[k]}, expected exactly ${expected.output.data[k]}`);
}

/**
 * The order of the calls: rounds, each every unit once in a new shuffled order, until `calls`
 * calls (the last round cut short). Every round holds every unit, the large calls included.
 */
export function schedule(units: readonly Unit[], calls: number, seed: number): Unit[] {
  const rand = rng(seed ^ 0x5c4ed);
  const order: Unit[] = [];
  while (order.length < calls) {
    const round = units.slice();
    for (let i = round.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [round[i], round[j]] = [round[j]!, round[i]!];
    }
    order.push(...round.slice(0, calls - order.length));
  }
  return order;
}

/** The units' layers on `engine`, one per `makeLayer` function. */
export function makeLayers(engine: Engine, units: readonly Unit[]): Map<Unit['makeLayer'], Layer> {
  const layers = new Map<Unit['makeLayer'], Layer>();
  for (const unit of units) if (unit.makeLayer && !layers.has(unit.makeLayer)) layers.set(unit.makeLayer, unit.makeLayer(engine));
  return layers;
}

const packedBytes = (layer: Layer | undefined): number => (layer !== undefined && 'packedBytes' in layer ? (layer as ConvLayer).packedBytes : 0);

/**
 * Runs `calls` calls of `units` on `engine` and checks, after each:
 *
 * - the result: the first call of each unit, every 10th call and every call after an error
 *   against the reference (the tolerance, docs/architecture.md#tolerance; max pooling exactly); every other call bit
 *   for bit against the first result of the same unit (same engine, same call);
 * - an invalid call: its error class and message, and that neither memory nor live bytes moved;
 * - memory: in the first round, live bytes are back where they were before the call unless a
 *   layer packed its filter for a new kernel path (its packedBytes grew); from then on the
 *   layers hold all they will, and live bytes are that baseline after every call. The second
 *   round runs every call once more on that final set of layers (memory may still grow: the
 *   largest call may have run before a layer packed); from the third round on memoryBytes,
 *   peakLiveBytes and largestBlockBytes never change again: every call starts from the same
 *   heap, so anything more is a leak or unbounded growth.
 *
 * Errors name `context` (seed and build), the call's number and round, and the unit's case.
 */
export function runMix(engine: Engine, units: readonly Unit[], calls: number, seed: number, context: string): MixReport {
  const initial = statsOf(engine);
  const layers = makeLayers(engine, units);
  const order = schedule(units, calls, seed);
  const roundLength = units.length;
  const golden = new Map<string, Float32Array>();
  const callsByKind: Partial<Record<UnitKind, number>> = {};
  let referenceChecks = 0;
  let afterError = false;
  let baseline: number | undefined;
  let warm: MemoryStats | undefined;
  let largestBlockUnit = '';
  let largestBlock = initial.largestBlockBytes;

  const start = performance.now();
  for (let n = 0; n < order.length; n++) {
    const unit = order[n]!;
    const round = Math.floor(n / roundLength);
    const where = () => `${context}, call ${n} (round ${round}), ${unit.id}: ${unit.description}`;
    const fail = (message: string): never => {
      throw new Error(`${where()}: ${message}`);
    };
    callsByKind[unit.kind] = (callsByKind[unit.kind] ?? 0) + 1;
    const layer = unit.makeLayer && layers.get(unit.makeLayer);
    const before = statsOf(engine);
    const packedBefore = packedBytes(layer);

    if (unit.kind === 'invalid') {
      let error: unknown;
      try {
        unit.run(engine, layer);
      } catch (e) {
        error = e;
      }
      if (error === undefined) fail(`expected a ${unit.error.type.name}, nothing was thrown`);
      if (!(error instanceof Error) || error.constructor !== unit.error.type || !unit.error.message.test(error.message)) {
        fail(`expected a ${unit.error.type.name} matching ${unit.error.message}, got ${String(error)}`);
      }
      const after = statsOf(engine);
      if (after.memoryBytes !== before.memoryBytes || after.liveBytes !== before.liveBytes) {
        fail(`a rejected call changed memory: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
      }
      afterError = true;
    } else {
      let result: Tensor;
      try {
        result = unit.run(engine, layer);
      } catch (error) {
        return fail(`threw ${String(error)}`);
      }
      const first = golden.get(unit.id);
      if (first === undefined || n % 10 === 0 || afterError) {
        referenceChecks++;
        try {
          checkExpected(result, unit.expected());
        } catch (error) {
          fail(`${first === undefined ? 'first call' : afterError ? 'call after an error' : 'sampled call'} differs from the reference: ${(error as Error).message}`);
        }
      }
      if (first === undefined) golden.set(unit.id, result.data);
      else {
        const k = firstBitDifference(result.data, first);
        if (k >= 0) fail(`not bit-identical to this call's first result: index ${k} is ${result.data[k]}, was ${first[k]}`);
      }
      afterError = false;

      const after = statsOf(engine);
      if (after.largestBlockBytes > largestBlock) {
        largestBlock = after.largestBlockBytes;
        largestBlockUnit = `${unit.id} (${unit.description})`;
      }
      if (baseline === undefined) {
        const packed = packedBytes(layer) > packedBefore;
        if (packed ? after.liveBytes <= before.liveBytes : after.liveBytes !== before.liveBytes) {
          fail(`live bytes went from ${before.liveBytes} to ${after.liveBytes}${packed ? ' while the layer packed more' : ': the call kept memory'}`);
        }
      } else if (warm === undefined) {
        if (after.liveBytes !== baseline) fail(`live bytes are ${after.liveBytes} after the call, not the baseline ${baseline}`);
      } else if (
        after.liveBytes !== warm.liveBytes ||
        after.memoryBytes !== warm.memoryBytes ||
        after.peakLiveBytes !== warm.peakLiveBytes ||
        after.largestBlockBytes !== warm.largestBlockBytes
      ) {
        fail(`memory moved after the two warm-up rounds: ${JSON.stringify(warm)} → ${JSON.stringify(after)}`);
      }
    }
    if (n === roundLength - 1) baseline = statsOf(engine).liveBytes;
    if (n === 2 * roundLength - 1) warm = statsOf(engine);
  }
  const ms = performance.now() - start;
  if (warm === undefined) throw new Error(`${context}: ${calls} calls do not make the two warm-up rounds of ${roundLength} units`);

  for (const layer of layers.values()) layer.dispose();
  const final = statsOf(engine);
  if (final.liveBytes !== initial.liveBytes) {
    throw new Error(`${context}: after disposing the layers ${final.liveBytes} bytes are still live (${initial.liveBytes} before the soak)`);
  }
  return {
    backend: engine.backend,
    calls: order.length,
    rounds: Math.ceil(order.length / roundLength),
    callsByKind,
    referenceChecks,
    ms,
    initial,
    warm,
    final,
    baselineLiveBytes: warm.liveBytes,
    largestBlockUnit,
  };
}
