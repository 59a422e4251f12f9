/**
 * A fresh epoch id: 128 random bits as hex. `crypto.getRandomValues` works in Node 20 and
 * in every browser context (unlike `randomUUID`, which browsers give only to secure pages,
 * and the mock runs in pages served over plain http too).
 *
 * @example
 * const epoch = newEpoch(); // '9f1c…' (32 hex digits), new for every runtime
 */
export function newEpoch(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
