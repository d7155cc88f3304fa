import { copyFloats, zeroFloats } from './copy';
import { NR } from './gemm';

// im2col over a tile of output pixels only, so the workspace stays bounded whatever the image.
// x̄ is the input with zeros outside the image; padded taps are written as 0, so they take
// part in the products exactly as in the reference.

/**
 * NHWC rows: for output pixels [first, first + count), one row of K = kH·kW·Cg floats each,
 * k = (i·kW + j)·Cg + c, read from channels [cOffset, cOffset + Cg) of an NHWC image.
 */
export function im2colRows(
  dst: usize, image: usize, inH: i32, inW: i32, channels: i32, cOffset: i32, groupChannels: i32,
  kernelH: i32, kernelW: i32, strideH: i32, strideW: i32, dilationH: i32, dilationW: i32,
  padTop: i32, padLeft: i32, outW: i32, first: i32, count: i32,
): void {
  const runBytes = <usize>groupChannels << 2;
  let d = dst;
  let oh = first / outW;
  let ow = first - oh * outW;
  for (let q = 0; q < count; q++) {
    for (let i = 0; i < kernelH; i++) {
      const h = oh * strideH + i * dilationH - padTop;
      const rowInside = h >= 0 && h < inH;
      for (let j = 0; j < kernelW; j++) {
        const w = ow * strideW + j * dilationW - padLeft;
        if (rowInside && w >= 0 && w < inW) {
          copyFloats(d, image + (<usize>((h * inW + w) * channels + cOffset) << 2), groupChannels);
        } else {
          zeroFloats(d, groupChannels);
        }
        d += runBytes;
      }
    }
    if (++ow == outW) {
      ow = 0;
      oh++;
    }
  }
}

// Per-pixel window origins of one panel (NR pixels): row and column of tap (0, 0), and a
// validity flag (the tile's last panel may be short).
const originH = memory.data(NR * 4, 16);
const originW = memory.data(NR * 4, 16);

/**
 * NCHW panels: the tile's pixels [first, first + count) in panels of NR, each panel K-major:
 * panel[k − k0][r] = x̄[c, h, w] for pixel first + panel·NR + r and k = (c·kH + i)·kW + j in
 * [k0, k0 + depth). `image` points at the group's first channel plane.
 */
export function im2colPanels(
  dst: usize, image: usize, inH: i32, inW: i32,
  kernelH: i32, kernelW: i32, strideH: i32, strideW: i32, dilationH: i32, dilationW: i32,
  padTop: i32, padLeft: i32, outW: i32, first: i32, count: i32, k0: i32, depth: i32,
): void {
  const plane = inH * inW;
  const panels = (count + NR - 1) / NR;
  let d = dst;
  for (let p = 0; p < panels; p++) {
    const start = first + p * NR;
    const valid = min(NR, count - p * NR);
    const oh0 = start / outW;
    const ow0 = start - oh0 * outW;
    // A full panel within one output row, stride 1: its taps read NR consecutive input cells.
    const contiguous = valid == NR && ow0 + NR <= outW && strideW == 1;
    let oh = oh0;
    let ow = ow0;
    for (let r = 0; r < NR; r++) {
      store<i32>(originH + (<usize>r << 2), r < valid ? oh * strideH - padTop : i32.MIN_VALUE / 2);
      store<i32>(originW + (<usize>r << 2), ow * strideW - padLeft);
      if (++ow == outW) {
        ow = 0;
        oh++;
      }
    }
    let c = k0 / (kernelH * kernelW);
    let rest = k0 - c * kernelH * kernelW;
    let i = rest / kernelW;
    let j = rest - i * kernelW;
    for (let k = 0; k < depth; k++) {
      const channel = image + (<usize>(c * plane) << 2);
      if (contiguous) {
        const h = load<i32>(originH) + i * dilationH;
        const w = load<i32>(originW) + j * dilationW;
        if (h >= 0 && h < inH && w >= 0 && w + NR <= inW) {
          copyFloats(d, channel + (<usize>(h * inW + w) << 2), NR);
        } else {
          gatherPanelRow(d, channel, inH, inW, i * dilationH, j * dilationW);
        }
      } else {
        gatherPanelRow(d, channel, inH, inW, i * dilationH, j * dilationW);
      }
      d += NR << 2;
      if (++j == kernelW) {
        j = 0;
        if (++i == kernelH) {
          i = 0;
          c++;
        }
      }
    }
  }
}

// @ts-ignore: decorator
@inline function gatherPanelRow(d: usize, channel: usize, inH: i32, inW: i32, dh: i32, dw: i32): void {
  for (let r = 0; r < NR; r++) {
    const h = load<i32>(originH + (<usize>r << 2)) + dh;
    const w = load<i32>(originW + (<usize>r << 2)) + dw;
    const inside = h >= 0 && h < inH && w >= 0 && w < inW;
    store<f32>(d + (<usize>r << 2), inside ? load<f32>(channel + (<usize>(h * inW + w) << 2)) : 0);
  }
}
