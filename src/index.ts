/**
 * simdconv: convolution kernels for JavaScript and TypeScript.
 *
 * The top-level `conv2d`, `conv1d`, … run the pure-JS reference for now; the WebAssembly engine
 * slots in behind the same signatures. `reference.*` always runs the pure-JS kernels.
 *
 * @example
 * import { conv2d, kernels } from 'simdconv';
 * const edges = conv2d(image, kernels.sobelX, { padding: 'same' });
 */
export type { Tensor } from './tensor.js';
export { tensor, sizeOf } from './tensor.js';

export type {
  Conv1dOptions,
  Conv2dOptions,
  ConvParams,
  FilterLayout,
  FilterLayout1d,
  InputLayout,
  InputLayout1d,
} from './options/conv.js';
export type { Activation, ActivationName } from './options/activation.js';

export { conv2d } from './reference/conv2d.js';
export { conv1d } from './reference/conv1d.js';
export { avgPool2d, maxPool2d } from './reference/pool2d.js';
export { im2col } from './reference/im2col.js';
export { col2im } from './reference/col2im.js';
export type { AvgPool2dOptions, Pool2dOptions } from './options/pool.js';
export type { Col2imOptions, Im2colOptions } from './options/window.js';
export * as reference from './reference/index.js';

export type { Padding, PaddingWord } from './shape/padding.js';
export { resolvePadding, samePadding } from './shape/padding.js';
export { effectiveKernelSize } from './shape/output-size.js';
export type { RoundingType } from './shape/output-size.js';
export { conv2dOutputShape, convOutputSize } from './shape/conv-shape.js';
export type { AxisOptions } from './shape/conv-shape.js';
export { conv2dFlops, conv2dParameterCount } from './shape/counts.js';
export type { Conv2dLayer } from './shape/counts.js';
export { pool2dOutputShape, poolOutputSize } from './shape/pool-shape.js';
export type { PoolAxisOptions } from './shape/pool-shape.js';
export { receptiveField } from './shape/receptive-field.js';
export type { ReceptiveField, ReceptiveFieldLayer } from './shape/receptive-field.js';

export { kernels } from './kernels/index.js';
export { edgeMagnitude } from './kernels/edge-magnitude.js';

export { nchwToNhwc, nhwcToNchw } from './layout/activation.js';
export { convertFilterLayout } from './layout/filter.js';
