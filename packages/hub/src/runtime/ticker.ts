import type { Clock } from '../types.js';

/**
 * The interval that steps a simulation on the injected clock: started and stopped by the
 * runtime (operator pause, finish, dispose), `running` while it costs work.
 *
 * @example
 * const ticker = new Ticker(clock, 1000, () => runtime.stepNow());
 * ticker.start(); ticker.running; // true
 */
export class Ticker {
  #handle: unknown = null;

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly tick: () => void,
  ) {}

  get running(): boolean {
    return this.#handle !== null;
  }

  /** Start the interval (no-op when already running). */
  start(): void {
    if (this.#handle === null) this.#handle = this.clock.setInterval(this.tick, this.intervalMs);
  }

  stop(): void {
    if (this.#handle !== null) this.clock.clearInterval(this.#handle);
    this.#handle = null;
  }
}
