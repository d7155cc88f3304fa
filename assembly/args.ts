// Kernels take their integers from an argument block in linear memory (one i32 per slot), so
// the many sizes of a convolution cross the JS boundary in one call. src/wasm/args.ts writes it.

// The slots themselves (A_*, ARG_SLOTS) are declared once, in scripts/abi-table.mjs.
export * from './abi.generated';

// @ts-ignore: decorator
@inline export function arg(args: usize, slot: i32): i32 {
  return load<i32>(args + (<usize>slot << 2));
}

// @ts-ignore: decorator
@inline export function argF32(args: usize, slot: i32): f32 {
  return load<f32>(args + (<usize>slot << 2));
}

// @ts-ignore: decorator
@inline export function ptr(args: usize, slot: i32): usize {
  return <usize>load<u32>(args + (<usize>slot << 2));
}
