// What the shipped package may not do: evaluate code from strings, reach the network other than
// for its own .wasm, or depend on other packages. Checked on the built bundle (npm test builds it).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dist = new URL('../dist/', import.meta.url);
const bundle = readdirSync(dist)
  .filter((f) => f.endsWith('.js'))
  .map((f) => ({ file: f, code: readFileSync(new URL(f, dist), 'utf8') }));

describe('the shipped JavaScript', () => {
  it('is the two entries and one shared chunk', () => {
    expect(bundle.map((b) => b.file).sort()).toEqual(expect.arrayContaining(['index.js', 'workerd.js']));
    expect(bundle).toHaveLength(3);
  });

  it.each(['eval(', 'new Function', 'Function(', 'setTimeout("', "setTimeout('", 'importScripts', 'document.write'])('never contains %s', (token) => {
    for (const { file, code } of bundle) expect(code.includes(token), `${token} in dist/${file}`).toBe(false);
  });

  it('reaches the network only to fetch its own .wasm: one fetch, no other transport, no dynamic import', () => {
    const all = bundle.map((b) => b.code).join('\n');
    expect(all.match(/\bfetch\(/g) ?? []).toHaveLength(1);
    for (const transport of ['XMLHttpRequest', 'WebSocket', 'EventSource', 'sendBeacon', 'import(']) expect(all.includes(transport), transport).toBe(false);
    // The one fetch is the loader's, of a URL it was given or of its own build next to the bundle.
    expect(all).toMatch(/new URL\('\.\/wasm\/simdconv\.simd\.wasm',import\.meta\.url\)/);
  });

  it('has no runtime dependencies and imports nothing but its own files', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies', 'bundleDependencies', 'bundledDependencies']) {
      expect(pkg[field] ?? {}, field).toEqual({});
    }
    for (const { file, code } of bundle) {
      const specifiers = [...code.matchAll(/\bfrom\s*["']([^"']+)["']|\bimport\s*["']([^"']+)["']/g)].map((m) => m[1] ?? m[2]);
      expect(specifiers.filter((s) => !s!.startsWith('./')), `imports of dist/${file}`).toEqual([]);
    }
  });
});
