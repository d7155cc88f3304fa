// The argument block is defined twice, once per language; this keeps the two in step.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as slots from '../src/wasm/args.js';

describe('wasm argument slots', () => {
  it('src/wasm/args.ts mirrors assembly/args.ts', () => {
    const source = readFileSync(new URL('../assembly/args.ts', import.meta.url), 'utf8');
    const declared = Object.fromEntries(
      [...source.matchAll(/export const (A_\w+|ARG_SLOTS) = (\d+);/g)].map((m) => [m[1]!, Number(m[2])]),
    );
    expect(Object.keys(declared).length).toBeGreaterThan(20);
    const { windowSlots: _, ...constants } = slots;
    expect(constants).toEqual(declared);
  });
});
