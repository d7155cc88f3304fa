import { fixPool } from './layer-options.js';
import { resolvePool2d, type PoolParams } from '../options/pool.js';
import { resolveLpPool2d } from '../reference/lp-pool.js';
import { resolveMaxPoolIndices, type IndexTensor } from '../reference/max-pool-indices.js';
import { poolOutputShapeOf } from '../shape/pool-shape.js';
import { checkLength, elementCount, tensorParts, type Tensor } from '../tensor.js';
import * as A from '../wasm/args.js';
import type { WasmKernels } from '../wasm/kernels.js';
import { residentPointer } from './engine-tensor.js';
import { checkOutput, liveData } from './operands.js';
import { disposedLayer, type Layer } from './layer.js';
import { runNow, runQueued, tileSteps, type RunSteps } from './run-queue.js';
import { ShapeCache } from './shape-cache.js';
import { piecesPerUnit } from './plan.js';

/** The poolings a {@link WasmPoolLayer} runs: each has its NHWC task (assembly/pool*.ts). */
export type PoolFn = 'maxPool2d' | 'avgPool2d' | 'lpPool2d' | 'maxPool2dWithIndices';

/** What a pooling layer remembers per input shape. */
interface PoolEntry {
  readonly params: PoolParams;
  readonly outputShape: readonly number[];
  readonly inputFloats: number;
  readonly outputFloats: number;
  /** The argument block without its addresses. */
  readonly slots: readonly number[];
  /** Tiles of the task's grid (batch × blocks of output rows). */
  readonly tiles: number;
}

/**
 * Pooling on a wasm engine, as a layer (no weights: it holds its options): max, average, Lp
 * (p = 1 or 2; src/engine/engine.ts sends other exponents to the reference) and max with
 * indices. The kernels are NHWC, four channels per v128 (Lp: two per f64x2); an NCHW input is
 * transposed in wasm on the way in and the results on the way out (indices as bit patterns).
 * Options are checked against each input shape when it first runs (pooling windows are
 * validated against the image they slide over).
 */
export class WasmPoolLayer implements Layer {
  private readonly options: Readonly<Record<string, unknown>>;
  private readonly shapes = new ShapeCache<PoolEntry>();
  private isDisposed = false;

  constructor(
    private readonly kernels: WasmKernels,
    private readonly fn: PoolFn,
    options: unknown,
  ) {
    this.options = fn === 'maxPool2d' || fn === 'avgPool2d' ? fixPool(fn, options) : (options as Record<string, unknown>);
  }

  get disposed(): boolean {
    return this.isDisposed;
  }

  outputShape(inputShape: readonly number[]): number[] {
    this.checkAlive();
    return this.entry(inputShape).outputShape.slice();
  }

  run(input: Tensor, output?: Tensor): Tensor {
    return runNow(this.kernels, this.steps(input, output, false)).output;
  }

  runAsync(input: Tensor, output?: Tensor): Promise<Tensor> {
    return runQueued(this.kernels, () => this.steps(input, output, true)).then((r) => r.output);
  }

  /** maxPool2dWithIndices: the output and where each maximum was, both fresh arrays. */
  runWithIndices(input: Tensor): { output: Tensor; indices: IndexTensor } {
    const { output, indices } = runNow(this.kernels, this.steps(input, undefined, false));
    return { output, indices: indices! };
  }

  /** run()'s body; with `async`, it yields while the workers finish (src/engine/run-queue.ts). */
  private *steps(input: Tensor, output: Tensor | undefined, async: boolean): RunSteps<{ output: Tensor; indices?: IndexTensor }> {
    this.checkAlive();
    const { fn, kernels } = this;
    const inPtr = residentPointer(kernels, fn, 'input', input);
    const x = tensorParts(fn, 'input', input);
    const entry = this.entry(x.shape);
    const { params: p, outputShape: outShape, inputFloats: inFloats, outputFloats: outFloats } = entry;
    if (inPtr === undefined) checkLength(fn, 'input', x.data, x.shape as number[]);
    const outPtr = output === undefined ? undefined : checkOutput(kernels, fn, output, outShape, input, inPtr);
    const nchw = p.inputLayout === 'nchw';

    const indexed = fn === 'maxPool2dWithIndices';
    // Workspace: the input (unless resident), its NHWC transpose, the NHWC result, and the
    // NCHW result (unless written straight into a resident output); the indices in NHWC, and
    // in NCHW where the input is.
    const [block, nhwcIn, nhwcOut, nchwOut, nhwcIndices, nchwIndices] = kernels.reserve(fn, [
      inPtr === undefined ? 4 * inFloats : 0,
      nchw ? 4 * inFloats : 0,
      nchw || outPtr === undefined ? 4 * outFloats : 0,
      nchw && outPtr === undefined ? 4 * outFloats : 0,
      indexed ? 4 * outFloats : 0,
      indexed && nchw ? 4 * outFloats : 0,
    ]) as [number, number, number, number, number, number];
    try {
      const source = inPtr ?? block;
      if (inPtr === undefined) {
        kernels.f32(block, inFloats).set(liveData(fn, 'input', x.data, inFloats));
      }
      const k = kernels.exports;
      if (nchw) k.transpose(source, nhwcIn, p.batch, p.channels, p.inHeight * p.inWidth);
      const pooled = nchw || outPtr === undefined ? nhwcOut : outPtr;
      const slots = entry.slots.slice();
      slots[A.A_INPUT] = nchw ? nhwcIn : source;
      slots[A.A_OUTPUT] = pooled;
      slots[A.A_POOL_INDICES] = nhwcIndices;
      const task = fn === 'lpPool2d' ? k.lpPoolNhwc : indexed ? k.maxPoolIndicesNhwc : k.poolNhwc;
      yield* tileSteps(async, kernels, task, kernels.writeArgs(slots), 0, 0, entry.tiles, fn, outFloats * p.windowHeight * p.windowWidth); // no scratch
      const result = nchw ? (outPtr ?? nchwOut) : pooled;
      if (nchw) k.transpose(nhwcOut, result, p.batch, p.outHeight * p.outWidth, p.channels);
      let indices: IndexTensor | undefined;
      if (indexed) {
        // The transpose moves 32-bit lanes without arithmetic: the i32 bits arrive intact.
        if (nchw) k.transpose(nhwcIndices, nchwIndices, p.batch, p.outHeight * p.outWidth, p.channels);
        indices = { data: new Int32Array(kernels.buffer, nchw ? nchwIndices : nhwcIndices, outFloats).slice(), shape: outShape };
      }

      if (outPtr !== undefined) return { output: output!, indices };
      const values = kernels.f32(result, outFloats);
      if (output === undefined) return { output: { data: values.slice(), shape: outShape }, indices };
      liveData(fn, 'output', output.data, outFloats).set(values);
      return { output, indices };
    } finally {
      kernels.release(block);
    }
  }

  dispose(): void {
    this.isDisposed = true;
    this.shapes.clear();
  }

  /** The resolved pooling for an input shape, cached. */
  private entry(inputShape: unknown): PoolEntry {
    return this.shapes.get(inputShape, (shape) => {
      const { fn } = this;
      const extra: Record<number, number> = {};
      let p: PoolParams;
      if (fn === 'lpPool2d') {
        const lp = resolveLpPool2d(fn, shape, this.options);
        p = lp.params;
        extra[A.A_POOL_NORM] = lp.p;
      } else if (fn === 'maxPool2dWithIndices') {
        const indexed = resolveMaxPoolIndices(fn, shape, this.options);
        p = indexed.params;
        extra[A.A_POOL_INDEXING] = (indexed.column ? 1 : 0) | (indexed.whole ? 2 : 0);
      } else {
        p = resolvePool2d(fn, shape, this.options, { countIncludePad: fn === 'avgPool2d' });
        extra[A.A_POOL_MODE] = fn === 'maxPool2d' ? A.POOL_MAX : p.countIncludePad ? A.POOL_AVERAGE_COUNT_PAD : A.POOL_AVERAGE;
      }
      const outputShape = Object.freeze(poolOutputShapeOf(p));
      const slots = A.windowSlots({ ...p, inChannels: p.channels, outChannels: p.channels, kernelHeight: p.windowHeight, kernelWidth: p.windowWidth });
      for (const [slot, value] of Object.entries(extra)) slots[Number(slot)] = value;
      // Blocks of output rows, about TARGET_TILES tiles in all (src/engine/plan.ts).
      const rows = Math.ceil(p.outHeight / piecesPerUnit(p.batch));
      slots[A.A_TILE_ROWS] = rows;
      const tiles = p.batch * Math.ceil(p.outHeight / rows);
      return { params: p, outputShape, inputFloats: elementCount(shape as number[]), outputFloats: elementCount(outputShape), slots, tiles };
    });
  }

  private checkAlive(): void {
    if (this.isDisposed) throw disposedLayer(this.fn);
  }
}

