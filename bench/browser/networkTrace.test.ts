import { describe, expect, it } from 'vitest';
import { frameCpuTimes } from './networkTrace.js';

const thread = (tid: number, name: string) => ({
  name: 'thread_name',
  ph: 'M',
  pid: 1,
  tid,
  ts: 0,
  args: { name },
});
const fire = (tid: number, ts: number) => ({
  name: 'FireAnimationFrame',
  ph: 'X',
  pid: 1,
  tid,
  ts,
});
const task = (tid: number, ts: number, tdurMs: number) => ({
  name: 'ThreadControllerImpl::RunTask',
  ph: 'X',
  pid: 1,
  tid,
  ts,
  dur: tdurMs * 5_000, // wall time stretched by a loaded machine: not what is counted
  tdur: tdurMs * 1_000,
});

describe('frameCpuTimes', () => {
  it("sums the main thread's task CPU between animation frames, ignoring other threads and wall time", () => {
    const events = [
      thread(10, 'CrRendererMain'),
      thread(11, 'Compositor'),
      fire(10, 1_000),
      task(10, 1_000, 2),
      task(10, 5_000, 3),
      task(11, 5_000, 40),
      fire(10, 20_000),
      task(10, 20_000, 12),
      fire(10, 40_000),
      task(10, 45_000, 99), // after the last frame: not a whole frame
    ];
    expect(frameCpuTimes(events)).toEqual([5, 12]);
  });

  it('is empty without animation frames', () => {
    expect(frameCpuTimes([thread(10, 'CrRendererMain'), task(10, 0, 1)])).toEqual([]);
  });
});
