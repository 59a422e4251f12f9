import type { Timers } from './environment.js';

/** Per-call options of every REST helper. */
export interface RequestOptions {
  /** Abort the call: TanStack Query's `signal`, an unmount, a newer load replacing this one. */
  signal?: AbortSignal;
  /** Give up after this many ms (overrides the client's `requestTimeoutMs`). */
  timeoutMs?: number;
}

/** Why a request's signal fired. */
export type DeadlineOutcome = 'timeout' | 'aborted' | null;

/** One request's deadline: a signal for `fetch`, what fired it, and `done()` to stop the timer. */
export interface RequestDeadline {
  readonly signal: AbortSignal;
  outcome(): DeadlineOutcome;
  done(): void;
}

/**
 * A signal that aborts when the caller's signal aborts or `timeoutMs` passes, whichever is
 * first. The timer covers the whole call, body included: a keep-alive connection that died
 * silently (a NAT dropping its state) stalls the headers or the body alike, and nothing else
 * would end it before Node's 300 s header timeout. Written by hand rather than with
 * `AbortSignal.any`/`AbortSignal.timeout` so the timer is the client's injectable one.
 *
 * @example
 * const deadline = startDeadline({ signal, timeoutMs: 10_000 }, globalTimers);
 * try { await fetch(url, { signal: deadline.signal }); } finally { deadline.done(); }
 */
export function startDeadline(
  options: { signal?: AbortSignal | undefined; timeoutMs: number },
  timers: Timers,
): RequestDeadline {
  const controller = new AbortController();
  let outcome: DeadlineOutcome = null;
  const fire = (why: 'timeout' | 'aborted') => {
    if (outcome !== null) return;
    outcome = why;
    controller.abort(why === 'aborted' ? options.signal?.reason : new Error('timeout'));
  };
  const onAbort = () => fire('aborted');
  if (options.signal?.aborted) fire('aborted');
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  const timer =
    outcome === null && Number.isFinite(options.timeoutMs)
      ? timers.setTimeout(() => fire('timeout'), options.timeoutMs)
      : null;
  return {
    signal: controller.signal,
    outcome: () => outcome,
    done() {
      if (timer !== null) timers.clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    },
  };
}
