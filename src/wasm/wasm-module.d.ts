// What a Workers-style bundler makes of `import m from './x.wasm'`: a compiled module.
declare module '*.wasm' {
  const module: WebAssembly.Module;
  export default module;
}
