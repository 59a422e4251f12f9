import type { SnapshotResponse } from '@simstream/protocol';
import type { RequestOptions } from './deadline.js';
import { type RestClient, StreamRequestError } from './rest.js';

/**
 * REST snapshots where concurrent calls for one simulation share one request (the first
 * caller's `timeoutMs` sets its deadline). A caller's `signal` detaches only that caller:
 * the shared request runs on for the others.
 *
 * @example
 * const fetchSnapshot = sharedSnapshotFetch(rest);
 * const [a, b] = await Promise.all([fetchSnapshot('demo'), fetchSnapshot('demo')]); // one GET
 */
export function sharedSnapshotFetch(
  rest: Pick<RestClient, 'fetchSnapshot'>,
): (simulationId: string, call?: RequestOptions) => Promise<SnapshotResponse> {
  const inflight = new Map<string, Promise<SnapshotResponse>>();
  return (simulationId, call) => {
    let request = inflight.get(simulationId);
    if (!request) {
      const started = rest.fetchSnapshot(simulationId, {
        ...(call?.timeoutMs !== undefined ? { timeoutMs: call.timeoutMs } : {}),
      });
      request = started.finally(() => {
        if (inflight.get(simulationId) === request) inflight.delete(simulationId);
      });
      inflight.set(simulationId, request);
    }
    return call?.signal ? detachable(request, call.signal) : request;
  };
}

/** `shared`, or a rejection as soon as `signal` aborts (`shared` itself runs on for others). */
function detachable<T>(shared: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(cancelled());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    shared.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function cancelled(): StreamRequestError {
  return new StreamRequestError('The request was cancelled.', 'aborted', 0);
}
