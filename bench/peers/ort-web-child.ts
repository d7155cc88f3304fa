/**
 * The ort-web peer at T threads in its own process (ONNX Runtime initialises its wasm once per
 * process, so one process cannot hold two thread counts). Started by ./ort-web-process.ts as
 * `node <the parent's flags> bench/peers/ort-web-child.ts <threads>`; reads one JSON request a
 * line on stdin and answers each with one line on stdout, prefixed by REPLY_MARK. Tensors travel
 * through files in the parent's temporary folder: the case's data in, outputs out.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Conv2dOptions } from '../../src/index.js';
import { timeTask } from '../time-task.js';
import { createOrtWebPeer } from './ort-web.js';
import { convCase, type PreparedConv } from './peer.js';
import { REPLY_MARK, type ChildRequest } from './ort-web-protocol.js';

const threads = Number(process.argv[2]);
const reply = (message: object) => process.stdout.write(`${REPLY_MARK}${JSON.stringify(message)}\n`);
const peer = await createOrtWebPeer(threads);
let prepared: { conv: PreparedConv; input: Float32Array } | undefined;
reply({ version: peer.version, setup: peer.setup });

const write = (file: string, data: Float32Array) => writeFileSync(file, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));

async function handle(request: ChildRequest): Promise<object> {
  switch (request.op) {
    case 'prepare': {
      await prepared?.conv.dispose();
      prepared = undefined;
      const bytes = readFileSync(request.file);
      const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
      const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
      const inputSize = size(request.inputShape);
      const filterSize = size(request.filterShape);
      const input = { shape: request.inputShape, data: floats.slice(0, inputSize) };
      const filter = { shape: request.filterShape, data: floats.slice(inputSize, inputSize + filterSize) };
      const bias = request.biasLength > 0 ? floats.slice(inputSize + filterSize, inputSize + filterSize + request.biasLength) : undefined;
      const options = { ...request.options, ...(bias === undefined ? {} : { bias }) } as Conv2dOptions;
      const started = performance.now();
      const conv = await peer.prepare(convCase(input, filter, options));
      const setupMs = performance.now() - started;
      prepared = { conv, input: input.data };
      return { setupMs };
    }
    case 'once': {
      const p = need();
      write(request.out, await p.conv.run(p.input));
      return {};
    }
    case 'time': {
      const p = need();
      const timed = await timeTask(`ort-web ${threads}T`, { run: () => p.conv.run(p.input), async: p.conv.async }, request.options);
      write(request.out, timed.last);
      return { samples: timed.samples, cpuMs: timed.cpuMs, wallMs: timed.wallMs };
    }
    case 'release':
      await prepared?.conv.dispose();
      prepared = undefined;
      return {};
  }
}

function need(): NonNullable<typeof prepared> {
  if (prepared === undefined) throw new Error('ort-web child: no case prepared; send "prepare" first');
  return prepared;
}

// One request at a time: the parent waits for each answer before it sends the next.
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === '') continue;
  try {
    reply(await handle(JSON.parse(line) as ChildRequest));
  } catch (error) {
    reply({ error: error instanceof Error ? error.message : String(error) });
  }
}
process.exit(0); // stdin closed: the parent is done (ORT's worker threads would keep the process alive)
