import { CONV_TRANSPOSE2D, CONV_TRANSPOSE3D, resolveTransposeAxes, type TransposeAxes } from '../options/conv-transpose.js';
import { readOptions } from '../options/keys.js';
import { permute } from '../layout/permute.js';
import { activationFunction } from '../reference/activation.js';
import { checkLength, elementCount, tensorParts, type Tensor } from '../tensor.js';
import type { WasmKernels } from '../wasm/kernels.js';
import { WasmConvTransposeLayer } from './conv-transpose-layer.js';
import { nominalConvTranspose3dInput } from './layer-options.js';
import { residentPointer, WasmTensor } from './engine-tensor.js';
import { checkOutput, liveData } from './operands.js';
import type { RunSteps } from './run-queue.js';
import { CompositeLayer, runOnce } from './composite-layer.js';
import { GATHER_FLOATS, gatherDepthPlanes } from './gather-depths.js';
import { axisPhases, type AxisPhase } from './transpose-phases.js';

interface Entry {
  readonly r: TransposeAxes;
  readonly outputShape: readonly number[];
  readonly inputFloats: number;
  readonly outputFloats: number;
  /** The depth phases: which output depths each covers and which depth taps reach it. */
  readonly phases: readonly AxisPhase[];
}

export function transpose3dShape(r: TransposeAxes): number[] {
  const [d, h, w] = r.outputSize as [number, number, number];
  return r.inputLayout === 'ncdhw' ? [r.batch, r.outChannels, d, h, w] : [r.batch, d, h, w, r.outChannels];
}

/**
 * A prepacked 3-D transposed convolution on a wasm engine. The depth axis is split into phases
 * (output depths ≡ r mod stride, src/engine/transpose-phases.ts) and each phase folded into the
 * channels: an output depth of phase r is a 2-D transposed convolution of its J input depth
 * planes, gathered side by side as `J · C` channels, with the depth taps of phase r stacked into
 * a 2-D filter `[J · C, Cout/G, kH, kW]`. Each phase is one 2-D transposed layer (itself phases
 * of stride-1 convolutions), run over all its output depths as a batch.
 */
export class WasmConvTranspose3dLayer extends CompositeLayer<Entry> {
  readonly filterShape: readonly number[];
  private readonly options: Readonly<Record<string, unknown>>;
  /** The filter as IODHW. */
  private readonly filter: Float32Array;
  /** One 2-D layer per depth phase's taps, by its taps. */
  private readonly layers = new Map<string, WasmConvTransposeLayer>();

  constructor(
    kernels: WasmKernels,
    filter: Tensor,
    options: unknown,
    oneShot?: { readonly inputShape: unknown },
  ) {
    super(kernels, 'convTranspose3d');
    const { fn } = this;
    const w = tensorParts(fn, 'filter', filter);
    const o = { ...readOptions(fn, options, CONV_TRANSPOSE3D.keys) };
    const first = oneShot?.inputShape ?? nominalConvTranspose3dInput(Array.isArray(w.shape) ? (w.shape as number[]) : [], o);
    const r = resolveTransposeAxes(CONV_TRANSPOSE3D, first, w.shape, o);
    this.filterShape = Object.freeze((w.shape as number[]).slice());
    checkLength(fn, 'filter', w.data, this.filterShape);
    this.options = { ...o, bias: r.bias === null ? undefined : r.bias.slice() };
    this.filter = permute({ data: w.data, shape: this.filterShape }, r.filterLayout, 'iodhw', fn, 'the IODHW copy of the filter').data.slice();
    const entry = this.shapes.get(first, (shape) => this.entryOf(shape, r));
    if (oneShot === undefined) this.phaseLayers(entry);
  }

  protected inner(): Iterable<WasmConvTransposeLayer> {
    return this.layers.values();
  }

  protected forgetInner(): void {
    this.layers.clear();
  }

  protected resolve(shape: unknown): Entry {
    return this.entryOf(shape, resolveTransposeAxes(CONV_TRANSPOSE3D, shape, this.filterShape, this.options));
  }

  private entryOf(shape: unknown, r: TransposeAxes): Entry {
    const outputShape = Object.freeze(transpose3dShape(r));
    const depth = { inputSize: r.inputSize[0]!, outputSize: r.outputSize[0]!, kernelSize: r.kernelSize[0]!, stride: r.strides[0]!, dilation: r.dilations[0]!, padBegin: r.pads[0]! };
    return { r, outputShape, inputFloats: elementCount(shape as number[]), outputFloats: elementCount(outputShape), phases: axisPhases(depth) };
  }

  /** The 2-D layer of each depth phase that has taps (undefined for a bias-only phase), made on first use. */
  private phaseLayers(entry: Entry): (WasmConvTransposeLayer | undefined)[] {
    const { r } = entry;
    return entry.phases.map((phase) => {
      if (phase.taps.length === 0) return undefined;
      const key = `${phase.taps}|${r.inputLayout}|${r.pads.slice(2)}|${[1, 2].map((a) => r.outputSize[a]! - r.inputSize[a]! * r.strides[a]!)}`;
      let layer = this.layers.get(key);
      if (layer === undefined) {
        const [, , top, bottom, left, right] = r.pads as [number, number, number, number, number, number];
        const options = {
          strides: [r.strides[1], r.strides[2]],
          dilations: [r.dilations[1], r.dilations[2]],
          padding: [top, bottom, left, right],
          // The cells past the cropped full output (outputPadding, outputSizes or a 'same' past a short kernel), per axis.
          outputPadding: [1, 2].map((a) => r.outputSize[a]! - ((r.inputSize[a]! - 1) * r.strides[a]! + r.dilations[a]! * (r.kernelSize[a]! - 1) + 1 - r.pads[2 * a]! - r.pads[2 * a + 1]!)),
          groups: r.groups,
          inputLayout: r.inputLayout === 'ncdhw' ? 'nchw' : 'nhwc',
          filterLayout: 'iohw',
          ...(r.bias === null ? {} : { bias: r.bias }),
          ...(this.options.activation === undefined ? {} : { activation: this.options.activation }),
        };
        const folded = { data: foldedFilter(this.filter, r, phase.taps), shape: [phase.taps.length * r.inChannels, r.outChannels / r.groups, r.kernelSize[1]!, r.kernelSize[2]!] };
        layer = new WasmConvTransposeLayer(this.kernels, { ...CONV_TRANSPOSE2D, fn: this.fn }, folded, options);
        this.layers.set(key, layer);
      }
      return layer;
    });
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
    const { r } = entry;
    const ncdhw = r.inputLayout === 'ncdhw';
    const [, inH, inW] = r.inputSize as [number, number, number];
    const [outD, outH, outW] = r.outputSize as [number, number, number];
    const plane = inH * inW;
    const outPlane = outH * outW * (ncdhw ? 1 : r.outChannels);
    const maxTaps = Math.max(1, ...entry.phases.map((ph) => ph.taps.length));
    const perPair = maxTaps * r.inChannels * plane;
    const chunk = Math.max(1, Math.floor(Math.max(GATHER_FLOATS, entry.inputFloats) / perPair));
    const pairs = r.batch * Math.max(...entry.phases.map((ph) => ph.count));
    const count = Math.min(chunk, pairs);
    const [block, outScratch, gathered, staged] = kernels.reserve(fn, [
      inPtr === undefined ? 4 * entry.inputFloats : 0,
      outPtr === undefined ? 4 * entry.outputFloats : 0,
      4 * count * perPair,
      4 * count * r.outChannels * outH * outW,
    ]) as [number, number, number, number];
    try {
      const layers = this.phaseLayers(entry);
      if (inPtr === undefined) kernels.f32(block, entry.inputFloats).set(liveData(fn, 'input', x.data, entry.inputFloats));
      const src = inPtr ?? block;
      const dst = outPtr ?? outScratch;
      for (let i = 0; i < entry.phases.length; i++) {
        const phase = entry.phases[i]!;
        const layer = layers[i];
        const total = r.batch * phase.count;
        for (let q0 = 0; q0 < total; q0 += count) {
          const n2 = Math.min(count, total - q0);
          if (layer === undefined) {
            fillBias(kernels, r, phase, dst, q0, n2);
            continue;
          }
          const folded = phase.taps.length * r.inChannels;
          // Phase output u of image n reads the depths u + j·dilation − pad through the phase's taps.
          gatherDepthPlanes(kernels, { ncdhw, groups: r.groups, channels: r.inChannels, depth: r.inputSize[0]!, plane }, src, gathered, n2, (i) => {
            const n = Math.floor((q0 + i) / phase.count);
            const u = q0 + i - n * phase.count;
            return { n, depths: phase.taps.map((_, j) => { const d = u + j * phase.dilation - phase.pad; return d >= 0 && d < r.inputSize[0]! ? d : -1; }) };
          });
          const inShape = ncdhw ? [n2, folded, inH, inW] : [n2, inH, inW, folded];
          const outShape = ncdhw ? [n2, r.outChannels, outH, outW] : [n2, outH, outW, r.outChannels];
          yield* layer.steps(new WasmTensor(kernels, gathered, inShape), new WasmTensor(kernels, staged, outShape), async);
          // Each (image, phase output) block to its output depth: a plane per channel (NCDHW) or one block (NDHWC).
          const mem = kernels.f32(0, kernels.buffer.byteLength >> 2);
          for (let q = q0; q < q0 + n2; q++) {
            const n = Math.floor(q / phase.count);
            const od = phase.first + (q - n * phase.count) * r.strides[0]!;
            for (let co = 0; co < (ncdhw ? r.outChannels : 1); co++) {
              const from = (staged >> 2) + ((q - q0) * (ncdhw ? r.outChannels : 1) + co) * outPlane;
              const to = (dst >> 2) + (ncdhw ? ((n * r.outChannels + co) * outD + od) * outPlane : (n * outD + od) * outPlane);
              mem.copyWithin(to, from, from + outPlane);
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

/** The output depths of a phase no depth tap reaches: act(bias) everywhere. */
function fillBias(kernels: WasmKernels, r: TransposeAxes, phase: AxisPhase, dst: number, q0: number, count: number): void {
  const [outD, outH, outW] = r.outputSize as [number, number, number];
  const ncdhw = r.inputLayout === 'ncdhw';
  const mem = kernels.f32(0, kernels.buffer.byteLength >> 2);
  const values = Array.from({ length: r.outChannels }, (_, c) => activationFunction(r.activation, c)(r.bias === null ? 0 : r.bias[c]!));
  for (let q = q0; q < q0 + count; q++) {
    const n = Math.floor(q / phase.count);
    const od = phase.first + (q - n * phase.count) * r.strides[0]!;
    for (let c = 0; c < r.outChannels; c++) {
      if (ncdhw) {
        const at = (dst >> 2) + ((n * r.outChannels + c) * outD + od) * outH * outW;
        mem.fill(values[c]!, at, at + outH * outW);
      } else {
        for (let px = 0; px < outH * outW; px++) mem[(dst >> 2) + ((n * outD + od) * outH * outW + px) * r.outChannels + c] = values[c]!;
      }
    }
  }
}

/** The depth taps `taps` (in the phase's order) of an IODHW filter, stacked as IOHW input channels `[g][j][c]`. */
function foldedFilter(w: Float32Array, r: TransposeAxes, taps: readonly number[]): Float32Array {
  const [kD, kH, kW] = r.kernelSize as [number, number, number];
  const mg = r.outChannels / r.groups;
  const cg = r.inChannels / r.groups;
  const taps2 = kH * kW;
  const out = new Float32Array(taps.length * r.inChannels * mg * taps2);
  for (let g = 0; g < r.groups; g++) {
    taps.forEach((kd, j) => {
      for (let c = 0; c < cg; c++) {
        for (let m = 0; m < mg; m++) {
          const from = (((g * cg + c) * mg + m) * kD + kd) * taps2;
          out.set(w.subarray(from, from + taps2), ((((g * taps.length + j) * cg + c) * mg) + m) * taps2);
        }
      }
    });
  }
  return out;
}

/** A one-shot 3-D transposed convolution: operands checked, then a layer run once and disposed. */
export function wasmConvTranspose3d(kernels: WasmKernels, input: Tensor, filter: Tensor, options: unknown, output?: Tensor): Tensor {
  const fn = 'convTranspose3d';
  const inPtr = residentPointer(kernels, fn, 'input', input);
  const x = tensorParts(fn, 'input', input);
  const w = tensorParts(fn, 'filter', filter);
  const r = resolveTransposeAxes(CONV_TRANSPOSE3D, x.shape, w.shape, options);
  checkLength(fn, 'filter', w.data, w.shape as number[]);
  if (inPtr === undefined) checkLength(fn, 'input', x.data, x.shape as number[]);
  if (output !== undefined) checkOutput(kernels, fn, output, transpose3dShape(r), input, inPtr);
  return runOnce(new WasmConvTranspose3dLayer(kernels, filter, options, { inputShape: x.shape }), input, output);
}
