/** IPC between the storm driver (storm.ts), its server child and its client children. */

export type StormServerRequest =
  | { cmd: 'cut' }
  | { cmd: 'seq' }
  | { cmd: 'cpu' }
  | { cmd: 'pause' }
  | { cmd: 'exit' };

export type StormServerReply =
  | { cmd: 'ready'; url: string; simulationId: string; seq: number }
  /** Every socket cut at `at` (epoch ms), the simulation at `seq`, the server's CPU then. */
  | { cmd: 'cut'; sockets: number; seq: number; at: number; cpuMs: number }
  | { cmd: 'cpu'; cpuMs: number; at: number }
  | { cmd: 'pause'; seq: number }
  | { cmd: 'seq'; seq: number };

/** What one client child's sockets have seen, summed over them. */
export interface StormTally {
  sockets: number;
  connected: number;
  /** Connected again after a disconnect since the last `arm`. */
  back: number;
  /** The lowest last seq over its sockets. */
  minSeq: number;
  /** Seqs that never came, and seqs that came twice, over every socket. */
  lost: number;
  duplicated: number;
  /** Subscribe acks that said resync. */
  resyncs: number;
  /** Connects beyond each socket's first. */
  reconnects: number;
}

/**
 * `caughtUp`: reply once every socket is connected with every seq up to `seq` — and, with
 * `cut`, has been disconnected since the last `arm` (so it is back, not still on the old
 * connection).
 */
export type StormClientRequest =
  | { cmd: 'caughtUp'; seq: number; cut: boolean }
  | { cmd: 'arm' }
  | { cmd: 'tally' }
  | { cmd: 'exit' };

export type StormClientReply =
  | { cmd: 'ready'; tally: StormTally }
  /** Every socket connected with every seq up to `seq` at `at` (epoch ms). */
  | { cmd: 'caughtUp'; at: number; tally: StormTally }
  | { cmd: 'tally'; tally: StormTally }
  | { cmd: 'arm' };
