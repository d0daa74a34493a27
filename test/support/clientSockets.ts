/**
 * The sockets undici's clients in this process hold open to one port, counted as the client sees them: each socket
 * from undici's `undici:client:connected` diagnostics channel until its own 'close'. A server counts a socket until
 * it has seen it close, which under load comes after the client's next connection (a HEAD's socket is closed by the
 * client on purpose): 33 "at once" at a front door while the pool never held more than 16.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { Socket } from 'node:net';

export interface ClientSockets {
  /** The most open at once since counting began. */
  readonly max: number;
  /** Connections made since counting began. */
  readonly total: number;
  stop(): void;
}

const CONNECTED = 'undici:client:connected';

export function countClientSockets(port: number): ClientSockets {
  const counts = { open: 0, max: 0, total: 0 };
  const onConnected = (message: unknown) => {
    const { connectParams, socket } = message as { connectParams: { port: string | number }; socket: Socket };
    if (Number(connectParams.port) !== port) return;
    counts.open++;
    counts.total++;
    counts.max = Math.max(counts.max, counts.open);
    socket.once('close', () => counts.open--);
  };
  subscribe(CONNECTED, onConnected);
  return {
    get max() {
      return counts.max;
    },
    get total() {
      return counts.total;
    },
    stop: () => unsubscribe(CONNECTED, onConnected),
  };
}
