/** Keys the network moves focus with. */
export const NETWORK_KEYS = [
  'ArrowRight',
  'ArrowDown',
  'ArrowLeft',
  'ArrowUp',
  'Home',
  'End',
  'PageDown',
  'PageUp',
] as const;

/**
 * The node focus moves to on a key, in the nodes' order (the snapshot's: banks, then funds):
 * → / ↓ next, ← / ↑ previous, PageDown / PageUp ten on, Home / End first and last. From no
 * focus, any of them starts at the player's node (or the first). Null for other keys.
 *
 * @example
 * nextNodeId(['A', 'B', 'C'], 'A', 'ArrowRight', 'C'); // 'B'
 */
export function nextNodeId(
  ids: readonly string[],
  current: string | null,
  key: string,
  start: string | null = null,
): string | null {
  if (ids.length === 0 || !(NETWORK_KEYS as readonly string[]).includes(key)) return null;
  const at = current === null ? -1 : ids.indexOf(current);
  if (at < 0) return start !== null && ids.includes(start) ? start : (ids[0] ?? null);
  const last = ids.length - 1;
  const to =
    key === 'Home'
      ? 0
      : key === 'End'
        ? last
        : key === 'PageDown'
          ? Math.min(last, at + 10)
          : key === 'PageUp'
            ? Math.max(0, at - 10)
            : key === 'ArrowRight' || key === 'ArrowDown'
              ? (at + 1) % ids.length
              : (at - 1 + ids.length) % ids.length;
  return ids[to] ?? null;
}
