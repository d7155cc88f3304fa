// One output cell of a conv2d, worked step by step for the teaching view: the formula of
// reference.conv2d written out for a single cell, in f64, keeping every intermediate value:
//
//   y[r, c] = act(bias + Σ_ch Σ_i Σ_j x̄[ch, r·s + i·d − padTop, c·s + j·d − padLeft] · w[ch, i, j])
//
// where x̄ is the input with zeros outside it (the padding). Batch 1, one output channel, NCHW.
import { resolvePadding } from '../dist/index.js';

/**
 * The activations the page offers: the package's names, with the formula shown and its value.
 * Only the parameter-free ones, so the select needs no extra fields.
 */
export const ACTIVATIONS = {
  none: { formula: 'x (no activation)', apply: (x) => x },
  relu: { formula: 'max(0, x)', apply: (x) => Math.max(0, x) },
  relu6: { formula: 'min(max(0, x), 6)', apply: (x) => Math.min(Math.max(0, x), 6) },
  sigmoid: { formula: '1 / (1 + e^−x)', apply: (x) => 1 / (1 + Math.exp(-x)) },
  tanh: { formula: 'tanh(x)', apply: Math.tanh },
  hardSwish: { formula: 'x · min(max(0, x + 3), 6) / 6', apply: (x) => (x * Math.min(Math.max(0, x + 3), 6)) / 6 },
};

/**
 * @typedef {{ i: number, j: number, h: number, w: number, padded: boolean, x: number, weight: number, product: number }} Tap
 * @typedef {{ taps: Tap[], sum: number }} ChannelSteps
 */

/**
 * Every step of output cell (row, col).
 * @param {{ data: Float32Array, shape: readonly number[] }} input `[1, C, H, W]`
 * @param {{ data: Float32Array, shape: readonly number[] }} filter `[1, C, kH, kW]`
 * @param {{ strides: number, padding: string, dilations: number }} geometry
 * @param {{ row: number, col: number, bias: number, activation: keyof typeof ACTIVATIONS }} cell
 * @returns {{ channels: ChannelSteps[], sum: number, bias: number, preActivation: number, value: number,
 *   padding: [number, number, number, number] }}
 */
export function cellSteps(input, filter, geometry, { row, col, bias, activation }) {
  const [, channelCount, height, width] = input.shape;
  const [, , kH, kW] = filter.shape;
  const s = geometry.strides;
  const d = geometry.dilations;
  const padding = resolvePadding(geometry.padding, [height, width], [kH, kW], s, d);
  const [padTop, , padLeft] = padding;
  const channels = [];
  for (let ch = 0; ch < channelCount; ch++) {
    const taps = [];
    let sum = 0;
    for (let i = 0; i < kH; i++) {
      for (let j = 0; j < kW; j++) {
        const h = row * s + i * d - padTop;
        const w = col * s + j * d - padLeft;
        const padded = h < 0 || h >= height || w < 0 || w >= width;
        const x = padded ? 0 : input.data[(ch * height + h) * width + w];
        const weight = filter.data[(ch * kH + i) * kW + j];
        const product = x * weight;
        sum += product;
        taps.push({ i, j, h, w, padded, x, weight, product });
      }
    }
    channels.push({ taps, sum });
  }
  const sum = channels.reduce((total, channel) => total + channel.sum, 0);
  const preActivation = sum + bias;
  return { channels, sum, bias, preActivation, value: ACTIVATIONS[activation].apply(preActivation), padding };
}
