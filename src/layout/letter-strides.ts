/**
 * Each axis letter's stride in a row-major array of `shape` laid out as `layout`:
 * `letterStrides('nchw', [1, 3, 4, 5])` is `{ n: 60, c: 20, h: 5, w: 1 }`. Lets a loop address
 * any layout by letter instead of permuting the data first.
 */
export function letterStrides(layout: string, shape: readonly number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (let axis = layout.length - 1, stride = 1; axis >= 0; axis--) {
    out[layout[axis]!] = stride;
    stride *= shape[axis]!;
  }
  return out;
}
