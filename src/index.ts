/**
 * simdconv: convolution kernels for JavaScript and TypeScript.
 *
 * The top-level `conv2d`, `conv1d`, `maxPool2d` and `avgPool2d` run on the default engine: the
 * fastest WebAssembly build this JavaScript engine has (`getEngine().backend` says which).
 * `createEngine({ backend })` makes an engine on a chosen build; `reference.*` always runs the
 * pure-JS kernels.
 *
 * @example
 * import { conv2d, kernels } from 'simdconv';
 * const edges = conv2d(image, kernels.sobelX, { padding: 'same' });
 */
export type { Tensor } from './tensor.js';
export { tensor, sizeOf } from './tensor.js';

export type {
  ConvAlgorithm,
  Conv1dOptions,
  Conv2dOptions,
  ConvParams,
  FilterLayout,
  FilterLayout1d,
  InputLayout,
  InputLayout1d,
} from './options/conv.js';
export type { Activation, ActivationName } from './options/activation.js';

export { avgPool2d, avgPool3d, conv1d, conv2d, conv3d, convTranspose1d, convTranspose2d, convTranspose3d, maxPool2d, maxPool3d } from './engine/top-level.js';
export type { Conv3dOptions, FilterLayout3d, InputLayout3d, Padding3d } from './options/conv3d.js';
export { conv3dOutputShape } from './shape/conv-shape.js';
export type {
  ConvTranspose1dOptions,
  ConvTranspose2dOptions,
  ConvTranspose3dOptions,
  ConvTransposeFilterLayout,
  ConvTransposeFilterLayout1d,
  ConvTransposePadding,
  ConvTransposePadding1d,
  ConvTransposePaddingWord,
} from './options/conv-transpose.js';
export { getEngine, ready } from './engine/default.js';
export { createEngine, createEngineSync } from './engine/engine.js';
export type { BackendChoice, Engine, EngineOptions } from './engine/engine.js';
export type { ConvLayer, Layer } from './engine/layer.js';
export type { EngineTensor } from './engine/engine-tensor.js';
export type { Backend, WasmBackend } from './wasm/features.js';
export type { WasmSource, WasmSources } from './wasm/source.js';
export { im2col } from './reference/im2col.js';
export { col2im } from './reference/col2im.js';
export type { AvgPool2dOptions, Pool2dOptions } from './options/pool.js';
export type { Col2imOptions, Im2colOptions } from './options/window.js';
export * as reference from './reference/index.js';

export type { Padding, Padding1d, PaddingWord } from './options/padding.js';
export { resolvePadding, samePadding } from './shape/padding.js';
export { effectiveKernelSize } from './shape/output-size.js';
export type { RoundingType } from './options/axis-geometry.js';
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

export { fromImage } from './image/from-image.js';
export type { FromImageOptions } from './image/from-image.js';
export { toImage } from './image/to-image.js';
export type { ToImageOptions } from './image/to-image.js';
export type { ImageChannels, ImageDataLike, ImageLike, ImageRange, ToImageResult } from './image/image-like.js';
export { convertFilterLayout } from './layout/filter.js';
export { foldBatchNorm } from './layout/fold-batch-norm.js';
export { pad } from './layout/pad.js';
export { lpPool2d, maxPool2dWithIndices } from './engine/top-level.js';

export { lpPool3d } from './reference/pool3d.js';
export type { AvgPool3dOptions, LpPool3dOptions, Pool3dOptions } from './options/pool3d.js';
export type { LpPool2dOptions } from './reference/lp-pool.js';
export { maxUnpool2d } from './reference/max-pool-indices.js';
export { maxPool3dWithIndices, maxUnpool3d } from './reference/max-pool3d-indices.js';
export type { MaxPool3dWithIndicesOptions, MaxUnpool3dOptions } from './reference/max-pool3d-indices.js';
export type { IndexTensor, MaxPool2dWithIndicesOptions, MaxUnpool2dOptions, PoolIndexing } from './reference/max-pool-indices.js';
export type { PadMode, PadOptions } from './layout/pad.js';
export type { PaddingMode } from './options/padding-mode.js';
export type { BatchNormParams, FoldBatchNormOptions } from './layout/fold-batch-norm.js';
export { quantizeLinear, dequantizeLinear, quantizationParams } from './quant/quantize.js';
export { convInteger1d, convInteger2d, qlinearConv1d, qlinearConv2d } from './engine/top-level.js';
export type { QuantizedConvLayer } from './engine/layer.js';
export type { QuantizationParamsOptions } from './quant/quantize.js';
export type { Int32Tensor, QuantizedArray, QuantizedTensor, QuantizedType } from './quant/tensor.js';
export type {
  ConvInteger1dOptions,
  ConvInteger2dOptions,
  QLinearConv1dOptions,
  QLinearConv2dOptions,
  QuantizedActivation,
} from './quant/qconv-options.js';
