import { CONV2D, shape2d, type ConvSpec } from '../options/conv.js';
import { resolveConvTranspose, transposeOutputShape, type ConvTransposeParams, type ConvTransposeSpec } from '../options/conv-transpose.js';
import { permute } from '../layout/permute.js';
import { activationFunction } from '../reference/activation.js';
import { checkLength, elementCount, tensorParts, type Tensor } from '../tensor.js';
import type { WasmKernels } from '../wasm/kernels.js';
import { WasmConvLayer } from './conv-layer.js';
import { residentPointer, WasmTensor } from './engine-tensor.js';
import { checkOutput, liveData } from './operands.js';
import type { RunSteps } from './run-queue.js';
import { CompositeLayer, runOnce } from './composite-layer.js';
import { phaseFilter, planPhases, widenToThree, type Phase, type PhaseConv, type PhasePlan } from './transpose-phases.js';
import { winogradWins } from './winograd-plan.js';
import { fixTranspose } from './transpose-options.js';

/**
 * Whether phases that read the same input windows share one convolution, their sub-filters
 * stacked along the output channels. Measured in one process, simd, median of 60 alternating
 * runs (Zen 5): U-Net 128→64 k2 s2 28² 1.45 ms stacked vs 1.56 separate; detector head
 * 64→32 k2 s2 40×72 1.81 vs 2.09. Phases with different paddings (k4 s2 p1) are not stacked:
 * one padding for all computed a row and a column more per phase and a 4× larger packed filter,
 * DCGAN 256→128 k4 s2 p1 16² 10.4 ms stacked vs 8.8 separate.
 */
export const STACK_PHASES = true;

interface TransposeEntry {
  readonly params: ConvTransposeParams;
  readonly outputShape: readonly number[];
  /** The input's shape in 2-D terms (a 1-D input gets its height of 1). */
  readonly inputShape4: readonly number[];
  readonly inputFloats: number;
  readonly outputFloats: number;
  /** Its phases: which cells each covers depends on the sizes. */
  readonly plan: PhasePlan;
  /** Each phase convolution's output shape, and where it starts in the call's phase scratch (floats). */
  readonly phaseShapes: readonly (readonly number[])[];
  readonly phaseOffsets: readonly number[];
  /** Floats of phase scratch a call needs: every phase's output, kept until all are computed (0 when direct). */
  readonly phaseFloats: number;
  /** The output in 2-D terms. */
  readonly outputShape4: readonly number[];
  /** One stride-1 phase covering the output: it writes the output itself. */
  readonly direct: boolean;
}

/**
 * A prepacked transposed convolution on a wasm engine: each output phase is a stride-1
 * convolution with a sub-filter of the kernel (src/engine/transpose-phases.ts), packed once as
 * an ordinary conv layer, run by the fastest conv2d path, and put in place by `scatterPhase`.
 */
export class WasmConvTransposeLayer extends CompositeLayer<TransposeEntry> {
  readonly filterShape: readonly number[];
  private readonly options: Readonly<Record<string, unknown>>;
  /** The filter in IOHW, what the sub-filters are cut from. */
  private readonly filterIohw: Float32Array;
  /** The packed phase convolutions, by {@link convKey}: input sizes that share a geometry share them. */
  private readonly convLayers = new Map<string, WasmConvLayer>();
  private readonly innerSpec: ConvSpec;

  constructor(
    kernels: WasmKernels,
    private readonly spec: ConvTransposeSpec,
    filter: Tensor,
    options: unknown,
    oneShot?: { readonly inputShape: unknown },
  ) {
    super(kernels, spec.fn);
    const fixed = fixTranspose(spec, filter, options, oneShot === undefined, oneShot?.inputShape);
    this.filterShape = fixed.filterShape;
    this.options = fixed.options;
    const p = fixed.firstParams;
    this.filterIohw = permute({ data: fixed.filterData, shape: shape2d(fixed.filterShape, p.filterLayout) }, p.filterLayout, 'iohw', spec.fn, 'the IOHW copy of the filter').data;
    this.innerSpec = { ...CONV2D, fn: spec.fn };
    const first = this.shapes.get(fixed.firstInput, (shape) => this.entryOf(shape, p));
    // A layer packs now; a one-shot call packs in run(), after its operands are checked.
    if (oneShot === undefined) this.phaseLayers(first);
  }

  protected inner(): Iterable<WasmConvLayer> {
    return this.convLayers.values();
  }

  protected forgetInner(): void {
    this.convLayers.clear();
  }

  protected resolve(shape: unknown): TransposeEntry {
    return this.entryOf(shape, resolveConvTranspose(this.spec, shape, this.filterShape, this.options));
  }

  private entryOf(shape: unknown, params: ConvTransposeParams): TransposeEntry {
    const outputShape = Object.freeze(transposeOutputShape(params, this.spec.axes.length as 1 | 2));
    const inputShape4 = Object.freeze(shape2d(shape as number[], params.inputLayout));
    const plan = winogradPhases(planPhases(params, STACK_PHASES), params);
    const phaseShapes = plan.convs.map((conv) => phaseOutputShape(conv, params, inputShape4));
    const outputShape4 = shape2d(outputShape as number[], params.inputLayout);
    const direct = plan.fills.length === 0 && plan.convs.length === 1 && writesInPlace(plan.convs[0]!, params, phaseShapes[0]!, outputShape4);
    const phaseOffsets: number[] = [];
    let phaseFloats = 0;
    for (const s of phaseShapes) {
      phaseOffsets.push(phaseFloats);
      phaseFloats += elementCount(s);
    }
    return {
      params,
      outputShape,
      inputShape4,
      inputFloats: elementCount(shape as number[]),
      outputFloats: elementCount(outputShape),
      plan,
      phaseShapes,
      phaseOffsets,
      phaseFloats: direct ? 0 : phaseFloats,
      outputShape4,
      direct,
    };
  }

  /** The packed layer of each of `entry`'s phase convolutions, made on first use. */
  private phaseLayers(entry: TransposeEntry): WasmConvLayer[] {
    const p = entry.params;
    return entry.plan.convs.map((conv) => {
      const key = convKey(conv);
      let layer = this.convLayers.get(key);
      if (layer === undefined) {
        const outChannels = conv.phases.length * p.outChannels;
        const filter = { data: phaseFilter(conv, this.filterIohw, p), shape: [outChannels, p.inChannels / p.groups, conv.kernelHeight, conv.kernelWidth] };
        const bias = p.bias === null ? undefined : stacked(p.bias, conv.phases.length);
        const options = {
          padding: conv.padding,
          dilations: conv.dilations,
          groups: p.groups,
          inputLayout: p.inputLayout,
          filterLayout: 'oihw',
          ...(bias === undefined ? {} : { bias }),
          ...(this.options.activation === undefined ? {} : { activation: stackedActivation(this.options.activation, conv.phases.length) }),
        };
        layer = new WasmConvLayer(this.kernels, this.innerSpec, filter, options);
        this.convLayers.set(key, layer);
      }
      return layer;
    });
  }

  /** @internal */
  *steps(input: Tensor, output: Tensor | undefined, async: boolean): RunSteps<Tensor> {
    this.checkAlive();
    const { fn } = this.spec;
    const kernels = this.kernels;
    const inPtr = residentPointer(kernels, fn, 'input', input);
    const x = tensorParts(fn, 'input', input);
    const entry = this.entry(x.shape);
    if (inPtr === undefined) checkLength(fn, 'input', x.data, x.shape as number[]);
    const outPtr = output === undefined ? undefined : checkOutput(kernels, fn, output, entry.outputShape, input, inPtr);
    const p = entry.params;
    const { convs, fills } = entry.plan;
    const { phaseShapes, phaseOffsets, direct } = entry;
    const [block, outScratch, phaseScratch] = kernels.reserve(fn, [
      inPtr === undefined ? 4 * entry.inputFloats : 0,
      outPtr === undefined ? 4 * entry.outputFloats : 0,
      // Every phase's output is kept until all are computed, so that pairs of them can be written together.
      4 * entry.phaseFloats,
    ]) as [number, number, number];
    try {
      // Packed on first use, once the call's memory is reserved: a call too large for the engine packs nothing.
      const layers = this.phaseLayers(entry);
      if (inPtr === undefined) kernels.f32(block, entry.inputFloats).set(liveData(fn, 'input', x.data, entry.inputFloats));
      // Views of the engine's memory in the shapes the phase convolutions take (never disposed: they own nothing).
      const inView = new WasmTensor(kernels, inPtr ?? block, entry.inputShape4);
      const outAt = outPtr ?? outScratch;
      for (let i = 0; i < convs.length; i++) {
        const into = direct ? new WasmTensor(kernels, outAt, entry.outputShape4) : new WasmTensor(kernels, phaseScratch + 4 * phaseOffsets[i]!, phaseShapes[i]!);
        yield* runLayer(layers[i]!, inView, into, async);
      }
      if (!direct) {
        const placed = convs.flatMap((conv, i) => conv.phases.map((_, index): PlacedPhase => ({ conv, index, shape: phaseShapes[i]!, at: phaseScratch + 4 * phaseOffsets[i]! })));
        place(kernels, p, placed, outAt);
      }
      if (fills.length > 0) fill(kernels.f32(outAt, entry.outputFloats), p, fills);

      if (outPtr !== undefined) return output!;
      const result = kernels.f32(outScratch, entry.outputFloats);
      if (output === undefined) return { data: result.slice(), shape: entry.outputShape };
      liveData(fn, 'output', output.data, entry.outputFloats).set(result);
      return output;
    } finally {
      kernels.release(block);
    }
  }
}

/**
 * The plan with each 2-tap phase convolution that Winograd would win on as a 3×3 widened to one
 * (`widenToThree`): FCN 64→64 k4 s2 p1 56²'s phases (2×2, 64→64, 56²), simd, median of 40 in one
 * process (Zen 5): 2.61 ms each as 2×2 correlations on nchw-direct, 1.62 ms as zero-padded 3×3s
 * on F(4×4, 3×3).
 */
export function winogradPhases(plan: PhasePlan, p: ConvTransposeParams): PhasePlan {
  const convs = plan.convs.map((conv) => {
    const wide = widenToThree(conv, p.inHeight, p.inWidth);
    if (wide === null) return conv;
    const [top, bottom, left, right] = wide.padding;
    const wins = winogradWins({
      kernelHeight: 3,
      kernelWidth: 3,
      strides: [1, 1],
      groups: p.groups,
      inChannels: p.inChannels,
      outChannels: wide.phases.length * p.outChannels,
      inputLayout: p.inputLayout,
      batch: p.batch,
      outHeight: p.inHeight + top + bottom - 2 * wide.dilations[0],
      outWidth: p.inWidth + left + right - 2 * wide.dilations[1],
    });
    return wins ? wide : conv;
  });
  return { ...plan, convs };
}

/** The shape of a phase convolution's output (stride 1): in + padBegin + padEnd − (k − 1)·d per axis, in the input's layout. */
function phaseOutputShape(conv: PhaseConv, p: ConvTransposeParams, inputShape4: readonly number[]): number[] {
  const [top, bottom, left, right] = conv.padding;
  const height = p.inHeight + top + bottom - (conv.kernelHeight - 1) * conv.dilations[0];
  const width = p.inWidth + left + right - (conv.kernelWidth - 1) * conv.dilations[1];
  const channels = conv.phases.length * p.outChannels;
  return p.inputLayout === 'nchw' ? [inputShape4[0]!, channels, height, width] : [inputShape4[0]!, height, width, channels];
}

/** A phase layer's run, its wait for the workers yielded when async (this run already holds the engine's turn). */
function* runLayer(layer: WasmConvLayer, input: Tensor, output: Tensor, async: boolean): RunSteps<void> {
  yield* layer.steps(input, output, async);
}

/**
 * One phase whose cells are all the output's (stride 1, or one cell per axis), and whose
 * correlation has exactly the output's shape with nothing to skip: it writes the output itself.
 */
function writesInPlace(conv: PhaseConv, p: ConvTransposeParams, shape: readonly number[], outShape: readonly number[]): boolean {
  const [skipH, skipW] = conv.skips[0]!;
  const { h, w } = conv.phases[0]!;
  return conv.phases.length === 1 && skipH === 0 && skipW === 0 && h.count === p.outHeight && w.count === p.outWidth &&
    shape.every((d, i) => d === outShape[i]);
}

/** What a phase convolution's packed layer depends on: its phases' taps, its padding and dilations. */
function convKey(conv: PhaseConv): string {
  return `${conv.phases.map(({ h, w }) => `${h.taps}/${w.taps}`).join(';')}|${conv.padding}|${conv.dilations}`;
}

/** A per-channel PReLU's slopes repeated for each stacked phase, as the bias is; any other activation as it is. */
function stackedActivation(activation: unknown, copies: number): unknown {
  const a = activation as { type?: unknown; slope?: unknown };
  if (a !== null && typeof a === 'object' && a.type === 'prelu' && a.slope instanceof Float32Array) return { type: 'prelu', slope: stacked(a.slope, copies) };
  return activation;
}

function stacked(bias: Float32Array, copies: number): Float32Array {
  const out = new Float32Array(bias.length * copies);
  for (let i = 0; i < copies; i++) out.set(bias, i * bias.length);
  return out;
}

/** One phase's output in the scratch: phase `index` of `conv`, whose output (of `shape`) is at `at`. */
interface PlacedPhase {
  readonly conv: PhaseConv;
  readonly index: number;
  readonly shape: readonly number[];
  readonly at: number;
}

/**
 * Puts every phase in its cells. In NCHW at width stride 2, the two width phases of each row
 * phase are written together (`interleavePair`, each output row stored once, contiguously);
 * the rest go one by one (`scatterPhase`).
 */
function place(kernels: WasmKernels, p: ConvTransposeParams, placed: readonly PlacedPhase[], dst: number): void {
  const rest = new Set(placed);
  if (p.inputLayout === 'nchw' && p.strides[1] === 2) {
    for (const a of placed) {
      const { h, w } = a.conv.phases[a.index]!;
      const b = placed.find((q) => q.conv.phases[q.index]!.h === h && q.conv.phases[q.index]!.w.first === 1);
      if (w.first !== 0 || b === undefined || !rest.has(a) || !rest.has(b)) continue;
      const wb = b.conv.phases[b.index]!.w;
      if (w.count !== wb.count && w.count !== wb.count + 1) continue;
      interleave(kernels, p, a, b, h, wb.count, w.count - wb.count, dst);
      rest.delete(a);
      rest.delete(b);
    }
  }
  for (const q of rest) scatter(kernels, p, q.conv, q.index, q.shape, q.at, dst);
}

/** NCHW source addressing of a placed phase: its first cell, and its image, channel and row strides. */
function nchwSource(q: PlacedPhase, cout: number): { first: number; image: number; channel: number; row: number } {
  const [, stackedChannels, mh, mw] = q.shape as [number, number, number, number];
  const [skipH, skipW] = q.conv.skips[q.index]!;
  return { first: q.at + 4 * (q.index * cout * mh * mw + skipH * mw + skipW), image: stackedChannels * mh * mw, channel: mh * mw, row: mw };
}

function interleave(kernels: WasmKernels, p: ConvTransposeParams, a: PlacedPhase, b: PlacedPhase, h: Phase['h'], pairs: number, tail: number, dst: number): void {
  const cout = p.outChannels;
  const [oh, ow] = [p.outHeight, p.outWidth];
  const sa = nchwSource(a, cout);
  const sb = nchwSource(b, cout);
  kernels.exports.interleavePair(
    sa.first, sb.first, dst + 4 * h.first * ow,
    p.batch, sa.image, sb.image, cout * oh * ow,
    cout, sa.channel, sb.channel, oh * ow,
    h.count, sa.row, sb.row, p.strides[0] * ow,
    pairs, tail,
  );
}

/** Puts phase `index` of `conv`'s output (shape `shape`, in the input's layout) in its cells of the output. */
function scatter(kernels: WasmKernels, p: ConvTransposeParams, conv: PhaseConv, index: number, shape: readonly number[], src: number, dst: number): void {
  const { h, w } = conv.phases[index]!;
  const [skipH, skipW] = conv.skips[index]!;
  const cout = p.outChannels;
  const stackedChannels = conv.phases.length * cout;
  const [sh, sw] = p.strides;
  const oh = p.outHeight;
  const ow = p.outWidth;
  if (p.inputLayout === 'nchw') {
    const [, , mh, mw] = shape as [number, number, number, number];
    kernels.exports.scatterPhase(
      src + 4 * (index * cout * mh * mw + skipH * mw + skipW), dst + 4 * (h.first * ow + w.first),
      p.batch, stackedChannels * mh * mw, cout * oh * ow,
      cout, mh * mw, oh * ow,
      h.count, mw, sh * ow,
      w.count, 1, sw,
      1,
    );
  } else {
    const [, mh, mw] = shape as [number, number, number, number];
    kernels.exports.scatterPhase(
      src + 4 * ((skipH * mw + skipW) * stackedChannels + index * cout), dst + 4 * (h.first * ow + w.first) * cout,
      p.batch, mh * mw * stackedChannels, oh * ow * cout,
      1, 0, 0,
      h.count, mw * stackedChannels, sh * ow * cout,
      w.count, stackedChannels, sw * cout,
      cout,
    );
  }
}

/** The cells of the phases no tap reaches: act(bias), or act(0). */
function fill(out: Float32Array, p: ConvTransposeParams, fills: readonly Phase[]): void {
  const { batch, outChannels: cout, outHeight: oh, outWidth: ow } = p;
  const [sh, sw] = p.strides;
  const nchw = p.inputLayout === 'nchw';
  for (let oc = 0; oc < cout; oc++) {
    const value = activationFunction(p.activation, oc)(p.bias === null ? 0 : p.bias[oc]!);
    for (let n = 0; n < batch; n++) {
      for (const { h, w } of fills) {
        for (let u = 0; u < h.count; u++) {
          const row = h.first + u * sh;
          for (let v = 0; v < w.count; v++) {
            const col = w.first + v * sw;
            out[nchw ? ((n * cout + oc) * oh + row) * ow + col : ((n * oh + row) * ow + col) * cout + oc] = value;
          }
        }
      }
    }
  }
}

/** A one-shot transposed convolution: a layer over the caller's filter, run once and disposed. */
export function wasmConvolveTransposed(kernels: WasmKernels, spec: ConvTransposeSpec, input: Tensor, filter: Tensor, options: unknown, output?: Tensor): Tensor {
  residentPointer(kernels, spec.fn, 'input', input);
  return runOnce(new WasmConvTransposeLayer(kernels, spec, filter, options, { inputShape: tensorParts(spec.fn, 'input', input).shape }), input, output);
}
