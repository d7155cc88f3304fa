/** Types of serve.mjs, for the TypeScript tests that start it. */
export interface Served {
  /** Base URL with a trailing slash, e.g. `http://127.0.0.1:41234/`. */
  readonly url: string;
  close(): Promise<void>;
}
/** COOP `same-origin` and COEP `require-corp`: a page served with them is cross-origin isolated. */
export const ISOLATION_HEADERS: Readonly<Record<string, string>>;
export function serve(options?: { root?: string; port?: number; host?: string; mime?: Record<string, string>; headers?: Readonly<Record<string, string>> }): Promise<Served>;
