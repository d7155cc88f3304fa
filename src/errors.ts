/**
 * Error helpers. Every message starts with the public function that was called and names what
 * was expected and what was given, e.g. `conv2d: strides must be positive integers, got [0, 1]`.
 *
 * - `TypeError`: a value of the wrong kind (not an array, not a Float32Array, an unknown option key).
 * - `RangeError`: a value of the right kind that is out of range or inconsistent (a negative pad,
 *   an unknown padding word, channels that do not match, an output size below 1).
 * - `Error`: the runtime or the engine's state, not a value: threads where none can run (naming
 *   the cause and the fix: COOP/COEP or Document-Isolation-Policy headers), a build that cannot
 *   load, a disposed engine, a worker that died.
 */

/** Renders a user value for an error message, compactly and without throwing. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (value === null || value === undefined || typeof value !== 'object') return String(value);
  if (Array.isArray(value)) {
    const items = value.slice(0, 8).map(show);
    if (value.length > 8) items.push(`… ${value.length} items`);
    return `[${items.join(', ')}]`;
  }
  if (ArrayBuffer.isView(value)) {
    const length = (value as unknown as { length?: number }).length ?? value.byteLength;
    return `${value.constructor.name}(${length})`;
  }
  const name = (value as object).constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : 'an object';
}

/** Throws a `TypeError` prefixed with the calling function's name. */
export function typeError(fn: string, message: string): never {
  throw new TypeError(`${fn}: ${message}`);
}

/** Throws a `RangeError` prefixed with the calling function's name. */
export function rangeError(fn: string, message: string): never {
  throw new RangeError(`${fn}: ${message}`);
}
