import type { EventBatch } from '@simstream/protocol';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../clock.js';
import { createHub } from '../hub.js';
import type { ConnectionSink } from './connection.js';
import { envelopeBytes, REPLAY_PAGE_BYTES } from './replayPager.js';
import { createServerCore } from './serverCore.js';

/**
 * A sink with backpressure the test controls: `drain()` plays the network taking what was
 * sent, so pages go out only when the test says the connection drained.
 */
function drainableSink() {
  const frames: EventBatch[] = [];
  const rooms = new Set<string>();
  let waiting: Array<() => void> = [];
  const sink: ConnectionSink = {
    send: (batch) => {
      // A room member gets live ticks through the default broadcast, i.e. here too.
      frames.push(batch);
    },
    notice: () => {},
    join: (room) => rooms.add(room),
    leave: (room) => rooms.delete(room),
    whenDrained: (resume) => waiting.push(resume),
  };
  return {
    sink,
    frames,
    rooms,
    /** One drained moment: every waiter resumes once (each sends at most a page). */
    drain() {
      const now = waiting;
      waiting = [];
      for (const resume of now) resume();
      return now.length;
    },
    drainAll() {
      let rounds = 0;
      while (this.drain() > 0) rounds++;
      return rounds;
    },
    seqs: () => frames.flatMap((f) => f.events.map((e) => e.seq)),
  };
}

function coreWithRun(steps: number, pageBytes?: number, banks = 20) {
  const clock = createManualClock(Date.parse('2025-01-01T00:00:00.000Z'));
  const hub = createHub({ clock, logCapacity: 100_000 });
  const created = hub.create({ id: 'sim', banks, funds: 4, stepIntervalMs: 1_000 });
  if (!created.ok) throw new Error(created.error.message);
  const runtime = created.value;
  clock.advance(steps * 1_000);
  const core = createServerCore({
    hub,
    clock,
    ...(pageBytes ? { fanout: { replayPageBytes: pageBytes } } : {}),
  });
  return { clock, runtime, core };
}

/** The JSON text of a frame's events, as the pager sizes them. */
const frameBytes = (frame: EventBatch) =>
  frame.events.reduce((sum, envelope) => sum + envelopeBytes(envelope) + 1, 0);

describe('replay pages by bytes', () => {
  it('sends a long replay in frames of at most a page of bytes, each nearly full, then goes live', () => {
    const pageBytes = 16 * 1024;
    const { clock, runtime, core } = coreWithRun(300, pageBytes);
    const logged = runtime.seq;
    const viewer = drainableSink();
    const connection = core.connect(viewer.sink, { id: 'c1', viewerId: 'v1' });
    const ack = connection.handle('subscribe', {
      simulationId: 'sim',
      steps: 'delta',
      sinceSeq: 0,
    });
    expect(ack).toMatchObject({ ok: true, replayed: logged });
    // Nothing before the connection drained: a reader that stopped reading gets no page.
    expect(viewer.frames).toEqual([]);

    viewer.drainAll();
    expect(viewer.seqs()).toEqual(Array.from({ length: logged }, (_, i) => i + 1));
    const sizes = viewer.frames.map(frameBytes);
    const total = sizes.reduce((a, b) => a + b, 0);
    // A frame over the page size holds one event alone (a full keyframe here is ~20 KB).
    viewer.frames.forEach((frame, i) => {
      if (frame.events.length > 1) expect(sizes[i]).toBeLessThanOrEqual(pageBytes);
    });
    // Pages are filled, not cut at a fixed count of events: no more pages than the bytes
    // need with each at least half full (the next event would not have fit).
    expect(viewer.frames.length).toBeLessThanOrEqual(Math.ceil(total / (pageBytes / 2)));
    // Frames tile the log: no seq range skipped or repeated.
    viewer.frames.forEach((frame, i) => {
      expect(frame.fromSeq).toBe(i === 0 ? 1 : viewer.frames[i - 1]!.toSeq + 1);
    });

    // Caught up: in the live room, the next tick arrives at once.
    const before = viewer.frames.length;
    clock.advance(1_000);
    expect(viewer.frames.length).toBeGreaterThan(before);
    expect(viewer.seqs()).toEqual(Array.from({ length: runtime.seq }, (_, i) => i + 1));
  });

  it('uses 64 KB pages by default: 1,000 missed compact steps go in a handful of pages', () => {
    const { runtime, core } = coreWithRun(1_000, undefined, 8);
    const viewer = drainableSink();
    const connection = core.connect(viewer.sink, { id: 'c1', viewerId: 'v1' });
    const missed = 1_000;
    const sinceSeq = runtime.seq - missed;
    connection.handle('subscribe', { simulationId: 'sim', steps: 'compact', sinceSeq });
    viewer.drainAll();
    expect(viewer.seqs()).toEqual(Array.from({ length: missed }, (_, i) => sinceSeq + 1 + i));
    for (const frame of viewer.frames) {
      expect(frameBytes(frame)).toBeLessThanOrEqual(REPLAY_PAGE_BYTES);
    }
    // 16 events a page (the earlier rule) would be 63 pages.
    expect(viewer.frames.length).toBeLessThan(10);
  });

  it('a repeated subscribe replaces the replay in progress instead of stacking another', () => {
    const { runtime, core } = coreWithRun(200, 8 * 1024);
    const logged = runtime.seq;
    const viewer = drainableSink();
    const connection = core.connect(viewer.sink, { id: 'c1', viewerId: 'v1' });
    const subscribe = () =>
      connection.handle('subscribe', { simulationId: 'sim', steps: 'delta', sinceSeq: 0 });
    subscribe();
    viewer.drain(); // one page out
    const firstPages = viewer.frames.length;
    expect(firstPages).toBe(1);
    for (let i = 0; i < 10; i++) subscribe(); // ten more, as an attacker would
    viewer.drainAll();
    const afterResubscribe = viewer.frames.slice(firstPages);
    const seqs = afterResubscribe.flatMap((f) => f.events.map((e) => e.seq));
    // One replay from the last subscribe's sinceSeq, each seq once — not eleven stacked.
    expect(seqs).toEqual(Array.from({ length: logged }, (_, i) => i + 1));
  });
});
