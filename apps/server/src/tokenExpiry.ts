import type { ProtocolError } from '@simstream/protocol';

/** setTimeout's longest delay (~24.8 days); a later expiry re-arms the timer when it fires. */
const MAX_TIMER_MS = 2_147_483_647;

/** What a connection cut at its token's expiry is told, on every transport. */
export const TOKEN_EXPIRED: ProtocolError = {
  code: 'unauthorized',
  message: 'Your token expired; reconnect with a fresh one.',
};

/**
 * Call `cut` once `expiresAt` (epoch ms; null: never) has passed — how every transport ends a
 * connection whose token expires (Socket.IO and the raw WebSocket alike). Returns the cancel
 * function, for a connection that closes first.
 *
 * @example
 * const cancel = atTokenExpiry(principal.expiresAt, () => ws.close(4401, 'token expired'));
 * ws.on('close', cancel);
 */
export function atTokenExpiry(expiresAt: number | null, cut: () => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    if (expiresAt === null) return;
    const wait = expiresAt - Date.now();
    if (wait > 0) {
      timer = setTimeout(arm, Math.min(wait, MAX_TIMER_MS));
      timer.unref();
      return;
    }
    cut();
  };
  arm();
  return () => clearTimeout(timer);
}
