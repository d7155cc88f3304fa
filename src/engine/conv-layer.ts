import { resolveConv, shape2d, type ConvParams, type ConvSpec } from '../options/conv.js';
import { indexMap } from '../options/padding-mode.js';
import { outputShapeOf } from '../shape/conv-shape.js';
import { checkLength, elementCount, tensorParts, type Tensor } from '../tensor.js';
import { activationCode } from '../wasm/activation.js';
import * as A from '../wasm/args.js';
import type { WasmKernels } from '../wasm/kernels.js';
import { choosePath, planConv, separableWins } from './conv-plan.js';
import { residentPointer } from './engine-tensor.js';
import { disposedLayer, type ConvLayer } from './layer.js';
import { fixConv } from './layer-options.js';
import { checkOutput, liveData } from './operands.js';
import { packBias, packWeights } from './pack.js';
import type { ConvPath, ConvPlan } from './plan.js';
import { runNow, runQueued, tileSteps, type RunSteps } from './run-queue.js';
import { rankOneFactors } from './separable.js';
import { ShapeCache } from './shape-cache.js';
import { callWork, tileRunner, type TileTask } from './tiles.js';

/** What a layer remembers per input shape: the resolved call, minus the addresses. */
interface ShapeEntry {
  readonly params: ConvParams;
  readonly plan: ConvPlan;
  readonly outputShape: readonly number[];
  readonly inputFloats: number;
  readonly outputFloats: number;
  /** The argument block, activation parameters included, with the addresses still 0. */
  readonly args: Int32Array;
  /** Multiply-adds of one call: whether it is worth the worker pool. */
  readonly work: number;
  /**
   * A paddingMode other than zeros on a path without a padded copy of its own: the padded copy
   * the call makes first (padBorder), which the kernels read unpadded.
   */
  readonly border?: Border;
  /**
   * A paddingMode other than zeros on nchw-direct or winograd: the tables their prologues read
   * (A_ROW_MAP, A_COL_MAP) to fill the border in the padded copy they make anyway.
   */
  readonly fill?: BorderMaps;
}

/** A paddingMode's row and column tables (src/options/padding-mode.ts `indexMap`). */
interface BorderMaps {
  /** The row table (padded height entries), then the column table (padded width). */
  readonly maps: Int32Array;
  /** Entries of the row table: where the column table starts. */
  readonly rows: number;
}

/** The padded copy of a call with a paddingMode (assembly/border.ts). */
interface Border extends BorderMaps {
  /** Floats of the padded input. */
  readonly floats: number;
  /** padBorder's arguments after its two addresses: planes, height, width, run, out height, out width. */
  readonly dims: readonly [number, number, number, number, number, number];
  /** Where the interior starts: columns of padding on the left. */
  readonly left: number;
}

/**
 * The paths that make a padded copy of the input anyway (padPlanePhases: nchw-direct's
 * prologue, each planes tile; padImageNhwc: winograd's prologue) or a padded scratch row
 * (separable): they fill a paddingMode's border there from the tables, with no pass of its own.
 * The others (depthwise-nhwc, nhwc, nchw-pointwise) read their zeros in place (the run of zeros
 * at A_ZEROS) and keep the padBorder pass, which runs on the calling thread only. Planes and
 * separable, simd, zeros vs reflect, pass → filled: depthwise 3×3 144 ch 56² 0.430 vs 0.527 →
 * 0.430 vs 0.452; Sobel 1024² 0.517 vs 0.728 → 0.449 vs 0.460 (docs/kernels.md#padding-modes).
 *
 * Measured, pass → filled in the copy (2-core AMD EPYC VM, simd, engine tensors, prepacked, median
 * ms of 300 alternating runs in one process (the second 1-thread ResNet figure: 200), two
 * runs): ResNet 64→64 3×3 56² reflect (winograd
 * F(4×4)) 1.664 → 1.643 and 1.564 → 1.528 on 1 thread, 1.146 → 1.065 and 1.449 → 1.368 on 2;
 * 64→128 3×3 stride 2 56² reflect (nchw-direct) 2.820 → 2.801 and 2.858 → 2.821 on 1 thread,
 * 1.780 → 1.734 and 2.323 → 2.188 on 2. Zero padding unchanged (1.621 → 1.624, 2.808 → 2.784;
 * 2 threads 1.060 → 1.060, 1.741 → 1.737). More in docs/kernels.md#padding-modes.
 */
const FILLS_BORDER = new Set<ConvPath>(['nchw-direct', 'winograd', 'planes', 'separable']);

/**
 * A call whose padding reflects, replicates or wraps. `inner`: the same call on the padded input
 * with no padding, which every path can run after padBorder's pass (`border`). Where `inner`
 * takes nchw-direct or winograd, the call runs instead on the original params with `fill`'s
 * tables, and the prologue's padded copy is the only pass (`inCopy`).
 *
 * The path is chosen on `inner`, today's choice. The original params choose the same path
 * wherever `inner` takes nchw-direct or winograd (padding enters choosePath only through
 * isPointwise, and `inner` is pointwise only when 1×1 stride 1, which neither takes); they differ
 * only for a padded 1×1 stride-1 layer (original: nchw-direct, or nhwc with im2col; inner:
 * nchw-pointwise or nhwc's A_POINTWISE, reading the padded copy in place), which keeps `inner`:
 * measured (simd, 1 thread, engine tensors, median ms of 200 alternating runs), pre-pass +
 * pointwise vs nchw-direct filling its copy, reflect, padding 1: 64→64 56² 0.803 vs 0.918,
 * 256→64 14² 0.228 vs 0.269, NHWC 3→16 112² 0.116 vs 0.145.
 * Winograd's F(4×4) choice treats a paddingMode as padding 0 (`paddingSuitsF4x4`), as `inner`
 * did.
 */
function withBorder(p: ConvParams, fills: (inner: ConvParams) => boolean): { inner: ConvParams; border?: Border; inCopy?: BorderMaps } {
  if (p.paddingMode === 'zeros') return { inner: p };
  const [top, bottom, left, right] = p.padding;
  const height = p.inHeight + top + bottom;
  const width = p.inWidth + left + right;
  const nchw = p.inputLayout === 'nchw';
  const rows = indexMap(p.paddingMode, p.inHeight, top, bottom);
  const cols = indexMap(p.paddingMode, p.inWidth, left, right);
  const maps = new Int32Array(rows.length + cols.length);
  maps.set(rows);
  maps.set(cols, rows.length);
  const inner: ConvParams = { ...p, inHeight: height, inWidth: width, padding: [0, 0, 0, 0], paddingMode: 'zeros' };
  if (fills(inner)) return { inner: p, inCopy: { maps, rows: rows.length } };
  return {
    inner,
    border: {
      floats: p.batch * p.inChannels * height * width,
      dims: [nchw ? p.batch * p.inChannels : p.batch, p.inHeight, p.inWidth, nchw ? 1 : p.inChannels, height, width],
      maps,
      rows: rows.length,
      left,
    },
  };
}

/** The wasm exports that run each path: its task over the tiles, and its prologue if it has one. */
function kernelFor(kernels: WasmKernels, path: ConvPath): readonly [task: TileTask, prologue?: TileTask] {
  const k = kernels.exports;
  switch (path) {
    case 'planes': return [k.convPlanes];
    case 'separable': return [k.convSeparable];
    case 'depthwise-nhwc': return [k.depthwiseNhwc];
    case 'nchw-direct': return [k.convNchwDirect, k.convNchwDirectPrologue];
    case 'nchw-pointwise': return [k.convNchwPointwise];
    case 'nhwc': return [k.convNhwc];
    case 'winograd': return [k.convWinograd, k.convWinogradPrologue];
  }
}

/**
 * A prepacked convolution on a wasm engine: the filter and bias are packed once into the form
 * their kernel reads (per kernel path: an input shape that needs another path packs it on first
 * use) and kept in the engine's memory until `dispose()`.
 */
export class WasmConvLayer implements ConvLayer {
  readonly filterShape: readonly number[];
  private readonly options: Readonly<Record<string, unknown>>;
  private readonly filterData: Float32Array;
  private readonly packed = new Map<ConvPath, { readonly ptr: number; readonly bytes: number }>();
  private readonly shapes = new ShapeCache<ShapeEntry>();
  /** The filter's rank-1 factors (src/engine/separable.ts), null if it has none; found on first need. */
  private factors: Float32Array | null | undefined;
  private isDisposed = false;

  /**
   * A layer that outlives the call keeps a copy of the filter. A one-shot call passes `oneShot`
   * with its input's shape: the filter is used without copying it (the layer is disposed before
   * the call returns) and the options are resolved once, for that input.
   */
  constructor(
    private readonly kernels: WasmKernels,
    private readonly spec: ConvSpec,
    filter: Tensor,
    options: unknown,
    oneShot?: { readonly inputShape: unknown },
  ) {
    const fixed = fixConv(spec, filter, options, oneShot === undefined, oneShot?.inputShape);
    this.filterShape = fixed.filterShape;
    this.filterData = fixed.filterData;
    this.options = fixed.options;
    const first = this.shapes.get(fixed.firstInput, (shape) => this.entryOf(shape, fixed.firstParams));
    // A layer packs now, for the path of its first (or an ordinary) input. A one-shot call packs
    // in run(), after its input and output are checked, so a bad call allocates nothing.
    if (oneShot === undefined) this.weights(first);
  }

  get disposed(): boolean {
    return this.isDisposed;
  }

  /** Bytes of wasm memory the packed filter and bias hold. */
  get packedBytes(): number {
    let total = 0;
    for (const { bytes } of this.packed.values()) total += bytes;
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

  /**
   * run()'s body; with `async`, it yields while the workers finish (src/engine/run-queue.ts).
   * A transposed convolution drives its phase layers' steps inside its own run.
   *
   * @internal
   */
  *steps(input: Tensor, output: Tensor | undefined, async: boolean): RunSteps<Tensor> {
    this.checkAlive();
    const { fn } = this.spec;
    const kernels = this.kernels;
    const inPtr = residentPointer(kernels, fn, 'input', input);
    const x = tensorParts(fn, 'input', input);
    const entry = this.entry(x.shape);
    if (inPtr === undefined) checkLength(fn, 'input', x.data, x.shape as number[]);
    const outPtr = output === undefined ? undefined : checkOutput(kernels, fn, output, entry.outputShape, input, inPtr);
    const weights = this.weights(entry);

    const { plan } = entry;
    const copied = 4 * ((inPtr === undefined ? entry.inputFloats : 0) + (outPtr === undefined ? entry.outputFloats : 0));
    const work = callWork(entry.work, copied);
    const threads = Math.max(tileRunner.threadsFor(kernels, plan.tiles, work), tileRunner.threadsFor(kernels, plan.prologueTiles, work));
    const { border, fill } = entry;
    const tables = border ?? fill;
    const slopes = entry.params.activation.type === 'prelu' ? entry.params.activation.slopes : undefined;
    // The tables are written per call (a few hundred bytes): nothing to keep, free or evict per shape.
    const [block, outScratch, padded, maps, slopesAt, workspace, scratch] = kernels.reserve(fn, [
      inPtr === undefined ? 4 * entry.inputFloats : 0,
      outPtr === undefined ? 4 * entry.outputFloats : 0,
      border === undefined ? 0 : 4 * border.floats,
      tables === undefined ? 0 : 4 * tables.maps.length,
      slopes === undefined ? 0 : 4 * slopes.length,
      4 * plan.workFloats,
      // One per thread the call runs on: a call under the work floor needs one, whatever the engine.
      threads * kernels.scratchStride(plan.scratchFloats),
    ]) as [number, number, number, number, number, number, number];
    if (threads > 1) kernels.pool?.wake(); // they wake while the input is copied in
    const inScratch = block;
    try {
      if (inPtr === undefined) kernels.f32(inScratch, entry.inputFloats).set(liveData(fn, 'input', x.data, entry.inputFloats));
      if (tables !== undefined) new Int32Array(kernels.buffer, maps, tables.maps.length).set(tables.maps);
      // The pre-pass runs on the calling thread alone; nchw-direct's and winograd's prologues
      // fill the border in their tiles, on every thread of the call.
      if (border !== undefined) kernels.exports.padBorder(inPtr ?? inScratch, padded, ...border.dims, maps, maps + 4 * border.rows, border.left);
      const block = kernels.argBlock();
      block.set(entry.args);
      if (fill !== undefined) {
        block[A.A_ROW_MAP] = maps;
        block[A.A_COL_MAP] = maps + 4 * fill.rows;
      }
      block[A.A_INPUT] = border !== undefined ? padded : (inPtr ?? inScratch);
      block[A.A_OUTPUT] = outPtr ?? outScratch;
      block[A.A_WEIGHTS] = weights;
      block[A.A_BIAS] = weights + 4 * plan.weightFloats;
      block[A.A_WORK] = workspace;
      const args = kernels.argsPtr;
      const [task, prologue] = kernelFor(kernels, plan.path);
      // The prologue's tiles (padding the input into the workspace) are split among the threads
      // as the task's are; the task's run starts once all of them are done.
      if (prologue !== undefined) yield* tileSteps(async, kernels, prologue, args, scratch, plan.scratchFloats, plan.prologueTiles, fn, work);
      yield* tileSteps(async, kernels, task, args, scratch, plan.scratchFloats, plan.tiles, fn, work);
      if (slopes !== undefined) {
        // Its own task on the same threads (the conv's work decides them, as the pool is awake),
        // not a pass on the calling thread while the workers wait. Against a fused leaky ReLU,
        // 2 threads, simd, medians: as a pass 1×1 64→64 56² +41 %, depthwise 3×3 144 ch 56²
        // +15 %, 3×3 64→64 56² +5 % (one noisy run); as a task +9 %, +2 %, +2 % (a quiet one),
        // +32 %, +11 %, +1 % (a noisy one).
        const p = entry.params;
        kernels.f32(slopesAt, slopes.length).set(slopes);
        const nhwc = p.inputLayout === 'nhwc';
        block[A.A_PRELU_SLOPES] = slopesAt;
        block[A.A_PRELU_NHWC] = nhwc ? 1 : 0;
        yield* tileSteps(async, kernels, kernels.exports.preluTask, args, 0, 0, p.batch * (nhwc ? p.outHeight : p.outChannels), fn, work);
      }

      if (outPtr !== undefined) return output!;
      const result = kernels.f32(outScratch, entry.outputFloats);
      if (output === undefined) return { data: result.slice(), shape: entry.outputShape };
      liveData(fn, 'output', output.data, entry.outputFloats).set(result);
      return output;
    } finally {
      kernels.release(block);
    }
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    for (const { ptr } of this.packed.values()) this.kernels.release(ptr);
    this.packed.clear();
    this.shapes.clear();
  }

  private checkAlive(): void {
    if (this.isDisposed) throw disposedLayer(this.spec.fn, this.filterShape);
  }

  /** The resolved call for an input shape, cached. Packing for its path is left to weights(). */
  private entry(inputShape: unknown): ShapeEntry {
    return this.shapes.get(inputShape, (shape) => this.entryOf(shape, resolveConv(this.spec, shape, this.filterShape, this.options)));
  }

  /** The cache entry of an input shape whose call resolved to `params`. */
  private entryOf(shape: unknown, resolved: ConvParams): ShapeEntry {
    const outputShape = Object.freeze(outputShapeOf(resolved, this.spec.axes.length as 1 | 2));
    // The path `inner` takes, with a rank-1 filter's factors (which move planes to separable, a
    // path with no padded copy); the original params must take it too, or the pre-pass stays.
    const fills = (inner: ConvParams) => FILLS_BORDER.has(choosePath(inner, this.rankOne(inner))) && FILLS_BORDER.has(choosePath(resolved, this.rankOne(resolved)));
    const { inner: params, border, inCopy } = withBorder(resolved, fills);
    const work = elementCount(outputShape) * (params.inChannels / params.groups) * params.kernelHeight * params.kernelWidth;
    // The threads a call of this shape runs on, if its grid has tiles enough for them.
    const plan = planConv(params, this.kernels.mr, this.kernels.nr, tileRunner.threadsFor(this.kernels, Infinity, work), this.rankOne(params));
    // Two 1-D passes: kH + kW multiply-adds per output, what the threads floor weighs.
    const madds = plan.path === 'separable' ? (work / (params.kernelHeight * params.kernelWidth)) * (params.kernelHeight + params.kernelWidth) : work;
    const act = activationCode(params.activation);
    const slots = A.windowSlots(params);
    slots[A.A_GROUPS] = params.groups;
    slots[A.A_ZEROS] = this.kernels.zerosPtr;
    slots[A.A_ACT] = act.code;
    for (const [slot, value] of Object.entries(plan.args)) slots[Number(slot)] = value;
    return {
      params,
      plan,
      outputShape,
      inputFloats: elementCount(shape as number[]),
      outputFloats: elementCount(outputShape),
      args: A.encodeArgs(slots, { [A.A_ACT_P0]: act.p0, [A.A_ACT_P1]: act.p1 }),
      work: madds,
      ...(border === undefined ? {} : { border }),
      ...(inCopy === undefined ? {} : { fill: inCopy }),
    };
  }

  /** Whether the filter is rank 1 per channel, looked at only where the planes path would run. */
  private rankOne(p: ConvParams): boolean {
    // Only where it could run: a 1×1 filter (a scale) stays on planes, so one-shot calls of one
    // pay nothing for the factoring.
    if (this.factors === undefined && choosePath(p) === 'planes' && separableWins(p)) {
      this.factors = rankOneFactors(p, this.filterData, shape2d(this.filterShape, p.filterLayout)) ?? null;
    }
    return this.factors != null;
  }

  private weights(entry: ShapeEntry): number {
    return this.packed.get(entry.plan.path)?.ptr ?? this.pack(entry.params, entry.plan);
  }

  /** Packs the filter and bias for `plan.path` into one block: weights, then bias. */
  private pack(p: ConvParams, plan: ConvPlan): number {
    const { fn } = this.spec;
    const kernels = this.kernels;
    const bytes = 4 * (plan.weightFloats + plan.biasFloats);
    const block = kernels.alloc(fn, bytes);
    try {
      const biasPtr = block + 4 * plan.weightFloats;
      kernels.f32(biasPtr, plan.biasFloats).set(packBias(p, plan, kernels.nr));
      // An OIHW filter, unflipped, already is the rows the NCHW and plane kernels read: it goes
      // straight to its place (C's 2.4 MB filter: ~0.8 ms of packing saved per one-shot call).
      const rowsAsGiven = p.filterLayout === 'oihw' && !p.flip && (plan.path === 'planes' || plan.path === 'nchw-direct' || plan.path === 'nchw-pointwise');
      if (plan.path === 'separable') {
        kernels.f32(block, plan.weightFloats).set(this.factors!);
      } else if (rowsAsGiven) {
        kernels.f32(block, this.filterData.length).set(this.filterData);
      } else {
        const raw = kernels.alloc(fn, 4 * this.filterData.length);
        try {
          kernels.f32(raw, this.filterData.length).set(this.filterData);
          packWeights(kernels, fn, p, plan, raw, shape2d(this.filterShape, p.filterLayout), block);
        } finally {
          kernels.release(raw);
        }
      }
    } catch (error) {
      kernels.release(block);
      throw error;
    }
    this.packed.set(plan.path, { ptr: block, bytes });
    return block;
  }
}

/**
 * A one-shot 1-D or 2-D convolution on the wasm kernels: a layer over the caller's filter
 * (not copied), run once and disposed, so its memory is free for the next call.
 */
export function wasmConvolve(kernels: WasmKernels, spec: ConvSpec, input: Tensor, filter: Tensor, options: unknown, output?: Tensor): Tensor {
  residentPointer(kernels, spec.fn, 'input', input); // a disposed or foreign engine tensor, named as such
  const layer = new WasmConvLayer(kernels, spec, filter, options, { inputShape: tensorParts(spec.fn, 'input', input).shape });
  try {
    return layer.run(input, output);
  } finally {
    layer.dispose();
  }
}
