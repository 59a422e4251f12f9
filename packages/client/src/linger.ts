import type { Timers } from './environment.js';

/**
 * The client's one linger policy: something nobody uses any more (a simulation's
 * subscription, the socket itself) is released `ms` later, unless it is wanted again first.
 * So a React StrictMode remount or a hot reload — unwatch, then watch again at once — keeps
 * the socket, the subscription and the snapshot instead of tearing them down and refetching.
 *
 * @example
 * const linger = new Linger<string>(timers, 1_000);
 * linger.schedule('sim-1', () => closeChannel('sim-1')); // last watcher left
 * linger.cancel('sim-1'); // watched again within the second: nothing is closed
 */
export class Linger<K> {
  readonly #pending = new Map<K, { handle: unknown; release: () => void }>();
  readonly #timers: Timers;
  readonly #ms: number;

  constructor(timers: Timers, ms: number) {
    this.#timers = timers;
    this.#ms = ms;
  }

  /** Release `key` after the linger. Already lingering: the first schedule stands. */
  schedule(key: K, release: () => void): void {
    if (this.#pending.has(key)) return;
    const handle = this.#timers.setTimeout(() => {
      this.#pending.delete(key);
      release();
    }, this.#ms);
    this.#pending.set(key, { handle, release });
  }

  /** Wanted again: keep `key`. True when it was lingering. */
  cancel(key: K): boolean {
    const entry = this.#pending.get(key);
    if (!entry) return false;
    this.#timers.clearTimeout(entry.handle);
    this.#pending.delete(key);
    return true;
  }

  isLingering(key: K): boolean {
    return this.#pending.has(key);
  }

  /** Release at once every lingering key that `which` selects (all by default). */
  releaseNow(which: (key: K) => boolean = () => true): void {
    for (const [key, entry] of [...this.#pending]) {
      if (!which(key)) continue;
      this.cancel(key);
      entry.release();
    }
  }

  /** Forget every pending release without running it (the client is destroyed). */
  clear(): void {
    for (const { handle } of this.#pending.values()) this.#timers.clearTimeout(handle);
    this.#pending.clear();
  }
}
