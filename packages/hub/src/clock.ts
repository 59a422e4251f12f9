import type { Clock } from './types.js';

/**
 * The real clock: `Date.now()` and the platform's timers. The server uses it.
 *
 * @example
 * const hub = createHub({ clock: systemClock });
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

/** A clock that only moves when told to: tests and the mock drive time explicitly. */
export interface ManualClock extends Clock {
  /** Move time forward by `ms`, firing every interval that falls due, in time order. */
  advance(ms: number): void;
  /** Number of intervals currently registered (tests check that timers are cleared). */
  pendingTimers(): number;
}

interface ManualTimer {
  id: number;
  fn: () => void;
  every: number;
  due: number;
}

/**
 * A deterministic clock. `advance(ms)` fires due intervals one at a time in order of due
 * time (ties by registration order), setting `now()` to each due time before calling it, so
 * code under test sees the same times it would see with real timers.
 *
 * @example
 * const clock = createManualClock(Date.parse('2025-01-01T00:00:00Z'));
 * const hub = createHub({ clock });
 * hub.create({ stepIntervalMs: 1000 });
 * clock.advance(3000); // three steps
 */
export function createManualClock(startMs = 0): ManualClock {
  let now = startMs;
  let nextId = 1;
  const timers = new Map<number, ManualTimer>();

  const nextDue = (limit: number): ManualTimer | undefined => {
    let best: ManualTimer | undefined;
    for (const timer of timers.values()) {
      if (timer.due > limit) continue;
      if (!best || timer.due < best.due || (timer.due === best.due && timer.id < best.id))
        best = timer;
    }
    return best;
  };

  return {
    now: () => now,
    setInterval(fn, ms) {
      // Like real timers, a non-positive interval still waits a tick; 1 ms keeps advance() finite.
      const every = Math.max(1, ms);
      const timer: ManualTimer = { id: nextId++, fn, every, due: now + every };
      timers.set(timer.id, timer);
      return timer.id;
    },
    clearInterval(handle) {
      if (typeof handle === 'number') timers.delete(handle);
    },
    advance(ms) {
      if (!(ms >= 0)) throw new RangeError(`advance(ms) needs a non-negative number, got ${ms}`);
      const target = now + ms;
      for (let timer = nextDue(target); timer; timer = nextDue(target)) {
        now = timer.due;
        timer.due += timer.every;
        timer.fn();
      }
      now = target;
    },
    pendingTimers: () => timers.size,
  };
}
