import * as A from './args';
import { arg } from './args';
import { QCONV_SPILL_BYTES } from './abi.generated';

// What the int8 kernels (assembly/qconv-*.ts) share about their padded int16 copies: the
// prologue's size, the table of where a pixel's window lies in it, and filling rows (x − xZero
// converted, zeros stored).

/** Rows of the padded copy per image. */
// @ts-ignore: decorator
@inline export function paddedHeightOf(args: usize): i32 {
  return arg(args, A.A_IN_HEIGHT) + arg(args, A.A_PAD_TOP) + arg(args, A.A_PAD_BOTTOM);
}

/** Pixels of the padded copy per row. */
// @ts-ignore: decorator
@inline export function paddedWidthOf(args: usize): i32 {
  return arg(args, A.A_IN_WIDTH) + arg(args, A.A_PAD_LEFT) + arg(args, A.A_PAD_RIGHT);
}

/**
 * Tables, in the thread's scratch after the epilogue's QCONV_SPILL_BYTES, the byte offsets from
 * an output pixel's first input pixel of the runs of contiguous channels its window reads, and
 * returns the table's end. `merged`: a kernel row's taps are adjacent pixels whose channels follow
 * each other (one group, no horizontal dilation), one run per row; otherwise one run per tap. The
 * packed filters run tap by tap in the same order.
 */
// @ts-ignore: decorator
@inline export function tabulateRuns(args: usize, scratch: usize, merged: bool, pixelBytes: usize): usize {
  const kernelHeight = arg(args, A.A_KERNEL_HEIGHT);
  const kernelWidth = arg(args, A.A_KERNEL_WIDTH);
  const dilationH = arg(args, A.A_DILATION_H);
  const dilationW = arg(args, A.A_DILATION_W);
  const paddedWidth = paddedWidthOf(args);
  const runsPerRow = merged ? 1 : kernelWidth;
  let end = scratch + QCONV_SPILL_BYTES;
  for (let i = 0; i < kernelHeight; i++) {
    for (let j = 0; j < runsPerRow; j++) {
      store<u32>(end, <u32>(<usize>(i * dilationH * paddedWidth + j * dilationW) * pixelBytes));
      end += 4;
    }
  }
  return end;
}

/**
 * Zeros from `from` up to `to` in 16-byte stores (SIMD builds: memory.fill is a call into the
 * engine, and these regions are short), so up to 15 bytes past `to`: the callers' regions are
 * 16-byte steps long, or what follows is written next.
 */
// @ts-ignore: decorator
@inline export function zeroBytes(from: usize, to: usize): void {
  if (ASC_FEATURE_SIMD) {
    for (let at = from; at < to; at += 16) v128.store(at, i32x4.splat(0));
    return;
  }
  memory.fill(from, 0, to - from);
}

/** `count` bytes from `from` to int16 `x − zero` at `to`. */
// @ts-ignore: decorator
@inline export function convertRun(to: usize, from: usize, count: i32, zero: i32, signed: bool): void {
  let k = 0;
  if (ASC_FEATURE_SIMD) {
    const z = i16x8.splat(<i16>zero);
    if (signed) for (; k + 8 <= count; k += 8) v128.store(to + (<usize>k << 1), i16x8.sub(v128.load8x8_s(from + k), z));
    else for (; k + 8 <= count; k += 8) v128.store(to + (<usize>k << 1), i16x8.sub(v128.load8x8_u(from + k), z));
  }
  if (signed) for (; k < count; k++) store<i16>(to + (<usize>k << 1), <i32>load<i8>(from + k) - zero);
  else for (; k < count; k++) store<i16>(to + (<usize>k << 1), <i32>load<u8>(from + k) - zero);
}
