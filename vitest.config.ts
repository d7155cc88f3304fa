import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Relaxed SIMD is on by default from Node 22; Node 20 needs the V8 flag, passed to the forked
// test processes so that the relaxed-simd build is tested too. SIMDCONV_EXPECT_RELAXED makes
// the equivalence tests fail, rather than skip, if the flag did not take.
const nodeMajor = Number(process.versions.node.split('.')[0]);
const relaxedFlag = nodeMajor < 22 ? ['--experimental-wasm-relaxed-simd'] : [];

export default defineConfig({
  // The examples import the package by name, as a user would; tests run them on the sources.
  resolve: { alias: { simdconv: fileURLToPath(new URL('./src/index.ts', import.meta.url)) } },
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    execArgv: relaxedFlag,
    env: { SIMDCONV_EXPECT_RELAXED: '1' },
    testTimeout: 60_000,
  },
});
