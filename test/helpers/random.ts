import type { Tensor } from '../../src/tensor.js';

/**
 * A small seeded pseudo-random generator (the mulberry32 algorithm): the same seed gives the
 * same sequence on every machine, so a failing random test can be replayed. Not for
 * cryptography. Each call returns a number in [0, 1), a multiple of 2^−32.
 *
 * @example
 * const rand = rng(42);
 * rand(); // the same value on every run
 */
export function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    // Weyl sequence step, then an integer hash of it: 32 bits of state, full period 2^32.
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * A tensor of the given shape filled with values in [−1, 1) drawn from `rand`.
 * The values are multiples of 2^−23, so they are exact in f32 and never round up to 1.
 *
 * @example
 * const rand = rng(7);
 * const x = randomTensor([2, 3, 5, 5], rand); // x.data: Float32Array(150)
 */
export function randomTensor(shape: readonly number[], rand: () => number): Tensor {
  let size = 1;
  for (const dim of shape) size *= dim;
  const data = new Float32Array(size);
  // floor(u · 2^24) ∈ [0, 2^24): scaled to [0, 2) and shifted, every step is exact.
  for (let k = 0; k < size; k++) data[k] = Math.floor(rand() * 2 ** 24) / 2 ** 23 - 1;
  return { data, shape: shape.slice() };
}

/**
 * A `[channels, 1, kH, kW]` filter whose every channel is rank 1: u·vᵀ of two random vectors,
 * each product rounded to f32 once (what src/engine/separable.ts must recognise).
 *
 * @example
 * const w = rankOneTensor(8, 5, 5, rng(3)); // 8 depthwise 5×5 taps, each channel u·vᵀ
 */
export function rankOneTensor(channels: number, kH: number, kW: number, rand: () => number): Tensor {
  const u = randomTensor([channels, kH], rand).data;
  const v = randomTensor([channels, kW], rand).data;
  const data = new Float32Array(channels * kH * kW);
  for (let o = 0; o < channels; o++) {
    for (let i = 0; i < kH; i++) for (let j = 0; j < kW; j++) data[(o * kH + i) * kW + j] = u[o * kH + i]! * v[o * kW + j]!;
  }
  return { data, shape: [channels, 1, kH, kW] };
}
