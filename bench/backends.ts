/**
 * The implementations the benchmark compares, one table row each per shape. Today only the
 * pure-JS reference exists; the wasm builds (simd, relaxed-simd, scalar) and peers join this list.
 */
import { reference, type Conv2dOptions, type Tensor } from '../src/index.js';

export interface Backend {
  /** As typed after `--backends`. */
  readonly name: string;
  readonly conv2d: (input: Tensor, filter: Tensor, options: Conv2dOptions) => Tensor;
}

export const BACKENDS: readonly Backend[] = Object.freeze([{ name: 'js', conv2d: reference.conv2d }]);

/** The backend other rows are compared with (the `× js` column). */
export const BASELINE = 'js';
