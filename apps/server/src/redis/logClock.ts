import type { Clock } from '@simstream/hub';

interface Interval {
  fn: () => void;
  ms: number;
  handle: ReturnType<typeof setInterval> | null;
}

/**
 * The clock of a simulation whose every input is logged. Two things set it apart from the
 * system clock:
 * - `at(ms, run)` holds `now()` at `ms` while an input is applied, so the events it stamps
 *   carry exactly the logged time — live, and again when a new owner replays the input log
 *   (the rebuilt stream then equals the logged one, timestamps and deadlines included);
 * - intervals only fire once `goLive()` ran (a rebuild registers the ticker without running
 *   it), and each tick goes through `onTick`, which logs it — or skips it while the previous
 *   write is not in Redis yet (nothing is produced that cannot be logged).
 *
 * @example
 * const clock = new LogClock((tick) => owner.tick(tick));
 * clock.at(input.at, () => runtime.stepNow()); // rebuild
 * clock.goLive();
 */
export class LogClock implements Clock {
  #held: number | null = null;
  #live = false;
  #nextId = 1;
  readonly #intervals = new Map<number, Interval>();

  constructor(private readonly onTick: (tick: () => void) => void) {}

  now(): number {
    return this.#held ?? Date.now();
  }

  /** Run `run` with `now()` held at `ms`. */
  at<T>(ms: number, run: () => T): T {
    const previous = this.#held;
    this.#held = ms;
    try {
      return run();
    } finally {
      this.#held = previous;
    }
  }

  setInterval(fn: () => void, ms: number): unknown {
    const id = this.#nextId++;
    const interval: Interval = { fn, ms, handle: null };
    this.#intervals.set(id, interval);
    if (this.#live) this.#arm(interval);
    return id;
  }

  clearInterval(handle: unknown): void {
    const interval = this.#intervals.get(handle as number);
    if (interval?.handle) clearInterval(interval.handle);
    this.#intervals.delete(handle as number);
  }

  /** Start the registered intervals (and any set later) for real. */
  goLive(): void {
    this.#live = true;
    for (const interval of this.#intervals.values()) this.#arm(interval);
  }

  /** Stop every interval for good (the owner was deposed or shut down). */
  stop(): void {
    this.#live = false;
    for (const interval of this.#intervals.values()) {
      if (interval.handle) clearInterval(interval.handle);
      interval.handle = null;
    }
  }

  #arm(interval: Interval): void {
    if (interval.handle) return;
    interval.handle = setInterval(() => this.onTick(interval.fn), interval.ms);
  }
}
