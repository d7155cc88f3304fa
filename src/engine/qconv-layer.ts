import { rangeError, show, typeError } from '../errors.js';
import { shape2d, type ConvSpec } from '../options/conv.js';
import { checkQLayerOptions, qLayerWindow, resolveQConv, resolveQFilter, resolveQGeometry, type QConvParams, type QFilterParams } from '../quant/qconv-options.js';
import { accumulateQuantized, requantizeInto } from '../reference/qlinear-conv.js';
import { checkQuantizedLength, quantizedParts, type QuantizedArray, type QuantizedTensor, type QuantizedType } from '../quant/tensor.js';
import { outputShapeOf } from '../shape/conv-shape.js';
import { checkElementCount } from '../shape/element-limit.js';
import { elementCount } from '../tensor.js';
import * as A from '../wasm/args.js';
import type { WasmKernels } from '../wasm/kernels.js';
import { disposedLayer, type QuantizedConvLayer, type QuantizedResult } from './layer.js';
import { packQFilter, type QPackedFilter } from './qconv-pack.js';
import { planesScratch, runsOnPlanes } from './qconv-planes.js';
import { packQWinograd, planeBytes, qWinogradAlways, qWinogradExact, qWinogradLayer, WINOGRAD_GROUPS, type QWinogradFilter } from './qconv-winograd.js';
import { runNow, runQueued, tileSteps, type RunSteps } from './run-queue.js';
import { ShapeCache } from './shape-cache.js';
import { callWork } from './tiles.js';

/** Per thread: the bytes the epilogue spills a partial block through (QCONV_SPILL_BYTES); the kernels' tap table follows. */
const SPILL_FLOATS = A.QCONV_SPILL_BYTES / 4;

/**
 * Bytes past the padded copy that the dense kernel may read. A kernel row read as one run of an
 * odd channel count (src/engine/qconv-pack.ts) ends on a pair whose second value lies one int16
 * past the window: the next pixel's first channel, or, for the last pixel of the last image,
 * past the copy. Its weight is 0, so any value will do, but the memory must be there.
 */
const RUN_SLACK_BYTES = 16;

/** What a layer resolves per input shape and type: the call, validated. */
interface QResolved {
  readonly q: QConvParams;
  readonly outputShape: readonly number[];
  readonly outputElements: number;
  /** The wasm kernels' arguments, made on a wasm layer's first run (they depend on its packed filter's layout). */
  entry?: QEntry;
}

/** What the kernels need per input shape and type. */
interface QEntry {
  readonly inputBytes: number;
  readonly paddedBytes: number;
  /** The argument block, encoded, with the packed filter's addresses: a call adds its buffers'. */
  readonly args: Int32Array;
  readonly prologueTiles: number;
  /** The NCHW depthwise kernel's (no prologue, no padded copy), else the prologue's and the kernel's. */
  readonly planes: boolean;
  /** int8 Winograd's: its GEMM's argument block, its buffers' sizes, its tiles (images × tile rows). */
  readonly winograd?: { readonly gemmArgs: Int32Array; readonly vBytes: number; readonly mBytes: number; readonly tiles: number; readonly gemmTiles: number };
  readonly tiles: number;
  readonly macs: number;
  /** Per thread: the spill, and the kernels' table of tap (run) offsets. */
  readonly scratchFloats: number;
}

/**
 * The output operand's array, checked as a float layer's output (src/engine/operands.ts): a
 * tensor `{ data, shape }` of the output type, the expected shape and length. A
 * `Uint8ClampedArray` is a uint8 output (as it is a uint8 input): written through a view of its bytes.
 */
function checkOutputOf(fn: string, output: unknown, shape: readonly number[], type: QuantizedType | 'int32', inputShape: unknown): QuantizedArray | Int32Array {
  const Expected = type === 'int32' ? Int32Array : type === 'int8' ? Int8Array : Uint8Array;
  if (output === null || typeof output !== 'object' || ArrayBuffer.isView(output)) {
    const hint = ArrayBuffer.isView(output) ? '; a bare array is not a tensor: give { data, shape }' : '';
    typeError(fn, `output must be a tensor { data: ${Expected.name}, shape }, got ${show(output)}${hint}`);
  }
  const { data: given, shape: givenShape } = output as { data?: unknown; shape?: unknown };
  const data = type === 'uint8' && given instanceof Uint8ClampedArray ? new Uint8Array(given.buffer, given.byteOffset, given.length) : given;
  if (!(data instanceof Expected)) {
    const article = Expected === Uint8Array ? 'a' : 'an';
    typeError(fn, `output.data must be ${article} ${Expected.name} (the output type is ${type}), got ${show(given)}`);
  }
  const wrongShape = `output must have shape ${show(shape)} for an input of shape ${show(inputShape)}, got ${show(givenShape)}`;
  if (!Array.isArray(givenShape)) typeError(fn, wrongShape);
  if (givenShape.length !== shape.length || givenShape.some((d, i) => d !== shape[i])) rangeError(fn, wrongShape);
  checkQuantizedLength(fn, 'output', data, shape);
  return data;
}

/** A one-shot call's operands: its layer is made, run once on them and disposed. */
export interface QOneShot {
  readonly input: unknown;
  readonly output: unknown;
}

/** The shape-and-type-keyed resolution both backends share. */
abstract class QLayerBase<Out extends QuantizedResult> implements QuantizedConvLayer<Out> {
  protected readonly filter: QFilterParams;
  protected readonly filterData: QuantizedArray;
  readonly filterShape: readonly number[];
  private readonly cache: Record<QuantizedType, ShapeCache<QResolved>> = { uint8: new ShapeCache(), int8: new ShapeCache() };
  protected isDisposed = false;

  /**
   * Validates the filter and every option's form, as a float layer does when it is made. A
   * one-shot call (`oneShot`) checks its input, its options against that input (with its type in
   * the messages) and its output here instead: before a wasm layer packs its filter into engine
   * memory, so a bad call touches none, and in the order the js engine and the reference check.
   */
  constructor(protected readonly spec: ConvSpec, protected readonly quantized: boolean, filter: QuantizedTensor, options: unknown, oneShot?: QOneShot) {
    const { fn } = spec;
    const w = quantizedParts(fn, 'filter', filter);
    this.filter = resolveQFilter(spec, quantized, w.shape, w.type, options);
    checkQuantizedLength(fn, 'filter', w.data, w.shape as number[]);
    // A layer that reads the filter at each run keeps a copy (as float layers do): a later
    // write to the caller's array changes nothing, as it changes nothing for a packed one.
    this.filterData = oneShot === undefined && this.readsFilterAtRun() ? w.data.slice() : w.data;
    this.filterShape = Object.freeze((w.shape as number[]).slice());
    if (oneShot === undefined) checkQLayerOptions(spec, this.filter, this.filterShape);
    else this.checked(oneShot.input, oneShot.output);
  }

  get disposed(): boolean {
    return this.isDisposed;
  }

  abstract get packedBytes(): number;

  outputShape(inputShape: readonly number[]): number[] {
    this.checkAlive();
    const p = resolveQGeometry(this.spec, this.filter, inputShape, this.filterShape);
    return outputShapeOf(p, this.spec.axes.length as 1 | 2);
  }

  run(input: QuantizedTensor, output?: Out): Out {
    const kernels = this.kernelsOrNone();
    const steps = this.steps(input, output, false);
    if (kernels !== undefined) return runNow(kernels, steps);
    const step = steps.next(); // the js layer's steps never wait
    if (!step.done) throw new Error('simdconv: internal error: a js layer waited');
    return step.value;
  }

  runAsync(input: QuantizedTensor, output?: Out): Promise<Out> {
    const kernels = this.kernelsOrNone();
    if (kernels === undefined) return Promise.resolve().then(() => this.run(input, output));
    return runQueued(kernels, () => this.steps(input, output, true));
  }

  dispose(): void {
    this.isDisposed = true;
    this.cache.uint8.clear();
    this.cache.int8.clear();
  }

  protected abstract kernelsOrNone(): WasmKernels | undefined;

  /** Whether `run` reads `filterData` (the js layer), or the filter was packed when the layer was made. */
  protected readsFilterAtRun(): boolean {
    return false;
  }
  protected abstract steps(input: QuantizedTensor, output: Out | undefined, async: boolean): RunSteps<Out>;

  protected checkAlive(): void {
    if (this.isDisposed) throw disposedLayer(this.spec.fn, this.filterShape);
  }

  /** The input checked and resolved; the output checked (undefined when none is given). */
  private checked(input: unknown, output: unknown) {
    const { fn } = this.spec;
    const x = quantizedParts(fn, 'input', input);
    const r = this.resolved(x.shape, x.type);
    checkQuantizedLength(fn, 'input', x.data, x.shape as number[]);
    const type = r.q.requant?.outputType ?? 'int32';
    const given = output === undefined ? undefined : checkOutputOf(fn, output, r.outputShape, type, x.shape);
    return { x, r, type, given };
  }

  /** The input checked and resolved; the output checked or allocated. */
  protected operands(input: QuantizedTensor, output: Out | undefined) {
    this.checkAlive();
    const { x, r, type, given } = this.checked(input, output);
    const n = r.outputElements;
    const out = given ?? (type === 'int32' ? new Int32Array(n) : type === 'int8' ? new Int8Array(n) : new Uint8Array(n));
    const result = (output ?? { data: out, shape: r.outputShape.slice() }) as Out;
    return { x, r, out, result };
  }

  /** The call for an input shape and type, validated (resolveQConv, the element limit); cached. */
  private resolved(shape: unknown, type: QuantizedType): QResolved {
    return this.cache[type].get(shape, (s) => {
      const q = resolveQConv(this.spec, this.quantized, s, type, this.filter, this.filterShape);
      const outputShape = outputShapeOf(q.conv, this.spec.axes.length as 1 | 2);
      checkElementCount(this.spec.fn, 'the output', outputShape);
      return { q, outputShape, outputElements: elementCount(outputShape) };
    });
  }

}

/** A quantized convolution on a wasm engine: the filter packed into engine memory once. */
export class WasmQConvLayer<Out extends QuantizedResult> extends QLayerBase<Out> {
  private readonly packed: QPackedFilter;
  private readonly block: number;
  private readonly bytes: number;

  constructor(private readonly kernels: WasmKernels, spec: ConvSpec, quantized: boolean, filter: QuantizedTensor, options: unknown, oneShot?: QOneShot) {
    super(spec, quantized, filter, options, oneShot);
    // int8 Winograd's U' first: where every call will take it, the direct filter is not packed.
    const window = qLayerWindow(spec, this.filter.options);
    const winograd = qWinogradLayer(this.filter, window) ? packQWinograd(this.filterData, this.filter) : null;
    const direct = winograd === null || !qWinogradAlways(this.filter, winograd);
    this.packed = packQFilter(this.filterData, this.filter, window, kernels.exactDot, direct);
    const { weights, scales } = this.packed;
    // The dot kernel folds −uZero · Σ w' into the bias, uZero the input's zero point as a uint8
    // byte: one bias for uint8 inputs and one for int8 (whose bytes are read as x + 128).
    const biases = this.packed.kind === 'dot' ? [this.foldedBias('uint8'), this.foldedBias('int8')] : [this.packed.bias];
    const biasBytes = biases[0]!.byteLength;
    const planeWeights = this.packed.planeWeights;
    this.bytes = weights.byteLength + biases.length * biasBytes + scales.byteLength + (planeWeights?.byteLength ?? 0);
    this.block = kernels.alloc(spec.fn, this.bytes);
    const memory = kernels.buffer;
    new Uint8Array(memory, this.block, weights.byteLength).set(new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength));
    biases.forEach((b, i) => new Int32Array(memory, this.block + weights.byteLength + i * biasBytes, b.length).set(b));
    this.biasAt = { uint8: this.block + weights.byteLength, int8: this.block + weights.byteLength + (biases.length - 1) * biasBytes };
    this.scalesAt = this.block + weights.byteLength + biases.length * biasBytes;
    new Float32Array(memory, this.scalesAt, scales.length).set(scales);
    this.planesAt = this.scalesAt + scales.byteLength;
    if (planeWeights !== null) new Int16Array(memory, this.planesAt, planeWeights.length).set(planeWeights);
    // int8 Winograd (3×3, stride 1): its own U' (16/9 of the filter's int16s), a zero bias for its
    // GEMM, and the plain bias (the dot kernel's packed bias has its zero-point term folded in).
    if (winograd !== null) {
      const w = winograd;
      const gemmBias = w.blocks * A.QCONV_OC_BLOCK * 4;
      const bias = this.filter.bias ?? new Int32Array(this.filter.outChannels);
      const bytes = w.weights.byteLength + gemmBias + bias.byteLength;
      const at = kernels.alloc(spec.fn, bytes);
      new Int16Array(kernels.buffer, at, w.weights.length).set(w.weights);
      new Uint8Array(kernels.buffer, at + w.weights.byteLength, gemmBias).fill(0);
      new Int32Array(kernels.buffer, at + w.weights.byteLength + gemmBias, bias.length).set(bias);
      this.winograd = { filter: w, weightsAt: at, gemmBiasAt: at + w.weights.byteLength, biasAt: at + w.weights.byteLength + gemmBias, bytes };
    }
  }

  /** int8 Winograd's packed filter and where its parts are, for 3×3 stride-1 layers of one group. */
  private readonly winograd: { readonly filter: QWinogradFilter; readonly weightsAt: number; readonly gemmBiasAt: number; readonly biasAt: number; readonly bytes: number } | null = null;

  /** Where the NCHW depthwise kernel's filter is (after the scales), if packed. */
  private readonly planesAt: number;

  private readonly biasAt: Record<QuantizedType, number>;
  private readonly scalesAt: number;

  /** The dot kernel's bias for inputs of `type`: bias − uZero · Σ w', wrapping as int32. */
  private foldedBias(type: QuantizedType): Int32Array {
    const { bias, weightSums } = this.packed;
    const xZero = this.filter.options.inputZeroPoint;
    const uZero = (typeof xZero === 'number' ? xZero : 0) + (type === 'int8' ? 128 : 0);
    const folded = bias.slice();
    weightSums!.forEach((sum, oc) => (folded[oc] = (folded[oc]! - Math.imul(uZero, sum)) | 0));
    return folded;
  }

  get packedBytes(): number {
    return this.isDisposed ? 0 : this.bytes + (this.winograd?.bytes ?? 0);
  }

  override dispose(): void {
    if (!this.isDisposed) {
      this.kernels.release(this.block);
      if (this.winograd !== null) this.kernels.release(this.winograd.weightsAt);
    }
    super.dispose();
  }

  protected kernelsOrNone(): WasmKernels {
    return this.kernels;
  }

  /** The kernels' arguments for a resolved call, in the packed filter's layout. */
  private entryOf({ q, outputElements }: QResolved): QEntry {
    const p = q.conv;
    const { packed } = this;
    const paddedHeight = p.inHeight + p.padding[0] + p.padding[1];
    const paddedWidth = p.inWidth + p.padding[2] + p.padding[3];
    const pixelStride = packed.kind === 'depthwise' ? Math.ceil(p.inChannels / 8) * 8 : p.groups * packed.groupStride;
    const planes = packed.planeWeights !== null && runsOnPlanes(p, p.inputLayout === 'nchw');
    const scratch = planes ? planesScratch(p) : null;
    const slots = A.windowSlots(p);
    slots[A.A_GROUPS] = p.groups;
    slots[A.A_Q_INPUT_ZERO] = q.inputZeroPoint;
    const r = q.requant;
    slots[A.A_Q_OUTPUT_ZERO] = r?.outputZeroPoint ?? 0;
    slots[A.A_Q_LOW] = r?.low ?? 0;
    slots[A.A_Q_HIGH] = r?.high ?? 0;
    slots[A.A_Q_FLAGS] =
      (q.inputType === 'int8' ? A.QCONV_INPUT_SIGNED : 0) |
      (r?.outputType === 'int8' ? A.QCONV_OUTPUT_SIGNED : 0) |
      (p.inputLayout === 'nchw' ? A.QCONV_NCHW : 0) |
      (r === null ? A.QCONV_INT32 : 0);
    slots[A.A_Q_GROUP_STRIDE] = packed.groupStride;
    slots[A.A_Q_PIXEL_STRIDE] = pixelStride;
    slots[A.A_Q_OC_BLOCKS] = packed.blocks;
    slots[A.A_WEIGHTS] = planes ? this.planesAt : this.block;
    slots[A.A_BIAS] = this.biasAt[q.inputType];
    slots[A.A_Q_SCALES] = this.scalesAt;
    const macs = outputElements * p.kernelHeight * p.kernelWidth * (p.inChannels / p.groups);
    const inputBytes = p.batch * p.inChannels * p.inHeight * p.inWidth;
    const winograd = this.winograd;
    if (winograd !== null && qWinogradExact(this.filter, winograd.filter, q.inputType, q.inputZeroPoint)) {
      // The prologue's padded copy, padded on to whole 2 × 2 tiles (one more row or column of
      // zeros when the output's side is odd), channels paired.
      const tilesHigh = Math.ceil(p.outHeight / 2);
      const tilesWide = Math.ceil(p.outWidth / 2);
      const { slots: groupSlots, blocks } = winograd.filter;
      slots[A.A_PAD_BOTTOM] = p.padding[1] + (2 * tilesHigh + 2 - (p.inHeight + p.padding[0] + p.padding[1]));
      slots[A.A_PAD_RIGHT] = p.padding[3] + (2 * tilesWide + 2 - (p.inWidth + p.padding[2] + p.padding[3]));
      slots[A.A_Q_PIXEL_STRIDE] = groupSlots;
      slots[A.A_Q_GROUP_STRIDE] = groupSlots;
      slots[A.A_BIAS] = winograd.biasAt;
      const vPlane = planeBytes(2 * tilesHigh * tilesWide * groupSlots);
      const mPlane = planeBytes(4 * tilesHigh * tilesWide * p.outChannels);
      slots[A.A_Q_WINOGRAD_V_PLANE] = vPlane;
      slots[A.A_Q_WINOGRAD_M_PLANE] = mPlane;
      const gemm = new Array<number>(A.ARG_SLOTS).fill(0);
      // The GEMM: a 1×1 over V's 16 planes per image as 16 images of tiles, int32 out in the same
      // planes, image n taking the filter of tile position n mod 16 (QCONV_IMAGE_FILTERS).
      gemm[A.A_IN_CHANNELS] = groupSlots;
      gemm[A.A_IN_HEIGHT] = gemm[A.A_OUT_HEIGHT] = tilesHigh;
      gemm[A.A_IN_WIDTH] = gemm[A.A_OUT_WIDTH] = tilesWide;
      gemm[A.A_OUT_CHANNELS] = p.outChannels;
      gemm[A.A_KERNEL_HEIGHT] = gemm[A.A_KERNEL_WIDTH] = 1;
      gemm[A.A_STRIDE_H] = gemm[A.A_STRIDE_W] = gemm[A.A_DILATION_H] = gemm[A.A_DILATION_W] = 1;
      gemm[A.A_GROUPS] = 1;
      gemm[A.A_Q_FLAGS] = A.QCONV_INT32 | A.QCONV_IMAGE_FILTERS;
      gemm[A.A_Q_IMAGE_FILTERS] = WINOGRAD_GROUPS;
      gemm[A.A_Q_WINOGRAD_V_PLANE] = vPlane;
      gemm[A.A_Q_WINOGRAD_M_PLANE] = mPlane;
      gemm[A.A_Q_PIXEL_STRIDE] = groupSlots;
      gemm[A.A_Q_GROUP_STRIDE] = groupSlots;
      gemm[A.A_Q_OC_BLOCKS] = blocks;
      gemm[A.A_WEIGHTS] = winograd.weightsAt;
      gemm[A.A_BIAS] = winograd.gemmBiasAt;
      gemm[A.A_Q_SCALES] = this.scalesAt;
      const paddedRows = 2 * tilesHigh + 2;
      return {
        inputBytes,
        paddedBytes: 2 * p.batch * paddedRows * (2 * tilesWide + 2) * groupSlots,
        args: A.encodeArgs(slots),
        prologueTiles: p.batch * paddedRows,
        planes: false,
        tiles: p.batch * tilesHigh,
        macs,
        scratchFloats: SPILL_FLOATS + 1,
        winograd: { gemmArgs: A.encodeArgs(gemm), vBytes: p.batch * WINOGRAD_GROUPS * vPlane, mBytes: p.batch * WINOGRAD_GROUPS * mPlane, tiles: p.batch * tilesHigh, gemmTiles: p.batch * WINOGRAD_GROUPS * tilesHigh },
      };
    }
    // Not reached: a layer without the direct filter is exact for every input (qWinogradAlways).
    if (packed.weights.length === 0) throw new Error(`${this.spec.fn}: internal error: the direct int8 filter was not packed`);
    if (scratch !== null) {
      slots[A.A_Q_ROW_PAIRS] = scratch.rowPairs;
      slots[A.A_Q_BAND_ROWS] = scratch.bandRows;
      slots[A.A_Q_ROW_AT] = scratch.rowAt;
      slots[A.A_Q_BAND_AT] = scratch.bandAt;
      const args = A.encodeArgs(slots);
      // Tiles: images × channels × output rows; the pair rows are built in each thread's scratch.
      return { inputBytes, paddedBytes: 0, args, prologueTiles: 0, planes, tiles: p.batch * p.outChannels * p.outHeight, macs, scratchFloats: scratch.bytes / 4 };
    }
    return {
      inputBytes,
      paddedBytes: 2 * p.batch * paddedHeight * paddedWidth * pixelStride + RUN_SLACK_BYTES,
      args: A.encodeArgs(slots),
      prologueTiles: p.batch * paddedHeight,
      planes,
      tiles: p.batch * p.outHeight,
      macs,
      scratchFloats: SPILL_FLOATS + (packed.kind === 'depthwise' ? 2 * Math.ceil((p.kernelHeight * p.kernelWidth) / 2) : p.kernelHeight * p.kernelWidth),
    };
  }


  protected *steps(input: QuantizedTensor, output: Out | undefined, async: boolean): RunSteps<Out> {
    const { kernels, packed, spec } = this;
    const { fn } = spec;
    const { x, r, out, result } = this.operands(input, output);
    const e = (r.entry ??= this.entryOf(r));
    const wg = e.winograd;
    const size = out.BYTES_PER_ELEMENT;
    // One block: the input; int8 Winograd's GEMM arguments, V and M (where it runs); the padded
    // copy and the output just before each thread's scratch (test/helpers/tile-schedule.ts fills
    // from the copy to the scratch with NaN before a prologue).
    const [inAt, gemmAt, vAt, mAt, workAt, outAt, scratch] = kernels.reserve(fn, [
      e.inputBytes,
      wg === undefined ? 0 : 4 * A.ARG_SLOTS,
      wg?.vBytes ?? 0,
      wg?.mBytes ?? 0,
      e.paddedBytes,
      size * r.outputElements,
      kernels.threads * kernels.scratchStride(e.scratchFloats),
    ]) as [number, number, number, number, number, number, number];
    try {
      new Uint8Array(kernels.buffer, inAt, e.inputBytes).set(new Uint8Array(x.data.buffer, x.data.byteOffset, x.data.length));
      const block = kernels.argBlock();
      block.set(e.args);
      block[A.A_INPUT] = inAt;
      block[A.A_WORK] = workAt;
      block[A.A_OUTPUT] = outAt;
      const args = kernels.argsPtr;
      const k = kernels.exports;
      const work = callWork(e.macs, e.inputBytes + size * r.outputElements);
      if (wg !== undefined) {
        // int8 Winograd F(2×2, 3×3) (assembly/qconv-winograd.ts): the padded copy, the input
        // transform, the GEMM (the dense kernel on an argument block of its own: a 1×1 over 16
        // images per image, one per tile position), the output transform.
        block[A.A_Q_WINOGRAD_V] = vAt;
        block[A.A_Q_WINOGRAD_M] = mAt;
        const gemm = new Int32Array(kernels.buffer, gemmAt, A.ARG_SLOTS);
        gemm.set(wg.gemmArgs);
        gemm[A.A_WORK] = vAt;
        gemm[A.A_OUTPUT] = mAt;
        yield* tileSteps(async, kernels, k.qconvPrologue, args, scratch, e.scratchFloats, e.prologueTiles, fn, work);
        yield* tileSteps(async, kernels, k.qconvWinogradInput, args, scratch, e.scratchFloats, wg.tiles, fn, work);
        yield* tileSteps(async, kernels, k.qconvDense, gemmAt, scratch, e.scratchFloats, wg.gemmTiles, fn, work);
        yield* tileSteps(async, kernels, k.qconvWinogradOutput, args, scratch, e.scratchFloats, wg.tiles, fn, work);
      } else {
        const dot = packed.kind === 'dot';
        const prologue = dot ? k.qconvDotPrologue : k.qconvPrologue;
        if (!e.planes) yield* tileSteps(async, kernels, prologue, args, scratch, e.scratchFloats, e.prologueTiles, fn, work);
        const task = e.planes ? k.qconvDepthwisePlanes : dot ? k.qconvDenseDot : packed.kind === 'depthwise' ? k.qconvDepthwise : k.qconvDense;
        yield* tileSteps(async, kernels, task, args, scratch, e.scratchFloats, e.tiles, fn, work);
      }
      const View = out.constructor as Int32ArrayConstructor | Uint8ArrayConstructor | Int8ArrayConstructor;
      out.set(new View(kernels.buffer, outAt, r.outputElements) as never);
      return result;
    } finally {
      kernels.release(inAt);
    }
  }
}

/** A quantized convolution on the js engine: the reference's arithmetic. */
export class JsQConvLayer<Out extends QuantizedResult> extends QLayerBase<Out> {
  get packedBytes(): number {
    return 0;
  }

  protected kernelsOrNone(): undefined {
    return undefined;
  }

  protected override readsFilterAtRun(): boolean {
    return true;
  }

  // eslint-disable-next-line require-yield
  protected *steps(input: QuantizedTensor, output: Out | undefined): RunSteps<Out> {
    const { x, r, out, result } = this.operands(input, output);
    const { q } = r;
    const acc = accumulateQuantized(x.data, x.shape as number[], this.filterData, shape2d(this.filterShape, q.conv.filterLayout), q);
    if (q.requant === null) (out as Int32Array).set(acc);
    else requantizeInto(acc, q, out as QuantizedArray);
    return result;
  }
}
