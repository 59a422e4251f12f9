/** IPC messages between bench/fanout/fanout.ts and its server and client processes. */

export type ServerRequest =
  | { cmd: 'memory' }
  /** Write a V8 heap snapshot (after GC) to `path`: see bench/memory/heapDiff.ts. */
  | { cmd: 'heapSnapshot'; path: string }
  | { cmd: 'cpuStart' }
  | { cmd: 'cpuEnd' }
  /** Tick at `ticksPerSec` (null: as fast as back-pressure allows) for `durationMs`. */
  | { cmd: 'run'; ticksPerSec: number | null; durationMs: number }
  | { cmd: 'exit' };

export type ServerReply =
  | { cmd: 'ready'; url: string; simulationId: string; pid: number }
  | { cmd: 'memory'; rss: number; heapUsed: number; connections: number }
  | { cmd: 'heapSnapshot'; path: string }
  | { cmd: 'cpuStart' }
  | { cmd: 'cpuEnd'; cpuUs: number }
  /** `emits`: `[seq, epoch ms]` of every event at the moment its tick was produced. */
  | { cmd: 'run'; ticks: number; events: number; emits: Array<[number, number]> };

export type ClientRequest =
  | { cmd: 'connect' }
  /** Start counting (and, with `latency`, recording arrival times) from now. */
  | { cmd: 'record'; latency: boolean }
  /** Stop recording; reply with counts. */
  | { cmd: 'stop' }
  /** Turn recorded arrivals into a latency histogram against the server's emit times. */
  | { cmd: 'latency'; emits: Array<[number, number]> }
  | { cmd: 'exit' };

export type ClientReply =
  | { cmd: 'ready' }
  | { cmd: 'connect'; connected: number; failed: number; ms: number }
  | { cmd: 'record' }
  | { cmd: 'stop'; received: number; lastAt: number }
  | { cmd: 'latency'; bins: Array<[number, number]>; missing: number }
  /** Sent while recording every 100 ms so the parent can tell when delivery has drained. */
  | { cmd: 'progress'; received: number; lastAt: number };
