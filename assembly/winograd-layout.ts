import { WINOGRAD_SKEW } from './abi.generated';
import { NR } from './gemm';

// Where the elements of Winograd's operands live (assembly/winograd.ts). Each is n² planes, one
// per position ξ of the n×n transformed tile (or, for M, n² rows per tile); n = m + 2 is 4 for
// F(2×2, 3×3), 6 for F(4×4, 3×3):
//   U (the filter): [ξ][panel][c][NR], K = input channels rounded up to 4;
//   V (a block of T tiles' inputs): [ξ][t][c];
//   M (their products): [t][ξ][o], o over the output channels rounded up to NR.
// A transform writes (or reads) all n² planes of one tile at once: with plane strides that are
// multiples of 4 KiB, as they are for power-of-two channel counts, those streams fall into one
// L1 set and evict each other. Every plane stride is therefore skewed by SKEW floats. Measured
// (simd, kernel only, best of 12): B's input transform 0.59 → 0.31 ms, C's 0.16 → 0.08 ms.
// src/engine/winograd-plan.ts mirrors these sizes; SKEW itself is declared once, in
// scripts/abi-table.mjs.

export const SKEW: i32 = WINOGRAD_SKEW;

/** Input channels rounded up to 4: the K of the 16 GEMMs. */
// @ts-ignore: decorator
@inline export function winogradDepth(inChannels: i32): i32 {
  return (inChannels + 3) & ~3;
}

/** Floats from U[ξ] to U[ξ + 1]. */
// @ts-ignore: decorator
@inline export function uPlane(outChannels: i32, inChannels: i32): i32 {
  return winogradWidth(outChannels) * winogradDepth(inChannels) + SKEW;
}

/** Output channels rounded up to NR: the width of M's rows and U's panels. */
// @ts-ignore: decorator
@inline export function winogradWidth(outChannels: i32): i32 {
  return ((outChannels + NR - 1) / NR) * NR;
}

/** Floats from V[ξ] to V[ξ + 1] for a block of `block` tiles. */
// @ts-ignore: decorator
@inline export function vPlane(block: i32, inChannels: i32): i32 {
  return block * winogradDepth(inChannels) + SKEW;
}

/** Floats from M[t] to M[t + 1], for `xis` = n² positions ξ. */
// @ts-ignore: decorator
@inline export function mTile(outChannels: i32, xis: i32): i32 {
  return xis * winogradWidth(outChannels) + SKEW;
}
