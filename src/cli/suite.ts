/**
 * The benchmark suite: real CNN layer shapes (ResNet, MobileNetV2, a dilated and a grouped
 * layer, an image filter, a batch), NCHW input and OIHW filter, batch 1 unless noted. One list
 * for `simdconv bench` (shipped) and `npm run bench` (bench/suite.ts re-exports it), so a letter
 * names the same layer in both.
 */
import { kernels, type Conv2dOptions, type Tensor } from '../index.js';

export interface SuiteCase {
  /** One letter, as typed after `--shapes`. */
  readonly id: string;
  /** Where the layer comes from. */
  readonly name: string;
  readonly inputShape: readonly [number, number, number, number];
  readonly filterShape: readonly [number, number, number, number];
  /** Geometry only; the benchmarks add a bias. */
  readonly options: Conv2dOptions;
  /** A fixed filter instead of random weights. */
  readonly filter?: () => Tensor;
}

export const SUITE: readonly SuiteCase[] = Object.freeze([
  { id: 'A', name: 'ResNet stem 7×7 s2', inputShape: [1, 3, 224, 224], filterShape: [64, 3, 7, 7], options: { strides: 2, padding: 3 } },
  { id: 'B', name: 'ResNet conv2_x 3×3', inputShape: [1, 64, 56, 56], filterShape: [64, 64, 3, 3], options: { padding: 1 } },
  { id: 'C', name: 'ResNet conv4_x 3×3', inputShape: [1, 256, 14, 14], filterShape: [256, 256, 3, 3], options: { padding: 1 } },
  { id: 'D', name: 'ResNet downsample 3×3 s2', inputShape: [1, 128, 56, 56], filterShape: [256, 128, 3, 3], options: { strides: 2, padding: 1 } },
  { id: 'E', name: 'MobileNetV2 expand 1×1', inputShape: [1, 24, 56, 56], filterShape: [144, 24, 1, 1], options: {} },
  { id: 'F', name: 'MobileNetV2 depthwise 3×3', inputShape: [1, 144, 56, 56], filterShape: [144, 1, 3, 3], options: { padding: 1, groups: 144 } },
  { id: 'G', name: 'MobileNetV2 depthwise 3×3 s2', inputShape: [1, 96, 112, 112], filterShape: [96, 1, 3, 3], options: { strides: 2, padding: 1, groups: 96 } },
  { id: 'H', name: 'Dilated 3×3 d2 (DeepLab)', inputShape: [1, 64, 56, 56], filterShape: [64, 64, 3, 3], options: { dilations: 2, padding: 2 } },
  { id: 'I', name: 'Image filter: Sobel 1024²', inputShape: [1, 1, 1024, 1024], filterShape: [1, 1, 3, 3], options: { padding: 1 }, filter: () => kernels.sobelX },
  { id: 'J', name: 'CIFAR batch 8, 3×3', inputShape: [8, 3, 32, 32], filterShape: [16, 3, 3, 3], options: { padding: 1 } },
  { id: 'K', name: 'Grouped 3×3 g4 (ResNeXt)', inputShape: [1, 64, 56, 56], filterShape: [64, 16, 3, 3], options: { padding: 1, groups: 4 } },
]);
