#!/usr/bin/env node
// Makes sure the tools the tests drive are here, installing what is missing, so that `npm test`
// right after `npm install` passes on a fresh machine. `npm test` runs it first; it is quick when
// everything is in place (it only looks).
//
// - Deno and workerd, pinned below (the one place their versions are written). They are not
//   devDependencies: their npm packages list optional binaries for every platform, this
//   registry serves only the Linux ones, so a lockfile cannot hold them and `npm ci` refuses
//   it. `npm install --no-save` adds them without touching package.json or the lockfile; a later
//   `npm install` prunes them, and the next `npm test` puts them back.
// - Chromium for the browser, bundler and demo tests: Debian's package (a browser download of
//   Playwright's own cannot be fetched here). Installed with apt-get when we are root on a
//   Debian-like system; otherwise the message says what to install or to set CHROMIUM_PATH.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The runtimes the runtime tests start, by npm package, at the versions they were tested with. */
const RUNTIMES = { deno: '2.9.6', workerd: '1.20261117.1' };

const repo = fileURLToPath(new URL('..', import.meta.url));

function installedVersion(name) {
  const manifest = `${repo}node_modules/${name}/package.json`;
  if (!existsSync(`${repo}node_modules/.bin/${name}`) || !existsSync(manifest)) return undefined;
  return JSON.parse(readFileSync(manifest, 'utf8')).version;
}

function setUpRuntimes() {
  const missing = Object.entries(RUNTIMES).filter(([name, version]) => installedVersion(name) !== version);
  if (missing.length === 0) return;
  const specs = missing.map(([name, version]) => `${name}@${version}`);
  console.log(`setup: installing ${specs.join(', ')} for the runtime tests (npm install --no-save)`);
  execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', ...specs], { cwd: repo, stdio: 'inherit' });
}

function setUpChromium() {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(path)) return;
  const canApt = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get') && process.env.CHROMIUM_PATH === undefined;
  if (!canApt) {
    throw new Error(
      `setup: Chromium is missing at ${path}; the browser tests need it. Install Debian's package ` +
        '(`sudo apt-get install -y chromium`) or set CHROMIUM_PATH to a Chromium or Chrome binary.',
    );
  }
  console.log("setup: installing Debian's chromium for the browser tests (apt-get)");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: ['ignore', 'ignore', 'inherit'], env });
}

try {
  setUpRuntimes();
  setUpChromium();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
