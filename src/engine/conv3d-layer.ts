import { CONV2D } from '../options/conv.js';
import { conv3dShapeOf, CONV3D_KEYS, resolveConv3d, type Conv3dParams } from '../options/conv3d.js';
import { readOptions } from '../options/keys.js';
import { indexMap } from '../options/padding-mode.js';
import { permute } from '../layout/permute.js';
import { checkLength, elementCount, tensorParts, type Tensor } from '../tensor.js';
import type { WasmKernels } from '../wasm/kernels.js';
import { WasmConvLayer } from './conv-layer.js';
import { nominalConv3dInput } from './layer-options.js';
import { residentPointer, WasmTensor } from './engine-tensor.js';
import { checkOutput, liveData } from './operands.js';
import type { RunSteps } from './run-queue.js';
import { CompositeLayer, runOnce } from './composite-layer.js';
import { GATHER_FLOATS, gatherDepthPlanes } from './gather-depths.js';
import { activationFunction } from '../reference/activation.js';

interface Conv3dEntry {
  readonly params: Conv3dParams;
  readonly outputShape: readonly number[];
  readonly inputFloats: number;
  readonly outputFloats: number;
  /** Which input depth each padded depth reads (−1: a zero plane). */
  readonly depthOf: Int32Array;
  /** Output depths (over all images) per chunk. */
  readonly chunk: number;
}

/**
 * A prepacked 3-D convolution on a wasm engine. The depth axis is folded into the channels: for
 * each output depth, the kD input depth planes its window reads (per the padding and its mode)
 * are gathered side by side as `kD · C` channels, and one 2-D convolution with the filter
 * reshaped to `[Cout, kD · C/G, kH, kW]` computes every output depth at once as a batch. The 2-D
 * layer is an ordinary conv layer: every path, Winograd included, and the threads serve it.
 */
export class WasmConv3dLayer extends CompositeLayer<Conv3dEntry> {
  readonly filterShape: readonly number[];
  private readonly options: Readonly<Record<string, unknown>>;
  /** The 2-D layer over the folded channels; undefined for a channel-wise conv3d (see depthTaps). */
  private readonly folded: WasmConvLayer | undefined;
  /**
   * A channel-wise conv3d (one input channel per group, X3D's) as kD depthwise 2-D layers, one
   * per depth tap, their outputs summed: folded, it would be a grouped conv of kD inputs per
   * group, which no fast path serves (0.75× ORT's 5-D Conv, docs/benchmark.md). Undefined otherwise.
   */
  private readonly depthTaps: readonly WasmConvLayer[] | undefined;

  constructor(
    kernels: WasmKernels,
    fn: string,
    filter: Tensor,
    options: unknown,
    oneShot?: { readonly inputShape: unknown },
  ) {
    super(kernels, fn);
    const w = tensorParts(fn, 'filter', filter);
    const o = { ...readOptions(fn, options, CONV3D_KEYS) };
    const first = oneShot?.inputShape ?? nominalConv3dInput(Array.isArray(w.shape) ? (w.shape as number[]) : [], o);
    const p = resolveConv3d(fn, first, w.shape, o);
    this.filterShape = Object.freeze((w.shape as number[]).slice());
    checkLength(fn, 'filter', w.data, this.filterShape);
    const bias = p.bias === null ? undefined : p.bias.slice();
    this.options = { ...o, bias };
    const channelWise = p.groups > 1 && p.groups === p.inChannels && p.kernel[0] > 1;
    this.depthTaps = channelWise ? tapLayers(kernels, fn, w.data, this.filterShape, p, o) : undefined;
    this.folded = channelWise ? undefined : new WasmConvLayer(kernels, { ...CONV2D, fn }, { data: foldedFilter(w.data, this.filterShape, p, fn), shape: foldedShape(p) }, innerOptions(p, o, bias));
    this.shapes.get(first, (shape) => this.entryOf(shape, p));
  }

  protected inner(): Iterable<WasmConvLayer> {
    return this.folded === undefined ? (this.depthTaps ?? []) : [this.folded];
  }

  protected forgetInner(): void {
    // The one inner layer is disposed; nothing is kept by key.
  }

  protected resolve(shape: unknown): Conv3dEntry {
    return this.entryOf(shape, resolveConv3d(this.fn, shape, this.filterShape, this.options));
  }

  private entryOf(shape: unknown, p: Conv3dParams): Conv3dEntry {
    const outputShape = Object.freeze(conv3dShapeOf(p));
    const inputFloats = elementCount(shape as number[]);
    const [, h, w] = p.inSize;
    const perDepth = p.kernel[0] * p.inChannels * h * w;
    const pairs = p.batch * p.outSize[0];
    return {
      params: p,
      outputShape,
      inputFloats,
      outputFloats: elementCount(outputShape),
      depthOf: indexMap(p.paddingMode, p.inSize[0], p.padding[0], p.padding[1]),
      chunk: Math.min(pairs, Math.max(1, Math.floor(Math.max(GATHER_FLOATS, inputFloats) / perDepth))),
    };
  }

  /** @internal */
  *steps(input: Tensor, output: Tensor | undefined, async: boolean): RunSteps<Tensor> {
    this.checkAlive();
    const { fn, kernels } = this;
    const inPtr = residentPointer(kernels, fn, 'input', input);
    const x = tensorParts(fn, 'input', input);
    const entry = this.entry(x.shape);
    if (inPtr === undefined) checkLength(fn, 'input', x.data, x.shape as number[]);
    const outPtr = output === undefined ? undefined : checkOutput(kernels, fn, output, entry.outputShape, input, inPtr);
    const p = entry.params;
    const ncdhw = p.inputLayout === 'ncdhw';
    const [, inH, inW] = p.inSize;
    const [outD, outH, outW] = p.outSize;
    const plane = inH * inW;
    const folded = p.kernel[0] * p.inChannels;
    const outPlane = outH * outW;
    const taps = this.depthTaps;
    const [block, outScratch, gathered, staged, summed] = kernels.reserve(fn, [
      inPtr === undefined ? 4 * entry.inputFloats : 0,
      outPtr === undefined ? 4 * entry.outputFloats : 0,
      // The folded layer gathers kD planes per output depth; the channel-wise taps one at a time.
      4 * entry.chunk * (taps === undefined ? folded : p.inChannels) * plane,
      ncdhw || taps !== undefined ? 4 * entry.chunk * p.outChannels * outPlane : 0,
      taps !== undefined ? 4 * entry.chunk * p.outChannels * outPlane : 0,
    ]) as [number, number, number, number, number];
    try {
      if (inPtr === undefined) kernels.f32(block, entry.inputFloats).set(liveData(fn, 'input', x.data, entry.inputFloats));
      const src = inPtr ?? block;
      const dst = outPtr ?? outScratch;
      const pairs = p.batch * outD;
      for (let q0 = 0; q0 < pairs && taps !== undefined; q0 += entry.chunk) {
        const count = Math.min(entry.chunk, pairs - q0);
        const inShape = ncdhw ? [count, p.inChannels, inH, inW] : [count, inH, inW, p.inChannels];
        const outShape = ncdhw ? [count, p.outChannels, outH, outW] : [count, outH, outW, p.outChannels];
        const floats = count * p.outChannels * outPlane;
        for (let a = 0; a < taps.length; a++) {
          // Depth tap a of output depth od of image n reads the padded depth od·sd + a·dd.
          gatherDepthPlanes(kernels, { ncdhw, groups: p.groups, channels: p.inChannels, depth: p.inSize[0], plane }, src, gathered, count, (i) => {
            const n = Math.floor((q0 + i) / outD);
            const od = q0 + i - n * outD;
            return { n, depths: [entry.depthOf[od * p.strides[0] + a * p.dilations[0]]!] };
          });
          yield* taps[a]!.steps(new WasmTensor(kernels, gathered, inShape), new WasmTensor(kernels, a === 0 ? summed : staged, outShape), async);
          if (a > 0) kernels.exports.accumulateFloats(summed, staged, floats);
        }
        finishChannelWise(kernels, p, summed, dst, q0, count);
      }
      for (let q0 = 0; q0 < pairs && this.folded !== undefined; q0 += entry.chunk) {
        const count = Math.min(entry.chunk, pairs - q0);
        // Output depth od of image n reads the kD padded depths od·sd + a·dd.
        gatherDepthPlanes(kernels, { ncdhw, groups: p.groups, channels: p.inChannels, depth: p.inSize[0], plane }, src, gathered, count, (i) => {
          const n = Math.floor((q0 + i) / outD);
          const od = q0 + i - n * outD;
          return { n, depths: Array.from({ length: p.kernel[0] }, (_, a) => entry.depthOf[od * p.strides[0] + a * p.dilations[0]]!) };
        });
        const into = ncdhw ? staged : dst + 4 * q0 * outPlane * p.outChannels;
        const inShape = ncdhw ? [count, folded, inH, inW] : [count, inH, inW, folded];
        const outShape = ncdhw ? [count, p.outChannels, outH, outW] : [count, outH, outW, p.outChannels];
        yield* this.folded.steps(new WasmTensor(kernels, gathered, inShape), new WasmTensor(kernels, into, outShape), async);
        // NCDHW: [pair][Cout][plane] → [n][Cout][depth][plane], a plane at a time.
        if (ncdhw) {
          const mem = kernels.f32(0, kernels.buffer.byteLength >> 2);
          for (let q = q0; q < q0 + count; q++) {
            const n = Math.floor(q / outD);
            const od = q - n * outD;
            for (let co = 0; co < p.outChannels; co++) {
              const from = (staged >> 2) + ((q - q0) * p.outChannels + co) * outPlane;
              mem.copyWithin((dst >> 2) + ((n * p.outChannels + co) * outD + od) * outPlane, from, from + outPlane);
            }
          }
        }
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
}

/** The per-tap layers of a channel-wise conv3d: tap a's 2-D depthwise filter `w[·, ·, a]`, the bias on the first, no activation (it comes after the sum). */
function tapLayers(kernels: WasmKernels, fn: string, data: Float32Array, shape: readonly number[], p: Conv3dParams, o: Record<string, unknown>): WasmConvLayer[] {
  const w = permute({ data, shape }, p.filterLayout, 'oidhw', fn, 'the OIDHW copy of the filter').data;
  const [kD, kH, kW] = p.kernel;
  const taps = kH * kW;
  return Array.from({ length: kD }, (_, a) => {
    const filter = new Float32Array(p.outChannels * taps);
    for (let m = 0; m < p.outChannels; m++) filter.set(w.subarray((m * kD + a) * taps, (m * kD + a + 1) * taps), m * taps);
    // The first tap adds the bias; the activation comes after the sum.
    const options = { ...innerOptions(p, o, a === 0 && p.bias !== null ? p.bias.slice() : undefined), activation: undefined };
    return new WasmConvLayer(kernels, { ...CONV2D, fn }, { data: filter, shape: [p.outChannels, 1, kH, kW] }, options);
  });
}

/** A channel-wise chunk's summed taps (the bias in already) through the activation, to their output depths. */
function finishChannelWise(kernels: WasmKernels, p: Conv3dParams, summed: number, dst: number, q0: number, count: number): void {
  const [outD, outH, outW] = p.outSize;
  const plane = outH * outW;
  const cout = p.outChannels;
  const none = p.activation.type === 'none';
  const sum = kernels.f32(summed, count * cout * plane);
  const mem = kernels.f32(0, kernels.buffer.byteLength >> 2);
  const acts = Array.from({ length: cout }, (_, c) => activationFunction(p.activation, c));
  for (let q = q0; q < q0 + count; q++) {
    const n = Math.floor(q / outD);
    const od = q - n * outD;
    const from = (q - q0) * cout * plane;
    if (p.inputLayout === 'ncdhw') {
      for (let c = 0; c < cout; c++) {
        const to = (dst >> 2) + ((n * cout + c) * outD + od) * plane;
        const at = (summed >> 2) + from + c * plane;
        if (none) {
          mem.copyWithin(to, at, at + plane);
          continue;
        }
        const act = acts[c]!;
        for (let k = 0; k < plane; k++) mem[to + k] = act(sum[from + c * plane + k]!);
      }
    } else {
      const to = (dst >> 2) + (n * outD + od) * plane * cout;
      if (none) {
        mem.copyWithin(to, (summed >> 2) + from, (summed >> 2) + from + plane * cout);
        continue;
      }
      for (let k = 0; k < plane * cout; k++) mem[to + k] = acts[k % cout]!(sum[from + k]!);
    }
  }
}

/** The 2-D filter's shape: `[Cout, kD · C/G, kH, kW]`. */
function foldedShape(p: Conv3dParams): number[] {
  return [p.outChannels, p.kernel[0] * (p.inChannels / p.groups), p.kernel[1], p.kernel[2]];
}

/** The OIDHW (or DHWIO) filter as the 2-D OIHW filter of the folded channels: `w2[o][a·C/G + c][i][j] = w[o][c][a][i][j]`. */
function foldedFilter(data: Float32Array, shape: readonly number[], p: Conv3dParams, fn: string): Float32Array {
  const w = permute({ data, shape }, p.filterLayout, 'oidhw', fn, 'the OIDHW copy of the filter').data;
  const [kD, kH, kW] = p.kernel;
  const cg = p.inChannels / p.groups;
  const out = new Float32Array(w.length);
  const taps = kH * kW;
  for (let o = 0; o < p.outChannels; o++) {
    for (let c = 0; c < cg; c++) {
      for (let a = 0; a < kD; a++) {
        const from = ((o * cg + c) * kD + a) * taps;
        out.set(w.subarray(from, from + taps), ((o * kD + a) * cg + c) * taps);
      }
    }
  }
  return out;
}

/**
 * The 2-D layer's options: height and width as given, the depth folded away. A padding word stays
 * a word (SAME's padding depends on the input size, and is the same rule per axis in 2-D).
 */
function innerOptions(p: Conv3dParams, o: Record<string, unknown>, bias: Float32Array | undefined): Record<string, unknown> {
  const [, , top, bottom, left, right] = p.padding;
  return {
    padding: typeof o.padding === 'string' ? o.padding : [top, bottom, left, right],
    paddingMode: p.paddingMode,
    strides: [p.strides[1], p.strides[2]],
    dilations: [p.dilations[1], p.dilations[2]],
    groups: p.groups,
    inputLayout: p.inputLayout === 'ncdhw' ? 'nchw' : 'nhwc',
    filterLayout: 'oihw',
    ...(bias === undefined ? {} : { bias }),
    ...(o.activation === undefined ? {} : { activation: o.activation }),
  };
}

/** A one-shot 3-D convolution: a layer run once and disposed. */
export function wasmConv3d(kernels: WasmKernels, fn: string, input: Tensor, filter: Tensor, options: unknown, output?: Tensor): Tensor {
  const inPtr = residentPointer(kernels, fn, 'input', input);
  // Every operand is checked before the filter is packed: a bad call allocates nothing.
  const x = tensorParts(fn, 'input', input);
  const w = tensorParts(fn, 'filter', filter);
  const p = resolveConv3d(fn, x.shape, w.shape, options);
  checkLength(fn, 'filter', w.data, w.shape as number[]);
  if (inPtr === undefined) checkLength(fn, 'input', x.data, x.shape as number[]);
  if (output !== undefined) checkOutput(kernels, fn, output, conv3dShapeOf(p), input, inPtr);
  return runOnce(new WasmConv3dLayer(kernels, fn, filter, options, { inputShape: x.shape }), input, output);
}
