import type { Tensor } from '../tensor.js';
import type { WasmKernels } from '../wasm/kernels.js';
import { disposedLayer, type ConvLayer } from './layer.js';
import { runNow, runQueued, type RunSteps } from './run-queue.js';
import { ShapeCache } from './shape-cache.js';

/** What a composite layer remembers per input shape: at least the output shape. */
export interface CompositeEntry {
  readonly outputShape: readonly number[];
}

/**
 * A layer built from conv layers of its own (the transposed convolutions, conv3d;
 * docs/architecture.md#operators-built-on-the-conv-layer): the shared contract — the shape cache,
 * run and runAsync over one body of steps, dispose and the disposed checks — around what each
 * computes. Subclasses give `resolve` (an input shape to its entry), `steps` (the call) and
 * `inner` (the layers they own, disposed with them).
 */
export abstract class CompositeLayer<E extends CompositeEntry> implements ConvLayer {
  abstract readonly filterShape: readonly number[];
  protected readonly shapes = new ShapeCache<E>();
  private isDisposed = false;

  constructor(
    protected readonly kernels: WasmKernels,
    protected readonly fn: string,
  ) {}

  get disposed(): boolean {
    return this.isDisposed;
  }

  get packedBytes(): number {
    let total = 0;
    for (const layer of this.inner()) total += layer.packedBytes;
    return total;
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

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    for (const layer of this.inner()) layer.dispose();
    this.forgetInner();
    this.shapes.clear();
  }

  /**
   * The call: with `async`, it yields while the workers finish. A composite that owns another
   * drives the other's steps inside its own run (one queue turn for runAsync).
   *
   * @internal
   */
  abstract steps(input: Tensor, output: Tensor | undefined, async: boolean): RunSteps<Tensor>;

  /** The entry of an input shape, resolved (and validated) on first use. */
  protected entry(inputShape: unknown): E {
    return this.shapes.get(inputShape, (shape) => this.resolve(shape));
  }

  protected abstract resolve(inputShape: unknown): E;

  /** The packed layers this one owns. */
  protected abstract inner(): Iterable<ConvLayer>;

  /** Drops the references to the disposed inner layers. */
  protected abstract forgetInner(): void;

  protected checkAlive(): void {
    if (this.isDisposed) throw disposedLayer(this.fn, this.filterShape);
  }
}

/** A one-shot call of a composite: the layer (over the caller's filter) run once and disposed, so its memory is free for the next call. */
export function runOnce(layer: ConvLayer, input: Tensor, output?: Tensor): Tensor {
  try {
    return layer.run(input, output);
  } finally {
    layer.dispose();
  }
}
