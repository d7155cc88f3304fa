/**
 * The pure-JS reference kernels: written to read like the formula, the oracle for every faster
 * kernel, and the fallback where WebAssembly is missing.
 */
export { conv2d } from './conv2d.js';
export { conv1d } from './conv1d.js';
export { avgPool2d, maxPool2d } from './pool2d.js';
export { im2col } from './im2col.js';
export { col2im } from './col2im.js';
export { convTranspose1d, convTranspose2d, convTranspose3d } from './conv-transpose.js';
export { conv3d } from './conv3d.js';
export { avgPool3d, lpPool3d, maxPool3d } from './pool3d.js';
export { lpPool2d } from './lp-pool.js';
export { maxPool2dWithIndices, maxUnpool2d } from './max-pool-indices.js';
export { maxPool3dWithIndices, maxUnpool3d } from './max-pool3d-indices.js';
export { qlinearConv1d, qlinearConv2d, convInteger1d, convInteger2d } from './qlinear-conv.js';
