import { describe, expect, it } from 'vitest';
import { createEngine, createEngineSync, getEngine, ready, reference, type Tensor } from '../src/index.js';
import { randomTensor, rng } from './helpers/random.js';
import { abs, expectWithinTolerance } from './helpers/tolerance.js';

const rand = rng(99);

describe('choosing a backend', () => {
  it.each(['relaxed-simd', 'simd', 'scalar', 'js'] as const)('createEngine({ backend: %s }) runs that backend', async (backend) => {
    const engine = await createEngine({ backend });
    expect(engine.backend).toBe(backend);
    const x = randomTensor([1, 3, 6, 6], rand);
    const w = randomTensor([2, 3, 3, 3], rand);
    expect(engine.conv2d(x, w).shape).toEqual([1, 2, 4, 4]);
  });

  it("'auto' picks the fastest build this process runs (relaxed-simd: the tests pass the V8 flag)", async () => {
    expect((await createEngine()).backend).toBe('relaxed-simd');
    expect(createEngineSync({ backend: 'auto' }).backend).toBe('relaxed-simd');
  });

  it('the top-level functions use the best WebAssembly build, never JS quietly', async () => {
    expect(getEngine().backend).toBe('relaxed-simd');
    const scalar = await ready({ backend: 'scalar' });
    expect(getEngine()).toBe(scalar);
    await ready();
    expect(getEngine().backend).toBe('relaxed-simd');
  });

  it('rejects an unknown backend, naming the choices', async () => {
    await expect(createEngine({ backend: 'wasm' as never })).rejects.toThrow(
      /createEngine: backend must be one of 'auto', 'relaxed-simd', 'simd', 'scalar', 'js', got "wasm"/,
    );
    expect(() => createEngineSync({ backend: 'SIMD' as never })).toThrow(/did you mean 'simd'\?/);
    expect(() => createEngineSync({ backnd: 'simd' } as never)).toThrow(/unknown option `backnd`; did you mean `backend`\?/);
  });
});

describe('wasm memory', () => {
  const engine = createEngineSync({ backend: 'simd' });

  it('grows to the largest call, then stays: the same call again allocates nothing', () => {
    const x = randomTensor([1, 8, 40, 40], rand);
    const w = randomTensor([8, 8, 3, 3], rand);
    engine.conv2d(x, w, { padding: 1 });
    const after = engine.memoryBytes;
    for (let i = 0; i < 5; i++) engine.conv2d(x, w, { padding: 1 });
    expect(engine.memoryBytes).toBe(after);
  });

  it('gives correct results across growth, and results never alias wasm memory', () => {
    const small = { x: randomTensor([1, 2, 5, 5], rand), w: randomTensor([3, 2, 3, 3], rand) };
    const first = engine.conv2d(small.x, small.w);
    const copy = first.data.slice();
    const before = engine.memoryBytes;
    const big = { x: randomTensor([2, 16, 64, 64], rand), w: randomTensor([16, 16, 5, 5], rand) };
    engine.conv2d(big.x, big.w, { padding: 2 }); // grows memory: old views would detach
    expect(engine.memoryBytes).toBeGreaterThan(before);
    expect(first.data).toEqual(copy); // the earlier result is the caller's own array
    const again = engine.conv2d(small.x, small.w);
    const magnitude = reference.conv2d(abs(small.x), abs(small.w)).data;
    expectWithinTolerance(again, reference.conv2d(small.x, small.w), magnitude);
  });

  it('a rejected call changes nothing and the next call is correct', () => {
    const x = randomTensor([1, 4, 9, 9], rand);
    const w = randomTensor([4, 4, 3, 3], rand);
    const good = engine.conv2d(x, w);
    const bytes = engine.memoryBytes;
    expect(() => engine.conv2d(x, randomTensor([4, 3, 3, 3], rand))).toThrow(/input has 4 channels but filter expects 3/);
    expect(() => engine.conv2d(x, w, { strides: 0 })).toThrow(RangeError);
    expect(() => engine.maxPool2d(x, { windowDimensions: 20 })).toThrow(/output height would be 0/);
    expect(engine.memoryBytes).toBe(bytes);
    expect(engine.conv2d(x, w)).toEqual(good);
  });

  it('rejects a call that wasm32 cannot address, with the figure, before allocating', () => {
    const one: Tensor = { data: Float32Array.of(1), shape: [1, 1, 1, 1] };
    // A 1×1 image padded by 40 000 on each side: a 80 001² output, 25.6 GB of f32.
    expect(() => engine.conv2d(one, one, { padding: 40_000 })).toThrow(
      /conv2d: needs \d+ more bytes of WebAssembly memory, which would grow it to \d+ bytes, more than the 4294967296 bytes \(4 GiB\) wasm32 can address/,
    );
    expect(engine.conv2d(one, one).data).toEqual(Float32Array.of(1));
  });
});

describe('maxMemoryBytes', () => {
  it.each(['scalar', 'simd'] as const)('%s: a call past the limit is rejected before allocating, naming the figures; the engine stays usable', (backend) => {
    const limit = 4 * 1024 * 1024;
    const small = createEngineSync({ backend, maxMemoryBytes: limit });
    const rand = rng(5);
    const x = randomTensor([1, 8, 16, 16], rand);
    const w = randomTensor([8, 8, 3, 3], rand);
    const good = small.conv2d(x, w, { padding: 1 });
    expectWithinTolerance(good, reference.conv2d(x, w, { padding: 1 }), reference.conv2d(abs(x), abs(w), { padding: 1 }).data);
    const before = small.memoryBytes;
    // 1×8×512×512 in and out: 8 MiB each, past the 4 MiB limit.
    const big = { data: new Float32Array(8 * 512 * 512), shape: [1, 8, 512, 512] };
    expect(() => small.conv2d(big, w, { padding: 1 })).toThrow(
      new RegExp(`^conv2d: needs \\d+ more bytes of WebAssembly memory, which would grow it to \\d+ bytes, more than this engine's maxMemoryBytes \\(${limit}\\); nothing was allocated$`),
    );
    expect(() => small.tensor([1, 8, 512, 512])).toThrow(/^engine.tensor: needs 8388608 more bytes of WebAssembly memory, .* maxMemoryBytes \(4194304\)/);
    expect(small.memoryBytes).toBe(before);
    expect(small.conv2d(x, w, { padding: 1 })).toEqual(good);
  });

  it('is checked: a positive integer, at most 4 GiB, not below the module’s own initial memory', () => {
    expect(() => createEngineSync({ maxMemoryBytes: 0 })).toThrow('createEngineSync: maxMemoryBytes must be an integer ≥ 1, got 0');
    expect(() => createEngineSync({ maxMemoryBytes: 2 ** 33 })).toThrow('createEngineSync: maxMemoryBytes must be at most 4294967296 (4 GiB, what wasm32 addresses), got 8589934592');
    expect(() => createEngineSync({ backend: 'simd', maxMemoryBytes: 1024 })).toThrow(/maxMemoryBytes is 1024, less than the \d+ bytes the 'simd' module starts with/);
    expect(createEngineSync({ backend: 'js', maxMemoryBytes: 1024 }).backend).toBe('js');
  });
});
