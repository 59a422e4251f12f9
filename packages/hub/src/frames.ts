import { type Envelope, type EventBatch, PROTOCOL_VERSION } from '@simstream/protocol';

/** Most seqs per replay frame: keeps single frames small on slow links. */
export const REPLAY_FRAME_EVENTS = 500;

/**
 * The frame of one tick: `fromSeq..toSeq` spans every envelope of the tick, `events` holds
 * those the subscriber's view kept (possibly none), so clients see no false gap.
 *
 * @example
 * io.to(room).emit('events', tickBatch(simulationId, tick, runtime.viewFor(tick, view)));
 */
export function tickBatch(
  simulationId: string,
  tick: readonly Envelope[],
  viewed: Envelope[],
): EventBatch | null {
  const first = tick[0];
  const last = tick[tick.length - 1];
  if (!first || !last) return null;
  return { v: PROTOCOL_VERSION, simulationId, fromSeq: first.seq, toSeq: last.seq, events: viewed };
}

/**
 * Split a replay into frames of at most `frameSize` seqs. Each frame's range covers its
 * slice of the log, and carries the viewed envelopes within that range, in order.
 *
 * @example
 * for (const frame of replayFrames(id, replay.events, runtime.viewFor(replay.events, view))) socket.emit('events', frame);
 */
export function replayFrames(
  simulationId: string,
  logged: readonly Envelope[],
  viewed: readonly Envelope[],
  frameSize: number = REPLAY_FRAME_EVENTS,
): EventBatch[] {
  const frames: EventBatch[] = [];
  let next = 0;
  for (let start = 0; start < logged.length; start += frameSize) {
    const chunk = logged.slice(start, start + frameSize);
    const toSeq = chunk[chunk.length - 1]!.seq;
    const events: Envelope[] = [];
    while (next < viewed.length && viewed[next]!.seq <= toSeq) events.push(viewed[next++]!);
    frames.push({ v: PROTOCOL_VERSION, simulationId, fromSeq: chunk[0]!.seq, toSeq, events });
  }
  return frames;
}
