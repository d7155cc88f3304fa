/**
 * A first-fit allocator over a growable region [base, end): the JS side's bookkeeping of wasm
 * linear memory. Blocks are aligned; freed blocks merge with free neighbours, so a call that
 * allocates and frees the same sizes each time reuses the same addresses and memory stops
 * growing after the largest call. Growing is delegated to `grow`, which returns the new end.
 */
export class Heap {
  /** Free blocks, sorted by address, never adjacent (merged on free). */
  private readonly free: { start: number; size: number }[] = [];
  private readonly used = new Map<number, number>();
  private end: number;
  /** Bytes in live blocks now, and the most there ever were at once. */
  liveBytes = 0;
  peakLiveBytes = 0;

  constructor(
    base: number,
    end: number,
    private readonly alignment: number,
    private readonly grow: (newEnd: number) => number,
  ) {
    const start = alignUp(base, alignment);
    this.end = end;
    if (end > start) this.free.push({ start, size: end - start });
  }

  /**
   * The address of `bytes` bytes (rounded up to the alignment). Takes the first free block that
   * fits; otherwise grows the region by what the last free block lacks. `grow` may throw: the
   * heap is unchanged then.
   */
  alloc(bytes: number): number {
    const size = alignUp(Math.max(bytes, 1), this.alignment);
    let index = this.free.findIndex((block) => block.size >= size);
    if (index < 0) {
      const last = this.free[this.free.length - 1];
      const tailStart = last !== undefined && last.start + last.size === this.end ? last.start : this.end;
      const newEnd = this.grow(tailStart + size);
      if (last !== undefined && tailStart === last.start) last.size = newEnd - last.start;
      else this.free.push({ start: this.end, size: newEnd - this.end });
      this.end = newEnd;
      index = this.free.length - 1;
    }
    const block = this.free[index]!;
    const start = block.start;
    if (block.size === size) this.free.splice(index, 1);
    else {
      block.start += size;
      block.size -= size;
    }
    this.used.set(start, size);
    this.liveBytes += size;
    this.peakLiveBytes = Math.max(this.peakLiveBytes, this.liveBytes);
    return start;
  }

  /** Returns a block to the heap. Freeing an address that is not live is a bug: it throws. */
  release(start: number): void {
    const size = this.used.get(start);
    if (size === undefined) throw new Error(`simdconv: internal error: freeing ${start}, which is not allocated`);
    this.used.delete(start);
    this.liveBytes -= size;
    let index = this.free.findIndex((block) => block.start > start);
    if (index < 0) index = this.free.length;
    const next = this.free[index];
    const previous = this.free[index - 1];
    if (previous !== undefined && previous.start + previous.size === start) {
      previous.size += size;
      if (next !== undefined && previous.start + previous.size === next.start) {
        previous.size += next.size;
        this.free.splice(index, 1);
      }
    } else if (next !== undefined && start + size === next.start) {
      next.start = start;
      next.size += size;
    } else {
      this.free.splice(index, 0, { start, size });
    }
  }
}

export function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}
