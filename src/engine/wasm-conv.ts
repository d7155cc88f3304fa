import { resolveConv, shape2d, type ConvParams, type ConvSpec } from '../options/conv.js';
import { outputShapeOf } from '../shape/conv-shape.js';
import { checkLength, sizeOf, tensorParts, type Tensor } from '../tensor.js';
import { activationCode } from '../wasm/activation.js';
import * as A from '../wasm/args.js';
import type { WasmKernels } from '../wasm/kernels.js';
import { planConv, type ConvPlan } from './conv-plan.js';
import { packBias, packWeights } from './pack.js';

/** A convolution whose data is in wasm memory and whose filter is packed: ready to run. */
export interface PreparedConv {
  readonly params: ConvParams;
  readonly plan: ConvPlan;
  readonly outputShape: number[];
  /** Runs the kernel on the data in memory (repeatable: nothing it reads is overwritten). */
  run(): void;
  /** A copy of the output, out of wasm memory. */
  read(): Float32Array;
}

/**
 * Validates a 1-D or 2-D convolution exactly as the reference does, sizes every buffer, grows
 * memory once, copies the input and filter in and packs the filter.
 */
export function prepareConv(kernels: WasmKernels, spec: ConvSpec, input: Tensor, filter: Tensor, options: unknown): PreparedConv {
  const { fn } = spec;
  const x = tensorParts(fn, 'input', input);
  const w = tensorParts(fn, 'filter', filter);
  const p = resolveConv(spec, x.shape, w.shape, options);
  const xData = checkLength(fn, 'input', x.data, x.shape as number[]).data;
  const wTensor = checkLength(fn, 'filter', w.data, w.shape as number[]);
  const plan = planConv(p, kernels.mr, kernels.nr);
  const outputShape = outputShapeOf(p, spec.axes.length as 1 | 2);
  const outFloats = sizeOf(outputShape);

  // An OIHW filter, unflipped, already is the rows the NCHW and plane kernels read: it goes
  // straight to its place (C's 2.4 MB filter: ~0.8 ms of packing saved per call).
  const rowsAsGiven = p.filterLayout === 'oihw' && !p.flip && plan.path !== 'nhwc' && plan.path !== 'depthwise-nhwc';
  const [inPtr, filterPtr, weightsPtr, biasPtr, outPtr, workPtr] = kernels.reserve(fn, [
    4 * xData.length,
    rowsAsGiven ? 0 : 4 * wTensor.data.length,
    4 * plan.weightFloats,
    4 * plan.biasFloats,
    4 * outFloats,
    4 * plan.workFloats,
  ]) as [number, number, number, number, number, number];

  kernels.f32(inPtr, xData.length).set(xData);
  kernels.f32(biasPtr, plan.biasFloats).set(packBias(p, plan, kernels.nr));
  if (rowsAsGiven) {
    kernels.f32(weightsPtr, wTensor.data.length).set(wTensor.data);
  } else {
    kernels.f32(filterPtr, wTensor.data.length).set(wTensor.data);
    packWeights(kernels, p, plan, filterPtr, shape2d(wTensor.shape, p.filterLayout), weightsPtr);
  }

  const act = activationCode(p.activation);
  const slots = argSlots(p, plan, { input: inPtr, weights: weightsPtr, bias: biasPtr, output: outPtr, work: workPtr, zeros: kernels.zerosPtr }, act.code);
  const kernel = {
    planes: kernels.exports.convPlanes,
    'depthwise-nhwc': kernels.exports.depthwiseNhwc,
    'nchw-direct': kernels.exports.convNchwDirect,
    'nchw-pointwise': kernels.exports.convNchwPointwise,
    nhwc: kernels.exports.convNhwc,
  }[plan.path];
  return {
    params: p,
    plan,
    outputShape,
    run: () => kernel(kernels.writeArgs(slots, { [A.A_ACT_P0]: act.p0, [A.A_ACT_P1]: act.p1 })),
    read: () => kernels.f32(outPtr, outFloats).slice(),
  };
}

/** Runs a 1-D or 2-D convolution on the wasm kernels: prepare, run, copy the output out. */
export function wasmConvolve(kernels: WasmKernels, spec: ConvSpec, input: Tensor, filter: Tensor, options: unknown): Tensor {
  const prepared = prepareConv(kernels, spec, input, filter, options);
  prepared.run();
  return { data: prepared.read(), shape: prepared.outputShape };
}

interface Pointers {
  readonly input: number;
  readonly weights: number;
  readonly bias: number;
  readonly output: number;
  readonly work: number;
  readonly zeros: number;
}

function argSlots(p: ConvParams, plan: ConvPlan, at: Pointers, act: number): number[] {
  const slots = A.windowSlots(p);
  slots[A.A_GROUPS] = p.groups;
  slots[A.A_INPUT] = at.input;
  slots[A.A_WEIGHTS] = at.weights;
  slots[A.A_BIAS] = at.bias;
  slots[A.A_OUTPUT] = at.output;
  slots[A.A_WORK] = at.work;
  slots[A.A_ZEROS] = at.zeros;
  slots[A.A_ACT] = act;
  slots[A.A_TILE] = plan.tile;
  slots[A.A_DEPTH_BLOCK] = plan.depthBlock;
  slots[A.A_PHASE_LENGTH] = plan.phaseLength;
  slots[A.A_FLAG] = plan.packPanels ? 1 : 0;
  return slots;
}
