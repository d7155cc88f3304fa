import { resolvePool2d } from '../options/pool.js';
import { checkLength, sizeOf, tensorParts, type Tensor } from '../tensor.js';
import * as A from '../wasm/args.js';
import type { WasmKernels } from '../wasm/kernels.js';

/**
 * Max or average pooling on the wasm kernels. The kernel is NHWC (four channels per v128); an
 * NCHW input is transposed in wasm on the way in and the result on the way out.
 */
export function wasmPool(kernels: WasmKernels, fn: string, input: Tensor, options: unknown, average: boolean): Tensor {
  const x = tensorParts(fn, 'input', input);
  const p = resolvePool2d(fn, x.shape, options, { countIncludePad: average });
  const data = checkLength(fn, 'input', x.data, x.shape as number[]).data;
  const nchw = p.inputLayout === 'nchw';
  const outShape = nchw ? [p.batch, p.channels, p.outHeight, p.outWidth] : [p.batch, p.outHeight, p.outWidth, p.channels];
  const outFloats = sizeOf(outShape);
  const [inPtr, nhwcPtr, outPtr, nchwOutPtr] = kernels.reserve(fn, [
    4 * data.length,
    nchw ? 4 * data.length : 0,
    4 * outFloats,
    nchw ? 4 * outFloats : 0,
  ]) as [number, number, number, number];
  kernels.f32(inPtr, data.length).set(data);
  const k = kernels.exports;
  if (nchw) k.transpose(inPtr, nhwcPtr, p.batch, p.channels, p.inHeight * p.inWidth);

  const slots = A.windowSlots({
    ...p,
    inChannels: p.channels,
    outChannels: p.channels,
    kernelHeight: p.windowHeight,
    kernelWidth: p.windowWidth,
  });
  slots[A.A_INPUT] = nchw ? nhwcPtr : inPtr;
  slots[A.A_OUTPUT] = outPtr;
  slots[A.A_FLAG] = !average ? 0 : p.countIncludePad ? 2 : 1;
  k.poolNhwc(kernels.writeArgs(slots));

  if (!nchw) return { data: kernels.f32(outPtr, outFloats).slice(), shape: outShape };
  k.transpose(outPtr, nchwOutPtr, p.batch, p.outHeight * p.outWidth, p.channels);
  return { data: kernels.f32(nchwOutPtr, outFloats).slice(), shape: outShape };
}
