/**
 * A one-node ONNX model (`Conv`, `ConvTranspose` or `QLinearConv`, weights, bias and the
 * quantization parameters as initializers) written straight to the protobuf wire format, for the
 * ONNX Runtime Web peer. Only the fields these models need, from onnx.proto (proto2; repeated
 * scalars unpacked, which every parser reads):
 *
 *   ModelProto      1 ir_version (int64)   2 producer_name   7 graph   8 opset_import
 *   OperatorSetId   1 domain (string)      2 version (int64)
 *   GraphProto      1 node   2 name   5 initializer   11 input   12 output
 *   NodeProto       1 input  2 output  3 name  4 op_type  5 attribute
 *   AttributeProto  1 name   3 i (int64)   8 ints (int64)   20 type (INT = 2, INTS = 7)
 *   TensorProto     1 dims (int64; none: a scalar)   2 data_type (FLOAT = 1, UINT8 = 2, INT8 = 3,
 *                   INT32 = 6)   8 name   9 raw_data (little-endian)
 *   ValueInfoProto  1 name   2 type
 *   TypeProto       1 tensor_type → 1 elem_type, 2 shape → 1 dim → 1 dim_value
 *
 * Wire format: each field is a varint key `(field << 3) | type` (type 0 varint, 2 length-
 * delimited) then the value; a nested message is length-delimited bytes.
 */

/** ONNX's `TensorProto.DataType` values used here. */
export const DATA_TYPE = Object.freeze({ FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6 });
const FLOAT = DATA_TYPE.FLOAT;
const ATTRIBUTE_INT = 2;
const ATTRIBUTE_INTS = 7;
/** IR version 8 (ONNX 1.10+) with opset 17: old enough for every ONNX Runtime since 1.13. */
export const IR_VERSION = 8;
export const OPSET = 17;

/** A protobuf message under construction: a list of encoded chunks. */
export class Message {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;

  private push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.length += bytes.length;
  }

  private key(field: number, wireType: 0 | 2): void {
    this.push(varint(field * 8 + wireType));
  }

  /** A varint field (int32, int64, enum) with a non-negative value. */
  int(field: number, value: number): this {
    this.key(field, 0);
    this.push(varint(value));
    return this;
  }

  /** A repeated varint field, unpacked (one key per value), as proto2 writes it. */
  ints(field: number, values: readonly number[]): this {
    for (const v of values) this.int(field, v);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.key(field, 2);
    this.push(varint(value.length));
    this.push(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, value: Message): this {
    return this.bytes(field, value.finish());
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

/** Base-128 varint of a non-negative safe integer (int64 fields here are sizes and flags). */
export function varint(value: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`varint: expected a non-negative safe integer, got ${value}`);
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return Uint8Array.from(out);
}

/** The element types an initializer can hold here. */
export type TensorData = Float32Array | Uint8Array | Int8Array | Int32Array;

/** ONNX's data type of a typed array. */
export function dataTypeOf(data: TensorData): number {
  if (data instanceof Float32Array) return DATA_TYPE.FLOAT;
  if (data instanceof Uint8Array) return DATA_TYPE.UINT8;
  if (data instanceof Int8Array) return DATA_TYPE.INT8;
  return DATA_TYPE.INT32;
}

/** A tensor as an initializer: dims (none for a scalar), data type and little-endian raw data. */
export function tensorProto(name: string, dims: readonly number[], data: TensorData): Message {
  const count = dims.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new RangeError(`tensorProto ${name}: dims [${dims.join(', ')}] hold ${count} values, got ${data.length}`);
  let raw: Uint8Array;
  if (data instanceof Uint8Array || data instanceof Int8Array) {
    raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  } else {
    raw = new Uint8Array(data.length * 4);
    const view = new DataView(raw.buffer);
    if (data instanceof Float32Array) for (let k = 0; k < data.length; k++) view.setFloat32(k * 4, data[k]!, true);
    else for (let k = 0; k < data.length; k++) view.setInt32(k * 4, data[k]!, true);
  }
  return new Message().ints(1, dims).int(2, dataTypeOf(data)).string(8, name).bytes(9, raw);
}

/** A graph input or output: a tensor of fixed shape, float unless `elemType` says otherwise. */
function valueInfo(name: string, dims: readonly number[], elemType: number = FLOAT): Message {
  const shape = new Message();
  for (const d of dims) shape.message(1, new Message().int(1, d));
  const tensorType = new Message().int(1, elemType).message(2, shape);
  return new Message().string(1, name).message(2, new Message().message(1, tensorType));
}

function intAttribute(name: string, value: number): Message {
  return new Message().string(1, name).int(3, value).int(20, ATTRIBUTE_INT);
}

function intsAttribute(name: string, values: readonly number[]): Message {
  return new Message().string(1, name).ints(8, values).int(20, ATTRIBUTE_INTS);
}

/** What the Conv (or ConvTranspose) node computes; every size resolved (no auto_pad). */
export interface ConvModelSpec {
  /** Default `'Conv'`; `'ConvTranspose'` takes an IOHW filter `[C, Cout/groups, kH, kW]`. */
  readonly op?: 'Conv' | 'ConvTranspose';
  /** ConvTranspose's `output_padding`, `[h, w]`. */
  readonly outputPadding?: readonly [number, number];
  /** ONNX's `pads` as written for a model of another rank (a 3-D one's `[d0, h0, w0, d1, h1, w1]`), instead of `padding`. */
  readonly onnxPads?: readonly number[];
  /** `[N, C, H, W]`. */
  readonly inputShape: readonly number[];
  /** OIHW, `[Cout, C/groups, kH, kW]`. */
  readonly filter: { readonly data: Float32Array; readonly shape: readonly number[] };
  readonly bias?: Float32Array;
  /** `[beginH, endH, beginW, endW]`, WebNN's order (ONNX's `pads` is `[beginH, beginW, endH, endW]`). */
  readonly padding: readonly [number, number, number, number];
  /** One per spatial axis (two, or three for a 3-D model). */
  readonly strides: readonly number[];
  readonly dilations: readonly number[];
  readonly groups: number;
  /** `[N, Cout, Hout, Wout]` (or `[N, Cout, D, H, W]`). */
  readonly outputShape: readonly number[];
}

/** Input, output and initializer names of the model. */
export const CONV_MODEL_NAMES = Object.freeze({ input: 'X', output: 'Y', weight: 'W', bias: 'B' });

/** The serialized ModelProto of one `Conv` node: `Y = Conv(X, W, B)`, W and B initializers. */
export function convModel(spec: ConvModelSpec): Uint8Array {
  const { input, output, weight, bias } = CONV_MODEL_NAMES;
  const [padTop, padBottom, padLeft, padRight] = spec.padding;
  const node = new Message()
    .string(1, input)
    .string(1, weight);
  if (spec.bias !== undefined) node.string(1, bias);
  node.string(2, output).string(3, 'conv').string(4, spec.op ?? 'Conv');
  convAttributes(node, spec.filter.shape, spec.onnxPads ?? [padTop, padLeft, padBottom, padRight], spec);
  if (spec.outputPadding !== undefined) node.message(5, intsAttribute('output_padding', spec.outputPadding));
  const graph = new Message()
    .message(1, node)
    .string(2, 'simdconv-bench-conv')
    .message(5, tensorProto(weight, spec.filter.shape, spec.filter.data));
  if (spec.bias !== undefined) graph.message(5, tensorProto(bias, [spec.bias.length], spec.bias));
  graph.message(11, valueInfo(input, spec.inputShape)).message(12, valueInfo(output, spec.outputShape));
  return modelOf(graph);
}

/** The geometry attributes Conv, ConvTranspose and QLinearConv share, in the same order. */
function convAttributes(
  node: Message,
  filterShape: readonly number[],
  onnxPads: readonly number[],
  spec: { readonly strides: readonly number[]; readonly dilations: readonly number[]; readonly groups: number },
): void {
  node
    .message(5, intsAttribute('kernel_shape', filterShape.slice(2)))
    .message(5, intsAttribute('pads', onnxPads))
    .message(5, intsAttribute('strides', spec.strides))
    .message(5, intsAttribute('dilations', spec.dilations))
    .message(5, intAttribute('group', spec.groups));
}

/** ModelProto around one graph: IR version, producer, opset. */
function modelOf(graph: Message): Uint8Array {
  return new Message()
    .int(1, IR_VERSION)
    .string(2, 'simdconv bench')
    .message(7, graph)
    .message(8, new Message().string(1, '').int(2, OPSET))
    .finish();
}

/**
 * What a QLinearConv node computes (ONNX QLinearConv, opset 10): 2-D, NCHW, OIHW filter, every
 * size resolved. The activation type (uint8 or int8) is the input's; the output has the same.
 */
export interface QLinearConvModelSpec {
  /** `[N, C, H, W]`. */
  readonly inputShape: readonly number[];
  /** The activations' element type, of `x`, `x_zero_point`, `y` and `y_zero_point`. */
  readonly inputType: 'uint8' | 'int8';
  readonly inputScale: number;
  readonly inputZeroPoint: number;
  /** OIHW, `[Cout, C/groups, kH, kW]`, int8 (or uint8). */
  readonly filter: { readonly data: Int8Array | Uint8Array; readonly shape: readonly number[] };
  /** One scale for the whole filter, or one per output channel (`float[Cout]`). */
  readonly filterScale: number | Float32Array;
  /**
   * The filter's zero point: one, or one per output channel (of the filter's type). Default 0,
   * written as a scalar with a scalar `filterScale` and as `Cout` zeros with a per-channel one.
   */
  readonly filterZeroPoint?: number | Int8Array | Uint8Array;
  readonly outputScale: number;
  readonly outputZeroPoint: number;
  /** int32 `[Cout]`, at scale `inputScale · filterScale[oc]`. */
  readonly bias?: Int32Array;
  /** `[beginH, endH, beginW, endW]`, WebNN's order (ONNX's `pads` is `[beginH, beginW, endH, endW]`). */
  readonly padding: readonly [number, number, number, number];
  readonly strides: readonly [number, number];
  readonly dilations: readonly [number, number];
  readonly groups: number;
  /** `[N, Cout, Hout, Wout]`. */
  readonly outputShape: readonly number[];
}

/** Input, output and initializer names of the QLinearConv model, in the node's input order. */
export const QLINEAR_CONV_MODEL_NAMES = Object.freeze({
  input: 'x',
  inputScale: 'x_scale',
  inputZeroPoint: 'x_zero_point',
  weight: 'w',
  weightScale: 'w_scale',
  weightZeroPoint: 'w_zero_point',
  outputScale: 'y_scale',
  outputZeroPoint: 'y_zero_point',
  bias: 'B',
  output: 'y',
});

/**
 * The serialized ModelProto of one `QLinearConv` node:
 * `y = QLinearConv(x, x_scale, x_zero_point, w, w_scale, w_zero_point, y_scale, y_zero_point, B)`,
 * every input but `x` an initializer (scales float, zero points of their tensor's type, B int32).
 */
export function qlinearConvModel(spec: QLinearConvModelSpec): Uint8Array {
  const n = QLINEAR_CONV_MODEL_NAMES;
  const outChannels = spec.filter.shape[0]!;
  const activation = spec.inputType === 'uint8' ? Uint8Array : Int8Array;
  const weightType = spec.filter.data instanceof Int8Array ? Int8Array : Uint8Array;
  const perChannel = typeof spec.filterScale !== 'number';
  if (perChannel && (spec.filterScale as Float32Array).length !== outChannels) {
    throw new RangeError(`qlinearConvModel: filterScale has ${(spec.filterScale as Float32Array).length} values, the filter ${outChannels} output channels`);
  }
  const wScale = perChannel ? (spec.filterScale as Float32Array) : Float32Array.of(spec.filterScale as number);
  const zp = spec.filterZeroPoint ?? 0;
  const wZero = typeof zp === 'number' ? new weightType(perChannel ? outChannels : 1).fill(zp) : zp;
  if (wZero.length !== wScale.length) throw new RangeError(`qlinearConvModel: filterZeroPoint has ${wZero.length} values, filterScale ${wScale.length}`);
  if (!(wZero instanceof weightType)) throw new TypeError('qlinearConvModel: filterZeroPoint must have the filter\'s type');
  if (spec.bias !== undefined && spec.bias.length !== outChannels) throw new RangeError(`qlinearConvModel: bias has ${spec.bias.length} values, expected ${outChannels}`);
  const vector = (v: { length: number }) => (perChannel ? [v.length] : []);
  const [padTop, padBottom, padLeft, padRight] = spec.padding;
  const node = new Message();
  for (const name of [n.input, n.inputScale, n.inputZeroPoint, n.weight, n.weightScale, n.weightZeroPoint, n.outputScale, n.outputZeroPoint]) node.string(1, name);
  if (spec.bias !== undefined) node.string(1, n.bias);
  node.string(2, n.output).string(3, 'qlinearconv').string(4, 'QLinearConv');
  convAttributes(node, spec.filter.shape, [padTop, padLeft, padBottom, padRight], spec);
  const graph = new Message()
    .message(1, node)
    .string(2, 'simdconv-bench-qlinearconv')
    .message(5, tensorProto(n.inputScale, [], Float32Array.of(spec.inputScale)))
    .message(5, tensorProto(n.inputZeroPoint, [], activation.of(spec.inputZeroPoint)))
    .message(5, tensorProto(n.weight, spec.filter.shape, spec.filter.data))
    .message(5, tensorProto(n.weightScale, vector(wScale), wScale))
    .message(5, tensorProto(n.weightZeroPoint, vector(wZero), wZero))
    .message(5, tensorProto(n.outputScale, [], Float32Array.of(spec.outputScale)))
    .message(5, tensorProto(n.outputZeroPoint, [], activation.of(spec.outputZeroPoint)));
  if (spec.bias !== undefined) graph.message(5, tensorProto(n.bias, [outChannels], spec.bias));
  const elemType = spec.inputType === 'uint8' ? DATA_TYPE.UINT8 : DATA_TYPE.INT8;
  graph.message(11, valueInfo(n.input, spec.inputShape, elemType)).message(12, valueInfo(n.output, spec.outputShape, elemType));
  return modelOf(graph);
}
