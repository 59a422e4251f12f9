/**
 * A fixed-capacity FIFO: pushing beyond capacity drops the oldest item. Index 0 is the
 * oldest item kept. Used as the per-simulation event log.
 *
 * @example
 * const log = new RingBuffer<number>(3);
 * [1, 2, 3, 4].forEach((n) => log.push(n));
 * log.toArray(); // [2, 3, 4]
 */
export class RingBuffer<T> {
  readonly capacity: number;
  readonly #items: (T | undefined)[];
  #start = 0;
  #size = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`RingBuffer capacity must be a positive integer, got ${capacity}`);
    }
    this.capacity = capacity;
    this.#items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.#size;
  }

  /** Append an item; returns the item dropped to make room, if any. */
  push(item: T): T | undefined {
    if (this.#size < this.capacity) {
      this.#items[(this.#start + this.#size) % this.capacity] = item;
      this.#size += 1;
      return undefined;
    }
    const dropped = this.#items[this.#start];
    this.#items[this.#start] = item;
    this.#start = (this.#start + 1) % this.capacity;
    return dropped;
  }

  /** The item at `index` (0 = oldest kept), or undefined outside `0..size-1`. */
  at(index: number): T | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.#size) return undefined;
    return this.#items[(this.#start + index) % this.capacity];
  }

  first(): T | undefined {
    return this.at(0);
  }

  last(): T | undefined {
    return this.at(this.#size - 1);
  }

  /** Items from `index` to the newest, at most `limit` of them. */
  slice(index: number, limit = Number.POSITIVE_INFINITY): T[] {
    const out: T[] = [];
    for (let i = Math.max(0, index); i < this.#size && out.length < limit; i += 1) {
      out.push(this.at(i) as T);
    }
    return out;
  }

  toArray(): T[] {
    return this.slice(0);
  }

  clear(): void {
    this.#items.fill(undefined);
    this.#start = 0;
    this.#size = 0;
  }
}
