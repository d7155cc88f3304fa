// The catalogue of invalid calls: for every public function, each kind of mistake a caller can
// make and the exact error it gets. test/errors-catalogue.test.ts runs every entry on every
// backend and checks that docs/errors.md quotes only messages listed here.
//
// Each entry belongs to a Spec: the function, the fixtures it needs on an engine (a layer, an
// engine tensor…), and the very next valid call, whose result is compared with the reference.
// Messages are written out in full, not built from src/, so a changed message shows up here.
import { readFileSync } from 'node:fs';
import {
  col2im,
  conv1d,
  conv2d,
  conv3d,
  conv3dOutputShape,
  conv2dFlops,
  conv2dOutputShape,
  conv2dParameterCount,
  convertFilterLayout,
  convInteger1d,
  convInteger2d,
  dequantizeLinear,
  qlinearConv1d,
  qlinearConv2d,
  quantizationParams,
  quantizeLinear,
  type ConvInteger1dOptions,
  type ConvInteger2dOptions,
  type Int32Tensor,
  type QLinearConv1dOptions,
  type QLinearConv2dOptions,
  type QuantizedConvLayer,
  type QuantizedTensor,
  convTranspose1d,
  convTranspose2d,
  convTranspose3d,
  foldBatchNorm,
  pad,
  lpPool2d,
  lpPool3d,
  maxPool3d,
  avgPool3d,
  maxPool2dWithIndices,
  maxUnpool2d,
  maxPool3dWithIndices,
  maxUnpool3d,
  type ConvTranspose2dOptions,
  convOutputSize,
  createEngine,
  createEngineSync,
  edgeMagnitude,
  effectiveKernelSize,
  fromImage,
  im2col,
  kernels,
  maxPool2d,
  avgPool2d,
  nchwToNhwc,
  nhwcToNchw,
  pool2dOutputShape,
  poolOutputSize,
  ready,
  receptiveField,
  reference,
  resolvePadding,
  samePadding,
  sizeOf,
  tensor,
  toImage,
  type Backend,
  type Conv1dOptions,
  type Conv2dOptions,
  type Engine,
  type EngineTensor,
  type Layer,
  type Pool2dOptions,
  type Tensor,
} from '../../src/index.js';
import { wasmUrl } from '../../src/wasm/binary.js';
import type { WasmBackend } from '../../src/wasm/features.js';
import { expectedConv2d } from './expected.js';
import { randomTensor, rng } from './random.js';
import { abs } from './tolerance.js';

export type ErrorClass = typeof Error | typeof TypeError | typeof RangeError;
/** An exact message, or a pattern where a figure depends on the engine's state. */
export type Expected = string | RegExp;

/** What the next valid call gave and what the reference says; without `magnitude` they must be equal. */
export interface Outcome {
  readonly actual: unknown;
  readonly expected: unknown;
  /** Σ|x·w| per output: the tolerance `1e-5 · magnitude + 1e-6` (docs/architecture.md#tolerance). */
  readonly magnitude?: Float32Array;
}

/** One entry's calls, bound to the fixtures `prepare` made on an engine. */
export interface Prepared {
  /** The invalid call. */
  readonly invalid: () => unknown;
  /** The very next valid call of the same function (on the same layer or engine). */
  readonly next: () => Outcome | Promise<Outcome>;
  readonly dispose: () => void;
}

export interface CatalogueEntry {
  /** The public function, as docs/errors.md names it. */
  readonly fn: string;
  readonly mistake: string;
  readonly error: ErrorClass;
  /** The message, or one per backend where they differ (reported as an inconsistency). */
  readonly message: Expected | ((backend: Backend) => Expected);
  /** The backends the entry holds on; every backend when omitted. */
  readonly backends?: readonly Backend[];
  /** createEngine and ready return promises: their errors are rejections. */
  readonly async?: boolean;
  /** Makes the entry's fixtures on `engine` (before the memory snapshot). */
  prepare(engine: Engine): Prepared;
}

/** A function and how its entries run: fixtures, the next valid call, clean-up. */
interface Spec<S> {
  readonly fn: string;
  readonly setup: (engine: Engine) => S;
  readonly next: (subject: S, engine: Engine) => Outcome | Promise<Outcome>;
  readonly dispose?: (subject: S) => void;
}

interface RowOptions {
  readonly backends?: readonly Backend[];
}
/** [mistake, the invalid call, error class, message, options]. */
type Row<S> = readonly [string, (subject: S) => unknown, ErrorClass, CatalogueEntry['message'], RowOptions?];

function entries<S>(spec: Spec<S>, rows: readonly Row<S>[], async = false, suffix = ''): CatalogueEntry[] {
  return rows.map(([mistake, call, error, message, options]) => ({
    fn: spec.fn,
    mistake: suffix === '' ? mistake : `${mistake} (${suffix})`,
    error,
    message,
    ...(options?.backends ? { backends: options.backends } : {}),
    ...(async ? { async } : {}),
    prepare(engine: Engine): Prepared {
      const subject = spec.setup(engine);
      return {
        invalid: () => call(subject),
        next: () => spec.next(subject, engine),
        dispose: () => spec.dispose?.(subject),
      };
    },
  }));
}

// ---------------------------------------------------------------------------------------------
// Fixtures. Small, seeded; the 16 MiB BIG buffer is made once, only for the memory entries.

const WASM: readonly Backend[] = ['relaxed-simd', 'simd', 'scalar'];
/** Every test engine is created with this maxMemoryBytes (16 MiB): far above what the valid calls need. */
export const MEMORY_LIMIT = 16 * 2 ** 20;

const rand = rng(20261121);
const X = randomTensor([1, 2, 6, 6], rand); // conv2d and pooling input, NCHW
const W = randomTensor([3, 2, 3, 3], rand); // OIHW
const BIAS = Float32Array.of(0.5, -0.25, 0.125);
const CONV2D_VALID: Conv2dOptions = { padding: 1, bias: BIAS, activation: 'relu' };
const X1 = randomTensor([1, 2, 10], rand); // conv1d input, NCW
const W1 = randomTensor([3, 2, 3], rand); // OIW
const CONV1D_VALID: Conv1dOptions = { padding: 1, bias: BIAS };
const POOL_VALID: Pool2dOptions = { windowDimensions: 3, strides: 2, padding: 1 };
const X4 = randomTensor([1, 4, 6, 6], rand); // four channels, for the groups mistakes
const LW = randomTensor([2, 2, 3, 3], rand); // a shape-preserving layer (2 → 2 channels, padding 1)
const LAYER_VALID: Conv2dOptions = { padding: 1, bias: Float32Array.of(0.25, -0.5), activation: 'relu' };
const ONE: Tensor = { data: Float32Array.of(1), shape: [1, 1, 1, 1] };

let big: Float32Array | undefined;
/** 2^22 floats (16 MiB) under the given shape: more than MEMORY_LIMIT once in wasm memory. */
function BIG(shape: readonly number[]): Tensor {
  big ??= new Float32Array(2 ** 22);
  return { data: big, shape };
}

const f32 = (n: number) => new Float32Array(n);
const sizeOfShape = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const zeros = (shape: readonly number[]): Tensor => ({ data: f32(sizeOfShape(shape)), shape });
const list = (shape: readonly (number | string)[]) => `[${shape.join(', ')}]`;
const bad = (value: unknown) => value as never;

/** The byte image of a build, and its compiled module (cached). */
const modules = new Map<WasmBackend, WebAssembly.Module>();
const bytesOf = (backend: WasmBackend) => readFileSync(wasmUrl(backend));
function moduleOf(backend: WasmBackend): WebAssembly.Module {
  let m = modules.get(backend);
  if (m === undefined) modules.set(backend, (m = new WebAssembly.Module(bytesOf(backend))));
  return m;
}
/** A valid WebAssembly module that is not simdconv: the header only. */
const FOREIGN_MODULE = () => new WebAssembly.Module(Uint8Array.of(0, 97, 115, 109, 1, 0, 0, 0));

/** Runs `call` as on a JavaScript engine without WebAssembly SIMD (WebAssembly.validate says no). */
function withoutSimd<T>(call: () => T): T {
  const validate = WebAssembly.validate;
  WebAssembly.validate = () => false;
  try {
    return call();
  } finally {
    WebAssembly.validate = validate;
  }
}

/**
 * Runs `call` as if in another runtime: `globals` set on globalThis (and `process.getBuiltinModule`
 * hidden where `noNodeWorkers`, so only web workers are found), everything restored after. An
 * async function rejects from its synchronous part, so a promise's error is already settled.
 */
function asIn<T>(globals: Record<string, unknown>, call: () => T, noNodeWorkers = false): T {
  const g = globalThis as Record<string, unknown>;
  const saved = Object.keys(globals).map((key) => [key, Object.getOwnPropertyDescriptor(g, key)] as const);
  const getBuiltinModule = process.getBuiltinModule;
  for (const [key, value] of Object.entries(globals)) Object.defineProperty(g, key, { value, configurable: true, writable: true });
  if (noNodeWorkers) (process as { getBuiltinModule?: unknown }).getBuiltinModule = undefined;
  try {
    return call();
  } finally {
    process.getBuiltinModule = getBuiltinModule;
    for (const [key, descriptor] of saved) {
      if (descriptor === undefined) delete g[key];
      else Object.defineProperty(g, key, descriptor);
    }
  }
}

// Long parts of messages that recur. Written out, not imported, so that a change in src/ shows.
const ISOLATION =
  'serve the page with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp (or credentialless), or with Document-Isolation-Policy: isolate-and-require-corp';
const PAIR = 'a positive integer or a pair [height, width] of them';
const PADDING_2D =
  "a non-negative integer, [height, width], [beginHeight, endHeight, beginWidth, endWidth] or one of 'valid', 'same', 'same-upper', 'same-lower', 'full'";
const PADDING_1D = "a non-negative integer, [p], [begin, end] or one of 'valid', 'same', 'same-upper', 'same-lower', 'full'";
const ACTIVATIONS = "one of 'relu', 'relu6', 'sigmoid', 'tanh', 'hardSwish', 'gelu', 'silu', 'softplus', 'elu', 'hardSigmoid', { type: 'gelu', approximate: 'tanh' }, { type: 'elu', alpha }, { type: 'hardSigmoid', alpha, beta }, { type: 'prelu', slope }, { type: 'clamp', min, max } or { type: 'leakyRelu', alpha }";
const CONV2D_KEYS = 'padding, paddingMode, strides, dilations, groups, inputLayout, filterLayout, bias, activation, algorithm, flip';
const CONV1D_KEYS = 'padding, paddingMode, strides, dilations, groups, inputLayout, filterLayout, bias, activation, flip';
const POOL_KEYS = 'windowDimensions, strides, dilations, padding, inputLayout, roundingType';
const AVG_POOL_KEYS = `${POOL_KEYS}, countIncludePad`;
const NCHW = '[N, C, H, W] (nchw)';
const OIHW = '[O, I, H, W] (oihw)';
const NCW = '[N, C, W] (ncw)';
const OIW = '[O, I, W] (oiw)';
/** The end of every element-limit message (src/shape/element-limit.ts). */
const LIMIT = 'more than the limit of 1073741824 (2^30) elements per array';
const WASM_SOURCES = 'a WebAssembly.Module, an ArrayBuffer or typed array of its bytes, a URL, or a record of those by backend';
/** The growth error: the figures depend on what the engine holds, the limit does not. */
const overLimit = (fn: string) =>
  new RegExp(
    `^${fn.replace('.', '\\.')}: needs \\d+ more bytes of WebAssembly memory, which would grow it to \\d+ bytes, more than this engine's maxMemoryBytes \\(${MEMORY_LIMIT}\\); nothing was allocated$`,
  );
const over4GiB = (fn: string) =>
  new RegExp(
    `^${fn.replace('.', '\\.')}: needs \\d+ more bytes of WebAssembly memory, which would grow it to \\d+ bytes, more than the 4294967296 bytes \\(4 GiB\\) wasm32 can address$`,
  );

// ---------------------------------------------------------------------------------------------
// The checks every tensor argument gets (src/tensor.ts): one row each.

/**
 * The mistakes a tensor argument can carry. `name` is the argument as messages name it,
 * `dims` spells its axes (`'[N, C, H, W] (nchw)'`), `shape` is a valid shape for it, `call`
 * passes the bad value in that argument's place.
 */
function tensorRows<S>(fn: string, name: string, dims: string, shape: readonly number[], call: (s: S, bad: never) => unknown): Row<S>[] {
  const size = sizeOfShape(shape);
  const rank = shape.length;
  const spelled = dims === '' ? '' : ` ${dims}`;
  const withShape = (s: readonly number[]) => ({ data: f32(Math.max(0, sizeOfShape(s))), shape: s });
  const hint = `; convert it once with Float32Array.from(${name}.data) (or tensor(values, shape))`;
  const zeroDim = [...shape.slice(0, -1), 0];
  const negative = [...shape.slice(0, -1), -shape[rank - 1]!];
  const fractional = [...shape.slice(0, -1), shape[rank - 1]! + 0.5];
  return [
    [`${name} is null`, (s) => call(s, bad(null)), TypeError, `${fn}: ${name} must be a tensor { data: Float32Array, shape }, got null`],
    [`${name} is a number`, (s) => call(s, bad(7)), TypeError, `${fn}: ${name} must be a tensor { data: Float32Array, shape }, got 7`],
    [`${name} is a bare Float32Array, not a tensor`, (s) => call(s, bad(f32(size))), TypeError, `${fn}: ${name} must be a tensor { data: Float32Array, shape }, got Float32Array(${size}); a bare array is not a tensor: give { data, shape }`],
    [`${name}.data is a Float64Array`, (s) => call(s, bad({ data: new Float64Array(size), shape })), TypeError, `${fn}: ${name}.data must be a Float32Array, got Float64Array(${size})${hint}`],
    [`${name}.data is a plain array`, (s) => call(s, bad({ data: [1, 2, 3], shape })), TypeError, `${fn}: ${name}.data must be a Float32Array, got [1, 2, 3]${hint}`],
    [`${name}.data is a nested array`, (s) => call(s, bad({ data: [[1, 2], [3, 4]], shape })), TypeError, `${fn}: ${name}.data must be a Float32Array, got [[1, 2], [3, 4]]; it is a nested array: flatten it first, Float32Array.from(${name}.data.flat(Infinity)) (row-major, as the shape reads it) (or tensor(values, shape))`],
    [`${name}.shape is a string`, (s) => call(s, bad({ data: f32(size), shape: shape.join('x') })), TypeError, `${fn}: ${name} shape must be an array of ${rank} dimensions${spelled}, got "${shape.join('x')}"`],
    [`${name} has the wrong rank`, (s) => call(s, bad(withShape(shape.slice(1)))), RangeError, `${fn}: ${name} shape must have rank ${rank}${spelled}, got ${list(shape.slice(1))} (rank ${rank - 1})`],
    [`${name} has a zero-size dimension`, (s) => call(s, bad(withShape(zeroDim))), RangeError, `${fn}: ${name} shape must hold positive integers${spelled}, got ${list(zeroDim)}`],
    [`${name} has a negative dimension`, (s) => call(s, bad({ data: f32(size), shape: negative })), RangeError, `${fn}: ${name} shape must hold positive integers${spelled}, got ${list(negative)}`],
    [`${name} has a non-integer dimension`, (s) => call(s, bad({ data: f32(size), shape: fractional })), RangeError, `${fn}: ${name} shape must hold positive integers${spelled}, got ${list(fractional)}`],
    [`${name}.data is one element short of the shape`, (s) => call(s, bad({ data: f32(size - 1), shape })), RangeError, `${fn}: ${name}.data has ${size - 1} elements but shape ${list(shape)} needs ${size}`],
  ];
}

/** An engine tensor that was disposed, and one of another engine (the wasm backends only). */
function disposedTensor(engine: Engine, shape: readonly number[]): EngineTensor {
  const t = engine.tensor(shape);
  t.dispose();
  return t;
}
function foreignTensor(engine: Engine, shape: readonly number[]): EngineTensor {
  return createEngineSync({ backend: engine.backend }).tensor(shape);
}

// ---------------------------------------------------------------------------------------------
// Outcomes of the valid calls, from the reference.

function conv2dOutcome(actual: Tensor, input: Tensor, filter: Tensor, options: Conv2dOptions): Outcome {
  const { output, bound } = expectedConv2d(input, filter, options);
  return { actual, expected: output, magnitude: bound };
}

function conv1dOutcome(actual: Tensor, input: Tensor, filter: Tensor, options: Conv1dOptions): Outcome {
  const { bias, ...rest } = options;
  const absBias = bias instanceof Float32Array ? bias.map(Math.abs) : undefined;
  const magnitude = reference.conv1d(abs(input), abs(filter), { ...rest, ...(absBias ? { bias: absBias } : {}) }).data;
  return { actual, expected: reference.conv1d(input, filter, options), magnitude };
}

function poolOutcome(kind: 'max' | 'avg', actual: Tensor, input: Tensor, options: Pool2dOptions): Outcome {
  if (kind === 'max') return { actual, expected: reference.maxPool2d(input, options) }; // a max is exact
  return { actual, expected: reference.avgPool2d(input, options), magnitude: reference.avgPool2d(abs(input), options).data };
}

// ---------------------------------------------------------------------------------------------
// conv2d: the top-level function, the engine method, the reference, and the layer.

/** How a conv2d-family function is called with one argument replaced. */
interface ConvCall {
  readonly input?: unknown;
  readonly filter?: unknown;
  readonly options?: unknown;
}
/** The replaced argument if the call names it (null and undefined included), else the valid one. */
const pick = (c: ConvCall, key: keyof ConvCall, fallback: unknown) => (key in c ? c[key] : fallback);

/** The conv2d mistakes that do not depend on the engine, as [mistake, call, error, message]. */
function conv2dMistakes(fn: string): (readonly [string, ConvCall, ErrorClass, Expected])[] {
  const m = (text: string) => `${fn}: ${text}`;
  const o = (options: unknown): ConvCall => ({ options });
  return [
    ['options is a string', o('same'), TypeError, m('options must be an object, got "same"')],
    ['options is an array', o([1, 1]), TypeError, m('options must be an object, got [1, 1]')],
    ['unknown option `stride` (PyTorch)', o({ stride: 2 }), TypeError, m(`unknown option \`stride\`; did you mean \`strides\`? (expected one of: ${CONV2D_KEYS})`)],
    ['misspelt option `stides`', o({ stides: 2 }), TypeError, m(`unknown option \`stides\`; did you mean \`strides\`? (expected one of: ${CONV2D_KEYS})`)],
    ['unknown option `data_format` (TensorFlow)', o({ data_format: 'NHWC' }), TypeError, m(`unknown option \`data_format\`; did you mean \`inputLayout\`? (expected one of: ${CONV2D_KEYS})`)],
    ['unknown option `fast`', o({ fast: true }), TypeError, m(`unknown option \`fast\` (expected one of: ${CONV2D_KEYS})`)],
    ["inputLayout 'NCHW' (upper case)", o({ inputLayout: 'NCHW' }), RangeError, m(`inputLayout must be one of 'nchw', 'nhwc', got "NCHW"; did you mean 'nchw'?`)],
    ['inputLayout a number', o({ inputLayout: 4 }), TypeError, m(`inputLayout must be one of 'nchw', 'nhwc', got 4`)],
    ["filterLayout 'iohw'", o({ filterLayout: 'iohw' }), RangeError, m(`filterLayout must be one of 'oihw', 'hwio', 'ohwi', 'ihwo', got "iohw"`)],
    ["filterLayout 'HWIO'", o({ filterLayout: 'HWIO' }), RangeError, m(`filterLayout must be one of 'oihw', 'hwio', 'ohwi', 'ihwo', got "HWIO"; did you mean 'hwio'?`)],
    ['input channels ≠ filter channels', { filter: zeros([3, 3, 3, 3]) }, RangeError, m('input has 2 channels but filter expects 3 (3 per group × groups=1)')],
    ['a depthwise filter without groups', { filter: zeros([2, 1, 3, 3]) }, RangeError, m('input has 2 channels but filter expects 1 (1 per group × groups=1); for a depthwise convolution set groups: 2')],
    ['a grouped filter without groups', { input: X4, filter: zeros([2, 2, 3, 3]) }, RangeError, m('input has 4 channels but filter expects 2 (2 per group × groups=1); with groups: 2 it would match')],
    ['groups does not divide the input channels', { filter: zeros([3, 1, 3, 3]), options: { groups: 3 } }, RangeError, m('input channels (2) must be divisible by groups (3)')],
    ['groups does not divide the output channels', { input: X4, filter: zeros([3, 2, 3, 3]), options: { groups: 2 } }, RangeError, m("output channels (3, the filter's O axis) must be divisible by groups (2)")],
    ['groups × filter channels ≠ input channels', { input: X4, filter: zeros([2, 4, 3, 3]), options: { groups: 2 } }, RangeError, m('input has 4 channels but filter expects 8 (4 per group × groups=2); with groups: 1 it would match')],
    ['groups 0', o({ groups: 0 }), RangeError, m('groups must be a positive integer, got 0')],
    ['groups 1.5', o({ groups: 1.5 }), RangeError, m('groups must be a positive integer, got 1.5')],
    ['groups a string', o({ groups: '1' }), TypeError, m('groups must be a positive integer, got "1"')],
    ['strides past 32-bit integers', o({ strides: [1, 2 ** 33] }), RangeError, m('strides must be at most 2147483647 (the kernels use 32-bit integers), got [1, 8589934592]')],
    ['padding past 32-bit integers', o({ padding: [0, 0, 2 ** 32 + 1, 2 ** 32 + 1], strides: [1, 2 ** 30] }), RangeError, m('padding must be at most 2147483647 (the kernels use 32-bit integers) per side, got [0, 0, 4294967297, 4294967297]')],
    ['strides 0', o({ strides: 0 }), RangeError, m(`strides must be ${PAIR}, got 0`)],
    ['strides negative', o({ strides: -1 }), RangeError, m(`strides must be ${PAIR}, got -1`)],
    ['strides 1.5', o({ strides: 1.5 }), RangeError, m(`strides must be ${PAIR}, got 1.5`)],
    ['strides NaN', o({ strides: NaN }), RangeError, m(`strides must be ${PAIR}, got NaN`)],
    ['strides [1, 0]', o({ strides: [1, 0] }), RangeError, m(`strides must be ${PAIR}, got [1, 0]`)],
    ['strides of one entry', o({ strides: [2] }), RangeError, m(`strides must be ${PAIR}, got [2]`)],
    ['strides of three entries', o({ strides: [1, 1, 1] }), RangeError, m(`strides must be ${PAIR}, got [1, 1, 1]`)],
    ['strides a string', o({ strides: '2' }), TypeError, m(`strides must be ${PAIR}, got "2"`)],
    ['dilations 0', o({ dilations: 0 }), RangeError, m(`dilations must be ${PAIR}, got 0`)],
    ['dilations [1, 2.5]', o({ dilations: [1, 2.5] }), RangeError, m(`dilations must be ${PAIR}, got [1, 2.5]`)],
    ['dilations an object', o({ dilations: { h: 1, w: 1 } }), TypeError, m(`dilations must be ${PAIR}, got an object`)],
    ['padding negative', o({ padding: -1 }), RangeError, m(`padding must be ${PADDING_2D}, got -1`)],
    ['padding 1.5', o({ padding: 1.5 }), RangeError, m(`padding must be ${PADDING_2D}, got 1.5`)],
    ['padding [1, -1]', o({ padding: [1, -1] }), RangeError, m(`padding must be ${PADDING_2D}, got [1, -1]`)],
    ['padding of three entries', o({ padding: [1, 1, 1] }), RangeError, m(`padding must be ${PADDING_2D}, got [1, 1, 1]`)],
    ["padding 'SAME' (TensorFlow's spelling)", o({ padding: 'SAME' }), RangeError, m(`padding must be ${PADDING_2D}, got "SAME"; did you mean 'same'?`)],
    ["padding 'same_lower' (ONNX's spelling)", o({ padding: 'same_lower' }), RangeError, m(`padding must be ${PADDING_2D}, got "same_lower"; did you mean 'same-lower'?`)],
    ["padding 'causal'", o({ padding: 'causal' }), RangeError, m(`padding must be ${PADDING_2D}, got "causal"`)],
    ['padding true', o({ padding: true }), TypeError, m(`padding must be ${PADDING_2D}, got true`)],
    ['kernel taller than the padded input', { filter: zeros([3, 2, 7, 3]) }, RangeError, m("output height would be 0: the padded input height 6 + 0 + 0 = 6 is smaller than the kernel's extent 7 (kernel 7, dilation 1); expected an output height of at least 1")],
    ['dilated kernel wider than the padded input', o({ dilations: [1, 3] }), RangeError, m("output width would be 0: the padded input width 6 + 0 + 0 = 6 is smaller than the kernel's extent 7 (kernel 3, dilation 3); expected an output width of at least 1")],
    ['bias one value short', o({ bias: f32(2) }), RangeError, m('bias has 2 values but the filter has 3 output channels')],
    ['bias a Float64Array', o({ bias: new Float64Array(3) }), TypeError, m('bias must be a Float32Array of length 3 or a tensor of shape [3], got Float64Array(3); convert it once with Float32Array.from(bias)')],
    ['bias a plain array', o({ bias: [1, 2, 3] }), TypeError, m('bias must be a Float32Array of length 3 or a tensor of shape [3], got [1, 2, 3]; convert it once with Float32Array.from(bias)')],
    ['bias null', o({ bias: null }), TypeError, m('bias must be a Float32Array of length 3 or a tensor of shape [3], got null')],
    ['bias a tensor of shape [1, 3]', o({ bias: zeros([1, 3]) }), RangeError, m('bias must have shape [3] (one value per output channel), got [1, 3]')],
    ['bias a tensor of Float64Array data', o({ bias: { data: new Float64Array(3), shape: [3] } }), TypeError, m('bias must be a Float32Array of length 3 or a tensor of shape [3], got Float64Array(3); convert it once with Float32Array.from(bias.data)')],
    // Layouts: data in the other layout than the one named, TensorFlow's NHWC + HWIO with only inputLayout set.
    ['NHWC data without inputLayout', { input: zeros([1, 6, 6, 2]) }, RangeError, m("input has 6 channels but filter expects 2 (2 per group × groups=1); as 'nhwc' the input would have 2: set inputLayout: 'nhwc' if that is its layout")],
    ['NCHW data with inputLayout nhwc', { input: zeros([1, 6, 5, 5]), filter: zeros([3, 6, 3, 3]), options: { inputLayout: 'nhwc', filterLayout: 'oihw' } }, RangeError, m("input has 5 channels but filter expects 6 (6 per group × groups=1); as 'nchw' the input would have 6: set inputLayout: 'nchw' if that is its layout")],
    ['an HWIO filter that fits only as HWIO, without filterLayout', { input: zeros([1, 6, 6, 5]), filter: zeros([3, 3, 5, 4]), options: { inputLayout: 'nhwc' } }, RangeError, m("input has 5 channels but filter expects 3 (3 per group × groups=1); as 'hwio' (TensorFlow's layout) the filter would expect 5: set filterLayout: 'hwio' if that is its layout")],
    ['NHWC data and an HWIO filter with only inputLayout set (fits both readings)', { input: zeros([1, 8, 8, 3]), filter: zeros([3, 3, 3, 4]), options: { inputLayout: 'nhwc' } }, RangeError, m("filter shape [3, 3, 3, 4] is ambiguous with inputLayout 'nhwc': as 'oihw' (the default) it is 3 filters of 3×4 over 3 channels, as 'hwio' (TensorFlow's layout) 4 filters of 3×3 over 3 channels; say which: filterLayout: 'hwio' or filterLayout: 'oihw'")],
    ["activation 'swish' (silu's other name)", o({ activation: 'swish' }), RangeError, m(`activation must be ${ACTIVATIONS}, got "swish"; swish is 'silu'`)],
    ["paddingMode 'mirror'", o({ paddingMode: 'mirror' }), RangeError, m(`paddingMode must be one of 'zeros', 'reflect', 'replicate', 'circular' (or ONNX's and WebNN's 'edge', 'wrap', 'reflection', 'constant'), got "mirror"`)],
    ['paddingMode a number', o({ paddingMode: 1 }), TypeError, m(`paddingMode must be one of 'zeros', 'reflect', 'replicate', 'circular', got 1`)],
    ["paddingMode 'reflect' with a pad as large as the input", o({ padding: 6, paddingMode: 'reflect' }), RangeError, m("paddingMode 'reflect' needs each padding below the input height (6), got 6")],
    ["paddingMode 'circular' with a pad larger than the input", o({ padding: [0, 0, 7, 0], paddingMode: 'circular' }), RangeError, m("paddingMode 'circular' needs each padding at most the input width (6), got 7")],
    ["activation 'prelu'", o({ activation: 'prelu' }), RangeError, m(`activation must be ${ACTIVATIONS}, got "prelu"; prelu takes its slope: { type: 'prelu', slope } (a number or one per output channel)`)],
    ['prelu with a slope per channel of the wrong length', o({ activation: { type: 'prelu', slope: f32(2) } }), RangeError, m('prelu activation has 2 slopes but the filter has 3 output channels')],
    ['prelu with a plain array of slopes', o({ activation: { type: 'prelu', slope: [1, 2, 3] } }), TypeError, m('prelu activation needs slope: a number or a Float32Array of one slope per output channel, got [1, 2, 3]')],
    ["gelu with approximate 'erf'", o({ activation: { type: 'gelu', approximate: 'erf' } }), RangeError, m(`gelu activation's approximate must be 'none' or 'tanh', got "erf"`)],
    ['elu with an infinite alpha', o({ activation: { type: 'elu', alpha: Infinity } }), RangeError, m('elu activation needs a finite number alpha, got Infinity')],
    ['hardSigmoid with beta NaN', o({ activation: { type: 'hardSigmoid', beta: NaN } }), RangeError, m('hardSigmoid activation needs a finite number beta, got NaN')],
    ["activation 'hard_swish'", o({ activation: 'hard_swish' }), RangeError, m(`activation must be ${ACTIVATIONS}, got "hard_swish"; did you mean 'hardSwish'?`)],
    // The hint repeats the word given (reported): leakyRelu and clamp take the object form.
    ["activation 'leakyRelu' as a word (it takes an object)", o({ activation: 'leakyRelu' }), RangeError, m(`activation must be ${ACTIVATIONS}, got "leakyRelu"; leakyRelu takes its slope: { type: 'leakyRelu', alpha }`)],
    ['activation a number', o({ activation: 1 }), TypeError, m(`activation must be ${ACTIVATIONS}, got 1`)],
    ["activation { type: 'swish' }", o({ activation: { type: 'swish' } }), RangeError, m(`activation must be ${ACTIVATIONS}, got { type: "swish" }`)],
    ['activation {} (no type)', o({ activation: {} }), RangeError, m(`activation must be ${ACTIVATIONS}, got { type: undefined }`)],
    ['clamp with min > max', o({ activation: { type: 'clamp', min: 2, max: 1 } }), RangeError, m('clamp activation needs numbers min ≤ max, got min 2, max 1')],
    ['clamp with a NaN bound', o({ activation: { type: 'clamp', min: NaN } }), RangeError, m('clamp activation needs numbers min ≤ max, got min NaN, max Infinity')],
    ['clamp with a string bound', o({ activation: { type: 'clamp', max: '6' } }), TypeError, m('clamp activation needs numbers min ≤ max, got min -Infinity, max "6"')],
    ['leakyRelu with an infinite alpha', o({ activation: { type: 'leakyRelu', alpha: Infinity } }), RangeError, m('leakyRelu activation needs a finite number alpha, got Infinity')],
    ['leakyRelu with a misspelt `alfa`', o({ activation: { type: 'leakyRelu', alfa: 0.1 } }), TypeError, m('activation: unknown option `alfa`; did you mean `alpha`? (expected one of: type, alpha)')],
    ['relu with a parameter', o({ activation: { type: 'relu', alpha: 0.1 } }), TypeError, m('activation: unknown option `alpha` (expected one of: type)')],
    ['flip 1', o({ flip: 1 }), TypeError, m('flip must be true or false, got 1')],
    ["flip 'true'", o({ flip: 'true' }), TypeError, m('flip must be true or false, got "true"')],
    ["algorithm 'fast'", o({ algorithm: 'fast' }), RangeError, m(`algorithm must be one of 'auto', 'direct', 'winograd', 'winograd-4x4', got "fast"`)],
    ["algorithm 'winograd_4x4'", o({ algorithm: 'winograd_4x4' }), RangeError, m(`algorithm must be one of 'auto', 'direct', 'winograd', 'winograd-4x4', got "winograd_4x4"; did you mean 'winograd-4x4'?`)],
    ["algorithm 'winograd' at stride 2", o({ algorithm: 'winograd', strides: 2 }), RangeError, m("algorithm 'winograd' needs a 3×3 kernel, strides 1 and groups 1, got a 3×3 kernel, strides [2, 2] and groups 1; use algorithm 'auto' or 'direct'")],
    ["algorithm 'winograd' with a 1×1 kernel", { filter: zeros([3, 2, 1, 1]), options: { algorithm: 'winograd' } }, RangeError, m("algorithm 'winograd' needs a 3×3 kernel, strides 1 and groups 1, got a 1×1 kernel, strides [1, 1] and groups 1; use algorithm 'auto' or 'direct'")],
    ["algorithm 'winograd-4x4' grouped", { input: X4, filter: zeros([4, 2, 3, 3]), options: { algorithm: 'winograd-4x4', groups: 2 } }, RangeError, m("algorithm 'winograd-4x4' needs a 3×3 kernel, strides 1 and groups 1, got a 3×3 kernel, strides [1, 1] and groups 2; use algorithm 'auto' or 'direct'")],
  ];
}

/** The conv2d entries of one calling surface: `run(input, filter, options)`. */
function conv2dFamily(fn: string, run: (engine: Engine, input: never, filter: never, options: never, output?: never) => Tensor, withEngine: boolean): CatalogueEntry[] {
  const spec: Spec<Engine> = {
    fn,
    setup: (engine) => engine,
    next: (engine) => conv2dOutcome(run(engine, bad(X), bad(W), bad(CONV2D_VALID)), X, W, CONV2D_VALID),
  };
  const call = (engine: Engine, c: ConvCall) => run(engine, bad(pick(c, 'input', X)), bad(pick(c, 'filter', W)), bad(pick(c, 'options', {})));
  const rows: Row<Engine>[] = [
    ...tensorRows<Engine>('conv2d', 'input', NCHW, X.shape, (e, t) => call(e, { input: t })),
    ...tensorRows<Engine>('conv2d', 'filter', OIHW, W.shape, (e, t) => call(e, { filter: t })),
    ...conv2dMistakes('conv2d').map(([mistake, c, error, message]): Row<Engine> => [mistake, (e) => call(e, c), error, message]),
  ];
  rows.push(['an unknown option whose value is undefined', (e) => call(e, { options: { stride: undefined } }), TypeError, `conv2d: unknown option \`stride\`; did you mean \`strides\`? (expected one of: ${CONV2D_KEYS})`]);
  if (withEngine) {
    rows.push(
      ['input is a disposed engine tensor', (e) => call(e, { input: disposedTensor(e, X.shape) }), Error, 'conv2d: input of shape [1, 2, 6, 6] was disposed; it can no longer be used'],
      ['input is an engine tensor of another engine', (e) => call(e, { input: foreignTensor(e, X.shape) }), TypeError, 'conv2d: input belongs to another engine; tensors made by engine.tensor() work only with layers of the same engine'],
      ['the call needs more memory than maxMemoryBytes', (e) => call(e, { input: ONE, filter: ONE, options: { padding: 2000 } }), RangeError, overLimit('conv2d'), { backends: WASM }],
      ['the call needs more than wasm32 addresses', (e) => call(e, { input: ONE, filter: ONE, options: { padding: 40_000 } }), RangeError, over4GiB('conv2d'), { backends: WASM }],
      ...oneShotOutputRows('conv2d', (e, output) => run(e, bad(X), bad(LW), bad({ padding: 1 }), bad(output))),
    );
  }
  return entries(spec, rows);
}

/**
 * The output mistakes of a one-shot call into a given output (`conv2d(x, w, options, output)`,
 * and the same for conv1d and pooling): the call's output shape is X's, [1, 2, 6, 6].
 */
function oneShotOutputRows(name: string, into: (engine: Engine, output: unknown) => Tensor): Row<Engine>[] {
  const overlap = `${name}: output overlaps the input (the same tensor, the same data, or overlapping views of one buffer); give a separate output`;
  return [
    ['output has the wrong shape', (e) => into(e, zeros([1, 2, 3, 12])), RangeError, `${name}: output must have shape [1, 2, 6, 6] for an input of shape [1, 2, 6, 6], got [1, 2, 3, 12]`],
    ['output is a bare Float32Array', (e) => into(e, f32(72)), TypeError, `${name}: output must be a tensor { data: Float32Array, shape }, got Float32Array(72); a bare array is not a tensor: give { data, shape }`],
    ['output.data is a Float64Array', (e) => into(e, { data: new Float64Array(72), shape: [1, 2, 6, 6] }), TypeError, `${name}: output.data must be a Float32Array, got Float64Array(72); give a Float32Array to be filled`],
    ['output is the input', (e) => into(e, X), RangeError, overlap],
    ['output is a disposed engine tensor', (e) => into(e, disposedTensor(e, X.shape)), Error, `${name}: output of shape [1, 2, 6, 6] was disposed; it can no longer be used`],
  ];
}

// ---------------------------------------------------------------------------------------------
// conv1d

function conv1dMistakes(): (readonly [string, ConvCall, ErrorClass, Expected])[] {
  const m = (text: string) => `conv1d: ${text}`;
  const o = (options: unknown): ConvCall => ({ options });
  return [
    ['options is a string', o('same'), TypeError, m('options must be an object, got "same"')],
    ['unknown option `algorithm` (conv2d only)', o({ algorithm: 'direct' }), TypeError, m(`unknown option \`algorithm\` (expected one of: ${CONV1D_KEYS})`)],
    ['unknown option `dilation`', o({ dilation: 2 }), TypeError, m(`unknown option \`dilation\`; did you mean \`dilations\`? (expected one of: ${CONV1D_KEYS})`)],
    ["inputLayout 'nchw' (a 2-D layout)", o({ inputLayout: 'nchw' }), RangeError, m(`inputLayout must be one of 'ncw', 'nwc', got "nchw"`)],
    ['NWC data with only inputLayout set', { input: zeros([1, 10, 2]), options: { inputLayout: 'nwc' } }, RangeError, m("filter shape [3, 2, 3] is ambiguous with inputLayout 'nwc': it is 3 filters of length 3 over 2 channels both as 'oiw' (the default) and as 'wio' (TensorFlow's layout), which order its values differently; say which: filterLayout: 'wio' or filterLayout: 'oiw'")],
    ["filterLayout 'oihw' (a 2-D layout)", o({ filterLayout: 'oihw' }), RangeError, m(`filterLayout must be one of 'oiw', 'wio', 'owi', 'iwo', got "oihw"`)],
    ['input channels ≠ filter channels', { filter: zeros([3, 3, 3]) }, RangeError, m('input has 2 channels but filter expects 3 (3 per group × groups=1)')],
    ['groups does not divide the channels', { filter: zeros([3, 1, 3]), options: { groups: 3 } }, RangeError, m('input channels (2) must be divisible by groups (3)')],
    ['strides of two entries', o({ strides: [1, 1] }), RangeError, m('strides must be a positive integer or [length], got [1, 1]')],
    ['strides 0', o({ strides: 0 }), RangeError, m('strides must be a positive integer or [length], got 0')],
    ['dilations 1.5', o({ dilations: 1.5 }), RangeError, m('dilations must be a positive integer or [length], got 1.5')],
    ['padding of three entries', o({ padding: [1, 2, 3] }), RangeError, m(`padding must be ${PADDING_1D}, got [1, 2, 3]`)],
    ["padding 'CAUSAL'", o({ padding: 'CAUSAL' }), RangeError, m(`padding must be ${PADDING_1D}, got "CAUSAL"`)],
    ['kernel longer than the padded input', { filter: zeros([3, 2, 11]) }, RangeError, m("output length would be 0: the padded input length 10 + 0 + 0 = 10 is smaller than the kernel's extent 11 (kernel 11, dilation 1); expected an output length of at least 1")],
    ['bias one value long', o({ bias: f32(4) }), RangeError, m('bias has 4 values but the filter has 3 output channels')],
    ["activation 'RELU'", o({ activation: 'RELU' }), RangeError, m(`activation must be ${ACTIVATIONS}, got "RELU"; did you mean 'relu'?`)],
    ['flip null', o({ flip: null }), TypeError, m('flip must be true or false, got null')],
  ];
}

function conv1dFamily(fn: string, run: (engine: Engine, input: never, filter: never, options: never, output?: never) => Tensor, withEngine: boolean): CatalogueEntry[] {
  const spec: Spec<Engine> = {
    fn,
    setup: (engine) => engine,
    next: (engine) => conv1dOutcome(run(engine, bad(X1), bad(W1), bad(CONV1D_VALID)), X1, W1, CONV1D_VALID),
  };
  const call = (engine: Engine, c: ConvCall) => run(engine, bad(pick(c, 'input', X1)), bad(pick(c, 'filter', W1)), bad(pick(c, 'options', {})));
  const rows: Row<Engine>[] = [
    ...tensorRows<Engine>('conv1d', 'input', NCW, X1.shape, (e, t) => call(e, { input: t })),
    ...tensorRows<Engine>('conv1d', 'filter', OIW, W1.shape, (e, t) => call(e, { filter: t })),
    ...conv1dMistakes().map(([mistake, c, error, message]): Row<Engine> => [mistake, (e) => call(e, c), error, message]),
  ];
  if (withEngine) {
    const one: Tensor = { data: Float32Array.of(1), shape: [1, 1, 1] };
    rows.push(
      ['input is an engine tensor of another engine', (e) => call(e, { input: foreignTensor(e, X1.shape) }), TypeError, 'conv1d: input belongs to another engine; tensors made by engine.tensor() work only with layers of the same engine'],
      ['the call needs more memory than maxMemoryBytes', (e) => call(e, { input: one, filter: one, options: { padding: 2_100_000 } }), RangeError, overLimit('conv1d'), { backends: WASM }],
      ['output has the wrong shape', (e) => run(e, bad(X1), bad(W1), bad({}), bad(zeros([1, 3, 10]))), RangeError, 'conv1d: output must have shape [1, 3, 8] for an input of shape [1, 2, 10], got [1, 3, 10]'],
    );
  }
  return entries(spec, rows);
}

// ---------------------------------------------------------------------------------------------
// maxPool2d and avgPool2d

function poolMistakes(fn: 'maxPool2d' | 'avgPool2d'): (readonly [string, unknown, ErrorClass, Expected])[] {
  const m = (text: string) => `${fn}: ${text}`;
  const keys = fn === 'maxPool2d' ? POOL_KEYS : AVG_POOL_KEYS;
  const rows: (readonly [string, unknown, ErrorClass, Expected])[] = [
    ['options is a number', 3, TypeError, m('options must be an object, got 3')],
    ['unknown option `kernel_size` (PyTorch)', { kernel_size: 2 }, TypeError, m(`unknown option \`kernel_size\`; did you mean \`windowDimensions\`? (expected one of: ${keys})`)],
    ['unknown option `stride`', { windowDimensions: 2, stride: 2 }, TypeError, m(`unknown option \`stride\`; did you mean \`strides\`? (expected one of: ${keys})`)],
    ["unknown option `layout` (WebNN's pool2d)", { layout: 'nchw' }, TypeError, m(`unknown option \`layout\`; did you mean \`inputLayout\`? (expected one of: ${keys})`)],
    ['unknown option `ceil_mode` (PyTorch)', { ceil_mode: true }, TypeError, m(`unknown option \`ceil_mode\`; did you mean \`roundingType\`? (expected one of: ${keys})`)],
    ['windowDimensions 0', { windowDimensions: 0 }, RangeError, m(`windowDimensions must be ${PAIR}, got 0`)],
    ['windowDimensions [2, 0]', { windowDimensions: [2, 0] }, RangeError, m(`windowDimensions must be ${PAIR}, got [2, 0]`)],
    ['windowDimensions a string', { windowDimensions: '2' }, TypeError, m(`windowDimensions must be ${PAIR}, got "2"`)],
    ['strides 0', { windowDimensions: 2, strides: 0 }, RangeError, m(`strides must be ${PAIR}, got 0`)],
    ['dilations [1, 0]', { windowDimensions: 2, dilations: [1, 0] }, RangeError, m(`dilations must be ${PAIR}, got [1, 0]`)],
    ['padding negative', { windowDimensions: 2, padding: -1 }, RangeError, m(`padding must be ${PADDING_2D}, got -1`)],
    ["padding 'SAME'", { windowDimensions: 2, padding: 'SAME' }, RangeError, m(`padding must be ${PADDING_2D}, got "SAME"; did you mean 'same'?`)],
    ["inputLayout 'NHWC'", { inputLayout: 'NHWC' }, RangeError, m(`inputLayout must be one of 'nchw', 'nhwc', got "NHWC"; did you mean 'nhwc'?`)],
    ["roundingType 'CEIL'", { windowDimensions: 2, roundingType: 'CEIL' }, RangeError, m(`roundingType must be one of 'floor', 'ceil', got "CEIL"; did you mean 'ceil'?`)],
    ['roundingType true (ceil_mode habit)', { windowDimensions: 2, roundingType: true }, TypeError, m(`roundingType must be one of 'floor', 'ceil', got true`)],
    ['window larger than the padded input', { windowDimensions: 7 }, RangeError, m("output height would be 0: the padded input height 6 + 0 + 0 = 6 is smaller than the window's extent 7 (window 7, dilation 1); expected an output height of at least 1")],
    ['a window that covers padding only', { windowDimensions: 2, padding: 2 }, RangeError, m('output height cell 0 would pool padding only: its window taps input height positions [-2, -1] but the input covers 0…5 (window 2, stride 1, dilation 1, padding [2, 2]); expected every window to cover at least one input cell — use less padding or dilation')],
  ];
  if (fn === 'maxPool2d') {
    rows.push(['countIncludePad (avgPool2d only)', { countIncludePad: true }, TypeError, m(`unknown option \`countIncludePad\` (expected one of: ${POOL_KEYS})`)]);
  } else {
    rows.push(["countIncludePad 'yes'", { countIncludePad: 'yes' }, TypeError, m('countIncludePad must be true or false, got "yes"')]);
  }
  return rows;
}

function poolFamily(fn: string, kind: 'max' | 'avg', run: (engine: Engine, input: never, options: never, output?: never) => Tensor, withEngine: boolean): CatalogueEntry[] {
  const name = kind === 'max' ? 'maxPool2d' : 'avgPool2d';
  const spec: Spec<Engine> = {
    fn,
    setup: (engine) => engine,
    next: (engine) => poolOutcome(kind, run(engine, bad(X), bad(POOL_VALID)), X, POOL_VALID),
  };
  const rows: Row<Engine>[] = [
    ...tensorRows<Engine>(name, 'input', NCHW, X.shape, (e, t) => run(e, t, bad({ windowDimensions: 2 }))),
    ...poolMistakes(name).map(([mistake, options, error, message]): Row<Engine> => [mistake, (e) => run(e, bad(X), bad(options)), error, message]),
  ];
  if (withEngine) {
    rows.push(
      ['input is a disposed engine tensor', (e) => run(e, bad(disposedTensor(e, X.shape)), bad({})), Error, `${name}: input of shape [1, 2, 6, 6] was disposed; it can no longer be used`],
      ['input is an engine tensor of another engine', (e) => run(e, bad(foreignTensor(e, X.shape)), bad({})), TypeError, `${name}: input belongs to another engine; tensors made by engine.tensor() work only with layers of the same engine`],
      ['the call needs more memory than maxMemoryBytes', (e) => run(e, bad(BIG([1, 1, 2048, 2048])), bad({ windowDimensions: 1 })), RangeError, overLimit(name), { backends: WASM }],
      ...oneShotOutputRows(name, (e, output) => run(e, bad(X), bad({ windowDimensions: 3, padding: 1 }), bad(output))),
    );
  }
  return entries(spec, rows);
}

// ---------------------------------------------------------------------------------------------
// Layers: creation, run, outputShape, use after dispose.

// ---------------------------------------------------------------------------------------------
// convTranspose2d and convTranspose1d

const XT = randomTensor([1, 2, 4, 4], rand); // convTranspose2d input, NCHW
const WT = randomTensor([2, 3, 3, 3], rand); // IOHW: 2 inputs → 3 outputs
const CONVT_VALID: ConvTranspose2dOptions = { strides: 2, padding: 1, outputPadding: 1, bias: BIAS, activation: 'relu' };
const CONVT_KEYS = 'padding, strides, dilations, outputPadding, outputSizes, groups, inputLayout, filterLayout, bias, activation';
const IOHW = '[I, O, H, W] (iohw)';
const PADDING_T = "a non-negative integer, [height, width], [beginHeight, endHeight, beginWidth, endWidth] or one of 'valid', 'same', 'same-upper', 'same-lower'";

function convTransposeOutcome(actual: Tensor, input: Tensor, filter: Tensor, options: ConvTranspose2dOptions): Outcome {
  const { activation: _, bias, ...rest } = options;
  const magnitude = reference.convTranspose2d(abs(input), abs(filter), { ...rest, ...(bias ? { bias: (bias as Float32Array).map(Math.abs) } : {}) }).data;
  return { actual, expected: reference.convTranspose2d(input, filter, options), magnitude };
}

/** The convTranspose2d mistakes that need no engine, as [mistake, call, error, message]. */
function convTransposeMistakes(): (readonly [string, ConvCall, ErrorClass, Expected])[] {
  const m = (text: string) => `convTranspose2d: ${text}`;
  const o = (options: unknown): ConvCall => ({ options });
  return [
    ['options is a string', o('same'), TypeError, m('options must be an object, got "same"')],
    ['unknown option `output_padding` (PyTorch)', o({ output_padding: 1 }), TypeError, m(`unknown option \`output_padding\`; did you mean \`outputPadding\`? (expected one of: ${CONVT_KEYS})`)],
    ['unknown option `output_shape` (ONNX)', o({ output_shape: [8, 8] }), TypeError, m(`unknown option \`output_shape\`; did you mean \`outputSizes\`? (expected one of: ${CONVT_KEYS})`)],
    ["filterLayout 'oihw' (a convolution's)", o({ filterLayout: 'oihw' }), RangeError, m(`filterLayout must be one of 'iohw', 'hwoi', 'ohwi', got "oihw", a convolution's layout; a transposed convolution's filter is [I, O/groups, H, W] (iohw), the same array as the conv2d it transposes`)],
    ["filterLayout 'OIHW'", o({ filterLayout: 'OIHW' }), RangeError, m(`filterLayout must be one of 'iohw', 'hwoi', 'ohwi', got "OIHW"`)],
    ["input channels ≠ the filter's I axis", { filter: zeros([3, 3, 3, 3]) }, RangeError, m(`input has 2 channels but the filter's I axis (${IOHW.replace(' (iohw)', '')}, iohw) has 3; a transposed convolution's filter holds every input channel`)],
    ['groups does not divide the channels', o({ groups: 3 }), RangeError, m('input channels (2) must be divisible by groups (3)')],
    ['outputPadding not below the stride', o({ strides: 2, outputPadding: 2 }), RangeError, m('outputPadding must be smaller than the stride or the dilation on each axis, got 2 on the height axis (stride 2, dilation 1)')],
    ['outputPadding negative', o({ outputPadding: -1 }), RangeError, m('outputPadding must be a non-negative integer or a pair [height, width] of them, got -1')],
    ['outputPadding and outputSizes both', o({ strides: 2, outputPadding: 1, outputSizes: [9, 9] }), RangeError, m('give outputPadding or outputSizes, not both (outputSizes decides the output padding)')],
    ['outputSizes out of range', o({ strides: 2, outputSizes: [12, 9] }), RangeError, m('outputSizes [12, 9]: the output height must be within [9, 10] (the computed size and up to stride − 1 more), got 12')],
    ['outputSizes a string', o({ outputSizes: '9x9' }), TypeError, m('outputSizes must be an array of 2 positive integers [height, width], got "9x9"')],
    ["padding 'full'", o({ padding: 'full' }), RangeError, m(`padding 'full' has no meaning for a transposed convolution; give ${PADDING_T}`)],
    ["padding 'SAME'", o({ padding: 'SAME' }), RangeError, m(`padding must be ${PADDING_T}, got "SAME"; did you mean 'same'?`)],
    ['padding that crops the whole output', o({ padding: 4 }), RangeError, m('the output height would be -2: the full output of 6 cells ((input − 1)·stride + dilation·(kernel − 1) + 1 for input 4, kernel 3, stride 1, dilation 1) cropped by padding 4 + 4; expected an output height of at least 1')],
    ['bias one value short', o({ bias: f32(2) }), RangeError, m('bias has 2 values but the filter has 3 output channels')],
    ["activation 'RELU'", o({ activation: 'RELU' }), RangeError, m(`activation must be ${ACTIVATIONS}, got "RELU"; did you mean 'relu'?`)],
  ];
}

function convTransposeFamily(fn: string, run: (engine: Engine, input: never, filter: never, options: never, output?: never) => Tensor, withEngine: boolean): CatalogueEntry[] {
  const spec: Spec<Engine> = {
    fn,
    setup: (engine) => engine,
    next: (engine) => convTransposeOutcome(run(engine, bad(XT), bad(WT), bad(CONVT_VALID)), XT, WT, CONVT_VALID),
  };
  const call = (engine: Engine, c: ConvCall) => run(engine, bad(pick(c, 'input', XT)), bad(pick(c, 'filter', WT)), bad(pick(c, 'options', {})));
  const rows: Row<Engine>[] = [
    ...tensorRows<Engine>('convTranspose2d', 'input', NCHW, XT.shape, (e, t) => call(e, { input: t })),
    ...tensorRows<Engine>('convTranspose2d', 'filter', IOHW, WT.shape, (e, t) => call(e, { filter: t })),
    ...convTransposeMistakes().map(([mistake, c, error, message]): Row<Engine> => [mistake, (e) => call(e, c), error, message]),
  ];
  if (withEngine) {
    rows.push(
      ['input is an engine tensor of another engine', (e) => call(e, { input: foreignTensor(e, XT.shape) }), TypeError, 'convTranspose2d: input belongs to another engine; tensors made by engine.tensor() work only with layers of the same engine'],
      ['the call needs more memory than maxMemoryBytes', (e) => call(e, { input: zeros([1, 1, 2, 2]), filter: ONE, options: { strides: 3000 } }), RangeError, overLimit('convTranspose2d'), { backends: WASM }],
      ['output has the wrong shape', (e) => run(e, bad(XT), bad(WT), bad({}), bad(zeros([1, 3, 4, 4]))), RangeError, 'convTranspose2d: output must have shape [1, 3, 6, 6] for an input of shape [1, 2, 4, 4], got [1, 3, 4, 4]'],
      ['output is the input', (e) => run(e, bad(XT), bad(ones3()), bad({}), bad(XT)), RangeError, 'convTranspose2d: output overlaps the input (the same tensor, the same data, or overlapping views of one buffer); give a separate output'],
    );
  }
  return entries(spec, rows);
}

/** A 1×1 IOHW filter 2 → 2: an output with the input's shape. */
const ones3 = (): Tensor => ({ data: Float32Array.of(1, 0, 0, 1), shape: [2, 2, 1, 1] });

function convTranspose1dFamily(fn: string, run: (engine: Engine, input: never, filter: never, options: never) => Tensor): CatalogueEntry[] {
  const x = randomTensor([1, 2, 5], rand);
  const w = randomTensor([2, 3, 4], rand);
  const valid = { strides: 2, padding: 1, bias: BIAS };
  const spec: Spec<Engine> = {
    fn,
    setup: (engine) => engine,
    next: (engine) => {
      const actual = run(engine, bad(x), bad(w), bad(valid));
      const magnitude = reference.convTranspose1d(abs(x), abs(w), { strides: 2, padding: 1, bias: BIAS.map(Math.abs) }).data;
      return { actual, expected: reference.convTranspose1d(x, w, valid), magnitude };
    },
  };
  const m = (text: string) => `convTranspose1d: ${text}`;
  const call = (e: Engine, options: unknown, input: unknown = x) => run(e, bad(input), bad(w), bad(options));
  return entries(spec, [
    ...tensorRows<Engine>('convTranspose1d', 'input', NCW, x.shape, (e, t) => call(e, {}, t)),
    ["inputLayout 'nchw' (a 2-D layout)", (e) => call(e, { inputLayout: 'nchw' }), RangeError, m(`inputLayout must be one of 'ncw', 'nwc', got "nchw"`)],
    ["filterLayout 'oiw' (a convolution's)", (e) => call(e, { filterLayout: 'oiw' }), RangeError, m(`filterLayout must be one of 'iow', 'woi', 'owi', got "oiw", a convolution's layout; a transposed convolution's filter is [I, O/groups, W] (iow), the same array as the conv1d it transposes`)],
    ['strides of two entries', (e) => call(e, { strides: [1, 1] }), RangeError, m('strides must be a positive integer or [length], got [1, 1]')],
    ['outputSizes of two entries', (e) => call(e, { outputSizes: [8, 8] }), RangeError, m('outputSizes must be an array of 1 positive integers [length], got [8, 8]')],
  ]);
}

function createConvTransposeEntries(): CatalogueEntry[] {
  const spec: Spec<Engine> = {
    fn: 'engine.createConvTranspose2d',
    setup: (engine) => engine,
    next: (engine) => {
      const layer = engine.createConvTranspose2d(WT, CONVT_VALID);
      try {
        return convTransposeOutcome(layer.run(XT), XT, WT, CONVT_VALID);
      } finally {
        layer.dispose();
      }
    },
  };
  const create = (e: Engine, filter: unknown, options: unknown) => e.createConvTranspose2d(bad(filter), bad(options));
  const inputFree = new Set(['options is a string', 'unknown option `output_padding` (PyTorch)', "filterLayout 'oihw' (a convolution's)", 'outputPadding not below the stride', 'outputPadding and outputSizes both', "padding 'full'", 'bias one value short', "activation 'RELU'"]);
  return entries(spec, [
    ...tensorRows<Engine>('convTranspose2d', 'filter', IOHW, WT.shape, (e, t) => create(e, t, {})),
    ...convTransposeMistakes()
      .filter(([mistake]) => inputFree.has(mistake))
      .map(([mistake, c, error, message]): Row<Engine> => [mistake, (e) => create(e, pick(c, 'filter', WT), pick(c, 'options', {})), error, message]),
    ['the packed filter needs more memory than maxMemoryBytes', (e) => create(e, BIG([1, 4096, 32, 32]), {}), RangeError, overLimit('convTranspose2d'), { backends: WASM }],
  ]);
}

// ---------------------------------------------------------------------------------------------
// foldBatchNorm

function foldBatchNormEntries(): CatalogueEntry[] {
  const bn = { gamma: Float32Array.of(1, 2, 0.5), beta: Float32Array.of(0, 1, -1), mean: Float32Array.of(0.5, 0, 1), variance: Float32Array.of(1, 4, 0.25) };
  const spec: Spec<Engine> = {
    fn: 'foldBatchNorm',
    setup: (engine) => engine,
    // Scale 1/√(1 + 1e-5) ≈ 1, 2/√(4 + 1e-5), 0.5/√(0.25 + 1e-5): the same folding computed by hand.
    next: () => {
      const folded = foldBatchNorm(W, BIAS, bn);
      const scale = [0, 1, 2].map((c) => bn.gamma[c]! / Math.sqrt(bn.variance[c]! + 1e-5));
      const filter = W.data.map((v, k) => Math.fround(v * scale[Math.floor(k / 18)]!));
      const bias = Float32Array.from(scale, (sc, c) => sc * (BIAS[c]! - bn.mean[c]!) + bn.beta[c]!);
      return { actual: [Array.from(folded.filter.data), Array.from(folded.bias)], expected: [Array.from(filter), Array.from(bias)] };
    },
  };
  const m = (text: string) => `foldBatchNorm: ${text}`;
  const call = (filter: unknown, bias: unknown, params: unknown, options?: unknown) => foldBatchNorm(bad(filter), bad(bias), bad(params), bad(options));
  return entries(spec, [
    ...tensorRows<Engine>('foldBatchNorm', 'filter', OIHW, W.shape, (_, t) => call(t, BIAS, bn)),
    ['batchNorm is null', () => call(W, BIAS, null), TypeError, m('batchNorm must be { gamma, beta, mean, variance, epsilon? }, got null')],
    ['gamma one value short', () => call(W, BIAS, { ...bn, gamma: f32(2) }), RangeError, m('gamma has 2 values but the filter has 3 output channels')],
    ['mean a plain array', () => call(W, BIAS, { ...bn, mean: [0, 0, 0] }), TypeError, m('mean must be a Float32Array of length 3 (one per output channel), got [0, 0, 0]; convert it once with Float32Array.from(mean)')],
    ['variance + epsilon not positive', () => call(W, BIAS, { ...bn, variance: Float32Array.of(1, 0, 1), epsilon: 0 }), RangeError, m('variance + epsilon must be positive, got 0 + 0 at channel 1')],
    ['epsilon negative', () => call(W, BIAS, { ...bn, epsilon: -1 }), RangeError, m('epsilon must be a finite number ≥ 0, got -1')],
    ['unknown key `eps` (PyTorch)', () => call(W, BIAS, { ...bn, eps: 1e-3 }), TypeError, m('unknown option `eps`; did you mean `epsilon`? (expected one of: gamma, beta, mean, variance, epsilon)')],
    ['bias of the wrong length', () => call(W, f32(4), bn), RangeError, m('bias has 4 values but the filter has 3 output channels')],
    ["filterLayout 'iohw' with transposed false", () => call(W, BIAS, bn, { filterLayout: 'iohw', transposed: false }), RangeError, m(`filterLayout must be one of 'oihw', 'hwio', 'ohwi', 'ihwo', 'oiw', 'wio', 'owi', 'iwo', got "iohw"`)],
    ['groups on a convolution filter', () => call(W, BIAS, bn, { groups: 2 }), RangeError, m("groups is read for a transposed convolution's filter only (a convolution's O axis already holds every output channel), got filterLayout 'oihw'")],
  ]);
}

// ---------------------------------------------------------------------------------------------
// pad

function padEntries(): CatalogueEntry[] {
  const x = { data: Float32Array.of(1, 2, 3, 4, 5, 6), shape: [2, 3] };
  const spec: Spec<Engine> = {
    fn: 'pad',
    setup: (engine) => engine,
    next: () => ({ actual: Array.from(pad(x, [0, 1, 1, 0], { mode: 'reflect' }).data), expected: [2, 1, 2, 3, 5, 4, 5, 6, 2, 1, 2, 3] }),
  };
  const m = (text: string) => `pad: ${text}`;
  return entries(spec, [
    // Any rank: the rank rows of the tensor checks do not apply.
    ...tensorRows<Engine>('pad', 'input', '', x.shape, (_, t) => pad(t, [0, 0, 0, 0])).filter(([mistake]) => !/wrong rank|shape is a string/.test(mistake)),
    ['input.shape is a string', () => pad(bad({ data: f32(6), shape: '2x3' }), [0, 0, 0, 0]), TypeError, m('input shape must be a non-empty array of positive integers, got "2x3"')],
    ['padding of the wrong length', () => pad(x, bad([1, 1])), RangeError, m('padding must be 4 integers, a [begin, end] pair per axis of the rank-2 input ([begin0, end0, begin1, end1, …]; negative crops), got [1, 1]')],
    ['padding not integers', () => pad(x, bad([0.5, 0, 0, 0])), RangeError, m('padding must be 4 integers, a [begin, end] pair per axis of the rank-2 input ([begin0, end0, begin1, end1, …]; negative crops), got [0.5, 0, 0, 0]')],
    ["mode 'symmetric'", () => pad(x, [0, 0, 0, 0], bad({ mode: 'symmetric' })), RangeError, m("mode must be one of 'constant', 'reflect', 'edge', 'wrap', 'replicate', 'circular', 'reflection', got \"symmetric\"")],
    ['value with a mode other than constant', () => pad(x, [0, 0, 1, 1], { mode: 'edge', value: 1 }), RangeError, m("value is read in 'constant' mode only, got mode 'edge'")],
    ['a crop that removes an axis', () => pad(x, [-1, -1, 0, 0]), RangeError, m('padding [-1, -1] on axis 0 (size 2) crops every cell; at least one must remain')],
    ['unknown option `constant_value` (ONNX)', () => pad(x, [0, 0, 0, 0], bad({ constant_value: 1 })), TypeError, m('unknown option `constant_value` (expected one of: mode, value)')],
  ]);
}

// ---------------------------------------------------------------------------------------------
// conv3d

function conv3dEntries(): CatalogueEntry[] {
  const x = randomTensor([1, 2, 4, 5, 5], rand);
  const w = randomTensor([3, 2, 3, 3, 3], rand);
  const valid = { padding: 1, bias: BIAS, activation: 'relu' as const };
  const outcome = (actual: Tensor): Outcome => ({ actual, expected: reference.conv3d(x, w, valid), magnitude: reference.conv3d(abs(x), abs(w), { padding: 1, bias: BIAS.map(Math.abs) }).data });
  const m = (text: string) => `conv3d: ${text}`;
  const NCDHW = '[N, C, D, H, W] (ncdhw)';
  const OIDHW = '[O, I, D, H, W] (oidhw)';
  const mistakes = (call: (e: Engine, input: unknown, filter: unknown, options: unknown) => unknown): Row<Engine>[] => [
    ...tensorRows<Engine>('conv3d', 'input', NCDHW, x.shape, (e, t) => call(e, t, w, {})),
    ...tensorRows<Engine>('conv3d', 'filter', OIDHW, w.shape, (e, t) => call(e, x, t, {})),
    ['input channels ≠ filter channels', (e) => call(e, x, zeros([3, 3, 3, 3, 3]), {}), RangeError, m('input has 2 channels but filter expects 3 (3 per group × groups=1)')],
    ['strides of two entries', (e) => call(e, x, w, { strides: [1, 2] }), RangeError, m('strides must be a positive integer or a triple [depth, height, width] of them, got [1, 2]')],
    ['padding of four entries', (e) => call(e, x, w, { padding: [1, 1, 1, 1] }), RangeError, m("padding must be a non-negative integer, [depth, height, width], [beginDepth, endDepth, beginHeight, endHeight, beginWidth, endWidth] or one of 'valid', 'same', 'same-upper', 'same-lower', 'full', got [1, 1, 1, 1]")],
    ["inputLayout 'nchw' (a 2-D layout)", (e) => call(e, x, w, { inputLayout: 'nchw' }), RangeError, m(`inputLayout must be one of 'ncdhw', 'ndhwc', got "nchw"`)],
    ["filterLayout 'oihw' (a 2-D layout)", (e) => call(e, x, w, { filterLayout: 'oihw' }), RangeError, m(`filterLayout must be one of 'oidhw', 'dhwio', got "oihw"`)],
    ['a kernel deeper than the input', (e) => call(e, x, zeros([3, 2, 5, 3, 3]), {}), RangeError, m("output depth would be 0: the padded input depth 4 + 0 + 0 = 4 is smaller than the kernel's extent 5 (kernel 5, dilation 1); expected an output depth of at least 1")],
    ["paddingMode 'reflect' with a pad as deep as the input", (e) => call(e, x, w, { padding: 4, paddingMode: 'reflect' }), RangeError, m("paddingMode 'reflect' needs each padding below the input depth (4), got 4")],
    ['unknown option `algorithm` (conv2d only)', (e) => call(e, x, w, { algorithm: 'direct' }), TypeError, m('unknown option `algorithm` (expected one of: padding, paddingMode, strides, dilations, groups, inputLayout, filterLayout, bias, activation)')],
  ];
  const family = (fn: string, run: (e: Engine, input: never, filter: never, options: never) => Tensor): CatalogueEntry[] =>
    entries({ fn, setup: (engine) => engine, next: (engine) => outcome(run(engine, bad(x), bad(w), bad(valid))) }, mistakes((e, i, f, o) => run(e, bad(i), bad(f), bad(o))));
  const layerSpec: Spec<Engine> = {
    fn: 'engine.createConv3d',
    setup: (engine) => engine,
    next: (engine) => {
      const layer = engine.createConv3d(w, valid);
      try {
        return outcome(layer.run(x));
      } finally {
        layer.dispose();
      }
    },
  };
  return [
    ...family('conv3d', (_, i, f, o) => conv3d(i, f, o)),
    ...family('engine.conv3d', (e, i, f, o) => e.conv3d(i, f, o)),
    ...family('reference.conv3d', (_, i, f, o) => reference.conv3d(i, f, o)),
    ...entries(layerSpec, [
      ...tensorRows<Engine>('conv3d', 'filter', OIDHW, w.shape, (e, t) => e.createConv3d(t, {})),
      ["filterLayout 'oihw'", (e) => e.createConv3d(w, bad({ filterLayout: 'oihw' })), RangeError, m(`filterLayout must be one of 'oidhw', 'dhwio', got "oihw"`)],
      ['the packed filter needs more memory than maxMemoryBytes', (e) => e.createConv3d(BIG([4096, 1, 1, 32, 32]), {}), RangeError, overLimit('conv3d'), { backends: WASM }],
    ]),
    ...entries({ fn: 'conv3dOutputShape', setup: (engine) => engine, next: () => ({ actual: conv3dOutputShape([1, 2, 4, 5, 5], [3, 2, 3, 3, 3], { padding: 1 }), expected: [1, 3, 4, 5, 5] }) }, [
      ['a kernel deeper than the input', () => conv3dOutputShape([1, 2, 4, 5, 5], [3, 2, 5, 3, 3]), RangeError, "conv3dOutputShape: output depth would be 0: the padded input depth 4 + 0 + 0 = 4 is smaller than the kernel's extent 5 (kernel 5, dilation 1); expected an output depth of at least 1"],
    ]),
  ];
}

// ---------------------------------------------------------------------------------------------
// lpPool2d, maxPool2dWithIndices, maxUnpool2d

function poolExtraEntries(): CatalogueEntry[] {
  const x = { data: Float32Array.of(1, 2, 5, 6, 3, 4, 7, 8, 9, 10, 13, 14, 11, 12, 15, 16), shape: [1, 1, 4, 4] };
  const pooled = { data: Float32Array.of(4, 8, 12, 16), shape: [1, 1, 2, 2] };
  const where = { data: Int32Array.of(5, 7, 13, 15), shape: [1, 1, 2, 2] };
  const spec = (fn: string, next: () => Outcome): Spec<Engine> => ({ fn, setup: (engine) => engine, next });
  return [
    ...entries(spec('lpPool2d', () => ({ actual: Array.from(lpPool2d(x, { windowDimensions: 2, strides: 2, p: 1 }).data), expected: [10, 26, 42, 58] })), [
      ...tensorRows<Engine>('lpPool2d', 'input', NCHW, x.shape, (_, t) => lpPool2d(t)),
      ['p 0', () => lpPool2d(x, { p: 0 }), RangeError, "lpPool2d: p must be a finite number > 0 (the norm's exponent), got 0"],
      ['p a string', () => lpPool2d(x, bad({ p: '2' })), RangeError, `lpPool2d: p must be a finite number > 0 (the norm's exponent), got "2"`],
      ['unknown option `norm_type` (PyTorch)', () => lpPool2d(x, bad({ norm_type: 2 })), TypeError, 'lpPool2d: unknown option `norm_type` (expected one of: windowDimensions, strides, dilations, padding, inputLayout, roundingType, p)'],
    ]),
    ...entries(spec('maxPool2dWithIndices', () => ({ actual: Array.from(maxPool2dWithIndices(x, { windowDimensions: 2, strides: 2 }).indices.data), expected: [5, 7, 13, 15] })), [
      ...tensorRows<Engine>('maxPool2dWithIndices', 'input', NCHW, x.shape, (_, t) => maxPool2dWithIndices(t)),
      ["indices 'flat'", () => maxPool2dWithIndices(x, bad({ indices: 'flat' })), RangeError, `maxPool2dWithIndices: indices must be one of 'plane', 'tensor', got "flat"`],
      ['storageOrder 1 (ONNX spells it as a number)', () => maxPool2dWithIndices(x, bad({ storageOrder: 1 })), TypeError, "maxPool2dWithIndices: storageOrder must be one of 'row', 'column', got 1"],
    ]),
    ...entries(spec('maxUnpool2d', () => ({ actual: Array.from(maxUnpool2d(pooled, where, { windowDimensions: 2, strides: 2 }).data), expected: [0, 0, 0, 0, 0, 4, 0, 8, 0, 0, 0, 0, 0, 12, 0, 16] })), [
      ['indices a Float32Array tensor', () => maxUnpool2d(pooled, bad({ data: Float32Array.of(5, 7, 13, 15), shape: [1, 1, 2, 2] }), { windowDimensions: 2, strides: 2 }), TypeError, 'maxUnpool2d: indices must be a tensor { data: Int32Array, shape } (maxPool2dWithIndices\'s indices), got data Float32Array(4)'],
      ['indices of another shape', () => maxUnpool2d(pooled, { data: Int32Array.of(5, 7), shape: [1, 1, 1, 2] }, { windowDimensions: 2, strides: 2 }), RangeError, "maxUnpool2d: indices must have the input's shape [1, 1, 2, 2], got [1, 1, 1, 2] with 2 values"],
      ['an index outside its plane', () => maxUnpool2d(pooled, { data: Int32Array.of(5, 7, 13, 99), shape: [1, 1, 2, 2] }, { windowDimensions: 2, strides: 2 }), RangeError, "maxUnpool2d: index 99 (input cell 3 in NCHW order) is outside its plane's 16 cells (4×4)"],
      ['no windowDimensions', () => maxUnpool2d(pooled, where, bad({})), TypeError, 'maxUnpool2d: windowDimensions is required: a positive integer or a pair [height, width] of them'],
    ]),
  ];
}

// ---------------------------------------------------------------------------------------------
// maxPool3d, avgPool3d, lpPool3d

function pool3dEntries(): CatalogueEntry[] {
  const x = { data: Float32Array.from({ length: 64 }, (_, i) => i + 1), shape: [1, 1, 4, 4, 4] };
  const pooled3 = { data: Float32Array.of(22, 24, 30, 32, 54, 56, 62, 64), shape: [1, 1, 2, 2, 2] };
  const where3 = { data: Int32Array.of(21, 23, 29, 31, 53, 55, 61, 63), shape: [1, 1, 2, 2, 2] };
  const NCDHW = '[N, C, D, H, W] (ncdhw)';
  const families: [string, (input: never, options?: never) => Tensor, number[]][] = [
    ['maxPool3d', (i, o) => maxPool3d(i, o), [22, 24, 30, 32, 54, 56, 62, 64]],
    ['avgPool3d', (i, o) => avgPool3d(i, o), [11.5, 13.5, 19.5, 21.5, 43.5, 45.5, 51.5, 53.5]],
    ['reference.maxPool3d', (i, o) => reference.maxPool3d(i, o), [22, 24, 30, 32, 54, 56, 62, 64]],
  ];
  const rows = (fn: string, name: string, run: (input: never, options?: never) => Tensor): Row<Engine>[] => [
    ...tensorRows<Engine>(name, 'input', NCDHW, x.shape, (_, t) => run(t)),
    ['windowDimensions of two entries', () => run(bad(x), bad({ windowDimensions: [2, 2] })), RangeError, `${name}: windowDimensions must be a positive integer or a triple [depth, height, width] of them, got [2, 2]`],
    ['a window of padding only', () => run(bad(x), bad({ windowDimensions: 1, padding: 1 })), RangeError, `${name}: output depth cell 0 would pool padding only: its window taps input depth positions [-1] but the input covers 0…3 (window 1, stride 1, dilation 1, padding [1, 1]); expected every window to cover at least one input cell — use less padding or dilation`],
    ["inputLayout 'nchw' (a 2-D layout)", () => run(bad(x), bad({ inputLayout: 'nchw' })), RangeError, `${name}: inputLayout must be one of 'ncdhw', 'ndhwc', got "nchw"`],
    ...(fn.endsWith('maxPool3d') ? [['countIncludePad (average pooling only)', () => run(bad(x), bad({ countIncludePad: true })), TypeError, `${name}: unknown option \`countIncludePad\` (expected one of: windowDimensions, strides, dilations, padding, inputLayout, roundingType)`] as Row<Engine>] : []),
  ];
  return [
    ...families.flatMap(([fn, run, expected]) =>
      entries({ fn, setup: (engine) => engine, next: () => ({ actual: Array.from(run(bad(x), bad({ windowDimensions: 2, strides: 2 })).data), expected }) }, rows(fn, fn.replace('reference.', ''), run)),
    ),
    ...entries({ fn: 'maxPool3dWithIndices', setup: (engine) => engine, next: () => ({ actual: Array.from(maxPool3dWithIndices(x, { windowDimensions: 2, strides: 2 }).indices.data), expected: [21, 23, 29, 31, 53, 55, 61, 63] }) }, [
      ...tensorRows<Engine>('maxPool3dWithIndices', 'input', NCDHW, x.shape, (_, t) => maxPool3dWithIndices(t)),
      ["indices 'flat'", () => maxPool3dWithIndices(x, bad({ indices: 'flat' })), RangeError, `maxPool3dWithIndices: indices must be one of 'plane', 'tensor', got "flat"`],
      ['storageOrder 1 (ONNX spells it as a number)', () => maxPool3dWithIndices(x, bad({ storageOrder: 1 })), TypeError, "maxPool3dWithIndices: storageOrder must be one of 'row', 'column', got 1"],
      ['countIncludePad (average pooling only)', () => maxPool3dWithIndices(x, bad({ countIncludePad: true })), TypeError, 'maxPool3dWithIndices: unknown option `countIncludePad` (expected one of: windowDimensions, strides, dilations, padding, inputLayout, roundingType, indices, storageOrder)'],
    ]),
    ...entries({ fn: 'maxUnpool3d', setup: (engine) => engine, next: () => ({ actual: Array.from(maxUnpool3d(pooled3, where3, { windowDimensions: 2, strides: 2 }).data).flatMap((v, i) => (v === 0 ? [] : [i])), expected: [21, 23, 29, 31, 53, 55, 61, 63] }) }, [
      ['indices a Float32Array tensor', () => maxUnpool3d(pooled3, bad({ data: new Float32Array(8), shape: [1, 1, 2, 2, 2] }), { windowDimensions: 2, strides: 2 }), TypeError, "maxUnpool3d: indices must be a tensor { data: Int32Array, shape } (maxPool3dWithIndices's indices), got data Float32Array(8)"],
      ['an index outside its volume', () => maxUnpool3d(pooled3, { data: Int32Array.of(21, 23, 29, 31, 53, 55, 61, 99), shape: [1, 1, 2, 2, 2] }, { windowDimensions: 2, strides: 2 }), RangeError, "maxUnpool3d: index 99 (input cell 7 in NCDHW order) is outside its volume's 64 cells (4×4×4)"],
      ['outputSizes of two entries', () => maxUnpool3d(pooled3, where3, bad({ windowDimensions: 2, strides: 2, outputSizes: [4, 4] })), RangeError, 'maxUnpool3d: outputSizes must be [depth, height, width], three positive integers, got [4, 4]'],
      ['input of rank 4', () => maxUnpool3d({ data: f32(4), shape: [1, 1, 2, 2] }, { data: new Int32Array(4), shape: [1, 1, 2, 2] }, { windowDimensions: 2 }), RangeError, 'maxUnpool3d: input shape must have rank 5 [N, C, D, H, W] (ncdhw), got [1, 1, 2, 2] (rank 4)'],
    ]),
    ...entries({ fn: 'lpPool3d', setup: (engine) => engine, next: () => ({ actual: Array.from(lpPool3d(x, { windowDimensions: 4, p: 1 }).data), expected: [2080] }) }, [
      ['p negative', () => lpPool3d(x, { p: -1 }), RangeError, "lpPool3d: p must be a finite number > 0 (the norm's exponent), got -1"],
      ['input of rank 4', () => lpPool3d({ data: f32(16), shape: [1, 1, 4, 4] }), RangeError, 'lpPool3d: input shape must have rank 5 [N, C, D, H, W] (ncdhw), got [1, 1, 4, 4] (rank 4)'],
    ]),
  ];
}

// ---------------------------------------------------------------------------------------------
// convTranspose3d

function convTranspose3dEntries(): CatalogueEntry[] {
  const x = randomTensor([1, 2, 3, 4, 4], rand);
  const w = randomTensor([2, 3, 2, 2, 2], rand);
  const valid = { strides: 2, bias: BIAS, activation: 'relu' as const };
  const outcome = (actual: Tensor): Outcome => ({ actual, expected: reference.convTranspose3d(x, w, valid), magnitude: reference.convTranspose3d(abs(x), abs(w), { strides: 2, bias: BIAS.map(Math.abs) }).data });
  const m = (text: string) => `convTranspose3d: ${text}`;
  const rows = (call: (e: Engine, input: unknown, filter: unknown, options: unknown) => unknown): Row<Engine>[] => [
    ...tensorRows<Engine>('convTranspose3d', 'input', '[N, C, D, H, W] (ncdhw)', x.shape, (e, t) => call(e, t, w, {})),
    ...tensorRows<Engine>('convTranspose3d', 'filter', '[I, O, D, H, W] (iodhw)', w.shape, (e, t) => call(e, x, t, {})),
    ['strides of two entries', (e) => call(e, x, w, { strides: [1, 2] }), RangeError, m('strides must be a positive integer or a triple [depth, height, width] of them, got [1, 2]')],
    ["filterLayout 'oidhw' (conv3d's)", (e) => call(e, x, w, { filterLayout: 'oidhw' }), RangeError, m(`filterLayout must be one of 'iodhw', 'dhwoi', got "oidhw", a convolution's layout; a transposed convolution's filter is [I, O/groups, D, H, W] (iodhw), the same array as the conv3d it transposes`)],
    ['outputPadding not below the stride', (e) => call(e, x, w, { strides: 2, outputPadding: [2, 0, 0] }), RangeError, m('outputPadding must be smaller than the stride or the dilation on each axis, got 2 on the depth axis (stride 2, dilation 1)')],
    ['padding of four entries', (e) => call(e, x, w, { padding: [1, 1, 1, 1] }), RangeError, m("padding must be a non-negative integer, [depth, height, width], [beginDepth, endDepth, beginHeight, endHeight, beginWidth, endWidth] or one of 'valid', 'same', 'same-upper', 'same-lower', got [1, 1, 1, 1]")],
    ["input channels ≠ the filter's I axis", (e) => call(e, x, zeros([3, 3, 2, 2, 2]), {}), RangeError, m("input has 2 channels but the filter's I axis ([I, O, D, H, W], iodhw) has 3; a transposed convolution's filter holds every input channel")],
  ];
  const family = (fn: string, run: (e: Engine, input: never, filter: never, options: never) => Tensor): CatalogueEntry[] =>
    entries({ fn, setup: (engine) => engine, next: (engine) => outcome(run(engine, bad(x), bad(w), bad(valid))) }, rows((e, i, f, o) => run(e, bad(i), bad(f), bad(o))));
  return [
    ...family('convTranspose3d', (_, i, f, o) => convTranspose3d(i, f, o)),
    ...family('engine.convTranspose3d', (e, i, f, o) => e.convTranspose3d(i, f, o)),
    ...family('reference.convTranspose3d', (_, i, f, o) => reference.convTranspose3d(i, f, o)),
    ...entries({
      fn: 'engine.createConvTranspose3d',
      setup: (engine) => engine,
      next: (engine) => {
        const layer = engine.createConvTranspose3d(w, valid);
        try {
          return outcome(layer.run(x));
        } finally {
          layer.dispose();
        }
      },
    }, [
      ["filterLayout 'oidhw'", (e) => e.createConvTranspose3d(w, bad({ filterLayout: 'oidhw' })), RangeError, m(`filterLayout must be one of 'iodhw', 'dhwoi', got "oidhw", a convolution's layout; a transposed convolution's filter is [I, O/groups, D, H, W] (iodhw), the same array as the conv3d it transposes`)],
    ]),
  ];
}

function createConvEntries(): CatalogueEntry[] {
  const conv2dSpec: Spec<Engine> = {
    fn: 'engine.createConv2d',
    setup: (engine) => engine,
    next: (engine) => {
      const layer = engine.createConv2d(W, CONV2D_VALID);
      try {
        return conv2dOutcome(layer.run(X), X, W, CONV2D_VALID);
      } finally {
        layer.dispose();
      }
    },
  };
  const create2d = (e: Engine, filter: unknown, options: unknown) => e.createConv2d(bad(filter), bad(options));
  // The mistakes a layer can see without an input: the filter and the options alone.
  const inputFree = new Set([
    'options is a string', 'options is an array', 'unknown option `stride` (PyTorch)', 'misspelt option `stides`', 'unknown option `fast`',
    "inputLayout 'NCHW' (upper case)", "filterLayout 'iohw'", 'groups 0', 'groups does not divide the output channels', 'strides [1, 0]', 'strides a string',
    'dilations 0', 'padding negative', "padding 'SAME' (TensorFlow's spelling)", 'bias one value short', 'bias a Float64Array', 'bias a tensor of shape [1, 3]',
    "activation 'hard_swish'", "activation { type: 'swish' }", 'clamp with min > max', 'leakyRelu with an infinite alpha', 'flip 1', "algorithm 'fast'",
    "algorithm 'winograd' at stride 2", "algorithm 'winograd' with a 1×1 kernel",
  ]);
  const conv2dRows: Row<Engine>[] = [
    ...tensorRows<Engine>('conv2d', 'filter', OIHW, W.shape, (e, t) => create2d(e, t, {})),
    ...conv2dMistakes('conv2d')
      .filter(([mistake]) => inputFree.has(mistake))
      .map(([mistake, c, error, message]): Row<Engine> => [mistake, (e) => create2d(e, pick(c, 'filter', W), pick(c, 'options', {})), error, message]),
    ['the packed filter needs more memory than maxMemoryBytes', (e) => create2d(e, BIG([4096, 1, 32, 32]), {}), RangeError, overLimit('conv2d'), { backends: WASM }],
  ];
  const conv1dSpec: Spec<Engine> = {
    fn: 'engine.createConv1d',
    setup: (engine) => engine,
    next: (engine) => {
      const layer = engine.createConv1d(W1, CONV1D_VALID);
      try {
        return conv1dOutcome(layer.run(X1), X1, W1, CONV1D_VALID);
      } finally {
        layer.dispose();
      }
    },
  };
  const create1d = (e: Engine, filter: unknown, options: unknown) => e.createConv1d(bad(filter), bad(options));
  const conv1dRows: Row<Engine>[] = [
    ...tensorRows<Engine>('conv1d', 'filter', OIW, W1.shape, (e, t) => create1d(e, t, {})),
    ['unknown option `algorithm`', (e) => create1d(e, W1, { algorithm: 'direct' }), TypeError, `conv1d: unknown option \`algorithm\` (expected one of: ${CONV1D_KEYS})`],
    ['strides of two entries', (e) => create1d(e, W1, { strides: [1, 1] }), RangeError, 'conv1d: strides must be a positive integer or [length], got [1, 1]'],
    ["filterLayout 'hwio'", (e) => create1d(e, W1, { filterLayout: 'hwio' }), RangeError, `conv1d: filterLayout must be one of 'oiw', 'wio', 'owi', 'iwo', got "hwio"`],
    ['bias one value long', (e) => create1d(e, W1, { bias: f32(4) }), RangeError, 'conv1d: bias has 4 values but the filter has 3 output channels'],
  ];
  return [...entries(conv2dSpec, conv2dRows), ...entries(conv1dSpec, conv1dRows)];
}

function createPoolEntries(): CatalogueEntry[] {
  const result: CatalogueEntry[] = [];
  for (const kind of ['max', 'avg'] as const) {
    const name = kind === 'max' ? 'maxPool2d' : 'avgPool2d';
    const keys = kind === 'max' ? POOL_KEYS : AVG_POOL_KEYS;
    const create = (e: Engine, options: unknown) => (kind === 'max' ? e.createMaxPool2d(bad(options)) : e.createAvgPool2d(bad(options)));
    const spec: Spec<Engine> = {
      fn: kind === 'max' ? 'engine.createMaxPool2d' : 'engine.createAvgPool2d',
      setup: (engine) => engine,
      next: (engine) => {
        const layer = create(engine, POOL_VALID);
        try {
          return poolOutcome(kind, layer.run(X), X, POOL_VALID);
        } finally {
          layer.dispose();
        }
      },
    };
    // Every option's form is checked at creation; what depends on the input, at each run.
    result.push(
      ...entries(spec, [
        ['options is a string', (e) => create(e, 'global'), TypeError, `${name}: options must be an object, got "global"`],
        ['unknown option `pool_size` (Keras)', (e) => create(e, { pool_size: 2 }), TypeError, `${name}: unknown option \`pool_size\`; did you mean \`windowDimensions\`? (expected one of: ${keys})`],
        ['misspelt option `stirdes`', (e) => create(e, { stirdes: 2 }), TypeError, `${name}: unknown option \`stirdes\`; did you mean \`strides\`? (expected one of: ${keys})`],
        ['strides 0', (e) => create(e, { strides: 0 }), RangeError, `${name}: strides must be a positive integer or a pair [height, width] of them, got 0`],
        ["roundingType 'up'", (e) => create(e, { roundingType: 'up' }), RangeError, `${name}: roundingType must be one of 'floor', 'ceil', got "up"`],
        ["padding 'SAME'", (e) => create(e, { padding: 'SAME' }), RangeError, `${name}: padding must be a non-negative integer, [height, width], [beginHeight, endHeight, beginWidth, endWidth] or one of 'valid', 'same', 'same-upper', 'same-lower', 'full', got "SAME"; did you mean 'same'?`],
        ['windowDimensions [2, 0]', (e) => create(e, { windowDimensions: [2, 0] }), RangeError, `${name}: windowDimensions must be a positive integer or a pair [height, width] of them, got [2, 0]`],
      ]),
    );
  }
  return result;
}

interface LayerSubject {
  readonly engine: Engine;
  readonly layer: Layer;
}

/** A layer made before the snapshot; its next valid call is `run(X)` on the same layer. */
function layerSpec(fn: string, make: (engine: Engine) => Layer, outcome: (layer: Layer) => Outcome): Spec<LayerSubject> {
  return {
    fn,
    setup: (engine) => ({ engine, layer: make(engine) }),
    next: ({ layer }) => outcome(layer),
    dispose: ({ layer }) => layer.dispose(),
  };
}

const convLayer = (e: Engine) => e.createConv2d(LW, LAYER_VALID);
const convLayerOutcome = (layer: Layer) => conv2dOutcome(layer.run(X), X, LW, LAYER_VALID);

function layerRunEntries(): CatalogueEntry[] {
  const OVERLAP = 'conv2d: output overlaps the input (the same tensor, the same data, or overlapping views of one buffer); give a separate output';
  const run = (s: LayerSubject, input: unknown, output?: unknown) => s.layer.run(bad(input), bad(output));
  // Two views of one buffer that overlap by 52 floats.
  const shared = () => {
    const buffer = new ArrayBuffer(4 * 92);
    return [{ data: new Float32Array(buffer, 0, 72), shape: X.shape }, { data: new Float32Array(buffer, 80, 72), shape: X.shape }] as const;
  };
  const dense = layerSpec('layer.run', convLayer, convLayerOutcome);
  const denseRows: Row<LayerSubject>[] = [
    ...tensorRows<LayerSubject>('conv2d', 'input', NCHW, X.shape, (s, t) => run(s, t)),
    ['input channels ≠ the layer’s filter', (s) => run(s, zeros([1, 3, 6, 6])), RangeError, 'conv2d: input has 3 channels but filter expects 2 (2 per group × groups=1)'],
    ['input is a disposed engine tensor', (s) => run(s, disposedTensor(s.engine, X.shape)), Error, 'conv2d: input of shape [1, 2, 6, 6] was disposed; it can no longer be used'],
    ['input is an engine tensor of another engine', (s) => run(s, foreignTensor(s.engine, X.shape)), TypeError, 'conv2d: input belongs to another engine; tensors made by engine.tensor() work only with layers of the same engine'],
    ['output is null', (s) => run(s, X, null), TypeError, 'conv2d: output must be a tensor { data: Float32Array, shape }, got null'],
    ['output has the wrong shape', (s) => run(s, X, zeros([1, 2, 3, 12])), RangeError, 'conv2d: output must have shape [1, 2, 6, 6] for an input of shape [1, 2, 6, 6], got [1, 2, 3, 12]'],
    ['output has no shape', (s) => run(s, X, { data: f32(72) }), TypeError, 'conv2d: output must have shape [1, 2, 6, 6] for an input of shape [1, 2, 6, 6], got undefined'],
    ['output.data is one element short', (s) => run(s, X, { data: f32(71), shape: [1, 2, 6, 6] }), RangeError, 'conv2d: output.data has 71 elements but shape [1, 2, 6, 6] needs 72'],
    ['output.data is a Float64Array', (s) => run(s, X, { data: new Float64Array(72), shape: [1, 2, 6, 6] }), TypeError, 'conv2d: output.data must be a Float32Array, got Float64Array(72); give a Float32Array to be filled'],
    ['output is the input tensor', (s) => run(s, X, X), RangeError, OVERLAP],
    ['output and input are overlapping views of one buffer', (s) => { const [a, b] = shared(); return run(s, a, b); }, RangeError, OVERLAP],
    ['output is the input engine tensor', (s) => { const t = s.engine.tensor(X.shape, X.data); try { return run(s, t, t); } finally { t.dispose(); } }, RangeError, OVERLAP],
    ['output is a disposed engine tensor', (s) => run(s, X, disposedTensor(s.engine, X.shape)), Error, 'conv2d: output of shape [1, 2, 6, 6] was disposed; it can no longer be used'],
    ['output is an engine tensor of another engine', (s) => run(s, X, foreignTensor(s.engine, X.shape)), TypeError, 'conv2d: output belongs to another engine; tensors made by engine.tensor() work only with layers of the same engine'],
    ['the run needs more memory than maxMemoryBytes', (s) => run(s, BIG([1, 2, 1024, 2048])), RangeError, overLimit('conv2d'), { backends: WASM }],
  ];
  // An unpadded layer, for an input the kernel does not fit.
  const unpadded = layerSpec('layer.run', (e) => e.createConv2d(W), (layer) => conv2dOutcome(layer.run(X), X, W, {}));
  const unpaddedRows: Row<LayerSubject>[] = [
    ['input smaller than the kernel', (s) => run(s, zeros([1, 2, 2, 6])), RangeError, "conv2d: output height would be 0: the padded input height 2 + 0 + 0 = 2 is smaller than the kernel's extent 3 (kernel 3, dilation 1); expected an output height of at least 1"],
  ];
  const conv1dLayer = layerSpec('layer.run', (e) => e.createConv1d(W1, CONV1D_VALID), (layer) => conv1dOutcome(layer.run(X1), X1, W1, CONV1D_VALID));
  const conv1dRows: Row<LayerSubject>[] = [
    ['a 2-D input to a conv1d layer', (s) => run(s, X), RangeError, 'conv1d: input shape must have rank 3 [N, C, W] (ncw), got [1, 2, 6, 6] (rank 4)'],
    ['output has the wrong shape', (s) => run(s, X1, zeros([1, 3, 8])), RangeError, 'conv1d: output must have shape [1, 3, 10] for an input of shape [1, 2, 10], got [1, 3, 8]'],
  ];
  const POOL = { windowDimensions: 3, strides: 2 };
  const maxLayer = layerSpec('layer.run', (e) => e.createMaxPool2d(POOL), (layer) => poolOutcome('max', layer.run(X), X, POOL));
  const maxRows: Row<LayerSubject>[] = [
    ...tensorRows<LayerSubject>('maxPool2d', 'input', NCHW, X.shape, (s, t) => run(s, t)),
    ['input smaller than the window', (s) => run(s, zeros([1, 2, 2, 6])), RangeError, "maxPool2d: output height would be 0: the padded input height 2 + 0 + 0 = 2 is smaller than the window's extent 3 (window 3, dilation 1); expected an output height of at least 1"],
    ['output has the wrong shape', (s) => run(s, X, zeros([1, 2, 3, 3])), RangeError, 'maxPool2d: output must have shape [1, 2, 2, 2] for an input of shape [1, 2, 6, 6], got [1, 2, 3, 3]'],
    ['output is a view of the input’s data', (s) => run(s, X, { data: X.data.subarray(0, 8), shape: [1, 2, 2, 2] }), RangeError, 'maxPool2d: output overlaps the input (the same tensor, the same data, or overlapping views of one buffer); give a separate output'],
    ['input is a disposed engine tensor', (s) => run(s, disposedTensor(s.engine, X.shape)), Error, 'maxPool2d: input of shape [1, 2, 6, 6] was disposed; it can no longer be used'],
    ['the run needs more memory than maxMemoryBytes', (s) => run(s, BIG([1, 1, 2048, 2048])), RangeError, overLimit('maxPool2d'), { backends: WASM }],
  ];
  const avgLayer = layerSpec('layer.run', (e) => e.createAvgPool2d(POOL), (layer) => poolOutcome('avg', layer.run(X), X, POOL));
  const avgRows: Row<LayerSubject>[] = [
    ['input of the wrong rank', (s) => run(s, X1), RangeError, 'avgPool2d: input shape must have rank 4 [N, C, H, W] (nchw), got [1, 2, 10] (rank 3)'],
    ['output.data is one element long', (s) => run(s, X, { data: f32(9), shape: [1, 2, 2, 2] }), RangeError, 'avgPool2d: output.data has 9 elements but shape [1, 2, 2, 2] needs 8'],
  ];
  return [
    ...entries(dense, denseRows, false, 'conv2d layer'),
    ...entries(unpadded, unpaddedRows, false, 'unpadded conv2d layer'),
    ...entries(conv1dLayer, conv1dRows, false, 'conv1d layer'),
    ...entries(maxLayer, maxRows, false, 'maxPool2d layer'),
    ...entries(avgLayer, avgRows, false, 'avgPool2d layer'),
  ];
}

function outputShapeEntries(): CatalogueEntry[] {
  const spec = layerSpec('layer.outputShape', convLayer, (layer) => ({
    actual: layer.outputShape(X.shape),
    expected: reference.conv2d(X, LW, LAYER_VALID).shape,
  }));
  const shape = (s: LayerSubject, value: unknown) => s.layer.outputShape(bad(value));
  const poolSpec = layerSpec('layer.outputShape', (e) => e.createMaxPool2d(POOL_VALID), (layer) => ({
    actual: layer.outputShape(X.shape),
    expected: reference.maxPool2d(X, POOL_VALID).shape,
  }));
  return [
    ...entries(spec, [
      ['shape is a string', (s) => shape(s, '1x2x6x6'), TypeError, 'conv2d: input shape must be an array of 4 dimensions [N, C, H, W] (nchw), got "1x2x6x6"'],
      ['shape of the wrong rank', (s) => shape(s, [2, 6, 6]), RangeError, 'conv2d: input shape must have rank 4 [N, C, H, W] (nchw), got [2, 6, 6] (rank 3)'],
      ['a zero-size dimension', (s) => shape(s, [0, 2, 6, 6]), RangeError, 'conv2d: input shape must hold positive integers [N, C, H, W] (nchw), got [0, 2, 6, 6]'],
      ['channels ≠ the layer’s filter', (s) => shape(s, [1, 4, 6, 6]), RangeError, 'conv2d: input has 4 channels but filter expects 2 (2 per group × groups=1); with groups: 2 it would match'],
    ], false, 'conv2d layer'),
    ...entries(poolSpec, [
      ['shape of the wrong rank', (s) => shape(s, [2, 6, 6]), RangeError, 'maxPool2d: input shape must have rank 4 [N, C, H, W] (nchw), got [2, 6, 6] (rank 3)'],
      ['a non-integer dimension', (s) => shape(s, [1, 2, 6, 6.5]), RangeError, 'maxPool2d: input shape must hold positive integers [N, C, H, W] (nchw), got [1, 2, 6, 6.5]'],
    ], false, 'maxPool2d layer'),
  ];
}

function disposedLayerEntries(): CatalogueEntry[] {
  const disposed = (make: (e: Engine) => Layer) => (e: Engine) => {
    const layer = make(e);
    layer.dispose();
    return layer;
  };
  // A disposed layer cannot be used again: the next valid call is on a new layer of the same engine.
  const spec = (fn: string, make: (e: Engine) => Layer, outcome: (engine: Engine) => Outcome): Spec<LayerSubject> => ({
    fn,
    setup: (engine) => ({ engine, layer: disposed(make)(engine) }),
    next: ({ engine }) => outcome(engine),
  });
  const freshConv2d = (engine: Engine) => {
    const layer = convLayer(engine);
    try {
      return convLayerOutcome(layer);
    } finally {
      layer.dispose();
    }
  };
  const freshConv1d = (engine: Engine) => {
    const layer = engine.createConv1d(W1, CONV1D_VALID);
    try {
      return conv1dOutcome(layer.run(X1), X1, W1, CONV1D_VALID);
    } finally {
      layer.dispose();
    }
  };
  const freshPool = (engine: Engine) => {
    const layer = engine.createAvgPool2d(POOL_VALID);
    try {
      return poolOutcome('avg', layer.run(X), X, POOL_VALID);
    } finally {
      layer.dispose();
    }
  };
  const conv2dDisposed = 'conv2d: this layer (filter [2, 2, 3, 3]) was disposed; create a new one with engine.createConv2d()';
  const conv1dDisposed = 'conv1d: this layer (filter [3, 2, 3]) was disposed; create a new one with engine.createConv1d()';
  return [
    ...entries(spec('layer.run', convLayer, freshConv2d), [['run after dispose (conv2d layer)', (s) => s.layer.run(X), Error, conv2dDisposed]]),
    ...entries(spec('layer.outputShape', convLayer, freshConv2d), [['outputShape after dispose (conv2d layer)', (s) => s.layer.outputShape(X.shape), Error, conv2dDisposed]]),
    ...entries(spec('layer.run', (e) => e.createConv1d(W1, CONV1D_VALID), freshConv1d), [['run after dispose (conv1d layer)', (s) => s.layer.run(X1), Error, conv1dDisposed]]),
    ...entries(spec('layer.run', (e) => e.createAvgPool2d(POOL_VALID), freshPool), [['run after dispose (pooling layer)', (s) => s.layer.run(X), Error, 'avgPool2d: this layer was disposed; create a new one with engine.createAvgPool2d()']]),
    ...entries(spec('layer.outputShape', (e) => e.createMaxPool2d(POOL_VALID), freshPool), [['outputShape after dispose (pooling layer)', (s) => s.layer.outputShape(X.shape), Error, 'maxPool2d: this layer was disposed; create a new one with engine.createMaxPool2d()']]),
  ];
}

// ---------------------------------------------------------------------------------------------
// Engine tensors

const T_SHAPE = [2, 3] as const;
const T_VALUES = Float32Array.of(1, -2, 3.5, 0.25, -0.125, 6);

function engineTensorEntries(): CatalogueEntry[] {
  const make: Spec<Engine> = {
    fn: 'engine.tensor',
    setup: (engine) => engine,
    next: (engine) => {
      const t = engine.tensor(T_SHAPE, T_VALUES);
      try {
        return { actual: { shape: t.shape, data: t.read() }, expected: { shape: [...T_SHAPE], data: T_VALUES } };
      } finally {
        t.dispose();
      }
    },
  };
  const create = (e: Engine, shape: unknown, data?: unknown) => e.tensor(bad(shape), bad(data));
  const makeRows: Row<Engine>[] = [
    ['shape is a string', (e) => create(e, '2x3'), TypeError, 'engine.tensor: shape must be a non-empty array of positive integers, got "2x3"'],
    ['shape is empty', (e) => create(e, []), TypeError, 'engine.tensor: shape must be a non-empty array of positive integers, got []'],
    ['a zero-size dimension', (e) => create(e, [2, 0]), RangeError, 'engine.tensor: shape must hold positive integers, got [2, 0]'],
    ['a negative dimension', (e) => create(e, [2, -3]), RangeError, 'engine.tensor: shape must hold positive integers, got [2, -3]'],
    ['a non-integer dimension', (e) => create(e, [2, 1.5]), RangeError, 'engine.tensor: shape must hold positive integers, got [2, 1.5]'],
    ['data is a Float64Array', (e) => create(e, T_SHAPE, new Float64Array(6)), TypeError, 'engine.tensor: data must be a Float32Array or an array of numbers, got Float64Array(6)'],
    ['data is a string', (e) => create(e, T_SHAPE, '123456'), TypeError, 'engine.tensor: data must be a Float32Array or an array of numbers, got "123456"'],
    ['data one element short', (e) => create(e, T_SHAPE, [1, 2, 3, 4, 5]), RangeError, 'engine.tensor: data has 5 elements but shape [2, 3] needs 6'],
    ['more memory than maxMemoryBytes', (e) => create(e, [1024, 1024, 4]), RangeError, overLimit('engine.tensor'), { backends: WASM }],
    ['more than wasm32 addresses', (e) => create(e, [2 ** 30 + 1]), RangeError, over4GiB('engine.tensor'), { backends: WASM }],
  ];

  interface TensorSubject {
    readonly engine: Engine;
    readonly t: EngineTensor;
  }
  const live: Spec<TensorSubject> = {
    fn: 'EngineTensor.write',
    setup: (engine) => ({ engine, t: engine.tensor(T_SHAPE) }),
    next: ({ t }) => {
      t.write(T_VALUES);
      return { actual: t.read(), expected: T_VALUES };
    },
    dispose: ({ t }) => t.dispose(),
  };
  const write = (s: TensorSubject, values: unknown) => s.t.write(bad(values));
  const writeRows: Row<TensorSubject>[] = [
    ['values is null', (s) => write(s, null), TypeError, 'EngineTensor.write: data must be a Float32Array or an array of numbers, got null'],
    ['values is a Float64Array', (s) => write(s, new Float64Array(6)), TypeError, 'EngineTensor.write: data must be a Float32Array or an array of numbers, got Float64Array(6)'],
    ['values one element long', (s) => write(s, f32(7)), RangeError, 'EngineTensor.write: data has 7 elements but shape [2, 3] needs 6'],
  ];
  // After dispose: the next valid call is on a new tensor of the same engine.
  const disposedSpec = (fn: string): Spec<TensorSubject> => ({
    fn,
    setup: (engine) => ({ engine, t: disposedTensor(engine, T_SHAPE) }),
    next: ({ engine }) => make.next(engine, engine),
  });
  const gone = (fn: string) => `${fn}: tensor of shape [2, 3] was disposed; it can no longer be used`;
  return [
    ...entries(make, makeRows),
    ...entries(live, writeRows),
    ...entries(disposedSpec('EngineTensor.write'), [['write after dispose', (s) => s.t.write(T_VALUES), Error, gone('EngineTensor.write')]]),
    ...entries(disposedSpec('EngineTensor.read'), [['read after dispose', (s) => s.t.read(), Error, gone('EngineTensor.read')]]),
    ...entries(disposedSpec('EngineTensor.data'), [['data after dispose', (s) => s.t.data, Error, gone('EngineTensor.data')]]),
  ];
}

// ---------------------------------------------------------------------------------------------
// Engines: createEngine, createEngineSync, ready

/** A new engine on `backend` runs conv2d correctly: the next valid call after a rejected option. */
function engineWorks(engine: Engine): Outcome {
  return conv2dOutcome(engine.conv2d(X, W, CONV2D_VALID), X, W, CONV2D_VALID);
}

function engineOptionEntries(): CatalogueEntry[] {
  type Make = (options: never) => unknown;
  const rows = (fn: string, make: Make): Row<Engine>[] => {
    const m = (text: string) => `${fn}: ${text}`;
    const with_ = (options: unknown) => () => make(bad(options));
    return [
      ['options is a string', with_('simd'), TypeError, m('options must be an object, got "simd"')],
      ['misspelt option `backnd`', with_({ backnd: 'simd' }), TypeError, m('unknown option `backnd`; did you mean `backend`? (expected one of: backend, wasm, maxMemoryBytes, threads)')],
      ['threads 0', with_({ threads: 0 }), RangeError, m("threads must be a positive integer or 'auto', got 0")],
      ['threads 1.5', with_({ threads: 1.5 }), RangeError, m("threads must be a positive integer or 'auto', got 1.5")],
      ["threads 'max'", with_({ threads: 'max' }), TypeError, m(`threads must be a positive integer or 'auto', got "max"`)],
      ['threads 2 on the scalar build', with_({ backend: 'scalar', threads: 2 }), RangeError, m("threads is 2, but the 'scalar' backend has no threaded build (the 'simd' and 'relaxed-simd' builds have)")],
      ['threads 2 on the js backend', with_({ backend: 'js', threads: 2 }), RangeError, m("threads is 2, but the 'js' backend has no threaded build (the 'simd' and 'relaxed-simd' builds have)")],
      ['threads 2 in workerd', () => asIn({ navigator: { userAgent: 'Cloudflare-Workers' } }, with_({ backend: 'simd', threads: 2 })), Error, m("threads is 2, but this is workerd, which has no threads (no shared memory, no workers); threads: 1 or 'auto' run on one thread here")],
      ['threads 2 on a page that is not cross-origin isolated', () => asIn({ document: {}, crossOriginIsolated: false }, with_({ backend: 'simd', threads: 2 })), Error, m(`threads is 2, but this page is not cross-origin isolated (crossOriginIsolated is false), so it has no SharedArrayBuffer to share memory with workers: ${ISOLATION}; threads: 1 or 'auto' run on one thread here`)],
      ["backend 'wasm'", with_({ backend: 'wasm' }), RangeError, m(`backend must be one of 'auto', 'relaxed-simd', 'simd', 'scalar', 'js', got "wasm"`)],
      ["backend 'SIMD'", with_({ backend: 'SIMD' }), RangeError, m(`backend must be one of 'auto', 'relaxed-simd', 'simd', 'scalar', 'js', got "SIMD"; did you mean 'simd'?`)],
      ["backend 'relaxed_simd'", with_({ backend: 'relaxed_simd' }), RangeError, m(`backend must be one of 'auto', 'relaxed-simd', 'simd', 'scalar', 'js', got "relaxed_simd"; did you mean 'relaxed-simd'?`)],
      ['backend a number', with_({ backend: 1 }), TypeError, m(`backend must be one of 'auto', 'relaxed-simd', 'simd', 'scalar', 'js', got 1`)],
      ['maxMemoryBytes 0', with_({ maxMemoryBytes: 0 }), RangeError, m('maxMemoryBytes must be an integer ≥ 1, got 0')],
      ['maxMemoryBytes 1.5', with_({ maxMemoryBytes: 1.5 }), RangeError, m('maxMemoryBytes must be an integer ≥ 1, got 1.5')],
      ['maxMemoryBytes a string', with_({ maxMemoryBytes: '64MB' }), TypeError, m('maxMemoryBytes must be an integer ≥ 1, got "64MB"')],
      ['maxMemoryBytes over 4 GiB', with_({ maxMemoryBytes: 2 ** 33 }), RangeError, m('maxMemoryBytes must be at most 4294967296 (4 GiB, what wasm32 addresses), got 8589934592')],
      ['maxMemoryBytes below the module’s initial memory', with_({ backend: 'simd', maxMemoryBytes: 1024 }), RangeError, new RegExp(`^${fn}: maxMemoryBytes is 1024, less than the \\d+ bytes the 'simd' module starts with$`)],
      ['wasm a number', with_({ wasm: 42 }), TypeError, m(`options.wasm must be ${WASM_SOURCES}; got number`)],
      ['wasm null', with_({ wasm: null }), TypeError, m(`options.wasm must be ${WASM_SOURCES}; got null`)],
      ['wasm an array', with_({ wasm: [] }), TypeError, m(`options.wasm must be ${WASM_SOURCES}; got Array`)],
      ['wasm a record with an unknown key', with_({ wasm: { fast: moduleOf('simd') } }), TypeError, m("options.wasm has a key 'fast'; expected one of 'relaxed-simd', 'simd', 'scalar'")],
      ['wasm a record of a number', with_({ wasm: { simd: 7 } }), TypeError, m("options.wasm['simd'] must be a WebAssembly.Module, bytes or a URL; got number")],
      ['wasm an empty record', with_({ wasm: {} }), TypeError, m('options.wasm is an empty record; give at least one build')],
      ['wasm a string that is not a URL', with_({ wasm: 'not a url' }), TypeError, m('options.wasm is the string "not a url", which is not a URL (relative URLs need a page to resolve against)')],
      ["a record without the backend asked for", with_({ backend: 'scalar', wasm: { simd: moduleOf('simd') } }), RangeError, m("backend 'scalar' was asked for, but options.wasm has no 'scalar' build (it has 'simd')")],
      ['wasm of another build than backend', with_({ backend: 'simd', wasm: moduleOf('scalar') }), Error, "simdconv: the WebAssembly module from options.wasm (a WebAssembly.Module) is the 'scalar' build, but the 'simd' build was asked for"],
      ['wasm a module that is not simdconv', () => make(bad({ wasm: FOREIGN_MODULE() })), Error, 'simdconv: the WebAssembly module from options.wasm (a WebAssembly.Module) is not a simdconv build (it has no BUILD export); expected one of dist/wasm/simdconv.{relaxed-simd,simd,scalar}.wasm'],
      ['wasm bytes of an HTML page', with_({ wasm: new TextEncoder().encode('<!doctype html><p>Not found</p>') }), Error, 'simdconv: could not load the WebAssembly build given as options.wasm: expected it at options.wasm (bytes). Got 31 bytes starting with "<!doctype html><p>Not fo" (an HTML page: a server or dev-server fallback answering for a missing file), not the WebAssembly magic number \\0asm.'],
      ['wasm empty bytes', with_({ wasm: new Uint8Array(0) }), Error, 'simdconv: could not load the WebAssembly build given as options.wasm: expected it at options.wasm (bytes). Got an empty file.'],
      ['wasm truncated bytes', with_({ wasm: bytesOf('simd').subarray(0, 100) }), Error, /^simdconv: could not load the WebAssembly build given as options\.wasm: expected it at options\.wasm \(bytes\)\. This JavaScript engine could not compile it: .+\.$/],
      ['wasm a file: URL that does not exist', with_({ backend: 'simd', wasm: new URL('./no-such-build.wasm', wasmUrl('simd')) }), Error, /^simdconv: could not load the 'simd' WebAssembly build: expected it at file:\/\/\/\S+\/no-such-build\.wasm \(in a source checkout, run `npm run build`\)\. ENOENT: no such file or directory, open '\S+no-such-build\.wasm'$/],
      ['a backend this JavaScript engine cannot run (WebAssembly SIMD missing)', () => withoutSimd(() => make(bad({ backend: 'simd' }))), Error, m("this JavaScript engine cannot run the 'simd' backend")],
    ];
  };
  const sync: Spec<Engine> = { fn: 'createEngineSync', setup: (e) => e, next: (e) => engineWorks(createEngineSync({ backend: e.backend })) };
  const syncRows: Row<Engine>[] = [
    ...rows('createEngineSync', (options) => createEngineSync(options)),
    ['conv2d on a disposed engine', (e) => {
      const disposed = createEngineSync({ backend: e.backend });
      disposed.dispose();
      return disposed.conv2d(X, W, CONV2D_VALID);
    }, Error, 'conv2d: this engine was disposed (engine.dispose()); create a new engine'],
    ['threads 2 where workers start only from the event loop (web workers)', () => asIn({ Worker: class {} }, () => createEngineSync({ backend: 'simd', threads: 2 }), true), Error, 'createEngineSync: threads is 2, but web workers start only once this thread returns to its event loop; use await createEngine({ threads: 2 })'],
    ['wasm an http: URL (it cannot be fetched synchronously)', () => createEngineSync({ wasm: 'http://127.0.0.1:9/simdconv.simd.wasm' }), Error, 'createEngineSync: cannot fetch http://127.0.0.1:9/simdconv.simd.wasm synchronously; load a URL with `await createEngine({ wasm })` or `await ready({ wasm })`, or pass the bytes or a WebAssembly.Module'],
  ];
  const async: Spec<Engine> = { fn: 'createEngine', setup: (e) => e, next: async (e) => engineWorks(await createEngine({ backend: e.backend })) };
  // ready() makes the engine it creates the default one: the next valid call replaces the
  // default with a new engine of the same backend and limit, as the test set it up.
  const readySpec: Spec<Engine> = {
    fn: 'ready',
    setup: (e) => e,
    next: async (e) => {
      await ready({ backend: e.backend, maxMemoryBytes: MEMORY_LIMIT });
      return conv2dOutcome(conv2d(X, W, CONV2D_VALID), X, W, CONV2D_VALID);
    },
  };
  // ready rejects as createEngine does, under its own name.
  const readyRows = rows('ready', (options) => ready(options)).filter(([mistake]) =>
    ['options is a string', 'misspelt option `backnd`', "backend 'SIMD'", 'maxMemoryBytes 0', 'wasm a number', 'wasm of another build than backend'].includes(mistake),
  );
  return [...entries(sync, syncRows), ...entries(async, rows('createEngine', (options) => createEngine(options)), true), ...entries(readySpec, readyRows, true)];
}

// ---------------------------------------------------------------------------------------------
// tensor()

function tensorEntries(): CatalogueEntry[] {
  const values = [1, -2, 3.5, 0.25];
  const spec: Spec<undefined> = {
    fn: 'tensor',
    setup: () => undefined,
    next: () => ({ actual: tensor(values, [2, 2]), expected: { data: Float32Array.from(values), shape: [2, 2] } }),
  };
  const make = (data: unknown, shape: unknown) => () => tensor(bad(data), bad(shape));
  return entries(spec, [
    ['data is null', make(null, [2, 2]), TypeError, 'tensor: data must be a Float32Array, another numeric typed array or an array of numbers, got null'],
    ['data holds a string', make(['1', 2, 3, 4], [2, 2]), TypeError, 'tensor: data must hold numbers only, got "1" at index 0'],
    ['data is a nested array', make([[1, 2], [3, 4]], [2, 2]), TypeError, 'tensor: data must hold numbers only, got [1, 2] at index 0; it is a nested array: flatten it first, data.flat(Infinity) (row-major, as the shape reads it)'],
    ['shape is a string', make(values, '2x2'), TypeError, 'tensor: shape must be an array of positive integers, got "2x2"'],
    ['a zero-size dimension', make([], [2, 0]), RangeError, 'tensor: shape must hold positive integers, got [2, 0]'],
    ['a negative dimension', make(values, [-2, -2]), RangeError, 'tensor: shape must hold positive integers, got [-2, -2]'],
    ['a non-integer dimension', make(values, [2, 2.5]), RangeError, 'tensor: shape must hold positive integers, got [2, 2.5]'],
    ['data one element short', make([1, 2, 3], [2, 2]), RangeError, 'tensor: data has 3 elements but shape [2, 2] needs 4'],
  ]);
}

function sizeOfEntries(): CatalogueEntry[] {
  const spec: Spec<undefined> = { fn: 'sizeOf', setup: () => undefined, next: () => ({ actual: sizeOf([1, 3, 4, 5]), expected: 60 }) };
  const count = (shape: unknown) => () => sizeOf(bad(shape));
  return entries(spec, [
    ['shape is a string', count('abc'), TypeError, 'sizeOf: shape must be an array of positive integers, got "abc"'],
    ['a zero-size dimension', count([2, 0]), RangeError, 'sizeOf: shape must hold positive integers, got [2, 0]'],
    ['a non-integer dimension', count([2, 1.5]), RangeError, 'sizeOf: shape must hold positive integers, got [2, 1.5]'],
  ]);
}

// ---------------------------------------------------------------------------------------------
// Shape math

/** Which input cells reach output cell 0 of a stack of 1-D convolutions: one-hot inputs through all-ones filters. */
function fieldByReference(layers: readonly { kernel: number; strides?: number }[], inputSize: number): { size: number; outputSize: number } {
  let size = 0;
  let outputSize = 0;
  for (let i = 0; i < inputSize; i++) {
    let t: Tensor = { data: f32(inputSize), shape: [1, 1, inputSize] };
    t.data[i] = 1;
    for (const { kernel, strides: stride = 1 } of layers) t = reference.conv1d(t, { data: f32(kernel).fill(1), shape: [1, 1, kernel] }, { strides: stride });
    if (t.data[0] !== 0) size++;
    outputSize = t.shape[2]!;
  }
  return { size, outputSize };
}

function shapeEntries(): CatalogueEntry[] {
  const none = <T>(fn: string, next: () => Outcome): Spec<T> => ({ fn, setup: () => undefined as T, next });
  const result: CatalogueEntry[] = [];

  // convOutputSize
  const line = (n: number) => zeros([1, 1, n]);
  result.push(
    ...entries(
      none<undefined>('convOutputSize', () => ({
        actual: convOutputSize(10, 3, { strides: 2, padding: 1 }),
        expected: reference.conv1d(line(10), line(3), { strides: 2, padding: 1 }).shape[2],
      })),
      [
        ['inputSize 0', () => convOutputSize(0, 3), RangeError, 'convOutputSize: inputSize must be an integer ≥ 1, got 0'],
        ['inputSize a string', () => convOutputSize(bad('8'), 3), TypeError, 'convOutputSize: inputSize must be an integer ≥ 1, got "8"'],
        ['kernelSize 2.5', () => convOutputSize(8, 2.5), RangeError, 'convOutputSize: kernelSize must be an integer ≥ 1, got 2.5'],
        ['kernelSize missing', () => convOutputSize(8, bad(undefined)), TypeError, 'convOutputSize: kernelSize is required: an integer ≥ 1'],
        ['options is a number', () => convOutputSize(8, 3, bad(2)), TypeError, 'convOutputSize: options must be an object, got 2'],
        ['unknown option `stride`', () => convOutputSize(8, 3, bad({ stride: 2 })), TypeError, 'convOutputSize: unknown option `stride`; did you mean `strides`? (expected one of: strides, dilations, padding)'],
        ['strides 0', () => convOutputSize(8, 3, { strides: 0 }), RangeError, 'convOutputSize: strides must be an integer ≥ 1, got 0'],
        ['strides a string', () => convOutputSize(8, 3, { strides: bad('2') }), TypeError, 'convOutputSize: strides must be an integer ≥ 1, got "2"'],
        ['strides null', () => convOutputSize(8, 3, { strides: bad(null) }), TypeError, 'convOutputSize: strides must be an integer ≥ 1, got null'],
        ['dilations -1', () => convOutputSize(8, 3, { dilations: -1 }), RangeError, 'convOutputSize: dilations must be an integer ≥ 1, got -1'],
        ['padding negative', () => convOutputSize(8, 3, { padding: -1 }), RangeError, `convOutputSize: padding must be ${PADDING_1D}, got -1`],
        ['padding of three entries', () => convOutputSize(8, 3, { padding: bad([1, 1, 1]) }), RangeError, `convOutputSize: padding must be ${PADDING_1D}, got [1, 1, 1]`],
        ["padding 'Same'", () => convOutputSize(8, 3, { padding: bad('Same') }), RangeError, `convOutputSize: padding must be ${PADDING_1D}, got "Same"; did you mean 'same'?`],
        ['kernel larger than the padded input', () => convOutputSize(4, 5), RangeError, "convOutputSize: output size would be 0: the padded input size 4 + 0 + 0 = 4 is smaller than the kernel's extent 5 (kernel 5, dilation 1); expected an output size of at least 1"],
      ],
    ),
  );

  // conv2dOutputShape and conv2dFlops validate as conv2d does, under their own names.
  for (const fn of ['conv2dOutputShape', 'conv2dFlops'] as const) {
    const call = (input: unknown, filter: unknown, options?: unknown) => () =>
      fn === 'conv2dOutputShape' ? conv2dOutputShape(bad(input), bad(filter), bad(options)) : conv2dFlops(bad(input), bad(filter), bad(options));
    const expectedShape = reference.conv2d(X, W, { strides: 2, padding: 'same' }).shape;
    const next = () => {
      const options: Conv2dOptions = { strides: 2, padding: 'same' };
      if (fn === 'conv2dOutputShape') return { actual: conv2dOutputShape(X.shape, W.shape, options), expected: expectedShape };
      // 2 · (outputs) · (C/G · kH · kW): the reference's output count times the taps of each.
      const taps = W.shape[1]! * W.shape[2]! * W.shape[3]!;
      return { actual: conv2dFlops(X.shape, W.shape, options), expected: 2 * sizeOfShape(expectedShape) * taps };
    };
    const m = (text: string) => `${fn}: ${text}`;
    result.push(
      ...entries(none<undefined>(fn, next), [
        ['inputShape is a string', call('1x2x6x6', W.shape), TypeError, m('input shape must be an array of 4 dimensions [N, C, H, W] (nchw), got "1x2x6x6"')],
        ['inputShape of the wrong rank', call([2, 6, 6], W.shape), RangeError, m('input shape must have rank 4 [N, C, H, W] (nchw), got [2, 6, 6] (rank 3)')],
        ['inputShape with a zero-size dimension', call([1, 2, 0, 6], W.shape), RangeError, m('input shape must hold positive integers [N, C, H, W] (nchw), got [1, 2, 0, 6]')],
        ['filterShape with a non-integer dimension', call(X.shape, [3, 2, 3, 2.5]), RangeError, m('filter shape must hold positive integers [O, I, H, W] (oihw), got [3, 2, 3, 2.5]')],
        ['channels ≠ filter channels', call(X.shape, [3, 3, 3, 3]), RangeError, m('input has 2 channels but filter expects 3 (3 per group × groups=1)')],
        ['unknown option `pads` (ONNX)', call(X.shape, W.shape, { pads: 1 }), TypeError, m(`unknown option \`pads\`; did you mean \`padding\`? (expected one of: ${CONV2D_KEYS})`)],
        ['strides 0', call(X.shape, W.shape, { strides: 0 }), RangeError, m(`strides must be ${PAIR}, got 0`)],
        ["padding 'SAME'", call(X.shape, W.shape, { padding: 'SAME' }), RangeError, m(`padding must be ${PADDING_2D}, got "SAME"; did you mean 'same'?`)],
        ['bias one value short', call(X.shape, W.shape, { bias: f32(2) }), RangeError, m('bias has 2 values but the filter has 3 output channels')],
        ['kernel larger than the padded input', call([1, 2, 2, 6], W.shape), RangeError, m("output height would be 0: the padded input height 2 + 0 + 0 = 2 is smaller than the kernel's extent 3 (kernel 3, dilation 1); expected an output height of at least 1")],
      ]),
    );
  }

  // conv2dParameterCount
  const keys = 'inChannels, outChannels, kernelSize, groups, bias';
  const LAYER_FIELDS = '{ inChannels, outChannels, kernelSize, groups?, bias? }';
  const count = (layer: unknown) => () => conv2dParameterCount(bad(layer));
  result.push(
    ...entries(
      none<undefined>('conv2dParameterCount', () => ({
        actual: conv2dParameterCount({ inChannels: 2, outChannels: 3, kernelSize: 3 }),
        expected: W.data.length + W.shape[0]!, // the weights of W plus one bias per output channel
      })),
      [
        ['layer is a number', count(3), TypeError, `conv2dParameterCount: layer must be an object ${LAYER_FIELDS}, got 3`],
        ['layer is an array', count([2, 3, 3]), TypeError, `conv2dParameterCount: layer must be an object ${LAYER_FIELDS}, got [2, 3, 3]`],
        ['layer missing', count(undefined), TypeError, `conv2dParameterCount: layer must be an object ${LAYER_FIELDS}, got undefined`],
        ['unknown key `in_channels` (PyTorch)', count({ in_channels: 2, outChannels: 3, kernelSize: 3 }), TypeError, `conv2dParameterCount: unknown option \`in_channels\`; did you mean \`inChannels\`? (expected one of: ${keys})`],
        ['inChannels 0', count({ inChannels: 0, outChannels: 3, kernelSize: 3 }), RangeError, 'conv2dParameterCount: inChannels must be an integer ≥ 1, got 0'],
        ['inChannels a string', count({ inChannels: '2', outChannels: 3, kernelSize: 3 }), TypeError, 'conv2dParameterCount: inChannels must be an integer ≥ 1, got "2"'],
        ['outChannels missing', count({ inChannels: 2, kernelSize: 3 }), TypeError, 'conv2dParameterCount: outChannels is required: an integer ≥ 1'],
        ['kernelSize missing', count({ inChannels: 2, outChannels: 3 }), TypeError, `conv2dParameterCount: kernelSize is required: ${PAIR}`],
        ['kernelSize of one entry', count({ inChannels: 2, outChannels: 3, kernelSize: [3] }), RangeError, `conv2dParameterCount: kernelSize must be ${PAIR}, got [3]`],
        ['groups 0', count({ inChannels: 2, outChannels: 3, kernelSize: 3, groups: 0 }), RangeError, 'conv2dParameterCount: groups must be a positive integer, got 0'],
        ['groups a string', count({ inChannels: 2, outChannels: 3, kernelSize: 3, groups: '1' }), TypeError, 'conv2dParameterCount: groups must be a positive integer, got "1"'],
        ['groups that do not divide the channels', count({ inChannels: 6, outChannels: 8, kernelSize: 3, groups: 4 }), RangeError, 'conv2dParameterCount: inChannels (6) and outChannels (8) must be divisible by groups (4)'],
        ["bias 'yes'", count({ inChannels: 2, outChannels: 3, kernelSize: 3, bias: 'yes' }), TypeError, 'conv2dParameterCount: bias must be true or false, got "yes"'],
      ],
    ),
  );

  // resolvePadding: the explicit padding must give what the word gives, in the reference.
  const pad = (padding: unknown) => () => resolvePadding(bad(padding), [6, 6], [3, 3]);
  const geometry = (inputSize: unknown, kernelSize: unknown, strides?: unknown, dilations?: unknown) => () =>
    resolvePadding('same', bad(inputSize), bad(kernelSize), bad(strides), bad(dilations));
  result.push(
    ...entries(
      none<undefined>('resolvePadding', () => ({
        actual: reference.conv2d(X, W, { strides: 2, padding: resolvePadding('same', [6, 6], [3, 3], [2, 2]) }),
        expected: reference.conv2d(X, W, { strides: 2, padding: 'same' }),
      })),
      [
        ['padding negative', pad(-1), RangeError, `resolvePadding: padding must be ${PADDING_2D}, got -1`],
        ['padding of three entries', pad([1, 1, 1]), RangeError, `resolvePadding: padding must be ${PADDING_2D}, got [1, 1, 1]`],
        ['padding [0, 0.5]', pad([0, 0.5]), RangeError, `resolvePadding: padding must be ${PADDING_2D}, got [0, 0.5]`],
        ["padding 'same_upper'", pad('same_upper'), RangeError, `resolvePadding: padding must be ${PADDING_2D}, got "same_upper"; did you mean 'same-upper'?`],
        ['padding null', pad(null), TypeError, `resolvePadding: padding must be ${PADDING_2D}, got null`],
        ['inputSize a string', geometry('6', [3, 3]), TypeError, `resolvePadding: inputSize must be ${PAIR}, got "6"`],
        ['inputSize of one entry', geometry([6], [3, 3]), RangeError, `resolvePadding: inputSize must be ${PAIR}, got [6]`],
        ['inputSize with a zero', geometry([6, 0], [3, 3]), RangeError, `resolvePadding: inputSize must be ${PAIR}, got [6, 0]`],
        ['inputSize missing', geometry(undefined, [3, 3]), TypeError, `resolvePadding: inputSize is required: ${PAIR}`],
        ['kernelSize missing', geometry([6, 6], undefined), TypeError, `resolvePadding: kernelSize is required: ${PAIR}`],
        ['kernelSize [3, 2.5]', geometry([6, 6], [3, 2.5]), RangeError, `resolvePadding: kernelSize must be ${PAIR}, got [3, 2.5]`],
        ['strides [0, 0]', geometry([6, 6], [3, 3], [0, 0]), RangeError, `resolvePadding: strides must be ${PAIR}, got [0, 0]`],
        ['strides null', geometry([6, 6], [3, 3], null), TypeError, `resolvePadding: strides must be ${PAIR}, got null`],
        ['dilations of three entries', geometry([6, 6], [3, 3], [1, 1], [1, 1, 1]), RangeError, `resolvePadding: dilations must be ${PAIR}, got [1, 1, 1]`],
      ],
    ),
  );

  // samePadding: the explicit padding must give what 'same' gives, in the reference.
  const same = (...args: unknown[]) => () => (samePadding as (...a: unknown[]) => unknown)(...args);
  const sp = (text: string) => `samePadding: ${text}`;
  result.push(
    ...entries(
      none<undefined>('samePadding', () => ({
        actual: reference.conv1d(X1, W1, { strides: 2, padding: samePadding(10, 3, 2) }),
        expected: reference.conv1d(X1, W1, { strides: 2, padding: 'same' }),
      })),
      [
        ['inputSize 0', same(0, 3), RangeError, sp('inputSize must be an integer ≥ 1, got 0')],
        ['inputSize a string', same('7', 3), TypeError, sp('inputSize must be an integer ≥ 1, got "7"')],
        ['kernelSize missing', same(7), TypeError, sp('kernelSize is required: an integer ≥ 1')],
        ['kernelSize 2.5', same(7, 2.5), RangeError, sp('kernelSize must be an integer ≥ 1, got 2.5')],
        ['stride 0', same(7, 3, 0), RangeError, sp('stride must be an integer ≥ 1, got 0')],
        ['stride null', same(7, 3, null), TypeError, sp('stride must be an integer ≥ 1, got null')],
        ['dilation -1', same(7, 3, 1, -1), RangeError, sp('dilation must be an integer ≥ 1, got -1')],
        ['dilation NaN', same(7, 3, 1, NaN), RangeError, sp('dilation must be an integer ≥ 1, got NaN')],
        ["mode 'same-lower' (the padding word)", same(7, 3, 2, 1, 'same-lower'), RangeError, sp(`mode must be one of 'upper', 'lower', got "same-lower"; did you mean 'lower'?`)],
        ["mode 'UPPER'", same(7, 3, 2, 1, 'UPPER'), RangeError, sp(`mode must be one of 'upper', 'lower', got "UPPER"; did you mean 'upper'?`)],
        ["mode 'middle'", same(7, 3, 2, 1, 'middle'), RangeError, sp(`mode must be one of 'upper', 'lower', got "middle"`)],
        ['mode a boolean', same(7, 3, 2, 1, true), TypeError, sp(`mode must be one of 'upper', 'lower', got true`)],
      ],
    ),
  );

  // effectiveKernelSize: a kernel of extent e leaves in − e + 1 outputs, in the reference.
  const extent = (...args: unknown[]) => () => (effectiveKernelSize as (...a: unknown[]) => unknown)(...args);
  const ek = (text: string) => `effectiveKernelSize: ${text}`;
  result.push(
    ...entries(
      none<undefined>('effectiveKernelSize', () => ({
        actual: effectiveKernelSize(3, 2),
        expected: 10 + 1 - reference.conv1d(line(10), line(3), { dilations: 2 }).shape[2]!,
      })),
      [
        ['kernelSize 2.5', extent(2.5), RangeError, ek('kernelSize must be an integer ≥ 1, got 2.5')],
        ['kernelSize 0', extent(0, 1), RangeError, ek('kernelSize must be an integer ≥ 1, got 0')],
        ['kernelSize missing', extent(), TypeError, ek('kernelSize is required: an integer ≥ 1')],
        ['kernelSize a string', extent('3'), TypeError, ek('kernelSize must be an integer ≥ 1, got "3"')],
        ['dilation 0', extent(3, 0), RangeError, ek('dilation must be an integer ≥ 1, got 0')],
        ['dilation null', extent(3, null), TypeError, ek('dilation must be an integer ≥ 1, got null')],
      ],
    ),
  );

  // receptiveField
  const STACK = [{ kernel: 3 }, { kernel: 3, strides: 2 }, { kernel: 3 }];
  const field = (layers: unknown, inputSize?: unknown) => () => receptiveField(bad(layers), bad(inputSize));
  const rf = (text: string) => `receptiveField: ${text}`;
  result.push(
    ...entries(
      none<undefined>('receptiveField', () => {
        const r = receptiveField(STACK, 16);
        return { actual: { size: r.size, outputSize: r.outputSize }, expected: fieldByReference(STACK, 16) };
      }),
      [
        ['layers is not an array', field({ kernel: 3 }), TypeError, rf('layers must be a non-empty array of { kernel, strides?, dilations?, padding? }, got an object')],
        ['layers is null', field(null), TypeError, rf('layers must be a non-empty array of { kernel, strides?, dilations?, padding? }, got null')],
        ['layers is empty', field([]), RangeError, rf('layers must be a non-empty array of { kernel, strides?, dilations?, padding? }, got []')],
        ['inputSize 0', field(STACK, 0), RangeError, rf('inputSize must be an integer ≥ 1, got 0')],
        ['inputSize a string', field(STACK, '16'), TypeError, rf('inputSize must be an integer ≥ 1, got "16"')],
        ['a layer is a number', field([{ kernel: 3 }, { kernel: 3 }, 3]), TypeError, rf('layers[2] must be an object { kernel, strides?, dilations?, padding? }, got 3')],
        ['a hole in layers', field([, { kernel: 3 }]), TypeError, rf('layers[0] must be an object { kernel, strides?, dilations?, padding? }, got undefined')],
        ['a layer with `stride`', field([{ kernel: 3 }, { kernel: 3, stride: 2 }]), TypeError, rf('layers[1]: unknown option `stride`; did you mean `strides`? (expected one of: kernel, strides, dilations, padding)')],
        ['a layer without kernel', field([{ strides: 2 }]), TypeError, rf('layers[0].kernel is required: an integer ≥ 1')],
        ['kernel a string', field([{ kernel: '3' }]), TypeError, rf('layers[0].kernel must be an integer ≥ 1, got "3"')],
        ['strides 0', field([{ kernel: 3 }, { kernel: 3, strides: 0 }]), RangeError, rf('layers[1].strides must be an integer ≥ 1, got 0')],
        ['dilations 1.5', field([{ kernel: 3, dilations: 1.5 }]), RangeError, rf('layers[0].dilations must be an integer ≥ 1, got 1.5')],
        ['padding negative', field([{ kernel: 3, padding: -1 }]), RangeError, rf('layers[0].padding must be a non-negative integer or [begin, end], got -1')],
        ['padding [1, -1]', field([{ kernel: 3, padding: [1, -1] }]), RangeError, rf('layers[0].padding must be a non-negative integer or [begin, end], got [1, -1]')],
        ['padding of three entries', field([{ kernel: 3, padding: [1, 1, 1] }]), RangeError, rf('layers[0].padding must be a non-negative integer or [begin, end], got [1, 1, 1]')],
        ["padding 'same'", field([{ kernel: 3, padding: 'same' }]), TypeError, rf('layers[0].padding must be a non-negative integer or [begin, end], got "same"')],
        ['a kernel larger than its input', field([{ kernel: 5 }], 3), RangeError, rf("layers[0]: output size would be 0: the padded input size 3 + 0 + 0 = 3 is smaller than the kernel's extent 5 (kernel 5, dilation 1); expected an output size of at least 1")],
      ],
    ),
  );

  // poolOutputSize
  const size = (inputSize: unknown, window: unknown, options?: unknown) => () => poolOutputSize(bad(inputSize), bad(window), bad(options));
  result.push(
    ...entries(
      none<undefined>('poolOutputSize', () => ({
        actual: poolOutputSize(6, 3, { strides: 2, padding: 1 }),
        expected: reference.maxPool2d(X, POOL_VALID).shape[2],
      })),
      [
        ['inputSize -1', size(-1, 2), RangeError, 'poolOutputSize: inputSize must be an integer ≥ 1, got -1'],
        ['inputSize a string', size('6', 2), TypeError, 'poolOutputSize: inputSize must be an integer ≥ 1, got "6"'],
        ['windowSize 0', size(6, 0), RangeError, 'poolOutputSize: windowSize must be an integer ≥ 1, got 0'],
        ['windowSize missing', size(6, undefined), TypeError, 'poolOutputSize: windowSize is required: an integer ≥ 1'],
        ['unknown option `stride`', size(6, 2, { stride: 2 }), TypeError, 'poolOutputSize: unknown option `stride`; did you mean `strides`? (expected one of: strides, dilations, padding, roundingType)'],
        ['strides 0', size(6, 2, { strides: 0 }), RangeError, 'poolOutputSize: strides must be an integer ≥ 1, got 0'],
        ["roundingType 'CEIL'", size(6, 2, { roundingType: 'CEIL' }), RangeError, `poolOutputSize: roundingType must be one of 'floor', 'ceil', got "CEIL"; did you mean 'ceil'?`],
        ['window larger than the padded input', size(2, 3), RangeError, "poolOutputSize: output size would be 0: the padded input size 2 + 0 + 0 = 2 is smaller than the window's extent 3 (window 3, dilation 1); expected an output size of at least 1"],
        ['a window that covers padding only', size(2, 1, { padding: 1 }), RangeError, 'poolOutputSize: output cell 0 would pool padding only: its window taps input positions [-1] but the input covers 0…1 (window 1, stride 1, dilation 1, padding [1, 1]); expected every window to cover at least one input cell — use less padding or dilation'],
        ['a later window that covers padding only', size(3, 2, { strides: 2, padding: [0, 3] }), RangeError, 'poolOutputSize: output cell 2 would pool padding only: its window taps input positions [4, 5] but the input covers 0…2 (window 2, stride 2, dilation 1, padding [0, 3]); expected every window to cover at least one input cell — use less padding or dilation'],
      ],
    ),
  );

  // pool2dOutputShape
  const pshape = (shape: unknown, options?: unknown) => () => pool2dOutputShape(bad(shape), bad(options));
  const p = (text: string) => `pool2dOutputShape: ${text}`;
  result.push(
    ...entries(
      none<undefined>('pool2dOutputShape', () => ({ actual: pool2dOutputShape(X.shape, POOL_VALID), expected: reference.avgPool2d(X, POOL_VALID).shape })),
      [
        ['inputShape of the wrong rank', pshape([2, 6, 6]), RangeError, p('input shape must have rank 4 [N, C, H, W] (nchw), got [2, 6, 6] (rank 3)')],
        ['inputShape with a zero-size dimension', pshape([1, 0, 6, 6]), RangeError, p('input shape must hold positive integers [N, C, H, W] (nchw), got [1, 0, 6, 6]')],
        ['unknown option `kernelSize`', pshape(X.shape, { kernelSize: 2 }), TypeError, p(`unknown option \`kernelSize\`; did you mean \`windowDimensions\`? (expected one of: ${AVG_POOL_KEYS})`)],
        ["countIncludePad 'yes'", pshape(X.shape, { countIncludePad: 'yes' }), TypeError, p('countIncludePad must be true or false, got "yes"')],
        ['window larger than the padded input', pshape(X.shape, { windowDimensions: [2, 7] }), RangeError, p("output width would be 0: the padded input width 6 + 0 + 0 = 6 is smaller than the window's extent 7 (window 7, dilation 1); expected an output width of at least 1")],
      ],
    ),
  );
  return result;
}

// ---------------------------------------------------------------------------------------------
// im2col and col2im

function windowEntries(): CatalogueEntry[] {
  const WINDOW = { windowDimensions: 3, padding: 1 } as const;
  const FOLD = { ...WINDOW, inputShape: X.shape };
  const columnsShape = [36, 18]; // N·Hout·Wout = 1·6·6 rows, C·kH·kW = 2·3·3 columns
  const r = rng(77);
  const Y = randomTensor(columnsShape, r);

  // im2col(X) · Wᵀ is conv2d(X, W) (README): rows (n, oh, ow), columns (c, i, j).
  const im2colNext = (): Outcome => {
    const cols = im2col(X, WINDOW);
    const [rows, depth] = cols.shape as [number, number];
    const out = W.shape[0]!;
    const y = f32(out * rows);
    for (let m = 0; m < out; m++) {
      for (let row = 0; row < rows; row++) {
        let sum = 0;
        for (let k = 0; k < depth; k++) sum += cols.data[row * depth + k]! * W.data[m * depth + k]!;
        y[m * rows + row] = sum;
      }
    }
    return { actual: { data: y, shape: [1, out, 6, 6] }, expected: reference.conv2d(X, W, { padding: 1 }), magnitude: reference.conv2d(abs(X), abs(W), { padding: 1 }).data };
  };
  // col2im is im2col's adjoint: ⟨im2col(X), Y⟩ = ⟨X, col2im(Y)⟩.
  const col2imNext = (): Outcome => {
    const image = col2im(Y, FOLD);
    const cols = im2col(X, WINDOW);
    let lhs = 0;
    let rhs = 0;
    let magnitude = 0;
    for (let k = 0; k < cols.data.length; k++) {
      lhs += cols.data[k]! * Y.data[k]!;
      magnitude += Math.abs(cols.data[k]! * Y.data[k]!);
    }
    for (let k = 0; k < X.data.length; k++) rhs += X.data[k]! * image.data[k]!;
    return { actual: { data: Float32Array.of(rhs), shape: [1] }, expected: { data: Float32Array.of(lhs), shape: [1] }, magnitude: Float32Array.of(magnitude) };
  };

  const unfold = (input: unknown, options: unknown) => () => im2col(bad(input), bad(options));
  const fold = (columns: unknown, options: unknown) => () => col2im(bad(columns), bad(options));
  const i = (text: string) => `im2col: ${text}`;
  const c = (text: string) => `col2im: ${text}`;
  const IM2COL_KEYS = 'windowDimensions, strides, dilations, padding, inputLayout';
  const expectedColumns = (got: string) =>
    c(`columns shape must be [36, 18] (N·Hout·Wout = 1·6·6 rows, C·kH·kW = 2·3·3 columns) for inputShape [1, 2, 6, 6] (nchw), got ${got}`);
  const none = (fn: string, next: () => Outcome): Spec<undefined> => ({ fn, setup: () => undefined, next });
  return [
    ...entries(none('im2col', im2colNext), [
      ...tensorRows<undefined>('im2col', 'input', NCHW, X.shape, (_, t) => im2col(t, WINDOW)),
      ['options missing', unfold(X, undefined), TypeError, i(`windowDimensions is required: ${PAIR}`)],
      ['options is a number', unfold(X, 3), TypeError, i('options must be an object, got 3')],
      ['unknown option `kernel_size`', unfold(X, { kernel_size: 3 }), TypeError, i(`unknown option \`kernel_size\`; did you mean \`windowDimensions\`? (expected one of: ${IM2COL_KEYS})`)],
      ['inputShape (col2im only)', unfold(X, { ...WINDOW, inputShape: X.shape }), TypeError, i(`unknown option \`inputShape\` (expected one of: ${IM2COL_KEYS})`)],
      ['windowDimensions [3, 0]', unfold(X, { windowDimensions: [3, 0] }), RangeError, i(`windowDimensions must be ${PAIR}, got [3, 0]`)],
      ['strides 0', unfold(X, { ...WINDOW, strides: 0 }), RangeError, i(`strides must be ${PAIR}, got 0`)],
      ["padding 'same_upper'", unfold(X, { ...WINDOW, padding: 'same_upper' }), RangeError, i(`padding must be ${PADDING_2D}, got "same_upper"; did you mean 'same-upper'?`)],
      ["inputLayout 'NCHW'", unfold(X, { ...WINDOW, inputLayout: 'NCHW' }), RangeError, i(`inputLayout must be one of 'nchw', 'nhwc', got "NCHW"; did you mean 'nchw'?`)],
      ['window larger than the padded input', unfold(X, { windowDimensions: 7 }), RangeError, i("output height would be 0: the padded input height 6 + 0 + 0 = 6 is smaller than the window's extent 7 (window 7, dilation 1); expected an output height of at least 1")],
      ['columns past the element limit', unfold(ONE, { windowDimensions: 1, padding: 40_000 }), RangeError, i(`the columns of shape [6400160001, 1] would have 6400160001 elements, ${LIMIT}`)],
    ]),
    ...entries(none('col2im', col2imNext), [
      ['columns is null', fold(null, FOLD), TypeError, c('columns must be a tensor { data: Float32Array, shape }, got null')],
      ['columns.data is a Float64Array', fold({ data: new Float64Array(648), shape: columnsShape }, FOLD), TypeError, c('columns.data must be a Float32Array, got Float64Array(648); convert it once with Float32Array.from(columns.data) (or tensor(values, shape))')],
      ['columns.shape is a string', fold({ data: f32(648), shape: '36x18' }, FOLD), TypeError, expectedColumns('"36x18"')],
      ['columns of the transposed shape', fold(zeros([18, 36]), FOLD), RangeError, expectedColumns('[18, 36]')],
      ['columns of rank 3', fold(zeros([1, 36, 18]), FOLD), RangeError, expectedColumns('[1, 36, 18]')],
      ['columns.data one element short', fold({ data: f32(647), shape: columnsShape }, FOLD), RangeError, c('columns.data has 647 elements but shape [36, 18] needs 648')],
      ['inputShape missing', fold(Y, WINDOW), TypeError, c('inputShape is required: the shape of the image to rebuild, [N, C, H, W] (nchw) or [N, H, W, C] (nhwc)')],
      ['inputShape is a string', fold(Y, { ...WINDOW, inputShape: '1x2x6x6' }), TypeError, c('inputShape must be an array of 4 dimensions [N, C, H, W] (nchw), got "1x2x6x6"')],
      ['inputShape of the wrong rank', fold(Y, { ...WINDOW, inputShape: [2, 6, 6] }), RangeError, c('inputShape must have rank 4 [N, C, H, W] (nchw), got [2, 6, 6] (rank 3)')],
      ['inputShape with a zero-size dimension', fold(Y, { ...WINDOW, inputShape: [1, 2, 0, 6] }), RangeError, c('inputShape must hold positive integers [N, C, H, W] (nchw), got [1, 2, 0, 6]')],
      ['windowDimensions missing', fold(Y, { inputShape: X.shape }), TypeError, c(`windowDimensions is required: ${PAIR}`)],
      ['unknown option `layout`', fold(Y, { ...FOLD, layout: 'nchw' }), TypeError, c(`unknown option \`layout\`; did you mean \`inputLayout\`? (expected one of: ${IM2COL_KEYS}, inputShape)`)],
      ['window larger than the padded image', fold(Y, { windowDimensions: [3, 7], inputShape: X.shape }), RangeError, c("output width would be 0: the padded input width 6 + 0 + 0 = 6 is smaller than the window's extent 7 (window 7, dilation 1); expected an output width of at least 1")],
      // One window (stride 100000) of one cell: a 1×1 matrix, and an image of 10^10 cells to rebuild.
      ['image past the element limit', fold({ data: f32(1), shape: [1, 1] }, { windowDimensions: 1, strides: 100_000, inputShape: [1, 1, 100_000, 100_000] }), RangeError, c(`the image of shape [1, 1, 100000, 100000] would have 10000000000 elements, ${LIMIT}`)],
    ]),
  ];
}

// ---------------------------------------------------------------------------------------------
// Layouts, classic filters, edgeMagnitude

function transposeNchwToNhwc(x: Tensor): Tensor {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const out = f32(x.data.length);
  for (let b = 0; b < n; b++) for (let ch = 0; ch < c; ch++) for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) out[((b * h + i) * w + j) * c + ch] = x.data[((b * c + ch) * h + i) * w + j]!;
  return { data: out, shape: [n, h, w, c] };
}

function layoutEntries(): CatalogueEntry[] {
  const none = (fn: string, next: () => Outcome): Spec<undefined> => ({ fn, setup: () => undefined, next });
  const nhwcX = transposeNchwToNhwc(X);
  const LAYOUTS = "'oihw', 'hwio', 'ohwi', 'ihwo'";
  const convert = (filter: unknown, from: unknown, to: unknown) => () => convertFilterLayout(bad(filter), bad(from), bad(to));
  return [
    ...entries(none('nchwToNhwc', () => ({ actual: nchwToNhwc(X), expected: nhwcX })), tensorRows<undefined>('nchwToNhwc', 'input', '[N, C, H, W]', X.shape, (_, t) => nchwToNhwc(t))),
    ...entries(none('nhwcToNchw', () => ({ actual: nhwcToNchw(nhwcX), expected: X })), tensorRows<undefined>('nhwcToNchw', 'input', '[N, H, W, C]', nhwcX.shape, (_, t) => nhwcToNchw(t))),
    ...entries(
      // A conv with the converted filter in its layout is the conv with the original.
      none('convertFilterLayout', () => ({ actual: reference.conv2d(X, convertFilterLayout(W, 'oihw', 'hwio'), { filterLayout: 'hwio' }), expected: reference.conv2d(X, W) })),
      [
        ...tensorRows<undefined>('convertFilterLayout', 'filter', OIHW, W.shape, (_, t) => convertFilterLayout(t, 'oihw', 'hwio')),
        ['from missing', convert(W, undefined, 'hwio'), TypeError, `convertFilterLayout: from is required: one of ${LAYOUTS}`],
        ["from 'OIHW'", convert(W, 'OIHW', 'hwio'), RangeError, `convertFilterLayout: from must be one of ${LAYOUTS}, got "OIHW"; did you mean 'oihw'?`],
        ["to 'hwoi'", convert(W, 'oihw', 'hwoi'), RangeError, `convertFilterLayout: to must be one of ${LAYOUTS}, got "hwoi"`],
        ['to a number', convert(W, 'oihw', 4), TypeError, `convertFilterLayout: to must be one of ${LAYOUTS}, got 4`],
      ],
    ),
  ];
}

function filterEntries(): CatalogueEntry[] {
  const none = (fn: string, next: () => Outcome): Spec<undefined> => ({ fn, setup: () => undefined, next });
  const box = (n: unknown) => () => kernels.boxBlur(bad(n));
  const gauss = (n: unknown, sigma?: unknown) => () => kernels.gaussian(bad(n), bad(sigma));
  const sigmaOf = (n: unknown) => () => kernels.defaultGaussianSigma(bad(n));
  // The normalised Gaussian, in f64: g(i) ∝ exp(−(i − c)² / 2σ²), the 2-D filter their outer product.
  const gaussianByFormula = (n: number, sigma: number) => {
    const g = Array.from({ length: n }, (_, i) => Math.exp(-((i - (n - 1) / 2) ** 2) / (2 * sigma * sigma)));
    const total = g.reduce((a, b) => a + b, 0);
    return { data: Float32Array.from(g.flatMap((a) => g.map((b) => (a * b) / (total * total)))), shape: [1, 1, n, n] };
  };
  const gx = X;
  const gy = randomTensor(X.shape, rng(5));
  const magnitudeOf = () => ({ data: gx.data.map((a, k) => Math.hypot(a, gy.data[k]!)), shape: X.shape });
  const edge = (a: unknown, b: unknown) => () => edgeMagnitude(bad(a), bad(b));
  const e = (text: string) => `edgeMagnitude: ${text}`;
  return [
    ...entries(none('kernels.boxBlur', () => ({ actual: kernels.boxBlur(3), expected: { data: f32(9).fill(1 / 9), shape: [1, 1, 3, 3] } })), [
      ['n 0', box(0), RangeError, "boxBlur: n must be a positive integer (the kernel's side), got 0"],
      ['n 2.5', box(2.5), RangeError, "boxBlur: n must be a positive integer (the kernel's side), got 2.5"],
      ['n NaN', box(NaN), RangeError, "boxBlur: n must be a positive integer (the kernel's side), got NaN"],
      ['n a string', box('3'), TypeError, `boxBlur: n must be a positive integer (the kernel's side), got "3"`],
      ['n missing', box(undefined), TypeError, "boxBlur: n is required: a positive integer (the kernel's side)"],
      ['n² past the element limit', box(100_000), RangeError, `boxBlur: the filter of shape [1, 1, 100000, 100000] would have 10000000000 elements, ${LIMIT}`],
    ]),
    ...entries(
      none('kernels.gaussian', () => {
        const expected = gaussianByFormula(5, 1.3);
        return { actual: kernels.gaussian(5, 1.3), expected, magnitude: expected.data };
      }),
      [
        ['n -3', gauss(-3), RangeError, "gaussian: n must be a positive integer (the kernel's side), got -3"],
        ['n a string', gauss('5'), TypeError, `gaussian: n must be a positive integer (the kernel's side), got "5"`],
        ['n² past the element limit', gauss(40_000), RangeError, `gaussian: the filter of shape [1, 1, 40000, 40000] would have 1600000000 elements, ${LIMIT}`],
        ['sigma 0', gauss(5, 0), RangeError, 'gaussian: sigma must be a finite number > 0 (pixels), got 0'],
        ['sigma NaN', gauss(5, NaN), RangeError, 'gaussian: sigma must be a finite number > 0 (pixels), got NaN'],
        ['sigma Infinity', gauss(5, Infinity), RangeError, 'gaussian: sigma must be a finite number > 0 (pixels), got Infinity'],
        ['sigma null', gauss(5, null), TypeError, 'gaussian: sigma must be a finite number > 0 (pixels), got null'],
        ['sigma a string', gauss(5, '1'), TypeError, 'gaussian: sigma must be a finite number > 0 (pixels), got "1"'],
      ],
    ),
    ...entries(
      // OpenCV's formula, written out: 0.3 · ((n − 1) · 0.5 − 1) + 0.8.
      none('kernels.defaultGaussianSigma', () => ({ actual: kernels.defaultGaussianSigma(9), expected: 0.3 * ((9 - 1) * 0.5 - 1) + 0.8 })),
      [
        ['n -3', sigmaOf(-3), RangeError, "defaultGaussianSigma: n must be a positive integer (the kernel's side), got -3"],
        ['n 0', sigmaOf(0), RangeError, "defaultGaussianSigma: n must be a positive integer (the kernel's side), got 0"],
        ['n 2.5', sigmaOf(2.5), RangeError, "defaultGaussianSigma: n must be a positive integer (the kernel's side), got 2.5"],
        ['n a string', sigmaOf('5'), TypeError, `defaultGaussianSigma: n must be a positive integer (the kernel's side), got "5"`],
        ['n missing', sigmaOf(undefined), TypeError, "defaultGaussianSigma: n is required: a positive integer (the kernel's side)"],
      ],
    ),
    ...entries(none('edgeMagnitude', () => ({ actual: edgeMagnitude(gx, gy), expected: magnitudeOf(), magnitude: magnitudeOf().data })), [
      ['gx is null', edge(null, gy), TypeError, e('gx must be a tensor { data: Float32Array, shape }, got null')],
      ['gy.data is a Float64Array', edge(gx, { data: new Float64Array(72), shape: X.shape }), TypeError, e('gy.data must be a Float32Array, got Float64Array(72); convert it once with Float32Array.from(gy.data) (or tensor(values, shape))')],
      ['gx.shape is a string', edge({ data: f32(72), shape: '1x2x6x6' }, gy), TypeError, e('gx shape must be an array of positive integers, got "1x2x6x6"')],
      ['gy.shape is missing', edge(gx, { data: f32(72) }), TypeError, e('gy shape must be an array of positive integers, got undefined')],
      ['gy has a zero-size dimension', edge(gx, { data: f32(0), shape: [1, 0] }), RangeError, e('gy shape must hold positive integers, got [1, 0]')],
      ['gy.data one element short', edge(gx, { data: f32(71), shape: X.shape }), RangeError, e('gy.data has 71 elements but shape [1, 2, 6, 6] needs 72')],
      ['gx and gy of different shapes', edge(gx, zeros([2, 6, 6])), RangeError, e('gx and gy must have the same shape, got gx [1, 2, 6, 6] and gy [2, 6, 6]')],
    ]),
  ];
}

// ---------------------------------------------------------------------------------------------
// Image helpers: fromImage, toImage

function imageEntries(): CatalogueEntry[] {
  const none = (fn: string, next: () => Outcome): Spec<undefined> => ({ fn, setup: () => undefined, next });
  // A 2 × 2 RGBA image: red, green / blue, white; and its 'rgb' tensor at the default scale.
  const IMAGE = { data: Uint8ClampedArray.of(255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255), width: 2, height: 2 };
  const RGB: Tensor = { data: Float32Array.of(1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1), shape: [1, 3, 2, 2] };
  const from = (image: unknown, options?: unknown) => () => fromImage(bad(image), bad(options));
  const to = (input: unknown, options?: unknown) => () => toImage(bad(input), bad(options));
  const f = (text: string) => `fromImage: ${text}`;
  const t = (text: string) => `toImage: ${text}`;
  const IMAGE_EXPECTED = 'an ImageData or { data: Uint8ClampedArray, width, height } of RGBA bytes';
  const BYTES = 'must be a Uint8ClampedArray or Uint8Array of RGBA bytes';
  const SCALE = 'scale must be a finite number > 0 (what each byte is multiplied by)';
  const CHANNELS = "channels must be one of 'grey', 'rgb', 'rgba'";
  const NCHW = '[1, C, H, W] (nchw)';
  const NHWC = '[1, H, W, C] (nhwc)';
  const RANK = `rank 4 ${NCHW} or rank 2 [H, W]`;
  const COUNTS = '1 (grey), 3 (rgb) or 4 (rgba) channels';
  const RANGE = "range must be a pair [lo, hi] of finite numbers with lo ≠ hi, or 'auto'";
  const CONVERT = '; convert it once with Float32Array.from(input.data) (or tensor(values, shape))';
  const withDims = (shape: readonly number[]) => zeros(shape);
  return [
    ...entries(none('fromImage', () => ({ actual: fromImage(IMAGE), expected: RGB })), [
      ['image is null', from(null), TypeError, f(`image must be ${IMAGE_EXPECTED}, got null`)],
      ['image is a bare Uint8ClampedArray', from(IMAGE.data), TypeError, f(`image must be ${IMAGE_EXPECTED}, got Uint8ClampedArray(16); a bare array of bytes has no width and height: give { data, width, height }`)],
      ['image is a tensor', from(RGB), TypeError, f(`image.data ${BYTES}, got Float32Array(12)`)],
      ['image.data is a plain array', from({ data: [255, 0, 0, 255], width: 1, height: 1 }), TypeError, f(`image.data ${BYTES}, got [255, 0, 0, 255]`)],
      ['image.width is missing', from({ data: IMAGE.data, height: 2 }), TypeError, f('image.width must be a positive integer, got undefined')],
      ['image.width is 2.5', from({ ...IMAGE, width: 2.5 }), RangeError, f('image.width must be a positive integer, got 2.5')],
      ['image.height is 0', from({ ...IMAGE, height: 0 }), RangeError, f('image.height must be a positive integer, got 0')],
      ['image.height is a string', from({ ...IMAGE, height: '2' }), TypeError, f('image.height must be a positive integer, got "2"')],
      ['image.data one byte short', from({ ...IMAGE, data: IMAGE.data.subarray(1) }), RangeError, f('image.data has 15 bytes but width · height · 4 = 2 · 2 · 4 needs 16')],
      ['image.data of RGB bytes (3 per pixel)', from({ ...IMAGE, data: new Uint8Array(12) }), RangeError, f('image.data has 12 bytes but width · height · 4 = 2 · 2 · 4 needs 16')],
      ['options is a channels word', from(IMAGE, 'grey'), TypeError, f('options must be an object, got "grey"')],
      ['unknown option `layot`', from(IMAGE, { layot: 'nhwc' }), TypeError, f('unknown option `layot`; did you mean `layout`? (expected one of: layout, channels, scale)')],
      ['unknown option `range`', from(IMAGE, { range: [0, 1] }), TypeError, f('unknown option `range` (expected one of: layout, channels, scale)')],
      ["channels 'gray'", from(IMAGE, { channels: 'gray' }), RangeError, f(`${CHANNELS}, got "gray"; did you mean 'grey'?`)],
      ["channels 'RGB'", from(IMAGE, { channels: 'RGB' }), RangeError, f(`${CHANNELS}, got "RGB"; did you mean 'rgb'?`)],
      ["channels 'luma'", from(IMAGE, { channels: 'luma' }), RangeError, f(`${CHANNELS}, got "luma"`)],
      ['channels 3', from(IMAGE, { channels: 3 }), TypeError, f(`${CHANNELS}, got 3`)],
      ["layout 'NHWC'", from(IMAGE, { layout: 'NHWC' }), RangeError, f(`layout must be one of 'nchw', 'nhwc', got "NHWC"; did you mean 'nhwc'?`)],
      ["layout 'hwc'", from(IMAGE, { layout: 'hwc' }), RangeError, f(`layout must be one of 'nchw', 'nhwc', got "hwc"`)],
      ['scale 0', from(IMAGE, { scale: 0 }), RangeError, f(`${SCALE}, got 0`)],
      ['scale -1', from(IMAGE, { scale: -1 }), RangeError, f(`${SCALE}, got -1`)],
      ['scale NaN', from(IMAGE, { scale: NaN }), RangeError, f(`${SCALE}, got NaN`)],
      ['scale a string', from(IMAGE, { scale: '1/255' }), TypeError, f(`${SCALE}, got "1/255"`)],
    ]),
    ...entries(none('toImage', () => ({ actual: toImage(RGB), expected: { data: IMAGE.data, width: 2, height: 2, colorSpace: 'srgb' } })), [
      ['input is null', to(null), TypeError, t('input must be a tensor { data: Float32Array, shape }, got null')],
      ['input is a bare Float32Array', to(RGB.data), TypeError, t('input must be a tensor { data: Float32Array, shape }, got Float32Array(12); a bare array is not a tensor: give { data, shape }')],
      ['input is an image already', to(IMAGE), TypeError, t('input must be a tensor { data: Float32Array, shape }, got an image { data: Uint8ClampedArray(16), width, height }: it is an image already (fromImage makes a tensor of one)')],
      ['input.data is a Float64Array', to({ data: new Float64Array(12), shape: RGB.shape }), TypeError, t(`input.data must be a Float32Array, got Float64Array(12)${CONVERT}`)],
      ['input.shape is a string', to({ data: RGB.data, shape: '1x3x2x2' }), TypeError, t(`input shape must be an array of ${RANK}, got "1x3x2x2"`)],
      ['input of rank 3', to(withDims([3, 2, 2])), RangeError, t(`input shape must have ${RANK}, got [3, 2, 2] (rank 3)`)],
      ["input of rank 3, layout 'nhwc'", to(withDims([2, 2, 3]), { layout: 'nhwc' }), RangeError, t(`input shape must have rank 4 ${NHWC} or rank 2 [H, W], got [2, 2, 3] (rank 3)`)],
      ['input has a zero-size dimension', to(withDims([1, 3, 0, 2])), RangeError, t(`input shape must hold positive integers ${NCHW}, got [1, 3, 0, 2]`)],
      ['input [H, W] with a non-integer dimension', to({ data: f32(4), shape: [2, 1.5] }), RangeError, t('input shape must hold positive integers [H, W], got [2, 1.5]')],
      ['input of batch 2', to(withDims([2, 3, 2, 2])), RangeError, t(`input shape must have batch size 1 ${NCHW}, got [2, 3, 2, 2]; give one image at a time`)],
      ['input of 2 channels', to(withDims([1, 2, 2, 2])), RangeError, t(`input must have ${COUNTS} ${NCHW}, got 2 in shape [1, 2, 2, 2]`)],
      ['input NHWC given as nchw', to(withDims([1, 5, 4, 3])), RangeError, t(`input must have ${COUNTS} ${NCHW}, got 5 in shape [1, 5, 4, 3]; if the channels are last, give { layout: 'nhwc' }`)],
      ["input NCHW given as 'nhwc'", to(withDims([1, 3, 4, 5]), { layout: 'nhwc' }), RangeError, t(`input must have ${COUNTS} ${NHWC}, got 5 in shape [1, 3, 4, 5]; if the channels are first, give { layout: 'nchw' }`)],
      ['input.data one element short', to({ data: f32(11), shape: RGB.shape }), RangeError, t('input.data has 11 elements but shape [1, 3, 2, 2] needs 12')],
      ['options is a range', to(RGB, [0, 255]), TypeError, t('options must be an object, got [0, 255]')],
      ['unknown option `channels`', to(RGB, { channels: 'rgb' }), TypeError, t('unknown option `channels` (expected one of: layout, range)')],
      ['unknown option `rang`', to(RGB, { rang: 'auto' }), TypeError, t('unknown option `rang`; did you mean `range`? (expected one of: layout, range)')],
      ["layout 'NCHW'", to(RGB, { layout: 'NCHW' }), RangeError, t(`layout must be one of 'nchw', 'nhwc', got "NCHW"; did you mean 'nchw'?`)],
      ["range 'full'", to(RGB, { range: 'full' }), RangeError, t(`${RANGE}, got "full"`)],
      ['range 255', to(RGB, { range: 255 }), TypeError, t(`${RANGE}, got 255`)],
      ['range [0]', to(RGB, { range: [0] }), RangeError, t(`${RANGE}, got [0]`)],
      ['range [0, NaN]', to(RGB, { range: [0, NaN] }), RangeError, t(`${RANGE}, got [0, NaN]`)],
      ['range of strings', to(RGB, { range: ['0', '1'] }), RangeError, t(`${RANGE}, got ["0", "1"]`)],
      ['range [1, 1]', to(RGB, { range: [1, 1] }), RangeError, t(`${RANGE}, got [1, 1]`)],
    ]),
  ];
}

// ---------------------------------------------------------------------------------------------
// The element limit of the pure-JS kernels (src/shape/element-limit.ts): an output past 2^30
// elements, from tiny operands, is a RangeError before anything is allocated — in the reference
// and on the js engine, which runs it (the wasm engines' memory errors are listed above).

function elementLimitEntries(): CatalogueEntry[] {
  const JS: readonly Backend[] = ['js'];
  const one1: Tensor = { data: Float32Array.of(1), shape: [1, 1, 1] };
  const WIDE_CONV2D: Conv2dOptions = { padding: 40_000 }; // 80001 × 80001 outputs
  const WIDE_CONV1D: Conv1dOptions = { padding: 600_000_000 }; // 1200000001 outputs
  const WIDE_POOL: Pool2dOptions = { windowDimensions: 40_000, padding: 39_999 }; // 40000 × 40000 windows, each over the input cell
  const mistake = 'the output passes the element limit (2^30)';
  type Conv2dRun = (e: Engine, x: Tensor, w: Tensor, o: Conv2dOptions) => Tensor;
  type Conv1dRun = (e: Engine, x: Tensor, w: Tensor, o: Conv1dOptions) => Tensor;
  type PoolRun = (e: Engine, x: Tensor, o: Pool2dOptions) => Tensor;
  const conv2dSpec = (fn: string, run: Conv2dRun): Spec<Engine> => ({
    fn,
    setup: (e) => e,
    next: (e) => conv2dOutcome(run(e, X, W, CONV2D_VALID), X, W, CONV2D_VALID),
  });
  const conv1dSpec = (fn: string, run: Conv1dRun): Spec<Engine> => ({
    fn,
    setup: (e) => e,
    next: (e) => conv1dOutcome(run(e, X1, W1, CONV1D_VALID), X1, W1, CONV1D_VALID),
  });
  const poolSpec = (fn: string, kind: 'max' | 'avg', run: PoolRun): Spec<Engine> => ({
    fn,
    setup: (e) => e,
    next: (e) => poolOutcome(kind, run(e, X, POOL_VALID), X, POOL_VALID),
  });
  const row = (call: (e: Engine) => unknown, message: string, backends: readonly Backend[] | undefined): Row<Engine> =>
    backends === undefined ? [mistake, call, RangeError, message] : [mistake, call, RangeError, message, { backends }];
  const conv2dMessage = `conv2d: the output of shape [1, 1, 80001, 80001] would have 6400160001 elements, ${LIMIT}`;
  const conv1dMessage = `conv1d: the output of shape [1, 1, 1200000001] would have 1200000001 elements, ${LIMIT}`;
  const poolMessage = (name: string) => `${name}: the output of shape [1, 1, 40000, 40000] would have 1600000000 elements, ${LIMIT}`;
  const conv2ds: [string, Conv2dRun, readonly Backend[] | undefined][] = [
    ['reference.conv2d', (_, x, w, o) => reference.conv2d(x, w, o), undefined],
    ['conv2d', (_, x, w, o) => conv2d(x, w, o), JS],
    ['engine.conv2d', (e, x, w, o) => e.conv2d(x, w, o), JS],
  ];
  const conv1ds: [string, Conv1dRun, readonly Backend[] | undefined][] = [
    ['reference.conv1d', (_, x, w, o) => reference.conv1d(x, w, o), undefined],
    ['conv1d', (_, x, w, o) => conv1d(x, w, o), JS],
    ['engine.conv1d', (e, x, w, o) => e.conv1d(x, w, o), JS],
  ];
  const pools: [string, 'max' | 'avg', PoolRun, readonly Backend[] | undefined][] = [
    ['reference.maxPool2d', 'max', (_, x, o) => reference.maxPool2d(x, o), undefined],
    ['maxPool2d', 'max', (_, x, o) => maxPool2d(x, o), JS],
    ['engine.maxPool2d', 'max', (e, x, o) => e.maxPool2d(x, o), JS],
    ['reference.avgPool2d', 'avg', (_, x, o) => reference.avgPool2d(x, o), undefined],
    ['avgPool2d', 'avg', (_, x, o) => avgPool2d(x, o), JS],
    ['engine.avgPool2d', 'avg', (e, x, o) => e.avgPool2d(x, o), JS],
  ];
  return [
    ...conv2ds.flatMap(([fn, run, backends]) => entries(conv2dSpec(fn, run), [row((e) => run(e, ONE, ONE, WIDE_CONV2D), conv2dMessage, backends)])),
    ...conv1ds.flatMap(([fn, run, backends]) => entries(conv1dSpec(fn, run), [row((e) => run(e, one1, one1, WIDE_CONV1D), conv1dMessage, backends)])),
    ...pools.flatMap(([fn, kind, run, backends]) =>
      entries(poolSpec(fn, kind, run), [row((e) => run(e, ONE, WIDE_POOL), poolMessage(kind === 'max' ? 'maxPool2d' : 'avgPool2d'), backends)]),
    ),
  ];
}

// ---------------------------------------------------------------------------------------------
// int8: qlinearConv2d, qlinearConv1d, convInteger2d, convInteger1d (top-level, engine, reference),
// their layers, and quantizeLinear, dequantizeLinear, quantizationParams. The operands are
// 8-bit; the next valid convolution is compared exactly (integers) with the reference's.

const qrand = rng(20261206);
/** Random bytes of the given type under `shape` (an Int8Array wraps 128…255 to −128…−1). */
function randomBytes<T extends Uint8Array | Int8Array>(Type: new (length: number) => T, shape: readonly number[]): { data: T; shape: number[] } {
  const data = new Type(sizeOfShape(shape));
  for (let k = 0; k < data.length; k++) data[k] = Math.floor(qrand() * 256);
  return { data, shape: shape.slice() };
}
const QX = randomBytes(Uint8Array, [1, 2, 6, 6]); // uint8 input, NCHW
const QW = randomBytes(Int8Array, [3, 2, 3, 3]); // int8 filter, OIHW
const QX1 = randomBytes(Int8Array, [1, 2, 10]); // int8 input, NCW
const QW1 = randomBytes(Int8Array, [3, 2, 3]); // int8 filter, OIW
/** Per-channel scales and zero points, a bias and relu: most of QLinearConv's arithmetic. */
const QLINEAR2D_VALID: QLinearConv2dOptions = {
  padding: 1,
  inputScale: 0.02,
  inputZeroPoint: 128,
  filterScale: Float32Array.of(0.004, 0.005, 0.006),
  filterZeroPoint: Int8Array.of(0, 1, -2),
  outputScale: 0.06,
  outputZeroPoint: 128,
  bias: Int32Array.of(1000, -500, 250),
  activation: 'relu',
};
/** An int8 input, int8 output, a clamp. */
const QLINEAR1D_VALID: QLinearConv1dOptions = { padding: 1, inputScale: 0.05, inputZeroPoint: -3, filterScale: 0.004, outputScale: 0.1, outputZeroPoint: -5, activation: { type: 'clamp', min: -6, max: 6 } };
const CONV_INTEGER2D_VALID: ConvInteger2dOptions = { padding: 1, inputZeroPoint: 128, filterZeroPoint: [0, 1, -2] };
const CONV_INTEGER1D_VALID: ConvInteger1dOptions = { strides: 2, inputZeroPoint: -3, filterZeroPoint: 5 };
/** The least a QLinearConv needs: its three scales. */
const QS = { inputScale: 0.02, filterScale: 0.005, outputScale: 0.06 };
const QTENSOR = '{ data: Uint8Array | Int8Array, shape }';
const QLINEAR_KEYS = 'padding, strides, dilations, groups, inputLayout, filterLayout, inputZeroPoint, filterZeroPoint, inputScale, filterScale, outputScale, outputZeroPoint, bias, activation, outputType';
const CONV_INTEGER_KEYS = 'padding, strides, dilations, groups, inputLayout, filterLayout, inputZeroPoint, filterZeroPoint';
const Q_ACTIVATIONS = "one of 'relu', 'relu6' or { type: 'clamp', min, max } (applied in the quantized domain)";
const u8 = (n: number) => new Uint8Array(Math.max(0, n));
const i8 = (n: number) => new Int8Array(Math.max(0, n));
const qzeros = (shape: readonly number[]) => ({ data: u8(sizeOfShape(shape)), shape });
const i8zeros = (shape: readonly number[]) => ({ data: i8(sizeOfShape(shape)), shape });

let bigFilter: Int8Array | undefined;
/** 2^24 int8 weights (16 MiB) under the given shape: past MEMORY_LIMIT once packed. */
function BIG_Q(shape: readonly number[]): QuantizedTensor {
  bigFilter ??= new Int8Array(2 ** 24);
  return { data: bigFilter, shape };
}

/**
 * The mistakes a quantized tensor argument can carry (src/quant/tensor.ts, then the shape checks
 * every tensor gets): as tensorRows, with Uint8Array | Int8Array data.
 */
function quantizedTensorRows<S>(fn: string, name: string, dims: string, shape: readonly number[], call: (s: S, bad: never) => unknown): Row<S>[] {
  const size = sizeOfShape(shape);
  const rank = shape.length;
  const spelled = dims === '' ? '' : ` ${dims}`;
  const zeroDim = [...shape.slice(0, -1), 0];
  const negative = [...shape.slice(0, -1), -shape[rank - 1]!];
  const fractional = [...shape.slice(0, -1), shape[rank - 1]! + 0.5];
  return [
    [`${name} is null`, (s) => call(s, bad(null)), TypeError, `${fn}: ${name} must be a tensor ${QTENSOR}, got null`],
    [`${name} is a number`, (s) => call(s, bad(7)), TypeError, `${fn}: ${name} must be a tensor ${QTENSOR}, got 7`],
    [`${name} is a bare Uint8Array, not a tensor`, (s) => call(s, bad(u8(size))), TypeError, `${fn}: ${name} must be a tensor ${QTENSOR}, got Uint8Array(${size}); a bare array is not a tensor: give { data, shape }`],
    [`${name}.data is a Float32Array (not quantized)`, (s) => call(s, bad({ data: f32(size), shape })), TypeError, `${fn}: ${name}.data must be a Uint8Array or an Int8Array, got Float32Array(${size}); quantize it first: quantizeLinear(${name}, scale, zeroPoint)`],
    [`${name}.data is an Int16Array`, (s) => call(s, bad({ data: new Int16Array(size), shape })), TypeError, `${fn}: ${name}.data must be a Uint8Array or an Int8Array, got Int16Array(${size})`],
    [`${name}.data is a plain array`, (s) => call(s, bad({ data: [1, 2, 3], shape })), TypeError, `${fn}: ${name}.data must be a Uint8Array or an Int8Array, got [1, 2, 3]`],
    [`${name}.shape is a string`, (s) => call(s, bad({ data: u8(size), shape: shape.join('x') })), TypeError, `${fn}: ${name} shape must be an array of ${rank} dimensions${spelled}, got "${shape.join('x')}"`],
    [`${name} has the wrong rank`, (s) => call(s, bad({ data: u8(sizeOfShape(shape.slice(1))), shape: shape.slice(1) })), RangeError, `${fn}: ${name} shape must have rank ${rank}${spelled}, got ${list(shape.slice(1))} (rank ${rank - 1})`],
    [`${name} has a zero-size dimension`, (s) => call(s, bad({ data: u8(0), shape: zeroDim })), RangeError, `${fn}: ${name} shape must hold positive integers${spelled}, got ${list(zeroDim)}`],
    [`${name} has a negative dimension`, (s) => call(s, bad({ data: u8(size), shape: negative })), RangeError, `${fn}: ${name} shape must hold positive integers${spelled}, got ${list(negative)}`],
    [`${name} has a non-integer dimension`, (s) => call(s, bad({ data: u8(size), shape: fractional })), RangeError, `${fn}: ${name} shape must hold positive integers${spelled}, got ${list(fractional)}`],
    [`${name}.data is one element short of the shape`, (s) => call(s, bad({ data: u8(size - 1), shape })), RangeError, `${fn}: ${name}.data has ${size - 1} elements but shape ${list(shape)} needs ${size}`],
  ];
}

/** The option mistakes of qlinearConv2d on QX and QW (valid: QS), as [mistake, call, error, message]. */
function qlinearMistakes(fn: string): (readonly [string, ConvCall, ErrorClass, Expected])[] {
  const m = (text: string) => `${fn}: ${text}`;
  const o = (options: unknown): ConvCall => ({ options });
  const q = (extra: Record<string, unknown>): ConvCall => ({ options: { ...QS, ...extra } });
  const without = (key: keyof typeof QS): ConvCall => {
    const { [key]: _, ...rest } = QS;
    return { options: rest };
  };
  return [
    ['options missing', o(undefined), TypeError, m('options are required: inputScale, filterScale and outputScale at least')],
    ['options is a string', o('same'), TypeError, m('options must be an object, got "same"')],
    ['options {} (no scales)', o({}), TypeError, m('inputScale is required: a positive finite number, got undefined')],
    ['inputScale missing', without('inputScale'), TypeError, m('inputScale is required: a positive finite number, got undefined')],
    ['filterScale missing', without('filterScale'), TypeError, m('filterScale is required: a positive finite number, got undefined')],
    ['outputScale missing', without('outputScale'), TypeError, m('outputScale is required: a positive finite number, got undefined')],
    ['inputScale a string', q({ inputScale: '0.02' }), TypeError, m('inputScale must be a positive finite number, got "0.02"')],
    ['outputScale null', q({ outputScale: null }), TypeError, m('outputScale must be a positive finite number, got null')],
    ['inputScale 0', q({ inputScale: 0 }), RangeError, m('inputScale must be a positive finite number, got 0')],
    ['inputScale negative', q({ inputScale: -1 }), RangeError, m('inputScale must be a positive finite number, got -1')],
    ['inputScale NaN', q({ inputScale: NaN }), RangeError, m('inputScale must be a positive finite number, got NaN')],
    ['inputScale Infinity', q({ inputScale: Infinity }), RangeError, m('inputScale must be a positive finite number, got Infinity')],
    ['outputScale 0', q({ outputScale: 0 }), RangeError, m('outputScale must be a positive finite number, got 0')],
    ['filterScale 0', q({ filterScale: 0 }), RangeError, m('filterScale must be a positive finite number, got 0')],
    ['filterScale a Float32Array of the wrong length', q({ filterScale: Float32Array.of(0.1, 0.1) }), RangeError, m('filterScale has 2 values but the filter has 3 output channels')],
    ['filterScale per channel with a zero', q({ filterScale: Float32Array.of(0.1, 0, 0.1) }), RangeError, m('filterScale[1] must be a positive finite number, got 0')],
    ['filterScale a plain array', q({ filterScale: [0.1, 0.1, 0.1] }), TypeError, m('filterScale must be a positive number or a Float32Array of 3 (one per output channel), got [0.1, 0.1, 0.1]')],
    ['filterScale a Float64Array', q({ filterScale: new Float64Array(3).fill(0.1) }), TypeError, m('filterScale must be a positive number or a Float32Array of 3 (one per output channel), got Float64Array(3)')],
    ['scales whose ratio overflows f32', q({ inputScale: 1e30, filterScale: 1e30, outputScale: 1e-30 }), RangeError, m('inputScale · filterScale / outputScale overflows f32 for output channel 0 (1e+30 · 1e+30 / 1e-30)')],
    ['inputZeroPoint out of uint8’s range', q({ inputZeroPoint: 300 }), RangeError, m('inputZeroPoint must be an integer in [0, 255] (uint8), got 300')],
    ['inputZeroPoint negative for a uint8 input', q({ inputZeroPoint: -1 }), RangeError, m('inputZeroPoint must be an integer in [0, 255] (uint8), got -1')],
    ['inputZeroPoint not an integer', q({ inputZeroPoint: 1.5 }), RangeError, m('inputZeroPoint must be an integer in [0, 255] (uint8), got 1.5')],
    ['inputZeroPoint a string', q({ inputZeroPoint: '128' }), TypeError, m('inputZeroPoint must be an integer in [0, 255] (uint8), got "128"')],
    ['inputZeroPoint 128 for an int8 input', { input: i8zeros(QX.shape), options: { ...QS, inputZeroPoint: 128 } }, RangeError, m('inputZeroPoint must be an integer in [-128, 127] (int8), got 128')],
    ['outputZeroPoint out of uint8’s range', q({ outputZeroPoint: 256 }), RangeError, m('outputZeroPoint must be an integer in [0, 255] (uint8), got 256')],
    ["outputZeroPoint out of range for outputType 'int8'", q({ outputZeroPoint: 200, outputType: 'int8' }), RangeError, m('outputZeroPoint must be an integer in [-128, 127] (int8), got 200')],
    ['outputZeroPoint NaN', q({ outputZeroPoint: NaN }), RangeError, m('outputZeroPoint must be an integer in [0, 255] (uint8), got NaN')],
    ['filterZeroPoint out of int8’s range', q({ filterZeroPoint: 128 }), RangeError, m('filterZeroPoint must be an integer in [-128, 127] (int8), got 128')],
    ['filterZeroPoint not an integer', q({ filterZeroPoint: 0.5 }), RangeError, m('filterZeroPoint must be an integer in [-128, 127] (int8), got 0.5')],
    ['filterZeroPoint per channel, one value short', q({ filterZeroPoint: [0, 0] }), RangeError, m('filterZeroPoint has 2 values but the filter has 3 output channels')],
    ['filterZeroPoint an Int32Array of the wrong length', q({ filterZeroPoint: new Int32Array(4) }), RangeError, m('filterZeroPoint has 4 values but the filter has 3 output channels')],
    ['filterZeroPoint per channel, one out of range', q({ filterZeroPoint: [0, 200, 0] }), RangeError, m('filterZeroPoint[1] must be an integer in [-128, 127] (int8), got 200')],
    ['filterZeroPoint per channel, one a string', q({ filterZeroPoint: [0, '1', 0] }), TypeError, m('filterZeroPoint[1] must be an integer in [-128, 127] (int8), got "1"')],
    ['filterZeroPoint a Float32Array', q({ filterZeroPoint: f32(3) }), TypeError, m('filterZeroPoint must be an integer or an array of 3 integers (one per output channel), got Float32Array(3)')],
    ['filterZeroPoint a string', q({ filterZeroPoint: '0' }), TypeError, m('filterZeroPoint must be an integer or an array of 3 integers (one per output channel), got "0"')],
    ['bias a Float32Array (not quantized)', q({ bias: f32(3) }), TypeError, m('bias must be an Int32Array of length 3, got Float32Array(3); quantize it at scale inputScale · filterScale with zero point 0')],
    ['bias a plain array', q({ bias: [1, 2, 3] }), TypeError, m('bias must be an Int32Array of length 3, got [1, 2, 3]')],
    ['bias null', q({ bias: null }), TypeError, m('bias must be an Int32Array of length 3, got null')],
    ['bias one value short', q({ bias: new Int32Array(2) }), RangeError, m('bias has 2 values but the filter has 3 output channels')],
    ['unknown option `outputZeroPiont`', q({ outputZeroPiont: 1 }), TypeError, m(`unknown option \`outputZeroPiont\`; did you mean \`outputZeroPoint\`? (expected one of: ${QLINEAR_KEYS})`)],
    ['unknown option `stride` (PyTorch)', q({ stride: 2 }), TypeError, m(`unknown option \`stride\`; did you mean \`strides\`? (expected one of: ${QLINEAR_KEYS})`)],
    ['unknown option `x_scale` (ONNX)', q({ x_scale: 0.02 }), TypeError, m(`unknown option \`x_scale\`; did you mean \`inputScale\`? (expected one of: ${QLINEAR_KEYS})`)],
    ['unknown option `w_zero_point` (ONNX)', q({ w_zero_point: 0 }), TypeError, m(`unknown option \`w_zero_point\`; did you mean \`filterZeroPoint\`? (expected one of: ${QLINEAR_KEYS})`)],
    ['unknown option `y_zero_point` (ONNX)', q({ y_zero_point: 128 }), TypeError, m(`unknown option \`y_zero_point\`; did you mean \`outputZeroPoint\`? (expected one of: ${QLINEAR_KEYS})`)],
    ['unknown option `B` (ONNX)', q({ B: new Int32Array(3) }), TypeError, m(`unknown option \`B\`; did you mean \`bias\`? (expected one of: ${QLINEAR_KEYS})`)],
    ['unknown option `algorithm` (conv2d only)', q({ algorithm: 'direct' }), TypeError, m(`unknown option \`algorithm\` (expected one of: ${QLINEAR_KEYS})`)],
    ['unknown option `paddingMode` (conv2d only)', q({ paddingMode: 'reflect' }), TypeError, m(`unknown option \`paddingMode\` (expected one of: ${QLINEAR_KEYS})`)],
    ["activation 'sigmoid' (float only)", q({ activation: 'sigmoid' }), RangeError, m(`activation must be ${Q_ACTIVATIONS}, got "sigmoid"; sigmoid is not supported in the quantized domain (conv2d applies it to float data)`)],
    ["activation 'RELU'", q({ activation: 'RELU' }), RangeError, m(`activation must be ${Q_ACTIVATIONS}, got "RELU"; did you mean 'relu'?`)],
    ["activation 'clamp' as a word (it takes an object)", q({ activation: 'clamp' }), RangeError, m(`activation must be ${Q_ACTIVATIONS}, got "clamp"; clamp takes its bounds: { type: 'clamp', min, max }`)],
    ["activation 'swish'", q({ activation: 'swish' }), RangeError, m(`activation must be ${Q_ACTIVATIONS}, got "swish"; swish is not supported in the quantized domain (conv2d applies it to float data)`)],
    ['activation a number', q({ activation: 1 }), TypeError, m(`activation must be ${Q_ACTIVATIONS}, got 1`)],
    ['activation an array', q({ activation: ['relu'] }), TypeError, m(`activation must be ${Q_ACTIVATIONS}, got ["relu"]`)],
    ["activation { type: 'leakyRelu' } (float only)", q({ activation: { type: 'leakyRelu', alpha: 0.1 } }), RangeError, m(`activation must be ${Q_ACTIVATIONS}, got { type: "leakyRelu" }; leakyRelu is not supported in the quantized domain (conv2d applies it to float data)`)],
    ["activation { type: 'Relu6' }", q({ activation: { type: 'Relu6' } }), RangeError, m(`activation must be ${Q_ACTIVATIONS}, got { type: "Relu6" }; did you mean 'relu6'?`)],
    ['activation {} (no type)', q({ activation: {} }), RangeError, m(`activation must be ${Q_ACTIVATIONS}, got { type: undefined }`)],
    ['clamp with min > max', q({ activation: { type: 'clamp', min: 2, max: 1 } }), RangeError, m('clamp activation needs numbers min ≤ max, got min 2, max 1')],
    ['clamp with a NaN bound', q({ activation: { type: 'clamp', min: NaN } }), RangeError, m('clamp activation needs numbers min ≤ max, got min NaN, max Infinity')],
    ['clamp with a string bound', q({ activation: { type: 'clamp', max: '6' } }), TypeError, m('clamp activation needs numbers min ≤ max, got min -Infinity, max "6"')],
    ['clamp with an unknown key', q({ activation: { type: 'clamp', minimum: 0 } }), TypeError, m('activation: unknown option `minimum` (expected one of: type, min, max)')],
    ['clamp with a misspelt `mx`', q({ activation: { type: 'clamp', mx: 6 } }), TypeError, m('activation: unknown option `mx`; did you mean `max`? (expected one of: type, min, max)')],
    ['relu with a parameter', q({ activation: { type: 'relu', alpha: 0 } }), TypeError, m('activation: unknown option `alpha` (expected one of: type)')],
    ["outputType 'float32'", q({ outputType: 'float32' }), RangeError, m(`outputType must be one of 'uint8', 'int8', got "float32"`)],
    ["outputType 'UINT8'", q({ outputType: 'UINT8' }), RangeError, m(`outputType must be one of 'uint8', 'int8', got "UINT8"; did you mean 'uint8'?`)],
    ['outputType a number', q({ outputType: 8 }), TypeError, m(`outputType must be one of 'uint8', 'int8', got 8`)],
    // The geometry is conv2d's, under the function's own name.
    ['input channels ≠ filter channels', { filter: i8zeros([3, 3, 3, 3]), options: QS }, RangeError, m('input has 2 channels but filter expects 3 (3 per group × groups=1)')],
    ['a depthwise filter without groups', { filter: i8zeros([2, 1, 3, 3]), options: QS }, RangeError, m('input has 2 channels but filter expects 1 (1 per group × groups=1); for a depthwise convolution set groups: 2')],
    ['groups does not divide the input channels', { filter: i8zeros([3, 1, 3, 3]), options: { ...QS, groups: 3 } }, RangeError, m('input channels (2) must be divisible by groups (3)')],
    ['groups does not divide the output channels', { input: qzeros([1, 4, 6, 6]), options: { ...QS, groups: 2 } }, RangeError, m("output channels (3, the filter's O axis) must be divisible by groups (2)")],
    ['groups 0', q({ groups: 0 }), RangeError, m('groups must be a positive integer, got 0')],
    ['strides 0', q({ strides: 0 }), RangeError, m(`strides must be ${PAIR}, got 0`)],
    ['dilations [1, 0]', q({ dilations: [1, 0] }), RangeError, m(`dilations must be ${PAIR}, got [1, 0]`)],
    ["padding 'SAME'", q({ padding: 'SAME' }), RangeError, m(`padding must be ${PADDING_2D}, got "SAME"; did you mean 'same'?`)],
    ["inputLayout 'NCHW'", q({ inputLayout: 'NCHW' }), RangeError, m(`inputLayout must be one of 'nchw', 'nhwc', got "NCHW"; did you mean 'nchw'?`)],
    ["filterLayout 'iohw'", q({ filterLayout: 'iohw' }), RangeError, m(`filterLayout must be one of 'oihw', 'hwio', 'ohwi', 'ihwo', got "iohw"`)],
    ['NHWC data without inputLayout', { input: qzeros([1, 6, 6, 2]), options: QS }, RangeError, m("input has 6 channels but filter expects 2 (2 per group × groups=1); as 'nhwc' the input would have 2: set inputLayout: 'nhwc' if that is its layout")],
    ['kernel taller than the padded input', { filter: i8zeros([3, 2, 7, 3]), options: QS }, RangeError, m("output height would be 0: the padded input height 6 + 0 + 0 = 6 is smaller than the kernel's extent 7 (kernel 7, dilation 1); expected an output height of at least 1")],
    ['dilated kernel wider than the padded input', q({ dilations: [1, 3] }), RangeError, m("output width would be 0: the padded input width 6 + 0 + 0 = 6 is smaller than the kernel's extent 7 (kernel 3, dilation 3); expected an output width of at least 1")],
  ];
}

/** The option mistakes of convInteger2d on QX and QW (valid: no options). */
function convIntegerMistakes(fn: string): (readonly [string, ConvCall, ErrorClass, Expected])[] {
  const m = (text: string) => `${fn}: ${text}`;
  const o = (options: unknown): ConvCall => ({ options });
  return [
    ['options is a string', o('same'), TypeError, m('options must be an object, got "same"')],
    ['inputScale (QLinearConv’s)', o({ inputScale: 0.02 }), TypeError, m(`unknown option \`inputScale\` (expected one of: ${CONV_INTEGER_KEYS})`)],
    ['bias (QLinearConv’s)', o({ bias: new Int32Array(3) }), TypeError, m(`unknown option \`bias\` (expected one of: ${CONV_INTEGER_KEYS})`)],
    ['activation (QLinearConv’s)', o({ activation: 'relu' }), TypeError, m(`unknown option \`activation\` (expected one of: ${CONV_INTEGER_KEYS})`)],
    ['unknown option `stride` (PyTorch)', o({ stride: 2 }), TypeError, m(`unknown option \`stride\`; did you mean \`strides\`? (expected one of: ${CONV_INTEGER_KEYS})`)],
    ['unknown option `x_zero_point` (ONNX)', o({ x_zero_point: 128 }), TypeError, m(`unknown option \`x_zero_point\`; did you mean \`inputZeroPoint\`? (expected one of: ${CONV_INTEGER_KEYS})`)],
    ['inputZeroPoint out of uint8’s range', o({ inputZeroPoint: 300 }), RangeError, m('inputZeroPoint must be an integer in [0, 255] (uint8), got 300')],
    ['filterZeroPoint out of int8’s range', o({ filterZeroPoint: -129 }), RangeError, m('filterZeroPoint must be an integer in [-128, 127] (int8), got -129')],
    ['filterZeroPoint per channel, one value short', o({ filterZeroPoint: [0, 0] }), RangeError, m('filterZeroPoint has 2 values but the filter has 3 output channels')],
    ['input channels ≠ filter channels', { filter: i8zeros([3, 3, 3, 3]) }, RangeError, m('input has 2 channels but filter expects 3 (3 per group × groups=1)')],
    ['groups does not divide the input channels', { filter: i8zeros([3, 1, 3, 3]), options: { groups: 3 } }, RangeError, m('input channels (2) must be divisible by groups (3)')],
    ['kernel taller than the padded input', { filter: i8zeros([3, 2, 7, 3]) }, RangeError, m("output height would be 0: the padded input height 6 + 0 + 0 = 6 is smaller than the kernel's extent 7 (kernel 7, dilation 1); expected an output height of at least 1")],
    ['strides 0', o({ strides: 0 }), RangeError, m(`strides must be ${PAIR}, got 0`)],
  ];
}

type QRun = (engine: Engine, input: never, filter: never, options: never, output?: never) => unknown;

/** The next valid call of a quantized convolution: equal, element for element, to the reference's. */
const qOutcome = (actual: unknown, expected: unknown): Outcome => ({ actual, expected });

/** The entries of one calling surface of qlinearConv2d or convInteger2d. */
function quantized2dFamily(kind: 'qlinearConv2d' | 'convInteger2d', fn: string, run: QRun, withEngine: boolean): CatalogueEntry[] {
  const qlinear = kind === 'qlinearConv2d';
  const valid = qlinear ? QLINEAR2D_VALID : CONV_INTEGER2D_VALID;
  const spec: Spec<Engine> = {
    fn,
    setup: (engine) => engine,
    next: (engine) => qOutcome(run(engine, bad(QX), bad(QW), bad(valid)), qlinear ? reference.qlinearConv2d(QX, QW, QLINEAR2D_VALID) : reference.convInteger2d(QX, QW, CONV_INTEGER2D_VALID)),
  };
  const fallback = qlinear ? QS : {};
  const call = (engine: Engine, c: ConvCall, output?: unknown) => run(engine, bad(pick(c, 'input', QX)), bad(pick(c, 'filter', QW)), bad(pick(c, 'options', fallback)), bad(output));
  const into = (engine: Engine, output: unknown, options: unknown = fallback) => call(engine, { options }, output);
  const mistakes = qlinear ? qlinearMistakes(kind) : convIntegerMistakes(kind);
  const rows: Row<Engine>[] = [
    ...quantizedTensorRows<Engine>(kind, 'input', NCHW, QX.shape, (e, t) => call(e, { input: t })),
    ...quantizedTensorRows<Engine>(kind, 'filter', OIHW, QW.shape, (e, t) => call(e, { filter: t })),
    ...mistakes.map(([mistake, c, error, message]): Row<Engine> => [mistake, (e) => call(e, c), error, message]),
    [
      'the output passes the element limit (2^30)',
      (e) => call(e, { input: qzeros([1, 1, 1, 1]), filter: i8zeros([1, 1, 1, 1]), options: { ...fallback, padding: 20_000 } }),
      RangeError,
      `${kind}: the output of shape [1, 1, 40001, 40001] would have 1600080001 elements, ${LIMIT}`,
      // The js engine and the reference check it; the wasm engines stop at maxMemoryBytes first (below).
      withEngine ? { backends: ['js'] } : {},
    ],
  ];
  if (withEngine) {
    const m = (text: string) => `${kind}: ${text}`;
    rows.push(
      // An engine tensor holds float32 values.
      ['input is an engine tensor (float32)', (e) => { const t = e.tensor(QX.shape); try { return call(e, { input: t }); } finally { t.dispose(); } }, TypeError, m('input.data must be a Uint8Array or an Int8Array, got Float32Array(72); quantize it first: quantizeLinear(input, scale, zeroPoint)')],
      // A 6001² output: 36 MB of bytes (the NCHW 1-channel kernel needs no padded copy, so a 4001²
      // one, 16 MB, fits the test engines' 16 MiB once the copy is gone).
      ['the call needs more memory than maxMemoryBytes', (e) => call(e, { input: qzeros([1, 1, 1, 1]), filter: i8zeros([1, 1, 1, 1]), options: { ...fallback, padding: 3000 } }), RangeError, overLimit(kind), { backends: WASM }],
      // The operands are checked before the filter is packed: the same error on every backend.
      ['input is null, the filter past maxMemoryBytes once packed', (e) => call(e, { input: null, filter: BIG_Q([4096, 2, 64, 32]) }), TypeError, m(`input must be a tensor ${QTENSOR}, got null`)],
      ['output of the wrong shape, the filter past maxMemoryBytes once packed', (e) => call(e, { input: qzeros([1, 2, 64, 32]), filter: BIG_Q([4096, 2, 64, 32]) }, { data: qlinear ? u8(4096) : new Int32Array(4096), shape: [1, 4096, 1, 2] }), RangeError, m('output must have shape [1, 4096, 1, 1] for an input of shape [1, 2, 64, 32], got [1, 4096, 1, 2]')],
      ['output has the wrong shape', (e) => into(e, { data: qlinear ? u8(108) : new Int32Array(108), shape: [1, 3, 6, 6] }), RangeError, m('output must have shape [1, 3, 4, 4] for an input of shape [1, 2, 6, 6], got [1, 3, 6, 6]')],
      ['output.data one element short', (e) => into(e, { data: qlinear ? u8(47) : new Int32Array(47), shape: [1, 3, 4, 4] }), RangeError, m('output.data has 47 elements but shape [1, 3, 4, 4] needs 48')],
    );
    if (qlinear) {
      rows.push(
        ['output is null', (e) => into(e, null), TypeError, m('output must be a tensor { data: Uint8Array, shape }, got null')],
        ['output is a bare Uint8Array', (e) => into(e, u8(48)), TypeError, m('output must be a tensor { data: Uint8Array, shape }, got Uint8Array(48); a bare array is not a tensor: give { data, shape }')],
        ['output.data an Int8Array for a uint8 output', (e) => into(e, { data: i8(48), shape: [1, 3, 4, 4] }), TypeError, m('output.data must be a Uint8Array (the output type is uint8), got Int8Array(48)')],
        ['output.data a Float32Array', (e) => into(e, { data: f32(48), shape: [1, 3, 4, 4] }), TypeError, m('output.data must be a Uint8Array (the output type is uint8), got Float32Array(48)')],
        ["output.data a Uint8ClampedArray for outputType 'int8'", (e) => into(e, { data: new Uint8ClampedArray(48), shape: [1, 3, 4, 4] }, { ...QS, outputType: 'int8' }), TypeError, m('output.data must be an Int8Array (the output type is int8), got Uint8ClampedArray(48)')],
        ["output.data a Uint8Array for outputType 'int8'", (e) => into(e, { data: u8(48), shape: [1, 3, 4, 4] }, { ...QS, outputType: 'int8' }), TypeError, m('output.data must be an Int8Array (the output type is int8), got Uint8Array(48)')],
      );
    } else {
      rows.push(
        ['output.data a Uint8Array (the output is int32)', (e) => into(e, { data: u8(48), shape: [1, 3, 4, 4] }), TypeError, m('output.data must be an Int32Array (the output type is int32), got Uint8Array(48)')],
        ['output.data a Float32Array', (e) => into(e, { data: f32(48), shape: [1, 3, 4, 4] }), TypeError, m('output.data must be an Int32Array (the output type is int32), got Float32Array(48)')],
      );
    }
  }
  return entries(spec, rows);
}

/** The entries of one calling surface of qlinearConv1d or convInteger1d. */
function quantized1dFamily(kind: 'qlinearConv1d' | 'convInteger1d', fn: string, run: QRun): CatalogueEntry[] {
  const qlinear = kind === 'qlinearConv1d';
  const spec: Spec<Engine> = {
    fn,
    setup: (engine) => engine,
    next: (engine) =>
      qlinear
        ? qOutcome(run(engine, bad(QX1), bad(QW1), bad(QLINEAR1D_VALID)), reference.qlinearConv1d(QX1, QW1, QLINEAR1D_VALID))
        : qOutcome(run(engine, bad(QX1), bad(QW1), bad(CONV_INTEGER1D_VALID)), reference.convInteger1d(QX1, QW1, CONV_INTEGER1D_VALID)),
  };
  const fallback = qlinear ? QS : {};
  const call = (e: Engine, input: unknown, filter: unknown, options: unknown = fallback) => run(e, bad(input), bad(filter), bad(options));
  const noOptions = (e: Engine) => run(e, bad(QX1), bad(QW1), bad(undefined));
  const m = (text: string) => `${kind}: ${text}`;
  const keys = qlinear ? QLINEAR_KEYS : CONV_INTEGER_KEYS;
  const rows: Row<Engine>[] = [
    ...quantizedTensorRows<Engine>(kind, 'input', NCW, QX1.shape, (e, t) => call(e, t, QW1)),
    ...quantizedTensorRows<Engine>(kind, 'filter', OIW, QW1.shape, (e, t) => call(e, QX1, t)),
    ['a 2-D input', (e) => call(e, QX, QW1), RangeError, m('input shape must have rank 3 [N, C, W] (ncw), got [1, 2, 6, 6] (rank 4)')],
    ['a 2-D filter', (e) => call(e, QX1, QW), RangeError, m('filter shape must have rank 3 [O, I, W] (oiw), got [3, 2, 3, 3] (rank 4)')],
    ["inputLayout 'nchw' (a 2-D layout)", (e) => call(e, QX1, QW1, { ...fallback, inputLayout: 'nchw' }), RangeError, m(`inputLayout must be one of 'ncw', 'nwc', got "nchw"`)],
    ['strides of two entries', (e) => call(e, QX1, QW1, { ...fallback, strides: [1, 1] }), RangeError, m('strides must be a positive integer or [length], got [1, 1]')],
    ['kernel longer than the padded input', (e) => call(e, QX1, i8zeros([3, 2, 11])), RangeError, m("output length would be 0: the padded input length 10 + 0 + 0 = 10 is smaller than the kernel's extent 11 (kernel 11, dilation 1); expected an output length of at least 1")],
    ['input channels ≠ filter channels', (e) => call(e, QX1, i8zeros([3, 3, 3])), RangeError, m('input has 2 channels but filter expects 3 (3 per group × groups=1)')],
    ['filterZeroPoint per channel, one value short', (e) => call(e, QX1, QW1, { ...fallback, filterZeroPoint: [1, 2] }), RangeError, m('filterZeroPoint has 2 values but the filter has 3 output channels')],
    ['inputZeroPoint 128 for an int8 input', (e) => call(e, QX1, QW1, { ...fallback, inputZeroPoint: 128 }), RangeError, m('inputZeroPoint must be an integer in [-128, 127] (int8), got 128')],
    ['unknown option `dilation`', (e) => call(e, QX1, QW1, { ...fallback, dilation: 2 }), TypeError, m(`unknown option \`dilation\`; did you mean \`dilations\`? (expected one of: ${keys})`)],
  ];
  if (qlinear) {
    rows.push(
      ['options missing', noOptions, TypeError, m('options are required: inputScale, filterScale and outputScale at least')],
      ['outputScale missing', (e) => call(e, QX1, QW1, { inputScale: 0.05, filterScale: 0.004 }), TypeError, m('outputScale is required: a positive finite number, got undefined')],
      ['filterScale a Float32Array of the wrong length', (e) => call(e, QX1, QW1, { ...QS, filterScale: Float32Array.of(1, 1) }), RangeError, m('filterScale has 2 values but the filter has 3 output channels')],
      ['bias a Float32Array (not quantized)', (e) => call(e, QX1, QW1, { ...QS, bias: f32(3) }), TypeError, m('bias must be an Int32Array of length 3, got Float32Array(3); quantize it at scale inputScale · filterScale with zero point 0')],
      ["outputZeroPoint out of int8's range (an int8 input's output is int8)", (e) => call(e, QX1, QW1, { ...QS, outputZeroPoint: 128 }), RangeError, m('outputZeroPoint must be an integer in [-128, 127] (int8), got 128')],
    );
  } else {
    rows.push(['inputScale (QLinearConv’s)', (e) => call(e, QX1, QW1, { inputScale: 0.05 }), TypeError, m(`unknown option \`inputScale\` (expected one of: ${CONV_INTEGER_KEYS})`)]);
  }
  return entries(spec, rows);
}

/** A quantized layer made before the snapshot; its next valid call is on the same layer. */
interface QLayerSubject {
  readonly engine: Engine;
  readonly layer: QuantizedConvLayer<QuantizedTensor | Int32Tensor>;
}
type QLayer = QuantizedConvLayer<QuantizedTensor | Int32Tensor>;

/** The four quantized layers: how each is made, and its valid run (on the same layer). */
const Q_LAYERS = {
  qlinearConv2d: {
    create: 'engine.createQLinearConv2d',
    make: (e: Engine): QLayer => e.createQLinearConv2d(QW, QLINEAR2D_VALID) as QLayer,
    expected: () => reference.qlinearConv2d(QX, QW, QLINEAR2D_VALID),
    input: QX,
  },
  qlinearConv1d: {
    create: 'engine.createQLinearConv1d',
    make: (e: Engine): QLayer => e.createQLinearConv1d(QW1, QLINEAR1D_VALID) as QLayer,
    expected: () => reference.qlinearConv1d(QX1, QW1, QLINEAR1D_VALID),
    input: QX1,
  },
  convInteger2d: {
    create: 'engine.createConvInteger2d',
    make: (e: Engine): QLayer => e.createConvInteger2d(QW, CONV_INTEGER2D_VALID) as QLayer,
    expected: () => reference.convInteger2d(QX, QW, CONV_INTEGER2D_VALID),
    input: QX,
  },
  convInteger1d: {
    create: 'engine.createConvInteger1d',
    make: (e: Engine): QLayer => e.createConvInteger1d(QW1, CONV_INTEGER1D_VALID) as QLayer,
    expected: () => reference.convInteger1d(QX1, QW1, CONV_INTEGER1D_VALID),
    input: QX1,
  },
} as const;
type QKind = keyof typeof Q_LAYERS;

/** A fresh layer of `kind`, run once on its valid input and disposed. */
function freshQLayerOutcome(kind: QKind, engine: Engine): Outcome {
  const l = Q_LAYERS[kind];
  const layer = l.make(engine);
  try {
    return qOutcome(layer.run(l.input), l.expected());
  } finally {
    layer.dispose();
  }
}

function createQuantizedEntries(): CatalogueEntry[] {
  const spec = (kind: QKind): Spec<Engine> => ({ fn: Q_LAYERS[kind].create, setup: (engine) => engine, next: (engine) => freshQLayerOutcome(kind, engine) });
  const q2 = (e: Engine, filter: unknown, options: unknown) => e.createQLinearConv2d(bad(filter), bad(options));
  // A layer checks every option's form when it is made; what only an input can show (its
  // channels, its type, a kernel that must fit) waits for run.
  const needsInput = new Set([
    'inputZeroPoint negative for a uint8 input', 'inputZeroPoint 128 for an int8 input', 'input channels ≠ filter channels', 'a depthwise filter without groups',
    'groups does not divide the input channels', 'NHWC data without inputLayout', 'kernel taller than the padded input', 'dilated kernel wider than the padded input',
    'groups does not divide the output channels', // below, without its input
  ]);
  // A zero point whose type is not known yet (the input's, or the output's without outputType): either type's range.
  const either = (name: string, value: string) => `qlinearConv2d: ${name} must be an integer in [0, 255] (uint8) or [-128, 127] (int8), got ${value}`;
  const typeUnknown: Readonly<Record<string, string>> = {
    'inputZeroPoint out of uint8’s range': either('inputZeroPoint', '300'),
    'inputZeroPoint not an integer': either('inputZeroPoint', '1.5'),
    'inputZeroPoint a string': either('inputZeroPoint', '"128"'),
    'outputZeroPoint out of uint8’s range': either('outputZeroPoint', '256'),
    'outputZeroPoint NaN': either('outputZeroPoint', 'NaN'),
  };
  const m2 = (text: string) => `qlinearConv2d: ${text}`;
  return [
    ...entries(spec('qlinearConv2d'), [
      ...quantizedTensorRows<Engine>('qlinearConv2d', 'filter', OIHW, QW.shape, (e, t) => q2(e, t, QS)),
      ...qlinearMistakes('qlinearConv2d')
        .filter(([mistake]) => !needsInput.has(mistake))
        .map(([mistake, c, error, message]): Row<Engine> => [mistake, (e) => q2(e, pick(c, 'filter', QW), pick(c, 'options', QS)), error, typeUnknown[mistake] ?? message]),
      ['groups does not divide the output channels', (e) => q2(e, QW, { ...QS, groups: 2 }), RangeError, m2("output channels (3, the filter's O axis) must be divisible by groups (2)")],
      ['inputZeroPoint below int8’s range', (e) => q2(e, QW, { ...QS, inputZeroPoint: -129 }), RangeError, either('inputZeroPoint', '-129')],
      ['the packed filter needs more memory than maxMemoryBytes', (e) => q2(e, BIG_Q([4096, 1, 64, 64]), QS), RangeError, overLimit('qlinearConv2d'), { backends: WASM }],
    ]),
    ...entries(spec('qlinearConv1d'), [
      ...quantizedTensorRows<Engine>('qlinearConv1d', 'filter', OIW, QW1.shape, (e, t) => e.createQLinearConv1d(t, bad(QS))),
      ['options missing', (e) => e.createQLinearConv1d(QW1, bad(undefined)), TypeError, 'qlinearConv1d: options are required: inputScale, filterScale and outputScale at least'],
      ['filterScale a Float32Array of the wrong length', (e) => e.createQLinearConv1d(QW1, { ...QS, filterScale: Float32Array.of(1, 1) }), RangeError, 'qlinearConv1d: filterScale has 2 values but the filter has 3 output channels'],
      ["inputLayout 'nchw' (a 2-D layout)", (e) => e.createQLinearConv1d(QW1, bad({ ...QS, inputLayout: 'nchw' })), RangeError, `qlinearConv1d: inputLayout must be one of 'ncw', 'nwc', got "nchw"`],
      ['strides of two entries', (e) => e.createQLinearConv1d(QW1, bad({ ...QS, strides: [1, 1] })), RangeError, 'qlinearConv1d: strides must be a positive integer or [length], got [1, 1]'],
      ["padding 'SAME'", (e) => e.createQLinearConv1d(QW1, bad({ ...QS, padding: 'SAME' })), RangeError, `qlinearConv1d: padding must be a non-negative integer, [p], [begin, end] or one of 'valid', 'same', 'same-upper', 'same-lower', 'full', got "SAME"; did you mean 'same'?`],
      ["activation 'sigmoid' (float only)", (e) => e.createQLinearConv1d(QW1, bad({ ...QS, activation: 'sigmoid' })), RangeError, `qlinearConv1d: activation must be ${Q_ACTIVATIONS}, got "sigmoid"; sigmoid is not supported in the quantized domain (conv2d applies it to float data)`],
      ['outputZeroPoint out of range for outputType', (e) => e.createQLinearConv1d(QW1, bad({ ...QS, outputType: 'uint8', outputZeroPoint: -1 })), RangeError, 'qlinearConv1d: outputZeroPoint must be an integer in [0, 255] (uint8), got -1'],
    ]),
    ...entries(spec('convInteger2d'), [
      ...quantizedTensorRows<Engine>('convInteger2d', 'filter', OIHW, QW.shape, (e, t) => e.createConvInteger2d(t)),
      ['options is a string', (e) => e.createConvInteger2d(QW, bad('same')), TypeError, 'convInteger2d: options must be an object, got "same"'],
      ['inputScale (QLinearConv’s)', (e) => e.createConvInteger2d(QW, bad({ inputScale: 0.02 })), TypeError, `convInteger2d: unknown option \`inputScale\` (expected one of: ${CONV_INTEGER_KEYS})`],
      ['filterZeroPoint out of int8’s range', (e) => e.createConvInteger2d(QW, { filterZeroPoint: -129 }), RangeError, 'convInteger2d: filterZeroPoint must be an integer in [-128, 127] (int8), got -129'],
      ['filterZeroPoint per channel, one value short', (e) => e.createConvInteger2d(QW, { filterZeroPoint: [0, 0] }), RangeError, 'convInteger2d: filterZeroPoint has 2 values but the filter has 3 output channels'],
      ['inputZeroPoint out of both types’ ranges', (e) => e.createConvInteger2d(QW, { inputZeroPoint: 300 }), RangeError, 'convInteger2d: inputZeroPoint must be an integer in [0, 255] (uint8) or [-128, 127] (int8), got 300'],
      ['inputZeroPoint a string', (e) => e.createConvInteger2d(QW, bad({ inputZeroPoint: '0' })), TypeError, 'convInteger2d: inputZeroPoint must be an integer in [0, 255] (uint8) or [-128, 127] (int8), got "0"'],
      ['strides 0', (e) => e.createConvInteger2d(QW, { strides: 0 }), RangeError, `convInteger2d: strides must be ${PAIR}, got 0`],
      ['dilations [1, 0]', (e) => e.createConvInteger2d(QW, { dilations: [1, 0] }), RangeError, `convInteger2d: dilations must be ${PAIR}, got [1, 0]`],
      ["padding 'SAME'", (e) => e.createConvInteger2d(QW, bad({ padding: 'SAME' })), RangeError, `convInteger2d: padding must be ${PADDING_2D}, got "SAME"; did you mean 'same'?`],
      ["inputLayout 'NHWC'", (e) => e.createConvInteger2d(QW, bad({ inputLayout: 'NHWC' })), RangeError, `convInteger2d: inputLayout must be one of 'nchw', 'nhwc', got "NHWC"; did you mean 'nhwc'?`],
      ['the packed filter needs more memory than maxMemoryBytes', (e) => e.createConvInteger2d(BIG_Q([4096, 1, 64, 64])), RangeError, overLimit('convInteger2d'), { backends: WASM }],
    ]),
    ...entries(spec('convInteger1d'), [
      ['a 2-D filter', (e) => e.createConvInteger1d(QW), RangeError, 'convInteger1d: filter shape must have rank 3 [O, I, W] (oiw), got [3, 2, 3, 3] (rank 4)'],
      ['bias (QLinearConv’s)', (e) => e.createConvInteger1d(QW1, bad({ bias: new Int32Array(3) })), TypeError, `convInteger1d: unknown option \`bias\` (expected one of: ${CONV_INTEGER_KEYS})`],
      ['dilations 0', (e) => e.createConvInteger1d(QW1, { dilations: 0 }), RangeError, 'convInteger1d: dilations must be a positive integer or [length], got 0'],
    ]),
  ];
}

function quantizedLayerEntries(): CatalogueEntry[] {
  const layerSpecOf = (fn: string, kind: QKind, make: (e: Engine) => QLayer = Q_LAYERS[kind].make, expected: () => unknown = Q_LAYERS[kind].expected): Spec<QLayerSubject> => ({
    fn,
    setup: (engine) => ({ engine, layer: make(engine) }),
    next: async ({ layer }) => qOutcome(fn === 'layer.runAsync' ? await layer.runAsync(Q_LAYERS[kind].input) : layer.run(Q_LAYERS[kind].input), expected()),
    dispose: ({ layer }) => layer.dispose(),
  });
  const run = (s: QLayerSubject, input: unknown, output?: unknown) => s.layer.run(bad(input), bad(output));
  const m = (text: string) => `qlinearConv2d: ${text}`;
  const qlinearRows: Row<QLayerSubject>[] = [
    ...quantizedTensorRows<QLayerSubject>('qlinearConv2d', 'input', NCHW, QX.shape, (s, t) => run(s, t)),
    ['input channels ≠ the layer’s filter', (s) => run(s, qzeros([1, 4, 6, 6])), RangeError, m('input has 4 channels but filter expects 2 (2 per group × groups=1)')],
    // The zero point is checked against each input's type: 128 fits uint8, not int8.
    ['an int8 input to a layer whose inputZeroPoint fits uint8 only', (s) => run(s, i8zeros(QX.shape)), RangeError, m('inputZeroPoint must be an integer in [-128, 127] (int8), got 128')],
    ['output is null', (s) => run(s, QX, null), TypeError, m('output must be a tensor { data: Uint8Array, shape }, got null')],
    ['output has the wrong shape', (s) => run(s, QX, { data: u8(108), shape: [1, 3, 3, 12] }), RangeError, m('output must have shape [1, 3, 6, 6] for an input of shape [1, 2, 6, 6], got [1, 3, 3, 12]')],
    ['output has no shape', (s) => run(s, QX, { data: u8(108) }), TypeError, m('output must have shape [1, 3, 6, 6] for an input of shape [1, 2, 6, 6], got undefined')],
    ['output.shape is a string', (s) => run(s, QX, { data: u8(108), shape: '1x3x6x6' }), TypeError, m('output must have shape [1, 3, 6, 6] for an input of shape [1, 2, 6, 6], got "1x3x6x6"')],
    ['output.data one element short', (s) => run(s, QX, { data: u8(107), shape: [1, 3, 6, 6] }), RangeError, m('output.data has 107 elements but shape [1, 3, 6, 6] needs 108')],
    ['output.data an Int8Array for a uint8 output', (s) => run(s, QX, { data: i8(108), shape: [1, 3, 6, 6] }), TypeError, m('output.data must be a Uint8Array (the output type is uint8), got Int8Array(108)')],
    ['output is a bare Uint8Array', (s) => run(s, QX, u8(108)), TypeError, m('output must be a tensor { data: Uint8Array, shape }, got Uint8Array(108); a bare array is not a tensor: give { data, shape }')],
  ];
  // An unpadded ConvInteger layer: an input the kernel does not fit, int32 output.
  const unpadded = (e: Engine): QLayer => e.createConvInteger2d(QW, { inputZeroPoint: 128 }) as QLayer;
  const unpaddedExpected = () => reference.convInteger2d(QX, QW, { inputZeroPoint: 128 });
  const c = (text: string) => `convInteger2d: ${text}`;
  const convIntegerRows: Row<QLayerSubject>[] = [
    ['input smaller than the kernel', (s) => run(s, qzeros([1, 2, 2, 6])), RangeError, c("output height would be 0: the padded input height 2 + 0 + 0 = 2 is smaller than the kernel's extent 3 (kernel 3, dilation 1); expected an output height of at least 1")],
    ['input.data a Float32Array (not quantized)', (s) => run(s, { data: f32(72), shape: QX.shape }), TypeError, c('input.data must be a Uint8Array or an Int8Array, got Float32Array(72); quantize it first: quantizeLinear(input, scale, zeroPoint)')],
    ['output.data a Uint8Array (the output is int32)', (s) => run(s, QX, { data: u8(48), shape: [1, 3, 4, 4] }), TypeError, c('output.data must be an Int32Array (the output type is int32), got Uint8Array(48)')],
    ['output has the wrong shape', (s) => run(s, QX, { data: new Int32Array(108), shape: [1, 3, 6, 6] }), RangeError, c('output must have shape [1, 3, 4, 4] for an input of shape [1, 2, 6, 6], got [1, 3, 6, 6]')],
  ];
  const oneDRows: Row<QLayerSubject>[] = [
    ['a 2-D input to a qlinearConv1d layer', (s) => run(s, QX), RangeError, 'qlinearConv1d: input shape must have rank 3 [N, C, W] (ncw), got [1, 2, 6, 6] (rank 4)'],
    ["output.data a Uint8Array for an int8 input's output", (s) => run(s, QX1, { data: u8(30), shape: [1, 3, 10] }), TypeError, 'qlinearConv1d: output.data must be an Int8Array (the output type is int8), got Uint8Array(30)'],
  ];
  const shape = (s: QLayerSubject, value: unknown) => s.layer.outputShape(bad(value));
  const outputShapeRows: Row<QLayerSubject>[] = [
    ['shape is a string', (s) => shape(s, '1x2x6x6'), TypeError, m('input shape must be an array of 4 dimensions [N, C, H, W] (nchw), got "1x2x6x6"')],
    ['shape of the wrong rank', (s) => shape(s, [2, 6, 6]), RangeError, m('input shape must have rank 4 [N, C, H, W] (nchw), got [2, 6, 6] (rank 3)')],
    ['a zero-size dimension', (s) => shape(s, [0, 2, 6, 6]), RangeError, m('input shape must hold positive integers [N, C, H, W] (nchw), got [0, 2, 6, 6]')],
    ['channels ≠ the layer’s filter', (s) => shape(s, [1, 3, 6, 6]), RangeError, m('input has 3 channels but filter expects 2 (2 per group × groups=1)')],
  ];
  const asyncRows: Row<QLayerSubject>[] = [
    ['input is null', (s) => s.layer.runAsync(bad(null)), TypeError, m(`input must be a tensor ${QTENSOR}, got null`)],
    ['output has the wrong shape', (s) => s.layer.runAsync(QX, bad({ data: u8(48), shape: [1, 3, 4, 4] })), RangeError, m('output must have shape [1, 3, 6, 6] for an input of shape [1, 2, 6, 6], got [1, 3, 4, 4]')],
  ];
  return [
    ...entries(layerSpecOf('layer.run', 'qlinearConv2d'), qlinearRows, false, 'qlinearConv2d layer'),
    ...entries(layerSpecOf('layer.run', 'convInteger2d', unpadded, unpaddedExpected), convIntegerRows, false, 'unpadded convInteger2d layer'),
    ...entries(layerSpecOf('layer.run', 'qlinearConv1d'), oneDRows, false, 'qlinearConv1d layer'),
    ...entries(layerSpecOf('layer.outputShape', 'qlinearConv2d'), outputShapeRows, false, 'qlinearConv2d layer'),
    ...entries(layerSpecOf('layer.runAsync', 'qlinearConv2d'), asyncRows, true, 'qlinearConv2d layer'),
  ];
}

function disposedQuantizedLayerEntries(): CatalogueEntry[] {
  // A disposed layer cannot be used again: the next valid call is on a new layer of the same engine.
  const spec = (fn: string, kind: QKind): Spec<QLayerSubject> => ({
    fn,
    setup: (engine) => {
      const layer = Q_LAYERS[kind].make(engine);
      layer.dispose();
      return { engine, layer };
    },
    next: ({ engine }) => freshQLayerOutcome(kind, engine),
  });
  const message = (kind: QKind, filter: readonly number[]) => `${kind}: this layer (filter ${list(filter)}) was disposed; create a new one with ${Q_LAYERS[kind].create}()`;
  return [
    ...entries(spec('layer.run', 'qlinearConv2d'), [['run after dispose (qlinearConv2d layer)', (s) => s.layer.run(QX), Error, message('qlinearConv2d', QW.shape)]]),
    ...entries(spec('layer.outputShape', 'qlinearConv2d'), [['outputShape after dispose (qlinearConv2d layer)', (s) => s.layer.outputShape(QX.shape), Error, message('qlinearConv2d', QW.shape)]]),
    ...entries(spec('layer.runAsync', 'qlinearConv2d'), [['runAsync after dispose (qlinearConv2d layer)', (s) => s.layer.runAsync(QX), Error, message('qlinearConv2d', QW.shape)]], true),
    ...entries(spec('layer.run', 'qlinearConv1d'), [['run after dispose (qlinearConv1d layer)', (s) => s.layer.run(QX1), Error, message('qlinearConv1d', QW1.shape)]]),
    ...entries(spec('layer.run', 'convInteger2d'), [['run after dispose (convInteger2d layer)', (s) => s.layer.run(QX), Error, message('convInteger2d', QW.shape)]]),
    ...entries(spec('layer.run', 'convInteger1d'), [['run after dispose (convInteger1d layer)', (s) => s.layer.run(QX1), Error, message('convInteger1d', QW1.shape)]]),
  ];
}

function quantizationHelperEntries(): CatalogueEntry[] {
  const x = { data: Float32Array.of(-1, 0, 0.5, 1), shape: [4] };
  const q = { data: Uint8Array.of(0, 128, 255), shape: [3] };
  const spec = (fn: string, next: () => Outcome): Spec<Engine> => ({ fn, setup: (engine) => engine, next });
  // The examples of the functions' documentation, worked by hand: 0.5 · 127 = 63.5 rounds to 64, half to even.
  const quantizeSpec = spec('quantizeLinear', () => qOutcome(quantizeLinear(x, 1 / 127, 0, 'int8'), { data: Int8Array.of(-127, 0, 64, 127), shape: [4] }));
  const dequantizeSpec = spec('dequantizeLinear', () => qOutcome(dequantizeLinear(q, 0.5, 128), { data: Float32Array.of(-64, 0, 63.5), shape: [3] }));
  // [−1, 3] over uint8: scale f32(4 / 255), zero point roundHalfEven(1 / scale) = 64.
  const paramsSpec = spec('quantizationParams', () => qOutcome(quantizationParams(-1, 3), { scale: Math.fround(4 / 255), zeroPoint: 64 }));
  const ql = (text: string) => `quantizeLinear: ${text}`;
  const dq = (text: string) => `dequantizeLinear: ${text}`;
  const qp = (text: string) => `quantizationParams: ${text}`;
  return [
    ...entries(quantizeSpec, [
      // Any rank: the rank rows of the tensor checks do not apply.
      ...tensorRows<Engine>('quantizeLinear', 'x', '', x.shape, (_, t) => quantizeLinear(t, 0.1)).filter(([mistake]) => !/wrong rank|shape is a string/.test(mistake)),
      ['x.shape is a string', () => quantizeLinear(bad({ data: f32(4), shape: '4' }), 0.1), TypeError, ql('x shape must be an array of positive integers, got "4"')],
      ['x.data already quantized (a Uint8Array)', () => quantizeLinear(bad({ data: u8(4), shape: [4] }), 0.1), TypeError, ql('x.data must be a Float32Array, got Uint8Array(4); it is already quantized: quantizeLinear takes real-valued data')],
      ['x.data already quantized (an Int8Array)', () => quantizeLinear(bad({ data: i8(4), shape: [4] }), 0.1), TypeError, ql('x.data must be a Float32Array, got Int8Array(4); it is already quantized: quantizeLinear takes real-valued data')],
      ['a NaN value', () => quantizeLinear({ data: Float32Array.of(0, NaN, 1), shape: [3] }, 0.1), RangeError, ql('x.data[1] is NaN, which has no quantized value')],
      ['scale missing', () => quantizeLinear(x, bad(undefined)), TypeError, ql('scale is required: a positive finite number, got undefined')],
      ['scale 0', () => quantizeLinear(x, 0), RangeError, ql('scale must be a positive finite number, got 0')],
      ['scale negative', () => quantizeLinear(x, -1), RangeError, ql('scale must be a positive finite number, got -1')],
      ['scale NaN', () => quantizeLinear(x, NaN), RangeError, ql('scale must be a positive finite number, got NaN')],
      ['scale Infinity', () => quantizeLinear(x, Infinity), RangeError, ql('scale must be a positive finite number, got Infinity')],
      ['scale a string', () => quantizeLinear(x, bad('0.1')), TypeError, ql('scale must be a positive finite number, got "0.1"')],
      ['scale per channel (a Float32Array)', () => quantizeLinear(x, bad(Float32Array.of(0.1))), TypeError, ql('scale must be a positive finite number, got Float32Array(1)')],
      ['an options object instead of scale', () => quantizeLinear(x, bad({ scale: 0.1 })), TypeError, ql('scale must be a positive finite number, got an object; scale is the second argument: quantizeLinear(x, scale, zeroPoint, type)')],
      ["type 'uint16'", () => quantizeLinear(x, 0.1, 0, bad('uint16')), RangeError, ql(`type must be one of 'uint8', 'int8', got "uint16"`)],
      ["type 'INT8'", () => quantizeLinear(x, 0.1, 0, bad('INT8')), RangeError, ql(`type must be one of 'uint8', 'int8', got "INT8"; did you mean 'int8'?`)],
      ['type null', () => quantizeLinear(x, 0.1, 0, bad(null)), TypeError, ql(`type must be one of 'uint8', 'int8', got null`)],
      ['zeroPoint out of int8’s range', () => quantizeLinear(x, 0.1, 128, 'int8'), RangeError, ql('zeroPoint must be an integer in [-128, 127] (int8), got 128')],
      ['zeroPoint negative for uint8', () => quantizeLinear(x, 0.1, -1), RangeError, ql('zeroPoint must be an integer in [0, 255] (uint8), got -1')],
      ['zeroPoint not an integer', () => quantizeLinear(x, 0.1, 0.5), RangeError, ql('zeroPoint must be an integer in [0, 255] (uint8), got 0.5')],
      ['zeroPoint a string', () => quantizeLinear(x, 0.1, bad('0')), TypeError, ql('zeroPoint must be an integer in [0, 255] (uint8), got "0"')],
    ]),
    ...entries(dequantizeSpec, [
      // Float data is real-valued already: its own hint.
      ...quantizedTensorRows<Engine>('dequantizeLinear', 'q', '', q.shape, (_, t) => dequantizeLinear(t, 0.5)).filter(([mistake]) => !/wrong rank|shape is a string|not quantized/.test(mistake)),
      ['q.data is a Float32Array (real-valued already)', () => dequantizeLinear(bad({ data: f32(3), shape: [3] }), 0.5), TypeError, dq('q.data must be a Uint8Array or an Int8Array, got Float32Array(3); it is already real-valued: dequantizeLinear takes quantized data')],
      ['q.shape is a string', () => dequantizeLinear(bad({ data: u8(3), shape: '3' }), 0.5), TypeError, dq('q shape must be an array of positive integers, got "3"')],
      ['q.data an Int32Array (convInteger’s output)', () => dequantizeLinear(bad({ data: new Int32Array(3), shape: [3] }), 0.5), TypeError, dq('q.data must be a Uint8Array or an Int8Array, got Int32Array(3)')],
      ['scale 0', () => dequantizeLinear(q, 0), RangeError, dq('scale must be a positive finite number, got 0')],
      ['scale missing', () => dequantizeLinear(q, bad(undefined)), TypeError, dq('scale is required: a positive finite number, got undefined')],
      ['zeroPoint out of uint8’s range', () => dequantizeLinear(q, 0.5, 300), RangeError, dq('zeroPoint must be an integer in [0, 255] (uint8), got 300')],
      ['zeroPoint out of int8’s range (an Int8Array q)', () => dequantizeLinear({ data: i8(3), shape: [3] }, 0.5, 128), RangeError, dq('zeroPoint must be an integer in [-128, 127] (int8), got 128')],
      ['zeroPoint not an integer', () => dequantizeLinear(q, 0.5, 1.5), RangeError, dq('zeroPoint must be an integer in [0, 255] (uint8), got 1.5')],
      ['zeroPoint a string', () => dequantizeLinear(q, 0.5, bad('1')), TypeError, dq('zeroPoint must be an integer in [0, 255] (uint8), got "1"')],
    ]),
    ...entries(paramsSpec, [
      ['min > max', () => quantizationParams(3, -1), RangeError, qp('min (3) must not exceed max (-1)')],
      ['min NaN', () => quantizationParams(NaN, 1), RangeError, qp('min must be a finite number, got NaN')],
      ['max Infinity', () => quantizationParams(0, Infinity), RangeError, qp('max must be a finite number, got Infinity')],
      ['min a string', () => quantizationParams(bad('0'), 1), TypeError, qp('min must be a finite number, got "0"')],
      ['no arguments', () => (quantizationParams as (...args: unknown[]) => unknown)(), TypeError, qp('min must be a finite number, got undefined')],
      ['misspelt option `symetric`', () => quantizationParams(-1, 1, bad({ symetric: true })), TypeError, qp('unknown option `symetric`; did you mean `symmetric`? (expected one of: type, symmetric)')],
      ['unknown option `dtype`', () => quantizationParams(-1, 1, bad({ dtype: 'int8' })), TypeError, qp('unknown option `dtype`; did you mean `type`? (expected one of: type, symmetric)')],
      ['unknown option `reduce_range` (onnxruntime)', () => quantizationParams(-1, 1, bad({ reduce_range: true })), TypeError, qp('unknown option `reduce_range` (expected one of: type, symmetric)')],
      ["type 'int4'", () => quantizationParams(-1, 1, bad({ type: 'int4' })), RangeError, qp(`type must be one of 'uint8', 'int8', got "int4"`)],
      ["type 'Int8'", () => quantizationParams(-1, 1, bad({ type: 'Int8' })), RangeError, qp(`type must be one of 'uint8', 'int8', got "Int8"; did you mean 'int8'?`)],
      ["symmetric 'yes'", () => quantizationParams(-1, 1, bad({ symmetric: 'yes' })), TypeError, qp('symmetric must be true or false, got "yes"')],
      ['options a string', () => quantizationParams(-1, 1, bad('int8')), TypeError, qp('options must be an object, got "int8"')],
    ]),
  ];
}

function quantizedEntries(): CatalogueEntry[] {
  return [
    ...quantized2dFamily('qlinearConv2d', 'qlinearConv2d', (_, i, f, o, out) => qlinearConv2d(i, f, o, out), true),
    ...quantized2dFamily('qlinearConv2d', 'engine.qlinearConv2d', (e, i, f, o, out) => e.qlinearConv2d(i, f, o, out), true),
    ...quantized2dFamily('qlinearConv2d', 'reference.qlinearConv2d', (_, i, f, o) => reference.qlinearConv2d(i, f, o), false),
    ...quantized2dFamily('convInteger2d', 'convInteger2d', (_, i, f, o, out) => convInteger2d(i, f, o, out), true),
    ...quantized2dFamily('convInteger2d', 'engine.convInteger2d', (e, i, f, o, out) => e.convInteger2d(i, f, o, out), true),
    ...quantized2dFamily('convInteger2d', 'reference.convInteger2d', (_, i, f, o) => reference.convInteger2d(i, f, o), false),
    ...quantized1dFamily('qlinearConv1d', 'qlinearConv1d', (_, i, f, o) => qlinearConv1d(i, f, o)),
    ...quantized1dFamily('qlinearConv1d', 'engine.qlinearConv1d', (e, i, f, o) => e.qlinearConv1d(i, f, o)),
    ...quantized1dFamily('qlinearConv1d', 'reference.qlinearConv1d', (_, i, f, o) => reference.qlinearConv1d(i, f, o)),
    ...quantized1dFamily('convInteger1d', 'convInteger1d', (_, i, f, o) => convInteger1d(i, f, o)),
    ...quantized1dFamily('convInteger1d', 'engine.convInteger1d', (e, i, f, o) => e.convInteger1d(i, f, o)),
    ...quantized1dFamily('convInteger1d', 'reference.convInteger1d', (_, i, f, o) => reference.convInteger1d(i, f, o)),
    ...createQuantizedEntries(),
    ...quantizedLayerEntries(),
    ...disposedQuantizedLayerEntries(),
    ...quantizationHelperEntries(),
  ];
}

// ---------------------------------------------------------------------------------------------

/** Every entry, grouped by function. */
export const CATALOGUE: readonly CatalogueEntry[] = [
  ...conv2dFamily('conv2d', (_, i, f, o, out) => conv2d(i, f, o, out), true),
  ...conv2dFamily('engine.conv2d', (e, i, f, o, out) => e.conv2d(i, f, o, out), true),
  ...conv2dFamily('reference.conv2d', (_, i, f, o) => reference.conv2d(i, f, o), false),
  ...conv1dFamily('conv1d', (_, i, f, o, out) => conv1d(i, f, o, out), true),
  ...conv1dFamily('engine.conv1d', (e, i, f, o, out) => e.conv1d(i, f, o, out), true),
  ...conv1dFamily('reference.conv1d', (_, i, f, o) => reference.conv1d(i, f, o), false),
  ...poolFamily('maxPool2d', 'max', (_, i, o, out) => maxPool2d(i, o, out), true),
  ...poolFamily('engine.maxPool2d', 'max', (e, i, o, out) => e.maxPool2d(i, o, out), true),
  ...poolFamily('reference.maxPool2d', 'max', (_, i, o) => reference.maxPool2d(i, o), false),
  ...poolFamily('avgPool2d', 'avg', (_, i, o, out) => avgPool2d(i, o, out), true),
  ...poolFamily('engine.avgPool2d', 'avg', (e, i, o, out) => e.avgPool2d(i, o, out), true),
  ...poolFamily('reference.avgPool2d', 'avg', (_, i, o) => reference.avgPool2d(i, o), false),
  ...convTransposeFamily('convTranspose2d', (_, i, f, o, out) => convTranspose2d(i, f, o, out), true),
  ...convTransposeFamily('engine.convTranspose2d', (e, i, f, o, out) => e.convTranspose2d(i, f, o, out), true),
  ...convTransposeFamily('reference.convTranspose2d', (_, i, f, o) => reference.convTranspose2d(i, f, o), false),
  ...convTranspose1dFamily('convTranspose1d', (_, i, f, o) => convTranspose1d(i, f, o)),
  ...convTranspose1dFamily('reference.convTranspose1d', (_, i, f, o) => reference.convTranspose1d(i, f, o)),
  ...createConvTransposeEntries(),
  ...foldBatchNormEntries(),
  ...padEntries(),
  ...conv3dEntries(),
  ...poolExtraEntries(),
  ...pool3dEntries(),
  ...convTranspose3dEntries(),
  ...createConvEntries(),
  ...createPoolEntries(),
  ...layerRunEntries(),
  ...outputShapeEntries(),
  ...disposedLayerEntries(),
  ...engineTensorEntries(),
  ...engineOptionEntries(),
  ...tensorEntries(),
  ...sizeOfEntries(),
  ...shapeEntries(),
  ...windowEntries(),
  ...layoutEntries(),
  ...filterEntries(),
  ...imageEntries(),
  ...elementLimitEntries(),
  ...quantizedEntries(),
];
