// Builds the package's JavaScript: src/ bundled by rolldown into two entries, dist/index.js and
// dist/workerd.js (the `workerd` export condition), plus one chunk they share, minified. One
// file to load instead of ~60 took `import` from ~45 to ~10 ms in a cold Node process
// (bench/cold-start.ts), and minifying keeps the tarball within its 100 KB budget. Types are
// bundled separately (scripts/bundle-types.mjs → dist/types/index.d.ts), doc comments included.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rolldown } from 'rolldown';

const WASM_DIR_IN_SOURCE = "'../../dist/wasm/";

/**
 * src/wasm/binary.ts names the .wasm files relative to itself, `../../dist/wasm/…`, which is
 * right for the sources (tests) and wrong for the bundle in dist/. Rewrite the three literals
 * to `./wasm/…` (still static, so bundlers of the package see them as assets).
 */
const wasmPaths = {
  name: 'simdconv-wasm-paths',
  transform(code, id) {
    if (!id.endsWith('/src/wasm/binary.ts')) return null;
    const count = code.split(WASM_DIR_IN_SOURCE).length - 1;
    if (count !== 3) throw new Error(`scripts/bundle.mjs: expected 3 '../../dist/wasm/' URLs in ${id}, found ${count}`);
    return code.replaceAll(WASM_DIR_IN_SOURCE, "'./wasm/");
  },
};

/** The workerd entry's `import m from './wasm/….wasm'` stays an import, for the Workers bundler. */
const wasmImportsExternal = {
  name: 'simdconv-wasm-external',
  resolveId(source) {
    return source.endsWith('.wasm') ? { id: source, external: true } : null;
  },
};

const bundle = await rolldown({
  input: { index: 'src/index.ts', workerd: 'src/workerd.ts' },
  platform: 'neutral',
  plugins: [wasmPaths, wasmImportsExternal],
});
const { output } = await bundle.generate({
  format: 'esm',
  entryFileNames: '[name].js',
  chunkFileNames: 'simdconv-[hash].js',
  minify: { compress: true, mangle: true },
});
await bundle.close();
const chunks = output.filter((file) => file.type === 'chunk');
if (chunks.length !== 3) throw new Error(`scripts/bundle.mjs: expected index.js, workerd.js and one shared chunk, got ${chunks.map((c) => c.fileName).join(', ')}`);

// The minifier prints strings as `templates`; a bundler of the package must see each
// `new URL('./wasm/…', import.meta.url)` as a plain string literal to emit the .wasm as an asset
// (webpack, for one, looks for exactly that), so those three are put back in quotes.
const ASSET_URL = /new URL\(`(\.\/wasm\/[\w.-]+\.wasm)`,import\.meta\.url\)/g;
let urls = 0;
mkdirSync('dist', { recursive: true });
// Chunks of earlier builds have other hashes: drop them so the package ships only this build's.
for (const old of readdirSync('dist')) if (/^simdconv-.*\.js$/.test(old)) rmSync(`dist/${old}`);
for (const chunk of chunks) {
  const code = chunk.code.replace(ASSET_URL, (_, path) => (urls++, `new URL('${path}',import.meta.url)`));
  writeFileSync(`dist/${chunk.fileName}`, code);
  console.log(`dist/${chunk.fileName}: ${code.length} bytes`);
}
if (urls !== 3) throw new Error(`scripts/bundle.mjs: expected 3 .wasm asset URLs in the bundle, found ${urls}`);

// The `simdconv` command (package.json `bin`): src/cli/ bundled into dist/cli.js, which imports
// the library from the shipped ./index.js, so it measures exactly what users import, and adds
// no second copy of the library to the tarball. src/cli/ may reach the library only through
// src/index.ts (the public API), plus the import-free helpers of src/util/ (bundled, a few
// hundred bytes); anything else outside src/cli/ is an error here.
const CLI_DIR = join(process.cwd(), 'src/cli/');
const UTIL_DIR = join(process.cwd(), 'src/util/');
const PUBLIC_ENTRY = join(process.cwd(), 'src/index.ts');
const libraryAsPackage = {
  name: 'simdconv-cli-library',
  async resolveId(source, importer) {
    if (importer === undefined || source.startsWith('node:')) return null;
    const resolved = await this.resolve(source, importer, { skipSelf: true });
    if (resolved === null) return null;
    if (resolved.id === PUBLIC_ENTRY) return { id: './index.js', external: true };
    const allowed = resolved.id.startsWith(CLI_DIR) || (resolved.id.startsWith(UTIL_DIR) && !importer.startsWith(UTIL_DIR));
    if (!allowed) throw new Error(`scripts/bundle.mjs: ${importer} imports ${source}; the CLI may use the library only through src/index.ts (and src/util/, whose helpers import nothing)`);
    return resolved;
  },
};
const cliBundle = await rolldown({ input: { cli: 'src/cli/main.ts' }, platform: 'node', plugins: [libraryAsPackage] });
const { output: cliOutput } = await cliBundle.generate({ format: 'esm', entryFileNames: '[name].js', banner: '#!/usr/bin/env node', minify: { compress: true, mangle: true } });
await cliBundle.close();
const cliChunks = cliOutput.filter((file) => file.type === 'chunk');
if (cliChunks.length !== 1) throw new Error(`scripts/bundle.mjs: expected one dist/cli.js, got ${cliChunks.map((c) => c.fileName).join(', ')}`);
writeFileSync('dist/cli.js', cliChunks[0].code);
console.log(`dist/cli.js: ${cliChunks[0].code.length} bytes`);
