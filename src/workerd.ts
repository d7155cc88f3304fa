/**
 * simdconv for Cloudflare Workers and other workerd-style isolates, chosen by the `workerd`
 * export condition. Those runtimes forbid compiling WebAssembly from bytes at run
 * time, but their bundlers turn `import m from './x.wasm'` into a precompiled
 * `WebAssembly.Module`. This entry imports the three builds that way and hands them to the
 * loader, so the default engine works synchronously, with no `ready()` and no fetch.
 *
 * @example
 * // worker.js — `import 'simdconv'` resolves here under wrangler
 * import { conv2d, kernels } from 'simdconv';
 * export default { fetch: () => Response.json(conv2d(image, kernels.sobelX).shape) };
 */
import relaxedSimd from './wasm/simdconv.relaxed-simd.wasm';
import scalar from './wasm/simdconv.scalar.wasm';
import simd from './wasm/simdconv.simd.wasm';
import { provideBuilds } from './wasm/provided.js';

provideBuilds({ 'relaxed-simd': relaxedSimd, simd, scalar });

export * from './index.js';
