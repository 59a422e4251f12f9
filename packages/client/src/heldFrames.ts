import type { EventBatch } from '@simstream/protocol';
import type { Timers } from './environment.js';

/**
 * Frames that arrived ahead of a gap, waiting for the frames before them. Usually the
 * missing frame is only late and the gap closes by itself; if it is still open `holdMs`
 * after the first frame was held, `onStillMissing` asks the server to replay it.
 *
 * @example
 * const held = new HeldFrames(timers, 1_000, () => resubscribe('fill'));
 * held.hold(batch); // fromSeq 12 while lastSeq is 10
 * for (let next = held.takeNext(lastSeq); next; next = held.takeNext(lastSeq)) apply(next);
 */
export class HeldFrames {
  #frames: EventBatch[] = [];
  #timer: unknown = null;
  readonly #timers: Timers;
  readonly #holdMs: number;
  readonly #onStillMissing: () => void;

  constructor(timers: Timers, holdMs: number, onStillMissing: () => void) {
    this.#timers = timers;
    this.#holdMs = holdMs;
    this.#onStillMissing = onStillMissing;
  }

  get size(): number {
    return this.#frames.length;
  }

  hold(batch: EventBatch): void {
    this.#frames.push(batch);
    this.#frames.sort((a, b) => a.fromSeq - b.fromSeq);
    this.#timer ??= this.#timers.setTimeout(() => {
      this.#timer = null;
      if (this.#frames.length > 0) this.#onStillMissing();
    }, this.#holdMs);
  }

  /**
   * The held frame that continues `lastSeq`, or null while the gap is open. Frames that
   * `lastSeq` already covers are dropped on the way.
   */
  takeNext(lastSeq: number): EventBatch | null {
    while (this.#frames.length > 0) {
      const next = this.#frames[0]!;
      if (next.toSeq <= lastSeq) {
        this.#frames.shift();
        continue;
      }
      if (next.fromSeq > lastSeq + 1) return null;
      this.#frames.shift();
      return next;
    }
    this.#stopTimer();
    return null;
  }

  /** Forget every held frame (a snapshot or a resync supersedes them). */
  clear(): void {
    this.#frames = [];
    this.#stopTimer();
  }

  #stopTimer(): void {
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    this.#timer = null;
  }
}
