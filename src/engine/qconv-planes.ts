import type { WindowGeometry } from '../wasm/args.js';
import * as A from '../wasm/args.js';

/**
 * Bytes of pair rows a band of the NCHW int8 depthwise kernel (assembly/qconv-depthwise-planes.ts)
 * keeps in scratch: L1-sized, for large planes. On 56² planes (the bench's Q4, simd, Zen 4) 8, 16,
 * 32 and 64 KB measured alike (0.52–0.56 ms, within the run's spread): the choice is not sensitive.
 */
const BAND_BYTES = 64 * 1024;

/** Where the NCHW depthwise kernel keeps what, per thread, after the epilogue's spill. */
export interface PlanesScratch {
  /** int16 pairs per pair row, a multiple of 8 (the kernel builds 8 at a time). */
  readonly rowPairs: number;
  /** Output rows per band. */
  readonly bandRows: number;
  /** Byte offset of the padded int16 input row. */
  readonly rowAt: number;
  /** Byte offset of the band's pair rows. */
  readonly bandAt: number;
  /** Bytes in all. */
  readonly bytes: number;
}

const up = (n: number, m: number) => Math.ceil(n / m) * m;

/** Whether the NCHW depthwise kernel runs a depthwise layer of this geometry: NCHW, horizontal stride 1. */
export function runsOnPlanes(g: WindowGeometry, nchw: boolean): boolean {
  return nchw && g.strides[1] === 1;
}

/**
 * The kernel's scratch, the one place its sizes are computed (the kernel reads them from
 * A_Q_ROW_PAIRS, A_Q_BAND_ROWS, A_Q_ROW_AT, A_Q_BAND_AT). Output pixels go 16 at a time, and tap
 * pair k of pixel o reads pair o + 2k·d, so a pair row spans the output row rounded up to 16
 * plus the widest pair offset; the padded row covers the padded input and every column a pair
 * row takes (q and q + d for q below rowPairs).
 */
export function planesScratch(g: WindowGeometry): PlanesScratch {
  const strideH = g.strides[0];
  const [dilationH, dilationW] = g.dilations;
  const pairStep = 2 * dilationW;
  const rowPairs = up(up(g.outWidth, 16) + ((g.kernelWidth - 1) >> 1) * pairStep, 8);
  const paddedWidth = g.inWidth + g.padding[2] + g.padding[3];
  const rowBytes = up(2 * Math.max(paddedWidth, rowPairs + dilationW), 16);
  const tableBytes = up(4 * g.kernelHeight * Math.ceil(g.kernelWidth / 2), 16);
  const window = (g.kernelHeight - 1) * dilationH + 1;
  const pairRowBytes = 4 * rowPairs;
  const fit = Math.floor((Math.floor(BAND_BYTES / pairRowBytes) - window) / strideH) + 1;
  const bandRows = Math.min(g.outHeight, Math.max(1, fit));
  const rowsIn = (bandRows - 1) * strideH + window;
  const rowAt = A.QCONV_SPILL_BYTES + tableBytes;
  const bandAt = rowAt + rowBytes;
  return { rowPairs, bandRows, rowAt, bandAt, bytes: bandAt + rowsIn * pairRowBytes };
}
