import type { MaybePromise } from '../maybePromise.js';
import type { CoreHub, CoreRuntime } from '../types.js';

/**
 * Run `found` with the simulation `id` of `hub`, or `missing` when there is none. A hub that
 * knows every simulation answers at once (`get`); a cluster node asks `find` when `get`
 * misses — a simulation another node created a moment ago is in Redis before it is here.
 *
 * @example
 * return withRuntime(hub, id, (runtime) => runtime.snapshot(), () => unknownSimulation(id));
 */
export function withRuntime<R>(
  hub: CoreHub,
  id: string,
  found: (runtime: CoreRuntime) => MaybePromise<R>,
  missing: () => R,
): MaybePromise<R> {
  const known = hub.get(id);
  if (known) return found(known);
  const later = hub.find?.(id);
  if (!later) return missing();
  return later.then((runtime) => (runtime ? found(runtime) : missing()));
}
