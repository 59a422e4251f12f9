'use client';
import { useEffect, useState } from 'react';

/**
 * The current time in epoch ms, re-rendering every `intervalMs` while `enabled`. A fixed
 * `override` (stories, tests) disables the timer, so a rendered time never drifts. The
 * interval is cleared on unmount and whenever it is no longer needed.
 *
 * @example
 * const now = useNow(1000, { enabled: lastEventAt !== null });
 */
export function useNow(
  intervalMs: number,
  { enabled = true, override }: { enabled?: boolean; override?: number } = {},
): number {
  const [now, setNow] = useState(() => override ?? Date.now());
  const ticking = enabled && override === undefined;
  useEffect(() => {
    if (!ticking) return;
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [ticking, intervalMs]);
  return override ?? now;
}
