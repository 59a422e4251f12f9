/**
 * Most events the events query (and the feed) keeps per simulation unless told otherwise:
 * enough for a long session's history, small enough that memory stays flat.
 */
export const DEFAULT_EVENT_RETENTION = 5_000;

/** What `mergeEvents` needs of an event: its seq, and its type and data to spot a run's start. */
export interface SequencedEvent {
  seq: number;
  type: string;
  data: unknown;
}

/**
 * Whether an event starts a new run: the `simulation_status` with reason `reset` that a reset
 * emits before the new run's first snapshot (the seq goes on, the epoch stays).
 */
export function isRunStart(event: SequencedEvent): boolean {
  return (
    event.type === 'simulation_status' &&
    (event.data as { reason?: unknown } | null)?.reason === 'reset'
  );
}

/** The events from `seq` on (`events` oldest→newest). */
function from<E extends SequencedEvent>(events: E[], seq: number): E[] {
  const i = events.findIndex((e) => e.seq >= seq);
  return i === 0 ? events : i < 0 ? [] : events.slice(i);
}

/**
 * The current run's part of an oldest→newest list: from its newest run start on (the whole
 * list when it holds none). A feed shows one run — the banks of the earlier run are not the
 * ones on screen — and a viewer that watched across a reset must hold what a viewer loaded
 * after it holds.
 *
 * @example
 * currentRun(historyFromRest); // [{ type: 'simulation_status', data: { reason: 'reset' } }, …]
 */
export function currentRun<E extends SequencedEvent>(events: E[]): E[] {
  for (let i = events.length - 1; i >= 0; i -= 1)
    if (isRunStart(events[i] as E)) return i === 0 ? events : events.slice(i);
  return events;
}

/**
 * Merge events (feed events or envelopes) into an oldest→newest list by `seq`: duplicates
 * dropped, order kept, only the newest `retention` kept (memory stays flat under long
 * streams), and only the current run: an incoming run start (a reset) drops everything
 * before it. `list` holds one run already (a list this function returned, or `currentRun`'s),
 * so only `incoming` is searched for a run start: a commit costs O(incoming). Returns `list`
 * itself when nothing new arrived, so the cache keeps its identity.
 *
 * @example
 * const next = mergeEvents(cached ?? [], incoming, DEFAULT_EVENT_RETENTION);
 */
export function mergeEvents<E extends SequencedEvent>(
  list: E[],
  incoming: readonly E[],
  retention: number,
): E[] {
  // The newest run start: the one `list` begins with, or a newer one arriving.
  const arriving = currentRun(incoming as E[])[0];
  const cut = Math.max(
    list[0] && isRunStart(list[0]) ? list[0].seq : 0,
    arriving && isRunStart(arriving) ? arriving.seq : 0,
  );
  if (cut > 0) {
    list = from(list, cut);
    incoming = from(incoming as E[], cut);
  }
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
