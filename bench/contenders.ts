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
 * - a `--threads` run adds, per wasm build and thread count, `prepacked` and two more layer rows:
 *   `preallocated` (`layer.run(x, y)`, y a JS tensor made once: no fresh output array, whose
 *   first touch costs page faults) and `resident` (`layer.run(xs, ys)` on engine tensors: no
 *   copy in or out, the kernel alone); rows at T > 1 threads carry ` ${T}T` (`simd prepacked 2T`),
 *   and so does ort-web at T > 1, timed in a child process (./peers/ort-web-process.ts).
 *
 * A contender is prepared per shape and round, used for one timed block, then disposed, so
 * no two contenders hold state at the same time (the two tfjs peers share one tfjs engine).
 */
import type { Conv2dOptions, Tensor } from '../src/index.js';
import { winogradApplies } from '../src/options/conv.js';
import { BASELINE, type Backend, type BackendName } from './backends.js';
import type { ConvCase, Layout, Peer, PeerName } from './peers/index.js';
import { SLOW_PEERS } from './peers/index.js';
import type { OrtWebProcess } from './peers/ort-web-process.js';
import type { CaseData } from './suite.js';
import type { Timed, TimingOptions } from './time-task.js';

export type ContenderKind = 'one-shot' | 'prepacked' | 'preallocated' | 'resident' | 'peer';

/** A row's name at `threads` threads: unchanged at 1, ` 2T` appended at 2. */
export const atThreads = (name: string, threads: number) => (threads === 1 ? name : `${name} ${threads}T`);

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
  /** Times a block elsewhere (a child process) instead of calling `run` here. */
  readonly measure?: (options: TimingOptions) => Promise<Timed>;
}

export interface Contender {
  /** The row's label: `simd`, `simd prepacked`, `relaxed-simd prepacked nhwc`, `ort-web` … */
  readonly name: string;
  readonly kind: ContenderKind;
  readonly layout: Layout;
  /** simdconv rows: the backend. */
  readonly build?: BackendName;
  /** Threads of its engine (or of the peer): 1 except in a `--threads` run. */
  readonly threads: number;
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
    name: atThreads(backend.name, backend.threads),
    kind: 'one-shot',
    layout: 'nchw',
    build: backend.name,
    threads: backend.threads,
    slow: backend.name === BASELINE,
    isReference: backend.name === BASELINE,
    emulation: () => undefined,
    async prepare({ data: d }) {
      return { run: () => backend.conv2d(d.input, d.filter, d.options).data, async: false, setupMs: undefined, dispose() {} };
    },
  };
}

/** How a layer row passes its tensors: a new output per call, a preallocated JS one, or engine tensors. */
type LayerKind = 'prepacked' | 'preallocated' | 'resident';

function layerRow(backend: Backend, layout: Layout, algorithm: string, kind: LayerKind = 'prepacked'): Contender {
  return {
    name: atThreads(`${backend.name} ${kind}${layout === 'nhwc' ? ' nhwc' : ''}`, backend.threads),
    kind,
    layout,
    build: backend.name,
    threads: backend.threads,
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
      if (kind === 'prepacked') return { run: () => layer.run(x).data, async: false, setupMs, dispose: () => layer.dispose() };
      const outShape = layer.outputShape(x.shape);
      if (kind === 'preallocated') {
        // Made (and its pages touched) once, outside the timing: each call writes the same array.
        const y = { shape: outShape, data: new Float32Array(outShape.reduce((a, b) => a * b, 1)) };
        return { run: () => layer.run(x, y).data, async: false, setupMs, dispose: () => layer.dispose() };
      }
      const xs = backend.engine.tensor(x.shape, x.data);
      const ys = backend.engine.tensor(outShape);
      return {
        // `.data` is a view on the engine's memory (no copy): the check reads it after the block.
        run: () => layer.run(xs, ys).data,
        async: false,
        setupMs,
        dispose() {
          xs.dispose();
          ys.dispose();
          layer.dispose();
        },
      };
    },
  };
}

function peerContender(peer: Peer): Contender {
  return {
    name: peer.name,
    kind: 'peer',
    layout: peer.layout,
    peer: peer.name,
    threads: 1,
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

/** ort-web at T > 1 threads, in its child process: the case prepared and timed there. */
function remotePeerContender(remote: OrtWebProcess): Contender {
  return {
    name: atThreads('ort-web', remote.threads),
    kind: 'peer',
    layout: 'nchw',
    peer: 'ort-web',
    threads: remote.threads,
    slow: false,
    isReference: false,
    emulation: () => undefined,
    async prepare({ data: d }) {
      const setupMs = await remote.prepare(d);
      return { run: () => remote.once(), async: true, setupMs, measure: (options) => remote.time(options), dispose: () => remote.release() };
    },
  };
}

/** What a `--threads` run adds: the engines at each T > 1 and ort-web's child processes. */
export interface ThreadedContenders {
  /** Wasm backends at T > 1 threads, grouped by T ascending. */
  readonly backends: readonly Backend[];
  readonly remotePeers: readonly OrtWebProcess[];
}

/**
 * The contenders of a run, in table order: one-shot per backend (js first), then prepacked per
 * wasm build, the SIMD builds' NHWC prepacked if an NHWC peer runs, then the peers. With
 * `threaded` (a `--threads` run): preallocated and resident rows per wasm build after the
 * prepacked ones, then per T > 1 each threaded build's one-shot, prepacked, preallocated and
 * resident rows, and the peers at T after the peers.
 */
export function createContenders(backends: readonly Backend[], peers: readonly Peer[], withPrepacked: boolean, algorithm = 'auto', threaded?: ThreadedContenders): Contender[] {
  const wasm = backends.filter((b) => b.name !== BASELINE);
  const list = backends.map(oneShot);
  const extra: LayerKind[] = threaded === undefined ? [] : ['preallocated', 'resident'];
  if (withPrepacked) {
    list.push(...wasm.map((b) => layerRow(b, 'nchw', algorithm)));
    if (peers.some((p) => p.layout === 'nhwc')) list.push(...wasm.filter((b) => b.name !== 'scalar').map((b) => layerRow(b, 'nhwc', algorithm)));
    for (const kind of extra) list.push(...wasm.map((b) => layerRow(b, 'nchw', algorithm, kind)));
  }
  for (const b of threaded?.backends ?? []) {
    list.push(oneShot(b));
    if (withPrepacked) list.push(...(['prepacked', ...extra] as LayerKind[]).map((kind) => layerRow(b, 'nchw', algorithm, kind)));
  }
  list.push(...peers.map(peerContender));
  list.push(...(threaded?.remotePeers ?? []).map(remotePeerContender));
  return list;
}

/**
 * The contenders of a `--suite mobile` run, in table order: js one-shot if asked for (the
 * reference row), then per wasm build its layer into a preallocated output and into a fresh one,
 * in NCHW, then in NHWC (every build in both layouts: each mobile layer gets a row per layout),
 * then the peers, each into a fresh output (neither can write into a given array:
 * docs/benchmark.md#the-mobile-suite).
 */
export function createMobileContenders(backends: readonly Backend[], peers: readonly Peer[], algorithm = 'auto'): Contender[] {
  const list = backends.filter((b) => b.name === BASELINE).map(oneShot);
  for (const layout of ['nchw', 'nhwc'] as const) {
    for (const b of backends.filter((x) => x.name !== BASELINE)) list.push(layerRow(b, layout, algorithm, 'preallocated'), layerRow(b, layout, algorithm, 'prepacked'));
  }
  list.push(...peers.map(peerContender));
  return list;
}
