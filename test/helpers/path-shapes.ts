import type { Conv2dOptions } from '../../src/index.js';

// Convolutions that take every kernel path with many tiles, some rare among the random cases
// (1×1 NCHW): [input shape, filter shape (OIHW), options]. test/tiles.test.ts and
// test/wasm-builds.test.ts run them.
export const PATH_SHAPES: [number[], number[], Conv2dOptions][] = [
  [[2, 20, 17, 23], [13, 20, 1, 1], {}], // nchw-pointwise
  [[1, 12, 30, 30], [9, 4, 1, 1], { groups: 3, activation: 'relu' }], // nchw-pointwise, grouped
  [[1, 40, 20, 16], [36, 40, 3, 3], { padding: 1, algorithm: 'direct' }], // nchw-direct, gathered panels, 2 depth blocks
  [[2, 40, 8, 16], [12, 40, 3, 3], { padding: [0, 2, 1, 1], algorithm: 'direct' }], // nchw-direct, in place
  [[1, 4, 9, 200], [5, 4, 2, 5], { strides: [2, 3], padding: [1, 0, 2, 2] }], // nchw-direct, 3 phases
  [[2, 19, 10, 35], [14, 5, 3, 3], { inputLayout: 'nhwc', filterLayout: 'oihw', groups: 7, padding: 1 }], // nhwc, im2col
  [[2, 17, 24, 3], [14, 3, 3, 3], { inputLayout: 'nhwc', filterLayout: 'oihw', padding: 1, activation: 'relu' }], // nchw-direct NHWC, in place, ragged channel tile
  [[1, 37, 45, 2], [34, 2, 5, 5], { inputLayout: 'nhwc', filterLayout: 'oihw', strides: 2, padding: 2 }], // nchw-direct NHWC, gathered panels, 2 phases
  [[1, 37, 45, 3], [34, 3, 5, 5], { inputLayout: 'nhwc', filterLayout: 'oihw', strides: 2, padding: 2 }], // nhwc, windows read in place as kernel-row runs, border blocks by im2col
  [[1, 12, 14, 80], [20, 80, 3, 3], { inputLayout: 'nhwc', filterLayout: 'oihw', strides: 2, padding: [1, 0, 0, 1] }], // nhwc, runs in place, 2 depth blocks of whole runs
  [[1, 20, 20, 8], [12, 8, 3, 3], { inputLayout: 'nhwc', filterLayout: 'oihw', dilations: [1, 2], padding: [1, 1, 2, 2], algorithm: 'direct' }], // nhwc, runs of one tap (width dilation)
  [[2, 20, 30, 4], [10, 2, 3, 3], { inputLayout: 'nhwc', filterLayout: 'oihw', groups: 2, dilations: 2, padding: 2 }], // nchw-direct NHWC, grouped
  [[1, 11, 37, 2], [6, 2, 3, 4], { inputLayout: 'nhwc', filterLayout: 'oihw', strides: [1, 2], padding: [1, 1, 3, 0] }], // nchw-direct NHWC, 2 channels, 2 phases, odd left padding
  [[1, 20, 24, 3], [8, 3, 14, 14], { inputLayout: 'nhwc', filterLayout: 'oihw', padding: 'same' }], // nchw-direct NHWC, 2 depth blocks
  [[1, 30, 31, 24], [16, 24, 1, 1], { inputLayout: 'nhwc', filterLayout: 'oihw' }], // nhwc, pointwise
  [[1, 1, 90, 70], [1, 1, 3, 3], { padding: 1 }], // planes, one channel: row blocks
  [[1, 1, 90, 70], [1, 1, 5, 4], { strides: 2, dilations: [2, 1], padding: 2 }], // planes, generic kernel
  [[2, 6, 40, 33], [12, 1, 3, 3], { groups: 6, strides: 2, padding: 1 }], // planes, multiplier 2
  [[2, 37, 29, 16], [16, 1, 3, 3], { inputLayout: 'nhwc', filterLayout: 'oihw', groups: 16, padding: 1 }], // depthwise-nhwc
  [[1, 3, 20, 72], [72, 1, 3, 3], { inputLayout: 'nhwc', filterLayout: 'oihw', groups: 72, padding: 1 }], // depthwise-nhwc, 3 rows: channel blocks, a ragged last one
  [[1, 2, 9, 20], [40, 1, 3, 3], { inputLayout: 'nhwc', filterLayout: 'oihw', groups: 20, padding: [1, 1, 0, 2], strides: [1, 2] }], // depthwise-nhwc, multiplier 2, channel blocks
  [[1, 40, 23, 21], [24, 21, 3, 3], { inputLayout: 'nhwc', filterLayout: 'oihw', padding: 1, algorithm: 'winograd' }], // winograd NHWC
  [[2, 9, 30, 26], [10, 9, 3, 3], { dilations: [2, 3], padding: 'same', algorithm: 'winograd-4x4' }], // winograd, phases
];

// Convolutions of the separable path: [input shape, [channels, kH, kW] of a rank-1 filter
// (rankOneTensor), options]. Each has many tiles: row blocks of one plane, or many channels.
export const SEPARABLE_SHAPES: [number[], [number, number, number], Conv2dOptions][] = [
  [[1, 1, 90, 70], [1, 5, 5], { padding: 'same', activation: 'relu' }], // one channel: row blocks
  [[2, 6, 31, 29], [12, 3, 4], { groups: 6, strides: [2, 1], dilations: [1, 2], padding: [1, 2, 3, 0] }], // multiplier 2
  [[1, 20, 9, 40], [20, 1, 7], { groups: 20, strides: [1, 2], padding: [0, 3], flip: true }], // 1×k, width stride 2
];
