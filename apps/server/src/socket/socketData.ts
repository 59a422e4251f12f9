import type { StepEncoding } from '@simstream/protocol';

/**
 * What the server keeps per Socket.IO connection (`socket.data`): the fourth type parameter
 * of `Server<…, SocketData>`. Server-only, so it lives here rather than in the wire protocol.
 */
export interface SocketData {
  /** Stable label of the viewer, shown as `answered_by`. */
  viewerId: string;
  /** Subscriptions of this socket, by simulation id. */
  subscriptions: Map<string, { types: ReadonlySet<string> | null; steps: StepEncoding }>;
}
