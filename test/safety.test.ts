// What the shipped package may not do: evaluate code from strings, reach the network other than
// for its own .wasm, or depend on other packages. Checked on the built bundle (npm test builds it).
// The library is the two entries and their shared chunk; dist/cli.js, the `simdconv` command
// (package.json `bin`), is Node-only and is checked apart: it may import Node's own modules for
// the machine's description and its own path, and the library only through ./index.js.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dist = new URL('../dist/', import.meta.url);
const shipped = readdirSync(dist)
  .filter((f) => f.endsWith('.js'))
  .map((f) => ({ file: f, code: readFileSync(new URL(f, dist), 'utf8') }));
const CLI_FILE = 'cli.js';
const bundle = shipped.filter((b) => b.file !== CLI_FILE);
const cli = shipped.find((b) => b.file === CLI_FILE);

const importsOf = (code: string) => [...code.matchAll(/\bfrom\s*["']([^"']+)["']|\bimport\s*["']([^"']+)["']/g)].map((m) => m[1] ?? m[2]);

describe('the shipped JavaScript', () => {
  it('is the two entries and one shared chunk, plus the command', () => {
    expect(bundle.map((b) => b.file).sort()).toEqual(expect.arrayContaining(['index.js', 'workerd.js']));
    expect(bundle).toHaveLength(3);
    expect(cli, 'dist/cli.js').toBeDefined();
  });

  it.each(['eval(', 'new Function', 'Function(', 'setTimeout("', "setTimeout('", 'importScripts', 'document.write'])('never contains %s', (token) => {
    for (const { file, code } of shipped) expect(code.includes(token), `${token} in dist/${file}`).toBe(false);
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
      expect(importsOf(code).filter((s) => !s!.startsWith('./')), `imports of dist/${file}`).toEqual([]);
    }
  });
});

describe('the simdconv command (dist/cli.js)', () => {
  it('never reaches the network and imports no code at run time', () => {
    for (const transport of ['fetch(', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'sendBeacon', 'import(', 'require(', 'node:http', 'node:net', 'child_process']) {
      expect(cli!.code.includes(transport), transport).toBe(false);
    }
  });

  it('imports the library only through ./index.js, and only the Node modules it needs', () => {
    expect(new Set(importsOf(cli!.code))).toEqual(new Set(['./index.js', 'node:os', 'node:path', 'node:url']));
  });

  it('starts with the shebang npm links as the `simdconv` bin', () => {
    expect(cli!.code.startsWith('#!/usr/bin/env node\n')).toBe(true);
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { bin?: Record<string, string> };
    expect(pkg.bin).toEqual({ simdconv: 'dist/cli.js' });
  });
});
