// The end-to-end example (examples/small-cnn.ts): its network on wasm-resident activations gives
// the reference network's logits on every backend, and every layer is timed.
import { describe, expect, it } from 'vitest';
import { createEngineSync } from '../src/index.js';
import { allocateActivations, buildNetwork, forward, referenceForward, testImage } from '../examples/small-cnn.js';
import { wasmEngines } from './helpers/engines.js';

describe('examples/small-cnn.ts', () => {
  const engines = [...wasmEngines(), createEngineSync({ backend: 'js' })];
  it.each(engines.map((e) => [e.backend, e] as const))('%s: in-place forward pass equals the reference network', (_, engine) => {
    const image = testImage(48);
    const stages = buildNetwork(engine, 3);
    const tensors = allocateActivations(engine, stages, image.shape);
    tensors[0]!.write(image.data);
    const times = forward(stages, tensors);
    expect(times).toHaveLength(stages.length);
    for (const ms of times) expect(ms).toBeGreaterThanOrEqual(0);

    const logits = tensors[tensors.length - 1]!;
    expect(logits.shape).toEqual([1, 10, 1, 1]);
    const expected = referenceForward(stages, image);
    // Every stage's rounding is within the tolerance (docs/architecture.md#tolerance); through 6 layers with |x|, |w| ≤ ~1
    // the logits (|y| ~ 0.1–1) agree to ~1e-6. 1e-4 leaves room for summation order only.
    const got = logits.read();
    for (let k = 0; k < 10; k++) expect(Math.abs(got[k]! - expected.data[k]!)).toBeLessThan(1e-4);
    // Not all zero: the network really computed something.
    expect(got.some((v) => Math.abs(v) > 1e-3)).toBe(true);

    for (const t of tensors) t.dispose();
    for (const stage of stages) stage.layer.dispose();
  });
});
