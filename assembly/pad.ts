import { copyFloats, zeroFloats } from './copy';

/**
 * Copies rows [firstRow, endRow) of one input plane, zero-padded, into consecutive rows of
 * `phases × phaseLength` floats at `dst` (padded row r goes to dst row r − firstRow): the
 * padded column k (input column k − padLeft) goes to phase k mod phases, index ⌊k / phases⌋.
 * With `phases` = the width stride, the inputs of consecutive strided outputs become
 * contiguous, so kernels read them with plain vector loads.
 */
export function padPlanePhases(
  dst: usize, src: usize, inH: i32, inW: i32, padTop: i32, padLeft: i32,
  firstRow: i32, endRow: i32, phases: i32, phaseLength: i32,
): void {
  const rowLength = phases * phaseLength;
  const rowBytes = <usize>rowLength << 2;
  for (let r = firstRow; r < endRow; r++) {
    const row = dst + <usize>(r - firstRow) * rowBytes;
    const h = r - padTop;
    if (h < 0 || h >= inH) {
      zeroFloats(row, rowLength);
      continue;
    }
    const from = src + (<usize>(h * inW) << 2);
    if (phases == 1) {
      zeroFloats(row, padLeft);
      copyFloats(row + (<usize>padLeft << 2), from, inW);
      zeroFloats(row + (<usize>(padLeft + inW) << 2), rowLength - padLeft - inW);
    } else if (ASC_FEATURE_SIMD && phases == 2) {
      // Source column x lands at padded column x + padLeft: the source's even columns form one
      // contiguous run in one phase, its odd columns one in the other. Split eight at a time.
      // Only the margins around the two runs are zeroed: the runs are written once.
      const phaseBytes = <usize>phaseLength << 2;
      for (let phase = 0; phase < 2; phase++) {
        const first = (padLeft - phase + 1) >> 1; // the phase's first padded column ≥ padLeft
        const end = (padLeft + inW - phase + 1) >> 1; // one past its last one < padLeft + inW
        const at = row + <usize>phase * phaseBytes;
        zeroFloats(at, first);
        zeroFloats(at + (<usize>end << 2), phaseLength - end);
      }
      const evens = row + ((padLeft & 1) == 0 ? 0 : phaseBytes) + (<usize>(padLeft >> 1) << 2);
      const odds = row + (((padLeft + 1) & 1) == 0 ? 0 : phaseBytes) + (<usize>((padLeft + 1) >> 1) << 2);
      let x = 0;
      // Sixteen floats a step, pointers bumped instead of recomputed.
      let src = from;
      let e = evens;
      let o = odds;
      for (; x + 16 <= inW; x += 16) {
        const v0 = v128.load(src);
        const v1 = v128.load(src, 16);
        const v2 = v128.load(src, 32);
        const v3 = v128.load(src, 48);
        v128.store(e, v128.shuffle<f32>(v0, v1, 0, 2, 4, 6));
        v128.store(o, v128.shuffle<f32>(v0, v1, 1, 3, 5, 7));
        v128.store(e, v128.shuffle<f32>(v2, v3, 0, 2, 4, 6), 16);
        v128.store(o, v128.shuffle<f32>(v2, v3, 1, 3, 5, 7), 16);
        src += 64;
        e += 32;
        o += 32;
      }
      for (; x + 8 <= inW; x += 8) {
        const v0 = v128.load(from + (<usize>x << 2));
        const v1 = v128.load(from + (<usize>x << 2), 16);
        v128.store(evens + (<usize>(x >> 1) << 2), v128.shuffle<f32>(v0, v1, 0, 2, 4, 6));
        v128.store(odds + (<usize>(x >> 1) << 2), v128.shuffle<f32>(v0, v1, 1, 3, 5, 7));
      }
      for (; x < inW; x++) {
        store<f32>(((x & 1) == 0 ? evens : odds) + (<usize>(x >> 1) << 2), load<f32>(from + (<usize>x << 2)));
      }
    } else {
      zeroFloats(row, rowLength);
      for (let x = 0; x < inW; x++) {
        const k = x + padLeft;
        const phase = k % phases;
        const at = phase * phaseLength + k / phases;
        store<f32>(row + (<usize>at << 2), load<f32>(from + (<usize>x << 2)));
      }
    }
  }
}

/**
 * The first row of block `block` when `rows` rows are cut into `blocks` blocks as evenly as
 * whole rows allow (a prologue's grid tile: A_PROLOGUE_BLOCKS); block `blocks` gives `rows`.
 */
// @ts-ignore: decorator
@inline export function rowOfBlock(block: i32, blocks: i32, rows: i32): i32 {
  return <i32>((<i64>block * rows) / blocks);
}
