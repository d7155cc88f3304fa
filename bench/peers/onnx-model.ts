/**
 * A one-node ONNX model (`Conv`, weights and bias as initializers) written straight to the
 * protobuf wire format, for the ONNX Runtime Web peer. Only the fields a Conv model needs, from
 * onnx.proto (proto2; repeated scalars unpacked, which every parser reads):
 *
 *   ModelProto      1 ir_version (int64)   2 producer_name   7 graph   8 opset_import
 *   OperatorSetId   1 domain (string)      2 version (int64)
 *   GraphProto      1 node   2 name   5 initializer   11 input   12 output
 *   NodeProto       1 input  2 output  3 name  4 op_type  5 attribute
 *   AttributeProto  1 name   3 i (int64)   8 ints (int64)   20 type (INT = 2, INTS = 7)
 *   TensorProto     1 dims (int64)   2 data_type (FLOAT = 1)   8 name   9 raw_data (little-endian)
 *   ValueInfoProto  1 name   2 type
 *   TypeProto       1 tensor_type → 1 elem_type, 2 shape → 1 dim → 1 dim_value
 *
 * Wire format: each field is a varint key `(field << 3) | type` (type 0 varint, 2 length-
 * delimited) then the value; a nested message is length-delimited bytes.
 */

/** ONNX's `TensorProto.DataType.FLOAT`. */
const FLOAT = 1;
const ATTRIBUTE_INT = 2;
const ATTRIBUTE_INTS = 7;
/** IR version 8 (ONNX 1.10+) with opset 17: old enough for every ONNX Runtime since 1.13. */
export const IR_VERSION = 8;
export const OPSET = 17;

/** A protobuf message under construction: a list of encoded chunks. */
class Message {
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

/** A float tensor as an initializer: dims and little-endian raw data. */
function tensorProto(name: string, dims: readonly number[], data: Float32Array): Message {
  const raw = new Uint8Array(data.length * 4);
  const view = new DataView(raw.buffer);
  for (let k = 0; k < data.length; k++) view.setFloat32(k * 4, data[k]!, true);
  return new Message().ints(1, dims).int(2, FLOAT).string(8, name).bytes(9, raw);
}

/** A graph input or output: a float tensor of fixed shape. */
function valueInfo(name: string, dims: readonly number[]): Message {
  const shape = new Message();
  for (const d of dims) shape.message(1, new Message().int(1, d));
  const tensorType = new Message().int(1, FLOAT).message(2, shape);
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
  node
    .string(2, output)
    .string(3, 'conv')
    .string(4, spec.op ?? 'Conv')
    .message(5, intsAttribute('kernel_shape', spec.filter.shape.slice(2)))
    .message(5, intsAttribute('pads', spec.onnxPads ?? [padTop, padLeft, padBottom, padRight]))
    .message(5, intsAttribute('strides', spec.strides))
    .message(5, intsAttribute('dilations', spec.dilations))
    .message(5, intAttribute('group', spec.groups));
  if (spec.outputPadding !== undefined) node.message(5, intsAttribute('output_padding', spec.outputPadding));
  const graph = new Message()
    .message(1, node)
    .string(2, 'simdconv-bench-conv')
    .message(5, tensorProto(weight, spec.filter.shape, spec.filter.data));
  if (spec.bias !== undefined) graph.message(5, tensorProto(bias, [spec.bias.length], spec.bias));
  graph.message(11, valueInfo(input, spec.inputShape)).message(12, valueInfo(output, spec.outputShape));
  return new Message()
    .int(1, IR_VERSION)
    .string(2, 'simdconv bench')
    .message(7, graph)
    .message(8, new Message().string(1, '').int(2, OPSET))
    .finish();
}
