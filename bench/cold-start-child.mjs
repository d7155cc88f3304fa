// One cold start, in a fresh Node process started by bench/cold-start.ts: import the built
// package, load the default engine (read, compile and instantiate the .wasm), run the first
// conv. Prints the phases in ms as JSON. Plain JavaScript and plain `node`, as a user runs it.
const t0 = performance.now();
const { conv2d, getEngine, kernels } = await import(process.argv[2]);
const t1 = performance.now();
const engine = getEngine();
const t2 = performance.now();
const size = 128;
const image = { data: new Float32Array(size * size).map((_, i) => ((i % size) >> 4) & 1), shape: [1, 1, size, size] };
const edges = conv2d(image, kernels.sobelX, { padding: 'same' });
const t3 = performance.now();
if (edges.data.length !== size * size) throw new Error(`cold start: got ${edges.data.length} outputs, expected ${size * size}`);
console.log(JSON.stringify({ backend: engine.backend, importMs: t1 - t0, engineMs: t2 - t1, convMs: t3 - t2, totalMs: t3 - t0 }));
