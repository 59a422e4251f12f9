import { decodeCompactStep } from './compactStep.js';
import { applyDelta } from './delta.js';
import type { Envelope } from './events.js';
import type { SnapshotResponse } from './rest.js';

/** The result of folding one event into a snapshot. */
export type SnapshotStep = { ok: true; value: SnapshotResponse } | { ok: false; reason: string };

/**
 * Fold one in-order event into the `{ seq, snapshot }` a REST snapshot call would return at
 * that seq: steps replace it, deltas and compact steps patch it, defaults mark the entity, status events set
 * the status. Other events only advance `seq`. Pure; unchanged parts keep their identity.
 *
 * @example
 * const step = reduceSnapshot(current, envelope);
 * if (step.ok) current = step.value; else resync(step.reason);
 */
export function reduceSnapshot(current: SnapshotResponse, event: Envelope): SnapshotStep {
  const seq = Math.max(current.seq, event.seq);
  const { epoch } = current; // events of one stream never change the epoch
  switch (event.type) {
    case 'simulation_step':
      return { ok: true, value: { seq, epoch, snapshot: event.data.snapshot } };
    case 'simulation_delta':
    case 'simulation_compact': {
      try {
        const snapshot =
          event.type === 'simulation_delta'
            ? applyDelta(current.snapshot, event.data)
            : decodeCompactStep(current.snapshot, event.data);
        return { ok: true, value: { seq, epoch, snapshot } };
      } catch (error) {
        // The delta does not fit (a gap): the caller refetches rather than show wrong numbers.
        return { ok: false, reason: error instanceof Error ? error.message : String(error) };
      }
    }
    case 'entity_default': {
      const { entity_id, timestep } = event.data;
      const entities = current.snapshot.entities.map((e) =>
        e.id === entity_id && (e.alive || e.defaulted_at === null)
          ? { ...e, alive: false, defaulted_at: e.defaulted_at ?? timestep }
          : e,
      );
      const changed = entities.some((e, i) => e !== current.snapshot.entities[i]);
      const snapshot = changed
        ? { ...current.snapshot, entities, alive_agents: entities.filter((e) => e.alive).length }
        : current.snapshot;
      return { ok: true, value: { seq, epoch, snapshot } };
    }
    case 'simulation_status':
      return {
        ok: true,
        value: {
          seq,
          epoch,
          snapshot:
            current.snapshot.status === event.data.status
              ? current.snapshot
              : { ...current.snapshot, status: event.data.status },
        },
      };
    default:
      return {
        ok: true,
        value: seq === current.seq ? current : { seq, epoch, snapshot: current.snapshot },
      };
  }
}
