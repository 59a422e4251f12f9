/** Timer functions, injectable so tests drive time with fake timers or by hand. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The global timers. Bound lazily so fake timers installed after import still apply. */
export const globalTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Signals that the connection deserves a check right now: the tab became visible again, or
 * the browser came back online. `subscribe` is called only while a connection is wanted,
 * so window listeners exist only while someone listens (like TanStack's onlineManager).
 */
export interface WakeSignals {
  subscribe(onWake: (reason: 'visible' | 'online') => void): () => void;
}

/**
 * `visibilitychange` (to visible) and `online` on `window`; a no-op where there is no
 * window (Node, SSR). Nothing touches `window` until someone subscribes.
 *
 * @example
 * const stop = browserWakeSignals.subscribe((why) => connection.wake(why));
 */
export const browserWakeSignals: WakeSignals = {
  subscribe(onWake) {
    if (typeof window === 'undefined' || typeof window.addEventListener !== 'function')
      return () => {};
    const onVisibility = () => {
      if (typeof document === 'undefined' || document.visibilityState === 'visible')
        onWake('visible');
    };
    const onOnline = () => onWake('online');
    window.addEventListener('visibilitychange', onVisibility, false);
    window.addEventListener('online', onOnline, false);
    // `visibilitychange` fires on document in browsers; listen there too.
    if (typeof document !== 'undefined')
      document.addEventListener('visibilitychange', onVisibility, false);
    return () => {
      window.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('online', onOnline);
      if (typeof document !== 'undefined')
        document.removeEventListener('visibilitychange', onVisibility);
    };
  },
};
