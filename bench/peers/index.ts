/**
 * Creates the peers asked for. Each library is imported only when its peer is: `--no-peers`
 * (and `npm start`) load none of them.
 */
import type { Peer, PeerName } from './peer.js';

export { FILTER_ONLY_PEERS, PEER_NAMES, SLOW_PEERS, convCase, osThreads, type ConvCase, type Layout, type Peer, type PeerName, type PreparedConv } from './peer.js';

export async function createPeer(name: PeerName): Promise<Peer> {
  switch (name) {
    case 'tfjs-wasm':
      return (await import('./tfjs-wasm.js')).createTfjsWasmPeer();
    case 'tfjs-cpu':
      return (await import('./tfjs-cpu.js')).createTfjsCpuPeer();
    case 'ort-web':
      return (await import('./ort-web.js')).createOrtWebPeer();
    case 'opencv-js':
      return (await import('./opencv-js.js')).createOpencvPeer();
  }
}

/** The peers, in the order given (table order is PEER_NAMES's; args.ts sorts). */
export async function createPeers(names: readonly PeerName[]): Promise<Peer[]> {
  const peers: Peer[] = [];
  for (const name of names) peers.push(await createPeer(name));
  return peers;
}
