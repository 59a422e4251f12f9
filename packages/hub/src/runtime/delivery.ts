import type { Envelope } from '@simstream/protocol';
import type { TickListener } from '../types.js';

/**
 * Hands each batch of envelopes to every listener, in seq order, even when a listener itself
 * makes new events while being called (they queue behind the batch being delivered). A
 * throwing listener is reported and neither the runtime nor the other listeners notice.
 *
 * @example
 * const delivery = new OrderedDelivery((error) => report(error, 'listener'));
 * const stop = delivery.listen((events) => send(events));
 * delivery.deliver(envelopes);
 */
export class OrderedDelivery {
  readonly #listeners = new Set<TickListener>();
  readonly #queue: Envelope[][] = [];
  #delivering = false;

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  listen(listener: TickListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  deliver(batch: Envelope[]): void {
    this.#queue.push(batch);
    if (this.#delivering) return;
    this.#delivering = true;
    try {
      for (let next = this.#queue.shift(); next; next = this.#queue.shift()) {
        for (const listener of [...this.#listeners]) {
          try {
            listener(next);
          } catch (error) {
            this.onListenerError(error);
          }
        }
      }
    } finally {
      this.#delivering = false;
    }
  }

  clear(): void {
    this.#listeners.clear();
  }
}
