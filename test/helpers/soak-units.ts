// The call mix of the soak tests (test/soak.test.ts): a fixed pool of calls ("units") drawn from
// one seed — one-shot conv2d, conv1d and pooling, prepacked layers through plain tensors and
// engine tensors, a few large calls and a few invalid ones — each with its reference result,
// computed once and shared by every engine that runs the pool.
import {
  conv2dOutputShape,
  createEngineSync,
  reference,
  sizeOf,
  type AvgPool2dOptions,
  type Conv1dOptions,
  type Conv2dOptions,
  type ConvLayer,
  type Engine,
  type EngineTensor,
  type Layer,
  type Pool2dOptions,
  type Tensor,
} from '../../src/index.js';
import { randomConvCase, type ConvCase } from './conv-cases.js';
import { randomConv1dCase, type Conv1dCase } from './conv1d-cases.js';
import { expectedConv2d } from './expected.js';
import { randomPoolCase, type PoolCase } from './pool-cases.js';
import { randomTensor, rng } from './random.js';
import { abs } from './tolerance.js';

/** A reference result; `bound` is the tolerance's Σ|x·w| per output (docs/architecture.md#tolerance), or undefined for an exact result (max pooling). */
export interface Expectation {
  readonly output: Tensor;
  readonly bound: Float32Array | undefined;
}

export type UnitKind =
  | 'conv2d'
  | 'conv1d'
  | 'maxPool2d'
  | 'avgPool2d'
  | 'layer'
  | 'layer-shapes'
  | 'layer-into'
  | 'layer-tensors'
  | 'conv1d-layer'
  | 'pool-layer'
  | 'large'
  | 'invalid';

interface UnitBase {
  /** Names the unit in failure messages and keys its results: `conv2d#17`. */
  readonly id: string;
  readonly kind: UnitKind;
  /** The case: its seed, shapes and options. */
  readonly description: string;
  /** The plain tensors the unit reads, to check afterwards that no engine wrote into them. */
  readonly inputs: readonly Tensor[];
  /**
   * A layer the unit keeps on each engine for the whole soak, made before the first call.
   * Units with the same `makeLayer` function share one layer.
   */
  readonly makeLayer?: (engine: Engine) => Layer;
  /** One call (engine tensors it uses are made and disposed inside); returns a result owned by JS. */
  readonly run: (engine: Engine, layer: Layer | undefined) => Tensor;
}

export interface ValidUnit extends UnitBase {
  readonly kind: Exclude<UnitKind, 'invalid'>;
  /** The reference result, computed on first use. */
  readonly expected: () => Expectation;
}

export interface InvalidUnit extends UnitBase {
  readonly kind: 'invalid';
  /** The exact error class and message the call must throw. */
  readonly error: { readonly type: ErrorConstructor | TypeErrorConstructor | RangeErrorConstructor; readonly message: RegExp };
}

export type Unit = ValidUnit | InvalidUnit;

/** How many units of each kind a pool holds: about 250 calls, each round of the soak runs them all. */
export const POOL_SIZES = {
  conv2d: 100,
  conv1d: 30,
  pool: 30, // each case is a maxPool2d and an avgPool2d unit
  layer: 10,
  /** Input sizes fed in turn to one shared layer: more than a layer's shape cache holds (8). */
  layerShapes: 12,
  layerInto: 8,
  layerTensors: 8,
  conv1dLayer: 6,
  poolLayer: 6,
} as const;

/** The small shapes: a conv2d case is kept when it has at most this many multiply-adds. */
export const SMALL_MACS = 100_000;

function once<T>(compute: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= compute());
}

/** Multiply-adds of a conv2d case. */
export function convMacs(c: ConvCase): number {
  const out = conv2dOutputShape(c.input.shape, c.filter.shape, c.options);
  const outChannels = c.options.inputLayout === 'nhwc' ? out[3]! : out[1]!;
  return (sizeOf(out) / outChannels) * c.filter.data.length;
}

/** `count` random conv2d cases with at most SMALL_MACS multiply-adds, from seeds `seed`, `seed + 1`, … */
export function smallConvCases(seed: number, count: number): ConvCase[] {
  const cases: ConvCase[] = [];
  for (let s = seed; cases.length < count; s++) {
    const c = randomConvCase(s);
    if (convMacs(c) <= SMALL_MACS) cases.push(c);
  }
  return cases;
}

/** Draws until the generator gives a case (they return undefined when a draw has no output). */
function draw<T>(rand: () => number, generate: (rand: () => number) => T | undefined): T {
  for (;;) {
    const c = generate(rand);
    if (c !== undefined) return c;
  }
}

/** The same channels and layout as `x`, another batch (1–2) and a size 0–6 larger per axis. */
function resized(x: Tensor, options: Conv2dOptions, rand: () => number): Tensor {
  const [, a, b, c] = x.shape as [number, number, number, number];
  const grow = () => Math.floor(rand() * 7);
  const batch = 1 + Math.floor(rand() * 2);
  const shape = options.inputLayout === 'nhwc' ? [batch, a + grow(), b + grow(), c] : [batch, a, b + grow(), c + grow()];
  return randomTensor(shape, rand);
}

function conv2dExpectation(input: Tensor, filter: Tensor, options: Conv2dOptions): () => Expectation {
  return once(() => expectedConv2d(input, filter, options));
}

function conv1dExpectation(c: Conv1dCase): () => Expectation {
  return () => ({ output: c.output, bound: c.bound });
}

/** Reads an engine tensor out and disposes the tensors, whatever happens. */
function readAndDispose(result: EngineTensor, ...tensors: EngineTensor[]): Tensor {
  try {
    return { data: result.read(), shape: result.shape.slice() };
  } finally {
    for (const t of tensors) t.dispose();
  }
}

function withTensor<T>(engine: Engine, x: Tensor, use: (xs: EngineTensor) => T): T {
  const xs = engine.tensor(x.shape, x.data);
  try {
    return use(xs);
  } finally {
    xs.dispose();
  }
}

/**
 * The pool of ordinary units drawn from `seed`: conv2d cases (seeds `seed`, `seed + 1`, … kept
 * when small), conv1d and pooling cases from `rng(seed)`, and layers over further conv2d cases.
 */
export function ordinaryUnits(seed: number): ValidUnit[] {
  const rand = rng(seed ^ 0x50a4);
  const units: ValidUnit[] = [];
  const convs = smallConvCases(seed, POOL_SIZES.conv2d + POOL_SIZES.layer + 1 + POOL_SIZES.layerInto + POOL_SIZES.layerTensors);
  let next = 0;
  const take = () => convs[next++]!;

  for (let i = 0; i < POOL_SIZES.conv2d; i++) {
    const c = take();
    units.push({
      id: `conv2d#${i}`,
      kind: 'conv2d',
      description: c.description,
      inputs: [c.input, c.filter],
      run: (engine) => engine.conv2d(c.input, c.filter, c.options),
      expected: conv2dExpectation(c.input, c.filter, c.options),
    });
  }
  for (let i = 0; i < POOL_SIZES.conv1d; i++) {
    const c = draw(rand, randomConv1dCase);
    units.push({
      id: `conv1d#${i}`,
      kind: 'conv1d',
      description: c.description,
      inputs: [c.input, c.filter],
      run: (engine) => engine.conv1d(c.input, c.filter, c.options),
      expected: conv1dExpectation(c),
    });
  }
  for (let i = 0; i < POOL_SIZES.pool; i++) {
    const c: PoolCase = draw(rand, randomPoolCase);
    units.push(
      {
        id: `maxPool2d#${i}`,
        kind: 'maxPool2d',
        description: `maxPool2d ${c.description}`,
        inputs: [c.input],
        run: (engine) => engine.maxPool2d(c.input, c.maxOptions),
        expected: () => ({ output: c.max, bound: undefined }),
      },
      {
        id: `avgPool2d#${i}`,
        kind: 'avgPool2d',
        description: `avgPool2d ${c.description}`,
        inputs: [c.input],
        run: (engine) => engine.avgPool2d(c.input, c.avgOptions),
        expected: () => ({ output: c.avg, bound: c.avgBound }),
      },
    );
  }
  // Prepacked conv2d layers, through plain tensors: half of them on an input of another size
  // than their case's (a new shape for the layer, which may need another kernel path).
  for (let i = 0; i < POOL_SIZES.layer; i++) {
    const c = take();
    const x = i % 2 === 0 ? c.input : resized(c.input, c.options, rand);
    units.push({
      id: `layer#${i}`,
      kind: 'layer',
      description: `layer of ${c.description} run on x${JSON.stringify(x.shape)}`,
      inputs: [x, c.filter],
      makeLayer: (engine) => engine.createConv2d(c.filter, c.options),
      run: (_, layer) => layer!.run(x),
      expected: conv2dExpectation(x, c.filter, c.options),
    });
  }
  // One layer fed many input sizes in turn: shapes fall out of its cache and are resolved again.
  {
    const c = take();
    const makeLayer = (engine: Engine) => engine.createConv2d(c.filter, c.options);
    const nhwc = c.options.inputLayout === 'nhwc';
    const [, a, b, d] = c.input.shape as [number, number, number, number];
    for (let i = 0; i < POOL_SIZES.layerShapes; i++) {
      const [h, w] = nhwc ? [a + i, b + ((5 * i) % 7)] : [b + i, d + ((5 * i) % 7)];
      const x = randomTensor(nhwc ? [1 + (i % 2), h, w, d] : [1 + (i % 2), a, h, w], rand);
      units.push({
        id: `layer-shapes#${i}`,
        kind: 'layer-shapes',
        description: `shared layer of ${c.description} run on x${JSON.stringify(x.shape)}`,
        inputs: [x, c.filter],
        makeLayer,
        run: (_, layer) => layer!.run(x),
        expected: conv2dExpectation(x, c.filter, c.options),
      });
    }
  }
  // Into a plain output tensor (filled by one copy).
  for (let i = 0; i < POOL_SIZES.layerInto; i++) {
    const c = take();
    units.push({
      id: `layer-into#${i}`,
      kind: 'layer-into',
      description: `layer of ${c.description}, into a plain output`,
      inputs: [c.input, c.filter],
      makeLayer: (engine) => engine.createConv2d(c.filter, c.options),
      run: (_, layer) => {
        const shape = layer!.outputShape(c.input.shape);
        return layer!.run(c.input, { data: new Float32Array(sizeOf(shape)), shape });
      },
      expected: conv2dExpectation(c.input, c.filter, c.options),
    });
  }
  // Engine tensors in and out, made and disposed around the call.
  for (let i = 0; i < POOL_SIZES.layerTensors; i++) {
    const c = take();
    units.push({
      id: `layer-tensors#${i}`,
      kind: 'layer-tensors',
      description: `layer of ${c.description}, engine tensors in and out`,
      inputs: [c.input, c.filter],
      makeLayer: (engine) => engine.createConv2d(c.filter, c.options),
      run: (engine, layer) => {
        const xs = engine.tensor(c.input.shape, c.input.data);
        const ys = engine.tensor(layer!.outputShape(c.input.shape));
        layer!.run(xs, ys);
        return readAndDispose(ys, xs, ys);
      },
      expected: conv2dExpectation(c.input, c.filter, c.options),
    });
  }
  // conv1d layers: an engine tensor in, a plain tensor out.
  for (let i = 0; i < POOL_SIZES.conv1dLayer; i++) {
    const c = draw(rand, randomConv1dCase);
    units.push({
      id: `conv1d-layer#${i}`,
      kind: 'conv1d-layer',
      description: `layer of ${c.description}, engine tensor in`,
      inputs: [c.input, c.filter],
      makeLayer: (engine) => engine.createConv1d(c.filter, c.options),
      run: (engine, layer) => withTensor(engine, c.input, (xs) => layer!.run(xs)),
      expected: conv1dExpectation(c),
    });
  }
  // Pooling layers, max and average by turns: engine tensors in and out.
  for (let i = 0; i < POOL_SIZES.poolLayer; i++) {
    const c = draw(rand, randomPoolCase);
    const max = i % 2 === 0;
    units.push({
      id: `pool-layer#${i}`,
      kind: 'pool-layer',
      description: `${max ? 'maxPool2d' : 'avgPool2d'} layer, ${c.description}, engine tensors in and out`,
      inputs: [c.input],
      makeLayer: (engine) => (max ? engine.createMaxPool2d(c.maxOptions) : engine.createAvgPool2d(c.avgOptions)),
      run: (engine, layer) => {
        const xs = engine.tensor(c.input.shape, c.input.data);
        const ys = engine.tensor(layer!.outputShape(c.input.shape));
        layer!.run(xs, ys);
        return readAndDispose(ys, xs, ys);
      },
      expected: () => (max ? { output: c.max, bound: undefined } : { output: c.avg, bound: c.avgBound }),
    });
  }
  return units;
}

/**
 * A few one-shot calls much larger than the random ones (megabytes of input, millions of
 * multiply-adds): they set how far memory grows. Data drawn from `seed`.
 */
export function largeUnits(seed: number): ValidUnit[] {
  const rand = rng(seed ^ 0x1a26e);
  const conv = (id: string, x: Tensor, w: Tensor, options: Conv2dOptions): ValidUnit => ({
    id,
    kind: 'large',
    description: `seed ${seed}: large conv2d x${JSON.stringify(x.shape)} w${JSON.stringify(w.shape)} ${JSON.stringify({ ...options, bias: options.bias ? 'yes' : undefined })}`,
    inputs: [x, w],
    run: (engine) => engine.conv2d(x, w, options),
    expected: conv2dExpectation(x, w, options),
  });
  const poolInput = randomTensor([2, 16, 200, 200], rand);
  const poolMax: Pool2dOptions = { windowDimensions: 3, strides: 2, padding: 1 };
  const avgInput = randomTensor([1, 300, 300, 12], rand);
  const poolAvg: AvgPool2dOptions = { windowDimensions: 2, strides: 2, inputLayout: 'nhwc' };
  const x1 = randomTensor([1, 16384, 4], rand);
  const w1 = randomTensor([8, 4, 5], rand);
  const conv1: Conv1dOptions = { padding: 'same', inputLayout: 'nwc', filterLayout: 'oiw' };
  return [
    // ResNet-like stem: 3 channels, stride 2.
    conv('large#stem', randomTensor([1, 3, 224, 224], rand), randomTensor([8, 3, 3, 3], rand), { strides: 2, padding: 'same', activation: 'relu' }),
    // Depthwise NHWC, TensorFlow filter layout, with bias.
    conv('large#depthwise', randomTensor([1, 256, 256, 8], rand), randomTensor([3, 3, 1, 8], rand), {
      groups: 8,
      padding: 'same',
      inputLayout: 'nhwc',
      filterLayout: 'hwio',
      bias: randomTensor([8], rand).data,
    }),
    // Dense 3×3 stride 1 with 16 channels: the Winograd path ('auto').
    conv('large#winograd', randomTensor([1, 16, 48, 48], rand), randomTensor([16, 16, 3, 3], rand), { padding: 1 }),
    {
      id: 'large#maxPool2d',
      kind: 'large',
      description: `seed ${seed}: large maxPool2d x${JSON.stringify(poolInput.shape)} ${JSON.stringify(poolMax)}`,
      inputs: [poolInput],
      run: (engine) => engine.maxPool2d(poolInput, poolMax),
      expected: once(() => ({ output: reference.maxPool2d(poolInput, poolMax), bound: undefined })),
    },
    {
      id: 'large#avgPool2d',
      kind: 'large',
      description: `seed ${seed}: large avgPool2d x${JSON.stringify(avgInput.shape)} ${JSON.stringify(poolAvg)}`,
      inputs: [avgInput],
      run: (engine) => engine.avgPool2d(avgInput, poolAvg),
      expected: once(() => ({ output: reference.avgPool2d(avgInput, poolAvg), bound: reference.avgPool2d(abs(avgInput), poolAvg).data })),
    },
    {
      id: 'large#conv1d',
      kind: 'large',
      description: `seed ${seed}: large conv1d x${JSON.stringify(x1.shape)} w${JSON.stringify(w1.shape)} ${JSON.stringify(conv1)}`,
      inputs: [x1, w1],
      run: (engine) => engine.conv1d(x1, w1, conv1),
      expected: once(() => ({ output: reference.conv1d(x1, w1, conv1), bound: reference.conv1d(abs(x1), abs(w1), conv1).data })),
    },
  ];
}

/** A tensor of another engine, for the invalid calls (made on first use). */
const foreignTensor = once(() => createEngineSync({ backend: 'scalar' }).tensor([1, 4, 6, 6]));

/**
 * Calls that must fail, each with the class and message it must throw: bad arguments to the
 * one-shot functions and to layers, a disposed tensor, another engine's tensor, and a call past
 * the engine's maxMemoryBytes (`tooBigPadding` pads a 1×1 image into an output that does not fit).
 */
export function invalidUnits(seed: number, tooBigPadding: number): InvalidUnit[] {
  const rand = rng(seed ^ 0xbad);
  const x = randomTensor([1, 4, 6, 6], rand);
  const w = randomTensor([3, 4, 3, 3], rand);
  const w3 = randomTensor([3, 3, 3, 3], rand);
  const one: Tensor = { data: Float32Array.of(1), shape: [1, 1, 1, 1] };
  const x3 = randomTensor([1, 3, 6, 6], rand);
  const x1 = randomTensor([1, 2, 5], rand);
  const w1 = randomTensor([2, 2, 7], rand);
  const layer = (engine: Engine): ConvLayer => engine.createConv2d(w, { padding: 1 });
  const unit = (id: string, error: InvalidUnit['error'], run: InvalidUnit['run'], makeLayer?: InvalidUnit['makeLayer']): InvalidUnit => ({
    id: `invalid#${id}`,
    kind: 'invalid',
    description: `seed ${seed}: invalid call ${id}`,
    inputs: [x, w, w3, x3, x1, w1],
    run,
    error,
    ...(makeLayer ? { makeLayer } : {}),
  });
  return [
    unit('channels', { type: RangeError, message: /^conv2d: input has 4 channels but filter expects 3/ }, (e) => e.conv2d(x, w3)),
    unit('strides', { type: RangeError, message: /^conv2d: strides must be a positive integer/ }, (e) => e.conv2d(x, w, { strides: [1, 0] })),
    unit('unknown-option', { type: TypeError, message: /^conv2d: unknown option `stride`; did you mean `strides`\?/ }, (e) =>
      e.conv2d(x, w, { stride: 2 } as Conv2dOptions),
    ),
    unit('data-length', { type: RangeError, message: /^conv2d: input\.data has 143 elements but shape \[1, 4, 6, 6\] needs 144/ }, (e) =>
      e.conv2d({ data: x.data.subarray(1), shape: x.shape }, w),
    ),
    unit('data-type', { type: TypeError, message: /^conv2d: input\.data must be a Float32Array/ }, (e) =>
      e.conv2d({ data: Array.from(x.data) as unknown as Float32Array, shape: x.shape }, w),
    ),
    unit('max-memory', { type: RangeError, message: /^conv2d: needs \d+ more bytes of WebAssembly memory, which would grow it to \d+ bytes, more than this engine's maxMemoryBytes/ }, (e) =>
      e.conv2d(one, one, { padding: tooBigPadding }),
    ),
    unit('conv1d-kernel', { type: RangeError, message: /^conv1d: output length would be 0/ }, (e) => e.conv1d(x1, w1)),
    unit('pool-window', { type: RangeError, message: /^maxPool2d: output height would be 0/ }, (e) => e.maxPool2d(x, { windowDimensions: 9 })),
    unit('pool-option', { type: TypeError, message: /^avgPool2d: unknown option `window`/ }, (e) => e.avgPool2d(x, { window: 2 } as AvgPool2dOptions)),
    unit('layer-channels', { type: RangeError, message: /^conv2d: input has 3 channels but filter expects 4/ }, (_, l) => l!.run(x3), layer),
    unit('layer-output-shape', { type: RangeError, message: /^conv2d: output must have shape \[1, 3, 6, 6\]/ }, (_, l) =>
      l!.run(x, { data: new Float32Array(3 * 36), shape: [1, 3, 36, 1] }), layer),
    unit('disposed-tensor', { type: Error, message: /^conv2d: input of shape \[1, 4, 6, 6\] was disposed/ }, (e, l) => {
      const t = e.tensor(x.shape, x.data);
      t.dispose();
      return l!.run(t);
    }, layer),
    unit('foreign-tensor', { type: TypeError, message: /^conv2d: input belongs to another engine/ }, (_, l) => l!.run(foreignTensor()), layer),
    unit('tensor-data', { type: RangeError, message: /^engine\.tensor: data has 3 elements but shape \[2, 2\] needs 4/ }, (e) => e.tensor([2, 2], [1, 2, 3])),
  ];
}

/** Copies of every plain tensor the units read, to check afterwards that none was written. */
export function snapshotInputs(units: readonly Unit[]): () => string | undefined {
  const copies = units.flatMap((u) => u.inputs.map((t) => ({ unit: u, tensor: t, copy: t.data.slice() })));
  return () => {
    for (const { unit, tensor, copy } of copies) {
      if (firstBitDifference(tensor.data, copy) >= 0) return `${unit.id} (${unit.description}): an input was changed by a call`;
    }
    return undefined;
  };
}

/** The first index where two arrays differ bit for bit (NaN payloads included), or −1; a length difference counts at the shorter length. */
export function firstBitDifference(a: Float32Array, b: Float32Array): number {
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  const n = Math.min(x.length, y.length);
  for (let k = 0; k < n; k++) if (x[k] !== y[k]) return k;
  return x.length === y.length ? -1 : n;
}
