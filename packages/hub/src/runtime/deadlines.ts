import type { EngineEvent } from '@simstream/protocol';
import type { DecisionBook } from '../decisionBook.js';
import type { Clock } from '../types.js';

/**
 * Wall-clock estimates of pending decisions' deadlines. The engine counts deadlines in steps;
 * people read times, so each pending decision's `deadline_at` is now + steps left × interval
 * while the clock drives the simulation, and null while it is stopped (it moves with pause and
 * resume).
 *
 * @example
 * const deadlines = new Deadlines(clock, 1000, book, () => ticker.running);
 * deadlines.track('DEC-0-1', 10); deadlines.deadlineAt(10); // '…' 10 s from now
 */
export class Deadlines {
  /** Pending decision id → steps until its deadline applies. */
  readonly #stepsLeft = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly book: DecisionBook,
    private readonly isRunning: () => boolean,
  ) {}

  /** The wall-clock time `steps` steps from now, or null while the clock is not driving. */
  deadlineAt(steps: number): string | null {
    if (!this.isRunning()) return null;
    return new Date(this.clock.now() + Math.max(0, steps) * this.intervalMs).toISOString();
  }

  track(decisionId: string, steps: number): void {
    this.#stepsLeft.set(decisionId, steps);
  }

  resolve(decisionId: string): void {
    this.#stepsLeft.delete(decisionId);
  }

  /** One step passed. */
  countDown(): void {
    for (const [decisionId, steps] of this.#stepsLeft) this.#stepsLeft.set(decisionId, steps - 1);
  }

  /** Re-estimate every pending decision (the clock started or stopped). */
  refresh(): void {
    for (const [decisionId, steps] of this.#stepsLeft) {
      this.book.setDeadlineAt(decisionId, this.deadlineAt(steps));
    }
  }

  clear(): void {
    this.#stepsLeft.clear();
  }

  /** Steps left per pending decision (for a runtime checkpoint; `restore` takes them back). */
  entries(): Array<[string, number]> {
    return [...this.#stepsLeft];
  }

  restore(entries: ReadonlyArray<[string, number]>): void {
    this.#stepsLeft.clear();
    for (const [decisionId, steps] of entries) this.#stepsLeft.set(decisionId, steps);
  }

  /**
   * A pause or resume moved every pending deadline (null while paused, a new time after):
   * the `simulation_status` that says so carries them as `deadlines`, so a viewer's decisions
   * cache follows from streamed events and equals a reloaded viewer's REST list.
   */
  announce(
    events: readonly EngineEvent[],
    /** The status event to carry them when `events` has none (the clock moved, not the status). */
    status?: () => EngineEvent,
  ): readonly EngineEvent[] {
    if (this.#stepsLeft.size === 0) return events;
    const carriers =
      status && !events.some((event) => event.type === 'simulation_status')
        ? [...events, status()]
        : events;
    const deadlines = [...this.#stepsLeft.keys()].map((decision_id) => ({
      decision_id,
      deadline_at: this.book.get(decision_id)?.deadline_at ?? null,
    }));
    return carriers.map((event) =>
      event.type === 'simulation_status' ? { ...event, data: { ...event.data, deadlines } } : event,
    );
  }
}
