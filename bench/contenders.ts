/**
 * Everything the benchmark times, one table row per shape each, behind one interface:
 *
 * - simdconv one-shot: `engine.conv2d(x, w, options)` on each backend (`js`, the reference, and
 *   every WebAssembly build): validation, filter packing, copies in and out, every call.
 * - simdconv prepacked: `engine.createConv2d(w, options)` once (the filter and bias packed; its
 *   time is the row's setup), then `layer.run(x)` per call, a JS tensor in and a new one out.
 *   Every wasm build in NCHW; the SIMD builds also in NHWC, the counterpart of the NHWC peers.
 * - the peers (./peers/): other libraries' conv2d, prepared once per case (weights converted
 *   and resident), each call a JS Float32Array in and a new one out.
 *
 * A contender is prepared per shape and round, used for one timed block, then disposed, so
 * no two contenders hold state at the same time (the two tfjs peers share one tfjs engine).
 */
import type { Conv2dOptions, Tensor } from '../src/index.js';
import { winogradApplies } from '../src/options/conv.js';
import { BASELINE, type Backend, type BackendName } from './backends.js';
import type { ConvCase, Layout, Peer, PeerName } from './peers/index.js';
import { SLOW_PEERS } from './peers/index.js';
import type { CaseData } from './suite.js';

export type ContenderKind = 'one-shot' | 'prepacked' | 'peer';

/** One case's data in both layouts (the NHWC input transposed once, outside every timing). */
export interface CaseInputs {
  readonly data: CaseData;
  readonly conv: ConvCase;
  readonly nhwcInput: Tensor;
}

/** A contender made ready for one case. */
export interface PreparedTask {
  /** One call; returns the output data in the contender's layout. */
  readonly run: () => Float32Array | Promise<Float32Array>;
  readonly async: boolean;
  /** ms spent preparing (packing, upload, session); undefined for one-shot calls. */
  readonly setupMs: number | undefined;
  dispose(): void | Promise<void>;
}

export interface Contender {
  /** The row's label: `simd`, `simd prepacked`, `relaxed-simd prepacked nhwc`, `ort-web` … */
  readonly name: string;
  readonly kind: ContenderKind;
  readonly layout: Layout;
  /** simdconv rows: the backend. */
  readonly build?: BackendName;
  /** Peer rows: which one. */
  readonly peer?: PeerName;
  /** About as slow as the pure-JS reference: its sample floor, one warm-up per process. */
  readonly slow: boolean;
  /** The js one-shot row is the reference itself: nothing to check it against. */
  readonly isReference: boolean;
  /** How a case is emulated when the contender has no native op for it. */
  emulation(c: ConvCase): string | undefined;
  prepare(inputs: CaseInputs): Promise<PreparedTask>;
}

// The suite's filters are OIHW: named, since an NHWC input leaves the default ambiguous for some shapes.
const nhwcOptions = (d: CaseData) => ({ filterLayout: 'oihw' as const, ...d.options, inputLayout: 'nhwc' as const });

function oneShot(backend: Backend): Contender {
  return {
    name: backend.name,
    kind: 'one-shot',
    layout: 'nchw',
    build: backend.name,
    slow: backend.name === BASELINE,
    isReference: backend.name === BASELINE,
    emulation: () => undefined,
    async prepare({ data: d }) {
      return { run: () => backend.conv2d(d.input, d.filter, d.options).data, async: false, setupMs: undefined, dispose() {} };
    },
  };
}

function prepacked(backend: Backend, layout: Layout, algorithm: string): Contender {
  return {
    name: `${backend.name} prepacked${layout === 'nhwc' ? ' nhwc' : ''}`,
    kind: 'prepacked',
    layout,
    build: backend.name,
    slow: false,
    isReference: false,
    emulation: () => undefined,
    async prepare({ data: d, conv, nhwcInput }) {
      const options = layout === 'nhwc' ? nhwcOptions(d) : d.options;
      const chosen = algorithm !== 'auto' && winogradApplies({ kernelHeight: conv.kernel[0], kernelWidth: conv.kernel[1], strides: conv.strides, groups: conv.groups }) ? { ...options, algorithm } : options;
      const started = performance.now();
      const layer = backend.engine.createConv2d(d.filter, chosen as Conv2dOptions);
      const setupMs = performance.now() - started;
      const x = layout === 'nhwc' ? nhwcInput : d.input;
      return { run: () => layer.run(x).data, async: false, setupMs, dispose: () => layer.dispose() };
    },
  };
}

function peerContender(peer: Peer): Contender {
  return {
    name: peer.name,
    kind: 'peer',
    layout: peer.layout,
    peer: peer.name,
    slow: SLOW_PEERS.includes(peer.name),
    isReference: false,
    emulation: (c) => peer.emulation(c),
    async prepare({ conv, nhwcInput }) {
      const started = performance.now();
      const prepared = await peer.prepare(conv);
      const setupMs = performance.now() - started;
      const input = peer.layout === 'nhwc' ? nhwcInput.data : conv.input.data;
      return { run: () => prepared.run(input), async: prepared.async, setupMs, dispose: () => prepared.dispose() };
    },
  };
}

/**
 * The contenders of a run, in table order: one-shot per backend (js first), then prepacked per
 * wasm build, the SIMD builds' NHWC prepacked if an NHWC peer runs, then the peers.
 */
export function createContenders(backends: readonly Backend[], peers: readonly Peer[], withPrepacked: boolean, algorithm = 'auto'): Contender[] {
  const wasm = backends.filter((b) => b.name !== BASELINE);
  const list = backends.map(oneShot);
  if (withPrepacked) {
    list.push(...wasm.map((b) => prepacked(b, 'nchw', algorithm)));
    if (peers.some((p) => p.layout === 'nhwc')) list.push(...wasm.filter((b) => b.name !== 'scalar').map((b) => prepacked(b, 'nhwc', algorithm)));
  }
  list.push(...peers.map(peerContender));
  return list;
}
