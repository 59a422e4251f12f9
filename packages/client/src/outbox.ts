import type { DecisionAnswerAck } from '@simstream/protocol';
import type { OutboxStorage, PendingAnswer } from './types.js';

/**
 * In-memory storage, used where `localStorage` is absent (Node, SSR, private modes).
 *
 * @example
 * const storage = createMemoryStorage();
 * createStreamClient({ url, storage }); // a second client with the same storage = a "reload"
 */
export function createMemoryStorage(): OutboxStorage {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

/** `localStorage` when the browser offers a working one, memory otherwise. */
export function defaultStorage(): OutboxStorage {
  try {
    const ls = globalThis.localStorage;
    if (ls) {
      const probe = '__simstream_probe__';
      ls.setItem(probe, '1');
      ls.removeItem(probe);
      return ls;
    }
  } catch {
    // Storage can throw (quota, privacy settings): fall back to memory.
  }
  return createMemoryStorage();
}

/** Error codes after which resending an answer cannot help. */
const FINAL_ERROR_CODES = new Set([
  'invalid_message',
  'unknown_decision',
  'unknown_simulation',
  'decision_expired',
  'conflict',
  'unauthorized',
]);

/** True when an ack settles the answer for good (success, or an error a resend would repeat). */
export function isFinalAck(ack: DecisionAnswerAck): boolean {
  return ack.ok || FINAL_ERROR_CODES.has(ack.error.code);
}

/**
 * The decision outbox: answers persisted with their idempotency key before the first send,
 * so a reload or a dropped connection never loses or doubles one. The server returns the
 * same ack for a repeated key, so resending is always safe.
 *
 * @example
 * const outbox = createOutbox(storage, 'simstream:outbox:http://localhost:17170', onChange);
 * await outbox.ready;
 * outbox.add({ simulationId, decisionId, choice, idempotencyKey, createdAt: now, attempts: 0 });
 */
export function createOutbox(
  storage: OutboxStorage,
  key: string,
  onChange: (items: readonly PendingAnswer[]) => void,
) {
  let items: readonly PendingAnswer[] = [];
  const waiters = new Map<string, Array<(ack: DecisionAnswerAck) => void>>();

  const persist = () => {
    void (items.length === 0
      ? storage.removeItem(key)
      : storage.setItem(key, JSON.stringify(items)));
  };
  const set = (next: readonly PendingAnswer[]) => {
    items = next;
    persist();
    onChange(items);
  };

  const ready = Promise.resolve(storage.getItem(key))
    .then((raw) => {
      if (!raw) return;
      const stored = JSON.parse(raw) as PendingAnswer[];
      if (!Array.isArray(stored)) return;
      const known = new Set(items.map((i) => i.idempotencyKey));
      items = [
        ...stored.filter(
          (s) => typeof s?.idempotencyKey === 'string' && !known.has(s.idempotencyKey),
        ),
        ...items,
      ];
      onChange(items);
    })
    .catch(() => undefined);

  return {
    ready,
    get items() {
      return items;
    },
    /** Persist an answer; the returned promise resolves with its (first) final ack. */
    add(answer: PendingAnswer): Promise<DecisionAnswerAck> {
      const promise = new Promise<DecisionAnswerAck>((resolve) => {
        const list = waiters.get(answer.idempotencyKey) ?? [];
        list.push(resolve);
        waiters.set(answer.idempotencyKey, list);
      });
      if (!items.some((i) => i.idempotencyKey === answer.idempotencyKey)) set([...items, answer]);
      return promise;
    },
    markSent(idempotencyKey: string) {
      set(
        items.map((i) =>
          i.idempotencyKey === idempotencyKey ? { ...i, attempts: i.attempts + 1 } : i,
        ),
      );
    },
    /** Settle an answer with its ack: removed from the outbox, every waiter resolved once. */
    settle(idempotencyKey: string, ack: DecisionAnswerAck) {
      if (items.some((i) => i.idempotencyKey === idempotencyKey)) {
        set(items.filter((i) => i.idempotencyKey !== idempotencyKey));
      }
      const list = waiters.get(idempotencyKey);
      waiters.delete(idempotencyKey);
      for (const resolve of list ?? []) resolve(ack);
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
