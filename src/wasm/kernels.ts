import { rangeError } from '../errors.js';
import type { WasmBackend } from './features.js';

/** The functions of the AssemblyScript module (assembly/index.ts). Pointers are byte offsets. */
interface KernelExports {
  readonly memory: WebAssembly.Memory;
  convNchwDirect(args: number): void;
  convNchwPointwise(args: number): void;
  convNhwc(args: number): void;
  convPlanes(args: number): void;
  depthwiseNhwc(args: number): void;
  poolNhwc(args: number): void;
  packRows(src: number, so: number, sc: number, sh: number, sw: number, outChannels: number,
    groupChannels: number, kernelH: number, kernelW: number, flip: number, dst: number): void;
  packPanels(src: number, so: number, sc: number, sh: number, sw: number, outChannels: number,
    groupChannels: number, kernelH: number, kernelW: number, flip: number, groups: number, dst: number): void;
  packTaps(src: number, so: number, sc: number, sh: number, sw: number, outChannels: number,
    paddedChannels: number, kernelH: number, kernelW: number, flip: number, dst: number): void;
  transpose(src: number, dst: number, count: number, rows: number, cols: number): void;
  heapBase(): number;
  readonly MR: WebAssembly.Global;
  readonly NR: WebAssembly.Global;
  readonly ARG_SLOTS: WebAssembly.Global;
}

const PAGE = 65536;
/** wasm32 addresses 4 GiB; V8 allows all of it. */
const MAX_MEMORY_BYTES = 65536 * PAGE;
/** Buffers start on cache-line boundaries. */
const ALIGN = 64;
/** Kernels may read up to a few vectors past a buffer's end (into lanes they never store). */
export const SLACK_BYTES = 64;

/**
 * One instance of the module and its linear memory. Each call lays its buffers out from the
 * same base (the arena is reused, never freed piecemeal) and grows memory only when a call
 * needs more than any before it. Views of the memory are made after growing, never kept.
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
  private readonly arenaBase: number;

  constructor(backend: WasmBackend, module: WebAssembly.Module) {
    this.backend = backend;
    this.exports = new WebAssembly.Instance(module, {
      env: {
        abort: () => {
          throw new Error(`simdconv: the '${backend}' WebAssembly module aborted`);
        },
      },
    }).exports as unknown as KernelExports;
    this.mr = this.exports.MR.value as number;
    this.nr = this.exports.NR.value as number;
    this.argsPtr = alignUp(this.exports.heapBase(), ALIGN);
    this.zerosPtr = this.argsPtr + alignUp((this.exports.ARG_SLOTS.value as number) * 4, ALIGN);
    this.arenaBase = this.zerosPtr + 4 * ALIGN; // 64 zero floats: more than MR, NR and a v128
  }

  /** Bytes of linear memory the instance holds now. */
  get memoryBytes(): number {
    return this.exports.memory.buffer.byteLength;
  }

  /**
   * Lays out buffers of the given byte sizes in the arena, grows memory to hold them, and
   * returns their addresses. Throws a `RangeError` naming the figure, before any write,
   * when wasm32 cannot address that much.
   */
  reserve(fn: string, sizes: readonly number[]): number[] {
    const pointers: number[] = [];
    let end = this.arenaBase;
    for (const size of sizes) {
      pointers.push(end);
      end = alignUp(end + size + SLACK_BYTES, ALIGN);
    }
    if (end > MAX_MEMORY_BYTES) {
      rangeError(fn, `needs ${end} bytes of WebAssembly memory, more than the ${MAX_MEMORY_BYTES} bytes (4 GiB) wasm32 can address`);
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
    return pointers;
  }

  /** A fresh f32 view of `length` floats at `ptr` (valid until the next growth). */
  f32(ptr: number, length: number): Float32Array {
    return new Float32Array(this.exports.memory.buffer, ptr, length);
  }

  /** Writes the argument block: integer slots, and f32 slots given by index. */
  writeArgs(slots: readonly number[], floats: Readonly<Record<number, number>> = {}): number {
    const ints = new Int32Array(this.exports.memory.buffer, this.argsPtr, slots.length);
    ints.set(slots);
    const f32 = new Float32Array(this.exports.memory.buffer, this.argsPtr, slots.length);
    for (const [slot, value] of Object.entries(floats)) f32[Number(slot)] = value;
    return this.argsPtr;
  }
}

export function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}
