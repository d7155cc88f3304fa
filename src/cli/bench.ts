/**
 * `simdconv bench`'s measurement: every shape on every backend, through the public API as a user
 * calls it in steady state: an engine per backend (`createEngine({ backend })`), a prepacked
 * layer per shape (`engine.createConv2d`, bias on), `layer.run(input, output)` into a
 * preallocated plain tensor.
 */
import { conv2dFlops, createEngine, ready, sizeOf, type Backend, type ConvLayer, type Engine, type Tensor } from '../index.js';
import { BENCH_BACKENDS, type BenchSettings } from './args.js';
import { machineInfo, type MachineInfo } from './machine.js';
import { formatShapeSpec } from './shape-spec.js';
import type { SuiteCase } from './suite.js';
import { timeCalls, type Timing } from './timing.js';

export interface BenchRow {
  /** The suite letter, or the layer as typed in `--shapes` syntax for a custom one. */
  readonly shape: string;
  /** Where a suite layer comes from; 'custom' otherwise. */
  readonly name: string;
  /** The layer in `--shapes` syntax. */
  readonly spec: string;
  /** `2·N·Cout·Hout·Wout·(Cin/groups)·kH·kW`. */
  readonly flops: number;
  readonly backend: Backend;
  readonly timing: Timing;
  /** From the median. */
  readonly gflops: number;
  /** js's median over this row's: how many times faster than the pure-JS reference; none without a js row. */
  readonly vsJs: number | undefined;
  /** The default build's median over this row's; none when the default build was not run. */
  readonly vsDefault: number | undefined;
}

export interface BenchReport {
  readonly machine: MachineInfo;
  /** What `createEngine()` picks on this runtime. */
  readonly defaultBackend: Backend;
  /** The backends measured, in table order. */
  readonly backends: readonly Backend[];
  /** Backends left out of the default list because this runtime cannot run them, with the engine's reason. */
  readonly unavailable: readonly { readonly backend: Backend; readonly reason: string }[];
  readonly timeMs: number;
  readonly minSamples: number;
  readonly rows: readonly BenchRow[];
}

/** A backend was asked for with `--backends` that this runtime cannot run (exit code 1). */
export class UnavailableBackendError extends Error {
  override name = 'UnavailableBackendError';
  constructor(
    readonly backend: Backend,
    reason: string,
  ) {
    super(reason);
  }
}

/**
 * Deterministic values in [−1, 1) (a multiplicative hash of the index and a seed): timing does
 * not depend on the values, but every run and backend sees the same ones and none is a denormal.
 */
function filled(shape: readonly number[], seed: number): Tensor {
  const data = new Float32Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = (Math.imul(i + seed, 0x9e3779b1) >>> 8) / 2 ** 23 - 1;
  return { data, shape: shape.slice() };
}

async function openEngines(settings: BenchSettings): Promise<{ engines: Engine[]; unavailable: { backend: Backend; reason: string }[] }> {
  const engines: Engine[] = [];
  const unavailable: { backend: Backend; reason: string }[] = [];
  for (const backend of settings.backends ?? BENCH_BACKENDS) {
    try {
      engines.push(await createEngine({ backend }));
    } catch (error) {
      const reason = (error as Error).message;
      if (settings.backends !== undefined) throw new UnavailableBackendError(backend, reason);
      unavailable.push({ backend, reason });
    }
  }
  return { engines, unavailable };
}

/** A shape could not be run (too large for memory, most likely); the message names shape and backend. */
export class BenchCaseError extends Error {
  override name = 'BenchCaseError';
}

/** `what` failed: rethrown with the shape (and backend) in front of the message. */
function failed(where: string, error: unknown): never {
  throw new BenchCaseError(`${where}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

function measureCase(c: SuiteCase, engines: readonly Engine[], settings: BenchSettings): { backend: Backend; timing: Timing; flops: number }[] {
  let input: Tensor, filter: Tensor, bias: Float32Array;
  try {
    input = filled(c.inputShape, 1);
    filter = c.filter?.() ?? filled(c.filterShape, 2);
    bias = filled([c.filterShape[0]], 3).data;
  } catch (error) {
    failed(`shape ${c.id}: could not make its input and filter`, error);
  }
  const options = { ...c.options, bias };
  const flops = conv2dFlops(c.inputShape, c.filterShape, options);
  return engines.map((engine) => {
    let layer: ConvLayer | undefined;
    try {
      layer = engine.createConv2d(filter, options);
      const shape = layer.outputShape(input.shape);
      const output: Tensor = { data: new Float32Array(sizeOf(shape)), shape };
      const run = layer;
      const timing = timeCalls(() => run.run(input, output), settings);
      return { backend: engine.backend, timing, flops };
    } catch (error) {
      failed(`shape ${c.id} on ${engine.backend}`, error);
    } finally {
      layer?.dispose();
    }
  });
}

/**
 * Runs the benchmark. `progress` hears of each shape before it is measured.
 *
 * @example
 * const report = await runBench(parsed.settings);
 * report.rows[0]; // { shape: 'E', backend: 'js', timing: { median: 61.2, … }, gflops: 0.35, … }
 */
export async function runBench(settings: BenchSettings, progress: (done: number, total: number, c: SuiteCase) => void = () => {}): Promise<BenchReport> {
  const { engines, unavailable } = await openEngines(settings);
  const defaultBackend = (await ready()).backend;
  const rows: BenchRow[] = [];
  settings.cases.forEach((c, i) => {
    progress(i, settings.cases.length, c);
    const measured = measureCase(c, engines, settings);
    const medianOf = (backend: Backend) => measured.find((m) => m.backend === backend)?.timing.median;
    const js = medianOf('js');
    const byDefault = medianOf(defaultBackend);
    for (const m of measured) {
      rows.push({
        shape: c.id,
        name: c.name,
        spec: formatShapeSpec(c),
        flops: m.flops,
        backend: m.backend,
        timing: m.timing,
        gflops: m.flops / (m.timing.median * 1e6),
        vsJs: js === undefined ? undefined : js / m.timing.median,
        vsDefault: byDefault === undefined ? undefined : byDefault / m.timing.median,
      });
    }
  });
  progress(settings.cases.length, settings.cases.length, settings.cases[settings.cases.length - 1]!);
  return { machine: machineInfo(), defaultBackend, backends: engines.map((e) => e.backend), unavailable, timeMs: settings.timeMs, minSamples: settings.minSamples, rows };
}
