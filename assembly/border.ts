// A padded copy of an input whose padding is not zeros (conv's paddingMode: reflect, replicate,
// circular): every padded row is a source row (or zeros), every padded column a source column,
// as the tables `rowMap` and `colMap` (i32, −1 for a zero) say, computed by the TypeScript side
// (src/options/padding-mode.ts). The interior of a row, columns [left, left + width), is one
// contiguous copy. NCHW: one plane per image and channel, `run` 1; NHWC: one per image, `run` C.

import { copyFloats, zeroFloats } from './copy';

export function padBorder(
  src: usize, dst: usize, planes: i32, height: i32, width: i32, run: i32,
  outHeight: i32, outWidth: i32, rowMap: usize, colMap: usize, left: i32,
): void {
  const rowFloats = outWidth * run;
  for (let p = 0; p < planes; p++) {
    const plane = src + ((<usize>p * height * width * run) << 2);
    for (let r = 0; r < outHeight; r++) {
      const out = dst + ((<usize>(p * outHeight + r) * rowFloats) << 2);
      const sr = load<i32>(rowMap + (<usize>r << 2));
      if (sr < 0) {
        zeroFloats(out, rowFloats);
        continue;
      }
      const row = plane + ((<usize>sr * width * run) << 2);
      for (let c = 0; c < left; c++) copyColumn(out, row, colMap, c, run);
      copyFloats(out + ((<usize>left * run) << 2), row, width * run);
      for (let c = left + width; c < outWidth; c++) copyColumn(out, row, colMap, c, run);
    }
  }
}

// @ts-ignore: decorator
@inline function copyColumn(out: usize, row: usize, colMap: usize, c: i32, run: i32): void {
  const sc = load<i32>(colMap + (<usize>c << 2));
  const at = out + ((<usize>c * run) << 2);
  if (sc < 0) zeroFloats(at, run);
  else copyFloats(at, row + ((<usize>sc * run) << 2), run);
}
