/**
 * `dst[c][r] = src[r][c]` for `count` stacked [rows × cols] matrices: NCHW → NHWC is
 * (rows, cols) = (C, H·W) per image, NHWC → NCHW is (H·W, C). Blocks of 4×4 go through four
 * v128 and eight shuffles; the edges go one float at a time.
 */
export function transpose(src: usize, dst: usize, count: i32, rows: i32, cols: i32): void {
  const matrix = <usize>(rows * cols) << 2;
  for (let m = 0; m < count; m++) {
    const s = src + <usize>m * matrix;
    const d = dst + <usize>m * matrix;
    let r = 0;
    if (ASC_FEATURE_SIMD) {
      for (; r + 4 <= rows; r += 4) {
        let c = 0;
        for (; c + 4 <= cols; c += 4) {
          transposeBlock4(s + (<usize>(r * cols + c) << 2), <usize>cols << 2, d + (<usize>(c * rows + r) << 2), <usize>rows << 2);
        }
        for (; c < cols; c++) {
          for (let k = 0; k < 4; k++) {
            store<f32>(d + (<usize>(c * rows + r + k) << 2), load<f32>(s + (<usize>((r + k) * cols + c) << 2)));
          }
        }
      }
    }
    for (; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        store<f32>(d + (<usize>(c * rows + r) << 2), load<f32>(s + (<usize>(r * cols + c) << 2)));
      }
    }
  }
}

/**
 * One 4×4 block: the four rows of four floats at `src` (`srcStep` bytes apart) become the four
 * columns at `dst` (rows `dstStep` bytes apart), through four v128 and eight shuffles.
 */
// @ts-ignore: decorator
@inline export function transposeBlock4(src: usize, srcStep: usize, dst: usize, dstStep: usize): void {
  const x0 = v128.load(src);
  const x1 = v128.load(src + srcStep);
  const x2 = v128.load(src + 2 * srcStep);
  const x3 = v128.load(src + 3 * srcStep);
  const t0 = v128.shuffle<f32>(x0, x1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(x2, x3, 0, 4, 1, 5);
  const t2 = v128.shuffle<f32>(x0, x1, 2, 6, 3, 7);
  const t3 = v128.shuffle<f32>(x2, x3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
  v128.store(dst + dstStep, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
  v128.store(dst + 2 * dstStep, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * dstStep, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7));
}
