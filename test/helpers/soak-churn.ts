// Creating and disposing thousands of layers and engine tensors (test/soak.test.ts): a fixed
// period of specs is replayed again and again, a few objects alive at a time and disposed out
// of order; memory must come back to where it started after each period and stop growing
// after the first, and every disposed object must refuse to be used.
import { wasmStats } from './engines.js';
import { sizeOf, type Engine, type EngineTensor, type Layer, type Tensor } from '../../src/index.js';
import type { MemoryStats } from '../../src/wasm/kernels.js';
import { randomConv1dCase } from './conv1d-cases.js';
import { randomPoolCase } from './pool-cases.js';
import { rng } from './random.js';
import { checkExpected } from './soak-mix.js';
import { firstBitDifference, smallConvCases, type Expectation } from './soak-units.js';
import { expectedConv2d } from './expected.js';

/** Objects made per period; the same sequence of specs and disposals repeats every period. */
export const PERIOD = 250;
/** At most this many layers (or tensors) are alive at once. */
const LIVE = 4;

export interface ChurnReport {
  readonly created: number;
  readonly runs: number;
  readonly ms: number;
  readonly initial: MemoryStats;
  /** After the first period. */
  readonly firstPeriod: MemoryStats;
  readonly final: MemoryStats;
}

const statsOf = (engine: Engine): MemoryStats => wasmStats(engine, 'the churn');

/** The thrown error's message, or undefined when `use` did not throw. */
function thrownMessage(use: () => unknown): string | undefined {
  try {
    use();
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
}

/**
 * Replays `specs` (PERIOD of them) `count / PERIOD` times with the same disposal order each
 * period (drawn from `seed`), so that each period starts from the same empty heap: after the
 * first, memoryBytes must not change at all, and liveBytes must be back to its initial value at
 * the end of every period. `use(spec, object, period, i)` exercises one object; `checkDisposed`
 * checks that a disposed one throws.
 */
function churn<S, O extends { dispose(): void }>(
  engine: Engine,
  specs: readonly S[],
  count: number,
  seed: number,
  context: string,
  describe: (spec: S, i: number) => string,
  make: (spec: S) => O,
  use: (spec: S, object: O, period: number, i: number) => boolean,
  checkDisposed: (spec: S, object: O) => string | undefined,
): ChurnReport {
  if (specs.length !== PERIOD || count % PERIOD !== 0) throw new Error(`${context}: ${specs.length} specs and ${count} objects do not make whole periods of ${PERIOD}`);
  const initial = statsOf(engine);
  let firstPeriod: MemoryStats | undefined;
  let runs = 0;
  const start = performance.now();
  for (let period = 0; period < count / PERIOD; period++) {
    const rand = rng(seed ^ 0xc4a2);
    const live: { spec: S; object: O; i: number }[] = [];
    const dispose = (index: number) => {
      const [{ spec, object, i }] = live.splice(index, 1) as [{ spec: S; object: O; i: number }];
      object.dispose();
      object.dispose(); // twice is harmless
      const problem = checkDisposed(spec, object);
      if (problem !== undefined) throw new Error(`${context}, period ${period}, object ${i} (${describe(spec, i)}): after dispose(), ${problem}`);
    };
    for (let i = 0; i < PERIOD; i++) {
      const spec = specs[i]!;
      const where = () => `${context}, period ${period}, object ${i} (${describe(spec, i)})`;
      try {
        const object = make(spec);
        if (use(spec, object, period, i)) runs++;
        live.push({ spec, object, i });
      } catch (error) {
        throw new Error(`${where()}: ${(error as Error).message}`);
      }
      while (live.length > LIVE || (live.length > 1 && rand() < 0.3)) dispose(Math.floor(rand() * live.length));
      if (firstPeriod !== undefined && statsOf(engine).memoryBytes !== firstPeriod.memoryBytes) {
        throw new Error(`${where()}: memory grew after the first period, from ${firstPeriod.memoryBytes} to ${statsOf(engine).memoryBytes} bytes`);
      }
    }
    while (live.length > 0) dispose(live.length - 1);
    const after = statsOf(engine);
    if (after.liveBytes !== initial.liveBytes) {
      throw new Error(`${context}, end of period ${period}: ${after.liveBytes} bytes are live with every object disposed (${initial.liveBytes} before)`);
    }
    firstPeriod ??= after;
  }
  return { created: count, runs, ms: performance.now() - start, initial, firstPeriod: firstPeriod!, final: statsOf(engine) };
}

/** One layer to make: how, what to run it on, and the reference result of that run. */
export interface LayerSpec {
  readonly kind: 'conv2d' | 'conv1d' | 'maxPool2d' | 'avgPool2d';
  readonly description: string;
  readonly make: (engine: Engine) => Layer;
  readonly input: Tensor;
  readonly expected: () => Expectation;
}

/** PERIOD layer specs from `seed`: 60 % conv2d (small random cases), 20 % conv1d, 20 % pooling. */
export function layerSpecs(seed: number): LayerSpec[] {
  const rand = rng(seed ^ 0x1a7e5);
  const convs = smallConvCases(seed + 100_000, PERIOD);
  const specs: LayerSpec[] = [];
  for (let i = 0; specs.length < PERIOD; i++) {
    const pick = i % 5;
    if (pick < 3) {
      const c = convs[i]!;
      let expected: Expectation | undefined;
      specs.push({
        kind: 'conv2d',
        description: c.description,
        make: (engine) => engine.createConv2d(c.filter, c.options),
        input: c.input,
        expected: () => (expected ??= expectedConv2d(c.input, c.filter, c.options)),
      });
    } else if (pick === 3) {
      let c = randomConv1dCase(rand);
      while (c === undefined) c = randomConv1dCase(rand);
      const found = c;
      specs.push({
        kind: 'conv1d',
        description: found.description,
        make: (engine) => engine.createConv1d(found.filter, found.options),
        input: found.input,
        expected: () => ({ output: found.output, bound: found.bound }),
      });
    } else {
      let c = randomPoolCase(rand);
      while (c === undefined) c = randomPoolCase(rand);
      const found = c;
      const max = i % 2 === 0;
      specs.push({
        kind: max ? 'maxPool2d' : 'avgPool2d',
        description: `${max ? 'maxPool2d' : 'avgPool2d'} ${found.description}`,
        make: (engine) => (max ? engine.createMaxPool2d(found.maxOptions) : engine.createAvgPool2d(found.avgOptions)),
        input: found.input,
        expected: () => (max ? { output: found.max, bound: undefined } : { output: found.avg, bound: found.avgBound }),
      });
    }
  }
  return specs;
}

/**
 * Creates and disposes `count` layers of `specs`. Every 4th is run on a plain tensor, every
 * 4th + 2 on engine tensors (in and out, made and disposed around the run), the rest are
 * disposed unused. Each run's result is checked against the reference in the first period and
 * bit for bit against the first period's afterwards. A disposed layer's run and outputShape
 * must throw, naming the disposal.
 */
export function churnLayers(engine: Engine, specs: readonly LayerSpec[], count: number, seed: number, context: string): ChurnReport {
  const golden = new Map<number, Float32Array>();
  return churn(
    engine,
    specs,
    count,
    seed,
    context,
    (spec) => `${spec.kind} layer, ${spec.description}`,
    (spec) => spec.make(engine),
    (spec, layer, _period, i) => {
      let result: Tensor;
      if (i % 4 === 0) result = layer.run(spec.input);
      else if (i % 4 === 2) {
        const xs = engine.tensor(spec.input.shape, spec.input.data);
        const ys = engine.tensor(layer.outputShape(spec.input.shape));
        try {
          layer.run(xs, ys);
          result = { data: ys.read(), shape: ys.shape };
        } finally {
          xs.dispose();
          ys.dispose();
        }
      } else return false;
      const first = golden.get(i);
      if (first === undefined) {
        checkExpected(result, spec.expected());
        golden.set(i, result.data);
      } else {
        const k = firstBitDifference(result.data, first);
        if (k >= 0) throw new Error(`not bit-identical to the first period's result: index ${k} is ${result.data[k]}, was ${first[k]}`);
      }
      return true;
    },
    (spec, layer) => {
      if (!layer.disposed) return 'disposed is false';
      const run = thrownMessage(() => layer.run(spec.input));
      if (run === undefined || !/disposed/.test(run)) return `run ${run === undefined ? 'did not throw' : `threw "${run}"`}, expected an error saying it was disposed`;
      const shape = thrownMessage(() => layer.outputShape(spec.input.shape));
      if (shape === undefined || !/disposed/.test(shape)) return `outputShape ${shape === undefined ? 'did not throw' : `threw "${shape}"`}, expected an error saying it was disposed`;
      return undefined;
    },
  );
}

/** One engine tensor to make: its shape, and the values to create it with (undefined: zero-filled). */
export interface TensorSpec {
  readonly shape: readonly number[];
  readonly values: Float32Array | undefined;
  /** Values written after creation, then read back. */
  readonly rewrite: Float32Array | undefined;
}

/** PERIOD tensor shapes from `seed`: rank 1–4, mostly up to a few thousand values, every 25th up to 256 Ki values (1 MiB). */
export function tensorSpecs(seed: number): TensorSpec[] {
  const rand = rng(seed ^ 0x7e45);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const values = (size: number, salt: number) => Float32Array.from({ length: size }, (_, k) => ((k * 31 + salt) % 97) - 48.5);
  return Array.from({ length: PERIOD }, (_, i) => {
    const big = i % 25 === 7;
    const rank = int(1, 4);
    const limit = big ? 256 * 1024 : 4096;
    const shape: number[] = [];
    for (let d = 0; d < rank; d++) shape.push(int(1, Math.max(1, Math.floor((limit / sizeOf(shape)) ** (1 / (rank - d))))));
    const size = sizeOf(shape);
    return { shape, values: i % 2 === 0 ? values(size, i) : undefined, rewrite: i % 3 === 0 ? values(size, i + 1) : undefined };
  });
}

/**
 * Creates and disposes `count` engine tensors of `specs`: each must hold exactly its values,
 * or zeros when made without (its block may be one an earlier tensor filled), and read back
 * what `write` put in. A disposed tensor's data, read and write must throw.
 */
export function churnTensors(engine: Engine, specs: readonly TensorSpec[], count: number, seed: number, context: string): ChurnReport {
  return churn(
    engine,
    specs,
    count,
    seed,
    context,
    (spec) => `tensor ${JSON.stringify(spec.shape)}${spec.values ? ' with values' : ' zero-filled'}`,
    (spec): EngineTensor => (spec.values ? engine.tensor(spec.shape, spec.values) : engine.tensor(spec.shape)),
    (spec, t) => {
      const data = t.read();
      if (spec.values !== undefined) {
        const k = firstBitDifference(data, spec.values);
        if (k >= 0) throw new Error(`read() gives ${data[k]} at ${k}, not the ${spec.values[k]} it was made with`);
      } else {
        const k = data.findIndex((v) => !Object.is(v, 0));
        if (k >= 0) throw new Error(`a zero-filled tensor holds ${data[k]} at ${k}`);
      }
      if (spec.rewrite !== undefined) {
        t.write(spec.rewrite);
        const k = firstBitDifference(t.data, spec.rewrite);
        if (k >= 0) throw new Error(`after write(), data holds ${t.data[k]} at ${k}, not ${spec.rewrite[k]}`);
      }
      return true;
    },
    (spec, t) => {
      if (!t.disposed) return 'disposed is false';
      for (const [name, use] of [
        ['data', () => t.data],
        ['read()', () => t.read()],
        ['write()', () => t.write(new Float32Array(sizeOf(spec.shape)))],
      ] as const) {
        const message = thrownMessage(use);
        if (message === undefined || !/was disposed/.test(message)) return `${name} ${message === undefined ? 'did not throw' : `threw "${message}"`}, expected an error saying it was disposed`;
      }
      return undefined;
    },
  );
}
