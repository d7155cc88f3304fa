/**
 * `simdconv`: the command the package installs (dist/cli.js, bundled from here by
 * scripts/bundle.mjs). Exit codes: 0 done, 1 failed (e.g. a backend this runtime cannot run was
 * asked for), 2 a command line that cannot be run as typed.
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCommandLine } from './args.js';
import { BenchCaseError, runBench, UnavailableBackendError, type BenchReport } from './bench.js';
import { formatJson, formatReport } from './table.js';
import { BENCH_USAGE, MAIN_USAGE } from './usage.js';
import { UsageError } from './usage-error.js';

/** A shell word as typed: bare when it is plain, JSON-quoted otherwise. */
const shellWord = (arg: string) => (/^[\w,./:=@%+-]+$/.test(arg) ? arg : JSON.stringify(arg));

/**
 * How to get relaxed-simd measured when this Node needs V8's flag for it. NODE_OPTIONS refuses
 * V8 flags (Node exits with "is not allowed in NODE_OPTIONS"), so the flag goes on a `node`
 * command line that runs this very file, with the user's own arguments.
 */
function relaxedNote(argv: readonly string[]): string | undefined {
  if (Number(process.versions.node.split('.')[0]) >= 22) return undefined;
  const self = relative(process.cwd(), fileURLToPath(import.meta.url)) || fileURLToPath(import.meta.url);
  return (
    `note: relaxed-simd, the fastest build, is not measured: Node ${process.version} runs it only with V8's flag\n` +
    `      --experimental-wasm-relaxed-simd (on by default from Node 22), and NODE_OPTIONS does not take it.\n` +
    `      To include it, run:\n` +
    `      node --experimental-wasm-relaxed-simd ${[self, ...argv].map(shellWord).join(' ')}\n`
  );
}

/** Progress on an interactive stderr only: a log or a pipe gets the report and nothing else. */
function progressLine(done: number, total: number, id: string): void {
  if (!process.stderr.isTTY) return;
  process.stderr.write(done < total ? `\rsimdconv bench: shape ${done + 1}/${total} (${id})…\x1b[K` : '\r\x1b[K');
}

/**
 * Runs `simdconv` with the given arguments (after `node` and the script) and returns the exit
 * code; output goes to stdout (the help, the table or the JSON) and stderr (errors, notes).
 *
 * @example
 * process.exitCode = await main(['bench', '--quick']);
 */
export async function main(argv: readonly string[]): Promise<number> {
  let command;
  try {
    command = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const inBench = argv[0] === 'bench';
    process.stderr.write(`simdconv: ${error.message}\n${inBench ? 'run simdconv bench --help for the flags and the shape syntax\n' : `\n${MAIN_USAGE}`}`);
    return 2;
  }
  if (command.kind === 'help') {
    process.stdout.write(command.topic === 'bench' ? BENCH_USAGE : MAIN_USAGE);
    return 0;
  }
  const { settings } = command;
  let report: BenchReport;
  try {
    report = await runBench(settings, (done, total, c) => progressLine(done, total, c.id));
  } catch (error) {
    if (error instanceof BenchCaseError) {
      process.stderr.write(`simdconv: ${error.message}\n`);
      return 1;
    }
    if (!(error instanceof UnavailableBackendError)) throw error;
    process.stderr.write(`simdconv: --backends ${error.backend}: ${error.message}\n${error.backend === 'relaxed-simd' ? (relaxedNote(argv) ?? '') : ''}`);
    return 1;
  }
  process.stdout.write(settings.json ? formatJson(report) : formatReport(report));
  for (const { backend, reason } of report.unavailable) {
    const note = backend === 'relaxed-simd' ? relaxedNote(argv) : undefined;
    process.stderr.write(note ?? `note: ${backend} is not measured: ${reason}\n`);
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
