import type { Connection } from './connection.js';
import type { Linger } from './linger.js';

/** The linger key of the socket itself (simulations linger under their ids). */
const SOCKET = Symbol('socket');

/**
 * Opens the socket while anything needs it: the first need connects, and once nothing needs
 * it (no watcher, an empty outbox) it closes a linger later — with every simulation still
 * lingering — unless something needs it again first. Whether a connect is a reconnect
 * (`lastRecovery: replayed`) is counted per lease: after a close, the next connect is new.
 *
 * @example
 * const lease = createSocketLease(connection, linger, () => watched() || outbox.items.length > 0);
 * lease.want(); // watch
 * lease.releaseIfUnused(); // unwatch
 */
export function createSocketLease(
  connection: Connection,
  linger: Linger<string | symbol>,
  inUse: () => boolean,
) {
  let ended = false;
  let wasLive = false;
  return {
    get ended(): boolean {
      return ended;
    },
    /** Something needs the socket: keep it (no linger) and connect if idle. */
    want(): void {
      if (ended) return;
      linger.cancel(SOCKET);
      connection.start();
    },
    /** Something stopped needing the socket: close it a linger later if nothing else does. */
    releaseIfUnused(): void {
      if (inUse() || linger.isLingering(SOCKET) || connection.current.status === 'idle') return;
      linger.schedule(SOCKET, () => {
        if (inUse()) return;
        linger.releaseNow();
        wasLive = false;
        connection.stop();
      });
    },
    /** The socket is up; true when it was up before in this lease (a reconnect). */
    connected(): boolean {
      const reconnect = wasLive;
      wasLive = true;
      return reconnect;
    },
    /** The client is destroyed: nothing will need the socket again, nothing lingers. */
    end(): void {
      ended = true;
      linger.clear();
    },
  };
}

export type SocketLease = ReturnType<typeof createSocketLease>;
