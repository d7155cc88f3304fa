/** A command line that cannot be run as typed: the message says why; `simdconv` exits with 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
