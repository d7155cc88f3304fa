// KernelExports (src/wasm/kernels.ts) is the JS side's picture of the module's exports. It is a
// type, so nothing checks it at run time: this compares it, member by member, with what each
// build really exports (name, kind, and for functions the number of parameters and results),
// so that a kernel or packer whose signature changes on one side only fails here.
import { readFileSync } from 'node:fs';
import binaryen from 'binaryen';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { wasmUrl } from '../src/wasm/binary.js';
import { WASM_BACKENDS, type WasmBackend } from '../src/wasm/features.js';

/** One export as both sides can describe it: `function/3→void`, `global`, `memory`. */
type Signature = string;

/** KernelExports's members, read from the source with the TypeScript compiler. */
function declared(): Record<string, Signature> {
  const path = new URL('../src/wasm/kernels.ts', import.meta.url);
  const source = ts.createSourceFile('kernels.ts', readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'KernelExports');
  if (found === undefined) throw new Error('src/wasm/kernels.ts has no interface KernelExports');
  const members: Record<string, Signature> = {};
  for (const member of found.members) {
    const name = member.name!.getText(source);
    if (ts.isMethodSignature(member)) {
      for (const parameter of member.parameters) expect(parameter.type?.getText(source), `${name}(${parameter.name.getText(source)})`).toBe('number');
      members[name] = `function/${member.parameters.length}→${member.type!.getText(source) === 'void' ? 'void' : 'number'}`;
    } else if (ts.isPropertySignature(member)) {
      const type = member.type!.getText(source);
      members[name] = type === 'WebAssembly.Memory' ? 'memory' : type === 'WebAssembly.Global' ? 'global' : `unexpected type ${type}`;
    }
  }
  return members;
}

/** What a build exports, read from its binary with binaryen. */
function exported(backend: WasmBackend): Record<string, Signature> {
  const module = binaryen.readBinary(readFileSync(wasmUrl(backend)));
  try {
    const members: Record<string, Signature> = {};
    for (let i = 0; i < module.getNumExports(); i++) {
      const info = binaryen.getExportInfo(module.getExportByIndex(i));
      if (info.kind === binaryen.ExternalFunction) {
        const fn = binaryen.getFunctionInfo(module.getFunction(info.value));
        const params = binaryen.expandType(fn.params);
        const results = binaryen.expandType(fn.results);
        expect(params.every((t) => t === binaryen.i32), `${info.name}'s parameters are all i32`).toBe(true);
        expect(results.length <= 1, `${info.name} returns at most one value`).toBe(true);
        members[info.name] = `function/${params.length}→${results.length === 0 ? 'void' : 'number'}`;
      } else {
        members[info.name] = info.kind === binaryen.ExternalMemory ? 'memory' : info.kind === binaryen.ExternalGlobal ? 'global' : `kind ${info.kind}`;
      }
    }
    return members;
  } finally {
    module.dispose();
  }
}

describe('KernelExports matches the module', () => {
  it('declares every kernel, packer and constant', () => {
    expect(Object.keys(declared()).length).toBeGreaterThan(15);
  });

  it.each(WASM_BACKENDS)('the %s build exports exactly KernelExports, with the same arities', (backend) => {
    expect(exported(backend)).toEqual(declared());
  });

  it.each(WASM_BACKENDS)('the %s build: JS sees the same arities (Function.length)', async (backend) => {
    const module = await WebAssembly.compile(readFileSync(wasmUrl(backend)));
    const instance = await WebAssembly.instantiate(module, { env: { abort: () => {} } });
    for (const [name, signature] of Object.entries(declared())) {
      if (!signature.startsWith('function/')) continue;
      expect((instance.exports[name] as (...a: number[]) => unknown).length, name).toBe(Number(signature.split(/[/→]/)[1]));
    }
  });
});
