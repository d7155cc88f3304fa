// The simdconv WebAssembly module: arithmetic only. Every function receives resolved integers
// and pointers into this module's memory; validation, defaults and layouts of the public API
// are decided in TypeScript (src/engine, src/wasm).

export { convNchwDirect } from './conv-nchw-direct';
export { convNchwPointwise } from './conv-nchw-pointwise';
export { convNhwc } from './conv-nhwc';
export { convPlanes } from './plane';
export { depthwiseNhwc } from './depthwise-nhwc';
export { poolNhwc } from './pool';
export { packPanels, packRows, packTaps } from './pack';
export { convWinograd } from './winograd';
export { packWinograd } from './winograd-filter';
export { transpose } from './transpose';
export { MR, NR } from './gemm';
export { ARG_SLOTS } from './args';

/** First free byte after the module's static data: where the engine's arena starts. */
export function heapBase(): usize {
  return __heap_base;
}
