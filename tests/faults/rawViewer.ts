/**
 * A viewer with nothing of ours on the client side: stock socket.io-client, its own
 * reconnection, and the protocol done by hand — subscribe with `sinceSeq` on every connect
 * (the first time from 0, so the whole run is replayed) and record every seq that arrives.
 * What it records is what the server sent: no dedupe, no reordering on this side.
 */
import type { EventBatch, SubscribeAck } from '@simstream/protocol';
import { io, type ManagerOptions, type SocketOptions } from 'socket.io-client';

export interface RawViewer {
  /** Every seq received, in arrival order, over every connection. */
  readonly seqs: number[];
  /** Newest seq received (0 before any). */
  lastSeq(): number;
  /** Times it connected (1 + reconnects). */
  connects(): number;
  /** Subscribe acks that said resync (the log no longer held what it missed). */
  resyncs(): number;
  /** The engine.io transport in use now (`polling` or `websocket`). */
  transport(): string;
  /** The transport the last subscribe went out on. */
  subscribedOn(): string | null;
  close(): void;
}

/**
 * Open a raw viewer of `simulationId` at `url`.
 *
 * @example
 * const raw = openRawViewer(proxyUrl, 'sim-1', { transports: ['polling', 'websocket'] });
 */
export function openRawViewer(
  url: string,
  simulationId: string,
  options: Partial<ManagerOptions & SocketOptions> = {},
): RawViewer {
  const seqs: number[] = [];
  let lastSeq = 0;
  let epoch: string | undefined;
  let connects = 0;
  let resyncs = 0;
  let subscribedOn: string | null = null;
  const socket = io(url, {
    forceNew: true,
    transports: ['websocket'],
    reconnectionDelay: 200,
    reconnectionDelayMax: 2_000,
    ...options,
  });
  socket.on('connect', () => {
    connects++;
    subscribedOn = socket.io.engine.transport.name;
    const request = epoch
      ? { simulationId, sinceSeq: lastSeq, epoch }
      : { simulationId, sinceSeq: lastSeq };
    socket.emit('subscribe', request, (ack: SubscribeAck) => {
      if (!ack.ok) return;
      epoch ??= ack.epoch;
      if (ack.resync) resyncs++;
    });
  });
  socket.on('events', (batch: EventBatch) => {
    for (const event of batch.events) {
      seqs.push(event.seq);
      lastSeq = Math.max(lastSeq, event.seq);
    }
  });
  return {
    seqs,
    lastSeq: () => lastSeq,
    connects: () => connects,
    resyncs: () => resyncs,
    transport: () => socket.io.engine.transport.name,
    subscribedOn: () => subscribedOn,
    close: () => socket.close(),
  };
}

/** Seqs missing from 1..last and seqs that came more than once. */
export function gapsAndDuplicates(seqs: readonly number[], last: number) {
  const seen = new Uint8Array(last + 1);
  let duplicates = 0;
  for (const seq of seqs) {
    if (seq > last) continue;
    if (seen[seq]) duplicates++;
    seen[seq] = 1;
  }
  let lost = 0;
  for (let seq = 1; seq <= last; seq++) if (!seen[seq]) lost++;
  return { lost, duplicates };
}
