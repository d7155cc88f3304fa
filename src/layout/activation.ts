import { checkTensor, type Tensor } from '../tensor.js';
import { permute } from './permute.js';

/**
 * Transposes activations from `[N, C, H, W]` (PyTorch, ONNX) to `[N, H, W, C]` (TensorFlow).
 *
 * @example
 * const nhwc = nchwToNhwc({ data, shape: [1, 3, 224, 224] }); // shape [1, 224, 224, 3]
 */
export function nchwToNhwc(x: Tensor): Tensor {
  return permute(checkTensor('nchwToNhwc', 'input', x, 4, '[N, C, H, W]'), 'nchw', 'nhwc', 'nchwToNhwc');
}

/**
 * Transposes activations from `[N, H, W, C]` to `[N, C, H, W]`.
 *
 * @example
 * const nchw = nhwcToNchw({ data, shape: [1, 224, 224, 3] }); // shape [1, 3, 224, 224]
 */
export function nhwcToNchw(x: Tensor): Tensor {
  return permute(checkTensor('nhwcToNchw', 'input', x, 4, '[N, H, W, C]'), 'nhwc', 'nchw', 'nhwcToNchw');
}
