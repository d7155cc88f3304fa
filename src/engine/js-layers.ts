import { resolveConv, type ConvSpec } from '../options/conv.js';
import { resolvePool2d } from '../options/pool.js';
import * as reference from '../reference/index.js';
import { outputShapeOf } from '../shape/conv-shape.js';
import { poolOutputShapeOf } from '../shape/pool-shape.js';
import { tensorParts, type Tensor } from '../tensor.js';
import { fixConv, fixPool, nominalConv3dInput, nominalConvTranspose3dInput } from './layer-options.js';
import { resolveConvTranspose, transposeOutputShape, type ConvTransposeSpec } from '../options/conv-transpose.js';
import { convolveTransposed } from '../reference/conv-transpose.js';
import { fixTranspose } from './transpose-options.js';
import { CONV3D_KEYS, conv3dShapeOf, resolveConv3d } from '../options/conv3d.js';
import { CONV_TRANSPOSE3D, resolveTransposeAxes } from '../options/conv-transpose.js';
import { transpose3dShape } from './conv-transpose3d-layer.js';
import { readOptions } from '../options/keys.js';
import { checkLength } from '../tensor.js';
import { checkOwnTensor } from './engine-tensor.js';
import { disposedLayer, type ConvLayer, type Layer } from './layer.js';
import { checkOutput } from './operands.js';

/**
 * Layers of the js backend: the reference kernels with the options (and a copy of the filter)
 * fixed. Same contract as the wasm layers; `output` is filled by a copy.
 */
abstract class JsLayer implements Layer {
  private isDisposed = false;

  /** `owner` is the js engine: its tensors are the only engine tensors the layer takes. */
  constructor(
    protected readonly fn: string,
    private readonly owner: object,
    private readonly filterShapeForMessages?: readonly number[],
  ) {}

  get disposed(): boolean {
    return this.isDisposed;
  }

  abstract outputShape(inputShape: readonly number[]): number[];
  protected abstract compute(input: Tensor): Tensor;

  run(input: Tensor, output?: Tensor): Tensor {
    this.checkAlive();
    checkOwnTensor(this.owner, this.fn, 'input', input);
    if (output === undefined) return this.compute(input);
    checkOwnTensor(this.owner, this.fn, 'output', output);
    const expected = this.outputShape(tensorParts(this.fn, 'input', input).shape as number[]);
    checkOutput(undefined, this.fn, output, expected, input, undefined);
    output.data.set(this.compute(input).data);
    return output;
  }

  async runAsync(input: Tensor, output?: Tensor): Promise<Tensor> {
    return this.run(input, output);
  }

  dispose(): void {
    this.isDisposed = true;
  }

  protected checkAlive(): void {
    if (this.isDisposed) throw disposedLayer(this.fn, this.filterShapeForMessages);
  }
}

export class JsConvLayer extends JsLayer implements ConvLayer {
  readonly filterShape: readonly number[];
  readonly packedBytes = 0;
  private readonly filter: Tensor;
  private readonly options: Readonly<Record<string, unknown>>;

  constructor(private readonly spec: ConvSpec, owner: object, filter: Tensor, options: unknown) {
    const fixed = fixConv(spec, filter, options, true);
    super(spec.fn, owner, fixed.filterShape);
    this.filterShape = fixed.filterShape;
    this.filter = { data: fixed.filterData, shape: fixed.filterShape };
    this.options = fixed.options;
  }

  outputShape(inputShape: readonly number[]): number[] {
    this.checkAlive();
    return outputShapeOf(resolveConv(this.spec, inputShape, this.filterShape, this.options), this.spec.axes.length as 1 | 2);
  }

  protected compute(input: Tensor): Tensor {
    return this.spec.fn === 'conv2d' ? reference.conv2d(input, this.filter, this.options) : reference.conv1d(input, this.filter, this.options);
  }
}

export class JsConvTransposeLayer extends JsLayer implements ConvLayer {
  readonly filterShape: readonly number[];
  readonly packedBytes = 0;
  private readonly filter: Tensor;
  private readonly options: Readonly<Record<string, unknown>>;

  constructor(private readonly spec: ConvTransposeSpec, owner: object, filter: Tensor, options: unknown) {
    const fixed = fixTranspose(spec, filter, options, true);
    super(spec.fn, owner, fixed.filterShape);
    this.filterShape = fixed.filterShape;
    this.filter = { data: fixed.filterData, shape: fixed.filterShape };
    this.options = fixed.options;
  }

  outputShape(inputShape: readonly number[]): number[] {
    this.checkAlive();
    return transposeOutputShape(resolveConvTranspose(this.spec, inputShape, this.filterShape, this.options), this.spec.axes.length as 1 | 2);
  }

  protected compute(input: Tensor): Tensor {
    return convolveTransposed(this.spec, input, this.filter, this.options);
  }
}

export class JsConv3dLayer extends JsLayer implements ConvLayer {
  readonly filterShape: readonly number[];
  readonly packedBytes = 0;
  private readonly filter: Tensor;
  private readonly options: Readonly<Record<string, unknown>>;

  constructor(owner: object, filter: Tensor, options: unknown) {
    const fn = 'conv3d';
    const w = tensorParts(fn, 'filter', filter);
    const o = readOptions(fn, options, CONV3D_KEYS);
    // Validated against the nominal input the wasm layer uses.
    const shape = Array.isArray(w.shape) ? (w.shape as number[]) : [];
    const nominal = nominalConv3dInput(shape, o);
    const p = resolveConv3d(fn, nominal, w.shape, o);
    const filterShape = Object.freeze(shape.slice());
    checkLength(fn, 'filter', w.data, filterShape);
    super(fn, owner, filterShape);
    this.filterShape = filterShape;
    this.filter = { data: w.data.slice(), shape: filterShape };
    this.options = { ...o, bias: p.bias === null ? undefined : p.bias.slice() };
  }

  outputShape(inputShape: readonly number[]): number[] {
    this.checkAlive();
    return conv3dShapeOf(resolveConv3d(this.fn, inputShape, this.filterShape, this.options));
  }

  protected compute(input: Tensor): Tensor {
    return reference.conv3d(input, this.filter, this.options);
  }
}

export class JsConvTranspose3dLayer extends JsLayer implements ConvLayer {
  readonly filterShape: readonly number[];
  readonly packedBytes = 0;
  private readonly filter: Tensor;
  private readonly options: Readonly<Record<string, unknown>>;

  constructor(owner: object, filter: Tensor, options: unknown) {
    const fn = 'convTranspose3d';
    const w = tensorParts(fn, 'filter', filter);
    const o = readOptions(fn, options, CONV_TRANSPOSE3D.keys);
    // Validated against the nominal input the wasm layer uses.
    const shape = Array.isArray(w.shape) ? (w.shape as number[]) : [];
    const r = resolveTransposeAxes(CONV_TRANSPOSE3D, nominalConvTranspose3dInput(shape, o), w.shape, o);
    const filterShape = Object.freeze(shape.slice());
    checkLength(fn, 'filter', w.data, filterShape);
    super(fn, owner, filterShape);
    this.filterShape = filterShape;
    this.filter = { data: w.data.slice(), shape: filterShape };
    this.options = { ...o, bias: r.bias === null ? undefined : r.bias.slice() };
  }

  outputShape(inputShape: readonly number[]): number[] {
    this.checkAlive();
    return transpose3dShape(resolveTransposeAxes(CONV_TRANSPOSE3D, inputShape, this.filterShape, this.options));
  }

  protected compute(input: Tensor): Tensor {
    return reference.convTranspose3d(input, this.filter, this.options);
  }
}

export class JsPoolLayer extends JsLayer {
  private readonly options: Readonly<Record<string, unknown>>;

  constructor(fn: 'maxPool2d' | 'avgPool2d', owner: object, options: unknown) {
    super(fn, owner);
    this.options = fixPool(fn, options);
  }

  outputShape(inputShape: readonly number[]): number[] {
    this.checkAlive();
    return poolOutputShapeOf(resolvePool2d(this.fn, inputShape, this.options, { countIncludePad: this.fn === 'avgPool2d' }));
  }

  protected compute(input: Tensor): Tensor {
    return this.fn === 'maxPool2d' ? reference.maxPool2d(input, this.options) : reference.avgPool2d(input, this.options);
  }
}
