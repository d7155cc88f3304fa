// Writes the package's types as one file, dist/types/index.d.ts: the declarations the public
// entry (src/index.ts) reaches, with their doc comments, bundled by dts-bundle-generator. tsc's
// per-module declarations (53 files) were 36.6 KB of the tarball gzipped, internal modules'
// members and import boilerplate included; the bundle is 23.7 KB (2026-12-06). The workerd
// entry has the same API, so the `types` condition serves both.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { generateDtsBundle } from 'dts-bundle-generator';

const OUT_DIR = 'dist/types';
const [types] = generateDtsBundle([{ filePath: 'src/index.ts', output: { noBanner: true } }], { preferredConfigPath: 'tsconfig.build.json' });
rmSync(OUT_DIR, { recursive: true, force: true });
mkdirSync(OUT_DIR, { recursive: true });
writeFileSync(`${OUT_DIR}/index.d.ts`, types);
console.log(`${OUT_DIR}/index.d.ts: ${types.length} bytes`);
