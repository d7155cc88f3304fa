export const ABI: number;
/** [name, meaning, kind?]: slot n is the n-th entry. */
export const SLOTS: readonly (readonly [string, string, ('f32' | undefined)?])[];
/** [name, meaning]: code n is the n-th entry. */
export const ACTIVATIONS: readonly (readonly [string, string])[];
export const POOL_MODES: readonly (readonly [string, string])[];
/** [name, value, meaning]. */
export const LAYOUT: readonly (readonly [string, number, string])[];
