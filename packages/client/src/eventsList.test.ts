import { describe, expect, it } from 'vitest';
import { currentRun, isRunStart, mergeEvents } from './eventsList.js';

type Ev = { seq: number; type: string; data: unknown };
const step = (seq: number): Ev => ({ seq, type: 'simulation_step', data: { timestep: seq } });
const reset = (seq: number): Ev => ({
  seq,
  type: 'simulation_status',
  data: { status: 'running', reason: 'reset', timestep: 0 },
});
const seqs = (list: readonly Ev[]) => list.map((e) => e.seq);

describe('the events list across a reset', () => {
  it('knows a run start: a status with reason reset, not a pause or a step', () => {
    expect(isRunStart(reset(4))).toBe(true);
    expect(isRunStart({ ...reset(4), data: { status: 'paused', reason: 'operator' } })).toBe(false);
    expect(isRunStart(step(4))).toBe(false);
  });

  it('drops the earlier run when a reset arrives, in the same batch or a later one', () => {
    const run1 = [step(1), step(2), step(3)];
    expect(seqs(mergeEvents(run1, [step(4), reset(5), step(6)], 100))).toEqual([5, 6]);
    const after = mergeEvents(run1, [reset(4)], 100);
    expect(seqs(after)).toEqual([4]);
    expect(seqs(mergeEvents(after, [step(5), step(6)], 100))).toEqual([4, 5, 6]);
  });

  it('keeps the newest reset when two arrive, and refuses older events behind it', () => {
    const list = mergeEvents([step(1)], [reset(2), step(3), reset(4), step(5)], 100);
    expect(seqs(list)).toEqual([4, 5]);
    // A late page of history (a refetch) reaching back across the reset adds nothing old.
    expect(seqs(mergeEvents(list, [step(1), reset(2), step(3), step(6)], 100))).toEqual([4, 5, 6]);
  });

  it('gives a REST history the same list a watcher holds', () => {
    const history = [step(1), step(2), reset(3), step(4)];
    const live = mergeEvents(mergeEvents([step(1), step(2)], [reset(3)], 100), [step(4)], 100);
    expect(mergeEvents(currentRun(history), [step(4), step(5)], 100)).toEqual(
      mergeEvents(live, [step(5)], 100),
    );
    expect(currentRun([step(1), step(2)])).toEqual([step(1), step(2)]);
  });

  it('keeps its identity when nothing new arrived after a reset', () => {
    const list = mergeEvents([], [reset(3), step(4)], 100);
    expect(mergeEvents(list, [], 100)).toBe(list);
    expect(mergeEvents(list, [step(4)], 100)).toBe(list);
  });
});
