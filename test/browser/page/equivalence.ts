// The page side of the browser test (test/browser/equivalence.test.ts), bundled by
// test/browser/bundle.ts together with the Node suite's helpers (case generator, RNG, expected
// values). Every import of src/index.js becomes the external '/dist/index.js', so simdconv
// itself is the built package as shipped; nothing else of src/ may be bundled. The page only
// measures: it returns plain JSON (worst error/bound ratio, first failure per backend) and the
// Node test does the assertions, so vitest never reaches the page.
import {
  conv2d,
  createEngine,
  getEngine,
  ready,
  reference,
  tensor,
  type Conv3dOptions,
  type ConvTranspose2dOptions,
  type Engine,
  type Tensor,
  type WasmBackend,
} from '../../../src/index.js';
import { randomConv1dCase } from '../../helpers/conv1d-cases.js';
import { randomConvCase, type ConvCase } from '../../helpers/conv-cases.js';
import { randomOperatorCase } from '../../helpers/operator-cases.js';
import { expectedConv2d } from '../../helpers/expected.js';
import { rng } from '../../helpers/random.js';
import { randomPoolCase } from '../../helpers/pool-cases.js';
import { randomWinogradCase } from '../../helpers/winograd-cases.js';

/** What the page found when it loaded the package. */
export interface LoadReport {
  /** `getEngine().backend` after `await ready()`. */
  readonly backend: string;
  /** Whether this browser validates the shipped relaxed-simd and simd builds themselves. */
  readonly validates: Record<WasmBackend, boolean>;
  readonly userAgent: string;
  /** The README's quick-start conv2d through the top-level function (the default engine). */
  readonly quickStart: { readonly data: number[]; readonly shape: number[] };
}

/** One backend's results on one suite. */
export interface BackendResult {
  /** The build asked for. */
  readonly requested: WasmBackend;
  /** `engine.backend` of the engine made for it ('none' if createEngine failed). */
  readonly backend: string;
  /** Cases run (each may compare several outputs). */
  readonly cases: number;
  /** Outputs tensors compared. */
  readonly checks: number;
  /** Cases that threw or exceeded the bound. */
  readonly failed: number;
  /** The largest |y − ref| / (1e-5·Σ|x·w| + 1e-6) over all finite outputs (0 for exact checks). */
  readonly worst: number;
  /** Where `worst` was reached. */
  readonly worstAt: string;
  /** The first failures, with case, output index, got, expected and bound. */
  readonly failures: string[];
}

export interface SuiteResult {
  readonly suite: SuiteName;
  readonly seed: number;
  readonly results: BackendResult[];
  readonly ms: number;
}

export const SUITES = ['conv2d', 'winograd', 'layers', 'engine-tensors', 'conv1d', 'pooling', 'operators'] as const;
export type SuiteName = (typeof SUITES)[number];

export interface PageApi {
  load(): Promise<LoadReport>;
  run(suite: SuiteName, seed: number, count: number): Promise<SuiteResult>;
}

declare global {
  interface Window {
    simdconvTest?: PageApi;
    /** Set by index.html when the page code could not load. */
    simdconvTestFailed?: string;
  }
}

/** One output to compare: `bound` is each output's Σ|x·w| (+|bias|), or null for an exact match. */
interface Check {
  readonly what: string;
  readonly actual: Tensor;
  readonly expected: Tensor;
  readonly bound: ArrayLike<number> | null;
}

/** A case: its reference results are computed once, then `run` checks one engine. */
interface PageCase {
  readonly description: string;
  run(engine: Engine): Check[];
}

const BACKENDS: readonly WasmBackend[] = ['relaxed-simd', 'simd', 'scalar'];
const engines = new Map<WasmBackend, Promise<Engine>>();
const engineFor = (backend: WasmBackend): Promise<Engine> => {
  let engine = engines.get(backend);
  if (!engine) engines.set(backend, (engine = createEngine({ backend })));
  return engine;
};

/** The tolerance rule (docs/architecture.md#tolerance), |y − ref| ≤ 1e-5·bound + 1e-6 (NaN only where the reference has NaN); the ratio and the first violation. */
function compare(check: Check): { ratio: number; failure: string | null } {
  const { actual, expected, bound } = check;
  const shown = (shape: readonly number[]) => JSON.stringify(shape);
  if (shown(actual.shape) !== shown(expected.shape)) return { ratio: Infinity, failure: `${check.what}: shape ${shown(actual.shape)}, expected ${shown(expected.shape)}` };
  if (actual.data.length !== expected.data.length) return { ratio: Infinity, failure: `${check.what}: ${actual.data.length} values, expected ${expected.data.length}` };
  let ratio = 0;
  for (let k = 0; k < actual.data.length; k++) {
    const y = actual.data[k]!;
    const ref = expected.data[k]!;
    if (Number.isNaN(y) || Number.isNaN(ref)) {
      if (Number.isNaN(y) !== Number.isNaN(ref)) return { ratio: Infinity, failure: `${check.what}: index ${k}: got ${y}, expected ${ref}` };
      continue;
    }
    if (bound === null) {
      if (y !== ref) return { ratio: Infinity, failure: `${check.what}: index ${k}: got ${y}, expected exactly ${ref}` };
      continue;
    }
    const limit = 1e-5 * bound[k]! + 1e-6;
    const diff = Math.abs(y - ref);
    if (!(diff <= limit) && y !== ref) {
      return { ratio: Infinity, failure: `${check.what}: index ${k}: got ${y}, expected ${ref} (|diff| ${diff} > bound ${limit})` };
    }
    if (Number.isFinite(diff)) ratio = Math.max(ratio, diff / limit);
  }
  return { ratio, failure: null };
}

/** The conv2d check of a case against precomputed expectations. */
function convCheck(what: string, actual: Tensor, expected: { output: Tensor; bound: Float32Array }): Check {
  return { what, actual, expected: expected.output, bound: expected.bound };
}

/** The first image of a batch (batch is the outer axis in every layout). */
function firstImage(t: Tensor): Tensor {
  const size = t.data.length / t.shape[0]!;
  return { data: t.data.slice(0, size), shape: [1, ...t.shape.slice(1)] };
}


// --- the suites: each draws `count` cases from `seed` ---

/** Random conv2d cases of the Node suite (test/helpers/conv-cases.ts), one-shot `engine.conv2d`. */
function conv2dCases(seed: number, count: number): PageCase[] {
  return Array.from({ length: count }, (_, i) => {
    const c = randomConvCase(seed + i);
    const expected = expectedConv2d(c.input, c.filter, c.options);
    return { description: c.description, run: (engine) => [convCheck('conv2d', engine.conv2d(c.input, c.filter, c.options), expected)] };
  });
}

/**
 * `algorithm: 'winograd'` (F(2×2, 3×3)) on the Node suite's random dense 3×3 stride-1 convs
 * (test/helpers/winograd-cases.ts), held to the ordinary tolerance (docs/architecture.md#tolerance), as there.
 */
function winogradCases(seed: number, count: number): PageCase[] {
  return Array.from({ length: count }, (_, i) => {
    const c = randomWinogradCase(seed + i);
    const expected = expectedConv2d(c.input, c.filter, c.options);
    return { description: c.description, run: (engine) => [convCheck('conv2d winograd', engine.conv2d(c.input, c.filter, c.options), expected)] };
  });
}

/**
 * Prepacked layers (`engine.createConv2d(filter, options).run`) on random conv2d cases: the
 * case's input, then its first image alone (a second input shape for the same layer).
 */
function layerCases(seed: number, count: number): PageCase[] {
  return Array.from({ length: count }, (_, i) => {
    const c = randomConvCase(seed + i);
    const expected = expectedConv2d(c.input, c.filter, c.options);
    const batched = c.input.shape[0]! > 1;
    const single = batched ? { output: firstImage(expected.output), bound: firstImage({ data: expected.bound, shape: expected.output.shape }).data } : null;
    return {
      description: c.description,
      run(engine) {
        const layer = engine.createConv2d(c.filter, c.options);
        try {
          const checks = [convCheck('layer.run(input)', layer.run(c.input), expected)];
          if (single) checks.push(convCheck('layer.run(first image)', layer.run(firstImage(c.input)), single));
          return checks;
        } finally {
          layer.dispose();
        }
      },
    };
  });
}

/**
 * Engine tensors: a random conv2d read and written in the engine's memory (`engine.tensor`,
 * `layer.run(xs, ys)`), then a max-pooling layer chained on the result in place, which must
 * equal the reference pooling of the conv output it read, exactly.
 */
function engineTensorCases(seed: number, count: number): PageCase[] {
  return Array.from({ length: count }, (_, i) => {
    const c: ConvCase = randomConvCase(seed + i);
    const expected = expectedConv2d(c.input, c.filter, c.options);
    const layout = c.options.inputLayout ?? 'nchw';
    const [h, w] = layout === 'nchw' ? expected.output.shape.slice(2) : expected.output.shape.slice(1, 3);
    const poolOptions = { windowDimensions: [Math.min(2, h!), Math.min(2, w!)] as [number, number], strides: 2, inputLayout: layout };
    return {
      description: c.description,
      run(engine) {
        const layer = engine.createConv2d(c.filter, c.options);
        const pool = engine.createMaxPool2d(poolOptions);
        const xs = engine.tensor(c.input.shape, c.input.data);
        const ys = engine.tensor(layer.outputShape(xs.shape));
        const zs = engine.tensor(pool.outputShape(ys.shape));
        try {
          layer.run(xs, ys);
          pool.run(ys, zs);
          const convOut = { data: ys.read(), shape: ys.shape };
          return [
            convCheck('engine tensors: layer.run(xs, ys)', convOut, expected),
            { what: 'engine tensors: maxPool layer.run(ys, zs)', actual: { data: zs.read(), shape: zs.shape }, expected: reference.maxPool2d(convOut, poolOptions), bound: null },
          ];
        } finally {
          for (const t of [xs, ys, zs, layer, pool]) t.dispose();
        }
      },
    };
  });
}

/** Draws until `count` cases exist: the generators give undefined for a draw with no output. */
function drawn<T>(seed: number, count: number, draw: (rand: () => number) => T | undefined): T[] {
  const rand = rng(seed);
  const cases: T[] = [];
  while (cases.length < count) {
    const c = draw(rand);
    if (c !== undefined) cases.push(c);
  }
  return cases;
}

/** The Node suite's random conv1d cases (test/helpers/conv1d-cases.ts). */
function conv1dCases(seed: number, count: number): PageCase[] {
  return drawn(seed, count, randomConv1dCase).map((c) => ({
    description: c.description,
    run: (engine) => [{ what: 'conv1d', actual: engine.conv1d(c.input, c.filter, c.options), expected: c.output, bound: c.bound }],
  }));
}

/**
 * The Node suite's random poolings (test/helpers/pool-cases.ts): max exact, average within
 * tolerance; Lp (p = 2) and max with indices exact, against the reference.
 */
function poolingCases(seed: number, count: number): PageCase[] {
  const indicesOf = (r: { indices: { data: Int32Array; shape: readonly number[] } }): Tensor => ({ data: Float32Array.from(r.indices.data), shape: r.indices.shape });
  return drawn(seed, count, randomPoolCase).map((c) => ({
    description: c.description,
    run: (engine) => {
      const indexed = engine.maxPool2dWithIndices(c.input, { ...c.maxOptions, indices: 'tensor' });
      const expected = reference.maxPool2dWithIndices(c.input, { ...c.maxOptions, indices: 'tensor' });
      return [
        { what: 'maxPool2d', actual: engine.maxPool2d(c.input, c.maxOptions), expected: c.max, bound: null },
        { what: 'avgPool2d', actual: engine.avgPool2d(c.input, c.avgOptions), expected: c.avg, bound: c.avgBound },
        { what: 'lpPool2d', actual: engine.lpPool2d(c.input, c.maxOptions), expected: reference.lpPool2d(c.input, c.maxOptions), bound: null },
        { what: 'maxPool2dWithIndices', actual: indexed.output, expected: expected.output, bound: null },
        { what: 'maxPool2dWithIndices indices', actual: indicesOf(indexed), expected: indicesOf(expected), bound: null },
      ];
    },
  }));
}

/** Random transposed convolutions and conv3d's (test/helpers/operator-cases.ts), one-shot. */
function operatorCases(seed: number, count: number): PageCase[] {
  return Array.from({ length: count }, (_, i) => {
    const c = randomOperatorCase(seed + i);
    return {
      description: c.description,
      run: (engine) => [{
        what: c.op,
        actual: c.op === 'conv3d' ? engine.conv3d(c.input, c.filter, c.options as Conv3dOptions) : engine.convTranspose2d(c.input, c.filter, c.options as ConvTranspose2dOptions),
        expected: c.expected,
        bound: c.bound,
      }],
    };
  });
}

const SUITE_CASES: Record<SuiteName, (seed: number, count: number) => PageCase[]> = {
  operators: operatorCases,
  conv2d: conv2dCases,
  winograd: winogradCases,
  layers: layerCases,
  'engine-tensors': engineTensorCases,
  conv1d: conv1dCases,
  pooling: poolingCases,
};

/** Runs every case of a suite on every wasm build; never throws for a case, records it. */
async function run(suite: SuiteName, seed: number, count: number): Promise<SuiteResult> {
  const start = performance.now();
  const cases = SUITE_CASES[suite](seed, count);
  const results: BackendResult[] = [];
  for (const backend of BACKENDS) {
    let engine: Engine;
    try {
      engine = await engineFor(backend);
    } catch (error) {
      results.push({ requested: backend, backend: 'none', cases: 0, checks: 0, failed: cases.length, worst: Infinity, worstAt: '', failures: [`createEngine({ backend: '${backend}' }) failed: ${String(error)}`] });
      continue;
    }
    let [checks, failed, worst, worstAt] = [0, 0, 0, ''];
    const failures: string[] = [];
    for (const c of cases) {
      let problem: string | null = null;
      try {
        for (const check of c.run(engine)) {
          checks++;
          const { ratio, failure } = compare(check);
          if (failure !== null) {
            problem ??= failure;
          } else if (ratio > worst) {
            [worst, worstAt] = [ratio, `${check.what}, ${c.description}`];
          }
        }
      } catch (error) {
        problem = `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
      }
      if (problem !== null) {
        failed++;
        if (failures.length < 3) failures.push(`${backend}, ${c.description}: ${problem}`);
      }
    }
    results.push({ requested: backend, backend: engine.backend, cases: cases.length, checks, failed, worst, worstAt, failures });
  }
  return { suite, seed, results, ms: performance.now() - start };
}

async function load(): Promise<LoadReport> {
  await ready();
  const validates = {} as Record<WasmBackend, boolean>;
  // Whether this browser accepts the shipped builds, asked of the .wasm files themselves rather
  // than the package's own feature probes (those are what is under test).
  for (const backend of BACKENDS) {
    const response = await fetch(`/dist/wasm/simdconv.${backend}.wasm`);
    validates[backend] = response.ok && WebAssembly.validate(new Uint8Array(await response.arrayBuffer()));
  }
  // README quick start: a 4×4 image and a 2×2 filter through the top-level conv2d.
  const y = conv2d(tensor([1, 2, 0, 0, 5, 3, 0, 4, 2, 1, 3, 1, 0, 2, 1, 2], [1, 1, 4, 4]), tensor([1, 0, 0, -1], [1, 1, 2, 2]));
  return { backend: getEngine().backend, validates, userAgent: navigator.userAgent, quickStart: { data: Array.from(y.data), shape: [...y.shape] } };
}

window.simdconvTest = { load, run };
