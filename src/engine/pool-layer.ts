import { fixPool } from './layer-options.js';
import { resolvePool2d, type PoolParams } from '../options/pool.js';
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

/**
 * Max or average pooling on a wasm engine, as a layer (no weights: it holds its options). The
 * kernel is NHWC, four channels per v128; an NCHW input is transposed in wasm on the way in
 * and the result on the way out. Options are checked against each input shape when it first
 * runs (pooling windows are validated against the image they slide over).
 */
/** What a pooling layer remembers per input shape. */
interface PoolEntry {
  readonly params: PoolParams;
  readonly outputShape: readonly number[];
  readonly inputFloats: number;
  readonly outputFloats: number;
  /** The argument block without its addresses. */
  readonly slots: readonly number[];
  /** Tiles of poolNhwc's grid (batch × blocks of output rows). */
  readonly tiles: number;
}

export class WasmPoolLayer implements Layer {
  private readonly options: Readonly<Record<string, unknown>>;
  private readonly shapes = new ShapeCache<PoolEntry>();
  private isDisposed = false;

  constructor(
    private readonly kernels: WasmKernels,
    private readonly fn: 'maxPool2d' | 'avgPool2d',
    options: unknown,
  ) {
    this.options = fixPool(fn, options);
  }

  get disposed(): boolean {
    return this.isDisposed;
  }

  outputShape(inputShape: readonly number[]): number[] {
    this.checkAlive();
    return this.entry(inputShape).outputShape.slice();
  }

  run(input: Tensor, output?: Tensor): Tensor {
    return runNow(this.kernels, this.steps(input, output, false));
  }

  runAsync(input: Tensor, output?: Tensor): Promise<Tensor> {
    return runQueued(this.kernels, () => this.steps(input, output, true));
  }

  /** run()'s body; with `async`, it yields while the workers finish (src/engine/run-queue.ts). */
  private *steps(input: Tensor, output: Tensor | undefined, async: boolean): RunSteps<Tensor> {
    this.checkAlive();
    const { fn, kernels } = this;
    const inPtr = residentPointer(kernels, fn, 'input', input);
    const x = tensorParts(fn, 'input', input);
    const entry = this.entry(x.shape);
    const { params: p, outputShape: outShape, inputFloats: inFloats, outputFloats: outFloats } = entry;
    if (inPtr === undefined) checkLength(fn, 'input', x.data, x.shape as number[]);
    const outPtr = output === undefined ? undefined : checkOutput(kernels, fn, output, outShape, input, inPtr);
    const nchw = p.inputLayout === 'nchw';

    // Workspace: the input (unless resident), its NHWC transpose, the NHWC result, and the
    // NCHW result (unless written straight into a resident output).
    const [block, nhwcIn, nhwcOut, nchwOut] = kernels.reserve(fn, [
      inPtr === undefined ? 4 * inFloats : 0,
      nchw ? 4 * inFloats : 0,
      nchw || outPtr === undefined ? 4 * outFloats : 0,
      nchw && outPtr === undefined ? 4 * outFloats : 0,
    ]) as [number, number, number, number];
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
      yield* tileSteps(async, kernels, k.poolNhwc, kernels.writeArgs(slots), 0, 0, entry.tiles, fn, outFloats * p.windowHeight * p.windowWidth); // no scratch
      const result = nchw ? (outPtr ?? nchwOut) : pooled;
      if (nchw) k.transpose(nhwcOut, result, p.batch, p.outHeight * p.outWidth, p.channels);

      if (outPtr !== undefined) return output!;
      const values = kernels.f32(result, outFloats);
      if (output === undefined) return { data: values.slice(), shape: outShape };
      liveData(fn, 'output', output.data, outFloats).set(values);
      return output;
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
      const p = resolvePool2d(this.fn, shape, this.options, { countIncludePad: this.fn === 'avgPool2d' });
      const outputShape = Object.freeze(poolOutputShapeOf(p));
      const slots = A.windowSlots({ ...p, inChannels: p.channels, outChannels: p.channels, kernelHeight: p.windowHeight, kernelWidth: p.windowWidth });
      slots[A.A_POOL_MODE] = this.fn === 'maxPool2d' ? A.POOL_MAX : p.countIncludePad ? A.POOL_AVERAGE_COUNT_PAD : A.POOL_AVERAGE;
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

