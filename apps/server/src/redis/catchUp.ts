import type { Replica } from './replica.js';
import type { RedisRuntimeStore } from './runtimeStore.js';

/** `promise`'s value, or null when it takes longer than `ms` (it is left to settle alone). */
function within<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/**
 * Wait until `replica` holds every event logged before the call. A replica follows the log
 * by a blocking read, so right after a write — or after a stall of this node's event loop —
 * it can trail Redis, and a read answered then would show a client an older state than its
 * stream on another node already gave it (a hole in its events). One `HGET` of the log's
 * head, then a wait for the replica to read up to it, bounded by `boundMs`: past it (Redis
 * slow or away) the replica answers with what it holds — and the client checks what it gets
 * (`tailHole` in @simstream/client).
 *
 * @example
 * await catchUp(store, replica, 3_000);
 * return replica.snapshot();
 */
export async function catchUp(
  store: RedisRuntimeStore,
  replica: Replica,
  boundMs: number,
): Promise<void> {
  if (store.redis.status !== 'ready') return;
  const deadline = Date.now() + boundMs;
  const head = await within(
    store.headSeq(replica.id).catch(() => null),
    boundMs,
  );
  if (head !== null) await replica.reached(head, Math.max(0, deadline - Date.now()));
}
