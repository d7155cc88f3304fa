import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

/** The repository root (what the test server serves). */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The package as shipped, as the page imports it. */
export const PACKAGE_URL = '/dist/index.js';

const SRC = resolve(ROOT, 'src');
const SRC_INDEX = new Set([resolve(SRC, 'index.ts'), resolve(SRC, 'index.js')]);
const VITEST_STUB = '\0vitest-stub';

/**
 * The test helpers import simdconv from `../../src/index.js`: in the page that becomes the
 * external built package, so the page tests exactly what ships. Any other import into src/
 * would bundle internals next to it and is an error. The helpers' `vitest` import
 * (tolerance.ts's `expect`) becomes a stub that throws: the page never asserts.
 */
function pagePlugin(): Plugin {
  return {
    name: 'simdconv-browser-test',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === 'vitest') return VITEST_STUB;
      if (!importer || !(source.startsWith('.') || isAbsolute(source))) return null;
      const path = resolve(dirname(importer), source);
      if (SRC_INDEX.has(path)) return { id: PACKAGE_URL, external: 'absolute' };
      if (path === SRC || path.startsWith(SRC + '/')) {
        throw new Error(`browser page: ${importer} imports ${source}; the page may use only the package's public entry (src/index.js → ${PACKAGE_URL})`);
      }
      return null;
    },
    load(id) {
      if (id === VITEST_STUB) return `export function expect() { throw new Error('vitest is not available in the browser page'); }`;
      return null;
    },
  };
}

/**
 * Bundles a page entry (TypeScript, under test/browser/page/) into one ES module, in memory,
 * with '/dist/index.js' left as an import. Returns its code.
 */
export async function bundlePage(entry: string): Promise<string> {
  const { build } = await import('vite');
  const output = await build({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    publicDir: false,
    plugins: [pagePlugin()],
    build: {
      write: false,
      minify: false,
      target: 'es2022',
      lib: { entry: resolve(ROOT, entry), formats: ['es'], fileName: 'page' },
    },
  });
  const outputs = Array.isArray(output) ? output : [output];
  const chunks = outputs.flatMap((o) => ('output' in o ? o.output : [])).filter((file) => file.type === 'chunk');
  if (chunks.length !== 1) throw new Error(`browser page: expected one bundled chunk for ${entry}, got ${chunks.length}`);
  const code = chunks[0]!.code;
  if (!code.includes(`from "${PACKAGE_URL}"`)) throw new Error(`browser page: the bundle of ${entry} does not import ${PACKAGE_URL}; simdconv must stay external`);
  return code;
}
