import type { MaybePromise } from '../maybePromise.js';
import type { CoreHub, CoreRuntime } from '../types.js';

/**
 * Run `found` with the simulation `id` of `hub`, or `missing` when there is none. A hub that
 * knows every simulation answers at once (`get`); a cluster node asks `find` when `get`
 * misses — a simulation another node created a moment ago is in Redis before it is here.
 * `current`: a read a client compares with what it already holds (a REST read, a subscribe)
 * waits until the hub holds everything logged before it (`CoreHub.current`, when it has one).
 *
 * @example
 * return withRuntime(hub, id, (runtime) => runtime.snapshot(), () => unknownSimulation(id), { current: true });
 */
export function withRuntime<R>(
  hub: CoreHub,
  id: string,
  found: (runtime: CoreRuntime) => MaybePromise<R>,
  missing: () => R,
  options: { current?: boolean } = {},
): MaybePromise<R> {
  if (options.current && hub.current) {
    return hub.current(id).then((runtime) => (runtime ? found(runtime) : missing()));
  }
  const known = hub.get(id);
  if (known) return found(known);
  const later = hub.find?.(id);
  if (!later) return missing();
  return later.then((runtime) => (runtime ? found(runtime) : missing()));
}
