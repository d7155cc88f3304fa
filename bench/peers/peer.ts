/**
 * What every peer of the benchmark (another library's conv2d, run in the same process on the
 * same data) looks like to bench/run.ts. A peer prepares a case once — weights converted to its
 * layout and uploaded, a session built — and then each timed `run` goes from a JS
 * `Float32Array` to a new JS `Float32Array`: upload, compute, read back, as a user's call does.
 */
import { readFileSync } from 'node:fs';
import { conv2dOutputShape, resolvePadding, type Conv2dOptions, type Tensor } from '../../src/index.js';

/** Activation layout a peer is fed with and answers in. */
export type Layout = 'nchw' | 'nhwc';

/** One suite case with every size resolved to integers: what a peer needs to build its op. */
export interface ConvCase {
  /** NCHW. */
  readonly input: Tensor;
  /** OIHW, `[Cout, C/groups, kH, kW]`. */
  readonly filter: Tensor;
  readonly bias: Float32Array | undefined;
  readonly batch: number;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly height: number;
  readonly width: number;
  readonly kernel: readonly [number, number];
  /** `[beginH, endH, beginW, endW]`. */
  readonly padding: readonly [number, number, number, number];
  readonly strides: readonly [number, number];
  readonly dilations: readonly [number, number];
  readonly groups: number;
  /** NCHW `[N, Cout, Hout, Wout]`. */
  readonly outputShape: readonly [number, number, number, number];
}

const pair = (v: number | readonly number[] | undefined): [number, number] =>
  v === undefined ? [1, 1] : typeof v === 'number' ? [v, v] : [v[0]!, v[1] ?? v[0]!];

/** Resolves a suite case's options (NCHW input, OIHW filter, no activation) to integers. */
export function convCase(input: Tensor, filter: Tensor, options: Conv2dOptions): ConvCase {
  if ((options.inputLayout ?? 'nchw') !== 'nchw' || (options.filterLayout ?? 'oihw') !== 'oihw') {
    throw new Error('convCase: the suite is NCHW input and OIHW filter');
  }
  if (options.activation !== undefined || options.flip === true) throw new Error('convCase: the peers run plain convolutions (no activation, no flip)');
  const [batch, inChannels, height, width] = input.shape as [number, number, number, number];
  const [outChannels, , kH, kW] = filter.shape as [number, number, number, number];
  const strides = pair(options.strides);
  const dilations = pair(options.dilations);
  const padding = resolvePadding(options.padding ?? 0, [height, width], [kH, kW], strides, dilations);
  const bias = options.bias === undefined ? undefined : options.bias instanceof Float32Array ? options.bias : options.bias.data;
  return {
    input,
    filter,
    bias,
    batch,
    inChannels,
    outChannels,
    height,
    width,
    kernel: [kH, kW],
    padding,
    strides,
    dilations,
    groups: options.groups ?? 1,
    outputShape: conv2dOutputShape(input.shape, filter.shape, options) as [number, number, number, number],
  };
}

/** Whether a case is a depthwise convolution (one input channel per group). */
export const isDepthwise = (c: ConvCase) => c.groups > 1 && c.groups === c.inChannels;

/** A case made ready on one peer: weights resident, session built. */
export interface PreparedConv {
  /**
   * One call: the input in the peer's layout (a JS array) to the output in the same layout (a
   * new JS array). Async for peers whose API is (ONNX Runtime Web's `session.run`).
   */
  run(input: Float32Array): Float32Array | Promise<Float32Array>;
  /** Whether `run` returns a promise (tinybench then awaits it inside the timed window). */
  readonly async: boolean;
  /** Frees the weights and anything else `prepare` made. */
  dispose(): void | Promise<void>;
}

export interface Peer {
  /** As typed after `--peers`. */
  readonly name: PeerName;
  /** The activation layout it is fed with: its native one, so no transpose is timed. */
  readonly layout: Layout;
  /** Package and version, e.g. `@tensorflow/tfjs-backend-wasm 4.22.0`. */
  readonly version: string;
  /** How it is configured, with the evidence for its thread count; filled in by `init`. */
  readonly setup: string;
  /** How a case this peer has no native op for is emulated; `undefined` when it runs natively. */
  emulation(c: ConvCase): string | undefined;
  prepare(c: ConvCase): Promise<PreparedConv>;
}

/** Every peer the bench knows, in table order. */
export const PEER_NAMES = Object.freeze(['tfjs-wasm', 'tfjs-cpu', 'ort-web', 'opencv-js'] as const);
export type PeerName = (typeof PEER_NAMES)[number];

/** Peers that run only the image-filter suite (`--suite filters`): one channel in, one out. */
export const FILTER_ONLY_PEERS: readonly PeerName[] = Object.freeze(['opencv-js']);

/** Peers about as slow as the pure-JS reference: they get its sample floor, not the wasm one. */
export const SLOW_PEERS: readonly PeerName[] = Object.freeze(['tfjs-cpu']);

/**
 * OS threads of this process now (Linux: `/proc/self/status`), or `undefined` elsewhere. Node
 * has its own (V8 platform workers, libuv's pool); a peer that started workers would add some.
 */
export function osThreads(): number | undefined {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const m = /^Threads:\s*(\d+)/m.exec(status);
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}
