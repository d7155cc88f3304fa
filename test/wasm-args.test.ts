// The interface between the two languages (argument slots, activation codes, pooling modes,
// Winograd's plane skew, the ABI version) is declared once, in scripts/abi-table.mjs, and
// generated for each side. This checks the generated files are current, that the two sides and
// the compiled builds agree, and that nobody declares a mirror of them by hand again.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ABI as TABLE_ABI, SLOTS } from '../scripts/abi-table.mjs';
import { staleAbiFiles } from '../scripts/gen-abi.mjs';
import * as tsSide from '../src/wasm/abi.generated.js';
import * as args from '../src/wasm/args.js';
import { wasmUrl } from '../src/wasm/binary.js';
import { WASM_BACKENDS } from '../src/wasm/features.js';
import { ABI } from '../src/wasm/instantiate.js';

const root = new URL('../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

/** `export const NAME: i32 = n;` of the AssemblyScript side. */
function assemblyConstants(): Record<string, number> {
  const source = read('assembly/abi.generated.ts');
  return Object.fromEntries([...source.matchAll(/^export const (\w+): i32 = (\d+);/gm)].map((m) => [m[1]!, Number(m[2])]));
}

/** Every .ts file under a folder of the repository, but the generated ones. */
function handWritten(folder: string): string[] {
  return readdirSync(new URL(folder, root), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.generated.ts'))
    .map((file) => `${folder}${file}`);
}

describe('the TypeScript ↔ AssemblyScript interface', () => {
  it('the generated files are what scripts/abi-table.mjs gives (run node scripts/gen-abi.mjs)', () => {
    expect(staleAbiFiles()).toEqual([]);
  });

  it('both sides declare the same names with the same values', () => {
    const declared = assemblyConstants();
    expect(Object.keys(declared).length).toBeGreaterThan(40);
    expect({ ...tsSide }).toEqual(declared);
    expect(ABI).toBe(TABLE_ABI);
  });

  it('src/wasm/args.ts hands out the generated slots', () => {
    for (const [name, value] of Object.entries(tsSide)) expect((args as Record<string, unknown>)[name]).toBe(value);
  });

  it('no hand-written file declares a slot, activation code, pooling mode, layout constant or ABI of its own', () => {
    const files = [...handWritten('assembly/'), ...handWritten('src/')];
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.filter((file) => /\bconst (A_\w+|ACT_\w+|POOL_\w+|ARG_SLOTS|ABI|\w*SKEW)\b\s*(:\s*\w+\s*)?=\s*\d/.test(read(file)));
    expect(offenders).toEqual([]);
  });

  it('one meaning per slot: every slot is read by a kernel and written by the engine', () => {
    const kernels = handWritten('assembly/').map(read).join('\n');
    const engine = handWritten('src/').map(read).join('\n');
    for (const [name] of SLOTS) {
      expect(kernels, `${name} is read by no kernel`).toMatch(new RegExp(`\\b${name}\\b`));
      expect(engine, `${name} is written by nothing in src/`).toMatch(new RegExp(`\\b${name}\\b`));
    }
    expect(new Set(SLOTS.map(([name]) => name)).size).toBe(SLOTS.length);
  });

  it('the activation parameters are adjacent: kernels read them as one pair (activateFrom)', () => {
    expect(args.A_ACT_P1).toBe(args.A_ACT_P0 + 1);
  });

  it.each(WASM_BACKENDS)('the %s build was compiled from this table (ARG_SLOTS and ABI)', async (backend) => {
    const module = await WebAssembly.compile(readFileSync(wasmUrl(backend)));
    const instance = await WebAssembly.instantiate(module, { env: { abort: () => {} } });
    expect((instance.exports.ARG_SLOTS as WebAssembly.Global).value).toBe(args.ARG_SLOTS);
    expect((instance.exports.BUILD as WebAssembly.Global).value >> 4).toBe(ABI);
  });
});
