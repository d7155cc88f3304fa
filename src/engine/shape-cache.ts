/** Input shapes a layer remembers; a network feeds a layer one shape, or a few. */
const SHAPE_CACHE_SIZE = 8;

/**
 * What a layer resolved for each input shape it has run on (validated options, sizes, argument
 * slots), so repeated calls skip the resolution. The oldest entry goes when it is full.
 */
export class ShapeCache<T> {
  private readonly entries = new Map<string, T>();

  /** The entry for `shape`, made by `resolve` (which validates and may throw) on first use. */
  get(shape: unknown, resolve: (shape: unknown) => T): T {
    const key = Array.isArray(shape) ? shape.join(',') : undefined;
    const cached = key === undefined ? undefined : this.entries.get(key);
    if (cached !== undefined) return cached;
    const entry = resolve(shape);
    if (key !== undefined) {
      if (this.entries.size >= SHAPE_CACHE_SIZE) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, entry);
    }
    return entry;
  }

  clear(): void {
    this.entries.clear();
  }
}
