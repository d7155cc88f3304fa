/** The text of `simdconv --help` and `simdconv bench --help`. */
import { BENCH_BACKENDS, FULL, QUICK } from './args.js';
import { formatShapeSpec, SHAPE_SYNTAX } from './shape-spec.js';
import { SUITE } from './suite.js';

export const MAIN_USAGE = `usage: simdconv <command> [flags]

Commands:
  bench        time simdconv's convolution on this machine: the pure-JS reference against
               each WebAssembly build, on real CNN layer shapes or your own
  help [bench] print this help, or bench's

Flags:
  -h, --help   print help (also: simdconv bench --help)

Examples:
  npx simdconv bench --quick
  npx simdconv bench --shapes 1x64x56x56:64x64x3x3/p1,1x3x224x224:32x3x3x3/s2/p1
  npx simdconv bench --backends js,simd --json > bench.json
`;

export const BENCH_USAGE = `usage: simdconv bench [--quick] [--shapes list] [--backends list] [--time ms] [--json]

Times one conv2d layer per shape on each backend: a prepacked layer (engine.createConv2d) run
into a preallocated output, one thread, after a warm-up. Prints per shape and backend the median
ms per call, the spread p25–p75 (the middle half of the samples), GFLOPS, and the speed over
the pure-JS reference (× js) and over the build createEngine() picks here (× default).

Flags:
  --quick          a few seconds: shapes ${QUICK.shapes.join(',')}, ${QUICK.timeMs} ms per shape and backend
  --shapes list    comma-separated suite letters or layers (default: the whole suite);
                   a layer is ${SHAPE_SYNTAX}:
                   input NCHW : filter OIHW (O outputs, I inputs per group, KHxKW kernel),
                   then optional /s strides, /p padding on every side (/psame: 'same'),
                   /d dilations, /g groups; a bias is always added
  --backends list  comma-separated, from ${BENCH_BACKENDS.join(', ')}
                   (default: every one this runtime runs)
  --time ms        sampling time per shape and backend after the warm-up (default ${FULL.timeMs};
                   --quick ${QUICK.timeMs}); at least ${FULL.minSamples} samples are taken whatever it says
  --json           print a JSON report (machine, settings, every figure) instead of the table
  -h, --help       print this help

Suite:
${SUITE.map((c) => `  ${c.id}  ${c.name.padEnd(30)} ${formatShapeSpec(c)}`).join('\n')}

relaxed-simd: on by default from Node 22. Node 20 runs it only with V8's flag, which
NODE_OPTIONS does not accept; run the command's file with it:
  node --experimental-wasm-relaxed-simd node_modules/simdconv/dist/cli.js bench

Examples:
  npx simdconv bench --quick
  npx simdconv bench --shapes B,C --backends simd,relaxed-simd --time 1000
  npx simdconv bench --shapes 1x3x224x224:32x3x3x3/s2/p1,1x32x112x112:32x1x3x3/p1/g32
`;
