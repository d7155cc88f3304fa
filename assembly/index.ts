// The simdconv WebAssembly module: arithmetic only. Every function receives resolved integers
// and pointers into this module's memory; validation, defaults and layouts of the public API
// are decided in TypeScript (src/engine, src/wasm).

export { convNchwDirect, convNchwDirectPrologue } from './conv-nchw-direct';
export { convNchwPointwise } from './conv-nchw-pointwise';
export { convNhwc } from './conv-nhwc';
export { convPlanes } from './plane';
export { convSeparable } from './separable';
export { depthwiseNhwc } from './depthwise-nhwc';
export { poolNhwc } from './pool';
export { maxPoolIndicesNhwc } from './pool-indices';
export { lpPoolNhwc } from './pool-lp';
export { packPanels, packRows, packTaps } from './pack';
export { convWinograd, convWinogradPrologue } from './winograd';
export { packWinograd, PACK_WINOGRAD_SCRATCH } from './winograd-filter';
export { transpose } from './transpose';
export { interleavePair, scatterPhase } from './scatter';
export { padBorder } from './border';
export { preluTask } from './prelu';
export { accumulateFloats } from './copy';
export { qconvPrologue } from './qconv-prologue';
export { qconvDense } from './qconv-dense';
export { qconvDepthwise } from './qconv-depthwise';
export { qconvDepthwisePlanes } from './qconv-depthwise-planes';
export { qconvWinogradInput, qconvWinogradOutput } from './qconv-winograd';
export { qconvDenseDot, qconvDotPrologue, qdotKind } from './qconv-dot';
export { MR, NR } from './gemm';
export { ARG_SLOTS } from './args';
import { ABI } from './abi.generated';

/** First free byte after the module's static data: where the engine's arena starts. */
export function heapBase(): usize {
  return __heap_base;
}

/**
 * Which build this is and which JS glue it speaks: `ABI << 4 | variant`, variant 0 scalar,
 * 1 simd, 2 relaxed-simd, plus 4 for a threaded build (shared memory imported as `env.memory`,
 * for a worker pool). The loader checks it, so a `.wasm` from another package version, or
 * one build passed where another was asked for, fails with a message instead of wrong results.
 * ABI is declared in scripts/abi-table.mjs: bump it there whenever an export's signature or
 * the argument block changes.
 */
export const BUILD: i32 = (ABI << 4) | (ASC_FEATURE_THREADS ? 4 : 0) | (ASC_FEATURE_RELAXED_SIMD ? 2 : ASC_FEATURE_SIMD ? 1 : 0);
