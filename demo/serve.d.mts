/** Types of serve.mjs, for the TypeScript tests that start it. */
export interface Served {
  /** Base URL with a trailing slash, e.g. `http://127.0.0.1:41234/`. */
  readonly url: string;
  close(): Promise<void>;
}
export function serve(options?: { root?: string; port?: number; host?: string; mime?: Record<string, string> }): Promise<Served>;
