import type { Redis } from 'ioredis';

/** Stream entries as ioredis returns them: `[id, [field, value, …]]`. */
export type StreamEntry = [id: string, fields: string[]];

export interface StreamReaderOptions {
  /** Entries read from `key`, in stream order (called once per key per read). */
  onEntries(key: string, entries: StreamEntry[]): void;
  /** A read failed (Redis down); the reader retries by itself. */
  onError(error: unknown): void;
  /** Most entries per stream per read: a catching-up node reads in bounded batches. */
  count?: number;
  /** Longest wait of one blocking read, ms. */
  blockMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One node's reader of the streams it follows — the event logs of the simulations it serves
 * and the command streams of those it owns — in one blocking `XREAD` over all of them on one
 * dedicated connection: batched, only new entries of the watched streams (never a scan of
 * others), each stream from its own cursor. Watching a new stream wakes the blocked read
 * (`CLIENT UNBLOCK` from the node's other connection), so it joins at once.
 *
 * @example
 * const reader = new StreamReader(redis.duplicate(), redis, { onEntries, onError });
 * reader.watch('{sim:sim-1}:events', '0-0');
 * await reader.start();
 */
export class StreamReader {
  readonly #cursors = new Map<string, string>();
  #stopped = false;
  #readerId: number | null = null;
  #loop: Promise<void> | null = null;

  constructor(
    private readonly reader: Redis,
    private readonly waker: Redis,
    private readonly options: StreamReaderOptions,
  ) {}

  /** Start reading (resolves once the reader's connection is known). */
  async start(): Promise<void> {
    this.#readerId = Number(await this.reader.client('ID'));
    this.#loop ??= this.#run();
  }

  /** Follow `key` from after entry `afterId` (a stream id; `0-0` from the start). */
  watch(key: string, afterId: string): void {
    this.#cursors.set(key, afterId);
    this.#wake();
  }

  unwatch(key: string): void {
    this.#cursors.delete(key);
  }

  watching(key: string): boolean {
    return this.#cursors.has(key);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.reader.disconnect();
    await this.#loop?.catch(() => {});
  }

  #wake(): void {
    if (this.#readerId === null || this.#stopped) return;
    this.waker.client('UNBLOCK', this.#readerId).catch(() => {});
  }

  async #run(): Promise<void> {
    const count = this.options.count ?? 200;
    const blockMs = this.options.blockMs ?? 1_000;
    while (!this.#stopped) {
      const keys = [...this.#cursors.keys()];
      if (keys.length === 0) {
        await sleep(50);
        continue;
      }
      const ids = keys.map((key) => this.#cursors.get(key) as string);
      try {
        const read = (await this.reader.xread(
          'COUNT',
          count,
          'BLOCK',
          blockMs,
          'STREAMS',
          ...keys,
          ...ids,
        )) as Array<[string, StreamEntry[]]> | null;
        for (const [key, entries] of read ?? []) this.#deliver(key, entries);
      } catch (error) {
        if (this.#stopped) return;
        this.options.onError(error);
        await sleep(250);
      }
    }
  }

  #deliver(key: string, entries: StreamEntry[]): void {
    const last = entries[entries.length - 1];
    if (!last || !this.#cursors.has(key)) return;
    this.#cursors.set(key, last[0]);
    try {
      this.options.onEntries(key, entries);
    } catch (error) {
      this.options.onError(error);
    }
  }
}
