import * as v from 'valibot';
import { simulationSnapshotSchema, timelineResponseSchema } from '@simstream/protocol';
import { describe, expect, it } from 'vitest';
import { createManualClock } from './clock.js';
import { createHub } from './hub.js';

function runtimeWith(logCapacity: number) {
  const hub = createHub({ clock: createManualClock(0), logCapacity });
  const created = hub.create({ seed: 7, autoStart: false });
  if (!created.ok) throw new Error(created.error.message);
  return created.value;
}

describe('runtime.timeline', () => {
  it('answers any timestep of the run from the log, exactly as it was streamed', () => {
    const runtime = runtimeWith(5_000);
    const start = runtime.snapshot();
    expect(runtime.timeline()).toEqual({
      requested: null,
      seq: 0,
      epoch: start.epoch,
      snapshot: start.snapshot,
      held: { from: 0, to: 0 },
    });
    const streamed = new Map<number, { seq: number; snapshot: unknown }>();
    for (let i = 0; i < 12; i += 1) {
      for (const e of runtime.stepNow())
        if (e.type === 'simulation_step')
          streamed.set(e.data.timestep, { seq: e.seq, snapshot: e.data.snapshot });
    }
    const at5 = runtime.timeline(5);
    expect(v.safeParse(timelineResponseSchema, at5).success).toBe(true);
    expect({ seq: at5.seq, snapshot: at5.snapshot }).toEqual(streamed.get(5));
    expect(at5.held).toEqual({ from: 0, to: 12 });
    expect(runtime.timeline(0).snapshot).toEqual(start.snapshot);
    // Asking never changes the live state.
    expect(runtime.snapshot().snapshot.timestep).toBe(12);
  });

  it('answers the nearest held timestep outside the range: the log forgot the oldest ones', () => {
    const runtime = runtimeWith(20);
    for (let i = 0; i < 40; i += 1) runtime.stepNow();
    const newest = runtime.timeline();
    expect(newest.held.to).toBe(40);
    expect(newest.held.from).toBeGreaterThan(1);
    const early = runtime.timeline(0);
    expect(early.requested).toBe(0);
    expect(early.snapshot.timestep).toBe(newest.held.from);
    const future = runtime.timeline(99);
    expect(future.snapshot.timestep).toBe(40);
    expect(v.safeParse(simulationSnapshotSchema, early.snapshot).success).toBe(true);
  });

  it('holds only the current run after a reset, starting from its keyframe', () => {
    const runtime = runtimeWith(5_000);
    for (let i = 0; i < 8; i += 1) runtime.stepNow();
    runtime.reset();
    runtime.stepNow();
    runtime.stepNow();
    const t = runtime.timeline(1);
    expect(t.held).toEqual({ from: 0, to: 2 });
    expect(t.snapshot.timestep).toBe(1);
    expect(runtime.timeline(7).snapshot.timestep).toBe(2);
    expect(runtime.timeline(0).seq).toBeGreaterThan(8);
  });
});
