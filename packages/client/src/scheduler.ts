/** Runs a flush later; returns a cancel function. */
export type FlushScheduler = (flush: () => void) => () => void;

/** Hidden tabs get no animation frames; flush at least this often anyway. */
const HIDDEN_TAB_FLUSH_MS = 250;

/**
 * One flush per animation frame where there are frames (browsers), else on the next
 * macrotask (Node); in a hidden tab (no frames) a timer flushes instead, so the pending
 * queue never grows without bound. Bursts coalesce into one cache commit.
 *
 * @example
 * const cancel = frameScheduler(() => commit());
 */
export const frameScheduler: FlushScheduler = (flush) => {
  if (typeof globalThis.requestAnimationFrame !== 'function') {
    const id = globalThis.setTimeout(flush, 0);
    return () => globalThis.clearTimeout(id);
  }
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    globalThis.cancelAnimationFrame(frame);
    globalThis.clearTimeout(timer);
    flush();
  };
  const frame = globalThis.requestAnimationFrame(once);
  const timer = globalThis.setTimeout(once, HIDDEN_TAB_FLUSH_MS);
  return () => {
    done = true;
    globalThis.cancelAnimationFrame(frame);
    globalThis.clearTimeout(timer);
  };
};
