/** Input shapes a layer remembers; a network feeds a layer one shape, or a few. */
const SHAPE_CACHE_SIZE = 8;

/**
 * What a layer resolved for each input shape it has run on (validated options, sizes, argument
 * slots), so repeated calls skip the resolution. The oldest entry goes when it is full.
 */
export class ShapeCache<T> {
  private readonly entries = new Map<string, { readonly shape: readonly unknown[]; readonly entry: T }>();
  /** The last shape looked up and its entry: a network feeds a layer the same shape every call. */
  private last: { readonly shape: readonly unknown[]; readonly entry: T } | undefined;

  /** The entry for `shape`, made by `resolve` (which validates and may throw) on first use. */
  get(shape: unknown, resolve: (shape: unknown) => T): T {
    if (!Array.isArray(shape)) return resolve(shape);
    // Compared element by element (===): ['1', '2'] joins as [1, 2] does, but was never validated.
    if (this.last !== undefined && sameElements(this.last.shape, shape)) return this.last.entry;
    const key = shape.join(',');
    const cached = this.entries.get(key);
    if (cached !== undefined && sameElements(cached.shape, shape)) {
      this.last = cached;
      return cached.entry;
    }
    const entry = resolve(shape);
    if (this.entries.size >= SHAPE_CACHE_SIZE) this.entries.delete(this.entries.keys().next().value!);
    this.last = { shape: shape.slice(), entry };
    this.entries.set(key, this.last);
    return entry;
  }

  clear(): void {
    this.entries.clear();
    this.last = undefined;
  }
}

function sameElements(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
