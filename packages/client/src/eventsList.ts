/**
 * Most events the events query (and the feed) keeps per simulation unless told otherwise:
 * enough for a long session's history, small enough that memory stays flat.
 */
export const DEFAULT_EVENT_RETENTION = 5_000;

/**
 * Merge events (feed events or envelopes) into an oldest→newest list by `seq`: duplicates dropped, order kept,
 * only the newest `retention` kept (memory stays flat under long streams). Returns `list`
 * itself when nothing new arrived, so the cache keeps its identity.
 *
 * @example
 * const next = mergeEvents(cached ?? [], incoming, DEFAULT_EVENT_RETENTION);
 */
export function mergeEvents<E extends { seq: number }>(
  list: E[],
  incoming: readonly E[],
  retention: number,
): E[] {
  if (incoming.length === 0)
    return list.length > retention ? list.slice(list.length - retention) : list;
  const lastSeq = list.length > 0 ? list[list.length - 1]!.seq : 0;
  let merged: E[];
  if (incoming.every((e, i) => e.seq > (i === 0 ? lastSeq : incoming[i - 1]!.seq))) {
    // The common case: strictly newer, in order — append.
    merged = list.concat(incoming);
  } else {
    const bySeq = new Map<number, E>();
    for (const e of list) bySeq.set(e.seq, e);
    for (const e of incoming) if (!bySeq.has(e.seq)) bySeq.set(e.seq, e);
    if (bySeq.size === list.length) return list;
    merged = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  }
  return merged.length > retention ? merged.slice(merged.length - retention) : merged;
}
