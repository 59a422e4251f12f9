/** A value now, or later: what the server core gets from a hub whose mutations may be remote. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * Run `next` on `value` at once when it is already there, or when its promise settles. The
 * embedded hub answers synchronously, so its acks keep their timing (same tick, no microtask);
 * a Redis node's mutations reach the simulation's owner first and come back as promises.
 *
 * @example
 * whenReady(connection.handle('subscribe', payload), (ack) => socket.ack(ack));
 */
export function whenReady<T, R>(value: MaybePromise<T>, next: (value: T) => R): MaybePromise<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}
