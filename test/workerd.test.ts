// The `workerd` export condition, in a Node process made to behave like a Workers isolate:
// `.wasm` imports arrive as compiled modules (test/fixtures/workerd/wasm-module-hook.mjs) and
// compiling at run time, fetch and the file system are all unavailable (run.mjs).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('the workerd entry runs the default engine synchronously from precompiled modules, compiling nothing', () => {
  const script = fileURLToPath(new URL('./fixtures/workerd/run.mjs', import.meta.url));
  // Relaxed SIMD as in current workerd (V8 ≥ 11.4); Node 20 needs the flag to compile that build.
  const flags = Number(process.versions.node.split('.')[0]) < 22 ? ['--experimental-wasm-relaxed-simd'] : [];
  const out = execFileSync(process.execPath, [...flags, '--conditions=workerd', script], { encoding: 'utf8' });
  const report = JSON.parse(out.trim().split('\n').pop()!) as { backend: string; scalar: string; result: number[]; bytesError: string };
  expect(report.backend).toBe('relaxed-simd');
  expect(report.scalar).toBe('scalar');
  expect(report.result).toEqual([12, 16, 24, 28]);
  expect(report.bytesError).toMatch(
    /could not compile it: .*disallowed by embedder\. This runtime forbids compiling WebAssembly at run time \(as Workers-style isolates do\): import the \.wasm as a module and pass the WebAssembly\.Module, or use the package's `workerd` entry\./,
  );
});
