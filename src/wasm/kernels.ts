import { rangeError } from '../errors.js';
import type { WasmBackend } from './features.js';
import { alignUp, Heap } from './heap.js';
import { instantiate } from './instantiate.js';
import { workerHost, WorkerPool } from './worker-pool.js';
import { ARG_SLOTS, encodeArgs } from './args.js';

/**
 * The functions of the AssemblyScript module (assembly/index.ts). Pointers are byte offsets.
 * test/kernel-exports.test.ts checks every build exports exactly these, with these arities.
 */
interface KernelExports {
  readonly memory: WebAssembly.Memory;
  // Prologues and tasks compute tiles [begin, end) of their grid with their own
  // scratch (src/engine/tiles.ts).
  convNchwDirectPrologue(args: number, scratch: number, begin: number, end: number): void;
  convNchwDirect(args: number, scratch: number, begin: number, end: number): void;
  convNchwPointwise(args: number, scratch: number, begin: number, end: number): void;
  convNhwc(args: number, scratch: number, begin: number, end: number): void;
  convPlanes(args: number, scratch: number, begin: number, end: number): void;
  convSeparable(args: number, scratch: number, begin: number, end: number): void;
  depthwiseNhwc(args: number, scratch: number, begin: number, end: number): void;
  poolNhwc(args: number, scratch: number, begin: number, end: number): void;
  maxPoolIndicesNhwc(args: number, scratch: number, begin: number, end: number): void;
  lpPoolNhwc(args: number, scratch: number, begin: number, end: number): void;
  packRows(src: number, so: number, sc: number, sh: number, sw: number, outChannels: number,
    groupChannels: number, kernelH: number, kernelW: number, flip: number, dst: number): void;
  packPanels(src: number, so: number, sc: number, sh: number, sw: number, outChannels: number,
    groupChannels: number, kernelH: number, kernelW: number, flip: number, groups: number, dst: number): void;
  packTaps(src: number, so: number, sc: number, sh: number, sw: number, outChannels: number,
    paddedChannels: number, kernelH: number, kernelW: number, flip: number, dst: number): void;
  convWinogradPrologue(args: number, scratch: number, begin: number, end: number): void;
  convWinograd(args: number, scratch: number, begin: number, end: number): void;
  packWinograd(src: number, so: number, sc: number, sh: number, sw: number, outChannels: number,
    inChannels: number, flip: number, m: number, dst: number, scratch: number): void;
  readonly PACK_WINOGRAD_SCRATCH: WebAssembly.Global;
  transpose(src: number, dst: number, count: number, rows: number, cols: number): void;
  scatterPhase(src: number, dst: number, images: number, srcImage: number, dstImage: number, channels: number, srcChannel: number, dstChannel: number,
    rows: number, srcRow: number, dstRow: number, cols: number, srcCol: number, dstCol: number, run: number): void;
  interleavePair(a: number, b: number, dst: number, images: number, aImage: number, bImage: number, dstImage: number,
    channels: number, aChannel: number, bChannel: number, dstChannel: number, rows: number, aRow: number, bRow: number, dstRow: number,
    pairs: number, tail: number): void;
  padBorder(src: number, dst: number, planes: number, height: number, width: number, run: number,
    outHeight: number, outWidth: number, rowMap: number, colMap: number, left: number): void;
  preluTask(args: number, scratch: number, begin: number, end: number): void;
  accumulateFloats(dst: number, src: number, count: number): void;
  qconvPrologue(args: number, scratch: number, begin: number, end: number): void;
  qconvDense(args: number, scratch: number, begin: number, end: number): void;
  qconvDepthwise(args: number, scratch: number, begin: number, end: number): void;
  qconvDepthwisePlanes(args: number, scratch: number, begin: number, end: number): void;
  qconvWinogradInput(args: number, scratch: number, begin: number, end: number): void;
  qconvWinogradOutput(args: number, scratch: number, begin: number, end: number): void;
  qconvDotPrologue(args: number, scratch: number, begin: number, end: number): void;
  qconvDenseDot(args: number, scratch: number, begin: number, end: number): void;
  qdotKind(): number;
  heapBase(): number;
  readonly MR: WebAssembly.Global;
  readonly NR: WebAssembly.Global;
  readonly ARG_SLOTS: WebAssembly.Global;
  /** `ABI << 4 | variant`: read by src/wasm/instantiate.ts before anything else. */
  readonly BUILD: WebAssembly.Global;
}

const PAGE = 65536;
/** wasm32 addresses 4 GiB; V8 allows all of it. */
export const MAX_MEMORY_BYTES = 65536 * PAGE;

/** What an engine's memory holds and has held: for soak tests and for users watching memory. */
export interface MemoryStats {
  /** Bytes of linear memory now (it never shrinks). */
  readonly memoryBytes: number;
  /** Bytes in live blocks: packed layers, engine tensors, and a call's workspace while it runs. */
  readonly liveBytes: number;
  /** The most live bytes at any one time. */
  readonly peakLiveBytes: number;
  /** The largest single block ever asked for: the biggest call workspace, layer or tensor. */
  readonly largestBlockBytes: number;
}
/** Buffers start on cache-line boundaries. */
const ALIGN = 64;
/** Kernels may read up to a few vectors past a buffer's end (into lanes they never store). */
export const SLACK_BYTES = 64;

/**
 * One instance of the module and its linear memory: the argument block, a run of zeros, then a
 * heap of blocks (packed layers, resident tensors, each call's workspace, released after the
 * call). Memory grows only when no free block fits; views of it are made after growing.
 */
export class WasmKernels {
  readonly backend: WasmBackend;
  readonly exports: KernelExports;
  /** Rows and columns of the GEMM microkernel's register tile. */
  readonly mr: number;
  readonly nr: number;
  /** The argument block, then a run of zeros the kernels read as padding, then the arena. */
  readonly argsPtr: number;
  readonly zerosPtr: number;

  /** Hands out the memory above the zeros: packed layers, resident tensors, call workspaces. */
  private readonly heap: Heap;
  /** @internal The workers of a threaded engine (threads − 1 of them; the calling thread is thread 0). */
  readonly pool: WorkerPool | undefined;
  /** Why this engine refuses calls: set by `engine.dispose()`. */
  private disposedBy: string | undefined;

  /**
   * Instantiates a compiled build. `expected` is the build that was asked for (checked against
   * the module's own `BUILD` export); `where` names where the module came from, for errors.
   */
  constructor(module: WebAssembly.Module, expected: WasmBackend | undefined, where: string, readonly maxMemoryBytes = MAX_MEMORY_BYTES, fn = 'createEngine', readonly threads = 1) {
    // A threaded build imports its memory: shared, declared up to what wasm32 addresses, so it
    // can grow between runs while workers hold it.
    const memory = threads > 1 ? new WebAssembly.Memory({ initial: 1, maximum: MAX_MEMORY_BYTES / PAGE, shared: true }) : undefined;
    const { exports, backend } = instantiate(module, expected, where, memory);
    this.backend = backend;
    this.exports = exports as unknown as KernelExports;
    this.mr = this.exports.MR.value as number;
    this.nr = this.exports.NR.value as number;
    this.argsPtr = alignUp(this.exports.heapBase(), ALIGN);
    this.zerosPtr = this.argsPtr + alignUp((this.exports.ARG_SLOTS.value as number) * 4, ALIGN);
    const heapBase = this.zerosPtr + 4 * ALIGN; // 64 zero floats: more than MR, NR and a v128
    this.heap = new Heap(heapBase, this.exports.memory.buffer.byteLength, ALIGN, (end) => this.growTo(end));
    if (this.exports.memory.buffer.byteLength > maxMemoryBytes) {
      rangeError(fn, `maxMemoryBytes is ${maxMemoryBytes}, less than the ${this.exports.memory.buffer.byteLength} bytes the '${backend}' module starts with`);
    }
    // Started here, ready later: createEngine awaits pool.ready(), createEngineSync blocks in readySync().
    this.pool = memory === undefined ? undefined : new WorkerPool(fn, module, memory, this.exports as unknown as Record<string, unknown>, threads, workerHost()!);
  }

  /**
   * Whether the int8 layers use relaxed SIMD's byte dot product (assembly/qconv-dot.ts): on a
   * relaxed build whose engine gives the exact sums and does them in one instruction (the probe,
   * qdotKind, 2). Where it is emulated (kind 1: x86 without AVX-VNNI) the dot_i16x8 kernel is
   * faster: 57 GOPS against 34 on a 64→64 3×3 56² layer (Zen 4, Node 22, simd vs relaxed-simd).
   * Probed once. Tests set `dotOverride` to run either kernel on any build.
   */
  get exactDot(): boolean {
    return this.dotOverride ?? (this.dotProbe ??= this.exports.qdotKind() === 2);
  }

  /** @internal Test hook: force the int8 dot kernel on (any build: the others emulate it) or off. */
  dotOverride: boolean | undefined;

  private dotProbe: boolean | undefined;

  /** Bytes between consecutive threads' scratch blocks, for a task of `scratchFloats` floats each. */
  scratchStride(scratchFloats: number): number {
    return scratchFloats === 0 ? 0 : alignUp(4 * scratchFloats + SLACK_BYTES, ALIGN);
  }

  /** Ends the workers; every later call on this engine throws, naming `fn`. */
  dispose(): void {
    this.disposedBy ??= 'engine.dispose()';
    this.pool?.dispose();
  }

  /** Throws, naming `fn`, if the engine was disposed or its pool can no longer run. */
  checkLive(fn: string): void {
    if (this.disposedBy !== undefined) throw new Error(`${fn}: this engine was disposed (${this.disposedBy}); create a new engine`);
    this.pool?.check(fn);
  }

  get stats(): MemoryStats {
    return { memoryBytes: this.memoryBytes, liveBytes: this.heap.liveBytes, peakLiveBytes: this.heap.peakLiveBytes, largestBlockBytes: this.largestBlock };
  }

  private largestBlock = 0;

  /** Bytes of linear memory the instance holds now. */
  get memoryBytes(): number {
    return this.exports.memory.buffer.byteLength;
  }

  /** The memory's current buffer: a view made on an older one is detached. */
  get buffer(): ArrayBuffer {
    return this.exports.memory.buffer;
  }

  /**
   * A block of `bytes` bytes (plus the kernels' read slack), growing memory if needed. Throws a
   * `RangeError` naming the figure, before any write, when wasm32 cannot address that much.
   */
  alloc(fn: string, bytes: number): number {
    this.checkLive(fn);
    this.failing = fn;
    this.asking = bytes;
    const ptr = this.heap.alloc(bytes + SLACK_BYTES);
    this.largestBlock = Math.max(this.largestBlock, bytes);
    return ptr;
  }

  release(ptr: number): void {
    this.heap.release(ptr);
  }

  /**
   * One block laid out as consecutive buffers of the given byte sizes (a call's workspace);
   * returns the buffers' addresses, the block's first. Release it with `release(pointers[0])`.
   */
  reserve(fn: string, sizes: readonly number[]): number[] {
    const offsets: number[] = [];
    let total = 0;
    for (const size of sizes) {
      offsets.push(total);
      total = alignUp(total + size + SLACK_BYTES, ALIGN);
    }
    const base = this.alloc(fn, total);
    return offsets.map((offset) => base + offset);
  }

  /** The function whose allocation is growing memory and the bytes it asked for, for its error message. */
  private failing = 'simdconv';
  private asking = 0;

  private growTo(end: number): number {
    const fn = this.failing;
    const need = `needs ${this.asking} more bytes of WebAssembly memory, which would grow it to ${end} bytes`;
    if (end > MAX_MEMORY_BYTES) {
      rangeError(fn, `${need}, more than the ${MAX_MEMORY_BYTES} bytes (4 GiB) wasm32 can address`);
    }
    if (end > this.maxMemoryBytes) {
      rangeError(fn, `${need}, more than this engine's maxMemoryBytes (${this.maxMemoryBytes}); nothing was allocated`);
    }
    const memory = this.exports.memory;
    const missing = end - memory.buffer.byteLength;
    if (missing > 0) {
      try {
        memory.grow(Math.ceil(missing / PAGE));
      } catch (error) {
        rangeError(fn, `could not grow WebAssembly memory to ${end} bytes: ${(error as Error).message}`);
      }
    }
    return memory.buffer.byteLength;
  }

  /** A fresh f32 view of `length` floats at `ptr` (valid until the next growth). */
  f32(ptr: number, length: number): Float32Array {
    return new Float32Array(this.exports.memory.buffer, ptr, length);
  }

  /** Writes the argument block: integer slots, and f32 slots given by index. */
  writeArgs(slots: readonly number[], floats: Readonly<Record<number, number>> = {}): number {
    this.argBlock().set(encodeArgs(slots, floats));
    return this.argsPtr;
  }

  /**
   * The argument block as a live view, to write a call's encoded template and its addresses into
   * (its address: `argsPtr`). Valid until memory grows: take it after the call's allocations.
   * Sizes are checked to fit 32 bits when a call's options are resolved (options/int32.ts);
   * addresses past 2 GiB wrap to negative i32 here and read back as the right u32 in wasm.
   */
  argBlock(): Int32Array {
    const buffer = this.exports.memory.buffer;
    // One view per memory (growth replaces the buffer): two views and a JS array copied per
    // call were a quarter of a tiny layer call's cost.
    if (this.argViews?.buffer !== buffer) this.argViews = { buffer, ints: new Int32Array(buffer, this.argsPtr, ARG_SLOTS) };
    return this.argViews.ints;
  }

  private argViews: { readonly buffer: ArrayBufferLike; readonly ints: Int32Array } | undefined;
}

