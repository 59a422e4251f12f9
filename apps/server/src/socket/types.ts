import type { CoreConnection, Grant } from '@simstream/hub';
import type {
  ClientToServerEvents,
  InterServerEvents,
  ServerToClientEvents,
} from '@simstream/protocol';
import type { Server, Socket } from 'socket.io';

/** What the server keeps per Socket.IO connection (a server concern, not the wire's). */
export interface SocketData {
  /** Stable label of the viewer, shown as `answered_by` (token subject, `auth.viewerId` or made up). */
  viewerId: string;
  /** What the handshake's token allows (undefined: open server). */
  grant?: Grant;
  /** When the handshake's token expires (epoch ms): the socket is cut then. */
  expiresAt: number | null;
  /** Cancels the cut at `expiresAt` (none without expiry). */
  cancelExpiry?: () => void;
  /** The connection in the server core: its subscriptions and command handling. */
  connection: CoreConnection;
}

export type IoServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;
export type IoSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;
