import type { WasmKernels } from '../wasm/kernels.js';
import type { ConvPath } from './conv-plan.js';

/** The wasm export that runs each path; it reads everything from the argument block. */
export function kernelFor(kernels: WasmKernels, path: ConvPath): (args: number) => void {
  const kernel = {
    planes: kernels.exports.convPlanes,
    'depthwise-nhwc': kernels.exports.depthwiseNhwc,
    'nchw-direct': kernels.exports.convNchwDirect,
    'nchw-pointwise': kernels.exports.convNchwPointwise,
    nhwc: kernels.exports.convNhwc,
    winograd: kernels.exports.convWinograd,
  }[path];
  return kernel;
}
