// A static file server for the demo page and the browser tests: serves the package folder on
// localhost with the right MIME types (application/wasm included, so browsers can compile while
// downloading). No dependencies, so it runs from a fresh clone after `npm run build`.
//
//   node demo/serve.mjs [--port 8080] [--root .] [--isolate]      then open http://localhost:8080/demo/
//
// --isolate adds ISOLATION_HEADERS: the page is cross-origin isolated, so it has SharedArrayBuffer
// and createEngine({ threads }) can start web workers.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
  '.md': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

/**
 * The headers that make a page cross-origin isolated (`crossOriginIsolated === true`), which
 * shared memory, and so an engine with threads, needs. `credentialless` in place of
 * `require-corp` also works; so does `Document-Isolation-Policy: isolate-and-require-corp`.
 */
export const ISOLATION_HEADERS = Object.freeze({
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
});

/**
 * Starts a server on `root` and resolves to `{ url, close }`. Port 0 (the default) picks a free
 * port. `mime` overrides the type per extension (tests use it to serve `.wasm` as
 * `application/octet-stream`, as misconfigured servers do). `headers` go on every response
 * (e.g. {@link ISOLATION_HEADERS}).
 */
export async function serve({ root = '.', port = 0, host = '127.0.0.1', mime = {}, headers = {} } = {}) {
  const base = resolve(root);
  const types = { ...MIME, ...mime };
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    let file = normalize(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) return send(response, 403, 'forbidden');
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      response.writeHead(200, { ...headers, 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      response.end(body);
    } catch {
      send(response, 404, `not found: ${path}`, headers);
    }
  });
  await new Promise((done, fail) => server.once('error', fail).listen(port, host, done));
  const address = server.address();
  return {
    url: `http://${host}:${address.port}/`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

function send(response, status, text, headers = {}) {
  response.writeHead(status, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
  response.end(text);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const root = arg('root', fileURLToPath(new URL('..', import.meta.url)));
  const isolate = process.argv.includes('--isolate');
  const { url } = await serve({ root, port: Number(arg('port', '8080')), host: arg('host', '127.0.0.1'), headers: isolate ? ISOLATION_HEADERS : {} });
  console.log(`simdconv demo: ${url}demo/   (serving ${root}${isolate ? ', cross-origin isolated' : ''}; Ctrl-C to stop)`);
}
