import { DECISIONS_KEPT, type DecisionRecord, type Envelope } from '@simstream/protocol';
import type { FeedEvent } from './feed.js';

/**
 * Fold decision events into the decisions list: `pending_decision` adds (or refreshes) a
 * pending record, `decision_resolved` resolves it, a `simulation_status` of a pause or resume
 * moves pending deadlines (its `deadlines`), and a `simulation_status` with reason
 * `reset` empties it (the server forgets the old run's decisions on reset, so a client that
 * watched across it must hold only what follows, like a fresh one). Like the server's list it
 * keeps the newest `DECISIONS_KEPT`. Resolution is final, so
 * folding the same events twice against a REST list gives the same result. Returns `list`
 * itself when no event changed it.
 *
 * @example
 * const next = applyDecisionEvents(cached ?? [], events);
 */
export function applyDecisionEvents(
  list: DecisionRecord[],
  events: readonly (FeedEvent | Envelope)[],
): DecisionRecord[] {
  let next: DecisionRecord[] | null = null;
  for (const event of events) {
    const current: DecisionRecord[] = next ?? list;
    if (event.type === 'simulation_status' && event.data.reason === 'reset') {
      if (current.length > 0) next = [];
    } else if (event.type === 'simulation_status' && event.data.deadlines) {
      next = withDeadlines(current, event.data.deadlines);
    } else if (event.type === 'pending_decision') {
      const i = current.findIndex((d) => d.decision_id === event.data.decision_id);
      if (i >= 0) continue; // Already known (pending or resolved): resolution never goes back.
      next = [...current, { ...event.data, status: 'pending', resolution: null }];
      // The server keeps the newest DECISIONS_KEPT; so does every viewer, live or reloaded.
      if (next.length > DECISIONS_KEPT) next = next.slice(-DECISIONS_KEPT);
    } else if (event.type === 'decision_resolved') {
      const { decision_id, choice, resolved_by, answered_by, timestep } = event.data;
      const i = current.findIndex((d) => d.decision_id === decision_id);
      if (i < 0 || current[i]!.status === 'resolved') continue;
      const copy = [...current];
      copy[i] = {
        ...current[i]!,
        status: 'resolved',
        resolution: { choice, resolved_by, answered_by, timestep },
      };
      next = copy;
    }
  }
  return next ?? list;
}

/** Pending records get the `deadline_at` a pause or resume gave them; resolved ones keep theirs. */
function withDeadlines(
  list: DecisionRecord[],
  deadlines: ReadonlyArray<{ decision_id: string; deadline_at: string | null }>,
): DecisionRecord[] {
  const moved = new Map(deadlines.map((d) => [d.decision_id, d.deadline_at]));
  let changed = false;
  const next = list.map((d) => {
    const deadline = moved.get(d.decision_id);
    if (d.status !== 'pending' || deadline === undefined || deadline === d.deadline_at) return d;
    changed = true;
    return { ...d, deadline_at: deadline };
  });
  return changed ? next : list;
}

/** The newest pending decision, or null. */
export function newestPending(list: readonly DecisionRecord[] | undefined): DecisionRecord | null {
  if (!list) return null;
  for (let i = list.length - 1; i >= 0; i--) if (list[i]!.status === 'pending') return list[i]!;
  return null;
}
